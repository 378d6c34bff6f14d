/**
 * Scoring the Strengths and Difficulties Questionnaire (SDQ): pure, no I/O.
 *
 * Sources:
 * - Goodman R. (1997) The Strengths and Difficulties Questionnaire: a research note.
 *   J Child Psychol Psychiatry 38(5):581-586. The 25 items and the five scales of five items.
 * - youthinmind, "Scoring the Strengths & Difficulties Questionnaire", published at sdqinfo.org:
 *   which items make each scale, which are reverse-scored, prorating a scale with 3 or 4 items
 *   answered, the total difficulties score, externalising and internalising, the impact score,
 *   and the original three bands of the total (normal / borderline / abnormal, here `concern`).
 * - Goodman R. (1999) The extended version of the SDQ as a guide to child psychiatric caseness
 *   and consequent burden. J Child Psychol Psychiatry 40(5):791-799. The impact supplement.
 *
 * The same 25 items, in the same order, are on the parent (here `carer`: parents, foster and
 * kinship carers all complete it), teacher and self-report (11-17) versions; only the wording
 * changes, so one item numbering serves all three. Only the bands and the impact supplement
 * differ by informant.
 */

export const SDQ_INFORMANTS = ['carer', 'teacher', 'self'] as const
export type SdqInformant = (typeof SDQ_INFORMANTS)[number]

/** Items are numbered 1 to 25 as on the form. */
export const SDQ_ITEM_COUNT = 25

/** An answer as printed on the form: 0 = not true, 1 = somewhat true, 2 = certainly true. */
export type SdqAnswer = 0 | 1 | 2
/** Answers by item number (1-25); an item left out was not answered. */
export type SdqAnswers = Partial<Record<number, SdqAnswer>>

export const SDQ_SUBSCALES = ['emotional', 'conduct', 'hyperactivity', 'peer', 'prosocial'] as const
export type SdqSubscale = (typeof SDQ_SUBSCALES)[number]

/** The items of each scale (youthinmind scoring sheet). */
export const SDQ_SUBSCALE_ITEMS: Readonly<Record<SdqSubscale, readonly number[]>> = Object.freeze({
  emotional: [3, 8, 13, 16, 24],
  conduct: [5, 7, 12, 18, 22],
  hyperactivity: [2, 10, 15, 21, 25],
  peer: [6, 11, 14, 19, 23],
  prosocial: [1, 4, 9, 17, 20],
})

/**
 * Items worded as strengths inside a difficulties scale, scored 2/1/0 instead of 0/1/2:
 * 7 "generally obedient", 11 "has at least one good friend", 14 "generally liked by other
 * children", 21 "thinks things out before acting", 25 "good attention span".
 */
export const SDQ_REVERSED_ITEMS: readonly number[] = Object.freeze([7, 11, 14, 21, 25])

/** A scale is scored only when at least this many of its 5 items are answered (youthinmind: prorate from 3). */
export const SDQ_MIN_ITEMS_ANSWERED = 3

/**
 * The impact supplement (the back page). The parent and self-report versions ask about distress
 * and interference with home life, friendships, classroom learning and leisure activities; the
 * teacher version only about distress, peer relationships (here `friendships`) and classroom
 * learning.
 */
export const SDQ_IMPACT_ITEMS = ['distress', 'homeLife', 'friendships', 'classroomLearning', 'leisureActivities'] as const
export type SdqImpactItem = (typeof SDQ_IMPACT_ITEMS)[number]

export const SDQ_IMPACT_ITEMS_BY_INFORMANT: Readonly<Record<SdqInformant, readonly SdqImpactItem[]>> = Object.freeze({
  carer: SDQ_IMPACT_ITEMS,
  self: SDQ_IMPACT_ITEMS,
  teacher: ['distress', 'friendships', 'classroomLearning'],
})

/** The option ticked on the back page, by its position: 0 = not at all, 1 = only a little, 2 = quite a lot, 3 = a great deal. */
export type SdqImpactAnswer = 0 | 1 | 2 | 3
export type SdqImpactAnswers = Partial<Record<SdqImpactItem, SdqImpactAnswer>>

/**
 * youthinmind: "not at all" and "only a little" both score 0, "quite a lot" 1, "a great deal" 2,
 * so the impact score is 0-10 for the parent and self-report versions (5 items) and 0-6 for the
 * teacher version (3 items).
 */
export const SDQ_IMPACT_OPTION_SCORES: Readonly<Record<SdqImpactAnswer, number>> = Object.freeze({ 0: 0, 1: 0, 2: 1, 3: 2 })

export type SdqBand = 'normal' | 'borderline' | 'concern'

/** The lowest total difficulties score in the borderline band and in the concern band. */
export interface SdqBandCutoffs {
  borderline: number
  concern: number
}
export type SdqCutoffs = Readonly<Record<SdqInformant, Readonly<SdqBandCutoffs>>>

/**
 * The original three-band cut-offs of the total difficulties score (youthinmind), chosen so that
 * about 80% of a community sample is normal, 10% borderline and 10% abnormal:
 * carer 0-13 / 14-16 / 17-40, teacher 0-11 / 12-15 / 16-40, self-report 0-15 / 16-19 / 20-40.
 * Not the later four-band categorisation. A parameter, so an organisation can set its own.
 */
export const DEFAULT_SDQ_CUTOFFS: SdqCutoffs = Object.freeze({
  carer: Object.freeze({ borderline: 14, concern: 17 }),
  teacher: Object.freeze({ borderline: 12, concern: 16 }),
  self: Object.freeze({ borderline: 16, concern: 20 }),
})

/** A band of the total difficulties score, both ends included. */
export interface SdqBandRange {
  from: number
  to: number
}
/** An informant's three bands as a service sets them: contiguous, covering 0-40, normal < borderline < concern. */
export type SdqInformantBands = Record<SdqBand, SdqBandRange>
export type SdqBands = Record<SdqInformant, SdqInformantBands>
export const SDQ_BANDS: readonly SdqBand[] = ['normal', 'borderline', 'concern']
export const SDQ_TOTAL_MAX = 40

/** The bands the cut-offs make: normal from 0, borderline from its cut-off, concern from its cut-off to 40. */
export function bandsFromCutoffs(cutoffs: SdqCutoffs): SdqBands {
  const bands = (c: Readonly<SdqBandCutoffs>): SdqInformantBands => ({
    normal: { from: 0, to: c.borderline - 1 },
    borderline: { from: c.borderline, to: c.concern - 1 },
    concern: { from: c.concern, to: SDQ_TOTAL_MAX },
  })
  return { carer: bands(cutoffs.carer), teacher: bands(cutoffs.teacher), self: bands(cutoffs.self) }
}

/** The cut-offs of bands already checked by `sdqBandProblems`. */
export function cutoffsFromBands(bands: SdqBands): SdqCutoffs {
  const cutoffs = (b: SdqInformantBands) => ({ borderline: b.borderline.from, concern: b.concern.from })
  return { carer: cutoffs(bands.carer), teacher: cutoffs(bands.teacher), self: cutoffs(bands.self) }
}

const INFORMANT_NAMES: Record<SdqInformant, string> = { carer: 'carers', teacher: 'teachers', self: 'self-report' }

/**
 * Why a service's bands cannot be used, each problem at the end of the band it is about
 * (`['carer', 'borderline', 'from']`): for each informant the normal band starts at 0, each
 * band starts the score after the one before ends (no overlap, no gap), no band is empty (so
 * normal < borderline < concern), and the concern band ends at 40. Whole numbers 0-40 are
 * checked before this.
 */
export function sdqBandProblems(bands: SdqBands): { path: [SdqInformant, SdqBand, 'from' | 'to']; message: string }[] {
  const problems: ReturnType<typeof sdqBandProblems> = []
  for (const informant of SDQ_INFORMANTS) {
    const who = INFORMANT_NAMES[informant]
    const b = bands[informant]
    if (b.normal.from !== 0) problems.push({ path: [informant, 'normal', 'from'], message: `The normal band for ${who} must start at 0` })
    for (const band of SDQ_BANDS) {
      if (b[band].to < b[band].from)
        problems.push({
          path: [informant, band, 'to'],
          message: `The ${band === 'concern' ? 'cause for concern' : band} band for ${who} must end at or after ${b[band].from}, where it starts`,
        })
    }
    const next = (before: SdqBand, band: SdqBand) => {
      const expected = b[before].to + 1
      const from = b[band].from
      if (from === expected) return
      const name = band === 'concern' ? 'cause for concern' : band
      const what = from < expected ? `overlaps the ${before} band, which ends at ${b[before].to}` : `leaves a gap after the ${before} band, which ends at ${b[before].to}`
      problems.push({ path: [informant, band, 'from'], message: `The ${name} band for ${who} ${what}: start it at ${expected}` })
    }
    next('normal', 'borderline')
    next('borderline', 'concern')
    if (b.concern.to !== SDQ_TOTAL_MAX)
      problems.push({ path: [informant, 'concern', 'to'], message: `The cause for concern band for ${who} must end at ${SDQ_TOTAL_MAX}, the highest total` })
  }
  return problems
}

export interface SdqInput {
  informant: SdqInformant
  answers: SdqAnswers
  impact?: SdqImpactAnswers | undefined
}

/** Every score is `null` when it cannot be scored from the answers given. */
export interface SdqScores {
  /** 0-10 each. */
  emotional: number | null
  conduct: number | null
  hyperactivity: number | null
  peer: number | null
  /** 0-10; a strength, so not part of the total. */
  prosocial: number | null
  /** emotional + conduct + hyperactivity + peer, 0-40. */
  totalDifficulties: number | null
  /** conduct + hyperactivity, 0-20. */
  externalising: number | null
  /** emotional + peer, 0-20. */
  internalising: number | null
  /** The band of the total difficulties score by the informant's cut-offs. */
  band: SdqBand | null
  /** 0-10 (carer, self) or 0-6 (teacher); null when no impact question was answered. */
  impactScore: number | null
}

/**
 * Scores one questionnaire. Throws a RangeError for input outside the questionnaire (an item
 * outside 1-25, an answer outside 0-2, an impact question the informant's version does not ask,
 * cut-offs out of order); callers validate user input before this, so that is a programming error.
 */
export function scoreSdq(input: SdqInput, cutoffs: SdqCutoffs = DEFAULT_SDQ_CUTOFFS): SdqScores {
  checkAnswers(input.answers)
  const scale = (subscale: SdqSubscale) => scaleScore(SDQ_SUBSCALE_ITEMS[subscale], input.answers)
  const emotional = scale('emotional')
  const conduct = scale('conduct')
  const hyperactivity = scale('hyperactivity')
  const peer = scale('peer')
  const prosocial = scale('prosocial')
  const totalDifficulties = sumOrNull(emotional, conduct, hyperactivity, peer)
  return {
    emotional,
    conduct,
    hyperactivity,
    peer,
    prosocial,
    totalDifficulties,
    externalising: sumOrNull(conduct, hyperactivity),
    internalising: sumOrNull(emotional, peer),
    band: totalDifficulties === null ? null : sdqBand(totalDifficulties, input.informant, cutoffs),
    impactScore: impactScore(input.informant, input.impact),
  }
}

/** The band of a total difficulties score (0-40) for an informant. */
export function sdqBand(totalDifficulties: number, informant: SdqInformant, cutoffs: SdqCutoffs = DEFAULT_SDQ_CUTOFFS): SdqBand {
  const { borderline, concern } = checkCutoffs(cutoffs[informant], informant)
  if (totalDifficulties >= concern) return 'concern'
  if (totalDifficulties >= borderline) return 'borderline'
  return 'normal'
}

/** An item's contribution to its scale: the answer, or 2 minus it for a reversed item. */
function itemScore(item: number, answer: SdqAnswer): number {
  return SDQ_REVERSED_ITEMS.includes(item) ? 2 - answer : answer
}

/**
 * A scale's score: with n of its 5 items answered (n >= 3) summing to s, the mean of the answered
 * items times 5, rounded half up: round(5s / n). In integers, so no floating-point error can tip a
 * .5 either way: round half up of a/b (a, b >= 0) is floor((2a + b) / 2b), and with a = 5s that
 * is floor((10s + n) / 2n). With n = 5 it is s exactly; with n = 3 never a half; with n = 4 a
 * half exactly when 5s mod 4 = 2 (s = 2 gives 2.5, scored 3).
 */
function scaleScore(items: readonly number[], answers: SdqAnswers): number | null {
  let sum = 0
  let answered = 0
  for (const item of items) {
    const answer = answers[item]
    if (answer === undefined) continue
    sum += itemScore(item, answer)
    answered += 1
  }
  if (answered < SDQ_MIN_ITEMS_ANSWERED) return null
  return floorDivide(10 * sum + answered, 2 * answered)
}

function floorDivide(numerator: number, denominator: number): number {
  return (numerator - (numerator % denominator)) / denominator
}

function sumOrNull(...scores: (number | null)[]): number | null {
  let sum = 0
  for (const score of scores) {
    if (score === null) return null
    sum += score
  }
  return sum
}

function impactScore(informant: SdqInformant, impact: SdqImpactAnswers | undefined): number | null {
  if (!impact) return null
  const asked = SDQ_IMPACT_ITEMS_BY_INFORMANT[informant]
  let score = 0
  let answered = 0
  for (const [item, answer] of Object.entries(impact) as [string, unknown][]) {
    if (answer === undefined) continue
    if (!asked.includes(item as SdqImpactItem)) throw new RangeError(`The ${informant} SDQ has no impact question ${item}`)
    if (!isImpactAnswer(answer)) throw new RangeError(`SDQ impact answer to ${item} must be 0, 1, 2 or 3, not ${String(answer)}`)
    score += SDQ_IMPACT_OPTION_SCORES[answer]
    answered += 1
  }
  return answered === 0 ? null : score
}

function checkAnswers(answers: SdqAnswers): void {
  for (const [key, answer] of Object.entries(answers) as [string, unknown][]) {
    if (!isSdqItemKey(key)) throw new RangeError(`SDQ items are numbered 1 to ${SDQ_ITEM_COUNT}, not ${key}`)
    if (answer !== undefined && answer !== 0 && answer !== 1 && answer !== 2) throw new RangeError(`SDQ answer to item ${key} must be 0, 1 or 2, not ${String(answer)}`)
  }
}

function checkCutoffs(bands: Readonly<SdqBandCutoffs>, informant: SdqInformant): Readonly<SdqBandCutoffs> {
  const { borderline, concern } = bands
  if (!Number.isInteger(borderline) || !Number.isInteger(concern) || borderline < 1 || borderline > concern || concern > 40) {
    throw new RangeError(`SDQ cut-offs for ${informant} must be whole numbers with 1 <= borderline <= concern <= 40`)
  }
  return bands
}

/** Whether a key names an SDQ item: "1" to "25", written as the form numbers them (no "01", no "1.0"). */
export function isSdqItemKey(key: string): boolean {
  return /^[1-9]\d?$/.test(key) && Number(key) <= SDQ_ITEM_COUNT
}

function isImpactAnswer(value: unknown): value is SdqImpactAnswer {
  return value === 0 || value === 1 || value === 2 || value === 3
}

import { describe, expect, it } from 'vitest'
import {
  bandsFromCutoffs,
  cutoffsFromBands,
  DEFAULT_SDQ_CUTOFFS,
  SDQ_SUBSCALE_ITEMS,
  scoreSdq,
  sdqBand,
  sdqBandProblems,
  type SdqBands,
  type SdqAnswer,
  type SdqAnswers,
  type SdqBand,
  type SdqImpactAnswers,
  type SdqInformant,
  type SdqScores,
} from './sdq.js'

/**
 * A questionnaire written as the form reads: 25 answers in item order, in groups of five
 * (spaces ignored), `-` for an item not answered. Where each item goes:
 *
 *   item:   1    2    3    4    5  |  6    7    8    9   10  | 11   12   13   14   15  | 16   17   18   19   20  | 21   22   23   24   25
 *   scale:  pro  hyp  emo  pro  con| peer con* emo  pro  hyp | peer* con emo  peer* hyp| emo  pro  con  peer pro | hyp* con  peer emo  hyp*
 *
 * (* reverse-scored: an answer a scores 2 - a.)
 */
function form(text: string): SdqAnswers {
  const marks = text.replaceAll(' ', '')
  if (marks.length !== 25) throw new Error(`a form has 25 answers, this one ${marks.length}`)
  const answers: SdqAnswers = {}
  ;[...marks].forEach((mark, i) => {
    if (mark !== '-') answers[i + 1] = Number(mark) as SdqAnswer
  })
  return answers
}

/** Only the given items answered. */
const only = (entries: Record<number, SdqAnswer>): SdqAnswers => entries

describe('scoreSdq: whole questionnaires', () => {
  const cases: { name: string; answers: SdqAnswers; expected: SdqScores }[] = [
    {
      // Forward items score 0; the reversed items score 2 each:
      // conduct 7 → 2; hyperactivity 21, 25 → 4; peer 11, 14 → 4. Total 0 + 2 + 4 + 4 = 10 → carer normal (0-13).
      name: 'all answers 0 (not true)',
      answers: form('00000 00000 00000 00000 00000'),
      expected: { emotional: 0, conduct: 2, hyperactivity: 4, peer: 4, prosocial: 0, totalDifficulties: 10, externalising: 6, internalising: 4, band: 'normal', impactScore: null },
    },
    {
      // Forward items score 2, reversed 0: emotional 5×2 = 10; conduct 4×2 + 0 (item 7) = 8;
      // hyperactivity 3×2 + 0 (21) + 0 (25) = 6; peer 3×2 + 0 (11) + 0 (14) = 6; prosocial 10.
      // Total 10 + 8 + 6 + 6 = 30 → carer concern (17-40); externalising 8 + 6 = 14; internalising 10 + 6 = 16.
      name: 'all answers 2 (certainly true)',
      answers: form('22222 22222 22222 22222 22222'),
      expected: {
        emotional: 10,
        conduct: 8,
        hyperactivity: 6,
        peer: 6,
        prosocial: 10,
        totalDifficulties: 30,
        externalising: 14,
        internalising: 16,
        band: 'concern',
        impactScore: null,
      },
    },
    {
      // "Somewhat true" scores 1 whichever way the item is worded: every scale 5, total 20 → concern.
      name: 'all answers 1 (somewhat true)',
      answers: form('11111 11111 11111 11111 11111'),
      expected: {
        emotional: 5,
        conduct: 5,
        hyperactivity: 5,
        peer: 5,
        prosocial: 5,
        totalDifficulties: 20,
        externalising: 10,
        internalising: 10,
        band: 'concern',
        impactScore: null,
      },
    },
    {
      // The largest total: forward difficulty items 2, reversed 0, prosocial 0. Every difficulty scale 10, total 40.
      name: 'every difficulty at its worst',
      answers: form('02202 20202 02202 20220 02220'),
      expected: {
        emotional: 10,
        conduct: 10,
        hyperactivity: 10,
        peer: 10,
        prosocial: 0,
        totalDifficulties: 40,
        externalising: 20,
        internalising: 20,
        band: 'concern',
        impactScore: null,
      },
    },
    {
      // A mixed carer form, by scale:
      //   emotional     3:0  8:0  13:1  16:2  24:1             = 4
      //   conduct       5:1  7:1→1  12:0  18:1  22:0           = 3
      //   hyperactivity 2:1  10:0  15:2  21:0→2  25:0→2        = 7
      //   peer          6:0  11:2→0  14:1→1  19:0  23:1        = 2
      //   prosocial     1:2  4:2  9:2  17:1  20:2              = 9
      // Total 4 + 3 + 7 + 2 = 16 → carer borderline (14-16); externalising 10; internalising 6.
      name: 'a mixed carer questionnaire',
      answers: form('21021 01020 20112 21102 00110'),
      expected: {
        emotional: 4,
        conduct: 3,
        hyperactivity: 7,
        peer: 2,
        prosocial: 9,
        totalDifficulties: 16,
        externalising: 10,
        internalising: 6,
        band: 'borderline',
        impactScore: null,
      },
    },
    {
      name: 'nothing answered',
      answers: {},
      expected: {
        emotional: null,
        conduct: null,
        hyperactivity: null,
        peer: null,
        prosocial: null,
        totalDifficulties: null,
        externalising: null,
        internalising: null,
        band: null,
        impactScore: null,
      },
    },
  ]
  it.each(cases)('$name', ({ answers, expected }) => {
    expect(scoreSdq({ informant: 'carer', answers })).toEqual(expected)
  })
})

describe('scoreSdq: a scale with items missing (at least 3 of 5, mean × 5 rounded half up)', () => {
  // The emotional scale has no reversed items, so the answers are the item scores.
  const [e1, e2, e3, e4, e5] = SDQ_SUBSCALE_ITEMS.emotional as [number, number, number, number, number]
  const cases: [string, SdqAnswers, number | null][] = [
    ['5 answered summing to 7: 7 exactly', only({ [e1]: 2, [e2]: 2, [e3]: 1, [e4]: 1, [e5]: 1 }), 7],
    ['4 answered summing to 0: 0', only({ [e1]: 0, [e2]: 0, [e3]: 0, [e4]: 0 }), 0],
    ['4 answered summing to 1: 5/4 = 1.25 → 1', only({ [e1]: 1, [e2]: 0, [e3]: 0, [e4]: 0 }), 1],
    ['4 answered summing to 2: 10/4 = 2.5 → 3 (half up)', only({ [e1]: 1, [e2]: 1, [e3]: 0, [e4]: 0 }), 3],
    ['4 answered summing to 3: 15/4 = 3.75 → 4', only({ [e1]: 1, [e2]: 1, [e3]: 1, [e4]: 0 }), 4],
    ['4 answered summing to 5: 25/4 = 6.25 → 6', only({ [e1]: 2, [e2]: 1, [e3]: 1, [e4]: 1 }), 6],
    ['4 answered summing to 6: 30/4 = 7.5 → 8 (half up)', only({ [e1]: 2, [e2]: 2, [e3]: 1, [e4]: 1 }), 8],
    ['4 answered summing to 8: 40/4 = 10', only({ [e1]: 2, [e2]: 2, [e3]: 2, [e5]: 2 }), 10],
    ['3 answered summing to 1: 5/3 = 1.67 → 2', only({ [e1]: 1, [e2]: 0, [e5]: 0 }), 2],
    ['3 answered summing to 2: 10/3 = 3.33 → 3', only({ [e1]: 1, [e2]: 1, [e5]: 0 }), 3],
    ['3 answered summing to 3: 15/3 = 5 exactly', only({ [e1]: 1, [e2]: 1, [e3]: 1 }), 5],
    ['3 answered summing to 4: 20/3 = 6.67 → 7', only({ [e1]: 2, [e2]: 2, [e3]: 0 }), 7],
    ['3 answered summing to 5: 25/3 = 8.33 → 8', only({ [e2]: 2, [e4]: 2, [e5]: 1 }), 8],
    ['2 answered: not scored', only({ [e1]: 2, [e2]: 2 }), null],
    ['none answered: not scored', only({}), null],
  ]
  it.each(cases)('%s', (_name, answers, expected) => {
    expect(scoreSdq({ informant: 'carer', answers }).emotional).toBe(expected)
  })

  it('reverses before prorating: conduct 5:0, 7:0 (scores 2), 12:0 → 2 × 5 / 3 = 3.33 → 3', () => {
    expect(scoreSdq({ informant: 'carer', answers: only({ 5: 0, 7: 0, 12: 0 }) }).conduct).toBe(3)
  })

  it('agrees with rounding the mean in floating point for every way of answering a scale', () => {
    // An independent check: all 4^5 ways of answering (or not) the five emotional items.
    // Math.round rounds .5 up for positive numbers, and every n = 4 mean × 5 is a multiple of 0.25,
    // so it is exact here; the n = 3 cases never land on .5.
    const options = [undefined, 0, 1, 2] as const
    let checked = 0
    for (let code = 0; code < 4 ** 5; code += 1) {
      const answers: SdqAnswers = {}
      const scores: number[] = []
      SDQ_SUBSCALE_ITEMS.emotional.forEach((item, i) => {
        const answer = options[Math.floor(code / 4 ** i) % 4]
        if (answer === undefined) return
        answers[item] = answer
        scores.push(answer)
      })
      const expected = scores.length >= 3 ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 5) : null
      expect(scoreSdq({ informant: 'carer', answers }).emotional).toBe(expected)
      checked += 1
    }
    expect(checked).toBe(1024)
  })
})

describe('scoreSdq: each reversed item scores 2 - answer in its scale', () => {
  // Each reversed item with the other four items of its scale answered 0 (forward items) or 2 (the other reversed ones), so they score 0.
  const cases: [number, 'conduct' | 'hyperactivity' | 'peer', 0 | 1 | 2, number][] = [
    [7, 'conduct', 0, 2],
    [7, 'conduct', 1, 1],
    [7, 'conduct', 2, 0],
    [11, 'peer', 0, 2],
    [11, 'peer', 2, 0],
    [14, 'peer', 0, 2],
    [14, 'peer', 1, 1],
    [21, 'hyperactivity', 0, 2],
    [21, 'hyperactivity', 2, 0],
    [25, 'hyperactivity', 0, 2],
    [25, 'hyperactivity', 1, 1],
  ]
  it.each(cases)('item %i in %s answered %i scores %i', (item, scale, answer, expected) => {
    const answers: SdqAnswers = {}
    for (const other of SDQ_SUBSCALE_ITEMS[scale]) answers[other] = [7, 11, 14, 21, 25].includes(other) ? 2 : 0
    answers[item] = answer
    expect(scoreSdq({ informant: 'carer', answers })[scale]).toBe(expected)
  })

  it('items in the prosocial scale are never reversed', () => {
    expect(scoreSdq({ informant: 'carer', answers: { 1: 2, 4: 2, 9: 2, 17: 2, 20: 2 } }).prosocial).toBe(10)
  })
})

describe('scoreSdq: totals need every scale they add up', () => {
  it('2 items missing in every difficulty scale: each prorated from 3, and the total scored', () => {
    // Items 3, 8 (emotional), 5, 7 (conduct), 2, 10 (hyperactivity), 6, 11 (peer) missing; the rest answered 1.
    // Each difficulty scale: 3 items scoring 1 each → 3 × 5 / 3 = 5. Total 20 → carer concern.
    expect(scoreSdq({ informant: 'carer', answers: form('1--1- ---1- -1111 11111 11111') })).toMatchObject({
      emotional: 5,
      conduct: 5,
      hyperactivity: 5,
      peer: 5,
      totalDifficulties: 20,
      band: 'concern',
    })
  })

  it('3 items missing in one scale: that scale, the total and the band are unscored', () => {
    // Peer items 6, 11 and 14 missing.
    expect(scoreSdq({ informant: 'carer', answers: form('11111 -1111 -11-1 11111 11111') })).toMatchObject({
      peer: null,
      totalDifficulties: null,
      internalising: null,
      band: null,
      externalising: 10,
    })
  })

  it('emotional with 2 answered: total, internalising and band null; externalising scored', () => {
    // All ones except items 3, 8 and 13 (emotional) blank: emotional has 16 and 24 only → null.
    // Conduct 5, hyperactivity 5, peer 5, prosocial 5; externalising 5 + 5 = 10.
    expect(scoreSdq({ informant: 'carer', answers: form('11-11 11-11 11-11 11111 11111') })).toEqual({
      emotional: null,
      conduct: 5,
      hyperactivity: 5,
      peer: 5,
      prosocial: 5,
      totalDifficulties: null,
      externalising: 10,
      internalising: null,
      band: null,
      impactScore: null,
    })
  })

  it('hyperactivity with 2 answered: total, externalising and band null; internalising scored', () => {
    // Items 2, 10 and 15 blank: hyperactivity has 21 and 25 only → null. Internalising 5 + 5 = 10.
    expect(scoreSdq({ informant: 'carer', answers: form('1-111 1111- 1111- 11111 11111') })).toEqual({
      emotional: 5,
      conduct: 5,
      hyperactivity: null,
      peer: 5,
      prosocial: 5,
      totalDifficulties: null,
      externalising: null,
      internalising: 10,
      band: null,
      impactScore: null,
    })
  })

  it('prosocial with 2 answered: prosocial null, everything else scored (it is not in the total)', () => {
    // Items 1, 4 and 9 blank. Total 5 × 4 = 20 → concern.
    expect(scoreSdq({ informant: 'carer', answers: form('-11-1 111-1 11111 11111 11111') })).toEqual({
      emotional: 5,
      conduct: 5,
      hyperactivity: 5,
      peer: 5,
      prosocial: null,
      totalDifficulties: 20,
      externalising: 10,
      internalising: 10,
      band: 'concern',
      impactScore: null,
    })
  })
})

describe('scoreSdq: bands of the total difficulties score by informant', () => {
  /**
   * Answers with a given total: start where every difficulty item scores 0 (forward items
   * answered 0, reversed items answered 2), then add 2 an item at a time, forward items first
   * (answer 2), then reversed ones (answer 0), with a 1 for an odd remainder.
   */
  function answersWithTotal(total: number): SdqAnswers {
    const forward = [3, 8, 13, 16, 24, 5, 12, 18, 22, 2, 10, 15, 6, 19, 23]
    const reversed = [7, 21, 25, 11, 14]
    const answers: SdqAnswers = {}
    for (const item of forward) answers[item] = 0
    for (const item of reversed) answers[item] = 2
    let left = total
    for (const item of [...forward, ...reversed]) {
      const add = Math.min(2, left)
      if (add === 0) break
      answers[item] = (reversed.includes(item) ? 2 - add : add) as SdqAnswer
      left -= add
    }
    return answers
  }

  const cases: [SdqInformant, number, SdqBand][] = [
    ['carer', 0, 'normal'],
    ['carer', 13, 'normal'],
    ['carer', 14, 'borderline'],
    ['carer', 16, 'borderline'],
    ['carer', 17, 'concern'],
    ['carer', 40, 'concern'],
    ['teacher', 0, 'normal'],
    ['teacher', 11, 'normal'],
    ['teacher', 12, 'borderline'],
    ['teacher', 15, 'borderline'],
    ['teacher', 16, 'concern'],
    ['teacher', 40, 'concern'],
    ['self', 0, 'normal'],
    ['self', 15, 'normal'],
    ['self', 16, 'borderline'],
    ['self', 19, 'borderline'],
    ['self', 20, 'concern'],
    ['self', 40, 'concern'],
  ]
  it.each(cases)('%s, total %i: %s', (informant, total, band) => {
    const scores = scoreSdq({ informant, answers: answersWithTotal(total) })
    expect(scores.totalDifficulties).toBe(total)
    expect(scores.band).toBe(band)
  })

  it('takes other cut-offs as a parameter', () => {
    const cutoffs = { ...DEFAULT_SDQ_CUTOFFS, carer: { borderline: 10, concern: 13 } }
    expect(scoreSdq({ informant: 'carer', answers: answersWithTotal(9) }, cutoffs).band).toBe('normal')
    expect(scoreSdq({ informant: 'carer', answers: answersWithTotal(10) }, cutoffs).band).toBe('borderline')
    expect(scoreSdq({ informant: 'carer', answers: answersWithTotal(13) }, cutoffs).band).toBe('concern')
    expect(scoreSdq({ informant: 'teacher', answers: answersWithTotal(13) }, cutoffs).band).toBe('borderline')
  })

  it('refuses cut-offs out of order', () => {
    const cutoffs = { ...DEFAULT_SDQ_CUTOFFS, self: { borderline: 20, concern: 16 } }
    expect(() => scoreSdq({ informant: 'self', answers: answersWithTotal(5) }, cutoffs)).toThrow(RangeError)
  })
})

describe('scoreSdq: impact supplement (options 0 not at all, 1 only a little, 2 quite a lot, 3 a great deal score 0, 0, 1, 2)', () => {
  const cases: [string, SdqInformant, SdqImpactAnswers | undefined, number | null][] = [
    ['not given', 'carer', undefined, null],
    ['given with nothing answered', 'carer', {}, null],
    ['distress "not at all" → 0', 'carer', { distress: 0 }, 0],
    ['distress "only a little" → 0', 'carer', { distress: 1 }, 0],
    ['distress "quite a lot" → 1', 'carer', { distress: 2 }, 1],
    ['distress "a great deal" → 2', 'carer', { distress: 3 }, 2],
    ['carer, all "only a little" → 0', 'carer', { distress: 1, homeLife: 1, friendships: 1, classroomLearning: 1, leisureActivities: 1 }, 0],
    ['carer, all "a great deal" → 5 × 2 = 10', 'carer', { distress: 3, homeLife: 3, friendships: 3, classroomLearning: 3, leisureActivities: 3 }, 10],
    ['carer, mixed: 2 + 1 + 0 + 0 + 1 = 4', 'carer', { distress: 3, homeLife: 2, friendships: 1, classroomLearning: 0, leisureActivities: 2 }, 4],
    ['self, all "quite a lot" → 5 × 1 = 5', 'self', { distress: 2, homeLife: 2, friendships: 2, classroomLearning: 2, leisureActivities: 2 }, 5],
    ['teacher, all three "a great deal" → 3 × 2 = 6', 'teacher', { distress: 3, friendships: 3, classroomLearning: 3 }, 6],
    ['teacher, distress only: "quite a lot" → 1', 'teacher', { distress: 2 }, 1],
  ]
  it.each(cases)('%s', (_name, informant, impact, expected) => {
    expect(scoreSdq({ informant, answers: {}, impact }).impactScore).toBe(expected)
  })

  it('is scored beside the scales and does not change them', () => {
    const answers = form('21021 01020 20112 21102 00110')
    const withImpact = scoreSdq({ informant: 'carer', answers, impact: { distress: 3 } })
    expect(withImpact).toEqual({ ...scoreSdq({ informant: 'carer', answers }), impactScore: 2 })
  })

  it('refuses impact questions the teacher version does not ask', () => {
    expect(() => scoreSdq({ informant: 'teacher', answers: {}, impact: { homeLife: 1 } })).toThrow(RangeError)
    expect(() => scoreSdq({ informant: 'teacher', answers: {}, impact: { leisureActivities: 0 } })).toThrow(RangeError)
  })
})

describe('scoreSdq: input outside the questionnaire', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['item 0', { 0: 1 }],
    ['item 26', { 26: 1 }],
    ['item "01"', { '01': 1 }],
    ['item "x"', { x: 1 }],
    ['answer 3', { 3: 3 }],
    ['answer -1', { 3: -1 }],
    ['answer "1"', { 3: '1' }],
  ]
  it.each(cases)('throws for %s', (_name, answers) => {
    expect(() => scoreSdq({ informant: 'carer', answers: answers as SdqAnswers })).toThrow(RangeError)
  })
})

describe('a service’s SDQ bands: contiguous, covering 0-40, normal < borderline < concern', () => {
  const defaults = bandsFromCutoffs(DEFAULT_SDQ_CUTOFFS)
  const withCarer = (carer: SdqBands['carer']): SdqBands => ({ ...defaults, carer })

  it('the default cut-offs make the bands of the scoring sheet, and back', () => {
    expect(defaults.carer).toEqual({ normal: { from: 0, to: 13 }, borderline: { from: 14, to: 16 }, concern: { from: 17, to: 40 } })
    expect(defaults.teacher).toEqual({ normal: { from: 0, to: 11 }, borderline: { from: 12, to: 15 }, concern: { from: 16, to: 40 } })
    expect(defaults.self).toEqual({ normal: { from: 0, to: 15 }, borderline: { from: 16, to: 19 }, concern: { from: 20, to: 40 } })
    expect(sdqBandProblems(defaults)).toEqual([])
    expect(cutoffsFromBands(defaults)).toEqual(DEFAULT_SDQ_CUTOFFS)
  })

  it.each([
    [
      'an overlap',
      { normal: { from: 0, to: 14 }, borderline: { from: 14, to: 16 }, concern: { from: 17, to: 40 } },
      ['carer', 'borderline', 'from'],
      'The borderline band for carers overlaps the normal band, which ends at 14: start it at 15',
    ],
    [
      'a gap',
      { normal: { from: 0, to: 13 }, borderline: { from: 14, to: 16 }, concern: { from: 18, to: 40 } },
      ['carer', 'concern', 'from'],
      'The cause for concern band for carers leaves a gap after the borderline band, which ends at 16: start it at 17',
    ],
    [
      'a normal band not from 0',
      { normal: { from: 1, to: 13 }, borderline: { from: 14, to: 16 }, concern: { from: 17, to: 40 } },
      ['carer', 'normal', 'from'],
      'The normal band for carers must start at 0',
    ],
    [
      'a concern band not to 40',
      { normal: { from: 0, to: 13 }, borderline: { from: 14, to: 16 }, concern: { from: 17, to: 39 } },
      ['carer', 'concern', 'to'],
      'The cause for concern band for carers must end at 40, the highest total',
    ],
    [
      'a band ending before it starts',
      { normal: { from: 0, to: 13 }, borderline: { from: 14, to: 13 }, concern: { from: 14, to: 40 } },
      ['carer', 'borderline', 'to'],
      'The borderline band for carers must end at or after 14, where it starts',
    ],
  ] as const)('refuses %s, naming the end at fault', (_name, carer, path, message) => {
    expect(sdqBandProblems(withCarer(carer))).toContainEqual({ path, message })
  })

  it('a service’s changed bands decide the band at their edges (carer 0-15 / 16-19 / 20-40)', () => {
    const cutoffs = cutoffsFromBands(withCarer({ normal: { from: 0, to: 15 }, borderline: { from: 16, to: 19 }, concern: { from: 20, to: 40 } }))
    expect(cutoffs.carer).toEqual({ borderline: 16, concern: 20 })
    expect(sdqBand(15, 'carer', cutoffs)).toBe('normal')
    expect(sdqBand(16, 'carer', cutoffs)).toBe('borderline')
    expect(sdqBand(19, 'carer', cutoffs)).toBe('borderline')
    expect(sdqBand(20, 'carer', cutoffs)).toBe('concern')
    // The other informants keep theirs.
    expect(sdqBand(16, 'teacher', cutoffs)).toBe('concern')
  })
})

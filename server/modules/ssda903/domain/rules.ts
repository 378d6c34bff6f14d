/**
 * DfE validation rules for SSDA903 rows that read cleanly (`reader.ts`). A rule violation does not stop an
 * import: the rows are imported and the violations listed in a validation report, each with the DfE rule
 * code it corresponds to.
 *
 * The codes and messages are the DfE 903 validator's, as listed in
 * `../shared/data/ssda903-samples/csc-validator-be-903/903_2023_24_rule_info.csv` and `903_2024_25_rule_info.csv`;
 * each rule says which of the two lists name it (`ruleLists`). Where a rule's exact condition is not in the
 * list, it follows the validator's own code (data-to-insight/csc-validator-be-903, `lac_validator/rules/`).
 *
 * Streaming: `createValidator` checks one row at a time. Per-row rules keep nothing. The rules that need
 * more than one row keep only what they need: the episode timeline (five 32-bit numbers an episode, about
 * 20 bytes, plus a map entry a child; for overlapping and unfinished episodes, 501 and 142), the Header
 * children (for the INT0x "child not in Header" checks, with one entry per child not found) and the
 * children seen in one-row-per-child tables (INT3x). So memory grows with the number of children and
 * episodes (measured: about 40 MB for 737,000 episodes of 113,000 children), never with the size of the
 * files beyond that, and the episodes of one child need not be next to each other in the file. The
 * violations listed are capped per rule (all are counted).
 *
 * Adding a rule: write an `Ssda903Rule` (its `start` returns a checker, holding any state in its closure),
 * and add it to `SSDA903_RULES`.
 */
import { addCalendarMonths } from '../../../platform/time/index.js'
import { codesFor, collectionYearLabel, collectionYearOf, TEMPORARY_PLACEMENTS, type CodeField, type CollectionYear } from './codes.js'
import { DFE_TABLE_NAMES, SSDA903_TABLES, quote, type RecordOf, type Ssda903Record, type Ssda903Table } from './reader.js'

export interface RuleViolation {
  /** The DfE rule code. */
  code: string
  file: string
  /** The row as the reader numbers it: the line the row starts on, the header being row 1. */
  row: number
  child: string
  /** The column at fault, when there is one. */
  column?: string
  message: string
}

/** The rule lists kept beside the samples. */
export type RuleList = '2023/24' | '2024/25'

/** Where a violation is: a row of a file, and its child. */
export interface RowPlace {
  file: string
  row: number
  child: string
}

export interface RuleContext {
  /** The return's collection year (by the year it ends: 2024 is 2023/24); undefined for a history of several years. */
  readonly collectionYear: CollectionYear | undefined
  /**
   * The collection year whose code lists apply to a row dated `isoDate`: the return's year when there is
   * one, otherwise (a history) the year the date falls in; undefined when neither is known.
   */
  yearFor(isoDate: string | null | undefined): CollectionYear | undefined
  /** Reports a violation of this rule. */
  report(place: RowPlace, column: string | undefined, message: string): void
  /** Every episode's dates by child, shared by the rules that compare a child's episodes. */
  episodeTimeline(): EpisodeTimeline
  /** The children with a Header row, shared by the rules that look a child up in Header. */
  headerChildren(): HeaderChildren
}

export interface RuleChecker<R> {
  check(record: R): void
  /** Called once after the last row, for rules that compare rows. */
  finish?(): void
}

export interface Ssda903Rule<T extends Ssda903Table = Ssda903Table> {
  /** The DfE rule code. */
  code: string
  /** The DfE's message for the rule. */
  description: string
  /** The table whose rows the rule checks (and whose rows its violations point at). */
  table: T
  /** The columns it reads. */
  columns: readonly string[]
  /** The rule lists that name this code. */
  ruleLists: readonly RuleList[]
  start(context: RuleContext): RuleChecker<RecordOf<T>>
}

export type AnySsda903Rule = { [T in Ssda903Table]: Ssda903Rule<T> }[Ssda903Table]

const BOTH: readonly RuleList[] = ['2023/24', '2024/25']

function placeOf(record: Ssda903Record): RowPlace {
  return { file: record.file, row: record.row, child: record.data.child }
}

const MS_PER_DAY = 86_400_000

/** Days since 1970-01-01 of an ISO date (the reader only hands over real dates). */
function dayNumber(isoDate: string): number {
  // `| 0` keeps it a small integer, which V8 stores in 4 bytes rather than as a boxed double.
  return (Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / MS_PER_DAY) | 0
}

/** '14/08/2017', as the DfE writes dates, for messages. */
function dmy(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`
}

// ---------------------------------------------------------------------------------------------------------
// Code lists

interface CodeListRuleSpec<T extends Ssda903Table> {
  code: string
  description: string
  table: T
  column: string
  field: CodeField
  /** What the code is, for messages: 'legal status'. */
  what: string
  /** A blank is a violation too (the schema says the column may not be blank). */
  blankIsViolation: boolean
  /** The date that decides which year's list applies to a row (for a history); none: the return's year, or any year. */
  dateOf?: (record: RecordOf<T>) => string | null
  ruleLists?: readonly RuleList[]
}

/** A rule that the value of `column`, as written, is in the DfE code list for the row's year. */
function codeListRule<T extends Ssda903Table>(spec: CodeListRuleSpec<T>): Ssda903Rule<T> {
  return {
    code: spec.code,
    description: spec.description,
    table: spec.table,
    columns: [spec.column],
    ruleLists: spec.ruleLists ?? BOTH,
    start(context) {
      return {
        check(record) {
          const value = record.cells[spec.column] ?? null
          if (value === null) {
            if (spec.blankIsViolation && spec.column in record.cells) {
              context.report(placeOf(record), spec.column, `${spec.column} is blank: enter the ${spec.what} code`)
            }
            return
          }
          const year = spec.dateOf ? context.yearFor(spec.dateOf(record)) : context.collectionYear
          const codes = codesFor(spec.field, year)
          if (codes.has(value)) return
          const forYear = year === undefined ? '' : ` for ${collectionYearLabel(year)}`
          const choices = codes.size <= 30 ? `: use ${[...codes].join(', ')}` : ''
          context.report(placeOf(record), spec.column, `${spec.column} ${quote(value)} is not a DfE ${spec.what} code${forYear}${choices}`)
        },
      }
    },
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dates in order within one row

interface DateOrderRuleSpec<T extends Ssda903Table> {
  code: string
  description: string
  table: T
  /** The earlier date's column and how to read it. */
  first: { column: string; of: (record: RecordOf<T>) => string | null }
  /** The later date's column. */
  second: { column: string; of: (record: RecordOf<T>) => string | null }
  /** Describes the violation: '<second> is before <first>'. */
  message: (first: string, second: string) => string
  ruleLists?: readonly RuleList[]
}

/** A rule that, when both dates are present, `second` is not before `first`. */
function dateOrderRule<T extends Ssda903Table>(spec: DateOrderRuleSpec<T>): Ssda903Rule<T> {
  return {
    code: spec.code,
    description: spec.description,
    table: spec.table,
    columns: [spec.first.column, spec.second.column],
    ruleLists: spec.ruleLists ?? BOTH,
    start(context) {
      return {
        check(record) {
          const first = spec.first.of(record)
          const second = spec.second.of(record)
          if (first !== null && second !== null && second < first) context.report(placeOf(record), spec.second.column, spec.message(dmy(first), dmy(second)))
        },
      }
    },
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared per-child state

/**
 * The episodes of each child as numbers: for each episode, its start and end as day numbers (OPEN while
 * open), its row, whether its REC is blank, and the file it came from (an index into `files`). Small
 * integers only, so that V8 stores each in 4 bytes: about 20 bytes an episode.
 */
/** The end of an open episode in the timeline: far before any date the reader accepts (1900 is day -25,567). */
const OPEN = -1_000_000

/**
 * The episodes of each child, kept as five 32-bit integers an episode in one growing array (start and end
 * as day numbers, end OPEN while open; the row; REC blank and the file, as flags; the child's previous
 * episode), with one map entry per child pointing at its latest episode: about 20 bytes an episode plus
 * one map entry a child, whatever the order of the rows.
 */
export class EpisodeTimeline {
  private static readonly FIELDS = 5
  private data = new Int32Array(EpisodeTimeline.FIELDS * 65_536)
  private count = 0
  /** Each child's latest-added episode (an index into the array). */
  private readonly latest = new Map<string, number>()
  readonly files: string[] = []

  add(record: RecordOf<'episodes'>): void {
    const { data } = record
    let fileIndex = this.files.indexOf(record.file)
    if (fileIndex === -1) fileIndex = this.files.push(record.file) - 1
    if ((this.count + 1) * EpisodeTimeline.FIELDS > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    const at = this.count * EpisodeTimeline.FIELDS
    this.data[at] = dayNumber(data.decom)
    this.data[at + 1] = data.dec === null ? OPEN : dayNumber(data.dec)
    this.data[at + 2] = record.row
    this.data[at + 3] = (fileIndex << 1) | (data.rec === null ? 1 : 0)
    this.data[at + 4] = this.latest.get(data.child) ?? -1
    this.latest.set(data.child, this.count)
    this.count += 1
  }

  children(): IterableIterator<string> {
    return this.latest.keys()
  }

  /** One child's episodes in start order (the file order among episodes starting the same day). */
  episodesOf(child: string): TimelineEpisode[] {
    const episodes: TimelineEpisode[] = []
    for (let index = this.latest.get(child) ?? -1; index !== -1;) {
      const at = index * EpisodeTimeline.FIELDS
      const end = this.data[at + 1] ?? OPEN
      const flags = this.data[at + 3] ?? 0
      episodes.push({
        start: this.data[at] ?? 0,
        end: end === OPEN ? Number.NaN : end,
        row: this.data[at + 2] ?? 0,
        recBlank: (flags & 1) === 1,
        file: this.files[flags >> 1] ?? '',
        order: index,
      })
      index = this.data[at + 4] ?? -1
    }
    return episodes.sort((a, b) => a.start - b.start || a.order - b.order)
  }
}

export interface TimelineEpisode {
  start: number
  /** NaN while open. */
  end: number
  row: number
  recBlank: boolean
  file: string
  order: number
}

function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

/** The children with a Header row, and the rows of other tables whose child had none when they were read. */
export class HeaderChildren {
  readonly children = new Set<string>()
  rowsRead = 0
}

// ---------------------------------------------------------------------------------------------------------
// Rules

const episodeStart = (r: RecordOf<'episodes'>): string => r.data.decom

/** Reason for new episode codes that start or restart a period with a new placement (every one but P and B, which keep the period going). */
const RNE_STARTING_A_PLACEMENT_WITHOUT_CONTINUING = new Set(['S', 'L', 'T', 'U'])

/** P2 (independent living) is not a placement type from this day (rule 217t). */
const P2_LAST_DAY = '2023-10-28'

/** Freeing orders (D1) ended and placement orders (E1) began with the Adoption and Children Act 2002 in force on 30 December 2005 (rules 445, 446). */
const D1_LAST_START = '2005-12-31'
const E1_FIRST_START = '2005-12-01'

const rne = codeListRule({
  code: '143',
  description: 'The reason for new episode code is not a valid code.',
  table: 'episodes',
  column: 'RNE',
  field: 'RNE',
  what: 'reason for new episode',
  blankIsViolation: true,
  dateOf: episodeStart,
})
const ls = codeListRule({
  code: '144',
  description: 'The legal status code is not a valid code.',
  table: 'episodes',
  column: 'LS',
  field: 'LS',
  what: 'legal status',
  blankIsViolation: true,
  dateOf: episodeStart,
})
const cin = codeListRule({
  code: '145',
  description: 'Category of need code is not a valid code.',
  table: 'episodes',
  column: 'CIN',
  field: 'CIN',
  what: 'category of need',
  blankIsViolation: true,
  dateOf: episodeStart,
})
const place = codeListRule({
  code: '146',
  description: 'Placement type code is not a valid code.',
  table: 'episodes',
  column: 'PLACE',
  field: 'PLACE',
  what: 'placement type',
  blankIsViolation: true,
  dateOf: episodeStart,
})
const placeProvider = codeListRule({
  code: '178',
  description: 'Placement provider code is not a valid code.',
  table: 'episodes',
  column: 'PLACE_PROVIDER',
  field: 'PLACE_PROVIDER',
  what: 'placement provider',
  blankIsViolation: false,
  dateOf: episodeStart,
})
const rec = codeListRule({
  code: '149',
  description: 'Reason episode ceased code is not valid.',
  table: 'episodes',
  column: 'REC',
  field: 'REC',
  what: 'reason episode ceased',
  blankIsViolation: false,
  // The reason is given when the episode ends: the list of that year applies.
  dateOf: (r) => r.data.dec ?? r.data.decom,
})
const reasonPlaceChange = codeListRule({
  code: '1009',
  description: 'Reason for placement change is not a valid code.',
  table: 'episodes',
  column: 'REASON_PLACE_CHANGE',
  field: 'REASON_PLACE_CHANGE',
  what: 'reason for placement change',
  blankIsViolation: false,
  dateOf: episodeStart,
})

const decBeforeDecom = dateOrderRule({
  code: '356',
  description: 'The date the episode ceased is before the date the same episode started.',
  table: 'episodes',
  first: { column: 'DECOM', of: (r) => r.data.decom },
  second: { column: 'DEC', of: (r) => r.data.dec },
  message: (decom, dec) => `The episode ends (DEC ${dec}) before it starts (DECOM ${decom})`,
})

const decAndRec: Ssda903Rule<'episodes'> = {
  code: '148',
  description: 'Date episode ceased and reason episode ceased must both be coded, or both left blank.',
  table: 'episodes',
  columns: ['DEC', 'REC'],
  ruleLists: BOTH,
  start(context) {
    return {
      check(record) {
        const { dec, rec: reason } = record.data
        if (dec !== null && reason === null) context.report(placeOf(record), 'REC', `The episode has an end date (DEC ${dmy(dec)}) but no reason it ceased (REC)`)
        if (dec === null && reason !== null) context.report(placeOf(record), 'DEC', `The episode has a reason it ceased (REC ${quote(reason)}) but no end date (DEC)`)
      },
    }
  },
}

const p2AfterOctober2023: Ssda903Rule<'episodes'> = {
  code: '217t',
  description: "Placement type 'P2' is not a valid placement type from 28 October 2023.",
  table: 'episodes',
  columns: ['PLACE', 'DEC'],
  ruleLists: ['2023/24'],
  start(context) {
    // Introduced with the 2023/24 return; the condition is about dates, so it applies to a history too.
    const applies = context.collectionYear === undefined || context.collectionYear >= 2024
    return {
      check(record) {
        const { place: type, dec } = record.data
        if (!applies || type !== 'P2') return
        if (dec === null || dec > P2_LAST_DAY) {
          context.report(
            placeOf(record),
            'PLACE',
            `Placement type P2 (independent living) is not valid after 28/10/2023, and this episode ${dec === null ? 'is still open' : `ends on ${dmy(dec)}`}`,
          )
        }
      },
    }
  },
}

const temporaryFirstPlacement: Ssda903Rule<'episodes'> = {
  code: '380',
  description: 'A period of care cannot start with a temporary placement.',
  table: 'episodes',
  columns: ['PLACE', 'RNE'],
  ruleLists: BOTH,
  start(context) {
    return {
      check(record) {
        // As the DfE validator: a temporary placement (T0-T4) may only follow a placement change (P) or a
        // change of both placement and legal status within the period (B); with any other reason it would
        // be the placement the child started in.
        const { place: type, rne: reason } = record.data
        if (type !== null && TEMPORARY_PLACEMENTS.includes(type) && reason !== null && RNE_STARTING_A_PLACEMENT_WITHOUT_CONTINUING.has(reason)) {
          context.report(
            placeOf(record),
            'PLACE',
            `The episode starts with a temporary placement (PLACE ${type}) but its reason for new episode is ${reason}: a temporary placement can only follow a placement change (P or B)`,
          )
        }
      },
    }
  },
}

const freeingOrderAfter2005: Ssda903Rule<'episodes'> = {
  code: '445',
  description: 'D1 is not a valid code for episodes starting after December 2005.',
  table: 'episodes',
  columns: ['LS', 'DECOM'],
  ruleLists: BOTH,
  start(context) {
    return {
      check(record) {
        if (record.data.ls === 'D1' && record.data.decom > D1_LAST_START) {
          context.report(placeOf(record), 'LS', `Legal status D1 (freeing order) cannot start after December 2005, and this episode starts on ${dmy(record.data.decom)}`)
        }
      },
    }
  },
}

const placementOrderBefore2005: Ssda903Rule<'episodes'> = {
  code: '446',
  description: 'E1 is not a valid code for episodes starting before December 2005.',
  table: 'episodes',
  columns: ['LS', 'DECOM'],
  ruleLists: BOTH,
  start(context) {
    return {
      check(record) {
        if (record.data.ls === 'E1' && record.data.decom < E1_FIRST_START) {
          context.report(placeOf(record), 'LS', `Legal status E1 (placement order) did not exist before December 2005, and this episode starts on ${dmy(record.data.decom)}`)
        }
      },
    }
  },
}

/**
 * 501: an episode starts before an earlier-starting episode of the same child has ended. The DfE validator
 * compares each episode with the one just before it (by DECOM); this compares it with every earlier one
 * (the latest end so far), so that an episode inside a long one is caught too. An open earlier episode is
 * rule 142's, not this one's.
 */
const overlappingEpisodes: Ssda903Rule<'episodes'> = {
  code: '501',
  description: 'A new episode has started before the end date of the previous episode.',
  table: 'episodes',
  columns: ['DECOM', 'DEC'],
  ruleLists: BOTH,
  start(context) {
    const timeline = context.episodeTimeline()
    return {
      check() {
        // The timeline is filled by the validator; the comparison waits until every episode is in.
      },
      finish() {
        for (const child of timeline.children()) {
          const episodes = timeline.episodesOf(child)
          let latest: TimelineEpisode | null = null
          for (const episode of episodes) {
            if (latest && episode.start < latest.end) {
              context.report(
                { file: episode.file, row: episode.row, child },
                'DECOM',
                `This episode starts (DECOM ${dmy(isoOfDay(episode.start))}) before the episode on row ${latest.row}, which started on ${dmy(isoOfDay(latest.start))}, ended (DEC ${dmy(isoOfDay(latest.end))})`,
              )
            }
            if (!Number.isNaN(episode.end) && (!latest || episode.end > latest.end)) latest = episode
          }
        }
      },
    }
  },
}

/** 142: every episode but a child's last (by DECOM) must have ended: DEC and REC both given. */
const unfinishedEpisode: Ssda903Rule<'episodes'> = {
  code: '142',
  description: 'A new episode has started, but the previous episode has not ended.',
  table: 'episodes',
  columns: ['DEC', 'REC'],
  ruleLists: BOTH,
  start(context) {
    const timeline = context.episodeTimeline()
    return {
      check() {},
      finish() {
        for (const child of timeline.children()) {
          const episodes = timeline.episodesOf(child)
          const next = (i: number): TimelineEpisode | undefined => episodes[i + 1]
          episodes.forEach((episode, i) => {
            const following = next(i)
            if (!following) return
            if (Number.isNaN(episode.end) || episode.recBlank) {
              const missing = Number.isNaN(episode.end) && episode.recBlank ? 'DEC and REC' : Number.isNaN(episode.end) ? 'DEC' : 'REC'
              context.report(
                { file: episode.file, row: episode.row, child },
                Number.isNaN(episode.end) ? 'DEC' : 'REC',
                `This episode has no ${missing}, but the child has a later episode (row ${following.row}, starting ${dmy(isoOfDay(following.start))})`,
              )
            }
          })
        }
      },
    }
  },
}

const sex = codeListRule({
  code: '101',
  description: 'Gender code is not valid.',
  table: 'header',
  column: 'SEX',
  field: 'SEX',
  what: 'sex',
  blankIsViolation: true,
})
const ethnic = codeListRule({
  code: '103',
  description: 'The ethnicity code is either not valid or has not been entered.',
  table: 'header',
  column: 'ETHNIC',
  field: 'ETHNIC',
  what: 'ethnicity',
  blankIsViolation: true,
})

const uascCeasedAfter18: Ssda903Rule<'uasc'> = {
  code: '304',
  description: 'Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.',
  table: 'uasc',
  columns: ['DUC', 'DOB'],
  ruleLists: BOTH,
  start(context) {
    return {
      check(record) {
        const { dob, duc } = record.data
        if (dob === null || duc === null) return
        const eighteenth = addCalendarMonths(dob, 18 * 12)
        if (duc > eighteenth) context.report(placeOf(record), 'DUC', `UASC status ceases (DUC ${dmy(duc)}) after the child’s 18th birthday (${dmy(eighteenth)})`)
      },
    }
  },
}

const sdqScore: Ssda903Rule<'oc2'> = {
  code: '180',
  description: 'Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.',
  table: 'oc2',
  columns: ['SDQ_SCORE'],
  ruleLists: BOTH,
  start(context) {
    return {
      check(record) {
        const score = record.data.sdqScore
        if (score !== null && !(Number.isInteger(score) && score >= 0 && score <= 40)) {
          context.report(placeOf(record), 'SDQ_SCORE', `SDQ_SCORE ${quote(record.cells['SDQ_SCORE'] ?? String(score))} is not a whole number from 0 to 40`)
        }
      },
    }
  },
}

const sdqReason = codeListRule({
  code: '196',
  description: 'Strengths and Difficulties (SDQ) reason is not a valid code.',
  table: 'oc2',
  column: 'SDQ_REASON',
  field: 'SDQ_REASON',
  what: 'reason for no SDQ score',
  blankIsViolation: false,
})

const OC2_FLAGS = ['CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'] as const

const oc2Flags: Ssda903Rule<'oc2'> = {
  code: '181',
  description: 'Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1.',
  table: 'oc2',
  columns: OC2_FLAGS,
  ruleLists: BOTH,
  start(context) {
    const valid = codesFor('OC2_FLAG')
    return {
      check(record) {
        for (const column of OC2_FLAGS) {
          const value = record.cells[column] ?? null
          // As read: '1.0' is the number 1.
          if (value !== null && !valid.has(value) && !valid.has(String(Number(value)))) context.report(placeOf(record), column, `${column} ${quote(value)} is not 0 or 1`)
        }
      },
    }
  },
}

/** INT3x: a child appears at most once in a table with one row per child. */
function oncePerChild<T extends Ssda903Table>(code: string, table: T): Ssda903Rule<T> {
  const name = DFE_TABLE_NAMES[table]
  return {
    code,
    description: `Internal Check: Child should only exist once in ${name}.`,
    table,
    columns: ['CHILD'],
    ruleLists: BOTH,
    start(context) {
      const seen = new Map<string, number>()
      return {
        check(record) {
          const child = record.data.child
          const earlier = seen.get(child)
          if (earlier === undefined) seen.set(child, record.row)
          else context.report(placeOf(record), 'CHILD', `CHILD ${quote(child)} is already in ${name} (row ${earlier}): each child has one ${name} row`)
        },
      }
    },
  }
}

/**
 * INT01-INT09: a child in another table has a Header row. Checked when Header rows were read (a return
 * without header.csv is not checked). Reported once per child and table, at the child's first row, so
 * that what is kept until the end is one entry per child without a Header row, and Header need not come first.
 */
function inHeader<T extends Ssda903Table>(code: string, table: T, description = `Internal Check: Child in ${DFE_TABLE_NAMES[table]} does not exist in Header.`): Ssda903Rule<T> {
  const name = DFE_TABLE_NAMES[table]
  return {
    code,
    description,
    table,
    columns: ['CHILD'],
    ruleLists: BOTH,
    start(context) {
      const header = context.headerChildren()
      const unknown = new Map<string, { first: RowPlace; rows: number }>()
      return {
        check(record) {
          const child = record.data.child
          if (header.children.has(child)) return
          const seen = unknown.get(child)
          if (seen) seen.rows += 1
          else unknown.set(child, { first: placeOf(record), rows: 1 })
        },
        finish() {
          if (header.rowsRead === 0) return
          for (const [child, { first, rows }] of unknown) {
            if (header.children.has(child)) continue
            const others = rows > 1 ? ` (and on ${rows - 1} more ${rows === 2 ? 'row' : 'rows'})` : ''
            context.report(first, 'CHILD', `CHILD ${quote(child)} is in ${name}${others} but has no Header row`)
          }
        },
      }
    },
  }
}

/** Every rule, by table. */
export const SSDA903_RULES: readonly AnySsda903Rule[] = [
  // Header
  sex,
  ethnic,
  // Episodes: code lists
  rne,
  ls,
  cin,
  place,
  placeProvider,
  rec,
  reasonPlaceChange,
  // Episodes: dates and codes within the row
  decBeforeDecom,
  decAndRec,
  p2AfterOctober2023,
  temporaryFirstPlacement,
  freeingOrderAfter2005,
  placementOrderBefore2005,
  // Episodes: a child's episodes together
  overlappingEpisodes,
  unfinishedEpisode,
  inHeader('INT03', 'episodes'),
  // UASC
  uascCeasedAfter18,
  oncePerChild('INT36', 'uasc'),
  inHeader('INT09', 'uasc'),
  // OC2
  sdqScore,
  sdqReason,
  oc2Flags,
  oncePerChild('INT33', 'oc2'),
  inHeader('INT05', 'oc2'),
  // Reviews
  codeListRule({
    code: '167',
    description: 'Data entry for participation is invalid or blank.',
    table: 'reviews',
    column: 'REVIEW_CODE',
    field: 'REVIEW_CODE',
    what: 'participation',
    blankIsViolation: true,
  }),
  inHeader('INT08', 'reviews'),
  // Missing
  codeListRule({ code: '1006', description: 'Missing type invalid.', table: 'missing', column: 'MISSING', field: 'MISSING', what: 'missing type', blankIsViolation: true }),
  dateOrderRule({
    code: '567',
    description: 'The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.',
    table: 'missing',
    first: { column: 'MIS_START', of: (r) => dateCell(r.data['misStart']) },
    second: { column: 'MIS_END', of: (r) => dateCell(r.data['misEnd']) },
    message: (start, end) => `The missing or away period ends (MIS_END ${end}) before it starts (MIS_START ${start})`,
  }),
  inHeader('INT04', 'missing'),
  // OC3
  codeListRule({
    code: '131',
    description: 'Data entry for being in touch after leaving care is invalid.',
    table: 'oc3',
    column: 'IN_TOUCH',
    field: 'IN_TOUCH',
    what: 'in touch',
    blankIsViolation: true,
  }),
  oncePerChild('INT34', 'oc3'),
  inHeader('INT06', 'oc3'),
  // AD1
  codeListRule({
    code: '114',
    description: 'Data entry to record the status of former carer(s) of an adopted child is invalid.',
    table: 'ad1',
    column: 'FOSTER_CARE',
    field: 'FOSTER_CARE',
    what: 'former foster carer',
    blankIsViolation: false,
  }),
  codeListRule({
    code: '176',
    description: 'The gender of adopter(s) at the date of adoption code is not a valid code.',
    table: 'ad1',
    column: 'SEX_ADOPTR',
    field: 'SEX_ADOPTR',
    what: 'sex of adopters',
    blankIsViolation: false,
  }),
  codeListRule({
    code: '177',
    description: 'The legal status of adopter(s) code is not a valid code.',
    table: 'ad1',
    column: 'LS_ADOPTR',
    field: 'LS_ADOPTR',
    what: 'legal status of adopters',
    blankIsViolation: false,
  }),
  dateOrderRule({
    code: '333',
    description: 'Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).',
    table: 'ad1',
    first: { column: 'DATE_INT', of: (r) => dateCell(r.data['dateInt']) },
    second: { column: 'DATE_MATCH', of: (r) => dateCell(r.data['dateMatch']) },
    message: (decided, matched) => `The child is matched with adopters (DATE_MATCH ${matched}) before the decision that they should be placed for adoption (DATE_INT ${decided})`,
  }),
  oncePerChild('INT31', 'ad1'),
  inHeader('INT01', 'ad1', 'Data Integrity Check: Child in AD1 does not exist in Header.'),
  // PlacedAdoption
  codeListRule({
    code: '120',
    description: 'The reason for the reversal of the decision that the child should be placed for adoption code is not valid.',
    table: 'placed_for_adoption',
    column: 'REASON_PLACED_CEASED',
    field: 'REASON_PLACED_CEASED',
    what: 'reason the decision to place for adoption was reversed',
    blankIsViolation: false,
  }),
  dateOrderRule({
    code: '522',
    description: 'Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.',
    table: 'placed_for_adoption',
    first: { column: 'DATE_PLACED', of: (r) => dateCell(r.data['datePlaced']) },
    second: { column: 'DATE_PLACED_CEASED', of: (r) => dateCell(r.data['datePlacedCeased']) },
    message: (placed, ceased) =>
      `The decision that the child should no longer be placed for adoption (DATE_PLACED_CEASED ${ceased}) is before the decision that they should be (DATE_PLACED ${placed})`,
  }),
  inHeader('INT02', 'placed_for_adoption'),
  // PrevPerm
  codeListRule({
    code: '631',
    description: 'Previous permanence option not a valid value.',
    table: 'previous_permanence',
    column: 'PREV_PERM',
    field: 'PREV_PERM',
    what: 'previous permanence option',
    blankIsViolation: true,
  }),
  oncePerChild('INT35', 'previous_permanence'),
  inHeader('INT07', 'previous_permanence'),
  // SWEpisodes (2023/24 onwards)
  codeListRule({
    code: 'SW13STG1',
    description: 'The reason for social worker change is either not valid or has not been entered.',
    table: 'sw_episodes',
    column: 'SW_REASON',
    field: 'SW_REASON',
    what: 'reason for social worker change',
    blankIsViolation: false,
  }),
]

/** A date of a generic row: ISO or null (the reader puts nothing else there). */
function dateCell(value: string | number | null | undefined): string | null {
  return typeof value === 'string' ? value : null
}

// ---------------------------------------------------------------------------------------------------------
// Running the rules

export const DEFAULT_MAX_VIOLATIONS_PER_RULE = 1000

export interface ValidationOptions {
  /** The return's collection year, by the year it ends (2024 is 2023/24); leave out for a history. */
  collectionYear?: CollectionYear
  /** The rules to run (default: all of them). */
  rules?: readonly AnySsda903Rule[]
  /** Violations listed per rule (all are counted); default 1,000. */
  maxViolationsPerRule?: number
}

export interface ValidationReport {
  /** The violations listed, in table order and then row order. */
  violations: RuleViolation[]
  /** Every violation counted, by rule code (listed or not). */
  countsByCode: Record<string, number>
  /** All violations counted. */
  total: number
  /** Violations counted but not listed (over the per-rule limit). */
  notListed: number
}

export interface Ssda903Validator {
  /** Checks one row. Rows may come in any order; Header first lets INT0x checks keep less. */
  check(record: Ssda903Record): void
  /** Runs the checks that compare rows and answers the report. Call once, after the last row. */
  finish(): ValidationReport
}

const TABLE_ORDER = new Map<string, number>(SSDA903_TABLES.map((t, i) => [t, i]))

export function createValidator(options: ValidationOptions = {}): Ssda903Validator {
  const { collectionYear } = options
  const rules = options.rules ?? SSDA903_RULES
  const cap = options.maxViolationsPerRule ?? DEFAULT_MAX_VIOLATIONS_PER_RULE
  const listed: Array<RuleViolation & { table: Ssda903Table }> = []
  const counts = new Map<string, number>()
  let timeline: EpisodeTimeline | null = null
  let header: HeaderChildren | null = null

  const yearFor = (isoDate: string | null | undefined): CollectionYear | undefined => collectionYear ?? (isoDate ? collectionYearOf(isoDate) : undefined)

  const checkers = new Map<Ssda903Table, Array<RuleChecker<Ssda903Record>>>()
  const all: Array<RuleChecker<Ssda903Record>> = []
  for (const rule of rules) {
    const context: RuleContext = {
      collectionYear,
      yearFor,
      report(place, column, message) {
        const count = (counts.get(rule.code) ?? 0) + 1
        counts.set(rule.code, count)
        if (count <= cap) listed.push({ code: rule.code, file: place.file, row: place.row, child: place.child, ...(column ? { column } : {}), message, table: rule.table })
      },
      episodeTimeline() {
        timeline ??= new EpisodeTimeline()
        return timeline
      },
      headerChildren() {
        header ??= new HeaderChildren()
        return header
      },
    }
    // One dispatch point: a rule only ever sees rows of its own table.
    const checker = rule.start(context as RuleContext) as RuleChecker<Ssda903Record>
    const list = checkers.get(rule.table) ?? []
    list.push(checker)
    checkers.set(rule.table, list)
    all.push(checker)
  }

  let finished = false
  return {
    check(record) {
      if (record.table === 'episodes') timeline?.add(record)
      else if (record.table === 'header' && header) {
        header.children.add(record.data.child)
        header.rowsRead += 1
      }
      for (const checker of checkers.get(record.table) ?? []) checker.check(record)
    },
    finish() {
      if (!finished) {
        finished = true
        for (const checker of all) checker.finish?.()
      }
      const violations = [...listed]
        .sort((a, b) => (TABLE_ORDER.get(a.table) ?? 0) - (TABLE_ORDER.get(b.table) ?? 0) || a.file.localeCompare(b.file) || a.row - b.row || a.code.localeCompare(b.code))
        .map(({ table: _table, ...violation }) => violation)
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0)
      return { violations, countsByCode: Object.fromEntries(counts), total, notListed: total - violations.length }
    },
  }
}

/** Checks rows already in memory (tests, small returns) and answers the violations listed. */
export function validateRows(records: Iterable<Ssda903Record>, options: ValidationOptions = {}): RuleViolation[] {
  const validator = createValidator(options)
  for (const record of records) validator.check(record)
  return validator.finish().violations
}

/** Checks rows as they stream in (the reader's `records()`) and answers the whole report. */
export async function validateRecords(records: AsyncIterable<Ssda903Record>, options: ValidationOptions = {}): Promise<ValidationReport> {
  const validator = createValidator(options)
  for await (const record of records) validator.check(record)
  return validator.finish()
}

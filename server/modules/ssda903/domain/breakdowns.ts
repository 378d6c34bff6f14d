/**
 * What the indicator pages show beyond the indicators object (issue 5, "Pages"): quarter ends,
 * starters and ceasers broken down, duration in care, and projections. Pure, no I/O; the same
 * definitions of a period of care, a starter and a ceaser as `indicators.ts`.
 */
import { addCalendarMonths, addDays, ageOn } from '../../../platform/time/index.js'
import { AGE_BANDS, ageBand, indexEpisodesByChild, isOpenAt, UNKNOWN_KEY, yearStartFor } from './indicators.js'
import type { EpisodeRow, HeaderRow, Ssda903Data } from './types.js'

// ---------------------------------------------------------------------------------------------
// Quarter ends

const QUARTER_END_DAYS: Record<number, string> = { 3: '31', 6: '30', 9: '30', 12: '31' }

export function isQuarterEnd(date: string): boolean {
  const month = Number(date.slice(5, 7))
  return QUARTER_END_DAYS[month] === date.slice(8, 10)
}

/** The latest quarter end (31 March, 30 June, 30 September, 31 December) on or before `date`. */
export function quarterEndOnOrBefore(date: string): string {
  let year = Number(date.slice(0, 4))
  const candidates = (y: number) => [`${y}-12-31`, `${y}-09-30`, `${y}-06-30`, `${y}-03-31`]
  for (;;) {
    for (const candidate of candidates(year)) if (candidate <= date) return candidate
    year -= 1
  }
}

/** `count` quarter ends ending with the quarter end on or before `at`, oldest first: `at` and the eight quarters before it is `quarterEnds(at, 9)`. */
export function quarterEnds(at: string, count: number): string[] {
  const out = [quarterEndOnOrBefore(at)]
  while (out.length < count) {
    const first = out[0] ?? at
    out.unshift(quarterEndOnOrBefore(addDays(`${first.slice(0, 7)}-01`, -1)))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Starters and ceasers

export interface Breakdown {
  total: number
  byReason: Record<string, number>
  byLegalStatus: Record<string, number>
  byAgeBand: Record<string, number>
  bySex: Record<string, number>
  byEthnicity: Record<string, number>
}

export interface Flows {
  /** Starters: the children of `startedInYear`; `byReason` is their category of need (CIN). */
  started: Breakdown
  /** Ceasers: the children of `ceasedInYear`; `byReason` is the reason the episode ceased (REC). */
  ceased: Breakdown
}

function tally(map: Map<string, number>, key: string | null | undefined): void {
  const k = key === null || key === undefined || key.trim() === '' ? UNKNOWN_KEY : key
  map.set(k, (map.get(k) ?? 0) + 1)
}

function ordered(map: Map<string, number>, order: readonly string[] = []): Record<string, number> {
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : key === UNKNOWN_KEY ? order.length + 1 : order.length)
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)))
}

class BreakdownTally {
  total = 0
  readonly reason = new Map<string, number>()
  readonly ls = new Map<string, number>()
  readonly age = new Map<string, number>()
  readonly sex = new Map<string, number>()
  readonly ethnicity = new Map<string, number>()
  add(reason: string | null, episode: EpisodeRow, header: HeaderRow | undefined, on: string): void {
    this.total++
    tally(this.reason, reason)
    tally(this.ls, episode.ls)
    tally(this.age, header === undefined || header.dob > on ? null : ageBand(ageOn(header.dob, on)))
    tally(this.sex, header?.sex ?? null)
    tally(this.ethnicity, header?.ethnic ?? null)
  }
  result(): Breakdown {
    return {
      total: this.total,
      byReason: ordered(this.reason),
      byLegalStatus: ordered(this.ls),
      byAgeBand: ordered(this.age, AGE_BANDS),
      bySex: ordered(this.sex, ['M', 'F', 'U']),
      byEthnicity: ordered(this.ethnicity),
    }
  }
}

/**
 * Starters and ceasers in the year to D, each child once, as `startedInYear` and `ceasedInYear`
 * count them (issue 5): a starter by the latest RNE S episode with DECOM in the year (its CIN and
 * LS), a ceaser by the latest episode with REC present and not X1 and DEC in the year (its REC and
 * LS). Age is the age in whole years on the day the child started or ceased (as the DfE's
 * tables of starters and ceasers are by age at starting and at ceasing); sex and ethnicity from
 * Header. V3/V4 short breaks are left out, as by every indicator.
 */
export function flowsInYear(data: Ssda903Data, at: string): Flows {
  const yearStart = yearStartFor(at)
  const headerByChild = new Map(data.header.map((h) => [h.child, h]))
  const started = new BreakdownTally()
  const ceased = new BreakdownTally()
  for (const [child, episodes] of indexEpisodesByChild(data.episodes)) {
    let latestStart: EpisodeRow | null = null
    let latestCeased: EpisodeRow | null = null
    for (const e of episodes) {
      if (e.rne === 'S' && e.decom >= yearStart && e.decom <= at) latestStart = e
      if (e.dec !== null && e.rec !== null && e.rec !== 'X1' && e.dec >= yearStart && e.dec <= at && (latestCeased === null || e.dec >= (latestCeased.dec ?? ''))) latestCeased = e
    }
    const header = headerByChild.get(child)
    if (latestStart) started.add(latestStart.cin, latestStart, header, latestStart.decom)
    if (latestCeased && latestCeased.dec) ceased.add(latestCeased.rec, latestCeased, header, latestCeased.dec)
  }
  return { started: started.result(), ceased: ceased.result() }
}

// ---------------------------------------------------------------------------------------------
// Duration in care

export const DURATION_BANDS = ['under6Months', '6to12Months', '1to2Years', '2to5Years', '5YearsOrMore'] as const

/**
 * Children looked after at D by how long their current period of care has lasted: from the
 * DECOM of their latest RNE S episode on or before D (the "current period of care" of issue 5's
 * long-term stability) to D. A band's lower bound is inclusive: a child who started exactly 12
 * months before D is in `1to2Years`. A child with no RNE S episode is `unknown`.
 */
export function durationInCare(data: Ssda903Data, at: string): Record<string, number> {
  const counts = new Map<string, number>()
  const sixMonths = addCalendarMonths(at, -6)
  const oneYear = addCalendarMonths(at, -12)
  const twoYears = addCalendarMonths(at, -24)
  const fiveYears = addCalendarMonths(at, -60)
  for (const episodes of indexEpisodesByChild(data.episodes).values()) {
    let open = false
    let start: string | null = null
    for (const e of episodes) {
      if (e.decom > at) break
      if (e.rne === 'S') start = e.decom
      if (isOpenAt(e, at)) open = true
    }
    if (!open) continue
    const band =
      start === null
        ? UNKNOWN_KEY
        : start <= fiveYears
          ? '5YearsOrMore'
          : start <= twoYears
            ? '2to5Years'
            : start <= oneYear
              ? '1to2Years'
              : start <= sixMonths
                ? '6to12Months'
                : 'under6Months'
    tally(counts, band)
  }
  return ordered(counts, DURATION_BANDS)
}

// ---------------------------------------------------------------------------------------------
// Projections

export const PROJECTION_END_YEAR = 2035
/** Issue 5: "with a band of −5% and +5%": read as 5% below and above each projected count. */
export const PROJECTION_BAND = 0.05
export const PROJECTION_SPAN_YEARS = 5

export interface ProjectionPoint {
  year: number
  projected: number
  low: number
  high: number
}

export interface Projection {
  key: string
  /** The 31 March counts the rate is worked from. */
  fromYear: number
  fromCount: number
  toYear: number
  toCount: number
  /** The compound annual growth rate, e.g. 0.031 for 3.1% a year. Null when the earlier count is 0. */
  annualGrowth: number | null
  points: ProjectionPoint[]
}

/**
 * Issue 5: "projections ... to 2035: the compound annual growth rate between the 31 March counts
 * five years apart, applied forward from the latest 31 March, with a band of −5% and +5%".
 * For each key: g = (latest ÷ five years earlier)^(1/5) − 1; the count in year Y is
 * latest × (1 + g)^(Y − latest year), rounded to a whole child; the band is that × 0.95 and × 1.05,
 * rounded. With no count five years earlier, or a count of 0 then, there is no rate and no projection.
 *
 * `countsByYear` maps a year Y to the counts on 31 March Y.
 */
export function projectTo2035(countsByYear: ReadonlyMap<number, Readonly<Record<string, number>>>, endYear = PROJECTION_END_YEAR): Projection[] {
  const years = [...countsByYear.keys()].sort((a, b) => a - b)
  const latestYear = years[years.length - 1]
  if (latestYear === undefined) return []
  const fromYear = latestYear - PROJECTION_SPAN_YEARS
  const latest = countsByYear.get(latestYear) ?? {}
  const earlier = countsByYear.get(fromYear)
  const keys = [...new Set([...Object.keys(latest), ...Object.keys(earlier ?? {})])].sort()
  return keys.map((key) => {
    const toCount = latest[key] ?? 0
    const fromCount = earlier?.[key] ?? 0
    const annualGrowth = earlier === undefined || fromCount === 0 ? null : Math.pow(toCount / fromCount, 1 / PROJECTION_SPAN_YEARS) - 1
    const points: ProjectionPoint[] = []
    if (annualGrowth !== null) {
      for (let year = latestYear + 1; year <= endYear; year++) {
        const projected = toCount * Math.pow(1 + annualGrowth, year - latestYear)
        points.push({ year, projected: Math.round(projected), low: Math.round(projected * (1 - PROJECTION_BAND)), high: Math.round(projected * (1 + PROJECTION_BAND)) })
      }
    }
    return { key, fromYear, fromCount, toYear: latestYear, toCount, annualGrowth, points }
  })
}

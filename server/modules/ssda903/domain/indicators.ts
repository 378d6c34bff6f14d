/**
 * The children-in-care indicators at a date D, from the SSDA903 tables: pure, no I/O.
 *
 * The definitions are issue 5 ("Children in care data"), section "Indicators at a date D",
 * implemented word for word so that two councils computing from the same return get the same
 * numbers. Each definition is quoted beside its code ("Issue 5: ...") with the DfE or former
 * National Indicator (NI) it corresponds to:
 *
 * - NI 62 and NI 63: the National Indicator Set (Department for Communities and Local
 *   Government, 2008), "Stability of placements of looked after children: number of moves"
 *   (NI 62) and "... length of placement" (NI 63); both are still published by the DfE in
 *   "Children looked after in England including adoptions" (placement stability).
 * - The SDQ and health indicators: the same DfE statistics ("Children looked after in England
 *   including adoptions", outcomes of children looked after continuously for 12 months, from
 *   the OC2 table): SDQ completion, the average total difficulties score and the share in each
 *   band for ages 5 to 16; health assessments, immunisations and teeth checks up to date.
 *
 * Interpretations where the issue is silent are written where they apply and listed in
 * `computeIndicators`'s comment. Dates are ISO 'YYYY-MM-DD' strings, which sort as text in
 * date order, so every date comparison below is a string comparison.
 */
import { addCalendarMonths, addDays, ageOn } from '../../../platform/time/index.js'
import type { EpisodeRow, HeaderRow, Oc2Row, PopulationRow, Ssda903Data } from './types.js'

/** The group key for a blank code (and for a child without a Header row in `bySex`, `byEthnicity`, `byAgeBand`). */
export const UNKNOWN_KEY = 'unknown'

/** Issue 5: "`byAgeBand`: `under1`, `1to4`, `5to9`, `10to15`, `16plus`" (the DfE's age groups), ages in whole years at D. */
export const AGE_BANDS = ['under1', '1to4', '5to9', '10to15', '16plus'] as const
export type AgeBand = (typeof AGE_BANDS)[number]

/**
 * The Earth's mean radius (IUGG mean radius R1 = 6,371.0088 km) in international miles
 * (1 mile = 1.609344 km exactly): about 3,958.76 miles. The straight-line distance is the
 * great-circle distance on this sphere; against the ellipsoid it is within about 0.5%.
 */
export const EARTH_MEAN_RADIUS_MILES = 6371.0088 / 1.609344

/** Issue 5: "`placedOver20Miles`: `over`, `within`, `notKnown`": over means strictly more than 20 miles. */
export const DISTANCE_THRESHOLD_MILES = 20

export interface Ratio {
  numerator: number
  denominator: number
  /** One decimal, half up; null when the denominator is 0. */
  percent: number | null
}

export interface SdqIndicator {
  eligible: number
  withScore: number
  completionPercent: number | null
  average: number | null
  bands: { normal: number; borderline: number; concern: number }
}

export interface HealthIndicator {
  cohort: number
  healthAssessment: number | null
  immunisations: number | null
  teethCheck: number | null
}

export interface DistanceIndicator {
  over: number
  within: number
  notKnown: number
}

/** Exactly the object of issue 5's `edge-of-care ssda903 indicators --at D --json`, keys in its order. */
export interface Ssda903Indicators {
  at: string
  yearStart: string
  lookedAfter: number
  ratePer10000: number | null
  byLegalStatus: Record<string, number>
  byPlacementType: Record<string, number>
  byPlacementProvider: Record<string, number>
  bySex: Record<string, number>
  byEthnicity: Record<string, number>
  byAgeBand: Record<string, number>
  uasc: number
  startedInYear: number
  startedByCategoryOfNeed: Record<string, number>
  ceasedInYear: number
  ceasedByReason: Record<string, number>
  threeOrMorePlacements: Ratio
  longTermStability: Ratio
  sdq: SdqIndicator
  health: HealthIndicator
  placedOver20Miles: DistanceIndicator
}

export interface Coordinates {
  lat: number
  lon: number
}

export interface IndicatorOptions {
  /** The population denominators (`year,age_band,sex,population`); without them `ratePer10000` is null. */
  population?: readonly PopulationRow[]
  /** Postcode to coordinates (the ONS Postcode Directory's `lat` and `long`); without it every child is `notKnown` in `placedOver20Miles`. */
  postcodes?: ReadonlyMap<string, Coordinates>
}

// ---------------------------------------------------------------------------------------------
// Dates and episodes

/** Issue 5: "The year runs from `yearStart` = D minus one calendar year plus one day, to D, both inclusive." D = 2024-02-29 gives 2023-03-01. */
export function yearStartFor(at: string): string {
  return addDays(addCalendarMonths(at, -12), 1)
}

/**
 * Issue 5: "'N months before D' is the same day number N calendar months earlier, or that month's
 * last day when it is shorter (30 months before 31 March 2024 is 30 September 2021)."
 */
export function monthsBefore(at: string, months: number): string {
  return addCalendarMonths(at, -months)
}

/** Issue 5: "An episode is open at X when DECOM ≤ X and DEC is empty or DEC > X." So an episode is not open on its DEC. */
export function isOpenAt(episode: EpisodeRow, x: string): boolean {
  return episode.decom <= x && (episode.dec === null || episode.dec > x)
}

/** Issue 5: "Episodes with legal status V3 or V4 (agreed series of short breaks) are ignored by every indicator." */
export function isShortBreak(episode: EpisodeRow): boolean {
  return episode.ls === 'V3' || episode.ls === 'V4'
}

/** PLACE T0-T4: temporary placements (DfE 903 code list). */
export function isTemporaryPlacement(place: string | null): boolean {
  return place === 'T0' || place === 'T1' || place === 'T2' || place === 'T3' || place === 'T4'
}

/** PLACE A3 / A5: placed for adoption with the child's current foster carer(s) (DfE 903 code list). */
function isAdoptionByFosterCarer(place: string | null): boolean {
  return place === 'A3' || place === 'A5'
}

/** PLACE U1-U6: foster placements (DfE 903 code list). */
function isFosterPlacement(place: string | null): boolean {
  return place === 'U1' || place === 'U2' || place === 'U3' || place === 'U4' || place === 'U5' || place === 'U6'
}

/** RNE S, P or B: the reasons for a new episode that the issue counts as a (new) placement. */
function startsPlacement(episode: EpisodeRow): boolean {
  return (episode.rne === 'S' || episode.rne === 'P' || episode.rne === 'B') && !isTemporaryPlacement(episode.place)
}

const byDecom = (a: EpisodeRow, b: EpisodeRow): number => (a.decom < b.decom ? -1 : a.decom > b.decom ? 1 : 0)

/**
 * Every child's episodes, V3/V4 short breaks left out, in DECOM order (a stable sort, so two
 * episodes with the same DECOM keep their input order and "the latest" of them is the later
 * row). One pass over the rows and one sort per child: no per-child scan of the whole table.
 * Rows that arrive grouped by child (as a query ordered by CHILD, DECOM returns them) skip the
 * map look-up for all but a child's first row.
 */
export function indexEpisodesByChild(episodes: readonly EpisodeRow[]): Map<string, EpisodeRow[]> {
  const byChild = new Map<string, EpisodeRow[]>()
  let lastChild: string | null = null
  let lastList: EpisodeRow[] = []
  for (const episode of episodes) {
    if (isShortBreak(episode)) continue
    if (episode.child === lastChild) {
      lastList.push(episode)
      continue
    }
    const list = byChild.get(episode.child)
    if (list === undefined) {
      lastList = [episode]
      byChild.set(episode.child, lastList)
    } else {
      list.push(episode)
      lastList = list
    }
    lastChild = episode.child
  }
  for (const list of byChild.values()) if (list.length > 1) list.sort(byDecom)
  return byChild
}

// ---------------------------------------------------------------------------------------------
// Exact rounding

/**
 * a ÷ b rounded half up to a whole number, for whole numbers a ≥ 0 and b > 0, exactly:
 * floor((2a + b) ÷ 2b) by integer division, so no binary fraction is ever rounded.
 */
function divideRoundHalfUp(a: number, b: number): number {
  const n = 2 * a + b
  const d = 2 * b
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || a < 0 || b <= 0) throw new RangeError(`Cannot divide ${a} by ${b} exactly`)
  return (n - (n % d)) / d
}

/** Issue 5: "Percentages: one decimal, half up; `null` when the denominator is 0." numerator ÷ denominator × 100, e.g. 1 of 3 is 33.3, 1 of 8 is 12.5, 1 of 16 (6.25) is 6.3. */
export function percentOneDecimal(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null
  return divideRoundHalfUp(numerator * 1000, denominator) / 10
}

/** A mean of whole numbers to one decimal, half up; null when there are none. */
function meanOneDecimal(sum: number, count: number): number | null {
  if (count === 0) return null
  return divideRoundHalfUp(sum * 10, count) / 10
}

// ---------------------------------------------------------------------------------------------
// Population and rate per 10,000

const isAll = (value: string): boolean => value.trim().toLowerCase() === 'all'

/**
 * The total under-18 population in the rows of one year. Issue 5: the CSV has
 * `year,age_band,sex,population` where "`age_band` and `sex` may be `all`". The total is the row
 * with age_band `all` and sex `all` when there is one (the last such row if the table repeats it);
 * otherwise the sum of the other rows, taking one partition only so that no child is counted
 * twice: the age_band `all` rows by sex if there are any, else the sex `all` rows by age band,
 * else every (age band, sex) row. The words `all` are read without regard to case or spaces.
 */
export function totalUnder18Population(rowsOfYear: readonly PopulationRow[]): number {
  for (const row of rowsOfYear) {
    if (!Number.isSafeInteger(row.population) || row.population < 0) {
      throw new RangeError(`The population for ${row.year}, ${row.ageBand}, ${row.sex} is not a whole number of people: ${row.population}`)
    }
  }
  const allAll = rowsOfYear.filter((r) => isAll(r.ageBand) && isAll(r.sex))
  const last = allAll[allAll.length - 1]
  if (last !== undefined) return last.population
  const bySexOnly = rowsOfYear.filter((r) => isAll(r.ageBand))
  const byAgeOnly = rowsOfYear.filter((r) => isAll(r.sex))
  const partition = bySexOnly.length > 0 ? bySexOnly : byAgeOnly.length > 0 ? byAgeOnly : rowsOfYear
  return partition.reduce((sum, r) => sum + r.population, 0)
}

/** Issue 5: the population of "the latest `year` not after D's calendar year"; null when no row is that early. */
export function under18PopulationAt(population: readonly PopulationRow[], at: string): { year: number; population: number } | null {
  const atYear = Number(at.slice(0, 4))
  let year: number | null = null
  for (const row of population) if (row.year <= atYear && (year === null || row.year > year)) year = row.year
  if (year === null) return null
  return { year, population: totalUnder18Population(population.filter((r) => r.year === year)) }
}

/**
 * Issue 5: "`ratePer10000` = lookedAfter ÷ the total under-18 population of the latest `year` not
 * after D's calendar year × 10,000, one decimal" (half up, as every figure); "`null` without a
 * population" (no table, no year early enough, or a total of 0).
 */
export function ratePer10000(lookedAfter: number, population: readonly PopulationRow[] | undefined, at: string): number | null {
  if (population === undefined) return null
  const found = under18PopulationAt(population, at)
  if (found === null || found.population === 0) return null
  return divideRoundHalfUp(lookedAfter * 100_000, found.population) / 10
}

// ---------------------------------------------------------------------------------------------
// Distance

/** The great-circle (haversine) distance in miles on a sphere of radius EARTH_MEAN_RADIUS_MILES. */
export function haversineMiles(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_MEAN_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * A postcode's coordinates, trying the spellings the ONS Postcode Directory uses so the table can
 * be keyed by any of them: as written, `pcds` (one space: 'B1 1AA'), no spaces ('B11AA'), `pcd`
 * (7 characters, outward code padded to 4: 'B1  1AA') and `pcd2` (8 characters, padded to 5).
 * Upper case. Coordinates off the globe count as not found: the directory writes latitude
 * 99.999999 for a postcode without a grid reference.
 */
export function lookupPostcode(postcodes: ReadonlyMap<string, Coordinates>, postcode: string | null): Coordinates | null {
  if (postcode === null) return null
  const exact = postcodes.get(postcode)
  if (exact !== undefined) return validCoordinates(exact)
  const compact = postcode.replace(/\s+/g, '').toUpperCase()
  if (compact === '') return null
  const keys = [compact]
  if (compact.length >= 5) {
    const outward = compact.slice(0, -3)
    const inward = compact.slice(-3)
    keys.push(`${outward} ${inward}`, outward.padEnd(4, ' ') + inward, outward.padEnd(5, ' ') + inward)
  }
  for (const key of keys) {
    const found = postcodes.get(key)
    if (found !== undefined) return validCoordinates(found)
  }
  return null
}

function validCoordinates(found: Coordinates): Coordinates | null {
  return Number.isFinite(found.lat) && Number.isFinite(found.lon) && Math.abs(found.lat) <= 90 && Math.abs(found.lon) <= 180 ? found : null
}

// ---------------------------------------------------------------------------------------------
// Counting

class Tally {
  private readonly counts = new Map<string, number>()
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }
  /** Keys with a count (none are 0), in `order` first, then the other codes in code order, `unknown` last. */
  toRecord(order: readonly string[] = []): Record<string, number> {
    const rank = (key: string): number => {
      const i = order.indexOf(key)
      return i >= 0 ? i : key === UNKNOWN_KEY ? order.length + 1 : order.length
    }
    const keys = [...this.counts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(keys.map((key) => [key, this.counts.get(key) ?? 0]))
  }
}

const codeOrUnknown = (code: string | null): string => (code === null || code.trim() === '' ? UNKNOWN_KEY : code)

/** Issue 5: "`byAgeBand`: `under1`, `1to4`, `5to9`, `10to15`, `16plus`", ages in whole years at D. */
export function ageBand(age: number): AgeBand {
  if (age < 1) return 'under1'
  if (age < 5) return '1to4'
  if (age < 10) return '5to9'
  if (age < 16) return '10to15'
  return '16plus'
}

/** Issue 5: "Ages are whole years at D" (the birthday itself counts). Null without a Header row, or with a DOB after D. */
function ageAt(header: HeaderRow | undefined, at: string): number | null {
  if (header === undefined || header.dob > at) return null
  return ageOn(header.dob, at)
}

// ---------------------------------------------------------------------------------------------
// One child's episodes

interface ChildFacts {
  /** The episode open at D with the latest DECOM, or null when not looked after at D. */
  current: EpisodeRow | null
  currentIndex: number
  /** Had an episode open on the day before yearStart. */
  openBeforeYear: boolean
  /** Episodes with DECOM in the year, RNE S/P/B, PLACE not T0-T4. */
  placementsStartedInYear: number
  /** The latest RNE S episode with DECOM in the year. */
  latestStart: EpisodeRow | null
  /** The latest episode with REC present and not X1 and DEC in the year. */
  latestCeased: EpisodeRow | null
  /** Index of the latest RNE S episode with DECOM ≤ D: the start of the current period of care. */
  periodStartIndex: number
  /** Index of the last episode with DECOM ≤ D. */
  lastIndexAtD: number
}

/** One pass over a child's episodes (in DECOM order) for everything the indicators need from them. */
function childFacts(episodes: readonly EpisodeRow[], at: string, yearStart: string, dayBeforeYear: string): ChildFacts {
  const facts: ChildFacts = {
    current: null,
    currentIndex: -1,
    openBeforeYear: false,
    placementsStartedInYear: 0,
    latestStart: null,
    latestCeased: null,
    periodStartIndex: -1,
    lastIndexAtD: -1,
  }
  for (let i = 0; i < episodes.length; i++) {
    const episode = episodes[i]
    if (episode === undefined) continue
    // "The latest such episode" for ceasing is the one with the latest DEC (then the latest DECOM,
    // as the episodes come in DECOM order).
    if (episode.dec !== null && episode.rec !== null && episode.rec !== 'X1' && episode.dec >= yearStart && episode.dec <= at) {
      if (facts.latestCeased === null || episode.dec >= (facts.latestCeased.dec ?? '')) facts.latestCeased = episode
    }
    if (episode.decom > at) continue
    facts.lastIndexAtD = i
    // In DECOM order, so the last one seen has the latest DECOM ("the latest DECOM if a child has two").
    if (isOpenAt(episode, at)) {
      facts.current = episode
      facts.currentIndex = i
    }
    if (isOpenAt(episode, dayBeforeYear)) facts.openBeforeYear = true
    if (episode.rne === 'S') facts.periodStartIndex = i
    const decomInYear = episode.decom >= yearStart
    if (decomInYear && startsPlacement(episode)) facts.placementsStartedInYear++
    if (decomInYear && episode.rne === 'S') facts.latestStart = episode
  }
  return facts
}

/**
 * The latest non-temporary RNE S/P/B episode between two indexes (inclusive), searching back
 * from `to`; its DECOM, or null when there is none.
 */
function placementStartBetween(episodes: readonly EpisodeRow[], from: number, to: number): string | null {
  for (let i = to; i >= from; i--) {
    const episode = episodes[i]
    if (episode !== undefined && startsPlacement(episode)) return episode.decom
  }
  return null
}

/**
 * Issue 5 (`longTermStability`): "the current placement starts at the latest non-temporary RNE
 * `S`/`P`/`B` episode of the current period; for a child placed for adoption with their foster
 * carers (`A3`/`A5`), it starts at the foster placement (`U1`-`U6`) just before, when there is one
 * in the period." (NI 63 counts an adoption placement with the child's own foster carers as the
 * same placement.)
 *
 * Read as: the current period is the episodes from the latest RNE S episode to the last with
 * DECOM ≤ D. When the episode open at D is A3/A5, go back over the run of A3/A5 episodes that
 * ends with it; if the episode just before that run is in the period and is U1-U6, the placement
 * starts where that foster placement started, i.e. at the latest non-temporary S/P/B episode up
 * to and including that foster episode (an RNE L legal-status change during the foster placement
 * does not restart it), or at the foster episode itself when there is none.
 */
function currentPlacementStart(episodes: readonly EpisodeRow[], facts: ChildFacts): string | null {
  if (facts.periodStartIndex < 0) return null
  const current = facts.current
  if (current !== null && isAdoptionByFosterCarer(current.place) && facts.currentIndex >= facts.periodStartIndex) {
    let runStart = facts.currentIndex
    while (runStart - 1 >= facts.periodStartIndex && isAdoptionByFosterCarer(episodes[runStart - 1]?.place ?? null)) runStart--
    const before = episodes[runStart - 1]
    if (runStart - 1 >= facts.periodStartIndex && before !== undefined && isFosterPlacement(before.place)) {
      return placementStartBetween(episodes, facts.periodStartIndex, runStart - 1) ?? before.decom
    }
  }
  return placementStartBetween(episodes, facts.periodStartIndex, facts.lastIndexAtD)
}

// ---------------------------------------------------------------------------------------------
// The indicators

/**
 * Every indicator of issue 5 at the date `at` (D), from one organisation's SSDA903 tables.
 *
 * Interpretations where the issue does not say (each is also written where it applies):
 * - A blank code is counted under the key `unknown` in every breakdown, except that "children with
 *   a blank provider are not counted in `byPlacementProvider`" (the issue). A child with
 *   episodes but no Header row is `unknown` in `bySex`, `byEthnicity` and `byAgeBand`; so is a
 *   child whose DOB is after D in `byAgeBand`. Keys with no children are left out; keys are in code
 *   order (`M`, `F`, `U` for sex; age order for bands), `unknown` last.
 * - A child with no age (above) is in neither age-limited cohort (long-term stability: under 16;
 *   SDQ: 5 to 16) but is in the all-ages health cohort.
 * - The "current period of care" starts at the latest RNE S episode with DECOM ≤ D; a child with
 *   no such episode has no known period start and is in none of the period-based cohorts
 *   (long-term stability, SDQ, health). A period with no non-temporary S/P/B episode has no
 *   placement start and is never in the long-term stability numerator.
 * - OC2 carries no collection year: the caller passes the OC2 rows of the return that belongs to
 *   D; when a child has several, the last row wins. An SDQ_SCORE is "present" when it is a whole
 *   number 0-40 (the scale's range); anything else is not a score.
 * - UASC: a child counts when any of their UASC rows has DUC empty or after D.
 * - `placedOver20Miles`, and every "of the open episode" breakdown, use the episode open at D with
 *   the latest DECOM (the later row when two share it). Not known also covers a blank or unlisted
 *   postcode; more than 20 miles is `over`, exactly 20 is `within`.
 * - "The latest such episode" for `ceasedByReason` is the one with the latest DEC (then DECOM).
 * - `threeOrMorePlacements` is literal: the episode open the day before `yearStart` counts 1 even
 *   when it is a temporary placement, and RNE T and U episodes never count.
 * - Header rows: when a child has several, the last wins. Dates in the rows are assumed to be
 *   valid ISO dates (the importer refuses others); `at` is checked.
 */
export function computeIndicators(data: Ssda903Data, at: string, options: IndicatorOptions = {}): Ssda903Indicators {
  const yearStart = yearStartFor(at) // throws a RangeError unless `at` is a real ISO date
  const dayBeforeYear = addDays(yearStart, -1)
  const twelveMonthsBefore = monthsBefore(at, 12)
  const twentyFourMonthsBefore = monthsBefore(at, 24)
  const thirtyMonthsBefore = monthsBefore(at, 30)

  const episodesByChild = indexEpisodesByChild(data.episodes)
  const headerByChild = new Map<string, HeaderRow>()
  for (const row of data.header) headerByChild.set(row.child, row)
  const oc2ByChild = new Map<string, Oc2Row>()
  for (const row of data.oc2) oc2ByChild.set(row.child, row)
  // Issue 5: "`uasc`: of those, children with a UASC row whose DUC is empty or after D."
  const uascAtD = new Set<string>()
  for (const row of data.uasc) if (row.duc === null || row.duc > at) uascAtD.add(row.child)

  let lookedAfter = 0
  const byLegalStatus = new Tally()
  const byPlacementType = new Tally()
  const byPlacementProvider = new Tally()
  const bySex = new Tally()
  const byEthnicity = new Tally()
  const byAgeBand = new Tally()
  let uasc = 0
  let startedInYear = 0
  const startedByCategoryOfNeed = new Tally()
  let ceasedInYear = 0
  const ceasedByReason = new Tally()
  let threeOrMore = 0
  let stabilityDenominator = 0
  let stabilityNumerator = 0
  const sdq = { eligible: 0, withScore: 0, sum: 0, normal: 0, borderline: 0, concern: 0 }
  const health = { cohort: 0, healthAssessment: 0, immunisations: 0, teethCheck: 0 }
  const distance: DistanceIndicator = { over: 0, within: 0, notKnown: 0 }

  for (const [child, episodes] of episodesByChild) {
    const facts = childFacts(episodes, at, yearStart, dayBeforeYear)

    // Issue 5: "`startedInYear`: distinct children with an episode with RNE `S` and DECOM in the
    // year; `startedByCategoryOfNeed` by the CIN of the latest such episode." (DfE: children who
    // started to be looked after during the year.)
    if (facts.latestStart !== null) {
      startedInYear++
      startedByCategoryOfNeed.add(codeOrUnknown(facts.latestStart.cin))
    }

    // Issue 5: "`ceasedInYear`: distinct children with an episode whose REC is present and not
    // `X1` and DEC in the year; `ceasedByReason` by the REC of the latest such episode." (DfE:
    // children who ceased to be looked after during the year, by reason.)
    if (facts.latestCeased !== null) {
      ceasedInYear++
      ceasedByReason.add(codeOrUnknown(facts.latestCeased.rec))
    }

    // Issue 5: "`lookedAfter`: distinct children with an episode open at D." (DfE: children looked
    // after at 31 March, when D is 31 March.)
    const current = facts.current
    if (current === null) continue
    lookedAfter++

    // Issue 5: "`byLegalStatus`, `byPlacementType`, `byPlacementProvider`: of those, by the LS,
    // PLACE and PLACE_PROVIDER of the open episode (the latest DECOM if a child has two); children
    // with a blank provider are not counted in `byPlacementProvider`."
    byLegalStatus.add(codeOrUnknown(current.ls))
    byPlacementType.add(codeOrUnknown(current.place))
    if (current.placeProvider !== null && current.placeProvider.trim() !== '') byPlacementProvider.add(current.placeProvider)

    // Issue 5: "`bySex` (keyed `M`/`F`/`U`), `byEthnicity` from Header; `byAgeBand`: `under1`,
    // `1to4`, `5to9`, `10to15`, `16plus`." Ages are whole years at D.
    const header = headerByChild.get(child)
    const age = ageAt(header, at)
    bySex.add(header?.sex ?? UNKNOWN_KEY)
    byEthnicity.add(codeOrUnknown(header?.ethnic ?? null))
    byAgeBand.add(age === null ? UNKNOWN_KEY : ageBand(age))

    if (uascAtD.has(child)) uasc++

    // Issue 5 (former NI 62, "Stability of placements of looked after children: number of
    // moves"; DfE: children looked after at 31 March with three or more placements during the
    // year): "denominator `lookedAfter`; numerator those with 3 or more placements in the year,
    // where placements = 1 if the child had an episode open on the day before `yearStart`, plus
    // the number of episodes with DECOM in the year, RNE `S`, `P` or `B`, and PLACE not a
    // temporary placement (`T0`-`T4`)." Literally: the episode open the day before counts 1
    // whatever its PLACE, so a temporary placement open at the year's start counts; RNE T and U
    // episodes do not count.
    const placements = (facts.openBeforeYear ? 1 : 0) + facts.placementsStartedInYear
    if (placements >= 3) threeOrMore++

    // Issue 5: "current period of care (from their latest RNE `S` episode)".
    const periodStart = facts.periodStartIndex >= 0 ? (episodes[facts.periodStartIndex]?.decom ?? null) : null

    // Issue 5 (former NI 63, "Stability of placements of looked after children: length of
    // placement"; DfE: children under 16 looked after for 2.5 years or more, in the same placement
    // for 2 years or more): "denominator children looked after at D, aged under 16, whose current
    // period of care (from their latest RNE `S` episode) started on or before the date 30 months
    // before D; numerator those whose current placement started on or before the date 24 months
    // before D" (the placement start: `currentPlacementStart`).
    if (age !== null && age < 16 && periodStart !== null && periodStart <= thirtyMonthsBefore) {
      stabilityDenominator++
      const placementStart = currentPlacementStart(episodes, facts)
      if (placementStart !== null && placementStart <= twentyFourMonthsBefore) stabilityNumerator++
    }

    // Issue 5: the 12-month cohort, "children looked after at D whose current period of care
    // started on or before the date 12 months before D" (DfE: looked after continuously for at
    // least 12 months at 31 March, the children the OC2 table is returned for).
    if (periodStart !== null && periodStart <= twelveMonthsBefore) {
      const oc2 = oc2ByChild.get(child)

      // Issue 5: "`health`: the same 12-month cohort, all ages: `cohort` and the percentages
      // `healthAssessment` (OC2 HEALTH_ASSESSMENT), `immunisations`, `teethCheck` (TEETH_CHECK)
      // equal to 1." A child in the cohort without an OC2 row counts in the cohort only.
      health.cohort++
      if (oc2?.healthAssessment === 1) health.healthAssessment++
      if (oc2?.immunisations === 1) health.immunisations++
      if (oc2?.teethCheck === 1) health.teethCheck++

      // Issue 5: "`sdq`: cohort ... aged 5 to 16; `eligible`, `withScore` (an OC2 SDQ_SCORE
      // present), `completionPercent`, `average` (one decimal), `bands` with `normal` 0-13,
      // `borderline` 14-16, `concern` 17-40." (DfE: SDQ for children aged 5 to 16 looked after
      // continuously for 12 months; 17+ is a cause for concern.)
      if (age !== null && age >= 5 && age <= 16) {
        sdq.eligible++
        const score = oc2?.sdqScore ?? null
        if (score !== null && Number.isInteger(score) && score >= 0 && score <= 40) {
          sdq.withScore++
          sdq.sum += score
          if (score <= 13) sdq.normal++
          else if (score <= 16) sdq.borderline++
          else sdq.concern++
        }
      }
    }

    // Issue 5: "`placedOver20Miles`: `over`, `within`, `notKnown` from straight-line distance
    // between HOME_POST and PL_POST when a postcode-to-coordinates table is loaded ...; otherwise
    // every child looked after is `notKnown`." (DfE: children placed more than 20 miles from home.)
    // Not known also when either postcode is blank or not in the table.
    const home = options.postcodes === undefined ? null : lookupPostcode(options.postcodes, current.homePost)
    const placement = options.postcodes === undefined ? null : lookupPostcode(options.postcodes, current.plPost)
    if (home === null || placement === null) distance.notKnown++
    else if (haversineMiles(home, placement) > DISTANCE_THRESHOLD_MILES) distance.over++
    else distance.within++
  }

  return {
    at,
    yearStart,
    lookedAfter,
    ratePer10000: ratePer10000(lookedAfter, options.population, at),
    byLegalStatus: byLegalStatus.toRecord(),
    byPlacementType: byPlacementType.toRecord(),
    byPlacementProvider: byPlacementProvider.toRecord(),
    bySex: bySex.toRecord(['M', 'F', 'U']),
    byEthnicity: byEthnicity.toRecord(),
    byAgeBand: byAgeBand.toRecord(AGE_BANDS),
    uasc,
    startedInYear,
    startedByCategoryOfNeed: startedByCategoryOfNeed.toRecord(),
    ceasedInYear,
    ceasedByReason: ceasedByReason.toRecord(),
    threeOrMorePlacements: { numerator: threeOrMore, denominator: lookedAfter, percent: percentOneDecimal(threeOrMore, lookedAfter) },
    longTermStability: { numerator: stabilityNumerator, denominator: stabilityDenominator, percent: percentOneDecimal(stabilityNumerator, stabilityDenominator) },
    sdq: {
      eligible: sdq.eligible,
      withScore: sdq.withScore,
      completionPercent: percentOneDecimal(sdq.withScore, sdq.eligible),
      average: meanOneDecimal(sdq.sum, sdq.withScore),
      bands: { normal: sdq.normal, borderline: sdq.borderline, concern: sdq.concern },
    },
    health: {
      cohort: health.cohort,
      healthAssessment: percentOneDecimal(health.healthAssessment, health.cohort),
      immunisations: percentOneDecimal(health.immunisations, health.cohort),
      teethCheck: percentOneDecimal(health.teethCheck, health.cohort),
    },
    placedOver20Miles: distance,
  }
}

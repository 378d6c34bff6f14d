/**
 * A synthetic SSDA903 history (issue 5, "Synthetic data and speed"): realistic, wholly invented
 * children in care, written as the DfE validator's CSV files (header.csv, episodes.csv, uasc.csv,
 * oc2.csv) for the import, the tests and the benchmarks. Deterministic for a seed: the same
 * options write the same bytes. No real person's data is used or resembled on purpose.
 *
 * Each child has one or more periods of care: a start (RNE S) with a legal status and category of
 * need, then placement moves (P), legal status changes (L), changes of both (B), short temporary
 * placements (T0-T4) that return to a placement, a return home or other ending (REC), and for
 * some a re-entry later. Ages run from babies to 17; a period ends at the 18th birthday at the
 * latest. About one in twenty teenagers is an unaccompanied asylum-seeking child (UASC). OC2 rows
 * (with SDQ scores for ages 5 to 16) are written for the children looked after continuously for
 * the twelve months to the last 31 March.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { addCalendarMonths, ageOn } from '../../platform/time/index.js'
import { toDayNumber, fromDayNumber } from '../../platform/time/iso-date.js'

export interface GeneratorOptions {
  children: number
  years: number
  seed: number
  out: string
  /** The last day of the history (default 31 March 2025): a fixed date, so a seed always gives the same files. */
  end?: string
}

export interface GeneratorSummary {
  children: number
  episodes: number
  uasc: number
  oc2: number
  end: string
}

/** Children in care when the history begins started up to two years before it: their earlier episodes are written too. */
const RUN_IN_DAYS = 2 * 365

/** mulberry32: a small, fast, well-mixed 32-bit generator; plenty for synthetic data, and deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Weighted<T> = ReadonlyArray<readonly [T, number]>

const ETHNICITY: Weighted<string> = [
  ['WBRI', 70],
  ['WIRI', 1],
  ['WOTH', 4],
  ['WROM', 1],
  ['MWBC', 4],
  ['MWBA', 1],
  ['MWAS', 2],
  ['MOTH', 3],
  ['AIND', 1],
  ['APKN', 2],
  ['ABAN', 1],
  ['AOTH', 1],
  ['BCRB', 1],
  ['BAFR', 3],
  ['BOTH', 1],
  ['CHNE', 1],
  ['OOTH', 2],
  ['REFU', 1],
]
const LEGAL_STATUS_AT_START: Weighted<string> = [
  ['V2', 40],
  ['C2', 35],
  ['C1', 15],
  ['L2', 4],
  ['J2', 2],
  ['E1', 4],
]
const CATEGORY_OF_NEED: Weighted<string> = [
  ['N1', 62],
  ['N2', 4],
  ['N3', 4],
  ['N4', 14],
  ['N5', 6],
  ['N6', 2],
  ['N7', 2],
  ['N8', 6],
]
/** Placements by age group: babies to foster and kinship care, teenagers more to children's homes and supported accommodation. */
const PLACEMENT_YOUNG: Weighted<string> = [
  ['U4', 30],
  ['U6', 25],
  ['U1', 15],
  ['U3', 10],
  ['U5', 8],
  ['P1', 6],
  ['R3', 3],
  ['A5', 3],
]
const PLACEMENT_TEEN: Weighted<string> = [
  ['U4', 20],
  ['U6', 20],
  ['U1', 8],
  ['K2', 22],
  ['H5', 15],
  ['P1', 5],
  ['S1', 3],
  ['R1', 2],
  ['K1', 1],
]
const ENDING: Weighted<string> = [
  ['E4A', 35],
  ['E13', 12],
  ['E11', 6],
  ['E12', 4],
  ['E41', 6],
  ['E3', 8],
  ['E8', 12],
  ['E15', 3],
  ['E17', 8],
  ['E9', 3],
  ['E7', 3],
]
const TEMPORARY: Weighted<string> = [
  ['T1', 40],
  ['T2', 20],
  ['T3', 25],
  ['T4', 15],
]
const REASON_PLACE_CHANGE: Weighted<string> = [
  ['CARPL', 30],
  ['CHILD', 20],
  ['LAREQ', 25],
  ['PLACE', 15],
  ['OTHER', 10],
]
const POSTCODE_AREAS = ['DE1', 'DE3', 'DE21', 'DE22', 'DE23', 'DE24', 'NG1', 'NG9', 'S40', 'LE11', 'ST14', 'B15']

function pick<T>(rnd: () => number, table: Weighted<T>): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0)
  let r = rnd() * total
  for (const [value, weight] of table) {
    r -= weight
    if (r < 0) return value
  }
  const last = table[table.length - 1]
  if (!last) throw new Error('empty table')
  return last[0]
}

function providerFor(place: string, rnd: () => number): string {
  if (place === 'P1') return 'PR0'
  if (/^U[1-3]$/.test(place) || /^A[3-6]$/.test(place)) return 'PR1'
  if (/^U[4-6]$/.test(place)) return rnd() < 0.55 ? 'PR1' : 'PR4'
  if (place === 'K2' || place === 'S1' || place === 'H5') return rnd() < 0.7 ? 'PR4' : rnd() < 0.5 ? 'PR1' : 'PR5'
  if (place === 'R1' || place === 'R3' || place === 'K1') return 'PR3'
  return 'PR0'
}

/** dd/mm/yyyy, as the DfE files have their dates. */
function dfeDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

function postcode(rnd: () => number): string {
  const area = POSTCODE_AREAS[Math.floor(rnd() * POSTCODE_AREAS.length)] ?? 'DE1'
  const letters = 'ABDEFGHJLNPQRSTUWXYZ'
  const l = () => letters[Math.floor(rnd() * letters.length)] ?? 'A'
  return `${area} ${1 + Math.floor(rnd() * 9)}${l()}${l()}`
}

/** A writer that gathers lines and writes them in large pieces: memory stays flat however many rows. */
class CsvFile {
  private readonly fd: number
  private lines: string[] = []
  rows = 0
  constructor(path: string, header: string) {
    this.fd = openSync(path, 'w')
    writeSync(this.fd, `${header}\n`)
  }
  add(cells: ReadonlyArray<string | number | null>): void {
    this.lines.push(cells.map((c) => (c === null ? '' : String(c))).join(','))
    this.rows++
    if (this.lines.length >= 5000) this.flush()
  }
  flush(): void {
    if (this.lines.length) writeSync(this.fd, `${this.lines.join('\n')}\n`)
    this.lines = []
  }
  close(): void {
    this.flush()
    closeSync(this.fd)
  }
}

interface Episode {
  decom: string
  rne: string
  ls: string
  cin: string
  place: string
  provider: string
  dec: string | null
  rec: string | null
  reason: string | null
  homePost: string
  plPost: string
}

/** Writes the files into `out` (made if need be) and answers what was written. */
export function generateSsda903(options: GeneratorOptions): GeneratorSummary {
  const end = options.end ?? '2025-03-31'
  const rnd = random(options.seed)
  const windowStart = addCalendarMonths(end, -12 * options.years)
  const startDay = toDayNumber(windowStart)
  const endDay = toDayNumber(end)
  const lastMarch = end.slice(5) >= '03-31' ? `${end.slice(0, 4)}-03-31` : `${Number(end.slice(0, 4)) - 1}-03-31`
  const oc2From = addCalendarMonths(lastMarch, -12)
  mkdirSync(options.out, { recursive: true })
  const header = new CsvFile(join(options.out, 'header.csv'), 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB')
  const episodes = new CsvFile(join(options.out, 'episodes.csv'), 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN')
  const uasc = new CsvFile(join(options.out, 'uasc.csv'), 'CHILD,SEX,DOB,DUC')
  const oc2 = new CsvFile(
    join(options.out, 'oc2.csv'),
    'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED',
  )

  for (let i = 0; i < options.children; i++) {
    const child = String(1_000_000 + i)
    const sex = rnd() < 0.55 ? 'M' : 'F'
    // Age at first entry: a fifth are babies, a third young teenagers.
    const ageGroup = rnd()
    const entryAge =
      ageGroup < 0.2
        ? 0
        : ageGroup < 0.35
          ? 1 + Math.floor(rnd() * 4)
          : ageGroup < 0.5
            ? 5 + Math.floor(rnd() * 5)
            : ageGroup < 0.85
              ? 10 + Math.floor(rnd() * 6)
              : 16 + Math.floor(rnd() * 2)
    // Entries are spread over the window and the years before it, so the window opens with children already in care.
    const firstEntryDay = startDay - RUN_IN_DAYS + Math.floor(rnd() * (endDay - startDay + RUN_IN_DAYS))
    const entryDay = Math.min(firstEntryDay, endDay - 1)
    const dob = fromDayNumber(entryDay - entryAge * 365 - Math.floor(rnd() * 360) - 1)
    const eighteenth = addCalendarMonths(dob, 18 * 12)
    const isUasc = entryAge >= 14 && rnd() < 0.12 && sex === 'M' ? true : entryAge >= 14 && rnd() < 0.02
    header.add([
      child,
      sex,
      dfeDate(dob),
      isUasc
        ? pick(rnd, [
            ['OOTH', 5],
            ['AOTH', 3],
            ['BAFR', 3],
          ] as const)
        : pick(rnd, ETHNICITY),
      null,
      null,
      null,
    ])
    if (isUasc) uasc.add([child, sex, dfeDate(dob), eighteenth <= end ? dfeDate(eighteenth) : null])

    const rows: Episode[] = []
    let day = entryDay
    let period = 0
    const homePost = postcode(rnd)
    while (day < endDay && period < 3) {
      period++
      const start = fromDayNumber(day)
      if (start >= eighteenth) break
      const age = ageOn(dob, start)
      let ls = isUasc ? 'V2' : pick(rnd, LEGAL_STATUS_AT_START)
      const cin = isUasc ? 'N8' : pick(rnd, CATEGORY_OF_NEED)
      let place = pick(rnd, age < 12 ? PLACEMENT_YOUNG : PLACEMENT_TEEN)
      let rne = 'S'
      let reason: string | null = null
      // How long this period lasts: short stays are common, long ones stay.
      const periodDays = rnd() < 0.35 ? 10 + Math.floor(rnd() * 180) : 180 + Math.floor(rnd() * 365 * 6)
      const periodEndDay = Math.min(day + periodDays, toDayNumber(eighteenth))
      let episodeStart = day
      let provider = providerFor(place, rnd)
      let plPost = place === 'P1' ? homePost : postcode(rnd)
      for (let moves = 0; ; moves++) {
        const length = place.startsWith('T') ? 3 + Math.floor(rnd() * 25) : 30 + Math.floor(rnd() * 500)
        const episodeEnd = episodeStart + length
        const startIso = fromDayNumber(episodeStart)
        if (moves >= 25 || episodeEnd >= periodEndDay || episodeEnd >= endDay) {
          // The period ends (or the history does, leaving it open).
          const closesDay = Math.min(periodEndDay, endDay + 1)
          const closes = closesDay <= endDay ? fromDayNumber(closesDay) : null
          const atEighteen = closes !== null && closes >= eighteenth
          const rec =
            closes === null
              ? null
              : atEighteen
                ? pick(rnd, [
                    ['E3', 4],
                    ['E8', 3],
                    ['E17', 3],
                  ] as const)
                : pick(rnd, ENDING)
          rows.push({ decom: startIso, rne, ls, cin, place, provider, dec: closes, rec, reason, homePost, plPost })
          day = closesDay
          break
        }
        rows.push({ decom: startIso, rne, ls, cin, place, provider, dec: fromDayNumber(episodeEnd), rec: 'X1', reason, homePost, plPost })
        episodeStart = episodeEnd
        const change = rnd()
        const before = place
        if (place.startsWith('T')) {
          // Back from a temporary placement to a placement.
          place = pick(rnd, ageOn(dob, fromDayNumber(episodeStart)) < 12 ? PLACEMENT_YOUNG : PLACEMENT_TEEN)
          rne = 'P'
          reason = 'OTHER'
        } else if (change < 0.55) {
          place = pick(rnd, ageOn(dob, fromDayNumber(episodeStart)) < 12 ? PLACEMENT_YOUNG : PLACEMENT_TEEN)
          rne = 'P'
          reason = pick(rnd, REASON_PLACE_CHANGE)
        } else if (change < 0.75 && (ls === 'V2' || ls === 'C1' || ls === 'C2')) {
          // A legal status change: accommodated or interim order to a full care order, or a care order to a placement order.
          ls = ls === 'C2' ? 'E1' : 'C2'
          rne = 'L'
          reason = null
        } else if (change < 0.88) {
          ls = ls === 'V2' ? 'C1' : ls
          place = pick(rnd, ageOn(dob, fromDayNumber(episodeStart)) < 12 ? PLACEMENT_YOUNG : PLACEMENT_TEEN)
          rne = 'B'
          reason = pick(rnd, REASON_PLACE_CHANGE)
        } else {
          place = pick(rnd, TEMPORARY)
          rne = 'P'
          reason = 'OTHER'
        }
        // A new placement has its own provider and address; a legal status change keeps them.
        if (rne !== 'L') {
          provider = providerFor(place, rnd)
          plPost = place === 'P1' ? homePost : postcode(rnd)
        } else if (place !== before) throw new Error('a legal status change moved the child')
      }
      // A return home, and for some a re-entry months or years later.
      if (rnd() < 0.75) break
      day += 60 + Math.floor(rnd() * 900)
    }
    for (const e of rows) {
      episodes.add([
        child,
        dfeDate(e.decom),
        e.rne,
        e.ls,
        e.cin,
        e.place,
        e.provider,
        e.dec ? dfeDate(e.dec) : null,
        e.rec,
        e.rne === 'S' || e.rne === 'L' ? null : e.reason,
        e.homePost,
        e.plPost,
        null,
      ])
    }

    // OC2: looked after continuously for the twelve months to the last 31 March (one period, open then, started by 12 months before).
    const openAtMarch = rows.find((e) => e.decom <= lastMarch && (e.dec === null || e.dec > lastMarch))
    if (openAtMarch) {
      const index = rows.indexOf(openAtMarch)
      let periodStart = openAtMarch.decom
      for (let k = index; k >= 0; k--) {
        const e = rows[k]
        if (e?.rne === 'S') {
          periodStart = e.decom
          break
        }
      }
      if (periodStart <= oc2From) {
        const age = ageOn(dob, lastMarch)
        const scored = age >= 5 && age <= 16 && rnd() < 0.82
        const sdq = scored ? Math.min(40, Math.max(0, Math.round(13 + (rnd() + rnd() + rnd() - 1.5) * 14))) : null
        const flag = (p: number) => (rnd() < p ? 1 : 0)
        oc2.add([
          child,
          dfeDate(dob),
          sdq,
          age >= 5 && age <= 16 && !scored
            ? pick(rnd, [
                ['SDQ1', 3],
                ['SDQ2', 2],
                ['SDQ4', 4],
              ] as const)
            : null,
          age >= 10 ? flag(0.04) : null,
          age < 5 ? flag(0.9) : null,
          flag(0.88),
          flag(0.7),
          flag(0.9),
          flag(0.05),
          null,
          null,
        ])
      }
    }
  }
  header.close()
  episodes.close()
  uasc.close()
  oc2.close()
  return { children: header.rows, episodes: episodes.rows, uasc: uasc.rows, oc2: oc2.rows, end }
}

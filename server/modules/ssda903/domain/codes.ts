/**
 * The DfE SSDA903 code lists, by collection year where they differ.
 *
 * A collection year is named here by the year it ends: 2024 is the return for
 * 1 April 2023 to 31 March 2024 (the DfE's "2023 to 2024", the validator's "2023/24"),
 * the same convention as `edge-of-care ssda903 import --year YYYY`.
 *
 * Sources, all kept under `../shared/data/ssda903-samples/` or quoted from the
 * projects those samples come from:
 * - [schema-2024] liia-tools `SSDA903_schema_2024.yml` (kept in `liia-tools/`): the base list for every field.
 * - [schema-2017] liia-tools `liiatools/spec/s903/SSDA903_schema_2017.yml` (SocialFinanceDigitalLabs/liia-tools):
 *   the older REC and REASON_PLACE_CHANGE lists. liia-tools ships one schema per year; its 2017 and 2018
 *   files are the same size and its 2019, 2020 and 2021 files another, and the 2021 file already has the
 *   current lists, so the change is taken to apply from the 2019 year (2018/19).
 * - [validator-YY] the DfE 903 validator (data-to-insight/csc-validator-be-903), whose rule lists for
 *   2023/24 and 2024/25 are kept in `csc-validator-be-903/903_20xx_rule_info.csv`, and whose per-year
 *   rule code (`lac_validator/rules/lac2022_23`, `lac2023_24`, `lac2024_25`) holds the lists it checks.
 *
 * Codes are compared exactly as the DfE validator compares them: case matters ('c1' is not 'C1').
 */

export type CollectionYear = number

/** The collection year (by its end) that a date falls in: 2017-04-01 to 2018-03-31 is 2018. */
export function collectionYearOf(isoDate: string): CollectionYear {
  const year = Number(isoDate.slice(0, 4))
  const month = Number(isoDate.slice(5, 7))
  return month >= 4 ? year + 1 : year
}

/** '2023/24' for 2024. */
export function collectionYearLabel(year: CollectionYear): string {
  return `${year - 1}/${String(year % 100).padStart(2, '0')}`
}

/** One version of a code list: valid for the collection years `from` to `to` inclusive (open-ended when absent). */
export interface CodeListVersion {
  from?: CollectionYear
  to?: CollectionYear
  codes: readonly string[]
  source: string
}

export type CodeField =
  | 'LS'
  | 'RNE'
  | 'CIN'
  | 'PLACE'
  | 'PLACE_PROVIDER'
  | 'REC'
  | 'REASON_PLACE_CHANGE'
  | 'ETHNIC'
  | 'SEX'
  | 'SDQ_REASON'
  | 'OC2_FLAG'
  | 'REVIEW_CODE'
  | 'MISSING'
  | 'IN_TOUCH'
  | 'SEX_ADOPTR'
  | 'LS_ADOPTR'
  | 'FOSTER_CARE'
  | 'REASON_PLACED_CEASED'
  | 'PREV_PERM'
  | 'SW_REASON'

/** Temporary placements (holiday, hospital, other short stays): they never start a period of care or count as a placement move. */
export const TEMPORARY_PLACEMENTS: readonly string[] = ['T0', 'T1', 'T2', 'T3', 'T4']

const PLACE_BEFORE_2025 = [
  'A3',
  'A4',
  'A5',
  'A6',
  'H5',
  'K1',
  'K2',
  'P1',
  'P2',
  'P3',
  'R1',
  'R2',
  'R3',
  'R5',
  'S1',
  'T0',
  'T1',
  'T2',
  'T3',
  'T4',
  'U1',
  'U2',
  'U3',
  'U4',
  'U5',
  'U6',
  'Z1',
] as const

const REC_COMMON = ['X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E5', 'E6', 'E7', 'E9', 'E14', 'E15', 'E16', 'E17', 'E8'] as const

const REASON_PLACE_CHANGE_BEFORE_2019 = ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'OTHER'] as const

export const CODE_LISTS: Readonly<Record<CodeField, readonly CodeListVersion[]>> = {
  // Episodes.RNE, reason for new episode. [schema-2024]; the same in [schema-2017] and [validator-22/23] rule 143.
  RNE: [{ codes: ['S', 'L', 'P', 'T', 'B', 'U'], source: 'SSDA903_schema_2024.yml Episodes.RNE (unchanged since the 2017 schema; validator rule 143)' }],
  // Episodes.LS, legal status. D1 (freeing order) and E1 (placement order) are both listed; which one applies
  // depends on the episode's start date (rules 445 and 446), not on the year of the return.
  LS: [
    {
      codes: ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3'],
      source: 'SSDA903_schema_2024.yml Episodes.LS (unchanged since the 2017 schema; validator rule 144)',
    },
  ],
  // Episodes.CIN, category of need.
  CIN: [{ codes: ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'], source: 'SSDA903_schema_2024.yml Episodes.CIN (unchanged since the 2017 schema; validator rule 145)' }],
  // Episodes.PLACE, placement type. P2 (independent living) stops being valid for episodes open after
  // 28 October 2023 (rule 217t in the 2023/24 list), but stays in the list for earlier episodes.
  // 2024/25 adds K3, supported accommodation not subject to children's homes regulations: the validator's
  // lac2024_25/rule_146.py lists it (spelt 'k3', plainly a slip: its rule_371.py for the same year tests 'K3').
  PLACE: [
    { to: 2024, codes: PLACE_BEFORE_2025, source: 'SSDA903_schema_2024.yml Episodes.PLACE (unchanged since the 2017 schema; validator rule 146)' },
    { from: 2025, codes: [...PLACE_BEFORE_2025, 'K3'], source: 'validator lac2024_25/rule_146.py and rule_371.py: the 2024 schema list plus K3' },
  ],
  // Episodes.PLACE_PROVIDER; may be blank.
  PLACE_PROVIDER: [
    { codes: ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'], source: 'SSDA903_schema_2024.yml Episodes.PLACE_PROVIDER (unchanged since the 2017 schema; validator rule 178)' },
  ],
  // Episodes.REC, reason episode ceased; may be blank while the episode is open. Up to 2017/18 the special
  // guardianship and residence order reasons were E43 and E44; from 2018/19 they are E45 to E48.
  REC: [
    { to: 2018, codes: [...REC_COMMON, 'E43', 'E44'], source: 'liia-tools SSDA903_schema_2017.yml Episodes.REC (the 2018 schema file is the same)' },
    { from: 2019, codes: [...REC_COMMON, 'E45', 'E46', 'E47', 'E48'], source: 'SSDA903_schema_2024.yml Episodes.REC (as in the 2021 schema; validator rule 149)' },
  ],
  // Episodes.REASON_PLACE_CHANGE; may be blank. CUSTOD (custody arrangement) arrives with the 2018/19 year.
  REASON_PLACE_CHANGE: [
    { to: 2018, codes: REASON_PLACE_CHANGE_BEFORE_2019, source: 'liia-tools SSDA903_schema_2017.yml Episodes.REASON_PLACE_CHANGE' },
    {
      from: 2019,
      codes: [...REASON_PLACE_CHANGE_BEFORE_2019, 'CUSTOD'],
      source: 'SSDA903_schema_2024.yml Episodes.REASON_PLACE_CHANGE (as in the 2021 schema; validator rule 1009)',
    },
  ],
  // Header.ETHNIC.
  ETHNIC: [
    {
      codes: ['WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT'],
      source: 'SSDA903_schema_2024.yml Header.ETHNIC (unchanged since the 2017 schema; validator lac2024_25/rule_103.py)',
    },
  ],
  // Header.SEX and UASC.SEX as written in the file (the reader turns 1 into M and 2 into F).
  // 1 male / 2 female up to 2023/24; M / F / U (unknown) from 2024/25.
  SEX: [
    { to: 2024, codes: ['1', '2'], source: 'SSDA903_schema_2024.yml Header.SEX; validator rule 101 (2023/24)' },
    { from: 2025, codes: ['M', 'F', 'U'], source: 'validator lac2024_25/rule_101.py' },
  ],
  // OC2.SDQ_REASON; may be blank.
  SDQ_REASON: [{ codes: ['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'], source: 'SSDA903_schema_2024.yml OC2.SDQ_REASON (validator rule 196)' }],
  // OC2 CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE,
  // INTERVENTION_RECEIVED, INTERVENTION_OFFERED; may be blank.
  OC2_FLAG: [{ codes: ['0', '1'], source: 'SSDA903_schema_2024.yml OC2 flags (validator rule 181)' }],
  REVIEW_CODE: [{ codes: ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'], source: 'SSDA903_schema_2024.yml Reviews.REVIEW_CODE (validator rule 167)' }],
  MISSING: [{ codes: ['M', 'A'], source: 'SSDA903_schema_2024.yml Missing.MISSING (validator rule 1006)' }],
  IN_TOUCH: [{ codes: ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'], source: 'SSDA903_schema_2024.yml OC3.IN_TOUCH (validator rule 131)' }],
  SEX_ADOPTR: [{ codes: ['M1', 'F1', 'MM', 'FF', 'MF'], source: 'SSDA903_schema_2024.yml AD1.SEX_ADOPTR (validator rule 176)' }],
  LS_ADOPTR: [{ codes: ['L0', 'L11', 'L12', 'L2', 'L3', 'L4'], source: 'SSDA903_schema_2024.yml AD1.LS_ADOPTR (validator rule 177)' }],
  FOSTER_CARE: [{ codes: ['0', '1'], source: 'SSDA903_schema_2024.yml AD1.FOSTER_CARE (validator rule 114)' }],
  REASON_PLACED_CEASED: [{ codes: ['RD1', 'RD2', 'RD3', 'RD4'], source: 'SSDA903_schema_2024.yml PlacedAdoption.REASON_PLACED_CEASED (validator rule 120)' }],
  PREV_PERM: [{ codes: ['P1', 'P2', 'P3', 'P4', 'Z1'], source: 'SSDA903_schema_2024.yml PrevPerm.PREV_PERM (validator rule 631)' }],
  // SocialWorker.SW_REASON. The schema spells one code 'PCCHAN ' with a trailing space; the code is PCCHAN.
  SW_REASON: [
    {
      codes: ['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS'],
      source: 'SSDA903_schema_2024.yml SocialWorker.SW_REASON (validator rule SW13STG1)',
    },
  ],
}

function applies(version: CodeListVersion, year: CollectionYear): boolean {
  return (version.from === undefined || year >= version.from) && (version.to === undefined || year <= version.to)
}

const cache = new Map<string, ReadonlySet<string>>()

/**
 * The codes valid for `field` in collection year `year`; with no year, every code that
 * has been valid in any year (for a history whose years are not known).
 */
export function codesFor(field: CodeField, year?: CollectionYear): ReadonlySet<string> {
  const key = `${field}:${year ?? 'any'}`
  let set = cache.get(key)
  if (!set) {
    const versions = CODE_LISTS[field].filter((v) => year === undefined || applies(v, year))
    // A year before the first version or after the last still gets the nearest list.
    const chosen = versions.length > 0 ? versions : nearestVersion(CODE_LISTS[field], year ?? 0)
    set = new Set(chosen.flatMap((v) => v.codes))
    cache.set(key, set)
  }
  return set
}

function nearestVersion(versions: readonly CodeListVersion[], year: CollectionYear): CodeListVersion[] {
  const first = versions[0]
  const last = versions[versions.length - 1]
  if (!first || !last) return []
  return first.from !== undefined && year < first.from ? [first] : [last]
}

/** Where the list used for `field` in `year` comes from (for messages and reports). */
export function codeListSource(field: CodeField, year?: CollectionYear): string {
  const versions = CODE_LISTS[field].filter((v) => year === undefined || applies(v, year))
  return (versions.length > 0 ? versions : nearestVersion(CODE_LISTS[field], year ?? 0)).map((v) => v.source).join('; ')
}

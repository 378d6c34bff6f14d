/**
 * Equality monitoring (PRODUCT.md §4; source document 000 appendix 2, the Equality Impact
 * Assessment's promise to report "a demographic and characteristic profile of the children
 * ... supported"). Pure functions: the groups, the disproportionality ratio and its flag.
 */

export const CHARACTERISTICS = ['age_band', 'sex', 'ethnicity', 'send', 'disability'] as const
export type Characteristic = (typeof CHARACTERISTICS)[number]

export const CHARACTERISTIC_LABELS: Record<Characteristic, string> = {
  age_band: 'Age band',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  send: 'Special educational needs',
  disability: 'Disability',
}

/** Each characteristic's groups, in the order shown. Age bands outside 10-17 have no reference figure by default. */
export const GROUPS: Record<Characteristic, Array<{ code: string; label: string }>> = {
  age_band: [
    { code: 'under_10', label: 'Under 10' },
    { code: '10_12', label: '10 to 12' },
    { code: '13_15', label: '13 to 15' },
    { code: '16_17', label: '16 to 17' },
    { code: '18_plus', label: '18 and over' },
  ],
  sex: [
    { code: 'M', label: 'Male' },
    { code: 'F', label: 'Female' },
    { code: 'U', label: 'Not known or not stated' },
  ],
  ethnicity: [
    { code: 'white', label: 'White' },
    { code: 'mixed', label: 'Mixed or multiple ethnic groups' },
    { code: 'asian', label: 'Asian or Asian British' },
    { code: 'black', label: 'Black, African, Caribbean or Black British' },
    { code: 'other', label: 'Other ethnic group' },
    { code: 'not_known', label: 'Refused or not yet obtained' },
  ],
  send: [
    { code: 'none', label: 'No special educational needs' },
    { code: 'sen_support', label: 'Special educational needs support' },
    { code: 'ehcp', label: 'Education, health and care plan' },
  ],
  disability: [
    { code: 'yes', label: 'Disabled' },
    { code: 'no', label: 'Not disabled' },
  ],
}

export function isGroup(characteristic: string, code: string): boolean {
  return (CHARACTERISTICS as readonly string[]).includes(characteristic) && GROUPS[characteristic as Characteristic].some((g) => g.code === code)
}

/** The age band of an age in whole years. */
export function ageBand(age: number): string {
  if (age < 10) return 'under_10'
  if (age <= 12) return '10_12'
  if (age <= 15) return '13_15'
  if (age <= 17) return '16_17'
  return '18_plus'
}

/**
 * The DfE ethnicity code's major group. The groups follow the 2021 Census's, which the
 * reference population usually comes from; Chinese (CHNE) is in Asian, as the Census has it.
 */
export function ethnicGroup(code: string | null): string {
  if (!code) return 'not_known'
  if (code === 'REFU' || code === 'NOBT') return 'not_known'
  if (code === 'CHNE') return 'asian'
  switch (code[0]) {
    case 'W':
      return 'white'
    case 'M':
      return 'mixed'
    case 'A':
      return 'asian'
    case 'B':
      return 'black'
    default:
      return 'other'
  }
}

export interface Thresholds {
  /** A ratio below this is flagged as under-represented (default 0.8). */
  low: number
  /** A ratio above this is flagged as over-represented (default 1.25). */
  high: number
  /** Groups with fewer children supported than this are never flagged (default 5). */
  minChildren: number
}
export const DEFAULT_THRESHOLDS: Thresholds = { low: 0.8, high: 1.25, minChildren: 5 }

export type Flag = 'over' | 'under' | 'too_few' | null

export interface EqualityRow {
  group: string
  label: string
  supported: number
  /** Share of the children supported in the groups the reference covers, 0-1; null when the reference has no figure for the group. */
  supportedShare: number | null
  reference: number | null
  referenceShare: number | null
  /** supportedShare ÷ referenceShare; null when either is missing or the reference share is 0. */
  ratio: number | null
  flag: Flag
}

/** A threshold as a fraction of integers (up to 4 decimal places), so a ratio exactly on it is compared exactly. */
function tenThousandths(x: number): bigint {
  return BigInt(Math.round(x * 10_000))
}

/**
 * The disproportionality ratio for each group: the group's share among the children
 * supported ÷ its share in the reference population. Shares are taken over the groups the
 * reference has a figure for, so a reference of 10- to 17-year-olds is compared with the
 * children supported aged 10 to 17. A group is flagged when its ratio is below `low` or above
 * `high` (a ratio exactly on a threshold is not flagged), unless fewer than `minChildren`
 * children in it were supported ("too few": a handful of children moves a ratio a long way).
 */
export function disproportionality(
  groups: ReadonlyArray<{ code: string; label: string }>,
  supported: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number> | null,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): EqualityRow[] {
  const covered = groups.filter((g) => reference?.has(g.code))
  const supportedTotal = covered.reduce((n, g) => n + (supported.get(g.code) ?? 0), 0)
  const referenceTotal = covered.reduce((n, g) => n + (reference?.get(g.code) ?? 0), 0)
  return groups.map(({ code, label }) => {
    const s = supported.get(code) ?? 0
    const r = reference?.get(code)
    if (r === undefined || supportedTotal === 0 || referenceTotal === 0) {
      return {
        group: code,
        label,
        supported: s,
        supportedShare: r === undefined || supportedTotal === 0 ? null : s / supportedTotal,
        reference: r ?? null,
        referenceShare: r === undefined || referenceTotal === 0 ? null : r / referenceTotal,
        ratio: null,
        flag: null,
      }
    }
    const supportedShare = s / supportedTotal
    const referenceShare = r / referenceTotal
    if (r === 0) return { group: code, label, supported: s, supportedShare, reference: r, referenceShare, ratio: null, flag: null }
    // ratio = (s / S) / (r / R) = s·R / (S·r), compared with the thresholds in whole numbers.
    const numerator = BigInt(s) * BigInt(referenceTotal) * 10_000n
    const denominator = BigInt(supportedTotal) * BigInt(r)
    const ratio = (s * referenceTotal) / (supportedTotal * r)
    let flag: Flag = null
    if (numerator < tenThousandths(thresholds.low) * denominator) flag = 'under'
    else if (numerator > tenThousandths(thresholds.high) * denominator) flag = 'over'
    if (flag && s < thresholds.minChildren) flag = 'too_few'
    return { group: code, label, supported: s, supportedShare, reference: r, referenceShare, ratio, flag }
  })
}

export const FLAG_LABELS: Record<Exclude<Flag, null>, string> = {
  over: 'Over-represented',
  under: 'Under-represented',
  too_few: 'Not flagged: fewer than 5 children',
}

import { add, compare, mul, rational, sum, toPounds, toRational, ZERO, type Rational } from '../../finance/domain/index.js'
import type { Activity, Lead, TariffActivity } from './codes.js'

/**
 * Costing sessions at the tariff (001, "Midlands tariff"; PRODUCT.md §6): assessment £420;
 * session £287 nurse-led, £420 consultant-led; group or specific therapy £435; attendance at
 * a review £150; autism assessment £1,200-£2,000. Prices are effective-dated so a change of
 * tariff does not re-price past work, and one activity's prices never overlap.
 * Arithmetic is exact (finance/domain/money); only results are rounded, half up to pence.
 */
export interface TariffSeed {
  activity: TariffActivity
  amount: string
  maxAmount: string | null
}

export const DEFAULT_TARIFFS: readonly TariffSeed[] = Object.freeze([
  { activity: 'assessment', amount: '420', maxAmount: null },
  { activity: 'session_nurse', amount: '287', maxAmount: null },
  { activity: 'session_consultant', amount: '420', maxAmount: null },
  { activity: 'group_therapy', amount: '435', maxAmount: null },
  { activity: 'review_attendance', amount: '150', maxAmount: null },
  { activity: 'autism_assessment', amount: '1200', maxAmount: '2000' },
])

/** The default tariffs apply from this date: before any work the demo or a new service records. */
export const DEFAULT_TARIFFS_FROM = '2020-04-01'

export interface Tariff {
  id: string
  activity: string
  amount: string
  maxAmount: string | null
  effectiveFrom: string
  /** Inclusive; null = open-ended. */
  effectiveTo: string | null
}

/** An amount as a sentence shows it: £1,200, £287.50. */
export function showPounds(amount: string): string {
  const n = Number(amount)
  return `£${n.toLocaleString('en-GB', { minimumFractionDigits: Number.isInteger(n) ? 0 : 2, maximumFractionDigits: 2 })}`
}

/** The tariff line a piece of work is priced by: a session by who leads it. */
export function tariffActivity(activity: Activity, lead: Lead): TariffActivity {
  return activity === 'session' ? (lead === 'nurse' ? 'session_nurse' : 'session_consultant') : activity
}

/** The tariff in force for an activity on a date, or null. */
export function tariffOn(tariffs: readonly Tariff[], activity: TariffActivity, on: string): Tariff | null {
  return tariffs.find((t) => t.activity === activity && t.effectiveFrom <= on && (t.effectiveTo === null || on <= t.effectiveTo)) ?? null
}

/** Two date ranges (inclusive ends, null = open) share at least one day. */
export function rangesOverlap(a: { effectiveFrom: string; effectiveTo: string | null }, b: { effectiveFrom: string; effectiveTo: string | null }): boolean {
  const aEndsBeforeB = a.effectiveTo !== null && a.effectiveTo < b.effectiveFrom
  const bEndsBeforeA = b.effectiveTo !== null && b.effectiveTo < a.effectiveFrom
  return !aEndsBeforeB && !bEndsBeforeA
}

/** A new price that shares a day with an existing price for the same activity; the explanation says which. */
export function overlappingTariff(existing: readonly Tariff[], candidate: Omit<Tariff, 'id'> & { id?: string }): Tariff | null {
  return existing.find((t) => t.id !== candidate.id && t.activity === candidate.activity && rangesOverlap(t, candidate)) ?? null
}

/**
 * The cost of one piece of work at its tariff: the tariff's amount, or for a priced range
 * the amount agreed, which must lie within it. Throws a RangeError with a sentence a person can act on.
 */
export function costAtTariff(tariff: Tariff, agreedAmount: string | null | undefined): Rational {
  const low = toRational(tariff.amount)
  if (agreedAmount === null || agreedAmount === undefined || agreedAmount === '') return low
  if (tariff.maxAmount === null) throw new RangeError(`This activity has a fixed price of ${showPounds(tariff.amount)}: leave the agreed amount empty`)
  const agreed = toRational(agreedAmount)
  const high = toRational(tariff.maxAmount)
  if (compare(agreed, low) < 0 || compare(agreed, high) > 0) throw new RangeError(`Enter an agreed amount between ${showPounds(tariff.amount)} and ${showPounds(tariff.maxAmount)}`)
  return agreed
}

/** Partners' funding shares (percent) applied to a total: each partner's share of the cost, in pounds. */
export function fundingShares(total: Rational, partners: readonly { name: string; sharePercent: string | null }[]): { name: string; sharePercent: number; fundedCost: number }[] {
  return partners.map((p) => {
    const share = toRational(p.sharePercent ?? '0')
    return { name: p.name, sharePercent: Number(p.sharePercent ?? 0), fundedCost: toPounds(mul(total, mul(share, rational(1, 100)))) }
  })
}

export const totalOf = (amounts: Iterable<Rational>): Rational => sum(amounts)
export { add, toPounds, toRational, ZERO }

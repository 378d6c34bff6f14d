import { workingDaysBetween } from '../../../platform/time/index.js'

/**
 * The team manager's dashboard arithmetic (issue 3, item 8; PRODUCT.md §2 "Targets"). Pure
 * functions over records a person can check by hand; the repository gathers the records.
 */

/** PRODUCT.md §2: crisis first contact within 24 hours of the referral being accepted. */
export const CRISIS_FIRST_CONTACT_TARGET_HOURS = 24
/** PRODUCT.md §2: a panel decision within 10 working days of the referral being submitted. */
export const PANEL_DECISION_TARGET_WORKING_DAYS = 10

/**
 * Hours from acceptance to the first contact with the family, to one decimal place (rounded
 * half up). A contact before acceptance (a crisis can start before the paperwork) counts as 0.
 * No contact yet: null.
 */
export function firstContactHours(acceptedAt: Date, firstContactAt: Date | null): number | null {
  if (!firstContactAt) return null
  const ms = Math.max(0, firstContactAt.getTime() - acceptedAt.getTime())
  return Math.round(ms / 360_000) / 10
}

export type TargetState = 'met' | 'missed' | 'waiting' | 'overdue'

/**
 * A crisis case against the 24-hour target: met or missed once there is a first contact;
 * without one, waiting while inside the 24 hours and overdue after them.
 */
export function firstContactState(acceptedAt: Date, firstContactAt: Date | null, now: Date): TargetState {
  const hours = firstContactHours(acceptedAt, firstContactAt)
  if (hours !== null) return hours <= CRISIS_FIRST_CONTACT_TARGET_HOURS ? 'met' : 'missed'
  return now.getTime() - acceptedAt.getTime() > CRISIS_FIRST_CONTACT_TARGET_HOURS * 3_600_000 ? 'overdue' : 'waiting'
}

/**
 * Working days from submission to decision: the working days after the submission date up to
 * and including the decision date (London dates), Monday to Friday except bank holidays. A
 * referral submitted on Friday and decided on Monday took 1 working day.
 */
export function decisionWorkingDays(submittedOn: string, decidedOn: string, holidays: ReadonlySet<string>): number {
  return workingDaysBetween(submittedOn, decidedOn, holidays)
}

/** A decision (or a referral still waiting, measured to today) against the 10-working-day target. */
export function decisionState(submittedOn: string, decidedOn: string | null, today: string, holidays: ReadonlySet<string>): { workingDays: number; state: TargetState } {
  const workingDays = decisionWorkingDays(submittedOn, decidedOn ?? today, holidays)
  const within = workingDays <= PANEL_DECISION_TARGET_WORKING_DAYS
  return { workingDays, state: decidedOn ? (within ? 'met' : 'missed') : within ? 'waiting' : 'overdue' }
}

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, standard: 2 }

/** The waiting list's order (issue 3, item 4): priority (urgent, high, standard), then the earliest referral first. */
export function waitingListOrder<T extends { priority: string; referredAt: Date }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (PRIORITY_RANK[a.priority] ?? 3) - (PRIORITY_RANK[b.priority] ?? 3) || a.referredAt.getTime() - b.referredAt.getTime())
}

/** Whole days from one London date to another: how long a family has waited. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** The financial year a date falls in, by the year it starts: 1 April 2026 to 31 March 2027 is 2026. */
export function financialYearOf(date: string): number {
  const year = Number(date.slice(0, 4))
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1
}

/** "2026/27" for 2026. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`
}

export function financialYearBounds(startYear: number): { from: string; to: string } {
  return { from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` }
}

/** Default annual capacity per strand in cases accepted (PRODUCT.md §2, source documents 000 §4.5 and 002). */
export const DEFAULT_CAPACITY: Record<string, number> = { crisis: 60, risk_of_care: 120, reunification: 60, placement_stability: 0 }

export interface CapacityUse {
  strand: string
  capacity: number
  used: number
  remaining: number
  /** Share of capacity used, as a whole percentage (rounded half up); null when the capacity is 0. */
  percentUsed: number | null
}

/**
 * Capacity used per strand in a financial year (PRODUCT.md §2): the cases accepted on that
 * strand with an acceptance date (London) inside the year, against that year's capacity.
 */
export function capacityUsed(accepted: readonly { strand: string; acceptedOn: string }[], financialYear: number, capacities: Readonly<Record<string, number>>): CapacityUse[] {
  const counts: Record<string, number> = {}
  for (const a of accepted) if (financialYearOf(a.acceptedOn) === financialYear) counts[a.strand] = (counts[a.strand] ?? 0) + 1
  return capacityFromCounts(counts, capacities)
}

/** The same, from counts per strand already taken over the year (the dashboard counts in SQL). */
export function capacityFromCounts(counts: Readonly<Record<string, number>>, capacities: Readonly<Record<string, number>>): CapacityUse[] {
  return Object.keys(capacities).map((strand) => {
    const capacity = capacities[strand] ?? 0
    const used = counts[strand] ?? 0
    return { strand, capacity, used, remaining: capacity - used, percentUsed: capacity > 0 ? Math.round((used / capacity) * 100) : null }
  })
}

/** How many of the rows met their target, and the median of their figure, for the summary lines. */
export function targetSummary(rows: readonly { state: TargetState; value: number | null }[]) {
  const done = rows.filter((r) => r.state === 'met' || r.state === 'missed')
  const values = done
    .map((r) => r.value)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b)
  const mid = values.length >> 1
  const median = values.length === 0 ? null : values.length % 2 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2
  return {
    total: done.length,
    met: done.filter((r) => r.state === 'met').length,
    missed: done.filter((r) => r.state === 'missed').length,
    open: rows.length - done.length,
    overdue: rows.filter((r) => r.state === 'overdue').length,
    median,
  }
}

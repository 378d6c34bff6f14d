import { PRIORITIES, type Priority } from './codes.js'

/**
 * The triage queue (issue 6): by priority, then by how long the young person has waited.
 * A referral's priority rank is that of the most pressing priority it has (PRIORITIES'
 * order: placement breakdown, Tier 4 or secure admission, stepping out of Tier 4); one
 * with none comes after all of them. Equal ranks: the earliest referral date first, then
 * the earliest entered, so the order is total and stable.
 */
export function priorityRank(priorities: readonly string[]): number {
  const ranks = priorities.map((p) => PRIORITIES.indexOf(p as Priority)).filter((r) => r >= 0)
  return ranks.length ? Math.min(...ranks) : PRIORITIES.length
}

export interface Queued {
  priorities: readonly string[]
  referredOn: string
  createdAt: Date
}

export function compareQueued(a: Queued, b: Queued): number {
  return (
    priorityRank(a.priorities) - priorityRank(b.priorities) ||
    (a.referredOn < b.referredOn ? -1 : a.referredOn > b.referredOn ? 1 : 0) ||
    a.createdAt.getTime() - b.createdAt.getTime()
  )
}

export function triageQueue<T extends Queued>(referrals: readonly T[]): T[] {
  return [...referrals].sort(compareQueued)
}

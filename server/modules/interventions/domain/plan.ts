import { addCalendarMonths, addDays } from '../../../platform/time/index.js'

/** Codes for the work on an open case (API.md, "The edge-of-care lifecycle": plan, risks, reviews, escalations, steps). */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]
export const SCORE_OCCASIONS = ['start', 'review', 'closure'] as const
export type ScoreOccasion = (typeof SCORE_OCCASIONS)[number]
export const REVIEW_KINDS = ['six_weeks', 'three_months'] as const
export type ReviewKind = (typeof REVIEW_KINDS)[number]
export const ESCALATION_TOLD = ['allocated_social_worker', 'team_manager', 'other'] as const
export const ESCALATION_METHODS = ['phone', 'email', 'in_person', 'meeting'] as const
export const STEP_DIRECTIONS = ['down', 'up'] as const
/** Where a family steps down to (below the statutory threshold) or up to (statutory social care). */
export const STEP_DOWN_TO = ['early_help', 'youth_mentoring', 'other'] as const
export const STEP_UP_TO = ['child_in_need', 'child_protection', 'children_in_care', 'other'] as const

/** The solution-focused scale (002: solution-focused model): 0 = the worst it has been, 10 = where the family want to be. */
export const SCORE_MIN = 0
export const SCORE_MAX = 10

/**
 * Case reviews (issue 3, item 5): 6 weeks (42 days) and 3 calendar months after the date the
 * case was first allocated. Three months is the same day of the month, or that month's last
 * day when it is shorter (allocated 30 November → due 28 or 29 February), as the follow-ups are.
 */
export function reviewSchedule(allocationDate: string): { kind: ReviewKind; dueDate: string }[] {
  return [
    { kind: 'six_weeks', dueDate: addDays(allocationDate, 42) },
    { kind: 'three_months', dueDate: addCalendarMonths(allocationDate, 3) },
  ]
}

/**
 * A risk is overdue for review when its review date has passed: a review due today is not yet
 * overdue (it can still be done today). Dates are London calendar dates ('YYYY-MM-DD').
 */
export function isRiskOverdue(reviewDate: string, today: string): boolean {
  return reviewDate < today
}

/** A case review is overdue when it is not held and its due date has passed. */
export function isReviewOverdue(review: { dueDate: string; heldOn: string | null }, today: string): boolean {
  return review.heldOn === null && review.dueDate < today
}

/**
 * Scores given for a set of goals (at a review or at closure) against the goals that need
 * one: every goal scored once, no goal that is not on the case. Returns GOV.UK-style errors
 * with JSON Pointers into the body under `field` (e.g. `/closingScores`).
 */
export function scoreErrors(
  goals: { id: string; goal: string }[],
  scores: { goalId: string; score: number }[] | undefined,
  field: string,
  what: string,
): { field: string; message: string }[] {
  const given = scores ?? []
  const errors: { field: string; message: string }[] = []
  given.forEach((s, i) => {
    if (!goals.some((g) => g.id === s.goalId)) errors.push({ field: `${field}/${i}/goalId`, message: 'This goal is not on this case’s plan' })
  })
  if (new Set(given.map((s) => s.goalId)).size !== given.length) errors.push({ field, message: 'Give one score for each goal' })
  const missing = goals.filter((g) => !given.some((s) => s.goalId === g.id))
  for (const g of missing) errors.push({ field, message: `Give ${what} for the goal “${g.goal}”` })
  return errors
}

/** Labels a family may see (GLOSSARY.md: no acronyms on such pages). */
export const RISK_LEVEL_LABELS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' }
export const REVIEW_LABELS: Record<string, string> = { six_weeks: '6-week review', three_months: '3-month review' }
export const OCCASION_LABELS: Record<string, string> = { start: 'At the start', review: 'At a review', closure: 'At closure' }
export const TOLD_LABELS: Record<string, string> = {
  allocated_social_worker: 'The allocated social worker',
  team_manager: 'The team manager in this service',
  other: 'Someone else',
}
export const METHOD_LABELS: Record<string, string> = { phone: 'By phone', email: 'By email', in_person: 'In person', meeting: 'At a meeting' }
/** Where a family stepped to, as it reads after "Stepped down to" or "Stepped up to". */
export const STEP_TO_LABELS: Record<string, string> = {
  early_help: 'Early Help',
  youth_mentoring: 'youth mentoring',
  child_in_need: 'statutory social care (child in need)',
  child_protection: 'statutory social care (child protection)',
  children_in_care: 'statutory social care (children in care)',
  other: 'another service',
}

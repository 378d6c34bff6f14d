import { z } from 'zod'
import { isoDate } from '../../platform/validation.js'
import { ESCALATION_METHODS, ESCALATION_TOLD, RISK_LEVELS, SCORE_MAX, SCORE_MIN, STEP_DIRECTIONS, STEP_DOWN_TO, STEP_UP_TO } from './domain/plan.js'

/** Request bodies for the work on an open case: the same schemas validate the API and the pages, and document the API. */
const text = (message: string, max = 5000) => z.string({ error: message }).trim().min(1, message).max(max, `Must be ${max} characters or fewer`)
const version = z.number().int().positive().optional()
export const score = (message = 'Give a score from 0 to 10') =>
  z.number({ error: message }).int('Give a whole number from 0 to 10').min(SCORE_MIN, 'Give a score from 0 to 10').max(SCORE_MAX, 'Give a score from 0 to 10')

export const goalScore = z.object({ goalId: z.string({ error: 'Give the goal' }), score: score() })
export type GoalScore = z.infer<typeof goalScore>

export const goalInput = z.object({
  goal: text('Enter the goal in the family’s own words', 1000),
  startScore: score('Give the score at the start, from 0 to 10'),
})
export type GoalInput = z.infer<typeof goalInput>

/** A change to a goal's wording: `version` is required, as for every edit (API.md "Concurrency"). */
export const goalChangeInput = z.object({
  goal: text('Enter the goal in the family’s own words', 1000),
  version: z.number({ error: 'Send the goal’s version' }).int().positive(),
})
export type GoalChangeInput = z.infer<typeof goalChangeInput>

export const riskInput = z.object({
  description: text('Describe the risk', 2000),
  level: z.enum(RISK_LEVELS, { error: 'Select the level of risk: low, medium or high' }),
  reviewDate: isoDate('Enter the review date as YYYY-MM-DD'),
})
export type RiskInput = z.infer<typeof riskInput>

export const riskReviewInput = z.object({
  level: z.enum(RISK_LEVELS, { error: 'Select the level of risk now: low, medium or high' }),
  reviewDate: isoDate('Enter the next review date as YYYY-MM-DD'),
  note: z.string().trim().max(2000).optional(),
  version,
})
export type RiskReviewInput = z.infer<typeof riskReviewInput>

export const escalationInput = z.object({
  concern: text('Describe the safeguarding concern'),
  told: z
    .array(z.enum(ESCALATION_TOLD, { error: 'Select who was told from the list' }), { error: 'Select who was told' })
    .min(1, 'Select who was told: the allocated social worker, the team manager or someone else'),
  otherPeople: z.string().trim().max(500).optional(),
  method: z.enum(ESCALATION_METHODS, { error: 'Select how they were told: by phone, by email, in person or at a meeting' }),
  toldAt: z.iso.datetime({ offset: true, error: 'Enter when they were told as an ISO 8601 timestamp with offset' }),
})
export type EscalationInput = z.infer<typeof escalationInput>

export const stepInput = z.object({
  direction: z.enum(STEP_DIRECTIONS, { error: 'Select whether the family steps down or steps up' }),
  to: z.enum([...new Set([...STEP_DOWN_TO, ...STEP_UP_TO])] as [string, ...string[]], { error: 'Select where the family steps to' }),
  reason: text('Enter the reason'),
})
export type StepInput = z.infer<typeof stepInput>

export const reviewInput = z.object({
  heldOn: isoDate('Enter the date the review was held as YYYY-MM-DD'),
  scores: z.array(goalScore, { error: 'Give a score for each goal' }).optional(),
  note: text('Enter a note of the review'),
  version,
})
export type ReviewInput = z.infer<typeof reviewInput>

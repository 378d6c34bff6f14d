import { z } from 'zod'
import {
  CLOSURE_OUTCOMES,
  CONSENT,
  CONTACT_TYPES,
  DECISIONS,
  FOLLOW_UP_STATUSES,
  PLACEMENT_TYPES,
  PRESENTING_NEEDS,
  PRIORITIES,
  REFERRER_TEAMS,
  STEPPED_DOWN_TO,
  STRANDS,
} from './domain/codes.js'
import { goalScore } from '../interventions/index.js'
import { isoDate } from '../../platform/validation.js'

/** The lifecycle's request bodies (API.md): the same schemas validate the API and document it in OpenAPI. */
const text = (message: string, max = 5000) => z.string({ error: message }).trim().min(1, message).max(max, `Must be ${max} characters or fewer`)
const version = z.number().int().positive().optional()
const placement = (message: string) => z.enum(PLACEMENT_TYPES, { error: message })

/**
 * The family's other children, not referred: created as children of the family unless
 * `childId` names a record that already exists (picked after the duplicate check).
 */
export const siblingInput = z.object({
  childId: z.string().optional(),
  givenName: text('Enter the child’s first name', 100),
  familyName: text('Enter the child’s last name', 100),
  dateOfBirth: isoDate('Enter the child’s date of birth as a real date, for example 2012-03-27'),
  livesInHousehold: z.boolean({ error: 'Say whether the child lives in the household' }),
  /** True when a possible duplicate was shown and this is a different child: a new record is created anyway. */
  notDuplicate: z.boolean().optional(),
})
export type SiblingInput = z.infer<typeof siblingInput>

/** Parents, carers and the wider network: each becomes a network member of the family, related to every child. */
export const networkMemberInput = z.object({
  name: text('Enter the person’s name', 200),
  relationship: text('Enter how the person is related to the young person', 100),
  householdMember: z.boolean({ error: 'Say whether the person lives in the household' }),
  phone: z.string().trim().max(40, 'Phone must be 40 characters or fewer').optional(),
  email: z.string().trim().max(200, 'Email must be 200 characters or fewer').optional(),
  safetyPlanRole: z.string().trim().max(1000, 'The role in the safety plan must be 1,000 characters or fewer').optional(),
})
export type NetworkMemberInput = z.infer<typeof networkMemberInput>

export const referralInput = z.object({
  strand: z.enum(STRANDS, { error: 'Select the strand: crisis, risk of care, reunification or placement stability' }),
  childIds: z.array(z.string(), { error: 'Give the young people referred' }).min(1, 'Give at least one young person'),
  referrerTeam: z.enum(REFERRER_TEAMS, { error: 'Select the referring team' }),
  reason: text('Enter the reason for the referral'),
  presentingNeeds: z.array(z.enum(PRESENTING_NEEDS, { error: 'Select presenting needs from the list' })).optional(),
  riskSummary: z.string().trim().max(5000).optional(),
  atRiskPlacementType: placement('Select the placement the young person is at risk of').optional(),
  currentPlacementType: placement('Select the young person’s current placement').optional(),
  consent: z.enum(CONSENT, { error: 'Select whether consent is given, not yet given or refused' }).optional(),
  ageExceptionReason: z.string().trim().max(2000).optional(),
  siblings: z.array(siblingInput).max(20, 'Give at most 20 other children').optional(),
  network: z.array(networkMemberInput).max(40, 'Give at most 40 people in the network').optional(),
})
export type ReferralInput = z.infer<typeof referralInput>

export const decisionInput = z.object({
  decision: z.enum(DECISIONS, { error: 'Select the decision' }),
  rationale: text('Enter the rationale for the decision'),
  priority: z.enum(PRIORITIES, { error: 'Select the priority' }).optional(),
  steppedDownTo: z.enum(STEPPED_DOWN_TO, { error: 'Select where the family is stepped down to' }).optional(),
  signposting: z.string().trim().max(2000).optional(),
  panelMeetingId: z.string().optional(),
  version,
})
export type DecisionInput = z.infer<typeof decisionInput>

export const allocationInput = z.object({
  team: text('Enter the team', 100),
  leadWorkerId: z.string({ error: 'Choose the lead worker' }).min(1, 'Choose the lead worker'),
  coWorkerId: z.string().optional(),
  override: z.boolean().optional(),
  overrideReason: z.string().trim().max(2000).optional(),
  version,
})
export type AllocationInput = z.infer<typeof allocationInput>

export const contactInput = z.object({
  at: z.iso.datetime({ offset: true, error: 'Enter the date and time of the contact as an ISO 8601 timestamp with offset' }),
  durationMinutes: z
    .number({ error: 'Enter the duration in minutes' })
    .int('Enter the duration in whole minutes')
    .min(1, 'Duration must be at least 1 minute')
    .max(24 * 60, 'Duration must be 24 hours or less'),
  type: z.enum(CONTACT_TYPES, { error: 'Select the type of contact' }),
  note: text('Enter a note about the contact'),
  outOfHours: z.boolean().optional(),
})
export type ContactInput = z.infer<typeof contactInput>

export const closureInput = z.object({
  outcomes: z
    .array(
      z.object({
        childId: z.string({ error: 'Give the child' }),
        outcome: z.enum(CLOSURE_OUTCOMES, { error: 'Select the outcome' }),
        placementType: placement('Select the placement').optional(),
      }),
      { error: 'Give an outcome for every young person referred' },
    )
    .min(1, 'Give an outcome for every young person referred'),
  summary: text('Enter a closing summary'),
  /** A closing score for each goal of the plan: required when the plan has goals. */
  closingScores: z.array(goalScore, { error: 'Give a closing score for each goal' }).optional(),
  version,
})
export type ClosureInput = z.infer<typeof closureInput>

export const signOffInput = z.object({ version }).optional()

export const followUpInput = z.object({
  childId: z.string({ error: 'Give the child' }),
  monthsAfterClosure: z.union([z.literal(3), z.literal(6), z.literal(12), z.literal(18)], { error: 'Follow-ups are at 3, 6, 12 or 18 months' }),
  status: z.enum(FOLLOW_UP_STATUSES, { error: 'Select where the child is: at home, in care or other' }),
  placementType: placement('Select the placement').optional(),
})
export type FollowUpInput = z.infer<typeof followUpInput>

/** The referrer's answer to "more information needed": the referral goes back to the panel. */
export const informationInput = z.object({
  information: text('Enter the information the panel asked for'),
  version,
})
export type InformationInput = z.infer<typeof informationInput>

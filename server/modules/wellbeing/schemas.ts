import { z } from 'zod'
import { isoDate } from '../../platform/validation.js'
import { sdqScoreRequest } from './sdq-schema.js'
import {
  ACTIVITIES,
  CARE_STATUSES,
  CLOSURE_REASONS,
  CONSENT,
  FLAG_KINDS,
  INFORMATION_SHARING,
  LEADS,
  MODES,
  ONWARD_OUTCOMES,
  PLACEMENT_TYPES,
  PRIORITIES,
  SDQ_STAGES,
  TARIFF_ACTIVITIES,
} from './domain/codes.js'
import { RECOMMENDATIONS } from './domain/triage.js'
import { sdqBandProblems, SDQ_TOTAL_MAX } from './domain/sdq.js'

/** The wellbeing service's request bodies: the same schemas validate the API and the pages and describe the API in OpenAPI. */
const text = (message: string, max = 5000) => z.string({ error: message }).trim().min(1, message).max(max, `Must be ${max} characters or fewer`)
const optionalText = (max = 5000) => z.string().trim().max(max, `Must be ${max} characters or fewer`).optional()
const version = z.number({ error: 'Send the version you last read' }).int().positive().optional()
const money = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,9}(\.\d{1,2})?$/, message)

export const referralInput = z.object({
  givenName: text('Enter the young person’s first name', 100),
  familyName: text('Enter the young person’s last name', 100),
  dateOfBirth: isoDate('Enter the date of birth as a real date, like 2010-05-04'),
  careStatus: z.enum(CARE_STATUSES, { error: 'Select whether the young person is in care or a care leaver' }),
  responsibleAuthority: text('Enter the responsible authority', 200).optional().meta({ description: 'The responsible authority’s name, when it is not a partner' }),
  responsibleOrganisationId: z
    .string()
    .optional()
    .meta({ description: 'The partner organisation responsible for the young person, when it is one; leave out for another authority' }),
  placementType: z.enum(PLACEMENT_TYPES, { error: 'Select the young person’s placement' }),
  placementDetails: optionalText(2000),
  referredOn: isoDate('Enter the date the referral was received as a real date, like 2026-11-20').optional().meta({ description: 'Default: today' }),
  referrerName: text('Enter the name of the person referring', 200),
  referrerRole: optionalText(200),
  reason: text('Enter the reason for the referral'),
  priorities: z.array(z.enum(PRIORITIES, { error: 'Select priorities from the list' })).optional(),
  consent: z.enum(CONSENT, { error: 'Select whether consent is given, not yet given or refused' }),
  informationSharing: z.enum(INFORMATION_SHARING, { error: 'Select the information-sharing decision' }),
  consentNotes: optionalText(2000),
  schoolExclusion: z.boolean().optional().meta({ description: 'Excluded from school: raises a flag' }),
  persistentAbsence: z.boolean().optional().meta({ description: 'Persistently absent from school: raises a flag' }),
  serviceId: z.string().optional().meta({ description: 'The service, when the caller holds a role in more than one' }),
})
export type ReferralInput = z.infer<typeof referralInput>

/** A questionnaire to keep: the body sdq/score takes, with when it was completed. Problems on both parts are listed together. */
export const sdqInput = z.intersection(
  sdqScoreRequest,
  z.object({
    stage: z
      .enum(SDQ_STAGES, { error: 'Select when the questionnaire was completed: start, review or end' })
      .meta({ description: 'start or end of the work (outcomes compare them), or a review' }),
    completedOn: isoDate('Enter the date it was completed as a real date, like 2026-11-20').meta({ description: 'YYYY-MM-DD' }),
  }),
)
export type SdqInput = z.output<typeof sdqInput>

export const triageInput = z.object({
  assessedOn: isoDate('Enter the date of the triage as a real date, like 2026-11-20').optional(),
  needs: z.object(
    {
      safety: z.boolean({ error: 'Say whether safety and stability needs work' }),
      relationships: z.boolean({ error: 'Say whether relationships need work' }),
      regulation: z.boolean({ error: 'Say whether regulation needs work' }),
      trauma: z.boolean({ error: 'Say whether trauma needs work' }),
    },
    { error: 'Give the needs at each level of the hierarchy: safety, relationships, regulation, trauma' },
  ),
  decided: z.enum(RECOMMENDATIONS, { error: 'Select the work: indirect, direct, both or none' }).optional(),
  overrideReason: optionalText(2000),
  priorities: z.array(z.enum(PRIORITIES, { error: 'Select priorities from the list' })).optional(),
  notes: optionalText(),
  version,
})
export type TriageInput = z.infer<typeof triageInput>

export const flagInput = z.object({
  kind: z.enum(FLAG_KINDS, { error: 'Select the kind of flag' }),
  raisedOn: isoDate('Enter the date as a real date, like 2026-11-20').optional(),
  note: optionalText(2000),
})
export type FlagInput = z.infer<typeof flagInput>

export const flagResponseInput = z.object({
  respondedOn: isoDate('Enter the date of the response as a real date, like 2026-11-20').optional(),
  response: text('Describe the response'),
  version,
})
export type FlagResponseInput = z.infer<typeof flagResponseInput>

export const sessionInput = z.object({
  heldOn: isoDate('Enter the date of the session as a real date, like 2026-11-20'),
  activity: z.enum(ACTIVITIES, { error: 'Select the activity' }),
  mode: z.enum(MODES, { error: 'Select direct, indirect or group' }),
  lead: z.enum(LEADS, { error: 'Select nurse-led or consultant-led' }),
  durationMinutes: z.number({ error: 'Enter the duration in minutes' }).int('Enter whole minutes').min(1, 'Enter at least 1 minute').max(1440).optional(),
  agreedAmount: money('Enter the agreed amount in pounds, like 1650 or 1650.50').optional(),
  note: optionalText(),
})
export type SessionInput = z.infer<typeof sessionInput>

export const onwardReferralInput = z.object({
  directoryEntryId: z.string({ error: 'Select the service to refer to' }).min(1, 'Select the service to refer to'),
  referredOn: isoDate('Enter the date as a real date, like 2026-11-20').optional(),
  reason: text('Say why this service is right for this young person'),
})
export type OnwardReferralInput = z.infer<typeof onwardReferralInput>

export const onwardOutcomeInput = z.object({
  outcome: z.enum(ONWARD_OUTCOMES, { error: 'Select the outcome: accepted, declined or not taken up' }),
  outcomeOn: isoDate('Enter the date as a real date, like 2026-11-20').optional(),
  outcomeNote: optionalText(2000),
  version,
})
export type OnwardOutcomeInput = z.infer<typeof onwardOutcomeInput>

export const outcomeInput = z.object({
  placementStability: z
    .number({ error: 'Select the carer’s rating of placement stability, 1 to 5' })
    .int()
    .min(1, 'Select a rating from 1 to 5')
    .max(5, 'Select a rating from 1 to 5')
    .optional(),
  breakdownsDuring: z.number({ error: 'Enter the number of placement breakdowns during the work' }).int().min(0, 'Enter 0 or more').max(50),
  breakdownsAfter: z.number({ error: 'Enter the number of placement breakdowns after the work' }).int().min(0, 'Enter 0 or more').max(50),
  notes: optionalText(),
  version,
})
export type OutcomeInput = z.infer<typeof outcomeInput>

export const closureInput = z.object({
  closedOn: isoDate('Enter the closure date as a real date, like 2026-11-20').optional(),
  closureReason: z.enum(CLOSURE_REASONS, { error: 'Select the reason for closing' }),
  closureSummary: text('Enter a closing summary'),
  version,
})
export type ClosureInput = z.infer<typeof closureInput>

export const directoryEntryInput = z.object({
  name: text('Enter the name of the service', 200),
  criteria: text('Enter who the service is for (its criteria)', 2000),
  contact: text('Enter how to refer (the contact)', 1000),
  active: z.boolean().optional(),
  version,
})
export type DirectoryEntryInput = z.infer<typeof directoryEntryInput>

export const tariffInput = z.object({
  activity: z.enum(TARIFF_ACTIVITIES, { error: 'Select what the price is for' }),
  amount: money('Enter the price in pounds, like 420 or 287.50'),
  maxAmount: money('Enter the highest price in pounds, like 2000').optional(),
  effectiveFrom: isoDate('Enter the date the price starts as a real date, like 2027-04-01'),
  effectiveTo: isoDate('Enter the date the price ends as a real date, like 2028-03-31').optional(),
})
export type TariffInput = z.infer<typeof tariffInput>

/** A change to a referral's details as its circumstances change: the version read must be sent. */
export const referralChangeInput = z.object({
  placementType: z.enum(PLACEMENT_TYPES, { error: 'Select the young person’s placement' }).optional(),
  placementDetails: optionalText(2000),
  reason: text('Enter the reason for the referral').optional(),
  priorities: z.array(z.enum(PRIORITIES, { error: 'Select priorities from the list' })).optional(),
  consent: z.enum(CONSENT, { error: 'Select whether consent is given, not yet given or refused' }).optional(),
  informationSharing: z.enum(INFORMATION_SHARING, { error: 'Select the information-sharing decision' }).optional(),
  consentNotes: optionalText(2000),
  version: z.number({ error: 'Send the version you last read' }).int().positive(),
})
export type ReferralChangeInput = z.infer<typeof referralChangeInput>

const bandEnd = z
  .number({ error: 'Enter a whole number from 0 to 40' })
  .int('Enter a whole number from 0 to 40')
  .min(0, 'Enter a whole number from 0 to 40')
  .max(SDQ_TOTAL_MAX, 'Enter a whole number from 0 to 40')
const band = z.object({ from: bandEnd, to: bandEnd })
const informantBands = z.object({ normal: band, borderline: band, concern: band })
/** Each informant's bands of the SDQ total: contiguous, covering 0-40, normal < borderline < concern (domain/sdq.ts sdqBandProblems). */
export const sdqBandsInput = z
  .object({ carer: informantBands, teacher: informantBands, self: informantBands })
  .superRefine((bands, check) => {
    for (const problem of sdqBandProblems(bands)) check.addIssue({ code: 'custom', path: problem.path, message: problem.message })
  })
  .meta({ description: 'The bands of the SDQ total difficulties score by informant, both ends included; leave out to keep the current bands' })

export const settingsInput = z.object({
  flagResponseWorkingDays: z
    .number({ error: 'Enter the number of working days to respond to a flag' })
    .int('Enter a whole number of working days')
    .min(1, 'Enter at least 1 working day')
    .max(60, 'Enter 60 working days or fewer'),
  triageTargetDays: z
    .number({ error: 'Enter the target in days from referral to triage' })
    .int('Enter whole days')
    .min(1, 'Enter at least 1 day')
    .max(365, 'Enter 365 days or fewer'),
  firstSessionTargetDays: z
    .number({ error: 'Enter the target in days from referral to the first session' })
    .int('Enter whole days')
    .min(1, 'Enter at least 1 day')
    .max(365, 'Enter 365 days or fewer'),
  sdqBands: sdqBandsInput.optional(),
  version: z.number({ error: 'Send the version you last read' }).int().min(0).optional(),
})
export type SettingsInput = z.infer<typeof settingsInput>

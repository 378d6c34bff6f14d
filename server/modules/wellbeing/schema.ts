import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations, services, users } from '../../platform/db/schema.js'

/**
 * The emotional health and wellbeing service for children in care (PRODUCT.md §6).
 *
 * Every record here belongs to a jointly commissioned service (`service_id`), not to one
 * organisation: staff of the partner organisations who hold a role in the service work on
 * them, and nobody else sees them (server/platform/tenancy `inJointService`). The young
 * person's details are kept on the referral itself, because the child may be placed here by
 * another authority and has no record in any partner's people module.
 * `organisation_id` is the organisation of whoever made the record: its audit events go
 * into that organisation's chain.
 */

const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`)
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const serviceId = () =>
  uuid('service_id')
    .notNull()
    .references(() => services.id)

/** A service's own settings; a service with no row uses the defaults (settingsOf in service.ts). */
export const wellbeingSettings = pgTable('wellbeing_settings', {
  serviceId: uuid('service_id')
    .primaryKey()
    .references(() => services.id),
  flagResponseWorkingDays: integer('flag_response_working_days').notNull().default(10),
  triageTargetDays: integer('triage_target_days').notNull().default(20),
  firstSessionTargetDays: integer('first_session_target_days').notNull().default(42),
  /** The lowest total in the borderline and the cause-for-concern bands, by informant (defaults: domain/sdq.ts DEFAULT_SDQ_CUTOFFS). */
  sdqCarerBorderline: integer('sdq_carer_borderline').notNull().default(14),
  sdqCarerConcern: integer('sdq_carer_concern').notNull().default(17),
  sdqTeacherBorderline: integer('sdq_teacher_borderline').notNull().default(12),
  sdqTeacherConcern: integer('sdq_teacher_concern').notNull().default(16),
  sdqSelfBorderline: integer('sdq_self_borderline').notNull().default(16),
  sdqSelfConcern: integer('sdq_self_concern').notNull().default(20),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export const wellbeingReferrals = pgTable(
  'wellbeing_referrals',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    serviceId: serviceId(),
    restricted: boolean('restricted').notNull().default(false),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    /** 'in_care' | 'care_leaver'. */
    careStatus: text('care_status').notNull(),
    /** The authority responsible for the child: a partner organisation, or another authority by name. */
    responsibleOrganisationId: uuid('responsible_organisation_id').references(() => organisations.id),
    responsibleAuthority: text('responsible_authority').notNull(),
    placementType: text('placement_type').notNull(),
    placementDetails: text('placement_details'),
    referredOn: date('referred_on').notNull(),
    referrerName: text('referrer_name').notNull(),
    referrerRole: text('referrer_role'),
    reason: text('reason').notNull(),
    /** Any of 'placement_breakdown', 'tier4_admission', 'tier4_step_down'. */
    priorities: jsonb('priorities').$type<string[]>().notNull().default([]),
    /** 'given' | 'not_yet' | 'refused' (the young person's, or whoever consents for them). */
    consent: text('consent').notNull(),
    /** 'agreed' | 'limited' | 'refused': sharing with carers, school and the partners' services. */
    informationSharing: text('information_sharing').notNull(),
    consentNotes: text('consent_notes'),
    /** 'awaiting_triage' | 'triaged' | 'closed'. */
    status: text('status').notNull().default('awaiting_triage'),
    closedOn: date('closed_on'),
    closureReason: text('closure_reason'),
    closureSummary: text('closure_summary'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('wellbeing_referrals_service_status').on(t.serviceId, t.status)],
)

/** One questionnaire; its answers are in wellbeing_sdq_items, one row per item answered. */
export const wellbeingSdqs = pgTable(
  'wellbeing_sdqs',
  {
    id: id(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => wellbeingReferrals.id),
    informant: text('informant').notNull(),
    /** 'start' | 'review' | 'end': outcomes compare the first start with the last end. */
    stage: text('stage').notNull(),
    completedOn: date('completed_on').notNull(),
    impact: jsonb('impact').$type<Record<string, number>>(),
    /** The scores as the scorer gave them when entered (scoreSdq), kept so a later change of cut-offs does not rewrite history. */
    scores: jsonb('scores').$type<Record<string, unknown>>().notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('wellbeing_sdqs_referral').on(t.referralId)],
)

export const wellbeingSdqItems = pgTable(
  'wellbeing_sdq_items',
  {
    sdqId: uuid('sdq_id')
      .notNull()
      .references(() => wellbeingSdqs.id),
    item: smallint('item').notNull(),
    /** As printed on the form: 0 not true, 1 somewhat true, 2 certainly true. */
    answer: smallint('answer').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sdqId, t.item] })],
)

/** A concern needing a timely response: a cause-for-concern SDQ, a school exclusion, persistent absence. */
export const wellbeingFlags = pgTable(
  'wellbeing_flags',
  {
    id: id(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => wellbeingReferrals.id),
    kind: text('kind').notNull(),
    sdqId: uuid('sdq_id').references(() => wellbeingSdqs.id),
    raisedOn: date('raised_on').notNull(),
    dueOn: date('due_on').notNull(),
    note: text('note'),
    respondedOn: date('responded_on'),
    response: text('response'),
    respondedBy: uuid('responded_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('wellbeing_flags_referral').on(t.referralId)],
)

/** A triage on Golding's hierarchy; the latest one stands. */
export const wellbeingTriages = pgTable(
  'wellbeing_triages',
  {
    id: id(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => wellbeingReferrals.id),
    assessedOn: date('assessed_on').notNull(),
    /** Which levels of the hierarchy have unmet needs: safety, relationships, regulation, trauma. */
    needs: jsonb('needs').$type<Record<string, boolean>>().notNull(),
    notes: text('notes'),
    /** 'indirect' | 'direct' | 'both' | 'none'. */
    recommended: text('recommended').notNull(),
    decided: text('decided').notNull(),
    overrideReason: text('override_reason'),
    assessedBy: uuid('assessed_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('wellbeing_triages_referral').on(t.referralId)],
)

/** The services the wellbeing service refers on to, with their criteria and contact. */
export const wellbeingDirectory = pgTable(
  'wellbeing_directory',
  {
    id: id(),
    serviceId: serviceId(),
    name: text('name').notNull(),
    criteria: text('criteria').notNull(),
    contact: text('contact').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('wellbeing_directory_service').on(t.serviceId)],
)

export const wellbeingOnwardReferrals = pgTable(
  'wellbeing_onward_referrals',
  {
    id: id(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => wellbeingReferrals.id),
    directoryEntryId: uuid('directory_entry_id')
      .notNull()
      .references(() => wellbeingDirectory.id),
    referredOn: date('referred_on').notNull(),
    /** Why this service, for this young person: the personalised part of the referral. */
    reason: text('reason').notNull(),
    /** null until known; then 'accepted' | 'declined' | 'not_taken_up'. */
    outcome: text('outcome'),
    outcomeOn: date('outcome_on'),
    outcomeNote: text('outcome_note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('wellbeing_onward_referral').on(t.referralId)],
)

/** A tariff price, effective-dated: one activity's prices never overlap in a service. */
export const wellbeingTariffs = pgTable(
  'wellbeing_tariffs',
  {
    id: id(),
    serviceId: serviceId(),
    activity: text('activity').notNull(),
    amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
    /** For a priced range (autism assessment £1,200-£2,000): the most a session may be agreed at. */
    maxAmount: numeric('max_amount', { precision: 12, scale: 2 }),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('wellbeing_tariffs_service').on(t.serviceId, t.activity)],
)

export const wellbeingSessions = pgTable(
  'wellbeing_sessions',
  {
    id: id(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => wellbeingReferrals.id),
    heldOn: date('held_on').notNull(),
    /** 'assessment' | 'session' | 'group_therapy' | 'review_attendance' | 'autism_assessment'. */
    activity: text('activity').notNull(),
    /** 'direct' (with the child) | 'indirect' (a consultation with the carers' team) | 'group'. */
    mode: text('mode').notNull(),
    /** 'nurse' | 'consultant'. */
    lead: text('lead').notNull(),
    durationMinutes: integer('duration_minutes'),
    note: text('note'),
    /** For a priced range, the price agreed; otherwise null and the tariff's amount applies. */
    agreedAmount: numeric('agreed_amount', { precision: 12, scale: 2 }),
    tariffId: uuid('tariff_id').references(() => wellbeingTariffs.id),
    cost: numeric('cost', { precision: 12, scale: 2 }),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('wellbeing_sessions_referral').on(t.referralId, t.heldOn)],
)

/** The outcome at the end of the work, one per referral (the SDQ change comes from the questionnaires). */
export const wellbeingOutcomes = pgTable('wellbeing_outcomes', {
  referralId: uuid('referral_id')
    .primaryKey()
    .references(() => wellbeingReferrals.id),
  /** Carer-reported placement stability at the end, 1 (very unstable) to 5 (very stable). */
  placementStability: smallint('placement_stability'),
  breakdownsDuring: integer('breakdowns_during').notNull().default(0),
  breakdownsAfter: integer('breakdowns_after').notNull().default(0),
  notes: text('notes'),
  recordedBy: uuid('recorded_by')
    .notNull()
    .references(() => users.id),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

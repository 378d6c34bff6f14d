import { sql } from 'drizzle-orm'
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`)
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()

// ---------------------------------------------------------------- tenancy

export const organisations = pgTable('organisations', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull().default('local_authority'),
  createdAt: createdAt(),
})

/** A service several organisations commission jointly; its records are shared by its partners' staff who hold a role in it. */
export const services = pgTable('services', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
})

export const servicePartners = pgTable(
  'service_partners',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    fundingSharePercent: numeric('funding_share_percent', { precision: 5, scale: 2 }),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.organisationId] })],
)

export const teams = pgTable(
  'teams',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_org_name').on(t.organisationId, t.name)],
)

export const teamDistricts = pgTable(
  'team_districts',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    district: text('district').notNull(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.district] })],
)

export const users = pgTable(
  'users',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    teamId: uuid('team_id').references(() => teams.id),
    caseloadCap: integer('caseload_cap').notNull().default(6),
    disabled: boolean('disabled').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email').on(sql`lower(${t.email})`)],
)

/** A role a user holds: in their own organisation (service_id null) or in a jointly commissioned service. */
export const userRoles = pgTable(
  'user_roles',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    serviceId: uuid('service_id').references(() => services.id),
  },
  (t) => [uniqueIndex('user_roles_unique').on(t.userId, t.role, sql`coalesce(${t.serviceId}, '00000000-0000-0000-0000-000000000000'::uuid)`)],
)

// ---------------------------------------------------------------- sign-in

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value: a copy of this table cannot be replayed as cookies. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedReason: text('ended_reason'),
    flash: jsonb('flash').$type<Record<string, unknown>>(),
  },
  (t) => [index('sessions_user').on(t.userId)],
)

export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    succeeded: boolean('succeeded').notNull(),
    ip: text('ip'),
  },
  (t) => [index('sign_in_attempts_email_at').on(t.email, t.at)],
)

/** A form posted after the session ended: kept for its user for a day and offered back after sign-in. */
export const savedForms = pgTable(
  'saved_forms',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    path: text('path').notNull(),
    body: jsonb('body').notNull().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    restoredAt: timestamp('restored_at', { withTimezone: true }),
  },
  (t) => [index('saved_forms_user').on(t.userId)],
)

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
})

// ---------------------------------------------------------------- audit

/**
 * Append-only. Each row's hash covers its content and the previous row's hash in
 * the same chain (one chain per organisation; `chain` is the organisation id, or
 * 'system' for events with no organisation), so an edited or deleted row breaks
 * the chain and `edge-of-care audit verify` finds it.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chain: text('chain').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    organisationId: uuid('organisation_id'),
    userId: uuid('user_id'),
    action: text('action').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    correlationId: text('correlation_id'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_chain_seq').on(t.chain, t.seq), index('audit_record').on(t.recordType, t.recordId), index('audit_org_at').on(t.organisationId, t.at)],
)

// ---------------------------------------------------------------- time

export const bankHolidays = pgTable('bank_holidays', {
  date: date('date').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
})

// ---------------------------------------------------------------- people

export const families = pgTable(
  'families',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    serviceId: uuid('service_id').references(() => services.id),
    name: text('name').notNull(),
    address: text('address'),
    postcode: text('postcode'),
    district: text('district'),
    restricted: boolean('restricted').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('families_org').on(t.organisationId)],
)

export const children = pgTable(
  'children',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    serviceId: uuid('service_id').references(() => services.id),
    familyId: uuid('family_id').references(() => families.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    sex: text('sex').notNull(),
    ethnicity: text('ethnicity').notNull(),
    send: text('send').notNull().default('none'),
    disability: boolean('disability').notNull().default(false),
    uasc: boolean('uasc').notNull().default(false),
    postcode: text('postcode'),
    district: text('district'),
    localChildId: text('local_child_id'),
    upn: text('upn'),
    restricted: boolean('restricted').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('children_org_local_id').on(t.organisationId, t.localChildId),
    index('children_org_name').on(t.organisationId, sql`lower(${t.familyName})`, sql`lower(${t.givenName})`),
    index('children_family').on(t.familyId),
  ],
)

/** Parents, carers and the wider network: adults around a family. */
export const networkMembers = pgTable(
  'network_members',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    householdMember: boolean('household_member').notNull().default(false),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    safetyPlanRole: text('safety_plan_role'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('network_members_family').on(t.familyId)],
)

/** A relationship between two people; each end is a child or a network member. */
export const relationships = pgTable(
  'relationships',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    fromType: text('from_type').notNull(),
    fromId: uuid('from_id').notNull(),
    toType: text('to_type').notNull(),
    toId: uuid('to_id').notNull(),
    relationship: text('relationship').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('relationships_from').on(t.fromType, t.fromId), index('relationships_to').on(t.toType, t.toId)],
)

/** Named users who may see a restricted record. */
export const restrictedAccess = pgTable(
  'restricted_access',
  {
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.recordType, t.recordId, t.userId] })],
)

/** Break-glass grants: time-limited access to a restricted record, with the reason given. */
export const breakGlassGrants = pgTable(
  'break_glass_grants',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('break_glass_user').on(t.userId, t.recordType, t.recordId)],
)

// ---------------------------------------------------------------- casework

/**
 * A referral of one or more young people in one family (PRODUCT.md §2). `serviceId` and
 * `restricted` follow the family, so the platform's visibility rule applies unchanged.
 */
export const referrals = pgTable(
  'referrals',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    serviceId: uuid('service_id').references(() => services.id),
    restricted: boolean('restricted').notNull().default(false),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    strand: text('strand').notNull(),
    status: text('status').notNull().default('draft'),
    referrerId: uuid('referrer_id')
      .notNull()
      .references(() => users.id),
    referrerTeam: text('referrer_team').notNull(),
    reason: text('reason').notNull(),
    presentingNeeds: jsonb('presenting_needs').$type<string[]>().notNull().default([]),
    riskSummary: text('risk_summary'),
    atRiskPlacementType: text('at_risk_placement_type'),
    currentPlacementType: text('current_placement_type'),
    consent: text('consent'),
    ageExceptionReason: text('age_exception_reason'),
    screening: jsonb('screening').$type<{ eligible: boolean; rules: { rule: string; passed: boolean | null; message: string }[] }>(),
    reReferral: boolean('re_referral').notNull().default(false),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('referrals_org_status').on(t.organisationId, t.status), index('referrals_family').on(t.familyId)],
)

export const referralChildren = pgTable(
  'referral_children',
  {
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
  },
  (t) => [primaryKey({ columns: [t.referralId, t.childId] }), index('referral_children_child').on(t.childId)],
)

export const panelMeetings = pgTable(
  'panel_meetings',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    date: date('date').notNull(),
    chairId: uuid('chair_id').references(() => users.id),
    members: jsonb('members').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index('panel_meetings_org_date').on(t.organisationId, t.date)],
)

/** A panel's decision on a referral, signed by its chair; or a duty team manager's out-of-panel crisis decision awaiting ratification. */
export const panelDecisions = pgTable(
  'panel_decisions',
  {
    id: id(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    panelMeetingId: uuid('panel_meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    decision: text('decision').notNull(),
    priority: text('priority'),
    rationale: text('rationale').notNull(),
    steppedDownTo: text('stepped_down_to'),
    signposting: text('signposting'),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    outOfPanel: boolean('out_of_panel').notNull().default(false),
    ratifiedAt: timestamp('ratified_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('panel_decisions_referral').on(t.referralId), index('panel_decisions_meeting').on(t.panelMeetingId)],
)

/** A case is one family, however many children; its lead worker's caseload counts it while open. */
export const cases = pgTable(
  'cases',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    serviceId: uuid('service_id').references(() => services.id),
    restricted: boolean('restricted').notNull().default(false),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    referralId: uuid('referral_id').references(() => referrals.id),
    strand: text('strand'),
    priority: text('priority').notNull().default('standard'),
    status: text('status').notNull().default('awaiting_allocation'),
    teamId: uuid('team_id').references(() => teams.id),
    leadWorkerId: uuid('lead_worker_id').references(() => users.id),
    coWorkerId: uuid('co_worker_id').references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closureDate: date('closure_date'),
    closureSummary: text('closure_summary'),
    closureRequestedBy: uuid('closure_requested_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('cases_lead').on(t.leadWorkerId, t.status), index('cases_co').on(t.coWorkerId, t.status), index('cases_org').on(t.organisationId)],
)

/** Every allocation and reallocation of a case, kept: the history of who led it. */
export const caseAllocations = pgTable(
  'case_allocations',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    leadWorkerId: uuid('lead_worker_id')
      .notNull()
      .references(() => users.id),
    coWorkerId: uuid('co_worker_id').references(() => users.id),
    overrideReason: text('override_reason'),
    allocatedBy: uuid('allocated_by')
      .notNull()
      .references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_allocations_case').on(t.caseId)],
)

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    type: text('type').notNull(),
    note: text('note').notNull(),
    outOfHours: boolean('out_of_hours').notNull().default(false),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('contacts_case').on(t.caseId, t.at)],
)

/** The outcome at closure for each referred child. */
export const caseOutcomes = pgTable(
  'case_outcomes',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    outcome: text('outcome').notNull(),
    placementType: text('placement_type'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.childId] })],
)

/** Where each child is 3, 6, 12 and 18 months after closure: recorded by the team, or resolved from SSDA903 data. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    monthsAfterClosure: integer('months_after_closure').notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status'),
    placementType: text('placement_type'),
    source: text('source'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('follow_ups_unique').on(t.caseId, t.childId, t.monthsAfterClosure), index('follow_ups_due').on(t.dueDate)],
)

/** A referral being written in the web journey: saved as the user goes, so nothing typed is lost. */
export const referralDrafts = pgTable(
  'referral_drafts',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    submittedReferralId: uuid('submitted_referral_id').references(() => referrals.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('referral_drafts_user').on(t.userId)],
)

/** Work that is due: a follow-up to record, a review to hold. Made by scheduled jobs; done by people. */
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    caseId: uuid('case_id').references(() => cases.id),
    kind: text('kind').notNull(),
    /** What the task is about, unique per kind: e.g. the follow-up's id, so a job run twice makes no duplicate. */
    subjectId: uuid('subject_id').notNull(),
    title: text('title').notNull(),
    dueDate: date('due_date').notNull(),
    assignedTo: uuid('assigned_to').references(() => users.id),
    teamId: uuid('team_id').references(() => teams.id),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tasks_kind_subject').on(t.kind, t.subjectId),
    index('tasks_assigned_open').on(t.assignedTo, t.completedAt),
    index('tasks_org_due').on(t.organisationId, t.dueDate),
  ],
)

// ---------------------------------------------------------------- SSDA903 (issue 5)

/** One import of SSDA903 files: who, when, which files, the counts and the report (structural errors or validation violations, capped). */
export const ssda903Imports = pgTable(
  'ssda903_imports',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Null when imported from the command line. */
    userId: uuid('user_id').references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    /** 'succeeded' | 'failed'. */
    status: text('status').notNull(),
    /** 'history' (replaces everything) | 'year' (replaces one collection year). */
    mode: text('mode').notNull(),
    collectionYear: integer('collection_year'),
    files: jsonb('files').$type<unknown[]>().notNull().default([]),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsImported: integer('rows_imported').notNull().default(0),
    report: jsonb('report').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('ssda903_imports_org_started').on(t.organisationId, t.startedAt)],
)

/** SSDA903 Header: one row per child. */
export const ssda903Header = pgTable(
  'ssda903_header',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    child: text('child').notNull(),
    sex: text('sex').notNull(),
    dob: date('dob').notNull(),
    ethnic: text('ethnic'),
    upn: text('upn'),
    collectionYear: integer('collection_year'),
  },
  (t) => [uniqueIndex('ssda903_header_org_child').on(t.organisationId, t.child)],
)

/** SSDA903 Episodes, keyed by CHILD and DECOM; `collection_year` is the return that last wrote the row (null: a history import). */
export const ssda903Episodes = pgTable(
  'ssda903_episodes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    child: text('child').notNull(),
    decom: date('decom').notNull(),
    rne: text('rne'),
    ls: text('ls'),
    cin: text('cin'),
    place: text('place'),
    placeProvider: text('place_provider'),
    dec: date('dec'),
    rec: text('rec'),
    reasonPlaceChange: text('reason_place_change'),
    homePost: text('home_post'),
    plPost: text('pl_post'),
    urn: text('urn'),
    collectionYear: integer('collection_year'),
  },
  (t) => [uniqueIndex('ssda903_episodes_org_child_decom').on(t.organisationId, t.child, t.decom), index('ssda903_episodes_org_year').on(t.organisationId, t.collectionYear)],
)

/** SSDA903 UASC. */
export const ssda903Uasc = pgTable(
  'ssda903_uasc',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    child: text('child').notNull(),
    dob: date('dob'),
    duc: date('duc'),
    collectionYear: integer('collection_year'),
  },
  (t) => [index('ssda903_uasc_org_year').on(t.organisationId, t.collectionYear)],
)

/** SSDA903 OC2: outcomes for children looked after continuously for 12 months. */
export const ssda903Oc2 = pgTable(
  'ssda903_oc2',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    child: text('child').notNull(),
    collectionYear: integer('collection_year'),
    dob: date('dob'),
    sdqScore: doublePrecision('sdq_score'),
    sdqReason: text('sdq_reason'),
    healthAssessment: doublePrecision('health_assessment'),
    immunisations: doublePrecision('immunisations'),
    teethCheck: doublePrecision('teeth_check'),
    convicted: doublePrecision('convicted'),
    healthCheck: doublePrecision('health_check'),
    substanceMisuse: doublePrecision('substance_misuse'),
    interventionReceived: doublePrecision('intervention_received'),
    interventionOffered: doublePrecision('intervention_offered'),
  },
  (t) => [index('ssda903_oc2_org_year').on(t.organisationId, t.collectionYear)],
)

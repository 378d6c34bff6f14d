import { sql } from 'drizzle-orm'
import { bigserial, boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

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

// ---------------------------------------------------------------- casework (extended by the casework module)

/** A case is one family, however many children; its lead worker's caseload counts it while open. */
export const cases = pgTable(
  'cases',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    status: text('status').notNull().default('awaiting_allocation'),
    teamId: uuid('team_id').references(() => teams.id),
    leadWorkerId: uuid('lead_worker_id').references(() => users.id),
    coWorkerId: uuid('co_worker_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('cases_lead').on(t.leadWorkerId, t.status), index('cases_co').on(t.coWorkerId, t.status), index('cases_org').on(t.organisationId)],
)

import { sql } from 'drizzle-orm'
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations, teams, users } from '../../platform/db/schema.js'

/**
 * Casework settings an administrator changes (PRODUCT.md §2): the eligibility rules, one
 * row per organisation. No row means the defaults. `version` refuses a stale write; every
 * change is in the audit trail with the values before and after.
 */
export const caseworkSettings = pgTable('casework_settings', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  eligibility: jsonb('eligibility').$type<Record<string, unknown>>().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Annual capacity per strand, counted in cases accepted, for a financial year (1 April to
 * 31 March; `financial_year` is the year it starts). No row means the default for the strand.
 */
export const strandCapacities = pgTable(
  'strand_capacities',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    financialYear: integer('financial_year').notNull(),
    strand: text('strand').notNull(),
    capacity: integer('capacity').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.financialYear, t.strand] })],
)

/** Who covers crisis response out of hours, from one date to another inclusive (London dates). */
export const dutyRota = pgTable(
  'duty_rota',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    teamId: uuid('team_id').references(() => teams.id),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('duty_rota_org_dates').on(t.organisationId, t.startsOn, t.endsOn)],
)

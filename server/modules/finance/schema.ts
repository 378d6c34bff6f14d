import { sql } from 'drizzle-orm'
import { date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from '../../platform/db/schema.js'

/**
 * Finance settings (PRODUCT.md §3): what the finance partner maintains. Amounts are
 * stored as entered, as exact decimals (numeric), never as binary floats; the
 * arithmetic reads them as text into exact rationals (domain/money.ts). Every row has
 * a `version` for concurrency (API.md "Concurrency"), and every change is audited.
 */

const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`)
const orgRef = () =>
  uuid('organisation_id')
    .notNull()
    .references(() => organisations.id)
const stamps = {
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id),
}

/**
 * A unit cost of a placement type (API.md's codes), optionally for one provider
 * (in_house / agency; null = any provider), as entered: an amount per year or per
 * week, effective from one date to another (both inclusive; no end = still in
 * force). Two rows for the same type and provider may not overlap in time.
 */
export const financeUnitCosts = pgTable(
  'finance_unit_costs',
  {
    id: id(),
    organisationId: orgRef(),
    placementType: text('placement_type').notNull(),
    provider: text('provider'),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    per: text('per').notNull(),
    source: text('source').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    ...stamps,
  },
  (t) => [index('finance_unit_costs_org_type').on(t.organisationId, t.placementType)],
)

/** A staffing or running cost line of the service, an annual amount, effective-dated (PRODUCT.md §3 "Service cost"). */
export const financeServiceCosts = pgTable(
  'finance_service_costs',
  {
    id: id(),
    organisationId: orgRef(),
    description: text('description').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    source: text('source').notNull().default(''),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    ...stamps,
  },
  (t) => [index('finance_service_costs_org').on(t.organisationId)],
)

/** A cumulative savings target by the end of a financial year ('2024/25'), optionally with a number of fewer looked-after children. */
export const financeSavingsTargets = pgTable(
  'finance_savings_targets',
  {
    id: id(),
    organisationId: orgRef(),
    financialYear: text('financial_year').notNull(),
    cumulativeSavings: numeric('cumulative_savings', { precision: 14, scale: 2 }).notNull(),
    fewerLookedAfterChildren: integer('fewer_looked_after_children'),
    source: text('source').notNull().default(''),
    ...stamps,
  },
  (t) => [uniqueIndex('finance_savings_targets_org_year').on(t.organisationId, t.financialYear)],
)

/** A parameter of the impact computation with its central value and range: `deadweight` (a fraction 0-1) and `weeks_avoided`. */
export const financeParameters = pgTable(
  'finance_parameters',
  {
    id: id(),
    organisationId: orgRef(),
    name: text('name').notNull(),
    low: numeric('low', { precision: 12, scale: 4 }).notNull(),
    central: numeric('central', { precision: 12, scale: 4 }).notNull(),
    high: numeric('high', { precision: 12, scale: 4 }).notNull(),
    source: text('source').notNull().default(''),
    ...stamps,
  },
  (t) => [uniqueIndex('finance_parameters_org_name').on(t.organisationId, t.name)],
)

/** One historic-cases import (PRODUCT.md §3, issue 4): who, when, the file, how many cases and children. */
export const financeHistoricImports = pgTable(
  'finance_historic_imports',
  {
    id: id(),
    organisationId: orgRef(),
    userId: uuid('user_id').references(() => users.id),
    fileName: text('file_name').notNull(),
    cases: integer('cases').notNull(),
    children: integer('children').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('finance_historic_imports_org').on(t.organisationId)],
)

/**
 * A child on a case closed before the system was used, imported from a CSV so the
 * first full-year evaluation covers the service from its start. One row per child
 * per case; the child is named only by the council's child id (no personal details).
 */
export const financeHistoricChildren = pgTable(
  'finance_historic_children',
  {
    id: id(),
    organisationId: orgRef(),
    importId: uuid('import_id')
      .notNull()
      .references(() => financeHistoricImports.id),
    caseReference: text('case_reference').notNull(),
    localChildId: text('local_child_id').notNull(),
    strand: text('strand').notNull(),
    referralDate: date('referral_date').notNull(),
    closureDate: date('closure_date').notNull(),
    ageAtReferral: integer('age_at_referral').notNull(),
    atRiskPlacementType: text('at_risk_placement_type'),
    currentPlacementType: text('current_placement_type'),
    outcome: text('outcome').notNull(),
    placementType: text('placement_type'),
    followUp3: text('follow_up_3'),
    followUp6: text('follow_up_6'),
    followUp12: text('follow_up_12'),
    followUp18: text('follow_up_18'),
  },
  (t) => [
    uniqueIndex('finance_historic_children_case_child').on(t.organisationId, t.caseReference, t.localChildId),
    index('finance_historic_children_org_closure').on(t.organisationId, t.closureDate),
  ],
)

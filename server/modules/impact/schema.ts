import { sql } from 'drizzle-orm'
import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from '../../platform/db/schema.js'

/**
 * The council's child population of the ages the service works with (10-17 by default), by
 * characteristic, as the performance analyst enters or imports it (for example from the
 * ONS mid-year estimates and the school census): the reference the equality page compares
 * the children supported against (PRODUCT.md §4). Replaced whole on each import; `version`
 * is the same on every row of one import, so a stale form is refused.
 */
export const impactReferencePopulation = pgTable(
  'impact_reference_population',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** age_band | sex | ethnicity | send | disability */
    characteristic: text('characteristic').notNull(),
    /** The group's code within the characteristic (domain/equality.ts lists them). */
    groupCode: text('group_code').notNull(),
    children: integer('children').notNull(),
    /** Where the figures come from, as the analyst wrote it. */
    source: text('source').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('impact_reference_population_group').on(t.organisationId, t.characteristic, t.groupCode)],
)

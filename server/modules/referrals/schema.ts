import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { panelDecisions, referrals, users } from '../../platform/db/schema.js'

/**
 * The referrer's answer to a panel's "more information needed" (PRODUCT.md §2): what they
 * added, in reply to which decision. Giving it puts the referral back on the next agenda;
 * the panel reads every answer beside the referral.
 */
export const referralInformation = pgTable(
  'referral_information',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    /** The decision that asked for it. */
    panelDecisionId: uuid('panel_decision_id').references(() => panelDecisions.id),
    information: text('information').notNull(),
    givenBy: uuid('given_by')
      .notNull()
      .references(() => users.id),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('referral_information_referral').on(t.referralId, t.givenAt)],
)

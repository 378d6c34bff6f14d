import { sql } from 'drizzle-orm'
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from '../db/schema.js'

/**
 * In-app notifications: a line of news for one user (a decision on their referral, a case
 * allocated to them), with a link to where it happened. Made by `notify` in the transaction
 * of the change it reports, so a notification exists exactly when its change does.
 */
export const notifications = pgTable(
  'notifications',
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
    /** What happened, as `record.event`: `referral.decided`, `case.allocated`, `closure.awaiting-sign-off`. */
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    /** A path inside the service, or null. */
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_created').on(t.userId, t.createdAt),
    index('notifications_user_unread')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
)

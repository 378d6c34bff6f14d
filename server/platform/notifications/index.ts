import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Executor } from '../db/index.js'
import { notifications } from './schema.js'

export { notifications } from './schema.js'
export { notificationRoutes } from './routes.js'

export interface Notice {
  organisationId: string
  /** Who is told; nulls and repeats are dropped, and nobody is told twice. */
  userIds: readonly (string | null | undefined)[]
  kind: string
  message: string
  link?: string | null
}

/**
 * Tells users something happened. Call it with the transaction of the change it reports:
 * if the change is refused or rolled back, nobody is told. Returns how many were told.
 */
export async function notify(tx: Executor, notice: Notice): Promise<number> {
  const userIds = [...new Set(notice.userIds.filter((u): u is string => typeof u === 'string' && u.length > 0))]
  if (!userIds.length) return 0
  await tx
    .insert(notifications)
    .values(userIds.map((userId) => ({ organisationId: notice.organisationId, userId, kind: notice.kind, message: notice.message, link: notice.link ?? null })))
  return userIds.length
}

/** How many notifications the user has not read: the figure in the header. */
export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  return Number(row?.n ?? 0)
}

/** The user's latest notifications, newest first. */
export async function listNotifications(db: Executor, userId: string, limit = 100) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit)
}

/** Marks the user's own notifications read (others' ids are ignored); returns the ones marked. */
export async function markRead(db: Executor, userId: string, ids: 'all' | string[]) {
  if (ids !== 'all' && !ids.length) return []
  return db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids)))
    .returning({ id: notifications.id, link: notifications.link })
}

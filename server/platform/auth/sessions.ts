import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/index.js'
import { organisations, savedForms, sessions, teams, users } from '../db/schema.js'
import type { CurrentUser } from '../context.js'
import { currentUserColumns, toCurrentUser } from './users.js'

export const SESSION_COOKIE = 'eoc_session'

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

export interface SessionSettings {
  idleMinutes: number
  absoluteHours: number
  savedFormHours: number
}

export type SessionState =
  | { state: 'none' }
  | { state: 'active'; idHash: string; userId: string; user: CurrentUser | null; lastSeenAt: Date; flash: Record<string, unknown> | null }
  /** The cookie names a session that has ended: the user is known, so a form they post can be kept for them. */
  | { state: 'expired'; idHash: string; userId: string }

export async function createSession(db: Db, userId: string, settings: SessionSettings): Promise<string> {
  const token = newSecret()
  await db.insert(sessions).values({
    idHash: sha256(token),
    userId,
    expiresAt: new Date(Date.now() + settings.absoluteHours * 3_600_000),
  })
  return token
}

/** How often a session's last-seen time is written: often enough for the idle timeout to be exact to the minute. */
const TOUCH_EVERY_MS = 30_000

export async function resolveSession(db: Db, token: string | undefined, settings: SessionSettings): Promise<SessionState> {
  if (!token) return { state: 'none' }
  const idHash = sha256(token)
  // The session and its user in one query: this runs on every signed-in request.
  const [found] = await db
    .select({ session: sessions, user: currentUserColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(eq(sessions.idHash, idHash))
  if (!found) return { state: 'none' }
  const row = found.session
  const now = Date.now()
  if (row.endedAt) return { state: 'expired', idHash, userId: row.userId }
  const idleExpired = now - row.lastSeenAt.getTime() > settings.idleMinutes * 60_000
  if (idleExpired || row.expiresAt.getTime() <= now) {
    await db
      .update(sessions)
      .set({ endedAt: new Date(), endedReason: idleExpired ? 'idle' : 'absolute' })
      .where(eq(sessions.idHash, idHash))
    return { state: 'expired', idHash, userId: row.userId }
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.idHash, idHash))
  }
  return { state: 'active', idHash, userId: row.userId, user: toCurrentUser(found.user), lastSeenAt: row.lastSeenAt, flash: row.flash ?? null }
}

export async function endSession(db: Db, idHash: string, reason: string): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: new Date(), endedReason: reason })
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.endedAt)))
}

export async function setFlash(db: Db, idHash: string, flash: Record<string, unknown> | null): Promise<void> {
  await db.update(sessions).set({ flash }).where(eq(sessions.idHash, idHash))
}

// ---------------------------------------------------------------- forms kept across an expired session

export async function saveForm(db: Db, userId: string, path: string, body: Record<string, unknown>, settings: SessionSettings) {
  // The CSRF token belonged to the ended session and is useless later; keep only what the user typed.
  const { _csrf: _token, ...fields } = body
  const [row] = await db
    .insert(savedForms)
    .values({ userId, path, body: fields, expiresAt: new Date(Date.now() + settings.savedFormHours * 3_600_000) })
    .returning({ id: savedForms.id })
  return row?.id
}

export async function pendingSavedForms(db: Db, userId: string) {
  return db
    .select({ id: savedForms.id, path: savedForms.path, createdAt: savedForms.createdAt })
    .from(savedForms)
    .where(and(eq(savedForms.userId, userId), isNull(savedForms.restoredAt), gt(savedForms.expiresAt, sql`now()`)))
    .orderBy(savedForms.createdAt)
}

/** The saved body for this user and path, marked as restored so it is offered once. */
export async function takeSavedForm(db: Db, userId: string, id: string, path: string) {
  const [row] = await db
    .update(savedForms)
    .set({ restoredAt: new Date() })
    .where(and(eq(savedForms.id, id), eq(savedForms.userId, userId), eq(savedForms.path, path), isNull(savedForms.restoredAt), gt(savedForms.expiresAt, sql`now()`)))
    .returning({ body: savedForms.body })
  return row?.body ?? null
}

import { and, count, desc, eq, gt, sql } from 'drizzle-orm'
import type { Db } from '../db/index.js'
import { signInAttempts } from '../db/schema.js'
import { recordAuditNow } from '../audit/index.js'
import { dummyPasswordHash, verifyPassword } from './passwords.js'
import { findUserByEmail } from './users.js'

export interface LockoutSettings {
  maxFailures: number
  windowMinutes: number
  lockoutMinutes: number
}

export type SignInResult = { ok: true; userId: string; organisationId: string } | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date }

/**
 * Lockout: after `maxFailures` failed attempts for one email within `windowMinutes`
 * (counting only failures since its last success), that email is refused for
 * `lockoutMinutes` from the last failure, whatever password is given. Counters live in
 * the database, so every instance of the service sees the same ones.
 */
export async function lockedUntil(db: Db, email: string, s: LockoutSettings, now = new Date()): Promise<Date | null> {
  const key = email.trim().toLowerCase()
  const [lastSuccess] = await db
    .select({ at: signInAttempts.at })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, key), eq(signInAttempts.succeeded, true)))
    .orderBy(desc(signInAttempts.at))
    .limit(1)
  const since = new Date(Math.max(now.getTime() - s.windowMinutes * 60_000, lastSuccess?.at.getTime() ?? 0))
  const failures = await db
    .select({ n: count(), last: sql<string>`max(${signInAttempts.at})` })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, key), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)))
  const row = failures[0]
  if (!row || row.n < s.maxFailures || !row.last) return null
  const until = new Date(new Date(row.last).getTime() + s.lockoutMinutes * 60_000)
  return until > now ? until : null
}

export async function signIn(db: Db, input: { email: string; password: string; ip: string | null; correlationId: string }, settings: LockoutSettings): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase()
  const user = await findUserByEmail(db, email)
  const audit = (action: string, details?: Record<string, unknown>) =>
    recordAuditNow(db, {
      organisationId: user?.organisationId ?? null,
      userId: user?.id ?? null,
      action,
      recordType: 'user',
      recordId: user?.id ?? null,
      correlationId: input.correlationId,
      details: { email, ip: input.ip, ...details },
    })

  const until = await lockedUntil(db, email, settings)
  if (until) {
    await audit('sign-in.locked', { lockedUntil: until.toISOString() })
    return { ok: false, reason: 'locked', lockedUntil: until }
  }
  const passwordHash = user?.passwordHash ?? (await dummyPasswordHash())
  const passwordOk = await verifyPassword(passwordHash, input.password)
  const ok = Boolean(user && user.passwordHash && !user.disabled && passwordOk)
  await db.insert(signInAttempts).values({ email, succeeded: ok, ip: input.ip })
  if (!ok || !user) {
    await audit('sign-in.failure')
    const nowLocked = await lockedUntil(db, email, settings)
    return nowLocked ? { ok: false, reason: 'locked', lockedUntil: nowLocked } : { ok: false, reason: 'invalid' }
  }
  await audit('sign-in.success')
  return { ok: true, userId: user.id, organisationId: user.organisationId }
}

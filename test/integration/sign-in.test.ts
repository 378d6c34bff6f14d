import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { lockedUntil, signIn } from '../../server/platform/auth/sign-in.js'
import { createSession, resolveSession, sha256 } from '../../server/platform/auth/sessions.js'
import { sessions, signInAttempts } from '../../server/platform/db/schema.js'

let database: Database
let org: TestOrganisation
const lockout = { maxFailures: 5, windowMinutes: 15, lockoutMinutes: 15 }
const attempt = (email: string, password: string) => signIn(database.db, { email, password, ip: '127.0.0.1', correlationId: 'test' }, lockout)

beforeAll(async () => {
  database = await createTestDatabase()
  org = await createTestOrganisation(database, 'SIGNIN')
})
afterAll(async () => database.close())

describe('lockout', () => {
  it('locks after 5 failures in 15 minutes, even for the right password', async () => {
    const email = org.users.referrer.email
    for (let i = 1; i <= 4; i++) expect(await attempt(email, 'wrong-password!!')).toEqual({ ok: false, reason: 'invalid' })
    const fifth = await attempt(email, 'wrong-password!!')
    expect(fifth).toMatchObject({ ok: false, reason: 'locked' })
    expect(await attempt(email, TEST_PASSWORD)).toMatchObject({ ok: false, reason: 'locked' })
  })

  it('unlocks 15 minutes after the last failure', async () => {
    const email = org.users.referrer.email
    const until = await lockedUntil(database.db, email, lockout)
    expect(until).not.toBeNull()
    const later = new Date((until as Date).getTime() + 1000)
    expect(await lockedUntil(database.db, email, lockout, later)).toBeNull()
  })

  it('counts only failures inside the window, and a success resets the count', async () => {
    const email = org.users.analyst.email
    // Four old failures, outside the 15-minute window, do not count.
    const old = new Date(Date.now() - 20 * 60_000)
    await database.db.insert(signInAttempts).values(Array.from({ length: 4 }, () => ({ email, succeeded: false, at: old })))
    expect(await attempt(email, 'wrong-password!!')).toEqual({ ok: false, reason: 'invalid' })
    for (let i = 0; i < 3; i++) await attempt(email, 'wrong-password!!')
    expect(await attempt(email, TEST_PASSWORD)).toMatchObject({ ok: true })
    // After the success, four more failures are still not five.
    for (let i = 0; i < 4; i++) expect(await attempt(email, 'wrong-password!!')).toEqual({ ok: false, reason: 'invalid' })
  })

  it('treats an unknown email like a wrong password', async () => {
    expect(await attempt('nobody@nowhere.example', 'whatever-password')).toEqual({ ok: false, reason: 'invalid' })
  })

  it('matches email without regard to case', async () => {
    expect(await attempt(org.users.board_viewer.email.toUpperCase(), TEST_PASSWORD)).toMatchObject({ ok: true })
  })
})

describe('sessions', () => {
  const settings = { idleMinutes: 30, absoluteHours: 12, savedFormHours: 24 }

  it('stores only a hash of the cookie value', async () => {
    const token = await createSession(database.db, org.users.referrer.id, settings)
    const [row] = await database.db
      .select()
      .from(sessions)
      .where(eq(sessions.idHash, sha256(token)))
    expect(row?.userId).toBe(org.users.referrer.id)
    expect(await database.db.select().from(sessions).where(eq(sessions.idHash, token))).toHaveLength(0)
  })

  it('ends a session idle for longer than the timeout, remembering whose it was', async () => {
    const token = await createSession(database.db, org.users.referrer.id, settings)
    expect((await resolveSession(database.db, token, settings)).state).toBe('active')
    await database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(sessions.idHash, sha256(token)))
    expect(await resolveSession(database.db, token, settings)).toMatchObject({ state: 'expired', userId: org.users.referrer.id })
    // Once ended, it stays ended even if touched again.
    expect((await resolveSession(database.db, token, settings)).state).toBe('expired')
  })

  it('a session 29 minutes idle is still active', async () => {
    const token = await createSession(database.db, org.users.referrer.id, settings)
    await database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 29 * 60_000) })
      .where(eq(sessions.idHash, sha256(token)))
    expect((await resolveSession(database.db, token, settings)).state).toBe('active')
  })

  it('an unknown cookie is no session', async () => {
    expect(await resolveSession(database.db, 'made-up', settings)).toEqual({ state: 'none' })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestOrganisation, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { canonicalJson, recordAudit, recordAuditNow, verifyAuditChains } from '../../server/platform/audit/index.js'
import { auditEvents } from '../../server/platform/db/schema.js'

let database: Database
let a: TestOrganisation
let b: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  a = await createTestOrganisation(database, 'AUDA')
  b = await createTestOrganisation(database, 'AUDB')
})
afterAll(async () => database.close())

describe('canonical JSON', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: 1, x: [3, { d: 1, c: 2 }] } }, '{"z":{"x":[3,{"c":2,"d":1}],"y":1}}'],
    [null, 'null'],
    [{ a: undefined, b: null }, '{"b":null}'],
  ])('%j → %s', (value, expected) => expect(canonicalJson(value)).toBe(expected))
})

describe('audit trail', () => {
  it('chains each organisation’s events separately, numbered from 1', async () => {
    await recordAuditNow(database.db, {
      organisationId: a.id,
      userId: a.users.referrer.id,
      action: 'child.view',
      recordType: 'child',
      recordId: 'c1',
      details: { z: 1, a: { y: 2, b: 3 } },
    })
    await recordAuditNow(database.db, { organisationId: b.id, userId: b.users.referrer.id, action: 'child.view', recordType: 'child', recordId: 'c2' })
    await recordAuditNow(database.db, { organisationId: a.id, userId: a.users.referrer.id, action: 'child.update', recordType: 'child', recordId: 'c1', reason: 'correction' })
    const rows = await database.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.chain} = ${a.id}`)
      .orderBy(auditEvents.seq)
    expect(rows.map((r) => r.seq)).toEqual([1, 2])
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash)
    const reports = await verifyAuditChains(database.db)
    expect(reports.every((r) => r.ok)).toBe(true)
    expect(reports.find((r) => r.chain === a.id)?.events).toBe(2)
  })

  it('keeps the chain intact when many events are written at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAuditNow(database.db, { organisationId: a.id, userId: null, action: 'test.concurrent', recordId: String(i) })))
    const reports = await verifyAuditChains(database.db)
    expect(reports.find((r) => r.chain === a.id)).toMatchObject({ ok: true, events: 22 })
  })

  it('is written in the same transaction as the change: a rolled-back change leaves no event', async () => {
    const before = (await database.db.select().from(auditEvents)).length
    await expect(
      database.db.transaction(async (tx) => {
        await recordAudit(tx, { organisationId: a.id, userId: null, action: 'test.rolled-back' })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect((await database.db.select().from(auditEvents)).length).toBe(before)
  })

  it('refuses updates, deletes and truncation', async () => {
    // Drizzle wraps the database's error; the refusal is in its cause.
    const refused = (e: unknown) => /append-only/.test(String((e as { cause?: Error }).cause?.message ?? (e as Error).message))
    await expect(database.db.execute(sql`update audit_events set action = 'forged'`)).rejects.toSatisfy(refused)
    await expect(database.db.execute(sql`delete from audit_events`)).rejects.toSatisfy(refused)
    await expect(database.db.execute(sql`truncate audit_events`)).rejects.toSatisfy(refused)
  })

  it('verify finds an event changed by someone who disabled the trigger', async () => {
    await database.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`)
    try {
      await database.db.execute(sql`update audit_events set reason = 'tampered' where chain = ${b.id} and seq = 1`)
    } finally {
      await database.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`)
    }
    const reports = await verifyAuditChains(database.db)
    expect(reports.find((r) => r.chain === a.id)?.ok).toBe(true)
    const broken = reports.find((r) => r.chain === b.id)
    expect(broken?.ok).toBe(false)
    expect(broken?.problems).toContain('event 1 has been changed since it was written')
  })
})

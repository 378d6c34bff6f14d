import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import type { Database } from '../../server/platform/db/index.js'
import { seedDemo } from '../../db/seeds/demo.js'
import { wellbeingReferrals, wellbeingSessions } from '../../server/modules/wellbeing/schema.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { childCount: 20 })
})
afterAll(async () => {
  await database.close()
})

describe('the demo wellbeing service', () => {
  it('has synthetic referrals in every state, worked by all three partners', async () => {
    const byStatus = await database.db.select({ status: wellbeingReferrals.status, n: count() }).from(wellbeingReferrals).groupBy(wellbeingReferrals.status)
    const n = Object.fromEntries(byStatus.map((r) => [r.status, r.n]))
    expect(n.awaiting_triage).toBeGreaterThan(0)
    expect(n.triaged).toBeGreaterThan(0)
    expect(n.closed).toBeGreaterThan(0)
    expect((n.awaiting_triage ?? 0) + (n.triaged ?? 0) + (n.closed ?? 0)).toBe(30)
    const organisations = await database.db.selectDistinct({ org: wellbeingReferrals.organisationId }).from(wellbeingReferrals)
    expect(organisations).toHaveLength(3)
    const [sessions] = await database.db.select({ n: count() }).from(wellbeingSessions)
    expect(sessions?.n).toBeGreaterThan(10)
    const [notPartner] = await database.db.select({ n: count() }).from(wellbeingReferrals).where(eq(wellbeingReferrals.responsibleAuthority, 'Elsewhere Borough Council'))
    expect(notPartner?.n).toBeGreaterThan(0)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import type { Database } from '../../server/platform/db/index.js'
import { cases, children, families, organisations, referrals, relationships, teamDistricts, teams, userRoles, users } from '../../server/platform/db/schema.js'
import { demoAccounts, seedDemo, DEMO_PASSWORD } from '../../db/seeds/demo.js'
import { signIn } from '../../server/platform/auth/sign-in.js'
import { todayInLondon } from '../../server/platform/time/index.js'
import { isReviewOverdue, isRiskOverdue } from '../../server/modules/interventions/index.js'
import { caseReviews, caseRisks, caseSteps, escalations, planGoals } from '../../server/modules/interventions/schema.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => database.close())

describe('the Demoshire demo', () => {
  it('seeds the organisation, two teams with their districts, the staff and 300 children, once', async () => {
    expect(await seedDemo(database.db)).toEqual({ created: true })
    expect(await seedDemo(database.db)).toEqual({ created: false })
    const [org] = await database.db.select().from(organisations).where(eq(organisations.code, 'DEMOSHIRE'))
    expect(org).toBeDefined()
    const teamRows = await database.db
      .select()
      .from(teams)
      .where(eq(teams.organisationId, org?.id as string))
    expect(teamRows.map((t) => t.name).sort()).toEqual(['North', 'South'])
    expect((await database.db.select().from(teamDistricts)).length).toBe(8)
    const [childCount] = await database.db.select({ n: count() }).from(children)
    expect(childCount?.n).toBe(300)
    const [restricted] = await database.db.select({ n: count() }).from(families).where(eq(families.restricted, true))
    expect(restricted?.n).toBeGreaterThanOrEqual(1)
    // Per team: a team manager, two senior practitioners and eight family support workers.
    for (const team of teamRows) {
      const staff = await database.db.select({ role: userRoles.role }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(eq(users.teamId, team.id))
      const byRole = staff.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.role]: (acc[s.role] ?? 0) + 1 }), {})
      expect(byRole).toEqual({ team_manager: 1, senior_practitioner: 2, family_support_worker: 8 })
    }
    const [links] = await database.db.select({ n: count() }).from(relationships)
    expect(links?.n).toBeGreaterThan(300)
    expect(demoAccounts()).toHaveLength(31)
    // The ICB's and the City's wellbeing practitioners are listed, and made in their own organisations.
    const partners = demoAccounts().filter((a) => a.organisation)
    expect(partners.map((a) => [a.email, a.organisation])).toEqual([
      ['wellbeing.icb@demoshire.example', 'DEMO-ICB'],
      ['wellbeing.city@demoshire.example', 'DEMO-CITY'],
    ])
    // Casework made through the lifecycle service: 3 referrals waiting for the panel, 3 families on
    // the waiting list, 14 active, 2 closures waiting for sign-off and 2 closed with follow-ups.
    const referralRows = await database.db.select({ status: referrals.status }).from(referrals)
    expect(referralRows.filter((r) => r.status === 'awaiting_panel')).toHaveLength(3)
    const caseRows = await database.db.select({ status: cases.status }).from(cases)
    const byStatus = caseRows.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {})
    expect(byStatus).toEqual({ awaiting_allocation: 3, active: 14, closure_pending: 2, closed: 2 })
    // The active work on the 14 active cases (demo-plan.ts): two goals each, a risk each (every other one
    // overdue), one 6-week review held and one overdue, one escalation, one step down.
    const [goalCount] = await database.db.select({ n: count() }).from(planGoals)
    expect(goalCount?.n).toBe(28)
    const risks = await database.db.select({ reviewDate: caseRisks.reviewDate }).from(caseRisks)
    expect(risks.filter((r) => isRiskOverdue(r.reviewDate, todayInLondon()))).toHaveLength(7)
    expect(await database.db.select().from(escalations)).toHaveLength(1)
    expect(await database.db.select().from(caseSteps)).toHaveLength(1)
    const reviews = await database.db.select().from(caseReviews)
    expect(reviews.filter((r) => r.heldOn)).toHaveLength(1)
    expect(reviews.filter((r) => isReviewOverdue(r, todayInLondon()))).toHaveLength(1)
  })

  it('every demo account signs in with the demo password', async () => {
    const settings = { maxFailures: 5, windowMinutes: 15, lockoutMinutes: 15 }
    for (const account of demoAccounts().slice(0, 9)) {
      expect(await signIn(database.db, { email: account.email, password: DEMO_PASSWORD, ip: null, correlationId: 'test' }, settings)).toMatchObject({ ok: true })
    }
  })
})

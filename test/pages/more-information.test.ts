import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { referrals, teamDistricts } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import type { Ctx } from '../../server/platform/context.js'
import { createCaseworkService } from '../../server/modules/casework/index.js'
import { listNotifications } from '../../server/platform/notifications/index.js'

/** "More information needed": the referrer answers, and the referral goes back on the panel's agenda. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'INFO')
  await database.db.insert(teamDistricts).values({ organisationId: org.id, district: 'Hillside', teamId: org.teamId })
})
afterAll(async () => {
  await app.close()
  await database.close()
})

async function ctxOf(userId: string): Promise<Ctx> {
  const user = await loadCurrentUser(database.db, userId)
  if (!user) throw new Error('no user')
  return { user, correlationId: 'test' }
}

async function referralNeedingInformation(givenName: string) {
  const service = createCaseworkService(database.db)
  const { child } = await createTestChild(database, org.id, { givenName, familyName: 'Infofamily', district: 'Hillside' })
  const referral = await service.createReferral(await ctxOf(org.users.referrer.id), {
    strand: 'risk_of_care',
    childIds: [child.id],
    referrerTeam: 'child_in_need',
    reason: 'Conflict at home',
    atRiskPlacementType: 'fostering',
  })
  await service.decide(await ctxOf(org.users.panel_chair.id), referral.id, { decision: 'more_information', rationale: 'Tell us what the school says about attendance' })
  return referral.id
}

describe('more information needed', () => {
  it('the referrer answers on a page; the referral goes back on the agenda and the panel reads the answer', async () => {
    const id = await referralNeedingInformation('Hal')
    const referrer = new TestAgent(app)
    await referrer.signIn(org.users.referrer.email)
    const list = await referrer.get('/referrals')
    expect(list.body).toContain(`href="/referrals/${id}/information"`)
    const form = await referrer.get(`/referrals/${id}/information`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Tell us what the school says about attendance')
    const empty = await referrer.post(`/referrals/${id}/information`, { information: '', version: '2' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter the information the panel asked for')
    const sent = await referrer.post(`/referrals/${id}/information`, { information: 'Attendance is 62% this term; two fixed-term exclusions.', version: '2' })
    expect(sent.statusCode).toBe(303)
    const [row] = await database.db.select().from(referrals).where(eq(referrals.id, id))
    expect(row?.status).toBe('awaiting_panel')
    // Answered already: the form is gone.
    expect((await referrer.get(`/referrals/${id}/information`)).statusCode).toBe(409)

    const [told] = await listNotifications(database.db, org.users.panel_chair.id)
    expect(told?.kind).toBe('referral.information')
    const chair = new TestAgent(app)
    await chair.signIn(org.users.panel_chair.email)
    expect((await chair.get('/panel')).body).toContain(`/panel/referrals/${id}`)
    const decision = await chair.get(`/panel/referrals/${id}`)
    expect(decision.body).toContain('data-qa="information-given"')
    expect(decision.body).toContain('Attendance is 62% this term')
    expect(decision.body).toContain('The panel asked: Tell us what the school says about attendance')
    // A second decision on the same referral is recorded.
    expect((await chair.post(`/panel/referrals/${id}`, { decision: 'accepted', rationale: 'Now clear', priority: 'high', version: '3' })).statusCode).toBe(303)
  })

  it('in the API: 200 for the referrer, 403 for anyone else, 409 when nothing was asked or the version is stale', async () => {
    const id = await referralNeedingInformation('Ivy')
    const call = async (userId: string, body: unknown) =>
      app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/information`, headers: { authorization: `Bearer ${await tokenFor(database, userId)}` }, payload: body as object })
    expect((await call(org.users.team_manager.id, { information: 'From the manager' })).statusCode).toBe(403)
    expect((await call(org.users.referrer.id, { information: '' })).statusCode).toBe(422)
    const stale = await call(org.users.referrer.id, { information: 'Late', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().type).toBe('/problems/stale-version')
    const ok = await call(org.users.referrer.id, { information: 'The school confirms attendance concerns' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ status: 'awaiting_panel' })
    const again = await call(org.users.referrer.id, { information: 'Again' })
    expect(again.statusCode).toBe(409)
    expect(again.json().type).toBe('/problems/invalid-state')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { followUps, teamDistricts, users } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import { createCaseworkService, createFollowUpTasks } from '../../server/modules/casework/index.js'

/** The casework pages, each role doing its part: panel chair, team manager, family support worker. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'PAGES')
  await database.db.insert(teamDistricts).values({ organisationId: org.id, district: 'Hillside', teamId: org.teamId })
})
afterAll(async () => {
  await app.close()
  await database.close()
})

async function submittedReferral(givenName: string) {
  const { child } = await createTestChild(database, org.id, { givenName, familyName: 'Pagefamily', dateOfBirth: '2012-04-01', district: 'Hillside' })
  const user = await loadCurrentUser(database.db, org.users.referrer.id)
  if (!user) throw new Error('no referrer')
  const referral = await createCaseworkService(database.db).createReferral(
    { user, correlationId: 'test' },
    { strand: 'risk_of_care', childIds: [child.id], referrerTeam: 'child_protection', reason: 'Repeated missing episodes', atRiskPlacementType: 'residential', consent: 'given' },
  )
  return { child, referralId: referral.id }
}

describe('casework pages', () => {
  it('panel → allocation → contact → closure → sign-off → follow-up, with the timeline', async () => {
    const { child, referralId } = await submittedReferral('Imogen')

    const chair = new TestAgent(app)
    await chair.signIn(org.users.panel_chair.email)
    const agenda = await chair.get('/panel')
    expect(agenda.body).toContain('Pagefamily family')
    const form = await chair.get(`/panel/referrals/${referralId}`)
    expect(form.body).toContain('data-qa="screening"')
    const missing = await chair.post(`/panel/referrals/${referralId}`, { decision: '', rationale: '' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Select the decision')
    expect(missing.body).toContain('Enter the rationale for the decision')
    const decided = await chair.post(`/panel/referrals/${referralId}`, { decision: 'accepted', rationale: 'High risk; family willing', priority: 'high', version: '1' })
    expect(decided.statusCode).toBe(303)
    const caseUrl = decided.headers.location as string
    expect(caseUrl).toMatch(/^\/cases\/[0-9a-f-]{36}$/)
    expect((await chair.post(`/panel/referrals/${referralId}`, { decision: 'declined', rationale: 'Again' })).statusCode).toBe(409)

    const manager = new TestAgent(app)
    await manager.signIn(org.users.team_manager.email)
    const waiting = await manager.get('/cases?view=waiting')
    expect(waiting.body).toContain(caseUrl)
    const allocation = await manager.get(`${caseUrl}/allocation`)
    expect(allocation.body).toContain('0 of 6 families')
    // Fill the worker's caseload to the cap: the page refuses, then offers the override.
    await database.db.update(users).set({ caseloadCap: 5 }).where(eq(users.id, org.users.family_support_worker.id))
    const version = /name="version" value="(\d+)"/.exec(allocation.body)?.[1] ?? '1'
    const allocated = await manager.post(`${caseUrl}/allocation`, { team: 'North', leadWorkerId: org.users.family_support_worker.id, coWorkerId: '', version })
    expect(allocated.statusCode).toBe(303)

    const worker = new TestAgent(app)
    await worker.signIn(org.users.family_support_worker.email)
    const mine = await worker.get('/cases')
    expect(mine.body).toContain(caseUrl)
    await worker.get(`${caseUrl}/contacts/new`)
    const badContact = await worker.post(`${caseUrl}/contacts/new`, {
      type: 'home_visit',
      'at-day': '31',
      'at-month': '2',
      'at-year': '2026',
      time: '19:30',
      durationMinutes: '60',
      note: 'Visit',
    })
    expect(badContact.statusCode).toBe(422)
    expect(badContact.body).toContain('Enter a real date and a time like 14:30')
    expect(badContact.body).toContain('>Visit</textarea>')
    expect(badContact.body).toContain('value="19:30"')
    const contact = await worker.post(`${caseUrl}/contacts/new`, {
      type: 'home_visit',
      'at-day': '20',
      'at-month': '11',
      'at-year': '2026',
      time: '19:30',
      durationMinutes: '75',
      note: 'Evening visit about curfew',
      outOfHours: 'yes',
    })
    expect(contact.statusCode).toBe(303)
    const casePage = await worker.get(caseUrl)
    expect(casePage.body).toContain('data-qa="timeline"')
    expect(casePage.body).toContain('Home visit, 75 minutes (out of hours)')
    expect(casePage.body).toContain('Evening visit about curfew')
    expect(casePage.body).toContain('20 November 2026 at 7:30pm')

    await worker.get(`${caseUrl}/closure`)
    const noOutcome = await worker.post(`${caseUrl}/closure`, { summary: '' })
    expect(noOutcome.statusCode).toBe(422)
    expect(noOutcome.body).toContain('Enter a closing summary')
    const closing = await worker.post(`${caseUrl}/closure`, { [`outcome-${child.id}`]: 'remained_at_home', summary: 'Imogen says home feels calmer', version: '2' })
    expect(closing.statusCode).toBe(303)
    expect((await worker.get(caseUrl)).body).toContain('Closure waiting for sign-off')

    const pending = await manager.get(caseUrl)
    expect(pending.body).toContain('data-qa="sign-off"')
    const signed = await manager.post(`${caseUrl}/closure/sign-off`, { version: /name="version" value="(\d+)"/.exec(pending.body)?.[1] ?? '' })
    expect(signed.statusCode).toBe(303)
    const closed = await worker.get(caseUrl)
    expect(closed.body).toContain('data-qa="follow-ups"')
    expect(closed.body).toContain('Case closed')

    const followUpUrl = `${caseUrl}/follow-ups/${child.id}/3`
    await worker.get(followUpUrl)
    expect((await worker.post(followUpUrl, {})).body).toContain('Select where the child is')
    expect((await worker.post(followUpUrl, { status: 'at_home' })).statusCode).toBe(303)
    expect((await worker.get(caseUrl)).body).toMatch(/At home\s/)
  })

  it('an allocation beyond the cap is refused with an explanation and the override offered', async () => {
    const { referralId } = await submittedReferral('Jasper')
    const chair = new TestAgent(app)
    await chair.signIn(org.users.panel_chair.email)
    await chair.get(`/panel/referrals/${referralId}`)
    const decided = await chair.post(`/panel/referrals/${referralId}`, { decision: 'accepted', rationale: 'Meets criteria', priority: 'standard' })
    const caseUrl = decided.headers.location as string
    await database.db.update(users).set({ caseloadCap: 5 }).where(eq(users.id, org.users.senior_practitioner.id))
    for (let i = 0; i < 5; i++) {
      const { referralId: r } = await submittedReferral(`Filler${i}`)
      const chairCtx = await loadCurrentUser(database.db, org.users.panel_chair.id)
      const managerCtx = await loadCurrentUser(database.db, org.users.team_manager.id)
      const service = createCaseworkService(database.db)
      const { caseId } = await service.decide({ user: chairCtx as never, correlationId: 't' }, r, { decision: 'accepted', rationale: 'x' })
      await service.allocate({ user: managerCtx as never, correlationId: 't' }, caseId as string, { team: 'North', leadWorkerId: org.users.senior_practitioner.id })
    }
    const manager = new TestAgent(app)
    await manager.signIn(org.users.team_manager.email)
    await manager.get(`${caseUrl}/allocation`)
    const refused = await manager.post(`${caseUrl}/allocation`, { team: 'North', leadWorkerId: org.users.senior_practitioner.id })
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('already leads 5 families and their cap is 5')
    expect(refused.body).toContain('Allocate beyond the worker’s caseload cap')
    const overridden = await manager.post(`${caseUrl}/allocation`, {
      team: 'North',
      leadWorkerId: org.users.senior_practitioner.id,
      override: 'yes',
      overrideReason: 'Already working with the older sibling',
    })
    expect(overridden.statusCode).toBe(303)
    expect((await manager.get(caseUrl)).body).toContain('Over the caseload cap: Already working with the older sibling')
  })

  it('a due follow-up becomes a task for the lead worker, done from the tasks page', async () => {
    const { child, referralId } = await submittedReferral('Kestrel')
    const chairUser = await loadCurrentUser(database.db, org.users.panel_chair.id)
    const managerUser = await loadCurrentUser(database.db, org.users.team_manager.id)
    const service = createCaseworkService(database.db)
    const chairCtx = { user: chairUser as NonNullable<typeof chairUser>, correlationId: 't' }
    const managerCtx = { user: managerUser as NonNullable<typeof managerUser>, correlationId: 't' }
    const { caseId } = await service.decide(chairCtx, referralId, { decision: 'accepted', rationale: 'x' })
    await database.db.update(users).set({ caseloadCap: 7 }).where(eq(users.id, org.users.family_support_worker.id))
    await service.allocate(managerCtx, caseId as string, { team: 'North', leadWorkerId: org.users.family_support_worker.id })
    await service.close(managerCtx, caseId as string, { outcomes: [{ childId: child.id, outcome: 'remained_at_home' }], summary: 'Done' })
    // Three months on: the 3-month follow-up is due and nobody has recorded it.
    await database.db
      .update(followUps)
      .set({ dueDate: '2026-01-05' })
      .where(and(eq(followUps.caseId, caseId as string), eq(followUps.monthsAfterClosure, 3)))
    expect(await createFollowUpTasks(database.db, '2026-01-06')).toBe(1)

    const worker = new TestAgent(app)
    await worker.signIn(org.users.family_support_worker.email)
    const list = await worker.get('/tasks')
    expect(list.body).toContain('Record where Kestrel is 3 months after closure')
    expect(list.body).toContain('Overdue')
    const href = /href="([^"]+)" data-qa="task-link"/.exec(list.body)?.[1] as string
    expect(href).toBe(`/cases/${caseId}/follow-ups/${child.id}/3`)
    await worker.get(href)
    expect((await worker.post(href, { status: 'at_home' })).statusCode).toBe(303)
    expect((await worker.get('/tasks')).body).not.toContain('Kestrel')
  })
})

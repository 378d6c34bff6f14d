import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, cases, contacts, teamDistricts, users } from '../../server/platform/db/schema.js'
import { insertUser, loadCurrentUser } from '../../server/platform/auth/users.js'
import type { Ctx } from '../../server/platform/context.js'
import { londonDate, todayInLondon, addDays } from '../../server/platform/time/index.js'
import { createCaseworkService } from '../../server/modules/casework/index.js'
import { teamDashboard } from '../../server/modules/allocation/index.js'
import { financialYearOf } from '../../server/modules/allocation/domain/dashboard.js'
import { caseReviews, caseRisks } from '../../server/modules/interventions/schema.js'

/** The team manager's dashboard, caseload caps and duty rota; the administrator's casework settings. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'TEAM')
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

async function acceptedCase(
  givenName: string,
  strand: 'crisis' | 'risk_of_care' = 'risk_of_care',
  priority: 'urgent' | 'high' | 'standard' = 'standard',
  dateOfBirth = '2012-04-01',
) {
  const service = createCaseworkService(database.db)
  const { child } = await createTestChild(database, org.id, { givenName, familyName: `${givenName}son`, dateOfBirth, district: 'Hillside' })
  const referral = await service.createReferral(await ctxOf(org.users.referrer.id), {
    strand,
    childIds: [child.id],
    referrerTeam: 'child_protection',
    reason: 'Escalating conflict at home',
    atRiskPlacementType: 'residential',
  })
  const { caseId } = await service.decide(await ctxOf(org.users.panel_chair.id), referral.id, { decision: 'accepted', rationale: 'Meets criteria', priority })
  return { caseId: caseId as string, child, referralId: referral.id }
}

describe('team manager’s dashboard', () => {
  it('shows caseloads against caps, the waiting list in order, crisis first contact, panel decisions and capacity used', async () => {
    const service = createCaseworkService(database.db)
    const manager = await ctxOf(org.users.team_manager.id)
    const led1 = await acceptedCase('Ada')
    const led2 = await acceptedCase('Bea')
    await service.allocate(manager, led1.caseId, { team: 'North', leadWorkerId: org.users.family_support_worker.id, coWorkerId: org.users.senior_practitioner.id })
    await service.allocate(manager, led2.caseId, { team: 'North', leadWorkerId: org.users.family_support_worker.id })
    const standard = await acceptedCase('Cal', 'risk_of_care', 'standard')
    const urgent = await acceptedCase('Dot', 'risk_of_care', 'urgent')
    // A crisis case accepted 10 hours ago, seen 6½ hours after acceptance.
    const crisis = await acceptedCase('Eve', 'crisis', 'high')
    const acceptedAt = new Date(Date.now() - 10 * 3_600_000)
    await database.db.update(cases).set({ acceptedAt }).where(eq(cases.id, crisis.caseId))
    await service.allocate(manager, crisis.caseId, { team: 'North', leadWorkerId: org.users.senior_practitioner.id })
    await database.db.insert(contacts).values({
      caseId: crisis.caseId,
      at: new Date(acceptedAt.getTime() + 6.5 * 3_600_000),
      durationMinutes: 60,
      type: 'home_visit',
      note: 'First visit',
      recordedBy: org.users.senior_practitioner.id,
    })

    const d = await teamDashboard(database.db, manager, { teamId: null })
    const fsw = d.workers.find((w) => w.id === org.users.family_support_worker.id)
    const sp = d.workers.find((w) => w.id === org.users.senior_practitioner.id)
    expect(fsw).toMatchObject({ families: 2, coWorked: 0, cap: 6 })
    expect(sp).toMatchObject({ families: 1, coWorked: 1, cap: 6 })
    expect(d.waitingList.map((w) => w.id)).toEqual([urgent.caseId, standard.caseId])
    expect(d.waitingList.every((w) => w.daysWaiting === 0)).toBe(true)
    expect(d.crisisFirstContact.summary).toMatchObject({ total: 1, met: 1, median: 6.5 })
    // Five referrals submitted and decided today: 0 working days each.
    expect(d.panelDecisions.summary).toMatchObject({ total: 5, met: 5, missed: 0, median: 0 })
    expect(d.capacity.find((c) => c.strand === 'risk_of_care')).toMatchObject({ used: 4, capacity: 120, remaining: 116 })
    expect(d.capacity.find((c) => c.strand === 'crisis')).toMatchObject({ used: 1, capacity: 60 })
    // Reviews are scheduled at allocation (6 weeks, 3 months ahead): none overdue yet.
    expect(d.overdueReviews).toEqual({ total: 0, rows: [] })
    expect(d.escalations).toEqual({ total: 0, rows: [] })
    // One risk whose review date was yesterday, one due today: only yesterday's is overdue.
    await database.db.insert(caseRisks).values([
      { caseId: led1.caseId, description: 'Yesterday', level: 'high', reviewDate: addDays(todayInLondon(), -1), createdBy: org.users.family_support_worker.id },
      { caseId: led2.caseId, description: 'Today', level: 'low', reviewDate: todayInLondon(), createdBy: org.users.family_support_worker.id },
    ])
    // A 6-week review due two days ago and not held.
    await database.db
      .update(caseReviews)
      .set({ dueDate: addDays(todayInLondon(), -2) })
      .where(and(eq(caseReviews.caseId, led2.caseId), eq(caseReviews.kind, 'six_weeks')))
    const later = await teamDashboard(database.db, manager, { teamId: null })
    expect(later.overdueRisks).toEqual({ total: 1, rows: [{ caseId: led1.caseId, family: expect.any(String), when: addDays(todayInLondon(), -1), detail: 'high risk' }] })
    expect(later.overdueReviews).toEqual({ total: 1, rows: [{ caseId: led2.caseId, family: expect.any(String), when: addDays(todayInLondon(), -2), detail: '6-week review' }] })

    const agent = new TestAgent(app)
    await agent.signIn(org.users.team_manager.email)
    const page = await agent.get('/team')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="caseloads"')
    expect(page.body).toMatch(/data-qa="crisis-summary">In \d{4}\/\d{2}: 1 of 1 crisis family seen within 24 hours \(median 6.5 hours\)/)
    expect(page.body).toContain('5 of 5 referrals decided within 10 working days (median 0 working days)')
    expect(page.body.indexOf('Dotson family')).toBeLessThan(page.body.indexOf('Calson family'))
    expect(page.body).toContain('0 follow-ups are past their due date')

    // Other roles do not get the dashboard.
    const worker = new TestAgent(app)
    await worker.signIn(org.users.family_support_worker.email)
    expect((await worker.get('/team')).statusCode).toBe(403)
  })
})

describe('caseload caps and the duty rota (team manager)', () => {
  it('sets a worker’s cap from 5 to 7, audited, and refuses anything else or a stale version', async () => {
    const agent = new TestAgent(app)
    await agent.signIn(org.users.team_manager.email)
    await agent.get('/team/caps')
    const [before] = await database.db.select().from(users).where(eq(users.id, org.users.family_support_worker.id))
    const worker = org.users.family_support_worker.id
    const bad = await agent.post('/team/caps', { userId: worker, cap: '8', version: String(before?.version) })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter a cap from 5 to 7 families')
    const ok = await agent.post('/team/caps', { userId: worker, cap: '7', version: String(before?.version) })
    expect(ok.statusCode).toBe(303)
    const [after] = await database.db.select().from(users).where(eq(users.id, worker))
    expect(after?.caseloadCap).toBe(7)
    const stale = await agent.post('/team/caps', { userId: worker, cap: '5', version: String(before?.version) })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed this')
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'worker.cap'), eq(auditEvents.recordId, worker)))
    expect(audit[0]?.details).toEqual({ before: 6, after: 7 })
  })

  it('keeps a duty rota, and only the team manager on duty accepts a crisis out of panel', async () => {
    const other = await insertUser(database.db, { organisationId: org.id, email: 'tm2@team.example', name: 'Second Manager', roles: ['team_manager'], teamId: org.teamId })
    const agent = new TestAgent(app)
    await agent.signIn(org.users.team_manager.email)
    await agent.get('/team/duty-rota')
    const today = todayInLondon()
    const [y, m, d] = today.split('-')
    const end = addDays(today, 2).split('-')
    const missing = await agent.post('/team/duty-rota', { userId: '', 'startsOn-day': d ?? '', 'startsOn-month': m ?? '', 'startsOn-year': y ?? '' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Select who is on duty')
    expect(missing.body).toContain('Enter the last day on duty as a real date')
    const added = await agent.post('/team/duty-rota', {
      userId: other,
      'startsOn-day': d ?? '',
      'startsOn-month': m ?? '',
      'startsOn-year': y ?? '',
      'endsOn-day': end[2] ?? '',
      'endsOn-month': end[1] ?? '',
      'endsOn-year': end[0] ?? '',
      note: 'Weekend cover',
    })
    expect(added.statusCode).toBe(303)
    const rota = await agent.get('/team/duty-rota')
    expect(rota.body).toContain('Second Manager')
    expect(rota.body).toContain('On duty today')

    const service = createCaseworkService(database.db)
    const { child } = await createTestChild(database, org.id, { givenName: 'Finn', familyName: 'Crisisfamily', district: 'Hillside' })
    const referral = await service.createReferral(await ctxOf(org.users.referrer.id), {
      strand: 'crisis',
      childIds: [child.id],
      referrerTeam: 'front_door',
      reason: 'Parent asking for the young person to be accommodated tonight',
      atRiskPlacementType: 'residential',
    })
    await expect(service.decide(await ctxOf(org.users.team_manager.id), referral.id, { decision: 'accepted', rationale: 'Urgent' })).rejects.toThrow(
      'Second Manager is the duty team manager today',
    )
    const accepted = await service.decide(await ctxOf(other), referral.id, { decision: 'accepted', rationale: 'Urgent', priority: 'urgent' })
    expect(accepted.status).toBe('accepted')

    const id = /action="\/team\/duty-rota\/([0-9a-f-]{36})\/remove"/.exec(rota.body)?.[1] as string
    expect((await agent.post(`/team/duty-rota/${id}/remove`, { version: '1' })).statusCode).toBe(303)
    expect((await agent.post(`/team/duty-rota/${id}/remove`, { version: '1' })).statusCode).toBe(409)
  })
})

describe('casework settings (administrator)', () => {
  it('changes the eligibility rules, versioned and audited; screening uses them', async () => {
    const admin = new TestAgent(app)
    await admin.signIn(org.users.administrator.email)
    const page = await admin.get('/settings/eligibility')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="10"')
    const allRules = ['age', 'allocated_social_worker', 'risk_of_care', 'lives_in_area', 'not_uasc']
    const bad = await admin.post('/settings/eligibility', { minAge: '14', maxAge: '12', version: '0', rules: allRules })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('The oldest age must be the same as the youngest or older')
    const saved = await admin.post('/settings/eligibility', { minAge: '12', maxAge: '17', version: '0', rules: allRules.filter((r) => r !== 'lives_in_area') })
    expect(saved.statusCode).toBe(303)
    const stale = await admin.post('/settings/eligibility', { minAge: '11', maxAge: '17', version: '0', rules: allRules })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed this setting')
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'settings.eligibility'))
    expect(event?.details).toMatchObject({ before: { minAge: 10, maxAge: 17 }, after: { minAge: 12, maxAge: 17, rules: { lives_in_area: false } } })

    // An 11-year-old from outside the area: too young without a reason, and no area rule at all.
    const { child } = await createTestChild(database, org.id, {
      givenName: 'Gus',
      familyName: 'Youngfamily',
      dateOfBirth: addDays(todayInLondon(), -(11 * 365 + 10)),
      district: 'Elsewhere',
    })
    const referral = await createCaseworkService(database.db).createReferral(await ctxOf(org.users.referrer.id), {
      strand: 'risk_of_care',
      childIds: [child.id],
      referrerTeam: 'child_protection',
      reason: 'Exclusion and missing episodes',
      atRiskPlacementType: 'fostering',
    })
    expect(referral.screening.rules.map((r) => r.rule)).toEqual(['age', 'allocated_social_worker', 'risk_of_care', 'not_uasc'])
    expect(referral.screening.rules[0]).toMatchObject({ passed: false })
    expect(referral.screening.rules[0]?.message).toContain('younger than 12')

    // A team manager may not change the settings.
    const manager = new TestAgent(app)
    await manager.signIn(org.users.team_manager.email)
    expect((await manager.get('/settings/eligibility')).statusCode).toBe(403)
  })

  it('maps districts to teams: add, move, remove, each audited; a stale move is refused', async () => {
    const admin = new TestAgent(app)
    await admin.signIn(org.users.administrator.email)
    await admin.get('/settings/districts')
    expect((await admin.post('/settings/districts', { district: '', teamId: '', fromTeamId: '' })).body).toContain('Enter the district’s name')
    expect((await admin.post('/settings/districts', { district: 'Riverside', teamId: org.teamId, fromTeamId: '' })).statusCode).toBe(303)
    expect((await admin.post('/settings/districts', { district: 'riverside', teamId: org.teamId, fromTeamId: '' })).body).toContain('Riverside is already mapped')
    const list = await admin.get('/settings/districts')
    expect(list.body).toContain('data-district="Riverside"')
    // Moved by someone else since the page was read: refused.
    expect((await admin.post('/settings/districts/remove', { district: 'Riverside', fromTeamId: '00000000-0000-0000-0000-000000000000' })).statusCode).toBe(409)
    expect((await admin.post('/settings/districts/remove', { district: 'Riverside', fromTeamId: org.teamId })).statusCode).toBe(303)
    const actions = (await database.db.select({ action: auditEvents.action }).from(auditEvents)).map((a) => a.action)
    expect(actions).toContain('settings.district')
    expect(actions).toContain('settings.district-remove')
  })

  it('sets capacity per strand per financial year and shows what is used', async () => {
    const admin = new TestAgent(app)
    await admin.signIn(org.users.administrator.email)
    const year = financialYearOf(londonDate(new Date()))
    const page = await admin.get('/settings/capacity')
    expect(page.body).toContain('data-qa="capacity-crisis"')
    expect(page.body).toMatch(/data-qa="capacity-risk_of_care">[\s\S]*?data-qa="used">\d+</)
    const bad = await admin.post('/settings/capacity', { year: String(year), strand: 'crisis', 'capacity-crisis': 'lots', version: '0' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter the capacity as a whole number of cases')
    expect((await admin.post('/settings/capacity', { year: String(year), strand: 'crisis', 'capacity-crisis': '45', version: '0' })).statusCode).toBe(303)
    expect((await admin.post('/settings/capacity', { year: String(year), strand: 'crisis', 'capacity-crisis': '50', version: '0' })).statusCode).toBe(409)
    const d = await teamDashboard(database.db, await ctxOf(org.users.team_manager.id), { teamId: null })
    expect(d.capacity.find((c) => c.strand === 'crisis')?.capacity).toBe(45)
  })
})

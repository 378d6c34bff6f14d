import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, caseAllocations, cases, teamDistricts, users } from '../../server/platform/db/schema.js'
import { insertUser } from '../../server/platform/auth/users.js'
import { londonDate } from '../../server/platform/time/index.js'
import { followUpSchedule } from '../../server/modules/casework/index.js'

/** The edge-of-care lifecycle through the API, as API.md describes it, played by each role involved. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
let other: TestOrganisation
const tokens = {} as Record<'referrer' | 'chair' | 'manager' | 'worker' | 'senior' | 'board', string>

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'LIFE')
  other = await createTestOrganisation(database, 'OTHERLIFE')
  await database.db.insert(teamDistricts).values({ organisationId: org.id, district: 'Riverside', teamId: org.teamId })
  tokens.referrer = await tokenFor(database, org.users.referrer.id)
  tokens.chair = await tokenFor(database, org.users.panel_chair.id)
  tokens.manager = await tokenFor(database, org.users.team_manager.id)
  tokens.worker = await tokenFor(database, org.users.family_support_worker.id)
  tokens.senior = await tokenFor(database, org.users.senior_practitioner.id)
  tokens.board = await tokenFor(database, org.users.board_viewer.id)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const post = (url: string, token: string, body: unknown) =>
  app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

async function youngPerson(overrides: Parameters<typeof createTestChild>[2] = {}) {
  return createTestChild(database, org.id, { dateOfBirth: '2011-03-10', district: 'Riverside', ...overrides })
}

const referralBody = (childIds: string[], extra: Record<string, unknown> = {}) => ({
  strand: 'risk_of_care',
  childIds,
  referrerTeam: 'child_in_need',
  reason: 'Escalating conflict at home; police called twice this month',
  atRiskPlacementType: 'residential',
  consent: 'given',
  ...extra,
})

async function acceptedCase(extra: Record<string, unknown> = {}) {
  const { child } = await youngPerson()
  const referral = (await post('/api/v1/referrals', tokens.referrer, referralBody([child.id], extra))).json()
  const decision = (
    await post(`/api/v1/referrals/${referral.id}/decision`, tokens.chair, { decision: 'accepted', rationale: 'Meets criteria; high risk', priority: 'high' })
  ).json()
  return { child, referralId: referral.id as string, caseId: decision.caseId as string }
}

describe('referral', () => {
  it('submits straight to the panel with every screening rule explained', async () => {
    const { child } = await youngPerson()
    const res = await post('/api/v1/referrals', tokens.referrer, referralBody([child.id], { presentingNeeds: ['exploitation', 'missing'] }))
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ status: 'awaiting_panel', reReferral: false, screening: { eligible: true } })
    expect(body.screening.rules.map((r: { rule: string }) => r.rule)).toEqual(['age', 'allocated_social_worker', 'risk_of_care', 'lives_in_area', 'not_uasc'])
  })

  it('screening never rejects: an ineligible referral still goes to the panel with the failed rule', async () => {
    const { child } = await youngPerson({ dateOfBirth: '2019-01-01' })
    const res = await post('/api/v1/referrals', tokens.referrer, referralBody([child.id]))
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ status: 'awaiting_panel', screening: { eligible: false } })
    expect(res.json().screening.rules.find((r: { rule: string }) => r.rule === 'age').passed).toBe(false)
  })

  it('404 for a child of another organisation', async () => {
    const { child } = await createTestChild(database, other.id)
    expect((await post('/api/v1/referrals', tokens.referrer, referralBody([child.id]))).statusCode).toBe(404)
  })

  it('422 when a strand’s required placement is missing', async () => {
    const { child } = await youngPerson()
    const res = await post('/api/v1/referrals', tokens.referrer, referralBody([child.id], { strand: 'reunification', atRiskPlacementType: undefined }))
    expect(res.statusCode).toBe(422)
    expect(res.json().errors).toEqual([{ field: '/currentPlacementType', message: 'Select the young person’s current placement' }])
  })

  it('403 for a role that does not refer', async () => {
    const { child } = await youngPerson()
    expect((await post('/api/v1/referrals', tokens.board, referralBody([child.id]))).statusCode).toBe(403)
  })
})

describe('panel decision', () => {
  it('accepting creates a case awaiting allocation; deciding again is 409 and changes nothing', async () => {
    const { child } = await youngPerson()
    const referral = (await post('/api/v1/referrals', tokens.referrer, referralBody([child.id]))).json()
    const res = await post(`/api/v1/referrals/${referral.id}/decision`, tokens.chair, {
      decision: 'accepted',
      rationale: 'High risk of residential',
      priority: 'urgent',
      version: 1,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'accepted', caseId: expect.any(String) })
    const again = await post(`/api/v1/referrals/${referral.id}/decision`, tokens.chair, { decision: 'declined', rationale: 'Changed my mind' })
    expect(again.statusCode).toBe(409)
    expect(again.json().type).toBe('/problems/invalid-state')
    const found = await get(`/api/v1/cases/${res.json().caseId}`, tokens.manager)
    expect(found.json()).toMatchObject({ status: 'awaiting_allocation', priority: 'urgent', children: [child.id] })
  })

  it('a team manager may accept a crisis referral out of panel, but not decide others', async () => {
    const { child } = await youngPerson()
    const crisis = (await post('/api/v1/referrals', tokens.referrer, referralBody([child.id], { strand: 'crisis' }))).json()
    const planned = (await post('/api/v1/referrals', tokens.referrer, referralBody([(await youngPerson()).child.id]))).json()
    expect((await post(`/api/v1/referrals/${planned.id}/decision`, tokens.manager, { decision: 'accepted', rationale: 'x' })).statusCode).toBe(403)
    expect((await post(`/api/v1/referrals/${crisis.id}/decision`, tokens.manager, { decision: 'declined', rationale: 'x' })).statusCode).toBe(403)
    const accepted = await post(`/api/v1/referrals/${crisis.id}/decision`, tokens.manager, { decision: 'accepted', rationale: 'Crisis tonight: out of panel' })
    expect(accepted.statusCode).toBe(200)
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, crisis.id), eq(auditEvents.action, 'referral.decide')))
    expect(event?.details).toMatchObject({ outOfPanel: true })
  })

  it('a stale version is 409 stale-version', async () => {
    const { child } = await youngPerson()
    const referral = (await post('/api/v1/referrals', tokens.referrer, referralBody([child.id]))).json()
    const res = await post(`/api/v1/referrals/${referral.id}/decision`, tokens.chair, { decision: 'declined', rationale: 'Below threshold', version: 7 })
    expect(res.statusCode).toBe(409)
    expect(res.json().type).toBe('/problems/stale-version')
  })
})

describe('allocation', () => {
  it('allocates within the cap, refuses at the cap without an override, and records an override with its reason', async () => {
    const worker = await insertUser(database.db, {
      organisationId: org.id,
      email: 'capped@life.example',
      name: 'Capped Worker',
      roles: ['family_support_worker'],
      teamId: org.teamId,
    })
    await database.db.update(users).set({ caseloadCap: 5 }).where(eq(users.id, worker))
    const token = tokens.manager
    for (let i = 0; i < 5; i++) {
      const { caseId } = await acceptedCase()
      const res = await post(`/api/v1/cases/${caseId}/allocation`, token, { team: 'North', leadWorkerId: worker })
      expect(res.json()).toMatchObject({ status: 'active' })
    }
    const { caseId } = await acceptedCase()
    const refused = await post(`/api/v1/cases/${caseId}/allocation`, token, { team: 'North', leadWorkerId: worker })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ type: '/problems/caseload-cap', families: 5, cap: 5 })
    expect((await get(`/api/v1/cases/${caseId}`, token)).json().status).toBe('awaiting_allocation')
    const noReason = await post(`/api/v1/cases/${caseId}/allocation`, token, { team: 'North', leadWorkerId: worker, override: true })
    expect(noReason.statusCode).toBe(422)
    const overridden = await post(`/api/v1/cases/${caseId}/allocation`, token, {
      team: 'North',
      leadWorkerId: worker,
      override: true,
      overrideReason: 'Knows the family from a previous case',
    })
    expect(overridden.statusCode).toBe(200)
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, caseId), eq(auditEvents.action, 'case.allocate')))
    expect(event?.reason).toBe('Knows the family from a previous case')
    const caseload = await get(`/api/v1/workers/${worker}/caseload`, token)
    expect(caseload.json()).toEqual({ families: 6, coWorked: 0, cap: 5 })
  })

  it('reallocation keeps the history and moves the caseload', async () => {
    const { caseId } = await acceptedCase()
    await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, { team: 'North', leadWorkerId: org.users.family_support_worker.id })
    const before = (await get(`/api/v1/workers/${org.users.senior_practitioner.id}/caseload`, tokens.manager)).json()
    const res = await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, { team: 'North', leadWorkerId: org.users.senior_practitioner.id })
    expect(res.statusCode).toBe(200)
    const history = await database.db.select().from(caseAllocations).where(eq(caseAllocations.caseId, caseId))
    expect(history.map((h) => h.leadWorkerId)).toEqual([org.users.family_support_worker.id, org.users.senior_practitioner.id])
    expect((await get(`/api/v1/workers/${org.users.senior_practitioner.id}/caseload`, tokens.manager)).json().families).toBe(before.families + 1)
  })

  it('refuses a lead worker who is not a worker in the organisation', async () => {
    const { caseId } = await acceptedCase()
    for (const lead of [org.users.board_viewer.id, other.users.family_support_worker.id]) {
      const res = await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, { team: 'North', leadWorkerId: lead })
      expect(res.statusCode).toBe(422)
      expect(res.json().errors[0].field).toBe('/leadWorkerId')
    }
  })
})

describe('casework to follow-up', () => {
  it('contacts, a worker’s closure waiting for sign-off, follow-ups scheduled and recorded', async () => {
    const { caseId, child } = await acceptedCase()
    const worker = org.users.family_support_worker.id
    await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, { team: 'North', leadWorkerId: worker, coWorkerId: org.users.senior_practitioner.id })

    const contact = await post(`/api/v1/cases/${caseId}/contacts`, tokens.worker, {
      at: '2026-11-20T19:30:00+00:00',
      durationMinutes: 90,
      type: 'home_visit',
      note: 'Family meeting about evening curfew',
      outOfHours: true,
    })
    expect(contact.statusCode).toBe(201)
    expect(
      (await post(`/api/v1/cases/${caseId}/contacts`, tokens.senior, { at: '2026-11-21T10:00:00Z', durationMinutes: 30, type: 'phone', note: 'Call with school' })).statusCode,
    ).toBe(201)
    expect(
      (await post(`/api/v1/cases/${caseId}/contacts`, tokens.worker, { at: 'yesterday', durationMinutes: 0, type: 'visit', note: '' }))
        .json()
        .errors.map((e: { field: string }) => e.field),
    ).toEqual(['/at', '/durationMinutes', '/type', '/note'])

    const missing = await post(`/api/v1/cases/${caseId}/closure`, tokens.worker, {
      outcomes: [{ childId: (await youngPerson()).child.id, outcome: 'remained_at_home' }],
      summary: 'Done',
    })
    expect(missing.statusCode).toBe(422)
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['/outcomes/0/childId', '/outcomes'])

    const pending = await post(`/api/v1/cases/${caseId}/closure`, tokens.worker, {
      outcomes: [{ childId: child.id, outcome: 'remained_at_home' }],
      summary: 'Family using the safety plan',
    })
    expect(pending.json()).toMatchObject({ status: 'closure_pending' })
    const signed = await post(`/api/v1/cases/${caseId}/closure/sign-off`, tokens.manager, {})
    expect(signed.json()).toMatchObject({ status: 'closed' })
    expect((await post(`/api/v1/cases/${caseId}/closure/sign-off`, tokens.manager, {})).statusCode).toBe(409)

    const closedContact = await post(`/api/v1/cases/${caseId}/contacts`, tokens.worker, { at: '2026-11-22T10:00:00Z', durationMinutes: 30, type: 'phone', note: 'After closure' })
    expect(closedContact.statusCode).toBe(409)
    expect(closedContact.json().type).toBe('/problems/invalid-state')

    const view = (await get(`/api/v1/cases/${caseId}`, tokens.worker)).json()
    const closureDate = londonDate(new Date())
    expect(view.closureDate).toBe(closureDate)
    expect(view.followUps.map((f: { dueDate: string }) => f.dueDate)).toEqual(followUpSchedule(closureDate).map((f) => f.dueDate))
    expect(view.followUps.every((f: { status: unknown }) => f.status === null)).toBe(true)
    expect(view.contacts).toHaveLength(2)
    expect(view.outcomes).toEqual([{ childId: child.id, outcome: 'remained_at_home', placementType: null }])

    // A child who came into care a week after closure is recorded now, not in three months.
    const recorded = await post(`/api/v1/cases/${caseId}/follow-ups`, tokens.worker, { childId: child.id, monthsAfterClosure: 3, status: 'in_care', placementType: 'fostering' })
    expect(recorded.statusCode).toBe(201)
    expect(recorded.json()).toMatchObject({ status: 'in_care', source: 'recorded' })
    const notOnCase = await post(`/api/v1/cases/${caseId}/follow-ups`, tokens.worker, { childId: (await youngPerson()).child.id, monthsAfterClosure: 6, status: 'at_home' })
    expect(notOnCase.statusCode).toBe(422)
    expect((await get(`/api/v1/workers/${worker}/caseload`, tokens.manager)).json().families).toBeGreaterThanOrEqual(0)
  })

  it('a team manager’s closure is its own sign-off; a new referral for the family within 12 months is a re-referral', async () => {
    const { caseId, child } = await acceptedCase()
    await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, { team: 'North', leadWorkerId: org.users.family_support_worker.id })
    const closed = await post(`/api/v1/cases/${caseId}/closure`, tokens.manager, {
      outcomes: [{ childId: child.id, outcome: 'entered_care', placementType: 'residential' }],
      summary: 'Placed after a serious incident',
    })
    expect(closed.json()).toMatchObject({ status: 'closed' })
    const again = await post('/api/v1/referrals', tokens.referrer, referralBody([child.id]))
    expect(again.json()).toMatchObject({ reReferral: true })
  })

  it('entered care needs the placement; another worker may not close; an unallocated case takes no contacts', async () => {
    const { caseId, child } = await acceptedCase()
    expect((await post(`/api/v1/cases/${caseId}/contacts`, tokens.manager, { at: '2026-11-20T10:00:00Z', durationMinutes: 30, type: 'phone', note: 'x' })).statusCode).toBe(409)
    await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, { team: 'North', leadWorkerId: org.users.family_support_worker.id })
    expect((await post(`/api/v1/cases/${caseId}/closure`, tokens.senior, { outcomes: [{ childId: child.id, outcome: 'remained_at_home' }], summary: 'x' })).statusCode).toBe(403)
    const noPlacement = await post(`/api/v1/cases/${caseId}/closure`, tokens.worker, { outcomes: [{ childId: child.id, outcome: 'entered_care' }], summary: 'x' })
    expect(noPlacement.statusCode).toBe(422)
    expect(noPlacement.json().errors[0].field).toBe('/outcomes/0/placementType')
    const [row] = await database.db.select().from(cases).where(eq(cases.id, caseId))
    expect(row?.status).toBe('active')
  })

  it('another organisation’s case is 404', async () => {
    const { caseId } = await acceptedCase()
    const otherManager = await tokenFor(database, other.users.team_manager.id)
    expect((await get(`/api/v1/cases/${caseId}`, otherManager)).statusCode).toBe(404)
    expect((await post(`/api/v1/cases/${caseId}/allocation`, otherManager, { team: 'North', leadWorkerId: other.users.family_support_worker.id })).statusCode).toBe(404)
  })
})

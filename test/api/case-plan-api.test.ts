import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, tasks, teamDistricts } from '../../server/platform/db/schema.js'
import { addDays, londonDate, todayInLondon } from '../../server/platform/time/index.js'
import { reviewSchedule } from '../../server/modules/interventions/index.js'
import { caseRisks } from '../../server/modules/interventions/schema.js'

/** The work on an open case through the API: goals and scores, risks, escalations, steps, reviews and closing scores. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
let other: TestOrganisation
const tokens = {} as Record<'referrer' | 'chair' | 'manager' | 'worker' | 'senior' | 'board' | 'otherWorker' | 'otherManager', string>

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'PLAN')
  other = await createTestOrganisation(database, 'OTHERPLAN')
  await database.db.insert(teamDistricts).values({ organisationId: org.id, district: 'Riverside', teamId: org.teamId })
  tokens.referrer = await tokenFor(database, org.users.referrer.id)
  tokens.chair = await tokenFor(database, org.users.panel_chair.id)
  tokens.manager = await tokenFor(database, org.users.team_manager.id)
  tokens.worker = await tokenFor(database, org.users.family_support_worker.id)
  tokens.senior = await tokenFor(database, org.users.senior_practitioner.id)
  tokens.board = await tokenFor(database, org.users.board_viewer.id)
  tokens.otherWorker = await tokenFor(database, other.users.family_support_worker.id)
  tokens.otherManager = await tokenFor(database, other.users.team_manager.id)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const post = (url: string, token: string, body: unknown) =>
  app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

/** A case allocated to the organisation's family support worker. */
async function activeCase(allocate = true) {
  const { child } = await createTestChild(database, org.id, { dateOfBirth: '2011-03-10', district: 'Riverside' })
  const referral = (
    await post('/api/v1/referrals', tokens.referrer, {
      strand: 'risk_of_care',
      childIds: [child.id],
      referrerTeam: 'child_in_need',
      reason: 'Conflict at home',
      atRiskPlacementType: 'residential',
    })
  ).json()
  const { caseId } = (await post(`/api/v1/referrals/${referral.id}/decision`, tokens.chair, { decision: 'accepted', rationale: 'Meets criteria' })).json()
  // Many cases for one worker: the cap is overridden, as a team manager may (issue 3, item 4).
  if (allocate)
    await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, {
      team: 'North',
      leadWorkerId: org.users.family_support_worker.id,
      override: true,
      overrideReason: 'Test cases',
    })
  return { caseId: caseId as string, child }
}

describe('goals', () => {
  it('adds a goal with its start score; the plan shows the score history', async () => {
    const { caseId } = await activeCase()
    const res = await post(`/api/v1/cases/${caseId}/goals`, tokens.worker, { goal: 'We can talk about school without shouting', startScore: 3 })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ goal: 'We can talk about school without shouting', startScore: 3, version: 1 })
    const plan = (await get(`/api/v1/cases/${caseId}/plan`, tokens.manager)).json()
    expect(plan.goals).toEqual([expect.objectContaining({ id: res.json().id, scores: [expect.objectContaining({ occasion: 'start', score: 3, reviewId: null })] })])
  })

  it('changes a goal’s wording with its version; a stale or missing version is refused and changes nothing', async () => {
    const { caseId } = await activeCase()
    const goal = (await post(`/api/v1/cases/${caseId}/goals`, tokens.worker, { goal: 'Less shouting', startScore: 2 })).json()
    const put = (body: unknown) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/cases/${caseId}/goals/${goal.id}`,
        headers: { authorization: `Bearer ${tokens.worker}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      })
    const changed = await put({ goal: 'We talk about school without shouting', version: 1 })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ goal: 'We talk about school without shouting', version: 2 })
    const stale = await put({ goal: 'Something else', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().type).toBe('/problems/stale-version')
    const noVersion = await put({ goal: 'Something else' })
    expect(noVersion.statusCode).toBe(422)
    expect(noVersion.json().errors.map((e: { field: string }) => e.field)).toEqual(['/version'])
    const plan = (await get(`/api/v1/cases/${caseId}/plan`, tokens.worker)).json()
    expect(plan.goals[0]).toMatchObject({ goal: 'We talk about school without shouting', version: 2, scores: [expect.objectContaining({ occasion: 'start', score: 2 })] })
  })

  it('422 for a missing goal or a score outside 0-10, naming each field', async () => {
    const { caseId } = await activeCase()
    for (const [body, fields] of [
      [{ goal: '', startScore: 11 }, ['/goal', '/startScore']],
      [{ goal: 'Calmer mornings', startScore: 2.5 }, ['/startScore']],
      [{ goal: 'Calmer mornings', startScore: -1 }, ['/startScore']],
      [{ goal: 'Calmer mornings' }, ['/startScore']],
    ] as const) {
      const res = await post(`/api/v1/cases/${caseId}/goals`, tokens.worker, body)
      expect(res.statusCode).toBe(422)
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields)
    }
    expect((await get(`/api/v1/cases/${caseId}/plan`, tokens.worker)).json().goals).toEqual([])
  })

  it('409 before allocation; 403 for a worker not on the case; 404 for another organisation', async () => {
    const waiting = await activeCase(false)
    const refused = await post(`/api/v1/cases/${waiting.caseId}/goals`, tokens.manager, { goal: 'Calmer mornings', startScore: 2 })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ type: '/problems/invalid-state' })
    const { caseId } = await activeCase()
    expect((await post(`/api/v1/cases/${caseId}/goals`, tokens.senior, { goal: 'Calmer mornings', startScore: 2 })).statusCode).toBe(403)
    expect((await post(`/api/v1/cases/${caseId}/goals`, tokens.board, { goal: 'Calmer mornings', startScore: 2 })).statusCode).toBe(403)
    expect((await post(`/api/v1/cases/${caseId}/goals`, tokens.otherManager, { goal: 'Calmer mornings', startScore: 2 })).statusCode).toBe(404)
    expect((await get(`/api/v1/cases/${caseId}/plan`, tokens.otherManager)).statusCode).toBe(404)
  })
})

describe('risks', () => {
  it('records a risk, flags it overdue when its review date has passed, and reviews it with the history kept', async () => {
    const { caseId } = await activeCase()
    const yesterday = addDays(todayInLondon(), -1)
    const past = await post(`/api/v1/cases/${caseId}/risks`, tokens.worker, { description: 'Missing overnight after arguments', level: 'high', reviewDate: yesterday })
    expect(past.statusCode).toBe(422)
    expect(past.json().errors).toEqual([{ field: '/reviewDate', message: 'Enter a review date that is today or in the future' }])
    const res = await post(`/api/v1/cases/${caseId}/risks`, tokens.worker, { description: 'Missing overnight after arguments', level: 'high', reviewDate: todayInLondon() })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ level: 'high', reviewDate: todayInLondon(), overdue: false, version: 1 })
    // A day later, nobody has reviewed it: it is overdue.
    await database.db.update(caseRisks).set({ reviewDate: yesterday }).where(eq(caseRisks.id, res.json().id))
    const today = await post(`/api/v1/cases/${caseId}/risks`, tokens.worker, { description: 'School exclusion', level: 'low', reviewDate: todayInLondon() })
    expect(today.json().overdue).toBe(false)

    const overdue = (await get('/api/v1/risks?overdue=true', tokens.worker)).json()
    expect(overdue.map((r: { id: string }) => r.id)).toContain(res.json().id)
    expect(overdue.map((r: { id: string }) => r.id)).not.toContain(today.json().id)
    expect((await get('/api/v1/risks?overdue=true', tokens.senior)).json()).toEqual([])

    const stale = await post(`/api/v1/cases/${caseId}/risks/${res.json().id}/review`, tokens.worker, { level: 'medium', reviewDate: addDays(todayInLondon(), 14), version: 9 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().type).toBe('/problems/stale-version')
    const reviewed = await post(`/api/v1/cases/${caseId}/risks/${res.json().id}/review`, tokens.worker, {
      level: 'medium',
      reviewDate: addDays(todayInLondon(), 14),
      note: 'Home every night this fortnight',
      version: 1,
    })
    expect(reviewed.statusCode).toBe(200)
    expect(reviewed.json()).toMatchObject({ level: 'medium', overdue: false, version: 2 })
    const plan = (await get(`/api/v1/cases/${caseId}/plan`, tokens.worker)).json()
    expect(plan.risks.find((r: { id: string }) => r.id === res.json().id).reviews).toEqual([
      expect.objectContaining({ previousLevel: 'high', level: 'medium', note: 'Home every night this fortnight' }),
    ])
  })

  it('422 for a level or date that is not real; 404 for a risk on another case', async () => {
    const { caseId } = await activeCase()
    const bad = await post(`/api/v1/cases/${caseId}/risks`, tokens.worker, { description: 'x', level: 'severe', reviewDate: '2026-02-30' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['/level', '/reviewDate'])
    const elsewhere = await activeCase()
    const risk = (await post(`/api/v1/cases/${elsewhere.caseId}/risks`, tokens.worker, { description: 'x', level: 'low', reviewDate: todayInLondon() })).json()
    expect((await post(`/api/v1/cases/${caseId}/risks/${risk.id}/review`, tokens.worker, { level: 'low', reviewDate: todayInLondon() })).statusCode).toBe(404)
  })
})

describe('escalation to statutory safeguarding', () => {
  it('records who was told, how and when, names who is notified, and audits it', async () => {
    const { caseId } = await activeCase()
    const res = await post(`/api/v1/cases/${caseId}/escalations`, tokens.worker, {
      concern: 'Bruising seen on a home visit; explanation did not fit',
      told: ['allocated_social_worker', 'team_manager', 'other'],
      otherPeople: 'Duty officer, front door',
      method: 'phone',
      toldAt: '2026-11-20T16:45:00+00:00',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      method: 'phone',
      toldAt: '2026-11-20T16:45:00.000Z',
      otherPeople: 'Duty officer, front door',
      notify: { allocatedSocialWorkerId: org.users.referrer.id, teamManagerIds: [org.users.team_manager.id] },
    })
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, caseId), eq(auditEvents.action, 'case.escalate')))
    expect(event?.details).toMatchObject({ method: 'phone' })
    expect((await get(`/api/v1/cases/${caseId}/plan`, tokens.manager)).json().escalations).toHaveLength(1)
  })

  it('422 without who was told, how, or who else; and for a time in the future', async () => {
    const { caseId } = await activeCase()
    const none = await post(`/api/v1/cases/${caseId}/escalations`, tokens.worker, { concern: 'Concern', told: [], toldAt: 'tonight' })
    expect(none.statusCode).toBe(422)
    expect(none.json().errors.map((e: { field: string }) => e.field)).toEqual(['/told', '/method', '/toldAt'])
    const other = await post(`/api/v1/cases/${caseId}/escalations`, tokens.worker, { concern: 'Concern', told: ['other'], method: 'email', toldAt: '2026-11-20T10:00:00Z' })
    expect(other.json().errors).toEqual([{ field: '/otherPeople', message: 'Say who else was told, by name or role' }])
    const future = await post(`/api/v1/cases/${caseId}/escalations`, tokens.worker, { concern: 'Concern', told: ['team_manager'], method: 'email', toldAt: '2099-01-01T10:00:00Z' })
    expect(future.statusCode).toBe(422)
  })
})

describe('step down and step up', () => {
  it('records each with its reason; a destination that does not fit the direction is 422', async () => {
    const { caseId } = await activeCase()
    const down = await post(`/api/v1/cases/${caseId}/steps`, tokens.worker, { direction: 'down', to: 'early_help', reason: 'Goals met; family want lighter support' })
    expect(down.statusCode).toBe(201)
    expect(down.json()).toMatchObject({ direction: 'down', to: 'early_help' })
    const up = await post(`/api/v1/cases/${caseId}/steps`, tokens.manager, { direction: 'up', to: 'child_protection', reason: 'Significant harm: strategy discussion held' })
    expect(up.statusCode).toBe(201)
    const wrong = await post(`/api/v1/cases/${caseId}/steps`, tokens.worker, { direction: 'up', to: 'early_help', reason: 'x' })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.json().errors[0].field).toBe('/to')
    expect((await get(`/api/v1/cases/${caseId}/plan`, tokens.worker)).json().steps.map((s: { to: string }) => s.to)).toEqual(['early_help', 'child_protection'])
  })
})

describe('reviews at 6 weeks and 3 months', () => {
  it('are scheduled from the allocation date as tasks for the lead worker, follow a reallocation, and record a score for every goal', async () => {
    const { caseId } = await activeCase()
    const plan = (await get(`/api/v1/cases/${caseId}/plan`, tokens.worker)).json()
    const due = reviewSchedule(londonDate(new Date()))
    expect(plan.reviews.map((r: { kind: string; dueDate: string }) => ({ kind: r.kind, dueDate: r.dueDate }))).toEqual(due)
    const reviewTasks = await database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.caseId, caseId), eq(tasks.kind, 'review')))
    expect(reviewTasks.map((t) => [t.dueDate, t.assignedTo])).toEqual(due.map((d) => [d.dueDate, org.users.family_support_worker.id]))

    await post(`/api/v1/cases/${caseId}/allocation`, tokens.manager, {
      team: 'North',
      leadWorkerId: org.users.senior_practitioner.id,
      override: true,
      overrideReason: 'Test cases',
    })
    const moved = await database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.caseId, caseId), eq(tasks.kind, 'review')))
    expect(moved.every((t) => t.assignedTo === org.users.senior_practitioner.id)).toBe(true)

    const goal = (await post(`/api/v1/cases/${caseId}/goals`, tokens.senior, { goal: 'Calmer mornings', startScore: 2 })).json()
    const six = plan.reviews[0]
    const missing = await post(`/api/v1/cases/${caseId}/reviews/${six.id}`, tokens.senior, { heldOn: todayInLondon(), note: 'Going well', scores: [] })
    expect(missing.statusCode).toBe(422)
    expect(missing.json().errors).toEqual([{ field: '/scores', message: 'Give a score at this review for the goal “Calmer mornings”' }])
    const held = await post(`/api/v1/cases/${caseId}/reviews/${six.id}`, tokens.senior, {
      heldOn: todayInLondon(),
      note: 'Going well',
      scores: [{ goalId: goal.id, score: 5 }],
      version: 1,
    })
    expect(held.statusCode).toBe(200)
    expect(held.json()).toMatchObject({ heldOn: todayInLondon(), overdue: false, version: 2 })
    const again = await post(`/api/v1/cases/${caseId}/reviews/${six.id}`, tokens.senior, { heldOn: todayInLondon(), note: 'Again', scores: [{ goalId: goal.id, score: 6 }] })
    expect(again.statusCode).toBe(409)
    expect(again.json().type).toBe('/problems/invalid-state')
    const [task] = await database.db.select().from(tasks).where(eq(tasks.subjectId, six.id))
    expect(task?.completedAt).not.toBeNull()
    const scores = (await get(`/api/v1/cases/${caseId}/plan`, tokens.senior)).json().goals[0].scores
    expect(scores.map((s: { occasion: string; score: number }) => [s.occasion, s.score])).toEqual([
      ['start', 2],
      ['review', 5],
    ])
  })
})

describe('closure with closing scores, and nothing changes on a closed case', () => {
  it('needs a closing score for every goal, then refuses every change with 409 invalid-state', async () => {
    const { caseId, child } = await activeCase()
    const goal = (await post(`/api/v1/cases/${caseId}/goals`, tokens.worker, { goal: 'Sam goes to school every day', startScore: 1 })).json()
    const risk = (await post(`/api/v1/cases/${caseId}/risks`, tokens.worker, { description: 'Truanting', level: 'medium', reviewDate: todayInLondon() })).json()
    const close = { outcomes: [{ childId: child.id, outcome: 'remained_at_home' }], summary: 'Sam is back at school' }
    const noScores = await post(`/api/v1/cases/${caseId}/closure`, tokens.manager, close)
    expect(noScores.statusCode).toBe(422)
    expect(noScores.json().errors).toEqual([{ field: '/closingScores', message: 'Give a closing score for the goal “Sam goes to school every day”' }])
    const outOfRange = await post(`/api/v1/cases/${caseId}/closure`, tokens.manager, { ...close, closingScores: [{ goalId: goal.id, score: 12 }] })
    expect(outOfRange.json().errors.map((e: { field: string }) => e.field)).toEqual(['/closingScores/0/score'])
    expect((await get(`/api/v1/cases/${caseId}`, tokens.manager)).json().status).toBe('active')

    const closed = await post(`/api/v1/cases/${caseId}/closure`, tokens.manager, { ...close, closingScores: [{ goalId: goal.id, score: 8 }] })
    expect(closed.json()).toMatchObject({ status: 'closed' })
    const plan = (await get(`/api/v1/cases/${caseId}/plan`, tokens.manager)).json()
    expect(plan.goals[0].scores.map((s: { occasion: string; score: number }) => [s.occasion, s.score])).toEqual([
      ['start', 1],
      ['closure', 8],
    ])
    const openReviewTasks = await database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.caseId, caseId), eq(tasks.kind, 'review')))
    expect(openReviewTasks.every((t) => t.completedAt !== null)).toBe(true)

    const review = plan.reviews[0]
    for (const [url, body] of [
      [`/api/v1/cases/${caseId}/goals`, { goal: 'Another', startScore: 1 }],
      [`/api/v1/cases/${caseId}/risks`, { description: 'x', level: 'low', reviewDate: todayInLondon() }],
      [`/api/v1/cases/${caseId}/risks/${risk.id}/review`, { level: 'low', reviewDate: todayInLondon() }],
      [`/api/v1/cases/${caseId}/escalations`, { concern: 'x', told: ['team_manager'], method: 'phone', toldAt: '2026-11-20T10:00:00Z' }],
      [`/api/v1/cases/${caseId}/steps`, { direction: 'down', to: 'early_help', reason: 'x' }],
      [`/api/v1/cases/${caseId}/reviews/${review.id}`, { heldOn: todayInLondon(), note: 'x', scores: [{ goalId: goal.id, score: 3 }] }],
    ] as const) {
      const res = await post(url, tokens.manager, body)
      expect(res.statusCode, url).toBe(409)
      expect(res.json().type).toBe('/problems/invalid-state')
    }
    const [row] = await database.db.select().from(caseRisks).where(eq(caseRisks.id, risk.id))
    expect(row?.version).toBe(1)
  })

  it('a case without goals closes without closing scores', async () => {
    const { caseId, child } = await activeCase()
    const res = await post(`/api/v1/cases/${caseId}/closure`, tokens.worker, { outcomes: [{ childId: child.id, outcome: 'remained_at_home' }], summary: 'Done' })
    expect(res.json()).toMatchObject({ status: 'closure_pending' })
  })
})

it('the OpenAPI document describes the new calls', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
  for (const path of [
    '/api/v1/cases/{id}/plan',
    '/api/v1/cases/{id}/goals',
    '/api/v1/cases/{id}/risks',
    '/api/v1/cases/{id}/risks/{riskId}/review',
    '/api/v1/cases/{id}/escalations',
    '/api/v1/cases/{id}/steps',
    '/api/v1/cases/{id}/reviews/{reviewId}',
    '/api/v1/risks',
  ])
    expect(Object.keys(doc.paths)).toContain(path)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { networkMembers, relationships, teamDistricts } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import type { Ctx } from '../../server/platform/context.js'
import { addDays, todayInLondon } from '../../server/platform/time/index.js'
import { createCaseworkService } from '../../server/modules/casework/index.js'
import { caseRisks } from '../../server/modules/interventions/schema.js'

/** The active case's pages: plan, risks, escalation, steps, reviews, the network and the family's printed plan. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'PLANPAGES')
  await database.db.insert(teamDistricts).values({ organisationId: org.id, district: 'Hillside', teamId: org.teamId })
})
afterAll(async () => {
  await app.close()
  await database.close()
})

async function ctxOf(id: string): Promise<Ctx> {
  const user = await loadCurrentUser(database.db, id)
  if (!user) throw new Error('no user')
  return { user, correlationId: 'test' }
}

/** An active case led by the organisation's family support worker, with a network and one family group conference. */
async function activeCase() {
  const { child, family } = await createTestChild(database, org.id, { givenName: 'Nia', familyName: 'Planfamily', dateOfBirth: '2012-04-01', district: 'Hillside' })
  const [mum, aunt] = await database.db
    .insert(networkMembers)
    .values([
      { organisationId: org.id, familyId: family.id, name: 'Rhian Planfamily', relationship: 'mother', householdMember: true, safetyPlanRole: 'Checks in with Nia at bedtime' },
      {
        organisationId: org.id,
        familyId: family.id,
        name: 'Carys Jones',
        relationship: 'aunt',
        householdMember: false,
        phone: '07700 900123',
        safetyPlanRole: 'Nia can stay over when home is tense',
      },
    ])
    .returning()
  if (!mum || !aunt) throw new Error('no network')
  await database.db.insert(relationships).values([
    { organisationId: org.id, fromType: 'network_member', fromId: mum.id, toType: 'child', toId: child.id, relationship: 'mother' },
    { organisationId: org.id, fromType: 'network_member', fromId: aunt.id, toType: 'child', toId: child.id, relationship: 'aunt' },
  ])
  const casework = createCaseworkService(database.db)
  const referral = await casework.createReferral(await ctxOf(org.users.referrer.id), {
    strand: 'risk_of_care',
    childIds: [child.id],
    referrerTeam: 'child_protection',
    reason: 'Arguments at home',
    atRiskPlacementType: 'residential',
  })
  const { caseId } = await casework.decide(await ctxOf(org.users.panel_chair.id), referral.id, { decision: 'accepted', rationale: 'Meets criteria' })
  if (!caseId) throw new Error('no case')
  await casework.allocate(await ctxOf(org.users.team_manager.id), caseId, {
    team: 'North',
    leadWorkerId: org.users.family_support_worker.id,
    override: true,
    overrideReason: 'Test cases',
  })
  await casework.addContact(await ctxOf(org.users.family_support_worker.id), caseId, {
    at: '2026-11-02T18:00:00Z',
    durationMinutes: 90,
    type: 'fgc',
    note: 'FGC with the wider family',
  })
  return { caseUrl: `/cases/${caseId}`, child }
}

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' }
}

describe('the active case pages', () => {
  it('plan, risks, escalation, step, review, printable plan and closure with closing scores, each on the timeline', async () => {
    const { caseUrl, child } = await activeCase()
    const worker = new TestAgent(app)
    await worker.signIn(org.users.family_support_worker.email)

    const page = await worker.get(caseUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="reviews"')
    expect(page.body).toContain('6-week review')
    expect(page.body).toContain('data-qa="network-household"')
    expect(page.body).toContain('Rhian Planfamily')
    expect(page.body).toContain('Mother of Nia')
    expect(page.body).toContain('Nia can stay over when home is tense')

    // A goal: refused with GOV.UK messages, then added.
    await worker.get(`${caseUrl}/goals/new`)
    const badGoal = await worker.post(`${caseUrl}/goals/new`, { goal: '', startScore: '12' })
    expect(badGoal.statusCode).toBe(422)
    expect(badGoal.body).toContain('Error: Add a goal')
    expect(badGoal.body).toContain('Enter the goal in the family’s own words')
    expect(badGoal.body).toContain('Give a score from 0 to 10')
    expect((await worker.post(`${caseUrl}/goals/new`, { goal: 'We can talk about school without shouting', startScore: '3' })).statusCode).toBe(303)
    const withGoal = await worker.get(caseUrl)
    expect(withGoal.body).toContain('Goal added to the plan')
    // Changing its wording: a stale version shows the other person's wording and keeps what was typed.
    const changeUrl = /href="(\/cases\/[^"]+\/goals\/[0-9a-f-]{36})"/.exec(withGoal.body)?.[1] ?? ''
    await worker.get(changeUrl)
    const stale = await worker.post(changeUrl, { goal: 'Talk about school calmly', version: '7' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('data-qa="stale-goal"')
    expect(stale.body).toContain('Talk about school calmly')
    expect((await worker.post(changeUrl, { goal: 'We can talk about school without shouting', version: '1' })).statusCode).toBe(303)

    // A risk past its review date is overdue on the case and on the worker's list.
    await worker.get(`${caseUrl}/risks/new`)
    const badRisk = await worker.post(`${caseUrl}/risks/new`, {
      description: 'Missing overnight',
      level: 'high',
      'reviewDate-day': '31',
      'reviewDate-month': '2',
      'reviewDate-year': '2026',
    })
    expect(badRisk.statusCode).toBe(422)
    expect(badRisk.body).toContain('Enter a real review date, for example 27 3 2027')
    expect((await worker.post(`${caseUrl}/risks/new`, { description: 'Missing overnight', level: 'high', ...dateFields('reviewDate', todayInLondon()) })).statusCode).toBe(303)
    // Two days on, nobody has reviewed it.
    await database.db.update(caseRisks).set({ reviewDate: addDays(todayInLondon(), -2) })
    const withRisk = await worker.get(caseUrl)
    expect(withRisk.body).toContain('data-qa="risk-overdue"')
    expect(withRisk.body).toContain('1 risk is overdue for review')
    const list = await worker.get('/risks')
    expect(list.body).toContain('Missing overnight')
    expect(list.body).toContain('1 is overdue for review')
    const reviewLink = /href="(\/cases\/[^"]+\/risks\/[^"]+\/review)"/.exec(list.body)?.[1] ?? ''
    await worker.get(reviewLink)
    expect((await worker.post(reviewLink, { level: 'medium', note: 'Home every night', version: '1', ...dateFields('reviewDate', addDays(todayInLondon(), 14)) })).statusCode).toBe(
      303,
    )
    expect((await worker.get(caseUrl)).body).not.toContain('data-qa="risk-overdue"')

    // Escalation: every missing answer named, then recorded on the timeline.
    await worker.get(`${caseUrl}/escalations/new`)
    const badEscalation = await worker.post(`${caseUrl}/escalations/new`, { concern: '', time: '' })
    expect(badEscalation.statusCode).toBe(422)
    for (const message of ['Describe the safeguarding concern', 'Select who was told', 'Select how they were told', 'Enter a real date and a time like 14:30'])
      expect(badEscalation.body).toContain(message)
    const escalated = await worker.post(`${caseUrl}/escalations/new`, {
      concern: 'Bruising seen at the home visit',
      told: ['allocated_social_worker', 'team_manager'],
      method: 'phone',
      time: '09:15',
      ...dateFields('toldAt', todayInLondon()),
    })
    expect(escalated.statusCode).toBe(303)

    // Step down, with what happens next explained.
    const stepForm = await worker.get(`${caseUrl}/steps/new`)
    expect(stepForm.body).toContain('recording a step does not close the case')
    expect((await worker.post(`${caseUrl}/steps/new`, { step: '', reason: '' })).body).toContain('Select where the family steps down or up to')
    expect((await worker.post(`${caseUrl}/steps/new`, { step: 'down:early_help', reason: 'Goals nearly met' })).statusCode).toBe(303)

    // The 6-week review, from the worker's tasks.
    const tasks = await worker.get('/tasks')
    const reviewUrl = /href="(\/cases\/[^"]+\/reviews\/[^"]+)"/.exec(tasks.body)?.[1] ?? ''
    expect(reviewUrl).toContain(caseUrl)
    const reviewForm = await worker.get(reviewUrl)
    expect(reviewForm.body).toContain('We can talk about school without shouting')
    const scoreField = /name="(score-[^"]+)"/.exec(reviewForm.body)?.[1] ?? ''
    const version = /name="version" value="(\d+)"/.exec(reviewForm.body)?.[1] ?? ''
    const badReview = await worker.post(reviewUrl, { [scoreField]: '', note: '', version, ...dateFields('heldOn', todayInLondon()) })
    expect(badReview.statusCode).toBe(422)
    expect(badReview.body).toContain('Give a score from 0 to 10')
    expect(badReview.body).toContain('Enter a note of the review')
    expect((await worker.post(reviewUrl, { [scoreField]: '6', note: 'Calmer at home', version, ...dateFields('heldOn', todayInLondon()) })).statusCode).toBe(303)

    const after = await worker.get(caseUrl)
    for (const title of [
      'Goal added, scored 3 out of 10 at the start',
      'Risk recorded (high)',
      'Risk reviewed: high to medium',
      'Escalated to statutory safeguarding',
      'Stepped down to Early Help',
      '6-week review held',
    ])
      expect(after.body).toContain(title)
    expect(after.body).toMatch(/data-qa="goal">[\s\S]*?>3<[\s\S]*?>6</)

    // The family's printed plan: plain words, no acronyms.
    const print = await worker.get(`${caseUrl}/plan/print`)
    expect(print.statusCode).toBe(200)
    expect(print.body).toContain('We can talk about school without shouting')
    expect(print.body).toContain('After 6 weeks')
    expect(print.body).toContain('Carys Jones (aunt): Nia can stay over when home is tense')
    expect(print.body).toContain('Family group conference')
    const text = print.body.replace(/<[^>]+>/g, ' ')
    expect(text).not.toMatch(/\b(FSW|EoC|FGC|CiC|LAC|CIN|CP|CPP|SGO|IRO|MASH)\b/)

    // Closure needs the closing score; then the plan is closed to changes.
    const closeForm = await worker.get(`${caseUrl}/closure`)
    expect(closeForm.body).toContain('Closing scores')
    const closeVersion = /name="version" value="(\d+)"/.exec(closeForm.body)?.[1] ?? ''
    const noScore = await worker.post(`${caseUrl}/closure`, { [`outcome-${child.id}`]: 'remained_at_home', summary: 'Calmer', version: closeVersion, [scoreField]: '' })
    expect(noScore.statusCode).toBe(422)
    expect(noScore.body).toContain('Give a score from 0 to 10')
    expect((await worker.post(`${caseUrl}/closure`, { [`outcome-${child.id}`]: 'remained_at_home', summary: 'Calmer', version: closeVersion, [scoreField]: '8' })).statusCode).toBe(
      303,
    )
    const pending = await worker.get(caseUrl)
    expect(pending.body).toContain('Closing scores recorded')
    // While the closure waits for sign-off, a safeguarding concern can still be escalated; the plan's goals are settled.
    expect(pending.body).toContain('data-qa="escalate"')
    expect(pending.body).not.toContain('data-qa="add-goal"')

    const manager = new TestAgent(app)
    await manager.signIn(org.users.team_manager.email)
    await manager.get(caseUrl)
    await manager.post(`${caseUrl}/closure/sign-off`, {})
    await manager.get(`${caseUrl}/goals/new`)
    const closedGoal = await manager.post(`${caseUrl}/goals/new`, { goal: 'Too late', startScore: '2' })
    expect(closedGoal.statusCode).toBe(409)
    expect(closedGoal.body).toContain('This case is closed')
  })

  it('the plan pages are not for roles that do not work cases', async () => {
    const { caseUrl } = await activeCase()
    const board = new TestAgent(app)
    await board.signIn(org.users.board_viewer.email)
    expect((await board.get(`${caseUrl}/goals/new`)).statusCode).toBe(403)
    expect((await board.get('/risks')).statusCode).toBe(403)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { followUps, teamDistricts } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import type { Ctx } from '../../server/platform/context.js'
import { createCaseworkService, createFollowUpTasks } from '../../server/modules/casework/index.js'
import { listNotifications, notify, unreadCount } from '../../server/platform/notifications/index.js'

/** In-app notifications: who hears of what in the lifecycle, the page, and marking read. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'NOTE')
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

const kinds = async (userId: string) => (await listNotifications(database.db, userId)).map((n) => n.kind)

describe('notifications', () => {
  it('tell the referrer, the worker and the team manager at each step of the lifecycle', async () => {
    const service = createCaseworkService(database.db)
    const { child } = await createTestChild(database, org.id, { givenName: 'Orla', familyName: 'Notefamily', dateOfBirth: '2012-04-01', district: 'Hillside' })
    const referrer = await ctxOf(org.users.referrer.id)
    const chair = await ctxOf(org.users.panel_chair.id)
    const manager = await ctxOf(org.users.team_manager.id)
    const worker = await ctxOf(org.users.family_support_worker.id)
    const referral = await service.createReferral(referrer, {
      strand: 'risk_of_care',
      childIds: [child.id],
      referrerTeam: 'child_protection',
      reason: 'Missing episodes',
      atRiskPlacementType: 'residential',
    })
    expect(await kinds(org.users.referrer.id)).toEqual([])

    const { caseId } = await service.decide(chair, referral.id, { decision: 'accepted', rationale: 'Meets criteria' })
    const [decided] = await listNotifications(database.db, org.users.referrer.id)
    expect(decided?.kind).toBe('referral.decided')
    expect(decided?.message).toBe('Your referral for the Notefamily family: accepted')

    await service.allocate(manager, caseId as string, { team: 'North', leadWorkerId: org.users.family_support_worker.id })
    expect(await kinds(org.users.family_support_worker.id)).toEqual(['case.allocated'])

    await service.close(worker, caseId as string, { outcomes: [{ childId: child.id, outcome: 'remained_at_home' }], summary: 'Calmer at home' })
    const [pending] = await listNotifications(database.db, org.users.team_manager.id)
    expect(pending?.kind).toBe('closure.awaiting-sign-off')
    expect(pending?.link).toBe(`/cases/${caseId}`)

    await service.signOffClosure(manager, caseId as string)
    expect(await kinds(org.users.family_support_worker.id)).toEqual(['closure.signed-off', 'case.allocated'])

    await database.db
      .update(followUps)
      .set({ dueDate: '2026-01-05' })
      .where(and(eq(followUps.caseId, caseId as string), eq(followUps.monthsAfterClosure, 3)))
    expect(await createFollowUpTasks(database.db, '2026-01-06')).toBe(1)
    const [task] = await listNotifications(database.db, org.users.family_support_worker.id)
    expect(task?.kind).toBe('task.follow-up')
    expect(task?.message).toBe('New task: Record where Orla is 3 months after closure')
    // Nobody else heard of the worker's task.
    expect(await kinds(org.users.senior_practitioner.id)).toEqual([])
  })

  it('a refused change tells nobody: notify runs in the change’s transaction', async () => {
    const before = await unreadCount(database.db, org.users.administrator.id)
    await expect(
      database.db.transaction(async (tx) => {
        await notify(tx, { organisationId: org.id, userIds: [org.users.administrator.id], kind: 'test', message: 'Should not exist' })
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await unreadCount(database.db, org.users.administrator.id)).toBe(before)
  })

  it('the page lists them with read and unread, the header counts the unread, opening one marks it read', async () => {
    const me = org.users.board_viewer.id
    await notify(database.db, { organisationId: org.id, userIds: [me, me, null], kind: 'test', message: 'First news', link: '/tasks' })
    await notify(database.db, { organisationId: org.id, userIds: [me], kind: 'test', message: 'Second news' })
    const agent = new TestAgent(app)
    await agent.signIn(org.users.board_viewer.email)
    const home = await agent.get('/')
    expect(home.body).toMatch(/data-qa="unread-notifications">2<span class="govuk-visually-hidden"> unread<\/span>/)
    const page = await agent.get('/notifications')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('You have 2 unread notifications.')
    expect(page.body.match(/data-qa="notification" data-read="no"/g)).toHaveLength(2)
    const first = (await listNotifications(database.db, me)).find((n) => n.message === 'First news')
    const opened = await agent.post(`/notifications/${first?.id}/read`, {})
    expect(opened.statusCode).toBe(303)
    expect(opened.headers.location).toBe('/tasks')
    const after = await agent.get('/notifications')
    expect(after.body).toContain('You have 1 unread notification.')
    expect(after.body).toMatch(/data-qa="unread-notifications">1</)

    // Someone else's notification cannot be opened or marked.
    const other = new TestAgent(app)
    await other.signIn(org.users.analyst.email)
    await other.get('/notifications')
    const second = (await listNotifications(database.db, me)).find((n) => n.message === 'Second news')
    expect((await other.post(`/notifications/${second?.id}/read`, {})).statusCode).toBe(404)
    expect(await unreadCount(database.db, me)).toBe(1)

    await agent.get('/notifications')
    expect((await agent.post('/notifications/read', {})).statusCode).toBe(303)
    const none = await agent.get('/notifications')
    expect(none.body).toContain('You have read all your notifications.')
    expect(none.body).not.toContain('data-qa="unread-notifications"')
  })
})

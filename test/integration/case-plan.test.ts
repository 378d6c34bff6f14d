import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestChild, createTestOrganisation, type TestOrganisation } from '../support/app.js'
import type { Database, Tx } from '../../server/platform/db/index.js'
import { tasks, teamDistricts } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import type { Ctx } from '../../server/platform/context.js'
import { createCaseworkService } from '../../server/modules/casework/index.js'
import { createInterventionsService, scheduleReviews, type EscalationNotice } from '../../server/modules/interventions/index.js'
import { caseReviews, escalations } from '../../server/modules/interventions/schema.js'

/** The plan's services on the embedded database: the escalation's notification seam, and review scheduling. */
let database: Database
let org: TestOrganisation
const ctxOf = async (id: string): Promise<Ctx> => {
  const user = await loadCurrentUser(database.db, id)
  if (!user) throw new Error('no user')
  return { user, correlationId: 'test' }
}

beforeAll(async () => {
  database = await createTestDatabase()
  org = await createTestOrganisation(database, 'PLANINT')
  await database.db.insert(teamDistricts).values({ organisationId: org.id, district: 'Lowland', teamId: org.teamId })
})
afterAll(async () => database.close())

async function activeCase() {
  const { child } = await createTestChild(database, org.id, { dateOfBirth: '2012-01-01', district: 'Lowland' })
  const casework = createCaseworkService(database.db)
  const referral = await casework.createReferral(await ctxOf(org.users.referrer.id), {
    strand: 'crisis',
    childIds: [child.id],
    referrerTeam: 'front_door',
    reason: 'Crisis',
    atRiskPlacementType: 'fostering',
  })
  const { caseId } = await casework.decide(await ctxOf(org.users.panel_chair.id), referral.id, { decision: 'accepted', rationale: 'Crisis' })
  if (!caseId) throw new Error('no case')
  await casework.allocate(await ctxOf(org.users.team_manager.id), caseId, {
    team: 'North',
    leadWorkerId: org.users.family_support_worker.id,
    override: true,
    overrideReason: 'Test',
  })
  return caseId
}

const escalation = {
  concern: 'Disclosure at school',
  told: ['allocated_social_worker', 'team_manager'] as ('allocated_social_worker' | 'team_manager')[],
  method: 'phone' as const,
  toldAt: '2026-11-20T15:00:00Z',
}

describe('escalation notification seam', () => {
  it('hands the notifier the escalation and its recipients inside the escalation’s transaction', async () => {
    const caseId = await activeCase()
    const notices: EscalationNotice[] = []
    const service = createInterventionsService(database.db, { onEscalation: async (_tx: Tx, notice) => void notices.push(notice) })
    const recorded = await service.escalate(await ctxOf(org.users.family_support_worker.id), caseId, escalation)
    expect(notices).toEqual([
      expect.objectContaining({
        escalationId: recorded.id,
        caseId,
        organisationId: org.id,
        concern: 'Disclosure at school',
        allocatedSocialWorkerId: org.users.referrer.id,
        teamManagerIds: [org.users.team_manager.id],
      }),
    ])
  })

  it('a notifier that fails undoes the escalation: nothing is recorded that nobody was told about', async () => {
    const caseId = await activeCase()
    const service = createInterventionsService(database.db, {
      onEscalation: async () => {
        throw new Error('notifications down')
      },
    })
    await expect(service.escalate(await ctxOf(org.users.family_support_worker.id), caseId, escalation)).rejects.toThrow('notifications down')
    expect(await database.db.select().from(escalations).where(eq(escalations.caseId, caseId))).toEqual([])
  })
})

describe('review scheduling', () => {
  it('makes one review of each kind and one task for each, however often it runs', async () => {
    const caseId = await activeCase()
    const [existing] = await database.db.select().from(caseReviews).where(eq(caseReviews.caseId, caseId))
    expect(existing).toBeDefined()
    await database.db.transaction((tx) =>
      scheduleReviews(tx, { caseId, organisationId: org.id, familyId: org.id, allocationDate: '2026-01-31', leadWorkerId: org.users.family_support_worker.id, teamId: org.teamId }),
    )
    expect(await database.db.select().from(caseReviews).where(eq(caseReviews.caseId, caseId))).toHaveLength(2)
    const reviewTasks = await database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.caseId, caseId), eq(tasks.kind, 'review')))
    expect(reviewTasks).toHaveLength(2)
    expect(reviewTasks.map((t) => t.title).sort()).toEqual(['3-month review with the Testfamily family', '6-week review with the Testfamily family'])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, inArray } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestChild, createTestOrganisation, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, cases, followUps, ssda903Episodes, tasks } from '../../server/platform/db/schema.js'
import pino from 'pino'
import { createFollowUpTasks, followUpTasksJob } from '../../server/modules/casework/index.js'
import { placementTypeForPlace, resolveFollowUpsFromSsda903 } from '../../server/modules/ssda903/index.js'

/** Follow-ups answered by the SSDA903 return (issue 5): matched by localChildId = CHILD, only by an episode open on the due date. */
let database: Database
let org: TestOrganisation
let other: TestOrganisation
const TODAY = '2025-06-30'

beforeAll(async () => {
  database = await createTestDatabase()
  org = await createTestOrganisation(database, 'FUP1')
  other = await createTestOrganisation(database, 'FUP2')
})
afterAll(async () => {
  await database.close()
})

async function closedCaseWithFollowUp(organisation: TestOrganisation, localChildId: string | null, dueDate: string) {
  const { child, family } = await createTestChild(database, organisation.id, { localChildId })
  const [kase] = await database.db
    .insert(cases)
    .values({ organisationId: organisation.id, familyId: family.id, status: 'closed', teamId: organisation.teamId, leadWorkerId: organisation.users.family_support_worker.id })
    .returning()
  if (!kase) throw new Error('no case')
  const [followUp] = await database.db.insert(followUps).values({ caseId: kase.id, childId: child.id, monthsAfterClosure: 6, dueDate }).returning()
  if (!followUp) throw new Error('no follow-up')
  return followUp.id
}

async function episode(organisationId: string, child: string, decom: string, values: Partial<typeof ssda903Episodes.$inferInsert> = {}) {
  await database.db.insert(ssda903Episodes).values({ organisationId, child, decom, rne: 'S', ls: 'C2', cin: 'N1', place: 'U4', placeProvider: 'PR1', ...values })
}

describe('follow-ups resolved from SSDA903', () => {
  it('resolves to in_care with the placement of the open episode; short breaks, a closed episode, a future due date and no match never resolve', async () => {
    // A1: in foster care (U4) since 1 December 2024, open: due 10 January 2025 → in care, fostering.
    const inCare = await closedCaseWithFollowUp(org, 'A1', '2025-01-10')
    await episode(org.id, 'A1', '2024-12-01')
    // A1 again: due after today → not yet, whatever the data says.
    const notDue = await closedCaseWithFollowUp(org, 'A1F', '2025-09-01')
    await episode(org.id, 'A1F', '2024-12-01')
    // B1: only an agreed series of short breaks (V3) open on the due date → never resolves.
    const shortBreak = await closedCaseWithFollowUp(org, 'B1', '2025-02-01')
    await episode(org.id, 'B1', '2025-01-01', { ls: 'V3', place: 'U4' })
    // C1: the episode ceased on the due date itself (not open on its DEC) → stays a task, not "at home".
    const ceased = await closedCaseWithFollowUp(org, 'C1', '2025-03-01')
    await episode(org.id, 'C1', '2024-06-01', { dec: '2025-03-01', rec: 'E4A' })
    // No local id: nothing to match.
    const unmatched = await closedCaseWithFollowUp(org, null, '2025-02-01')
    // E1: two episodes open on the due date (bad data): the latest DECOM's placement, K2 children's home → residential.
    const twoOpen = await closedCaseWithFollowUp(org, 'E1', '2025-02-01')
    await episode(org.id, 'E1', '2024-01-01', { place: 'U1' })
    await episode(org.id, 'E1', '2025-01-15', { rne: 'P', place: 'K2', placeProvider: 'PR4' })
    // Another council's child with the same local id as an episode of this council's return: no match across councils.
    const otherCouncil = await closedCaseWithFollowUp(other, 'A1', '2025-01-10')

    expect(await createFollowUpTasks(database.db, TODAY)).toBe(6) // every due one is a task first
    expect(await resolveFollowUpsFromSsda903(database.db, org.id, TODAY)).toEqual({ resolved: 2 })

    const rows = await database.db
      .select()
      .from(followUps)
      .where(inArray(followUps.id, [inCare, notDue, shortBreak, ceased, unmatched, twoOpen, otherCouncil]))
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(inCare)).toMatchObject({ status: 'in_care', placementType: 'fostering', source: 'ssda903', recordedBy: null })
    expect(byId.get(twoOpen)).toMatchObject({ status: 'in_care', placementType: 'residential', source: 'ssda903' })
    for (const id of [notDue, shortBreak, ceased, unmatched, otherCouncil]) expect(byId.get(id)).toMatchObject({ status: null, source: null })

    const open = await database.db.select({ subjectId: tasks.subjectId, completedAt: tasks.completedAt }).from(tasks).where(eq(tasks.kind, 'follow_up'))
    const done = new Set(open.filter((t) => t.completedAt !== null).map((t) => t.subjectId))
    expect(done).toEqual(new Set([inCare, twoOpen]))

    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, org.id), eq(auditEvents.action, 'follow-up.resolve-ssda903')))
    expect(audit).toHaveLength(1)

    // A second run finds nothing more to do; all councils at once (the daily job) resolves nothing in the other council.
    expect(await resolveFollowUpsFromSsda903(database.db, undefined, TODAY)).toEqual({ resolved: 0 })
  })

  it('the daily follow-up job resolves what the return answers before it makes tasks', async () => {
    const followUpId = await closedCaseWithFollowUp(org, 'J1', '2025-01-10')
    await episode(org.id, 'J1', '2024-11-01', { place: 'H5' })
    const logger = pino({ level: 'silent' })
    await followUpTasksJob.handler({ db: database.db, logger, jobId: null, data: {} })
    const [row] = await database.db.select().from(followUps).where(eq(followUps.id, followUpId))
    expect(row).toMatchObject({ status: 'in_care', placementType: 'supported_accommodation', source: 'ssda903' })
    // Resolved first, so no task was ever made for it.
    expect(await database.db.select().from(tasks).where(eq(tasks.subjectId, followUpId))).toHaveLength(0)
  })

  it('maps DfE placement codes to the casework placement types', () => {
    expect(['U1', 'U3', 'U4', 'U6', 'K1', 'K2', 'R1', 'R3', 'R5', 'S1', 'H5', 'K3', 'P2', 'P1', 'A3', 'T0', 'Z1', null].map(placementTypeForPlace)).toEqual([
      'kinship',
      'kinship',
      'fostering',
      'fostering',
      'secure',
      'residential',
      'residential',
      'parent_and_baby',
      'secure',
      'residential',
      'supported_accommodation',
      'supported_accommodation',
      'supported_accommodation',
      'placed_with_parents',
      'adoption',
      'other',
      'other',
      'other',
    ])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import type { Database } from '../../server/platform/db/index.js'
import { rows } from '../../server/platform/db/index.js'
import { buildLargeService, seedLargeService } from '../../db/seeds/large-service.js'

/** The benchmark's synthetic service, small: the shape and the guarantees the benchmarks rely on. */
let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.close()
})

describe('large synthetic service', () => {
  it('seeds teams, 40 workers and cases in every state, keeps open caseloads within the cap, and is deterministic', async () => {
    const options = { closedCases: 60, openCases: 20, waitingCases: 5, today: '2026-11-23' }
    const first = await seedLargeService(database.db, { ...options, code: 'BIGA' })
    const second = await seedLargeService(database.db, { ...options, code: 'BIGB' })
    expect(first.workerEmails).toHaveLength(40)
    expect(first.openCaseIds).toHaveLength(20)
    for (const table of ['users', 'families', 'referrals', 'cases', 'allocations'] as const) expect(first.counts[table]).toBe(second.counts[table])
    expect(first.counts.cases).toBe(85)
    const states = await rows<{ status: string; n: number }>(
      database.db,
      sql`select status, count(*)::int as n from cases where organisation_id = ${first.organisationId}::uuid group by status order by status`,
    )
    expect(Object.fromEntries(states.map((s) => [s.status, s.n]))).toMatchObject({ closed: 60, awaiting_allocation: 5 })
    const overCap = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from (select lead_worker_id from cases where organisation_id = ${first.organisationId}::uuid and status in ('active', 'closure_pending') group by 1 having count(*) > 6) x`,
    )
    expect(overCap[0]?.n).toBe(0)
    // The same code, seed and day build the same rows, ids included; another code builds other ids.
    const again = (code: string) => buildLargeService({ ...options, code }, 'hash')
    const rowsOf = (code: string) => JSON.stringify(again(code).inserts.map(([, list]) => list))
    expect(rowsOf('BIGA')).toBe(rowsOf('BIGA'))
    expect(again('BIGA').result.organisationId).toBe(first.organisationId)
    expect(again('BIGC').result.organisationId).not.toBe(first.organisationId)
    await expect(seedLargeService(database.db, { ...options, code: 'BIGA' })).rejects.toThrow('already exists')
  })
})

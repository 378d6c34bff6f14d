import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestOrganisation, tokenFor, TestAgent, type TestOrganisation } from '../support/app.js'
import { seedImpactFixture } from '../support/impact-fixture.js'
import type { Database } from '../../server/platform/db/index.js'

/** The service dashboard over casework a person can check by hand (see impact-fixture.ts). */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
const period = 'from=2025-04-01&to=2026-03-31'

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'IMPACT')
  await seedImpactFixture(database, org)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const headline = (html: string, id: string) => new RegExp(`data-qa="headline-${id}">\\s*([^<]*)`).exec(html)?.[1]?.trim()

describe('service dashboard', () => {
  it('shows an analyst the exact figures', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const page = await analyst.get(`/impact/service?${period}`)
    expect(page.statusCode).toBe(200)
    expect(headline(page.body, 'referrals')).toBe('9')
    expect(headline(page.body, 'acceptance')).toBe('88.9%')
    expect(headline(page.body, 'time-to-decision')).toBe('4 working days')
    expect(headline(page.body, 'success-rate')).toBe('62.5%')
    expect(page.body).not.toContain('data-qa="suppression-note"')
    expect(page.body).toContain('<svg aria-hidden="true"')
    expect(page.body).toContain('href="/impact/service"')
  })

  it('hides small counts from a board viewer, and in every download', async () => {
    const board = new TestAgent(app)
    await board.signIn(org.users.board_viewer.email)
    const page = await board.get(`/impact/service?${period}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="suppression-note"')
    expect(headline(page.body, 'referrals')).toBe('9')
    // 3 of 8 entered care: the count is hidden, so the rate that would reveal it is too.
    expect(headline(page.body, 'success-rate')).toMatch(/^c\b/)
    // Read-only: the only form that posts is signing out.
    expect(page.body.match(/method="post"/g)).toHaveLength(1)

    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const csv = await analyst.get(`/impact/service?${period}&format=csv&table=success`)
    expect(csv.headers['content-type']).toContain('text/csv')
    // Crisis: 1 child (hidden); risk of care: 7, hidden too, or 8 − 7 would give the 1 away.
    expect(csv.body).toContain('Crisis and de-escalation,c,0,c,c\r\nRisk of care,c,c,c,c\r\nTotal,c,c,8,c')
    const xlsx = await analyst.get(`/impact/service?${period}&format=xlsx`)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
  })

  it('explains a period that cannot be used', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const page = await analyst.get('/impact/service?from=2026-03-31&to=2025-04-01')
    expect(page.statusCode).toBe(422)
    expect(page.body).toContain('The end date must be the same as or after the start date')
    const bad = await analyst.get('/impact/service?from=2025-02-30&to=2025-04-01&team=nope')
    expect(bad.body).toContain('Enter the start date as a real date')
    expect(bad.body).toContain('Select a team from the list')
  })

  it('narrows to a team', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const page = await analyst.get(`/impact/service?${period}&team=${org.teamId}`)
    expect(page.statusCode).toBe(200)
    // The declined crisis referral has no case and its family no district: no team.
    expect(headline(page.body, 'referrals')).toBe('8')
  })

  it('answers exact figures in the API to an analyst and suppressed ones to a board viewer', async () => {
    const exact = await app.inject({ url: `/api/v1/impact/service?${period}`, headers: { authorization: `Bearer ${await tokenFor(database, org.users.analyst.id)}` } })
    expect(exact.statusCode).toBe(200)
    const body = exact.json() as { suppressed: boolean; sections: Array<{ id: string; table: { rows: Array<Record<string, unknown>> } }> }
    expect(body.suppressed).toBe(false)
    const success = body.sections.find((s) => s.id === 'success')
    expect(success?.table.rows).toEqual([
      { label: 'Crisis and de-escalation', notInCare: 1, enteredCare: 0, workedWith: 1, rate: 100 },
      { label: 'Risk of care', notInCare: 4, enteredCare: 3, workedWith: 7, rate: 57.1 },
      { label: 'Total', notInCare: 5, enteredCare: 3, workedWith: 8, rate: 62.5 },
    ])
    const outcomes = body.sections.find((s) => s.id === 'outcomes')?.table.rows.find((r) => r.label === 'Risk of care')
    expect(outcomes).toMatchObject({ remained_at_home: 5, entered_care: 2, total: 7 })
    const kept = body.sections.find((s) => s.id === 'kept-at-home')?.table.rows
    expect(kept?.map((r) => r.children)).toEqual([1, 0, 4])

    const board = await app.inject({ url: `/api/v1/impact/service?${period}`, headers: { authorization: `Bearer ${await tokenFor(database, org.users.board_viewer.id)}` } })
    expect((board.json() as { suppressed: boolean }).suppressed).toBe(true)
    const bad = await app.inject({
      url: '/api/v1/impact/service?from=2026-01-01&to=2025-01-01',
      headers: { authorization: `Bearer ${await tokenFor(database, org.users.analyst.id)}` },
    })
    expect(bad.statusCode).toBe(422)
  })
})

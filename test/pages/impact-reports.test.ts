import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import { seedImpactFixture } from '../support/impact-fixture.js'
import { docxText } from '../support/unzip.js'
import type { Database } from '../../server/platform/db/index.js'
import { buildReport } from '../../server/modules/impact/reports/index.js'

/** The evaluation report and the quarterly pack over the impact fixture (8 children, 9 referrals in 2025/26). */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
const period = 'from=2025-04-01&to=2026-03-31'

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'REPORTS')
  await seedImpactFixture(database, org)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

describe('reports', () => {
  it('writes the evaluation as a Word document with every section, suppressed', async () => {
    const board = new TestAgent(app)
    await board.signIn(org.users.board_viewer.email)
    const res = await board.get(`/impact/reports/evaluation?${period}&format=docx`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('wordprocessingml')
    expect(res.headers['content-disposition']).toContain('evaluation-2025-04-01-to-2026-03-31.docx')
    const text = docxText(res.rawPayload)
    expect(text).toContain('Edge of Care and Prevention service: first full-year evaluation')
    expect(text).toContain('REPORTS Council, 1 April 2025 to 31 March 2026')
    for (const heading of ['1. Purpose', '2. Activity', '3. Outcomes', '4. Finance', '5. Equality', '6. Risks']) expect(text).toContain(heading)
    expect(text).toContain('9 referrals were received from 1 April 2025 to 31 March 2026.')
    // The finance section is the impact computation of GET /api/v1/impact for the same period, with its parameters.
    expect(text).toContain('Cost avoidance, savings and net position')
    expect(text).toMatch(/Deadweight \(low, central, high\)\s*(30%, 50%, 70%|70%, 50%, 30%)/)
    // Suppressed even for a reader who would see exact figures on the page: the success rate's counts are small.
    expect(text).toContain('The success rate is hidden because it would let a small number of children be worked out.')
    expect(text).toContain('c: a count from 1 to 4')
  })

  it('gives the same report as a printable page, and the quarterly pack without the purpose', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const html = await analyst.get(`/impact/reports/evaluation?${period}`)
    expect(html.statusCode).toBe(200)
    expect(html.body).toContain('<h2>1. Purpose</h2>')
    expect(html.body).toMatch(/<style nonce="[0-9a-f]+">/)
    expect(html.body).toContain(/style-src[^;]*'nonce-([0-9a-f]+)'/.exec(String(html.headers['content-security-policy']))?.[1] ?? 'no nonce in the header')
    expect(html.body).toContain('<svg aria-hidden="true"')
    const quarter = await analyst.get('/impact/reports/quarterly?from=2025-04-01&to=2025-06-30&format=docx')
    const text = docxText(quarter.rawPayload)
    expect(text).toContain('quarterly performance pack')
    expect(text).not.toContain('Purpose')
    expect(text).toContain('1. Activity')
    const page = await analyst.get('/impact/reports')
    expect(page.statusCode).toBe(200)
    const bad = await analyst.get('/impact/reports/evaluation?from=2025-13-01&to=2026-03-31')
    expect(bad.statusCode).toBe(422)
  })

  it('shows the finance figures with their ranges and parameters when given them', async () => {
    const report = await buildReport(database.db, {
      organisationId: org.id,
      organisationName: 'Reports Council',
      kind: 'evaluation',
      period: { from: '2025-04-01', to: '2026-03-31' },
      today: '2026-05-01',
      finance: {
        costAvoidance: { low: 44_700, central: 149_000, high: 417_200 },
        savings: { low: 0, central: 0, high: 0 },
        serviceCost: 979_216,
        net: { low: -934_516, central: -830_216, high: -562_016 },
        successRate: 1,
        breakEvenChildren: 4,
        breakEvenChildrenNet: { low: 22, central: 7, high: 3 },
        parameters: [{ name: 'Deadweight', value: '50% (30% to 70%)', source: 'PRODUCT.md §3, source document 000' }],
      },
    })
    const finance = report.sections.find((s) => s.id === 'finance')
    expect(finance?.paragraphs.join(' ')).toContain('22 (low), 7 (central) or 3 (high)')
    expect(finance?.tables[0]?.table.rows[0]).toEqual({ label: 'Cost avoidance', low: '£44,700', central: '£149,000', high: '£417,200' })
    expect(finance?.tables[1]?.table.rows[0]).toMatchObject({ name: 'Deadweight' })
  })
})

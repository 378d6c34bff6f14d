import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import { seedImpactFixture } from '../support/impact-fixture.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, ssda903Episodes, ssda903Header } from '../../server/platform/db/schema.js'
import { DEMO_REFERENCE_POPULATION } from '../../db/seeds/demo-impact.js'

/**
 * The equality page over the impact fixture: 8 children supported in 2025/26, 5 boys and 3
 * girls; aged 12 (1), 14 (5) and 16 (2) when their case was accepted.
 */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
const period = 'from=2025-04-01&to=2026-03-31'
const populationCsv = [
  'characteristic,group,children',
  ...Object.entries(DEMO_REFERENCE_POPULATION).flatMap(([c, groups]) => Object.entries(groups).map(([g, n]) => `${c},${g},${n}`)),
].join('\n')

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'EQUAL')
  await seedImpactFixture(database, org)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

describe('equality', () => {
  it('says what is missing before the population and SSDA903 are loaded', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const page = await analyst.get(`/impact/equality?${period}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="no-reference"')
    expect(page.body).toContain('no SSDA903 return has been imported')
  })

  it('lets the analyst enter the population, refusing bad rows and a stale form', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const form = await analyst.get('/impact/equality/population')
    expect(form.statusCode).toBe(200)
    const bad = await analyst.post('/impact/equality/population', { source: '', csv: 'characteristic,group,children\nsex,X,10\nage_band,13_15,-4\nsex,M', version: '0' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter where the figures come from')
    const again = await analyst.post('/impact/equality/population', { source: 'Test figures', csv: 'characteristic,group,children\nsex,X,10\nage_band,13_15,-4', version: '0' })
    expect(again.body).toContain('Row 2: “sex, X” is not a characteristic and group this service knows')
    const saved = await analyst.post('/impact/equality/population', { source: 'Test figures', csv: populationCsv, version: '0' })
    expect(saved.statusCode).toBe(303)
    const stale = await analyst.post('/impact/equality/population', { source: 'Test figures', csv: populationCsv, version: '0' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed these figures')
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'reference-population.replace'))
    expect(audit).toHaveLength(1)

    const board = new TestAgent(app)
    await board.signIn(org.users.board_viewer.email)
    expect((await board.get('/impact/equality/population')).statusCode).toBe(403)
  })

  it('works out the ratios and flags, and hides small groups from a board viewer', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const page = await analyst.get(`/impact/equality?${period}`)
    expect(page.statusCode).toBe(200)
    // 5 of 8 aged 13-15 (62.5%) against 22,800 of 60,000 (38%): ratio 1.64, over-represented.
    expect(page.body).toContain('13 to 15 (over-represented)')
    // 3 girls of 8 (37.5%) against 49%: ratio 0.77, but fewer than 5 children: not flagged.
    expect(page.body).toContain('Not flagged: fewer than 5 children')
    const csv = await analyst.get(`/impact/equality?${period}&format=csv`)
    expect(csv.body).toContain('10 to 12,c,c,22500,37.5,c,')
    expect(csv.body).toContain('13 to 15,5,62.5,22800,38,1.64,Over-represented')

    const board = new TestAgent(app)
    await board.signIn(org.users.board_viewer.email)
    const hidden = await board.get(`/impact/equality?${period}`)
    expect(hidden.statusCode).toBe(200)
    expect(hidden.body).toContain('data-qa="suppression-note"')
    expect(hidden.body).not.toContain('data-qa="population-link"')

    const wider = await analyst.get(`/impact/equality?${period}&low=0.5&high=2`)
    expect(wider.body).not.toContain('13 to 15 (over-represented)')
    const wrong = await analyst.get(`/impact/equality?${period}&low=2&high=abc`)
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Enter the lower threshold as a number between 0 and 1')
  })

  it('compares with children in care once an SSDA903 return is loaded', async () => {
    await database.db.insert(ssda903Header).values([
      { organisationId: org.id, child: 'C1', sex: '1', dob: '2011-06-01', ethnic: 'WBRI' },
      { organisationId: org.id, child: 'C2', sex: '2', dob: '2012-06-01', ethnic: 'BCRB' },
      { organisationId: org.id, child: 'C3', sex: '1', dob: '2020-06-01', ethnic: 'WBRI' },
    ])
    await database.db.insert(ssda903Episodes).values([
      { organisationId: org.id, child: 'C1', decom: '2024-01-01' },
      { organisationId: org.id, child: 'C2', decom: '2025-01-01', dec: '2026-06-01' },
      { organisationId: org.id, child: 'C3', decom: '2025-01-01' },
    ])
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const page = await analyst.get(`/impact/equality?${period}`)
    expect(page.body).toContain('Children in care are those looked after on 31 March 2026 aged 10 to 17')
    expect(page.body).toContain('Sex: children supported and children in care aged 10 to 17')
  })
})

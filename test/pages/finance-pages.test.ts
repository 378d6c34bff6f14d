import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { caseOutcomes, cases, referralChildren, referrals, ssda903Episodes } from '../../server/platform/db/schema.js'
import { insertDemoFinanceSettings } from '../../server/modules/finance/index.js'
import { financeUnitCosts } from '../../server/modules/finance/schema.js'

/** The finance pages in-process: settings read and changed, the dashboard, scenarios and the placement ledger. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'FINPAGES')
  await database.db.transaction((tx) => insertDemoFinanceSettings(tx, org.id))
  // One closed risk-of-care case in 2024/25: a 14-year-old at risk of residential care who remained at home.
  const { child, family } = await createTestChild(database, org.id, { dateOfBirth: '2010-01-15', givenName: 'Robin', familyName: 'Ashdown' })
  const [referral] = await database.db
    .insert(referrals)
    .values({
      organisationId: org.id,
      familyId: family.id,
      strand: 'risk_of_care',
      status: 'accepted',
      referrerId: org.users.referrer.id,
      referrerTeam: 'child_in_need',
      reason: 'Test',
      atRiskPlacementType: 'residential',
      submittedAt: new Date('2024-06-01T10:00:00Z'),
    })
    .returning()
  if (!referral) throw new Error('no referral')
  await database.db.insert(referralChildren).values({ referralId: referral.id, childId: child.id })
  const [kase] = await database.db
    .insert(cases)
    .values({ organisationId: org.id, familyId: family.id, referralId: referral.id, strand: 'risk_of_care', status: 'closed', closureDate: '2024-12-20' })
    .returning()
  if (!kase) throw new Error('no case')
  await database.db.insert(caseOutcomes).values({ caseId: kase.id, childId: child.id, outcome: 'remained_at_home' })
  // Two SSDA903 episodes: a move from in-house fostering to residential care on 1 May 2024.
  await database.db.insert(ssda903Episodes).values([
    { organisationId: org.id, child: 'C900', decom: '2023-06-01', dec: '2024-05-01', place: 'U4', placeProvider: 'PR1', rec: 'X1' },
    { organisationId: org.id, child: 'C900', decom: '2024-05-01', dec: null, place: 'K2', placeProvider: 'PR4' },
  ])
})
afterAll(async () => {
  await app.close()
  await database.close()
})

async function signedIn(role: keyof TestOrganisation['users']) {
  const agent = new TestAgent(app)
  await agent.signIn(org.users[role].email)
  return agent
}

describe('finance dashboard', () => {
  it('shows the year’s avoidance, service cost, net and break-even with the parameters behind them', async () => {
    const agent = await signedIn('finance_partner')
    const res = await agent.get('/finance?year=2024/25')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('£149,000 (central); range £44,700 to £417,200')
    expect(res.body).toContain('£979,216')
    expect(res.body).not.toContain('no service cost lines in force')
    expect(res.body).toContain('−£830,216 (central)')
    expect(res.body).toMatch(/4 children kept out of residential care for a year/)
    expect(res.body).toMatch(/after deadweight and weeks avoided: 7 \(central\), 22 \(low\), 3 \(high\)/)
    expect(res.body).toContain('Progress towards the cumulative savings targets')
    expect(res.body).toContain('<svg aria-hidden="true"')
    // The finance partner sees figures, not children.
    expect(res.body).not.toContain('Robin Ashdown')
    expect(res.body).toContain('govuk-service-navigation__active-fallback">Finance</strong>')
  })

  it('lists the children behind the figures for a team manager', async () => {
    const agent = await signedIn('team_manager')
    const res = await agent.get('/finance?year=2024/25')
    expect(res.body).toContain('Robin Ashdown')
  })

  it('explains a period with no cases and a period it cannot read', async () => {
    const agent = await signedIn('board_viewer')
    const empty = await agent.get('/finance?from=2020-01-01&to=2020-03-31')
    expect(empty.body).toContain('No cases were closed between 1 January 2020 and 31 March 2020')
    expect(empty.body).toContain('No child on the crisis or risk of care strands')
    const bad = await agent.get('/finance?from=2020-02-30&to=2020-03-31')
    expect(bad.body).toContain('Enter both dates as real dates')
  })

  it('exports its tables as CSV and Excel', async () => {
    const agent = await signedIn('analyst')
    const csv = await agent.get('/finance?year=2024/25&format=csv')
    expect(csv.headers['content-type']).toMatch(/text\/csv/)
    expect(csv.body).toContain('Cost avoidance (£),44700,149000,417200')
    const xlsx = await agent.get('/finance?year=2024/25&format=xlsx')
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/)
  })
})

describe('finance settings', () => {
  it('the finance partner changes a unit cost and the dashboard follows', async () => {
    const agent = await signedIn('finance_partner')
    const settings = await agent.get('/finance/settings')
    expect(settings.body).toContain('£298,000 a year')
    const [residential] = await database.db
      .select()
      .from(financeUnitCosts)
      .where(and(eq(financeUnitCosts.organisationId, org.id), eq(financeUnitCosts.placementType, 'residential')))
    if (!residential) throw new Error('no residential cost')
    const form = await agent.get(`/finance/settings/unit-costs/${residential.id}`)
    expect(form.statusCode).toBe(200)
    const fields = {
      placementType: 'residential',
      provider: '',
      amount: '312,000',
      per: 'year',
      source: 'Placements budget 2024/25',
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '1',
      'effectiveFrom-year': '2000',
      'effectiveTo-day': '',
      'effectiveTo-month': '',
      'effectiveTo-year': '',
      version: String(residential.version),
    }
    const saved = await agent.post(`/finance/settings/unit-costs/${residential.id}`, fields)
    expect(saved.statusCode).toBe(303)
    expect((await agent.get('/finance/settings')).body).toContain('£312,000 a year')
    // 312,000 ÷ 52 × 52 × 0.5 = 156,000.
    expect((await agent.get('/finance?year=2024/25')).body).toContain('£156,000 (central)')
    // The same form sent again carries the old version: someone else changed it.
    const stale = await agent.post(`/finance/settings/unit-costs/${residential.id}`, fields)
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed this unit cost')
  })

  it('shows every error beside its field', async () => {
    const agent = await signedIn('finance_partner')
    await agent.get('/finance/settings/unit-costs/new')
    const res = await agent.post('/finance/settings/unit-costs/new', {
      placementType: '',
      provider: '',
      amount: '-3',
      per: '',
      source: '',
      'effectiveFrom-day': '31',
      'effectiveFrom-month': '2',
      'effectiveFrom-year': '2025',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Error: Add a unit cost')
    for (const message of [
      'Select the placement type',
      'The unit cost must not be negative',
      'Say whether the amount is per year or per week',
      'Enter where the figure comes from',
    ])
      expect(res.body).toContain(message)
    expect(res.body).toContain('href="#effectiveFrom-day"')
  })

  it('deadweight is entered in percentages; a low above the high is refused', async () => {
    const agent = await signedIn('finance_partner')
    const form = await agent.get('/finance/settings/parameters/deadweight')
    expect(form.body).toContain('value="50"')
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const wrong = await agent.post('/finance/settings/parameters/deadweight', { low: '70', central: '50', high: '30', source: '', version })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('The low value must not be above the central value')
    const ok = await agent.post('/finance/settings/parameters/deadweight', { low: '25', central: '50', high: '75', source: 'Reviewed', version })
    expect(ok.statusCode).toBe(303)
    expect((await agent.get('/finance/settings')).body).toContain('50% (range 25% to 75%)')
  })

  it('others with finance:read see the settings read-only and cannot open the forms', async () => {
    const agent = await signedIn('board_viewer')
    const res = await agent.get('/finance/settings')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('You can read these settings')
    expect(res.body).not.toContain('/finance/settings/unit-costs/new')
    expect((await agent.get('/finance/settings/unit-costs/new')).statusCode).toBe(403)
  })
})

describe('scenarios and the placement ledger', () => {
  it('projects a year from the figures given, beside the actuals, saving nothing', async () => {
    const agent = await signedIn('board_viewer')
    const res = await agent.get(
      '/finance/scenario?year=2024/25&capacity=100&successRate=50&reunificationCapacity=0&returnRate=50&deadweight=50&weeks=52&avoidedCost=298000&leftCost=42571.43&serviceCost=979216',
    )
    expect(res.statusCode).toBe(200)
    // 100 × 50% = 50 children × £298,000 × 0.5 = £7,450,000; less £979,216 = £6,470,784.
    expect(res.body).toMatch(/data-qa="projected-net">£6,470,784/)
    const bad = await agent.get('/finance/scenario?successRate=150')
    expect(bad.body).toContain('The success rate must be between 0% and 100%')
  })

  it('prices each move with the unit costs by provider and annualises the change', async () => {
    const agent = await signedIn('finance_partner')
    await agent.get('/finance/settings/unit-costs/new')
    const res = await agent.get('/finance/placement-ledger')
    expect(res.statusCode).toBe(200)
    // Fostering £42,571.43 a year → £818.68 a week; residential £312,000 a year → £6,000 a week.
    expect(res.body).toContain('818.68')
    expect(res.body).toContain('6,000')
  })
})

describe('historic cases import page', () => {
  it('lists every problem and imports nothing; a good file is imported whole', async () => {
    const agent = await signedIn('finance_partner')
    await agent.get('/finance/historic-cases')
    const header = 'case_reference,child_reference,strand,referral_date,closure_date,age_at_referral,outcome'
    const bad = await agent.post('/finance/historic-cases', { fileName: 'old.csv', csv: `${header}\nP1,PC1,crisis,2020-01-01,2020-03-01,15,stayed\n` })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('The file was not imported')
    expect(bad.body).toContain('Row 2, outcome: “stayed” is not a closure outcome')
    const good = await agent.post('/finance/historic-cases', { fileName: 'old.csv', csv: `${header}\nP1,PC1,crisis,2020-01-01,2020-03-01,15,remained_at_home\n` })
    expect(good.statusCode).toBe(303)
    const page = await agent.get('/finance/historic-cases')
    expect(page.body).toContain('Imported 1 historic case with 1 child')
    expect(page.body).toContain('old.csv')
    const analyst = await signedIn('analyst')
    expect((await analyst.get('/finance/historic-cases')).statusCode).toBe(403)
  })
})

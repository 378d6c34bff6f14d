import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents } from '../../server/platform/db/schema.js'
import { createOrganisation } from '../../server/platform/tenancy/admin.js'
import { insertDemoFinanceSettings } from '../../server/modules/finance/index.js'
import { financeUnitCosts } from '../../server/modules/finance/schema.js'
import { addDays, todayInLondon } from '../../server/platform/time/index.js'

/**
 * GET /api/v1/impact and /api/v1/finance/... as API.md describes them. The impact
 * figures are worked out from cases built through the casework API, with the demo's
 * costs (PRODUCT.md §3: residential £298,000 a year; service £979,216 a year), so each
 * can be checked by hand:
 * - one 14-year-old at risk of residential care, remained at home: £298,000 ÷ 52 × weeks
 *   × (1 − deadweight) = £5,730.77 × 26 × 0.3 = £44,700 (low), × 52 × 0.5 = £149,000
 *   (central), × 104 × 0.7 = £417,200 (high);
 * - breakEvenChildren = ceil(979,216 ÷ 298,000) = ceil(3.29) = 4;
 * - breakEvenChildrenNet = ceil(979,216 ÷ 44,700) = 22, ceil(979,216 ÷ 149,000) = 7,
 *   ceil(979,216 ÷ 417,200) = 3.
 */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
let other: TestOrganisation
const tokens = {} as Record<'finance' | 'analyst' | 'board' | 'manager' | 'referrer' | 'chair' | 'admin' | 'other', string>
const today = todayInLondon()
// The financial year containing today, whose service cost is exactly the annual £979,216.
const fyStart = Number(today.slice(5, 7)) >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1
const FY = { from: `${fyStart}-04-01`, to: `${fyStart + 1}-03-31` }

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'FIN')
  other = await createTestOrganisation(database, 'OTHERFIN')
  await database.db.transaction((tx) => insertDemoFinanceSettings(tx, org.id))
  tokens.finance = await tokenFor(database, org.users.finance_partner.id)
  tokens.analyst = await tokenFor(database, org.users.analyst.id)
  tokens.board = await tokenFor(database, org.users.board_viewer.id)
  tokens.manager = await tokenFor(database, org.users.team_manager.id)
  tokens.referrer = await tokenFor(database, org.users.referrer.id)
  tokens.chair = await tokenFor(database, org.users.panel_chair.id)
  tokens.admin = await tokenFor(database, org.users.administrator.id)
  tokens.other = await tokenFor(database, other.users.finance_partner.id)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, token: string, body?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  })
const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
const impact = (token = tokens.finance, period = FY, extra = '') => get(`/api/v1/impact?from=${period.from}&to=${period.to}${extra}`, token)

/** A date of birth making the child `age` today, well clear of a birthday. */
const bornYearsAgo = (age: number) => addDays(`${Number(today.slice(0, 4)) - age}${today.slice(4)}`, -100)

/** A case through the casework API: referred, accepted, allocated and closed by the team manager with the outcome given. */
async function closedCase(options: { age: number; strand?: string; atRisk?: string; current?: string; outcome?: string }) {
  const { child } = await createTestChild(database, org.id, { dateOfBirth: bornYearsAgo(options.age), district: 'Riverside' })
  const referral = await send('POST', '/api/v1/referrals', tokens.referrer, {
    strand: options.strand ?? 'risk_of_care',
    childIds: [child.id],
    referrerTeam: 'child_in_need',
    reason: 'Escalating conflict at home',
    ...(options.atRisk ? { atRiskPlacementType: options.atRisk } : {}),
    ...(options.current ? { currentPlacementType: options.current } : {}),
  })
  expect(referral.statusCode).toBe(201)
  const decision = await send('POST', `/api/v1/referrals/${referral.json().id}/decision`, tokens.chair, { decision: 'accepted', rationale: 'Meets the criteria' })
  const caseId = decision.json().caseId as string
  const allocated = await send('POST', `/api/v1/cases/${caseId}/allocation`, tokens.manager, {
    team: 'North',
    leadWorkerId: org.users.family_support_worker.id,
    override: true,
    overrideReason: 'Test cases',
  })
  expect(allocated.statusCode).toBe(200)
  const closed = await send('POST', `/api/v1/cases/${caseId}/closure`, tokens.manager, {
    outcomes: [{ childId: child.id, outcome: options.outcome ?? 'remained_at_home', ...(options.outcome === 'entered_care' ? { placementType: 'residential' } : {}) }],
    summary: 'Closed for the test',
  })
  expect(closed.json()).toMatchObject({ status: 'closed' })
  return { childId: child.id, caseId }
}

describe('new organisations start with the defaults of PRODUCT.md §3', () => {
  it('createOrganisation gives the default unit costs and parameters, and no service costs or targets', async () => {
    const created = await createOrganisation(database.db, { code: 'NEWORG', name: 'New Council' }, 'test')
    const costs = await database.db.select().from(financeUnitCosts).where(eq(financeUnitCosts.organisationId, created.id))
    const byType = Object.fromEntries(costs.map((c) => [c.placementType, `${Number(c.amount)} a ${c.per}`]))
    expect(byType).toEqual({ residential: '298000 a year', fostering: '42571.43 a year', secure: '10546.5 a week' })
    expect(costs.every((c) => c.source.length > 10 && c.provider === null)).toBe(true)
  })

  it('the finance partner reads them through the API; a new organisation has no service cost lines', async () => {
    const res = await get('/api/v1/finance/unit-costs', tokens.other)
    expect(res.statusCode).toBe(200)
    expect(res.json().map((c: { placementType: string; amount: number; per: string }) => [c.placementType, c.amount, c.per])).toEqual([
      ['fostering', 42571.43, 'year'],
      ['residential', 298000, 'year'],
      ['secure', 10546.5, 'week'],
    ])
    expect((await get('/api/v1/finance/service-costs', tokens.other)).json()).toEqual([])
    const parameters = (await get('/api/v1/finance/parameters', tokens.other)).json()
    expect(parameters.map((p: { name: string; low: number; central: number; high: number }) => [p.name, p.low, p.central, p.high])).toEqual([
      ['deadweight', 0.3, 0.5, 0.7],
      ['weeks_avoided', 26, 52, 104],
    ])
  })
})

describe('GET /api/v1/impact', () => {
  it('a period with no closed cases: zero counts and no success rate (null, not a silent 0); before the service started, no service cost', async () => {
    const res = await impact(tokens.finance, { from: '2015-04-01', to: '2016-03-31' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ childrenWorkedWith: 0, successRate: null, serviceCost: 0, breakEvenChildren: 0, breakEvenChildrenNet: { low: 0, central: 0, high: 0 } })
    expect(res.json().parameters.serviceCostLines).toEqual([])
  })

  it('the worked examples: break-even 4 and 22 / 7 / 3; a 14-year-old at risk of residential care who remained at home avoids £44,700 / £149,000 / £417,200', async () => {
    const { childId } = await closedCase({ age: 14, atRisk: 'residential' })
    const res = await impact()
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(Object.keys(body)).toEqual([
      'from',
      'to',
      'childrenWorkedWith',
      'childrenRemainedAtHome',
      'childrenReturnedHome',
      'childrenEnteredCare',
      'successRate',
      'costAvoidance',
      'savings',
      'serviceCost',
      'net',
      'breakEvenChildren',
      'breakEvenChildrenNet',
      'parameters',
    ])
    expect(body).toMatchObject({
      from: FY.from,
      to: FY.to,
      childrenWorkedWith: 1,
      childrenRemainedAtHome: 1,
      childrenReturnedHome: 0,
      childrenEnteredCare: 0,
      successRate: 1,
      costAvoidance: { low: 44700, central: 149000, high: 417200 },
      savings: { low: 0, central: 0, high: 0 },
      serviceCost: 979216,
      net: { low: 44700 - 979216, central: 149000 - 979216, high: 417200 - 979216 },
      breakEvenChildren: 4,
      breakEvenChildrenNet: { low: 22, central: 7, high: 3 },
    })
    expect(body.parameters.deadweight.central).toMatchObject({ value: 0.5, exact: '0.5' })
    expect(body.parameters.unitCosts.find((u: { placementType: string }) => u.placementType === 'residential')).toMatchObject({
      amount: '298000',
      per: 'year',
      usedFor: ['break-even', childId],
    })
    expect(body.parameters.serviceCostLines).toHaveLength(4)
    // Exact figures for the roles allowed; the same for the analyst, board viewer, team manager and administrator.
    for (const token of [tokens.analyst, tokens.board, tokens.manager, tokens.admin]) expect((await impact(token)).json().costAvoidance.central).toBe(149000)
  })

  it('the same child recorded in care at the 6-month follow-up avoids 0, and the success rate is 0', async () => {
    // A fresh organisation, so this child is the only one.
    const period = { from: today, to: today }
    const before = (await impact(tokens.finance, period)).json()
    const { childId, caseId } = await closedCase({ age: 14, atRisk: 'residential' })
    const follow = await send('POST', `/api/v1/cases/${caseId}/follow-ups`, tokens.manager, { childId, monthsAfterClosure: 6, status: 'in_care', placementType: 'residential' })
    expect(follow.statusCode).toBe(201)
    const after = (await impact(tokens.finance, period)).json()
    expect(after.childrenWorkedWith - before.childrenWorkedWith).toBe(1)
    expect(after.childrenEnteredCare - before.childrenEnteredCare).toBe(1)
    expect(after.costAvoidance).toEqual(before.costAvoidance)
  })

  it('success rate 0 when the only child worked with entered care', async () => {
    const lone = await createTestOrganisation(database, 'LONE')
    const token = await tokenFor(database, lone.users.finance_partner.id)
    // Direct inserts a person could check: one closed risk-of-care case, one child aged 14 at referral, at risk of residential care, in care at 6 months.
    const { child, family } = await createTestChild(database, lone.id, { dateOfBirth: '2010-01-15' })
    const { cases, caseOutcomes, followUps, referrals, referralChildren } = await import('../../server/platform/db/schema.js')
    const [referral] = await database.db
      .insert(referrals)
      .values({
        organisationId: lone.id,
        familyId: family.id,
        strand: 'risk_of_care',
        status: 'accepted',
        referrerId: lone.users.referrer.id,
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
      .values({ organisationId: lone.id, familyId: family.id, referralId: referral.id, strand: 'risk_of_care', status: 'closed', closureDate: '2024-12-20' })
      .returning()
    if (!kase) throw new Error('no case')
    await database.db.insert(caseOutcomes).values({ caseId: kase.id, childId: child.id, outcome: 'remained_at_home' })
    await database.db.insert(followUps).values([
      { caseId: kase.id, childId: child.id, monthsAfterClosure: 3, dueDate: '2025-03-20', status: 'at_home', source: 'recorded' },
      { caseId: kase.id, childId: child.id, monthsAfterClosure: 6, dueDate: '2025-06-20', status: null },
    ])
    const fy = { from: '2024-04-01', to: '2025-03-31' }
    const home = (await impact(token, fy)).json()
    expect(home).toMatchObject({ childrenWorkedWith: 1, successRate: 1, costAvoidance: { low: 44700, central: 149000, high: 417200 }, serviceCost: 0, breakEvenChildren: 0 })
    await database.db
      .update(followUps)
      .set({ status: 'in_care', placementType: 'residential', source: 'recorded' })
      .where(and(eq(followUps.caseId, kase.id), eq(followUps.monthsAfterClosure, 6)))
    const inCare = (await impact(token, fy)).json()
    expect(inCare).toMatchObject({ childrenWorkedWith: 1, childrenEnteredCare: 1, childrenRemainedAtHome: 0, successRate: 0, costAvoidance: { low: 0, central: 0, high: 0 } })
    // Another organisation's finance partner sees none of it.
    expect((await impact(tokens.finance, fy)).json().childrenWorkedWith).toBe(0)
  })

  it('lists the children behind the figures only for a role that may see children, audited as a view', async () => {
    const { childId } = await closedCase({ age: 15, atRisk: 'fostering' })
    const withChildren = (await impact(tokens.manager, FY, '&include=children')).json()
    const row = withChildren.children.find((c: { childId: string }) => c.childId === childId)
    expect(row).toMatchObject({ rule: 'cost_avoidance', costAvoidance: { low: 6385.71, central: 21285.72, high: 59600 } })
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'impact.children.view'), eq(auditEvents.userId, org.users.team_manager.id)))
    expect(audit?.details).toMatchObject({ childIds: expect.arrayContaining([childId]) })
    // The finance partner may not see children's records: the figures only.
    expect((await impact(tokens.finance, FY, '&include=children')).json().children).toBeUndefined()
  })

  it('refuses a period the wrong way round or a date that is not real, with 422', async () => {
    const res = await impact(tokens.finance, { from: '2025-03-31', to: '2024-04-01' })
    expect(res.statusCode).toBe(422)
    expect(res.json().errors).toEqual([{ field: '/to', message: 'The end of the period (to) must be on or after its start (from)' }])
    expect((await impact(tokens.finance, { from: '2025-02-30', to: '2025-03-31' })).statusCode).toBe(422)
  })

  it('refuses roles without impact:read', async () => {
    expect((await impact(tokens.referrer)).statusCode).toBe(403)
  })
})

describe('/api/v1/finance/...', () => {
  it('the finance partner changes a unit cost: versioned, audited, and the impact follows it', async () => {
    const list = (await get('/api/v1/finance/unit-costs', tokens.finance)).json()
    const residential = list.find((c: { placementType: string }) => c.placementType === 'residential')
    const before = (await impact()).json().costAvoidance.central
    const res = await send('PUT', `/api/v1/finance/unit-costs/${residential.id}`, tokens.finance, {
      placementType: 'residential',
      amount: 312000,
      per: 'year',
      source: 'Finance ledger 2026',
      effectiveFrom: residential.effectiveFrom,
      version: residential.version,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ amount: 312000, version: residential.version + 1 })
    const after = (await impact()).json()
    expect(after.costAvoidance.central).toBeGreaterThan(before)
    expect(after.breakEvenChildren).toBe(4)
    // The stale version is refused and changes nothing.
    const stale = await send('PUT', `/api/v1/finance/unit-costs/${residential.id}`, tokens.finance, {
      placementType: 'residential',
      amount: 1,
      per: 'year',
      source: 'x',
      effectiveFrom: residential.effectiveFrom,
      version: residential.version,
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().type).toMatch(/\/problems\/stale-version$/)
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'finance.unit-cost.update'), eq(auditEvents.recordId, residential.id)))
    expect(audit?.details).toMatchObject({ before: { amount: 298000 }, after: { amount: 312000 } })
    // Put it back for the other tests.
    await send('PUT', `/api/v1/finance/unit-costs/${residential.id}`, tokens.finance, {
      placementType: 'residential',
      amount: '298000',
      per: 'year',
      source: residential.source,
      effectiveFrom: residential.effectiveFrom,
      version: residential.version + 1,
    })
  })

  it('refuses negative and absurd costs, a wrong placement type and overlapping dates, explaining each (422)', async () => {
    const negative = await send('POST', '/api/v1/finance/unit-costs', tokens.finance, {
      placementType: 'kinship',
      amount: -5,
      per: 'week',
      source: 'x',
      effectiveFrom: '2024-04-01',
    })
    expect(negative.statusCode).toBe(422)
    expect(negative.json().errors).toContainEqual({ field: '/amount', message: 'The unit cost must not be negative' })
    const absurd = await send('POST', '/api/v1/finance/unit-costs', tokens.finance, {
      placementType: 'secure',
      amount: 1054650,
      per: 'week',
      source: 'x',
      effectiveFrom: '2030-01-01',
    })
    expect(absurd.statusCode).toBe(422)
    expect(absurd.json().errors[0]).toMatchObject({ field: '/amount', message: expect.stringMatching(/more than £50,000 a week.*Is it per year\?/) })
    const overlap = await send('POST', '/api/v1/finance/unit-costs', tokens.finance, {
      placementType: 'residential',
      amount: 300000,
      per: 'year',
      source: 'New figure',
      effectiveFrom: '2025-04-01',
    })
    expect(overlap.statusCode).toBe(422)
    expect(overlap.json().errors).toEqual([
      { field: '/effectiveFrom', message: expect.stringMatching(/^These dates overlap the residential cost of £298,000 a year in force from 1 January 2000/) },
    ])
    const badType = await send('POST', '/api/v1/finance/unit-costs', tokens.finance, {
      placementType: 'castle',
      amount: 1,
      per: 'fortnight',
      source: '',
      effectiveFrom: '2025-13-01',
    })
    expect(badType.statusCode).toBe(422)
    expect(
      badType
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['/effectiveFrom', '/per', '/placementType', '/source'])
    // A provider-specific cost beside the any-provider one does not overlap it.
    const agency = await send('POST', '/api/v1/finance/unit-costs', tokens.finance, {
      placementType: 'fostering',
      provider: 'agency',
      amount: 1100,
      per: 'week',
      source: 'Agency fostering framework',
      effectiveFrom: '2025-04-01',
    })
    expect(agency.statusCode).toBe(201)
    expect(agency.json()).toMatchObject({ provider: 'agency', amount: 1100, per: 'week', version: 1 })
  })

  it('parameters: a low above the high is refused; a change is versioned', async () => {
    const [deadweight] = (await get('/api/v1/finance/parameters', tokens.finance)).json()
    const wrongWay = await send('PUT', '/api/v1/finance/parameters/deadweight', tokens.finance, { low: 0.7, central: 0.5, high: 0.3, version: deadweight.version })
    expect(wrongWay.statusCode).toBe(422)
    expect(wrongWay.json().errors).toContainEqual({ field: '/low', message: 'The low value must not be above the central value' })
    const over = await send('PUT', '/api/v1/finance/parameters/deadweight', tokens.finance, { low: 0.3, central: 0.5, high: 1.5, version: deadweight.version })
    expect(over.json().errors).toContainEqual({ field: '/high', message: 'Deadweight (high) must be a fraction from 0 to 1 (0% to 100%), like 0.5 for 50%' })
    const ok = await send('PUT', '/api/v1/finance/parameters/deadweight', tokens.finance, { low: 0.3, central: 0.5, high: 0.7, source: 'Reviewed', version: deadweight.version })
    expect(ok.json()).toMatchObject({ version: deadweight.version + 1, source: 'Reviewed' })
    const stale = await send('PUT', '/api/v1/finance/parameters/deadweight', tokens.finance, { low: 0.3, central: 0.5, high: 0.7, version: deadweight.version })
    expect(stale.statusCode).toBe(409)
  })

  it('service cost lines: the demo total is £979,216; overlapping the same line is refused; added, changed and removed with versions', async () => {
    const lines = (await get('/api/v1/finance/service-costs', tokens.finance)).json()
    expect(lines.reduce((n: number, l: { amount: number }) => n + l.amount, 0)).toBe(979216)
    const overlap = await send('POST', '/api/v1/finance/service-costs', tokens.finance, { description: 'Business support', amount: 70000, effectiveFrom: '2025-04-01' })
    expect(overlap.statusCode).toBe(422)
    const added = await send('POST', '/api/v1/finance/service-costs', tokens.finance, {
      description: 'Training',
      amount: '12000.50',
      effectiveFrom: '2040-04-01',
      effectiveTo: '2041-03-31',
    })
    expect(added.statusCode).toBe(201)
    const { id, version } = added.json()
    expect((await send('DELETE', `/api/v1/finance/service-costs/${id}?version=${version + 1}`, tokens.finance)).statusCode).toBe(409)
    expect((await send('DELETE', `/api/v1/finance/service-costs/${id}?version=${version}`, tokens.finance)).statusCode).toBe(204)
    expect((await send('DELETE', `/api/v1/finance/service-costs/${id}?version=${version}`, tokens.finance)).statusCode).toBe(404)
  })

  it('savings targets are cumulative: one per year, never below an earlier year’s', async () => {
    const targets = (await get('/api/v1/finance/savings-targets', tokens.finance)).json()
    expect(targets.map((t: { financialYear: string; cumulativeSavings: number }) => [t.financialYear, t.cumulativeSavings])).toEqual([
      ['2024/25', 506000],
      ['2025/26', 1200000],
    ])
    const lower = await send('POST', '/api/v1/finance/savings-targets', tokens.finance, { financialYear: '2026/27', cumulativeSavings: 900000 })
    expect(lower.statusCode).toBe(422)
    expect(lower.json().errors[0].message).toMatch(/cumulative: 2026\/27's cannot be below 2025\/26's/)
    const again = await send('POST', '/api/v1/finance/savings-targets', tokens.finance, { financialYear: '2024/25', cumulativeSavings: 600000 })
    expect(again.json().errors[0].message).toBe('There is already a target for 2024/25: change that one instead')
    expect((await send('POST', '/api/v1/finance/savings-targets', tokens.finance, { financialYear: '2026/28', cumulativeSavings: 1 })).statusCode).toBe(422)
    const ok = await send('POST', '/api/v1/finance/savings-targets', tokens.finance, { financialYear: '2026/27', cumulativeSavings: 1900000, fewerLookedAfterChildren: 30 })
    expect(ok.statusCode).toBe(201)
  })

  it('only the finance partner writes; other finance readers read; another organisation’s record is 404', async () => {
    const list = (await get('/api/v1/finance/unit-costs', tokens.analyst)).json()
    expect(list.length).toBeGreaterThan(0)
    const body = { placementType: 'kinship', amount: 300, per: 'week', source: 'x', effectiveFrom: '2024-04-01' }
    expect((await send('POST', '/api/v1/finance/unit-costs', tokens.analyst, body)).statusCode).toBe(403)
    expect((await send('POST', '/api/v1/finance/unit-costs', tokens.board, body)).statusCode).toBe(403)
    expect((await get('/api/v1/finance/unit-costs', tokens.referrer)).statusCode).toBe(403)
    const theirs = list[0]
    const res = await send('PUT', `/api/v1/finance/unit-costs/${theirs.id}`, tokens.other, { ...body, version: theirs.version })
    expect(res.statusCode).toBe(404)
  })

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    for (const path of ['/api/v1/impact', '/api/v1/finance/unit-costs', '/api/v1/finance/unit-costs/{id}', '/api/v1/finance/parameters/{name}', '/api/v1/finance/savings-targets'])
      expect(doc.paths[path]).toBeDefined()
  })
})

describe('historic cases', () => {
  const header =
    'case_reference,child_reference,strand,referral_date,closure_date,age_at_referral,at_risk_placement_type,current_placement_type,outcome,placement_type,follow_up_3,follow_up_6'
  it('imports a file whole, and the impact of its year counts its children', async () => {
    const csv = [
      header,
      // A 14-year-old at risk of residential care who remained at home: £149,000 central.
      'H-1,HC1,risk_of_care,2019-05-01,2019-09-30,14,residential,,remained_at_home,,at_home,at_home',
      // Reunification from fostering: savings £42,571.43 (central, 52 weeks, no deadweight).
      'H-2,HC2,reunification,2019-06-01,2019-12-01,15,,fostering,returned_home,,at_home,',
      // In care at 3 months: nothing avoided, a failure in the success rate.
      'H-3,HC3,crisis,2019-07-01,2019-08-15,13,,,remained_at_home,,in_care,in_care',
    ].join('\n')
    const res = await send('POST', '/api/v1/finance/historic-cases', tokens.finance, { fileName: 'before-the-system.csv', csv })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ cases: 3, children: 3 })
    const year = (await impact(tokens.finance, { from: '2019-04-01', to: '2020-03-31' })).json()
    expect(year).toMatchObject({
      childrenWorkedWith: 3,
      childrenRemainedAtHome: 1,
      childrenReturnedHome: 1,
      childrenEnteredCare: 1,
      successRate: 0.5,
      costAvoidance: { central: 149000 },
      savings: { low: 21285.72, central: 42571.43, high: 85142.86 },
    })
    // Sent again: every case was imported before; nothing changes.
    const again = await send('POST', '/api/v1/finance/historic-cases', tokens.finance, { csv })
    expect(again.statusCode).toBe(422)
    expect(again.json().errors[0]).toEqual({ field: '/csv', message: 'Row 2, column case_reference: Case H-1 was imported before: remove it from this file' })
  })

  it('a file with errors imports nothing and lists each with its row and column', async () => {
    const csv = [header, 'H-9,HC9,crisis,2019-05-01,2019-09-30,14,residential,,remained_at_home,,,', 'H-10,HC10,crisis,2019-05-01,2019-02-30,14,castle,,remained_at_home,,,'].join(
      '\n',
    )
    const res = await send('POST', '/api/v1/finance/historic-cases', tokens.finance, { csv })
    expect(res.statusCode).toBe(422)
    expect(res.json().errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/^Row 3, column at_risk_placement_type: “castle” is not a placement type/),
      expect.stringMatching(/^Row 3, column closure_date: “2019-02-30” is not a real date/),
    ])
    expect((await impact(tokens.finance, { from: '2019-04-01', to: '2020-03-31' })).json().childrenWorkedWith).toBe(3)
    expect((await send('POST', '/api/v1/finance/historic-cases', tokens.analyst, { csv })).statusCode).toBe(403)
  })
})

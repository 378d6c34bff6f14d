import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, desc, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, bankHolidays, breakGlassGrants } from '../../server/platform/db/schema.js'
import { recordAuditNow } from '../../server/platform/audit/index.js'
import { addDays, todayInLondon } from '../../server/platform/time/index.js'

let database: Database
let app: FastifyInstance
let org: TestOrganisation
let other: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'ADMA')
  other = await createTestOrganisation(database, 'ADMB')
})
afterAll(async () => {
  await app.close()
  await database.close()
})

async function signedIn(email: string) {
  const agent = new TestAgent(app)
  const res = await agent.signIn(email)
  expect(res.statusCode).toBe(303)
  return agent
}

const adminOf = (o: TestOrganisation) => signedIn(o.users.administrator.email)

/** The rows of the page's table with the given data-qa, one string of HTML each. */
function rows(html: string, qa: string): string[] {
  return html.split(`data-qa="${qa}"`).slice(1)
}

async function eventsOf(userId: string, action: string) {
  return database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.userId, userId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.id))
}

describe('audit trail page', () => {
  it('shows the administrator their own organisation’s events and never another’s', async () => {
    const { child } = await createTestChild(database, org.id, { givenName: 'Ottoline', familyName: 'Ashgrove' })
    await recordAuditNow(database.db, {
      organisationId: org.id,
      userId: org.users.referrer.id,
      action: 'child.view',
      recordType: 'child',
      recordId: child.id,
      correlationId: 'corr-own-0001',
      reason: 'own-marker-reason',
    })
    await recordAuditNow(database.db, { organisationId: org.id, userId: null, action: 'test.nightly-job', reason: 'system-marker-reason' })
    await recordAuditNow(database.db, {
      organisationId: other.id,
      userId: other.users.referrer.id,
      action: 'child.view',
      recordType: 'child',
      recordId: 'other-record-1',
      reason: 'other-marker-reason',
    })

    const agent = await adminOf(org)
    const page = await agent.get('/admin/audit')
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/<title>Audit trail – /)
    expect(page.body).toContain('data-qa="audit-table"')
    expect(page.body).toContain('own-marker-reason')
    expect(page.body).toContain('system-marker-reason')
    expect(page.body).not.toContain('other-marker-reason')
    expect(page.body).not.toContain('other-record-1')
    expect(page.body).not.toContain(other.users.referrer.email)

    const own = rows(page.body, 'audit-event').find((r) => r.includes('own-marker-reason')) ?? ''
    expect(own).toContain(`href="/children/${child.id}"`)
    expect(own).toContain('referrer of ADMA')
    expect(own).toContain(org.users.referrer.email)
    expect(own).toContain('corr-own-0001')
    const system = rows(page.body, 'audit-event').find((r) => r.includes('system-marker-reason')) ?? ''
    expect(system).toMatch(/data-qa="audit-who">System</)

    // Newest first: the system event was written after the referrer's.
    expect(page.body.indexOf('system-marker-reason')).toBeLessThan(page.body.indexOf('own-marker-reason'))
    // The link to the break-glass log.
    expect(page.body).toContain('href="/admin/break-glass"')
    // A filter by another organisation's record finds nothing.
    const filtered = await agent.get('/admin/audit?recordId=other-record-1')
    expect(filtered.body).toContain('No events match your search')
  })

  it('filters by user email, action, record id and reason, and audits each search with its filters', async () => {
    await recordAuditNow(database.db, {
      organisationId: org.id,
      userId: org.users.family_support_worker.id,
      action: 'child.update',
      recordType: 'child',
      recordId: 'rec-filter-1',
      reason: 'Corrected the Date Of Birth',
    })
    await recordAuditNow(database.db, {
      organisationId: org.id,
      userId: org.users.team_manager.id,
      action: 'child.update',
      recordType: 'child',
      recordId: 'rec-filter-2',
      reason: 'Changed the district',
    })
    const agent = await adminOf(org)

    const byEmail = await agent.get(`/admin/audit?email=${encodeURIComponent('FAMILY.support')}`)
    expect(byEmail.body).toContain('rec-filter-1')
    expect(byEmail.body).not.toContain('rec-filter-2')
    expect(byEmail.body).toContain('Selected filters')

    const byReason = await agent.get('/admin/audit?reason=date+of+birth&action=child.update')
    expect(byReason.body).toContain('rec-filter-1')
    expect(byReason.body).not.toContain('rec-filter-2')
    expect(byReason.body).toMatch(/<option value="child.update" selected>/)

    const byRecord = await agent.get('/admin/audit?recordId=rec-filter-2')
    expect(rows(byRecord.body, 'audit-event')).toHaveLength(1)
    expect(byRecord.body).toContain('Changed the district')

    const searches = await eventsOf(org.users.administrator.id, 'audit.search')
    expect(searches[0]?.organisationId).toBe(org.id)
    expect(searches[0]?.details).toMatchObject({ filters: { recordId: 'rec-filter-2' }, page: 1, results: 1 })
    expect(searches[1]?.details).toMatchObject({ filters: { reason: 'date of birth', action: 'child.update' } })
    expect(searches[2]?.details).toMatchObject({ filters: { email: 'FAMILY.support' } })
  })

  it('shows the GOV.UK error for a date that is not real, and searches by London dates', async () => {
    const agent = await adminOf(org)
    const bad = await agent.get('/admin/audit?dateFrom=2026-02-30&dateTo=31%2F03%2F2026')
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toMatch(/<title>Error: Audit trail/)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('Date from must be a real date')
    expect(bad.body).toContain('Date to must be a real date')
    expect(bad.body).toContain('href="#dateFrom"')
    expect(bad.body).toContain('value="2026-02-30"')
    expect(bad.body).not.toContain('data-qa="audit-table"')

    const backwards = await agent.get('/admin/audit?dateFrom=2026-03-02&dateTo=2026-03-01')
    expect(backwards.statusCode).toBe(422)
    expect(backwards.body).toContain('Date to must be the same as or after date from')

    await recordAuditNow(database.db, { organisationId: org.id, userId: null, action: 'test.dated', reason: 'dated-marker' })
    const today = todayInLondon()
    const fromToday = await agent.get(`/admin/audit?dateFrom=${today}&dateTo=${today}&action=test.dated`)
    expect(fromToday.statusCode).toBe(200)
    expect(fromToday.body).toContain('dated-marker')
    const untilYesterday = await agent.get(`/admin/audit?dateTo=${addDays(today, -1)}&action=test.dated`)
    expect(untilYesterday.body).not.toContain('dated-marker')
    expect(untilYesterday.body).toContain('No events match your search')
  })

  it('shows 50 events a page with GOV.UK pagination', async () => {
    for (let i = 1; i <= 55; i++) await recordAuditNow(database.db, { organisationId: org.id, userId: null, action: 'test.bulk', recordId: `bulk-${i}` })
    const agent = await adminOf(org)
    const first = await agent.get('/admin/audit?action=test.bulk')
    expect(rows(first.body, 'audit-event')).toHaveLength(50)
    expect(first.body).toContain('Showing 1 to 50 of 55 events')
    expect(first.body).toContain('>bulk-55<')
    expect(first.body).not.toContain('>bulk-5<')
    expect(first.body).toContain('href="/admin/audit?action=test.bulk&amp;page=2"')
    const second = await agent.get('/admin/audit?action=test.bulk&page=2')
    expect(rows(second.body, 'audit-event')).toHaveLength(5)
    expect(second.body).toContain('Showing 51 to 55 of 55 events')
    expect(second.body).toContain('>bulk-1<')
  })
})

describe('break-glass log', () => {
  it('lists a grant a senior practitioner took on a restricted child, and not another organisation’s', async () => {
    const { child } = await createTestChild(database, org.id, { restricted: true, localChildId: 'R1' })
    const { child: otherChild } = await createTestChild(database, other.id, { restricted: true, localChildId: 'R1' })

    const practitioner = await signedIn(org.users.senior_practitioner.email)
    await practitioner.get('/break-glass')
    const opened = await practitioner.post('/break-glass', { localChildId: 'R1', reason: 'Police called about a missing episode tonight' })
    expect(opened.statusCode).toBe(303)
    expect(opened.headers.location).toBe(`/children/${child.id}`)

    const elsewhere = await signedIn(other.users.senior_practitioner.email)
    await elsewhere.get('/break-glass')
    expect((await elsewhere.post('/break-glass', { localChildId: 'R1', reason: 'Another council’s own emergency access' })).statusCode).toBe(303)

    // An older grant that has run out.
    await database.db.insert(breakGlassGrants).values({
      organisationId: org.id,
      userId: org.users.team_manager.id,
      recordType: 'child',
      recordId: child.id,
      reason: 'Strategy meeting last month',
      at: new Date(Date.now() - 86_400_000),
      expiresAt: new Date(Date.now() - 86_400_000 + 3_600_000),
    })

    const agent = await adminOf(org)
    const page = await agent.get('/admin/break-glass')
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/<title>Break-glass use – /)
    const grants = rows(page.body, 'break-glass-grant')
    expect(grants).toHaveLength(2)
    expect(grants[0]).toContain('Police called about a missing episode tonight')
    expect(grants[0]).toContain(org.users.senior_practitioner.email)
    expect(grants[0]).toContain(`href="/children/${child.id}"`)
    expect(grants[0]).toMatch(/data-qa="grant-status"><strong class="govuk-tag govuk-tag--green">\s*Active/)
    // Newest first: the expired grant is the older one.
    expect(grants[1]).toContain('Strategy meeting last month')
    expect(grants[1]).toContain(org.users.team_manager.email)
    expect(grants[1]).toMatch(/data-qa="grant-status"><strong class="govuk-tag govuk-tag--grey">\s*Expired/)
    expect(page.body).toContain('Showing 1 to 2 of 2 grants')
    expect(page.body).not.toContain('Another council’s own emergency access')
    expect(page.body).not.toContain(otherChild.id)
    expect(await eventsOf(org.users.administrator.id, 'break-glass.list')).toHaveLength(1)
  })
})

describe('bank holidays page', () => {
  it('shows this year’s bank holidays by default and another year when chosen', async () => {
    const agent = await adminOf(org)
    const year = todayInLondon().slice(0, 4)
    const page = await agent.get('/admin/bank-holidays')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Bank holidays in ${year}`)
    const y2026 = await agent.get('/admin/bank-holidays?year=2026')
    expect(y2026.body).toContain('Friday 25 December 2026')
    expect(y2026.body).toContain('Boxing Day (substitute day)')
    expect(y2026.body).not.toContain('2025-12-25')
  })

  it('adds a bank holiday, refuses it twice, and removes it, auditing each change', async () => {
    const agent = await adminOf(org)
    await agent.get('/admin/bank-holidays?year=2030')

    const empty = await agent.post('/admin/bank-holidays', { 'date-day': '', 'date-month': '', 'date-year': '', name: '', year: '2030' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toMatch(/<title>Error: Bank holidays/)
    expect(empty.body).toContain('Enter the date')
    expect(empty.body).toContain('Enter the name of the bank holiday')
    expect(empty.body).toContain('href="#date-day"')
    const unreal = await agent.post('/admin/bank-holidays', { 'date-day': '31', 'date-month': '2', 'date-year': '2030', name: 'Imaginary day' })
    expect(unreal.statusCode).toBe(422)
    expect(unreal.body).toContain('Date must be a real date')
    expect(unreal.body).toContain('value="Imaginary day"')

    const added = await agent.post('/admin/bank-holidays', { 'date-day': '14', 'date-month': '6', 'date-year': '2030', name: 'Festival of Testing bank holiday', year: '2030' })
    expect(added.statusCode).toBe(303)
    expect(added.headers.location).toBe('/admin/bank-holidays?year=2030')
    const list = await agent.get(added.headers.location as string)
    expect(list.body).toContain('govuk-notification-banner--success')
    expect(list.body).toContain('Festival of Testing bank holiday on 14 June 2030 has been added')
    expect(rows(list.body, 'bank-holiday').find((r) => r.includes('Festival of Testing'))).toContain('Friday 14 June 2030')
    // The banner is shown once.
    expect((await agent.get('/admin/bank-holidays?year=2030')).body).not.toContain('has been added')
    const [addEvent] = await eventsOf(org.users.administrator.id, 'bank-holiday.add')
    expect(addEvent).toMatchObject({
      organisationId: org.id,
      recordType: 'bank-holiday',
      recordId: '2030-06-14',
      details: { date: '2030-06-14', name: 'Festival of Testing bank holiday' },
    })

    const twice = await agent.post('/admin/bank-holidays', { 'date-day': '14', 'date-month': '06', 'date-year': '2030', name: 'Another name' })
    expect(twice.statusCode).toBe(409)
    expect(twice.body).toContain('There is already a bank holiday on 14 June 2030')
    const christmas = await agent.post('/admin/bank-holidays', { 'date-day': '25', 'date-month': '12', 'date-year': '2026', name: 'Christmas Day' })
    expect(christmas.statusCode).toBe(409)
    expect(christmas.body).toContain('There is already a bank holiday on 25 December 2026')
    expect(await eventsOf(org.users.administrator.id, 'bank-holiday.add')).toHaveLength(1)

    // Removing needs the form's CSRF token.
    expect((await agent.post('/admin/bank-holidays/2030-06-14/remove', { _csrf: 'forged' })).statusCode).toBe(403)
    await agent.get('/admin/bank-holidays?year=2030')
    const removed = await agent.post('/admin/bank-holidays/2030-06-14/remove', {})
    expect(removed.statusCode).toBe(303)
    expect(removed.headers.location).toBe('/admin/bank-holidays?year=2030')
    const after = await agent.get('/admin/bank-holidays?year=2030')
    expect(after.body).toContain('Festival of Testing bank holiday on 14 June 2030 has been removed')
    expect(rows(after.body, 'bank-holiday').some((r) => r.includes('Festival of Testing'))).toBe(false)
    expect(await database.db.select().from(bankHolidays).where(eq(bankHolidays.date, '2030-06-14'))).toHaveLength(0)
    const [removeEvent] = await eventsOf(org.users.administrator.id, 'bank-holiday.remove')
    expect(removeEvent).toMatchObject({ organisationId: org.id, recordId: '2030-06-14', details: { name: 'Festival of Testing bank holiday' } })

    // Removing it again finds nothing to remove.
    expect((await agent.post('/admin/bank-holidays/2030-06-14/remove', {})).statusCode).toBe(404)
  })
})

describe('who may use the administrator pages', () => {
  it('refuses a team manager on every page with 403', async () => {
    const agent = await signedIn(org.users.team_manager.email)
    for (const url of ['/admin/audit', '/admin/break-glass', '/admin/bank-holidays']) {
      const res = await agent.get(url)
      expect(res.statusCode, url).toBe(403)
      expect(res.body).not.toContain('data-qa="audit-table"')
    }
    await agent.get('/')
    expect((await agent.post('/admin/bank-holidays', { 'date-day': '1', 'date-month': '7', 'date-year': '2030', name: 'Not allowed' })).statusCode).toBe(403)
    expect((await agent.post('/admin/bank-holidays/2026-12-25/remove', {})).statusCode).toBe(403)
    expect(await database.db.select().from(bankHolidays).where(eq(bankHolidays.date, '2030-07-01'))).toHaveLength(0)
    expect(await database.db.select().from(bankHolidays).where(eq(bankHolidays.date, '2026-12-25'))).toHaveLength(1)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestOrganisation, TEST_PASSWORD, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { servicePartners, services } from '../../server/platform/db/schema.js'
import { insertUser } from '../../server/platform/auth/users.js'
import { hashPassword } from '../../server/platform/auth/passwords.js'

/** The wellbeing pages, in-process: the journey a practitioner takes, the refusals, and who sees what. */
let database: Database
let app: FastifyInstance
let county: TestOrganisation
let practitioner: TestAgent

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database, { SIGN_IN_MAX_FAILURES: '1000' })
  county = await createTestOrganisation(database, 'WBPAGES')
  const [service] = await database.db.insert(services).values({ code: 'WB-PAGES', name: 'Wellbeing pages service' }).returning()
  await database.db.insert(servicePartners).values({ serviceId: service?.id as string, organisationId: county.id, fundingSharePercent: '100' })
  await insertUser(database.db, {
    organisationId: county.id,
    email: 'clinician@wbpages.example',
    name: 'Clinician',
    roles: [],
    serviceRoles: [{ role: 'wellbeing_practitioner', serviceId: service?.id as string }],
    passwordHash: await hashPassword(TEST_PASSWORD),
  })
  practitioner = new TestAgent(app)
  expect((await practitioner.signIn('clinician@wbpages.example')).statusCode).toBe(303)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: d as string, [`${name}-month`]: m as string, [`${name}-year`]: y as string }
}

describe('a referral through the pages', () => {
  let url = ''

  it('shows the queue with the navigation link', async () => {
    const res = await practitioner.get('/wellbeing')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Triage queue')
    expect(res.body).toContain('href="/wellbeing"')
    expect(res.body).toContain('data-qa="new-referral"')
  })

  it('explains what is missing on the referral form', async () => {
    await practitioner.get('/wellbeing/referrals/new')
    const res = await practitioner.post('/wellbeing/referrals/new', { givenName: 'Sam', ...date('dateOfBirth', '2011-02-30') })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('<title>Error: Refer a young person')
    expect(res.body).toContain('Enter the date of birth as a real date')
    expect(res.body).toContain('href="#dateOfBirth-day"')
    expect(res.body).toContain('Enter the young person’s last name')
    expect(res.body).toContain('value="Sam"')
  })

  it('refers a young person placed by another authority', async () => {
    await practitioner.get('/wellbeing/referrals/new')
    const res = await practitioner.post('/wellbeing/referrals/new', {
      givenName: 'Sam',
      familyName: 'Pagetest',
      ...date('dateOfBirth', '2011-02-03'),
      careStatus: 'in_care',
      responsible: 'other',
      responsibleAuthority: 'Faraway Borough Council',
      placementType: 'residential',
      ...date('referredOn', '2026-10-01'),
      referrerName: 'A Social Worker',
      reason: 'Self-harm after a placement move',
      priorities: ['placement_breakdown'],
      education: ['absence'],
      consent: 'given',
      informationSharing: 'limited',
    })
    expect(res.statusCode, res.body).toBe(303)
    url = String(res.headers.location)
    expect(url).toMatch(/^\/wellbeing\/referrals\/[0-9a-f-]{36}$/)
    const page = await practitioner.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Faraway Borough Council')
    expect(page.body).toContain('Persistent absence from school')
    expect(page.body).toContain('Placement at risk of breakdown')
    // Thu 1 Oct 2026 + 10 working days = Thu 15 Oct.
    expect(page.body).toContain('15 October 2026')
  })

  it('changes the referral’s consent, refusing a stale version', async () => {
    const form = await practitioner.get(`${url}/edit`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string
    const fields = { placementType: 'residential', reason: 'Self-harm after a placement move', consent: 'given', informationSharing: 'agreed', priorities: ['placement_breakdown'] }
    expect((await practitioner.post(`${url}/edit`, { ...fields, version })).statusCode).toBe(303)
    const stale = await practitioner.post(`${url}/edit`, { ...fields, informationSharing: 'refused', version })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed this referral')
    expect((await practitioner.get(url)).body).toContain('Agreed')
  })

  it('names the item when an SDQ answer is out of range, then scores a good one', async () => {
    const form = await practitioner.get(`${url}/sdq`)
    expect(form.statusCode).toBe(200)
    expect(form.body.match(/data-qa="sdq-item"/g)).toHaveLength(25)
    const answers = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`item${i + 1}`, '1']))
    const bad = await practitioner.post(`${url}/sdq`, { informant: 'carer', stage: 'start', ...date('completedOn', '2026-10-02'), ...answers, item3: '3' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Answer to item 3 must be 0, 1 or 2')
    expect(bad.body).toContain('href="#item3"')
    const good = await practitioner.post(`${url}/sdq`, { informant: 'carer', stage: 'start', ...date('completedOn', '2026-10-02'), ...answers })
    expect(good.statusCode).toBe(303)
    const page = await practitioner.get(url)
    expect(page.body).toContain('Cause for concern')
    expect(page.body).toContain('SDQ cause for concern')
  })

  it('says what the hierarchy recommends when an override has no reason', async () => {
    const form = await practitioner.get(`${url}/triage`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string
    const res = await practitioner.post(`${url}/triage`, {
      safety: 'yes',
      relationships: 'no',
      regulation: 'no',
      trauma: 'yes',
      decided: 'direct',
      ...date('assessedOn', '2026-10-05'),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('The needs recorded point to: Indirect work with the carers’ therapeutic parenting team')
    const ok = await practitioner.post(`${url}/triage`, { safety: 'yes', relationships: 'no', regulation: 'no', trauma: 'yes', ...date('assessedOn', '2026-10-05'), version })
    expect(ok.statusCode, ok.body).toBe(303)
    expect((await practitioner.get(url)).body).toContain('Triaged')
  })

  it('records a consultation costed at the tariff, an onward referral and the outcome', async () => {
    await practitioner.get(`${url}/sessions/new`)
    const session = await practitioner.post(`${url}/sessions/new`, { ...date('heldOn', '2026-10-12'), activity: 'session', mode: 'indirect', lead: 'consultant' })
    expect(session.statusCode, session.body).toBe(303)
    const onwardForm = await practitioner.get(`${url}/onward/new`)
    expect(onwardForm.body).toContain('Kooth')
    const kooth = /value="([0-9a-f-]{36})"[^>]*>\s*<label[^>]*>\s*Kooth/.exec(onwardForm.body)?.[1]
    expect(kooth).toBeTruthy()
    const onward = await practitioner.post(`${url}/onward/new`, {
      directoryEntryId: kooth as string,
      ...date('referredOn', '2026-10-13'),
      reason: 'Prefers to talk online in the evenings',
    })
    expect(onward.statusCode, onward.body).toBe(303)
    await practitioner.get(`${url}/outcome`)
    expect((await practitioner.post(`${url}/outcome`, { placementStability: '4', breakdownsDuring: '0', breakdownsAfter: '0' })).statusCode).toBe(303)
    const page = await practitioner.get(url)
    expect(page.body).toContain('£420.00')
    expect(page.body).toContain('Prefers to talk online in the evenings')
    expect(page.body).toContain('4 – stable')
  })

  it('closes, after which a session is refused with the reason', async () => {
    const form = await practitioner.get(`${url}/closure`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string
    const res = await practitioner.post(`${url}/closure`, { closureReason: 'onward_referral', closureSummary: 'Referred on to Kooth', ...date('closedOn', '2026-10-20'), version })
    expect(res.statusCode, res.body).toBe(303)
    const refused = await practitioner.get(`${url}/sessions/new`)
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('This referral was closed on 2026-10-20, so no session can be recorded')
    const posted = await practitioner.post(`${url}/sessions/new`, { ...date('heldOn', '2026-10-21'), activity: 'session', mode: 'direct', lead: 'nurse' })
    expect(posted.statusCode).toBe(409)
    expect(posted.body).toContain('so you cannot record a session')
  })
})

describe('directory, tariff and dashboard pages', () => {
  it('lists the default directory and tariff, and refuses an overlapping price with an explanation', async () => {
    const directory = await practitioner.get('/wellbeing/directory')
    for (const name of ['CAMHS', 'First Steps', 'Kooth', 'Mental health support teams', 'Neurodiversity hub']) expect(directory.body).toContain(name)
    const tariffs = await practitioner.get('/wellbeing/tariffs')
    expect(tariffs.body).toContain('£287.00')
    expect(tariffs.body).toContain('£1,200.00 to £2,000.00')
    const res = await practitioner.post('/wellbeing/tariffs', { activity: 'assessment', amount: '450', ...date('effectiveFrom', '2027-04-01') })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('already covers some of these dates. End that price the day before the new one starts')
  })

  it('changes the service’s settings, explaining a bad number', async () => {
    const form = await practitioner.get('/wellbeing/settings')
    expect(form.body).toContain('value="10"')
    const bad = await practitioner.post('/wellbeing/settings', { flagResponseWorkingDays: '0', triageTargetDays: '20', firstSessionTargetDays: '42', version: '0' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter at least 1 working day')
    expect((await practitioner.post('/wellbeing/settings', { flagResponseWorkingDays: '10', triageTargetDays: '28', firstSessionTargetDays: '42', version: '0' })).statusCode).toBe(
      303,
    )
    expect((await practitioner.get('/wellbeing/settings')).body).toContain('value="28"')
  })

  it('changes the SDQ bands, refusing a gap at the box at fault', async () => {
    const form = await practitioner.get('/wellbeing/settings')
    expect(form.body).toContain('name="sdq-teacher-borderline-from" type="text" inputmode="numeric" value="12"')
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const bands = (carerConcernFrom: string) => ({
      ...Object.fromEntries(
        (
          [
            ['carer', ['0', '13', '14', '16', carerConcernFrom, '40']],
            ['teacher', ['0', '11', '12', '15', '16', '40']],
            ['self', ['0', '15', '16', '19', '20', '40']],
          ] as const
        ).flatMap(([informant, ends]) =>
          ['normal-from', 'normal-to', 'borderline-from', 'borderline-to', 'concern-from', 'concern-to'].map((end, i) => [`sdq-${informant}-${end}`, ends[i] ?? '']),
        ),
      ),
    })
    const gap = await practitioner.post('/wellbeing/settings', { flagResponseWorkingDays: '10', triageTargetDays: '28', firstSessionTargetDays: '42', ...bands('18'), version })
    expect(gap.statusCode).toBe(422)
    expect(gap.body).toContain('href="#sdq-carer-concern-from"')
    expect(gap.body).toContain('The cause for concern band for carers leaves a gap after the borderline band, which ends at 16: start it at 17')
    const saved = await practitioner.post('/wellbeing/settings', { flagResponseWorkingDays: '10', triageTargetDays: '28', firstSessionTargetDays: '42', ...bands('17'), version })
    expect(saved.statusCode).toBe(303)
  })

  it('shows the dashboard to a practitioner and to the organisation’s analyst, naming no child', async () => {
    const mine = await practitioner.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31')
    expect(mine.statusCode).toBe(200)
    expect(mine.body).toContain('Faraway Borough Council')
    expect(mine.body).not.toContain('Pagetest')
    const analyst = new TestAgent(app)
    await analyst.signIn(county.users.analyst.email)
    const theirs = await analyst.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31')
    expect(theirs.statusCode).toBe(200)
    expect(theirs.body).toContain('data-qa="referrals-total">1<')
    expect(theirs.body).toContain('href="/wellbeing/dashboard"')
  })

  it('downloads every dashboard table as CSV and Excel from the dashboard’s own address', async () => {
    const page = await practitioner.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31')
    const csvLink = /href="(\/wellbeing\/dashboard\?[^"]*format=csv&amp;table=by-authority)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&') as string
    expect(csvLink).toContain('from=2026-04-01&to=2027-03-31')
    const csv = await practitioner.get(csvLink)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="wellbeing-dashboard-2026-04-01-to-2027-03-31-by-authority.csv"')
    // Its activity report: one referral, and the one consultation recorded above at £420.
    expect(csv.body).toBe(
      '\uFEFFResponsible authority,Partner,Referrals,Sessions held,Cost at tariff (£)\r\nFaraway Borough Council,No: activity report only,1,1,420\r\nTotal,,1,1,420\r\n',
    )

    const xlsx = await practitioner.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31&format=xlsx')
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Referrals by authority',
      'Waits from referral',
      'Activity by type, at tariff',
      'Cost against funding shares',
      'Flags responded to on time',
    ])
    const authority = workbook.getWorksheet('Referrals by authority')
    expect(authority?.getRow(2).values).toEqual([undefined, 'Faraway Borough Council', 'No: activity report only', 1, 1, 420])
    const partners = workbook.getWorksheet('Cost against funding shares')
    expect(partners?.getRow(1).values).toEqual([undefined, 'Partner', 'Funding share (%)', 'Share of the cost (£)', 'Cost of work with its young people (£)'])
    const waits = workbook.getWorksheet('Waits from referral')
    expect(waits?.getRow(2).getCell(1).value).toBe('Triage')
    // The target the settings test above set, stored as a number.
    expect(waits?.getRow(2).getCell(2).value).toBe(28)
  })
})

describe('a board viewer’s dashboard', () => {
  it('shows counts of 1 to 4 as fewer than 5', async () => {
    const board = new TestAgent(app)
    await board.signIn(county.users.board_viewer.email)
    const res = await board.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31')
    expect(res.statusCode).toBe(200)
    // One referral in the period: suppressed, in its row and in the total.
    expect(res.body).toContain('data-qa="referrals-total">Fewer than 5<')
    expect(res.body).not.toContain('data-qa="referrals-total">1<')
  })

  it('downloads the tables with the same counts suppressed, money shown', async () => {
    const board = new TestAgent(app)
    await board.signIn(county.users.board_viewer.email)
    const csv = await board.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31&format=csv&table=by-authority')
    expect(csv.body).toBe(
      '\uFEFFResponsible authority,Partner,Referrals,Sessions held,Cost at tariff (£)\r\nFaraway Borough Council,No: activity report only,Fewer than 5,Fewer than 5,420\r\nTotal,,Fewer than 5,Fewer than 5,420\r\n',
    )
    const xlsx = await board.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31&format=xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const activity = workbook.getWorksheet('Activity by type, at tariff')
    const total = activity?.getRow(activity.rowCount)
    expect(total?.getCell(1).value).toBe('Total')
    expect(total?.getCell(3).value).toBe('Fewer than 5')
    expect(typeof total?.getCell(4).value).toBe('number')
    const all = await board.get('/wellbeing/dashboard?from=2026-04-01&to=2027-03-31&format=csv')
    expect(all.body).toContain('Flags responded to on time')
    expect(all.body).not.toMatch(/,[1-4]\r\n/)
  })
})

describe('who sees the service’s records', () => {
  it('a practitioner of the same organisation with no role in the service sees no referrals and gets 404 for one', async () => {
    const list = await practitioner.get('/wellbeing?view=closed')
    const url = /href="(\/wellbeing\/referrals\/[0-9a-f-]{36})"/.exec(list.body)?.[1] as string
    expect(url).toBeTruthy()
    const other = new TestAgent(app)
    await other.signIn(county.users.wellbeing_practitioner.email)
    const queue = await other.get('/wellbeing')
    expect(queue.statusCode).toBe(200)
    expect(queue.body).toContain('You do not hold a role in the wellbeing service')
    expect((await other.get(url)).statusCode).toBe(404)
  })

  it('a referrer has no Wellbeing link and is refused', async () => {
    const referrer = new TestAgent(app)
    await referrer.signIn(county.users.referrer.email)
    expect((await referrer.get('/')).body).not.toContain('href="/wellbeing')
    expect((await referrer.get('/wellbeing')).statusCode).toBe(403)
  })
})

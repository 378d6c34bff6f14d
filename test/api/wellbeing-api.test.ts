import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestOrganisation, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, servicePartners, services, users } from '../../server/platform/db/schema.js'
import { insertUser, loadCurrentUser } from '../../server/platform/auth/users.js'
import { createWellbeingService } from '../../server/modules/wellbeing/index.js'
import { wellbeingSdqItems } from '../../server/modules/wellbeing/schema.js'

/**
 * The wellbeing API (issue 6): referral, SDQ submission, triage, sessions, closure; access
 * for the partners' staff who hold a role in the service, and 404 for everyone else.
 */
let database: Database
let app: FastifyInstance
let county: TestOrganisation
let icb: TestOrganisation
let outsider: TestOrganisation
let serviceId: string
const token: Record<string, string> = {}

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  county = await createTestOrganisation(database, 'WBCOUNTY')
  icb = await createTestOrganisation(database, 'WBICB')
  outsider = await createTestOrganisation(database, 'WBOTHER')
  const [service] = await database.db.insert(services).values({ code: 'WB-TEST', name: 'Wellbeing test service' }).returning()
  serviceId = service?.id as string
  await database.db.insert(servicePartners).values([
    { serviceId, organisationId: county.id, fundingSharePercent: '30' },
    { serviceId, organisationId: icb.id, fundingSharePercent: '55' },
  ])
  const serviceUser = async (org: TestOrganisation, email: string) =>
    insertUser(database.db, { organisationId: org.id, email, name: email, roles: [], serviceRoles: [{ role: 'wellbeing_practitioner', serviceId }] })
  token.county = await tokenFor(database, await serviceUser(county, 'wb.county@wbcounty.example'))
  token.icb = await tokenFor(database, await serviceUser(icb, 'wb.icb@wbicb.example'))
  // A service role in a service the user's organisation is not a partner in counts for nothing.
  const outsiderId = await insertUser(database.db, {
    organisationId: outsider.id,
    email: 'wb.other@wbother.example',
    name: 'Outsider',
    roles: ['wellbeing_practitioner'],
    serviceRoles: [{ role: 'wellbeing_practitioner', serviceId }],
  })
  token.outsiderWithRole = await tokenFor(database, outsiderId)
  // Same organisation as the record's author, wellbeing role, but no role in the service.
  token.sameOrgNoServiceRole = await tokenFor(database, county.users.wellbeing_practitioner.id)
  token.referrer = await tokenFor(database, county.users.referrer.id)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, who: string, body?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  })

const referralBody = (overrides: Record<string, unknown> = {}) => ({
  givenName: 'Robin',
  familyName: 'Testcase',
  dateOfBirth: '2012-03-04',
  careStatus: 'in_care',
  responsibleAuthority: 'Faraway Borough Council',
  placementType: 'fostering',
  referredOn: '2026-04-24',
  referrerName: 'A Social Worker',
  reason: 'Low mood and not sleeping since the last placement move',
  consent: 'given',
  informationSharing: 'agreed',
  ...overrides,
})

/** A full carer form scoring 4 + 3 + 7 + 2 = 16 (borderline); see wellbeing-sdq.test.ts. */
const borderlineForm = {
  '1': 2,
  '2': 1,
  '3': 0,
  '4': 2,
  '5': 1,
  '6': 0,
  '7': 1,
  '8': 0,
  '9': 2,
  '10': 0,
  '11': 2,
  '12': 0,
  '13': 1,
  '14': 1,
  '15': 2,
  '16': 2,
  '17': 1,
  '18': 1,
  '19': 0,
  '20': 2,
  '21': 0,
  '22': 0,
  '23': 1,
  '24': 1,
  '25': 0,
}
/** Every answer 1: every scale 5, total 20: carer concern. */
const concernForm = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [String(i + 1), 1]))

describe('a referral through the wellbeing API', () => {
  let id = ''

  it('refers, raising a school exclusion flag due 10 working days later, over the early May bank holiday', async () => {
    const res = await call('POST', '/api/v1/wellbeing/referrals', 'county', referralBody({ schoolExclusion: true, priorities: ['placement_breakdown'] }))
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    id = body.id
    expect(body.status).toBe('awaiting_triage')
    // Fri 24 April 2026 + 10 working days, Monday 4 May a bank holiday: Monday 11 May.
    expect(body.flags).toEqual([expect.objectContaining({ kind: 'school_exclusion', raisedOn: '2026-04-24', dueOn: '2026-05-11' })])
  })

  it('changes the referral’s details with the version read, and refuses a stale one', async () => {
    const changed = await call('PATCH', `/api/v1/wellbeing/referrals/${id}`, 'icb', {
      consent: 'given',
      informationSharing: 'limited',
      consentNotes: 'Not with school',
      version: 1,
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().version).toBe(2)
    const stale = await call('PATCH', `/api/v1/wellbeing/referrals/${id}`, 'county', { informationSharing: 'agreed', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().type).toBe('/problems/stale-version')
    const missing = await call('PATCH', `/api/v1/wellbeing/referrals/${id}`, 'county', { informationSharing: 'agreed' })
    expect(missing.json().errors).toEqual([{ field: '/version', message: 'Send the version you last read' }])
  })

  it('keeps an SDQ item by item and answers its scores; a cause-for-concern score raises a flag', async () => {
    const borderline = await call('POST', `/api/v1/wellbeing/referrals/${id}/sdqs`, 'county', {
      informant: 'carer',
      answers: borderlineForm,
      stage: 'start',
      completedOn: '2026-05-01',
    })
    expect(borderline.statusCode, borderline.body).toBe(201)
    expect(borderline.json().scores).toMatchObject({ totalDifficulties: 16, band: 'borderline' })
    expect(borderline.json().flag).toBeNull()
    const items = await database.db.select().from(wellbeingSdqItems).where(eq(wellbeingSdqItems.sdqId, borderline.json().id))
    expect(items).toHaveLength(25)
    expect(items.find((i) => i.item === 7)?.answer).toBe(1)

    const concern = await call('POST', `/api/v1/wellbeing/referrals/${id}/sdqs`, 'icb', { informant: 'carer', answers: concernForm, stage: 'review', completedOn: '2026-05-06' })
    expect(concern.statusCode).toBe(201)
    expect(concern.json().scores).toMatchObject({ totalDifficulties: 20, band: 'concern' })
    // Wed 6 May + 10 working days = Wed 20 May.
    expect(concern.json().flag).toMatchObject({ kind: 'sdq_concern', dueOn: '2026-05-20' })
  })

  it('refuses an SDQ answer outside 0-2 or an item outside 1-25, naming the item, and stores nothing', async () => {
    const res = await call('POST', `/api/v1/wellbeing/referrals/${id}/sdqs`, 'county', { informant: 'carer', answers: { ...borderlineForm, '3': 3, '26': 1 }, stage: 'end' })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect([...res.json().errors].sort((a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field))).toEqual([
      { field: '/answers/26', message: 'Item 26 is not an SDQ item: items are numbered 1 to 25' },
      { field: '/answers/3', message: 'Answer to item 3 must be 0, 1 or 2' },
      { field: '/completedOn', message: 'Enter the date it was completed as a real date, like 2026-11-20' },
    ])
    const view = (await call('GET', `/api/v1/wellbeing/referrals/${id}`, 'county')).json()
    expect(view.sdqs).toHaveLength(2)
  })

  it('triages: an override needs a reason; the recommendation is kept beside the decision', async () => {
    const needs = { safety: true, relationships: false, regulation: false, trauma: true }
    const refused = await call('POST', `/api/v1/wellbeing/referrals/${id}/triage`, 'county', { needs, decided: 'direct', assessedOn: '2026-05-07' })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().errors).toEqual([{ field: '/overrideReason', message: 'Give the reason for choosing different work from the recommendation' }])
    const res = await call('POST', `/api/v1/wellbeing/referrals/${id}/triage`, 'county', {
      needs,
      decided: 'both',
      overrideReason: 'The young person asks to see someone herself',
      assessedOn: '2026-05-07',
      version: 2,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'triaged', recommended: 'indirect', decided: 'both', version: 3 })
    const stale = await call('POST', `/api/v1/wellbeing/referrals/${id}/triage`, 'county', { needs, assessedOn: '2026-05-07', version: 2 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().type).toBe('/problems/stale-version')
  })

  it('records sessions costed at the default tariff', async () => {
    const nurse = await call('POST', `/api/v1/wellbeing/referrals/${id}/sessions`, 'county', { heldOn: '2026-05-14', activity: 'session', mode: 'direct', lead: 'nurse' })
    expect(nurse.statusCode, nurse.body).toBe(201)
    expect(nurse.json()).toMatchObject({ tariffActivity: 'session_nurse', cost: 287 })
    const consultation = await call('POST', `/api/v1/wellbeing/referrals/${id}/sessions`, 'icb', {
      heldOn: '2026-05-21',
      activity: 'session',
      mode: 'indirect',
      lead: 'consultant',
    })
    expect(consultation.json()).toMatchObject({ tariffActivity: 'session_consultant', cost: 420 })
    const autism = await call('POST', `/api/v1/wellbeing/referrals/${id}/sessions`, 'icb', {
      heldOn: '2026-05-28',
      activity: 'autism_assessment',
      mode: 'direct',
      lead: 'consultant',
      agreedAmount: '1650',
    })
    expect(autism.json().cost).toBe(1650)
    const tooDear = await call('POST', `/api/v1/wellbeing/referrals/${id}/sessions`, 'icb', {
      heldOn: '2026-05-28',
      activity: 'autism_assessment',
      mode: 'direct',
      lead: 'consultant',
      agreedAmount: '2500',
    })
    expect(tooDear.statusCode).toBe(422)
    expect(tooDear.json().errors).toEqual([{ field: '/agreedAmount', message: 'Enter an agreed amount between £1,200 and £2,000' }])
    const view = (await call('GET', `/api/v1/wellbeing/referrals/${id}`, 'county')).json()
    // 287 + 420 + 1650
    expect(view.totalCost).toBe(2357)
  })

  it('records the outcome, then closes; a session after closure is refused with the reason', async () => {
    const ended = await call('POST', `/api/v1/wellbeing/referrals/${id}/sdqs`, 'county', {
      informant: 'carer',
      answers: { ...borderlineForm, '16': 0 },
      stage: 'end',
      completedOn: '2026-06-01',
    })
    expect(ended.json().scores.totalDifficulties).toBe(14)
    const outcome = await call('PUT', `/api/v1/wellbeing/referrals/${id}/outcome`, 'county', { placementStability: 4, breakdownsDuring: 0, breakdownsAfter: 0 })
    expect(outcome.statusCode, outcome.body).toBe(200)
    const view = (await call('GET', `/api/v1/wellbeing/referrals/${id}`, 'county')).json()
    // Start 16 (carer, start) to end 14 (carer, end): a change of -2.
    expect(view.sdqChange).toEqual({ informant: 'carer', start: 16, end: 14, change: -2 })
    const closed = await call('POST', `/api/v1/wellbeing/referrals/${id}/closure`, 'county', {
      closureReason: 'work_completed',
      closureSummary: 'Placement settled',
      closedOn: '2026-06-02',
    })
    expect(closed.statusCode, closed.body).toBe(200)
    const refused = await call('POST', `/api/v1/wellbeing/referrals/${id}/sessions`, 'county', { heldOn: '2026-06-03', activity: 'session', mode: 'direct', lead: 'nurse' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ type: '/problems/invalid-state', detail: expect.stringContaining('closed on 2026-06-02, so you cannot record a session') })
  })

  it('audits every change and the views', async () => {
    const events = await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.recordType, 'wellbeing_referral'), eq(auditEvents.recordId, id)))
    const actions = new Set(events.map((e) => e.action))
    for (const a of ['referral.create', 'referral.update', 'sdq.record', 'triage.record', 'session.record', 'outcome.record', 'referral.close', 'referral.view'])
      expect(actions).toContain(`wellbeing.${a}`)
  })
})

describe('bad referrals', () => {
  it('names every missing field and refuses ages the service does not cover', async () => {
    const empty = await call('POST', '/api/v1/wellbeing/referrals', 'county', {})
    expect(empty.statusCode).toBe(422)
    expect(empty.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['/givenName', '/familyName', '/dateOfBirth', '/careStatus', '/placementType', '/reason', '/consent', '/informationSharing']),
    )
    const old = await call('POST', '/api/v1/wellbeing/referrals', 'county', referralBody({ dateOfBirth: '1999-01-01', careStatus: 'care_leaver' }))
    expect(old.statusCode).toBe(422)
    expect(old.json().errors).toEqual([{ field: '/dateOfBirth', message: 'The service is for young people up to 25: this young person was 27 when referred' }])
    const adultInCare = await call('POST', '/api/v1/wellbeing/referrals', 'county', referralBody({ dateOfBirth: '2006-01-01' }))
    expect(adultInCare.json().errors[0].field).toBe('/careStatus')
  })

  it('needs the responsible authority: a partner by id, or another by name', async () => {
    const none = await call('POST', '/api/v1/wellbeing/referrals', 'county', referralBody({ responsibleAuthority: undefined }))
    expect(none.statusCode).toBe(422)
    expect(none.json().errors).toEqual([{ field: '/responsibleAuthority', message: 'Enter the responsible authority' }])
    const notPartner = await call('POST', '/api/v1/wellbeing/referrals', 'county', referralBody({ responsibleAuthority: undefined, responsibleOrganisationId: outsider.id }))
    expect(notPartner.json().errors[0].field).toBe('/responsibleOrganisationId')
    const partner = await call(
      'POST',
      '/api/v1/wellbeing/referrals',
      'county',
      referralBody({ givenName: 'Partnered', responsibleAuthority: undefined, responsibleOrganisationId: icb.id, referredOn: '2026-03-31' }),
    )
    expect(partner.statusCode, partner.body).toBe(201)
    expect((await call('GET', `/api/v1/wellbeing/referrals/${partner.json().id}`, 'icb')).json().referral.responsibleAuthority).toBe('WBICB Council')
  })

  it('a practitioner with no role in the service cannot refer (403), once the body is valid', async () => {
    const res = await call('POST', '/api/v1/wellbeing/referrals', 'sameOrgNoServiceRole', referralBody())
    expect(res.statusCode).toBe(403)
  })
})

describe('access: the service’s records belong to the service', () => {
  let id = ''
  beforeAll(async () => {
    id = (await call('POST', '/api/v1/wellbeing/referrals', 'county', referralBody({ givenName: 'Access' }))).json().id
  })

  it('staff of either partner who hold a role in the service see it and work on it', async () => {
    expect((await call('GET', `/api/v1/wellbeing/referrals/${id}`, 'county')).statusCode).toBe(200)
    expect((await call('GET', `/api/v1/wellbeing/referrals/${id}`, 'icb')).statusCode).toBe(200)
    const queue = (await call('GET', '/api/v1/wellbeing/referrals', 'icb')).json().referrals
    expect(queue.map((r: { id: string }) => r.id)).toContain(id)
  })

  it('everyone else gets 404, including the record author’s own organisation without a service role', async () => {
    for (const who of ['sameOrgNoServiceRole', 'outsiderWithRole']) {
      expect((await call('GET', `/api/v1/wellbeing/referrals/${id}`, who)).statusCode, who).toBe(404)
      expect((await call('POST', `/api/v1/wellbeing/referrals/${id}/sessions`, who, { heldOn: '2026-06-01' })).statusCode, who).toBe(404)
      expect((await call('GET', '/api/v1/wellbeing/referrals', who)).json().referrals, who).toEqual([])
    }
  })

  it('roles without the permission get 403', async () => {
    expect((await call('GET', `/api/v1/wellbeing/referrals/${id}`, 'referrer')).statusCode).toBe(403)
  })
})

describe('the triage queue', () => {
  it('puts priorities first, then the longest wait', async () => {
    const made: Record<string, string> = {}
    for (const [name, referredOn, priorities] of [
      ['Queue none old', '2026-01-05', []],
      ['Queue stepdown', '2026-03-01', ['tier4_step_down']],
      ['Queue breakdown', '2026-03-10', ['placement_breakdown']],
      ['Queue tier4', '2026-02-01', ['tier4_admission']],
      ['Queue none new', '2026-03-20', []],
    ] as const) {
      made[name] = (await call('POST', '/api/v1/wellbeing/referrals', 'icb', referralBody({ givenName: name, referredOn, priorities }))).json().id
    }
    const queue: { givenName: string }[] = (await call('GET', '/api/v1/wellbeing/referrals?view=queue', 'county')).json().referrals
    const ours = queue.map((r) => r.givenName).filter((n) => n.startsWith('Queue'))
    expect(ours).toEqual(['Queue breakdown', 'Queue tier4', 'Queue stepdown', 'Queue none old', 'Queue none new'])
  })
})

describe('tariffs', () => {
  it('refuses a price that overlaps another, explaining which, and takes it once the old one ends', async () => {
    const overlapping = await call('POST', '/api/v1/wellbeing/tariffs', 'county', { activity: 'session_nurse', amount: '300', effectiveFrom: '2027-04-01' })
    expect(overlapping.statusCode).toBe(409)
    expect(overlapping.json()).toMatchObject({
      type: '/problems/invalid-state',
      detail: expect.stringContaining('The price of £287 from 2020-04-01 with no end date already covers some of these dates'),
    })
    const tariffs: { id: string; activity: string; version: number }[] = (await call('GET', '/api/v1/wellbeing/tariffs', 'county')).json().tariffs
    expect(tariffs.map((t) => t.activity).sort()).toEqual(['assessment', 'autism_assessment', 'group_therapy', 'review_attendance', 'session_consultant', 'session_nurse'])
    const [row] = await database.db.select().from(users).where(eq(users.email, 'wb.county@wbcounty.example'))
    const user = await loadCurrentUser(database.db, row?.id as string)
    const nurse = tariffs.find((t) => t.activity === 'session_nurse')
    await createWellbeingService(database.db).endTariff({ user: user as NonNullable<typeof user>, correlationId: 't' }, nurse?.id as string, {
      effectiveTo: '2027-03-31',
      version: nurse?.version,
    })
    const added = await call('POST', '/api/v1/wellbeing/tariffs', 'county', { activity: 'session_nurse', amount: '300', effectiveFrom: '2027-04-01' })
    expect(added.statusCode, added.body).toBe(201)
  })
})

describe('service settings', () => {
  it('a service that sets 5 working days gets flags due 5 working days later; a stale change is refused', async () => {
    const before = (await call('GET', '/api/v1/wellbeing/settings', 'county')).json()
    expect(before).toMatchObject({ flagResponseWorkingDays: 10, triageTargetDays: 20, firstSessionTargetDays: 42, version: 0 })
    const set = await call('PUT', '/api/v1/wellbeing/settings', 'county', { flagResponseWorkingDays: 5, triageTargetDays: 15, firstSessionTargetDays: 30, version: 0 })
    expect(set.statusCode, set.body).toBe(200)
    const stale = await call('PUT', '/api/v1/wellbeing/settings', 'icb', { flagResponseWorkingDays: 7, triageTargetDays: 15, firstSessionTargetDays: 30, version: 0 })
    expect(stale.statusCode).toBe(409)
    // Thu 30 April 2026 + 5 working days: 1, 5, 6, 7, 8 May (Monday 4 May a bank holiday).
    const res = await call('POST', '/api/v1/wellbeing/referrals', 'icb', referralBody({ givenName: 'Settings', referredOn: '2026-04-30', persistentAbsence: true }))
    expect(res.json().flags).toEqual([expect.objectContaining({ kind: 'persistent_absence', dueOn: '2026-05-08' })])
    const back = await call('PUT', '/api/v1/wellbeing/settings', 'county', { flagResponseWorkingDays: 10, triageTargetDays: 20, firstSessionTargetDays: 42, version: 1 })
    expect(back.statusCode).toBe(200)
  })

  it('a service’s own SDQ bands decide the band kept and the flag, at their edges; sdq/score keeps the defaults', async () => {
    const before = (await call('GET', '/api/v1/wellbeing/settings', 'county')).json()
    expect(before.sdqBands.carer).toEqual({ normal: { from: 0, to: 13 }, borderline: { from: 14, to: 16 }, concern: { from: 17, to: 40 } })
    const sdqBands = { ...before.sdqBands, carer: { normal: { from: 0, to: 15 }, borderline: { from: 16, to: 19 }, concern: { from: 20, to: 40 } } }
    const base = { flagResponseWorkingDays: 10, triageTargetDays: 20, firstSessionTargetDays: 42 }
    const overlapping = await call('PUT', '/api/v1/wellbeing/settings', 'county', {
      ...base,
      sdqBands: { ...sdqBands, teacher: { normal: { from: 0, to: 12 }, borderline: { from: 12, to: 15 }, concern: { from: 17, to: 40 } } },
      version: before.version,
    })
    expect(overlapping.statusCode).toBe(422)
    expect(overlapping.json().errors).toEqual([
      { field: '/sdqBands/teacher/borderline/from', message: 'The borderline band for teachers overlaps the normal band, which ends at 12: start it at 13' },
      { field: '/sdqBands/teacher/concern/from', message: 'The cause for concern band for teachers leaves a gap after the borderline band, which ends at 15: start it at 16' },
    ])
    const set = await call('PUT', '/api/v1/wellbeing/settings', 'county', { ...base, sdqBands, version: before.version })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json().sdqBands.carer.borderline).toEqual({ from: 16, to: 19 })
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'wellbeing.settings.update'))
    expect(audit.at(-1)?.details).toMatchObject({ after: { sdqBands: { carer: { concern: { from: 20, to: 40 } } } } })

    // Every answer 1 scores 20; answering an emotional item 0 instead takes one off the total.
    const withTotal = (total: number) => ({ ...concernForm, ...Object.fromEntries([3, 8, 13, 16, 24].slice(0, 20 - total).map((item) => [String(item), 0])) })
    // Referred before the dashboard test's period, so its figures are unchanged.
    const referral = (await call('POST', '/api/v1/wellbeing/referrals', 'county', referralBody({ givenName: 'Bands', referredOn: '2026-03-20' }))).json()
    const sdq = async (total: number) =>
      (
        await call('POST', `/api/v1/wellbeing/referrals/${referral.id}/sdqs`, 'county', {
          informant: 'carer',
          answers: withTotal(total),
          stage: 'review',
          completedOn: '2026-03-25',
        })
      ).json()
    expect(await sdq(15)).toMatchObject({ scores: { totalDifficulties: 15, band: 'normal' }, flag: null })
    expect(await sdq(16)).toMatchObject({ scores: { totalDifficulties: 16, band: 'borderline' }, flag: null })
    expect(await sdq(19)).toMatchObject({ scores: { totalDifficulties: 19, band: 'borderline' }, flag: null })
    expect(await sdq(20)).toMatchObject({ scores: { totalDifficulties: 20, band: 'concern' }, flag: { kind: 'sdq_concern' } })
    // With no service to ask, the scorer keeps the scoring sheet's bands: 17 is a carer's cause for concern.
    const scored = await call('POST', '/api/v1/wellbeing/sdq/score', 'county', { informant: 'carer', answers: withTotal(17) })
    expect(scored.json()).toMatchObject({ totalDifficulties: 17, band: 'concern' })

    const back = await call('PUT', '/api/v1/wellbeing/settings', 'county', { ...base, sdqBands: before.sdqBands, version: set.json().version })
    expect(back.statusCode).toBe(200)
  })
})

describe('the dashboard API', () => {
  it('answers aggregate figures for a partner organisation’s analyst, with no names', async () => {
    const analyst = await tokenFor(database, icb.users.analyst.id)
    const res = await app.inject({ method: 'GET', url: '/api/v1/wellbeing/dashboard?from=2026-04-01&to=2027-03-31', headers: { authorization: `Bearer ${analyst}` } })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    // The three sessions recorded above, all for the Faraway referral: £287 + £420 + £1,650 = £2,357.
    expect(body.referralsByAuthority).toEqual([{ authority: 'Faraway Borough Council', partner: false, referrals: 3, sessions: 3, cost: 2357 }])
    expect(body.partners.map((p: { name: string; sharePercent: number }) => [p.name, p.sharePercent])).toEqual([
      ['WBICB Council', 55],
      ['WBCOUNTY Council', 30],
    ])
    expect(JSON.stringify(body)).not.toContain('Robin')
  })

  it('is 404 for an organisation in no service', async () => {
    const analyst = await tokenFor(database, outsider.users.analyst.id)
    expect((await app.inject({ method: 'GET', url: '/api/v1/wellbeing/dashboard', headers: { authorization: `Bearer ${analyst}` } })).statusCode).toBe(404)
  })
})

describe('the OpenAPI document', () => {
  it('describes the wellbeing calls', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    for (const path of [
      '/api/v1/wellbeing/referrals',
      '/api/v1/wellbeing/referrals/{id}/sdqs',
      '/api/v1/wellbeing/referrals/{id}/triage',
      '/api/v1/wellbeing/referrals/{id}/sessions',
    ]) {
      expect(doc.paths[path], path).toBeDefined()
    }
  })
})

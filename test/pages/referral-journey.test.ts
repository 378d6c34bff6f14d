import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, inArray } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import {
  auditEvents,
  cases,
  children,
  networkMembers,
  referralChildren,
  referralDrafts,
  referrals,
  relationships,
  sessions,
  teamDistricts,
} from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import { todayInLondon } from '../../server/platform/time/index.js'
import { createCaseworkService } from '../../server/modules/casework/index.js'

/** The referral journey as a referrer plays it: pages in-process, on the real database. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
let other: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'REFJ')
  other = await createTestOrganisation(database, 'REFJOTHER')
  await database.db.insert(teamDistricts).values({ organisationId: org.id, district: 'Riverside', teamId: org.teamId })
})
afterAll(async () => {
  await app.close()
  await database.close()
})

/** A date of birth that makes a child exactly `years` old today. */
function bornYearsAgo(years: number): string {
  const [y, m, d] = todayInLondon().split('-')
  return `${Number(y) - years}-${m}-${d === '29' && m === '02' ? '28' : d}`
}

async function youngPerson(givenName: string, familyName: string, years = 13, overrides: Parameters<typeof createTestChild>[2] = {}) {
  return createTestChild(database, org.id, { givenName, familyName, dateOfBirth: bornYearsAgo(years), district: 'Riverside', ...overrides })
}

async function signedIn(email: string) {
  const agent = new TestAgent(app)
  await agent.signIn(email)
  return agent
}

/** Starts a draft from the referrals page; answers its URL. */
async function startDraft(agent: TestAgent): Promise<string> {
  const list = await agent.get('/referrals')
  expect(list.statusCode).toBe(200)
  expect(list.body).toContain('data-qa="start-referral"')
  const started = await agent.post('/referrals/drafts', {})
  expect(started.statusCode).toBe(303)
  const location = String(started.headers.location)
  expect(location).toMatch(/^\/referrals\/drafts\/[0-9a-f-]{36}\/young-people$/)
  return location.replace(/\/young-people$/, '')
}

async function addChild(agent: TestAgent, draft: string, search: string, childId: string) {
  const found = await agent.get(`${draft}/young-people?q=${encodeURIComponent(search)}`)
  expect(found.body).toContain(`data-qa="add-${childId}"`)
  const added = await agent.post(`${draft}/young-people`, { action: 'add', childId, q: search })
  expect(added.statusCode).toBe(303)
  return added
}

/** Posts an answer and expects to be sent on to `next` (a page of the draft). */
async function answer(agent: TestAgent, draft: string, page: string, form: Record<string, string | string[]>, next: string) {
  await agent.get(`${draft}/${page}`)
  const res = await agent.post(`${draft}/${page}`, form)
  expect(res.statusCode, res.body).toBe(303)
  expect(res.headers.location).toBe(`${draft}/${next}`)
  return res
}

/** "No" on the family's other children and on its network: on to the strand. */
async function noOneElse(agent: TestAgent, draft: string) {
  await answer(agent, draft, 'siblings', { addAnother: 'no' }, 'network')
  await answer(agent, draft, 'network', { addAnother: 'no' }, 'strand')
}

async function answerToConsent(agent: TestAgent, draft: string, strand = 'risk_of_care') {
  await answer(agent, draft, 'young-people', { action: 'continue' }, 'siblings')
  await noOneElse(agent, draft)
  await answer(agent, draft, 'strand', { strand }, 'referring-team')
  await answer(agent, draft, 'referring-team', { referrerTeam: 'child_in_need' }, 'reason')
  await answer(agent, draft, 'reason', { reason: 'Escalating conflict at home; police called twice this month', presentingNeeds: ['exploitation', 'missing'] }, 'risk-summary')
  await answer(agent, draft, 'risk-summary', { riskSummary: 'Missing overnight three times since March' }, 'placement')
}

async function submit(agent: TestAgent, draft: string) {
  const check = await agent.get(`${draft}/check-answers`)
  expect(check.statusCode).toBe(200)
  const version = /name="version" value="(\d+)"/.exec(check.body)?.[1]
  expect(version).toBeTruthy()
  const res = await agent.post(`${draft}/check-answers`, { version: version as string })
  expect(res.statusCode, res.body).toBe(303)
  expect(res.headers.location).toBe(`${draft}/confirmation`)
  return agent.get(`${draft}/confirmation`)
}

const draftIdOf = (draft: string) => draft.split('/').pop() as string

async function submittedReferral(draft: string) {
  const [row] = await database.db
    .select()
    .from(referralDrafts)
    .where(eq(referralDrafts.id, draftIdOf(draft)))
  expect(row?.submittedReferralId).toBeTruthy()
  const [referral] = await database.db
    .select()
    .from(referrals)
    .where(eq(referrals.id, row?.submittedReferralId as string))
  if (!referral) throw new Error('no referral')
  return referral
}

describe('the referral journey', () => {
  it('takes a referrer from a new draft to a referral awaiting the panel, with check your answers and screening', async () => {
    const { child } = await youngPerson('Ottoline', 'Brackenbury')
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)

    const firstPage = await agent.get(`${draft}/young-people`)
    expect(firstPage.body).toContain('href="/referrals"')
    expect(firstPage.body).toContain('href="/children/new"')
    await addChild(agent, draft, 'Brackenbury', child.id)
    const withChild = await agent.get(`${draft}/young-people`)
    expect(withChild.body).toContain('data-qa="added-young-people"')
    expect(withChild.body).toContain('Ottoline Brackenbury')

    await answerToConsent(agent, draft)
    const placement = await agent.get(`${draft}/placement`)
    expect(placement.body).toContain('What kind of placement is the young person at risk of?')
    expect(placement.body).toContain('Children’s home')
    expect(placement.body).not.toContain('name="currentPlacementType"')
    await answer(agent, draft, 'placement', { atRiskPlacementType: 'residential' }, 'consent')
    const consent = await agent.get(`${draft}/consent`)
    expect(consent.body).toContain('A crisis referral can start before consent is complete')
    expect(consent.body).toContain(`href="${draft}/placement"`)
    // A 13-year-old: no age question, straight to check your answers.
    await answer(agent, draft, 'consent', { consent: 'given' }, 'check-answers')

    const check = await agent.get(`${draft}/check-answers`)
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('Check your answers before submitting the referral')
    for (const text of ['Ottoline Brackenbury', 'Risk of care', 'Child in need', 'Escalating conflict at home', 'Going missing', 'Children’s home', 'Given'])
      expect(check.body).toContain(text)
    expect(check.body).toContain(`href="${draft}/strand?change=yes"`)
    expect(check.body).toContain('data-qa="screening-age"')
    expect(check.body).toContain('Lives in a district a team covers')
    expect(check.body).not.toContain('Reason for a young person younger than')

    const confirmation = await submit(agent, draft)
    expect(confirmation.body).toContain('Referral submitted')
    expect(confirmation.body).toContain('resource allocation panel')
    expect(confirmation.body).not.toContain('data-qa="re-referral"')

    const referral = await submittedReferral(draft)
    expect(referral).toMatchObject({
      status: 'awaiting_panel',
      strand: 'risk_of_care',
      referrerId: org.users.referrer.id,
      referrerTeam: 'child_in_need',
      reason: 'Escalating conflict at home; police called twice this month',
      presentingNeeds: ['exploitation', 'missing'],
      riskSummary: 'Missing overnight three times since March',
      atRiskPlacementType: 'residential',
      currentPlacementType: null,
      consent: 'given',
      ageExceptionReason: null,
      reReferral: false,
    })
    expect(referral.screening?.eligible).toBe(true)
    const referred = await database.db.select().from(referralChildren).where(eq(referralChildren.referralId, referral.id))
    expect(referred.map((r) => r.childId)).toEqual([child.id])

    const audited = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, draftIdOf(draft)), eq(auditEvents.userId, org.users.referrer.id)))
    expect(audited.map((e) => e.action)).toEqual(expect.arrayContaining(['referral-draft.create', 'referral-draft.update', 'referral-draft.submit']))
    // The audit trail names the answers saved, never what they say.
    expect(JSON.stringify(audited.map((e) => e.details))).not.toContain('Escalating')

    // A submitted draft cannot be changed: its pages lead to the confirmation, and a post changes nothing.
    expect((await agent.get(`${draft}/strand`)).headers.location).toBe(`${draft}/confirmation`)
    const late = await agent.post(`${draft}/strand`, { strand: 'crisis' })
    expect(late.statusCode).toBe(303)
    expect(late.headers.location).toBe(`${draft}/confirmation`)
    expect((await submittedReferral(draft)).strand).toBe('risk_of_care')
    expect((await agent.get('/referrals')).body).not.toContain(`data-qa="draft-${draftIdOf(draft)}"`)
  })

  it('changes an answer from check your answers, asking what the change makes necessary', async () => {
    const { child } = await youngPerson('Peregrine', 'Ashdown')
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Ashdown', child.id)
    await answerToConsent(agent, draft)
    await answer(agent, draft, 'placement', { atRiskPlacementType: 'fostering' }, 'consent')
    await answer(agent, draft, 'consent', { consent: 'not_yet' }, 'check-answers')

    // Changing the referring team goes straight back to check your answers.
    const team = await agent.get(`${draft}/referring-team?change=yes`)
    expect(team.body).toContain('name="change" value="yes"')
    expect(team.body).toContain(`href="${draft}/check-answers"`)
    await answer(agent, draft, 'referring-team', { referrerTeam: 'child_protection', change: 'yes' }, 'check-answers')

    // Placement stability also needs the current placement: that page comes first.
    await answer(agent, draft, 'strand', { strand: 'placement_stability', change: 'yes' }, 'placement')
    const placement = await agent.get(`${draft}/placement?change=yes`)
    expect(placement.body).toContain('name="currentPlacementType"')
    expect(placement.body).toContain('name="atRiskPlacementType"')
    await answer(agent, draft, 'placement', { currentPlacementType: 'fostering', atRiskPlacementType: 'residential', change: 'yes' }, 'check-answers')

    await submit(agent, draft)
    expect(await submittedReferral(draft)).toMatchObject({
      strand: 'placement_stability',
      referrerTeam: 'child_protection',
      currentPlacementType: 'fostering',
      atRiskPlacementType: 'residential',
      consent: 'not_yet',
    })
  })

  it('shows GOV.UK errors on a question, keeps what was typed, and saves it to the draft', async () => {
    const { child } = await youngPerson('Clementine', 'Hartwell')
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)

    const empty = await agent.post(`${draft}/young-people`, { action: 'continue' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toMatch(/<title>Error: /)
    expect(empty.body).toContain('Add the young person you are referring')

    await addChild(agent, draft, 'Hartwell', child.id)
    await answer(agent, draft, 'young-people', { action: 'continue' }, 'siblings')
    await noOneElse(agent, draft)
    const noStrand = await agent.post(`${draft}/strand`, {})
    expect(noStrand.statusCode).toBe(422)
    expect(noStrand.body).toContain('Select which part of the service the referral is for')
    expect(noStrand.body).toContain('href="#strand"')
    expect(noStrand.body).toContain('govuk-error-message')

    await answer(agent, draft, 'strand', { strand: 'crisis' }, 'referring-team')
    await answer(agent, draft, 'referring-team', { referrerTeam: 'front_door' }, 'reason')
    const bad = await agent.post(`${draft}/reason`, { reason: 'Mother asked for help after a fight at home' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toMatch(/<title>Error: /)
    expect(bad.body).toContain('data-qa="error-summary"')
    expect(bad.body).toContain('Select the needs the family presents with')
    expect(bad.body).toContain('href="#presentingNeeds"')
    expect(bad.body).toContain('Mother asked for help after a fight at home')
    const [saved] = await database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.id, draftIdOf(draft)))
    expect(saved?.data).toMatchObject({ reason: 'Mother asked for help after a fight at home' })
    // Coming back later shows what was typed.
    expect((await agent.get(`${draft}/reason`)).body).toContain('Mother asked for help after a fight at home')

    const tooLong = await agent.post(`${draft}/reason`, { reason: 'x'.repeat(5001), presentingNeeds: 'domestic_abuse' })
    expect(tooLong.statusCode).toBe(422)
    expect(tooLong.body).toContain('The reason must be 5,000 characters or fewer')
    expect(tooLong.body).toContain('value="domestic_abuse" checked')
  })

  it('refers young people from one family only, saying why', async () => {
    const { child, family } = await youngPerson('Isadora', 'Penhaligon')
    const { child: sibling } = await youngPerson('Jago', 'Penhaligon', 11, { familyId: family.id })
    const { child: stranger } = await youngPerson('Kestrel', 'Penhaligon-Vane')
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Penhaligon', child.id)
    await agent.post(`${draft}/young-people`, { action: 'add', childId: sibling.id, q: 'Penhaligon' })
    const refused = await agent.post(`${draft}/young-people`, { action: 'add', childId: stranger.id, q: 'Penhaligon' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Refer young people from one family at a time')
    expect(refused.body).toContain('value="Penhaligon"')
    const page = await agent.get(`${draft}/young-people`)
    expect(page.body).toContain('Jago Penhaligon')
    expect(page.body).not.toContain(`data-qa="remove-${stranger.id}"`)

    const removed = await agent.post(`${draft}/young-people`, { action: 'remove', childId: sibling.id })
    expect(removed.statusCode).toBe(303)
    expect((await agent.get(`${draft}/young-people`)).body).not.toContain(`data-qa="remove-${sibling.id}"`)
    // No match: the page offers the add-a-child form, which checks for duplicates.
    const none = await agent.get(`${draft}/young-people?q=Nobodyhasthisname`)
    expect(none.body).toContain('data-qa="no-matches"')
    expect(none.body).toContain('href="/children/new"')
  })

  it('finds a child by date of birth as people type it', async () => {
    const { child } = await youngPerson('Wystan', 'Calloway', 12, { dateOfBirth: '2012-07-09' })
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    expect((await agent.get(`${draft}/young-people?q=9%2F7%2F2012`)).body).toContain(`data-qa="add-${child.id}"`)
  })

  it('asks why only when a referred child is younger than 10 today', async () => {
    const { child, family } = await youngPerson('Bramble', 'Fairweather', 8)
    const { child: older } = await youngPerson('Rowan', 'Fairweather', 14, { familyId: family.id })
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Fairweather', child.id)
    await agent.post(`${draft}/young-people`, { action: 'add', childId: older.id })
    await answerToConsent(agent, draft, 'crisis')
    await answer(agent, draft, 'placement', { atRiskPlacementType: 'fostering' }, 'consent')
    await answer(agent, draft, 'consent', { consent: 'not_yet' }, 'age-reason')

    const page = await agent.get(`${draft}/age-reason`)
    expect(page.body).toContain('Bramble Fairweather is younger than 10')
    expect(page.body).not.toContain('Rowan Fairweather is younger')
    const empty = await agent.post(`${draft}/age-reason`, { ageExceptionReason: '  ' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter why the service should work with a young person younger than 10')
    await answer(agent, draft, 'age-reason', { ageExceptionReason: 'Sibling of Rowan; the work is with the whole family' }, 'check-answers')
    const check = await agent.get(`${draft}/check-answers`)
    expect(check.body).toContain('Reason for a young person younger than 10')
    expect(check.body).toContain('reason given: Sibling of Rowan')

    // Without the younger child the question is skipped and its answer left out.
    await agent.post(`${draft}/young-people`, { action: 'remove', childId: child.id, change: 'yes' })
    expect((await agent.get(`${draft}/age-reason`)).headers.location).toBe(`${draft}/check-answers`)
    expect((await agent.get(`${draft}/check-answers`)).body).not.toContain('Reason for a young person younger than 10')
    await submit(agent, draft)
    expect(await submittedReferral(draft)).toMatchObject({ strand: 'crisis', ageExceptionReason: null })
  })

  it('keeps an answer posted after the session expired and finishes the referral after signing in again', async () => {
    const { child } = await youngPerson('Tobias', 'Mallowmere')
    const agent = await signedIn(org.users.team_manager.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Mallowmere', child.id)
    await answer(agent, draft, 'young-people', { action: 'continue' }, 'siblings')
    await noOneElse(agent, draft)
    await answer(agent, draft, 'strand', { strand: 'reunification' }, 'referring-team')
    await answer(agent, draft, 'referring-team', { referrerTeam: 'children_in_care' }, 'reason')
    await agent.get(`${draft}/reason`)

    // The session goes idle past the timeout while the user types the reason.
    await database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(sessions.userId, org.users.team_manager.id))
    const posted = await agent.post(`${draft}/reason`, { reason: 'Plan to return home to mother by the summer', presentingNeeds: ['parental_mental_health', 'send'] })
    expect(posted.statusCode).toBe(303)
    expect(posted.headers.location).toContain('/sign-in?reason=form-saved')

    const signIn = await agent.signIn(org.users.team_manager.email)
    expect(signIn.headers.location).toBe('/saved-forms')
    const list = await agent.get('/saved-forms')
    const link = new RegExp(`href="(${draft}/reason\\?restore=[^"]+)"`).exec(list.body)?.[1]
    expect(link).toBeTruthy()
    const restored = await agent.get(link as string)
    expect(restored.statusCode).toBe(200)
    expect(restored.body).toContain('data-qa="restored-form"')
    expect(restored.body).toContain('Plan to return home to mother by the summer')
    expect(restored.body).toContain('value="send" checked')

    await answer(agent, draft, 'reason', { reason: 'Plan to return home to mother by the summer', presentingNeeds: ['parental_mental_health', 'send'] }, 'risk-summary')
    await answer(agent, draft, 'risk-summary', { riskSummary: 'Two previous returns broke down' }, 'placement')
    const placement = await agent.get(`${draft}/placement`)
    expect(placement.body).toContain('What kind of placement is the young person in now?')
    expect(placement.body).not.toContain('name="atRiskPlacementType"')
    await answer(agent, draft, 'placement', { currentPlacementType: 'fostering' }, 'consent')
    await answer(agent, draft, 'consent', { consent: 'given' }, 'check-answers')
    await submit(agent, draft)
    expect(await submittedReferral(draft)).toMatchObject({
      status: 'awaiting_panel',
      strand: 'reunification',
      referrerId: org.users.team_manager.id,
      reason: 'Plan to return home to mother by the summer',
      presentingNeeds: ['parental_mental_health', 'send'],
      currentPlacementType: 'fostering',
      atRiskPlacementType: null,
    })
  })

  it('keeps a draft to its author: anyone else gets not found', async () => {
    const { child } = await youngPerson('Marigold', 'Quenby')
    const author = await signedIn(org.users.referrer.email)
    const draft = await startDraft(author)
    await addChild(author, draft, 'Quenby', child.id)

    for (const email of [org.users.team_manager.email, other.users.referrer.email]) {
      const intruder = await signedIn(email)
      for (const page of ['', '/young-people', '/strand', '/check-answers', '/confirmation']) {
        expect((await intruder.get(`${draft}${page}`)).statusCode, page).toBe(404)
      }
      await intruder.get('/referrals')
      expect((await intruder.post(`${draft}/strand`, { strand: 'crisis' })).statusCode).toBe(404)
      expect((await intruder.get('/referrals')).body).not.toContain(draftIdOf(draft))
    }
    expect((await author.get('/referrals/drafts/not-a-uuid/strand')).statusCode).toBe(404)
    const [row] = await database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.id, draftIdOf(draft)))
    expect(row?.data).not.toHaveProperty('strand')
    // Roles that do not refer never see the journey.
    const chair = await signedIn(org.users.panel_chair.email)
    expect((await chair.get('/referrals')).statusCode).toBe(403)
  })

  it('shows the referrer the panel’s decision on their referrals page, and a re-referral on the confirmation', async () => {
    const { child, family } = await youngPerson('Aurelio', 'Thistlewood')
    const agent = await signedIn(org.users.referrer.email)
    const first = await startDraft(agent)
    await addChild(agent, first, 'Thistlewood', child.id)
    await answerToConsent(agent, first)
    await answer(agent, first, 'placement', { atRiskPlacementType: 'secure' }, 'consent')
    await answer(agent, first, 'consent', { consent: 'refused' }, 'check-answers')
    await submit(agent, first)
    const referral = await submittedReferral(first)

    const before = await agent.get('/referrals')
    expect(before.body).toContain(`data-qa="referral-${referral.id}"`)
    expect(before.body).toContain('Waiting for the panel')
    expect(before.body).toContain('Not decided yet')

    const chair = await loadCurrentUser(database.db, org.users.panel_chair.id)
    if (!chair) throw new Error('no chair')
    await createCaseworkService(database.db).decide({ user: chair, correlationId: 'test-decision' }, referral.id, {
      decision: 'declined',
      rationale: 'Consent refused; risk is managed under the child protection plan',
      signposting: 'Family group conference service',
    })
    const after = await agent.get('/referrals')
    const row = after.body.slice(after.body.indexOf(`data-qa="referral-${referral.id}"`))
    expect(row).toContain('Declined')
    expect(row).toContain('Consent refused; risk is managed under the child protection plan')
    expect(row).toContain('Signposting: Family group conference service')

    // The family's case closed within the year: the next referral is a re-referral.
    await database.db.insert(cases).values({ organisationId: org.id, familyId: family.id, status: 'closed', closedAt: new Date(Date.now() - 30 * 86_400_000) })
    const again = await startDraft(agent)
    await addChild(agent, again, 'Thistlewood', child.id)
    await answerToConsent(agent, again)
    await answer(agent, again, 'placement', { atRiskPlacementType: 'secure' }, 'consent')
    await answer(agent, again, 'consent', { consent: 'given' }, 'check-answers')
    const confirmation = await submit(agent, again)
    expect(confirmation.body).toContain('data-qa="re-referral"')
    expect((await submittedReferral(again)).reReferral).toBe(true)
  })

  it('refuses a submission of answers changed since they were checked, and a second click submits nothing', async () => {
    const { child } = await youngPerson('Hesper', 'Goldthwaite')
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Goldthwaite', child.id)
    await answerToConsent(agent, draft)
    await answer(agent, draft, 'placement', { atRiskPlacementType: 'residential' }, 'consent')
    await answer(agent, draft, 'consent', { consent: 'given' }, 'check-answers')
    const check = await agent.get(`${draft}/check-answers`)
    const version = /name="version" value="(\d+)"/.exec(check.body)?.[1] as string
    // Another tab changes an answer after this page was opened.
    await agent.post(`${draft}/consent`, { consent: 'not_yet' })
    const stale = await agent.post(`${draft}/check-answers`, { version })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Your answers changed after you opened this page')
    expect(stale.body).toContain('Not yet given')
    const fresh = /name="version" value="(\d+)"/.exec(stale.body)?.[1] as string
    expect((await agent.post(`${draft}/check-answers`, { version: fresh })).headers.location).toBe(`${draft}/confirmation`)
    const twice = await agent.post(`${draft}/check-answers`, { version: fresh })
    expect(twice.headers.location).toBe(`${draft}/confirmation`)
    const [row] = await database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.id, draftIdOf(draft)))
    const made = await database.db.select().from(referralChildren).where(eq(referralChildren.childId, child.id))
    expect(made.map((m) => m.referralId)).toEqual([row?.submittedReferralId])
  })
})

describe('the family’s other children and network', () => {
  it('adds, changes and removes other children and network members without JavaScript, shows them on check your answers, and explains errors', async () => {
    const { child } = await youngPerson('Wilhelmina', 'Fairweather')
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Fairweather', child.id)
    await answer(agent, draft, 'young-people', { action: 'continue' }, 'siblings')

    const first = await agent.get(`${draft}/siblings`)
    expect(first.body).toContain('Does the family have other children who are not being referred?')
    expect(first.body).toContain(`href="${draft}/young-people"`)
    const unanswered = await agent.post(`${draft}/siblings`, {})
    expect(unanswered.statusCode).toBe(422)
    expect(unanswered.body).toContain('Select yes if the family has other children who are not being referred')
    await answer(agent, draft, 'siblings', { addAnother: 'yes' }, 'siblings/add')

    // Errors: each field says what to do; what was typed stays in the form.
    await agent.get(`${draft}/siblings/add`)
    const bad = await agent.post(`${draft}/siblings/add`, { givenName: 'Rufus', familyName: '', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2015' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter the child’s last name')
    expect(bad.body).toContain('The child’s date of birth must be a real date')
    expect(bad.body).toContain('href="#dateOfBirth-day"')
    expect(bad.body).toContain('Select yes if the child lives in the household')
    expect(bad.body).toContain('value="Rufus"')

    const sibling = { givenName: 'Rufus', familyName: 'Fairweather', 'dateOfBirth-day': '3', 'dateOfBirth-month': '9', 'dateOfBirth-year': '2015', livesInHousehold: 'yes' }
    await answer(agent, draft, 'siblings/add', sibling, 'siblings')
    await answer(agent, draft, 'siblings', { addAnother: 'yes' }, 'siblings/add')
    await answer(agent, draft, 'siblings/add', { ...sibling, givenName: 'Tamsin', 'dateOfBirth-year': '2009', livesInHousehold: 'no' }, 'siblings')
    const list = await agent.get(`${draft}/siblings`)
    expect(list.body).toContain('You have added 2 other children')
    expect(list.body).toContain('Rufus Fairweather')
    expect(list.body).toContain('Does not live in the household')
    expect(list.body).toContain(`href="${draft}/siblings/1"`)
    expect(list.body).toContain(`href="${draft}/siblings/2/remove"`)
    const noAnswer = await agent.post(`${draft}/siblings`, {})
    expect(noAnswer.body).toContain('Select yes if you need to add another child')

    // Change the first; remove the second after confirming.
    const change = await agent.get(`${draft}/siblings/1`)
    expect(change.body).toContain('value="Rufus"')
    await answer(agent, draft, 'siblings/1', { ...sibling, givenName: 'Rufus-James' }, 'siblings')
    const confirm = await agent.get(`${draft}/siblings/2/remove`)
    expect(confirm.body).toContain('Are you sure you want to remove Tamsin Fairweather?')
    const notSure = await agent.post(`${draft}/siblings/2/remove`, {})
    expect(notSure.statusCode).toBe(422)
    await answer(agent, draft, 'siblings/2/remove', { remove: 'yes' }, 'siblings')
    const after = await agent.get(`${draft}/siblings`)
    expect(after.body).toContain('You have added 1 other child')
    expect(after.body).toContain('Rufus-James Fairweather')
    expect(after.body).not.toContain('Tamsin')
    await answer(agent, draft, 'siblings', { addAnother: 'no' }, 'network')

    await answer(agent, draft, 'network', { addAnother: 'yes' }, 'network/add')
    await agent.get(`${draft}/network/add`)
    const badMember = await agent.post(`${draft}/network/add`, { name: 'Grace Fairweather', email: 'not an email' })
    expect(badMember.statusCode).toBe(422)
    expect(badMember.body).toContain('Enter how the person is related to the young person')
    expect(badMember.body).toContain('Enter an email address in the correct format')
    expect(badMember.body).toContain('Select yes if the person lives in the household')
    await answer(
      agent,
      draft,
      'network/add',
      {
        name: 'Grace Fairweather',
        relationship: 'Mother',
        householdMember: 'yes',
        phone: '07700 900982',
        email: 'grace@example.com',
        safetyPlanRole: 'Collects the children from school',
      },
      'network',
    )
    await answer(agent, draft, 'network', { addAnother: 'yes' }, 'network/add')
    await answer(agent, draft, 'network/add', { name: 'Ivor Penhallow', relationship: 'Uncle', householdMember: 'no' }, 'network')
    await answer(agent, draft, 'network', { addAnother: 'no' }, 'strand')

    await answer(agent, draft, 'strand', { strand: 'risk_of_care' }, 'referring-team')
    await answer(agent, draft, 'referring-team', { referrerTeam: 'child_in_need' }, 'reason')
    await answer(agent, draft, 'reason', { reason: 'Conflict at home', presentingNeeds: ['missing'] }, 'risk-summary')
    await answer(agent, draft, 'risk-summary', { riskSummary: 'Missing overnight' }, 'placement')
    await answer(agent, draft, 'placement', { atRiskPlacementType: 'fostering' }, 'consent')
    await answer(agent, draft, 'consent', { consent: 'given' }, 'check-answers')

    const check = await agent.get(`${draft}/check-answers`)
    expect(check.body).toContain('Other children in the family')
    expect(check.body).toContain('Rufus-James Fairweather')
    expect(check.body).toContain('Grace Fairweather: Mother, Lives in the household, Phone: 07700 900982')
    expect(check.body).toContain(`href="${draft}/siblings?change=yes"`)
    expect(check.body).toContain(`href="${draft}/network?change=yes"`)

    // Changing from check your answers comes back there.
    const fromCheck = await agent.get(`${draft}/network?change=yes`)
    expect(fromCheck.body).toContain(`href="${draft}/network/2/remove?change=yes"`)
    await answer(agent, draft, 'network/2/remove', { remove: 'yes', change: 'yes' }, 'network?change=yes')
    await answer(agent, draft, 'network', { addAnother: 'no', change: 'yes' }, 'check-answers')
    expect((await agent.get(`${draft}/check-answers`)).body).not.toContain('Ivor Penhallow')

    // Submitting creates them with the referral: Rufus-James a child of the family, not referred; Grace related to both children.
    await submit(agent, draft)
    const referral = await submittedReferral(draft)
    const kids = await database.db.select().from(children).where(eq(children.familyId, referral.familyId))
    expect(kids.map((k) => k.givenName).sort()).toEqual(['Rufus-James', 'Wilhelmina'])
    const grace = await database.db.select().from(networkMembers).where(eq(networkMembers.familyId, referral.familyId))
    expect(grace.map((m) => [m.name, m.email])).toEqual([['Grace Fairweather', 'grace@example.com']])
    const links = await database.db
      .select()
      .from(relationships)
      .where(
        inArray(
          relationships.toId,
          kids.map((k) => k.id),
        ),
      )
    expect(links.map((l) => l.relationship).sort()).toEqual(['Mother', 'Mother', 'sibling'])
  })

  it('shows a likely duplicate of another child and lets the referrer use the existing record', async () => {
    const { child, family } = await youngPerson('Bartholomew', 'Quillfeather')
    const existing = await createTestChild(database, org.id, { givenName: 'Hester', familyName: 'Quillfeather', dateOfBirth: '2016-06-01', familyId: family.id })
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Quillfeather', child.id)
    await answer(agent, draft, 'young-people', { action: 'continue' }, 'siblings')
    await answer(agent, draft, 'siblings', { addAnother: 'yes' }, 'siblings/add')
    const sibling = { givenName: 'hester', familyName: 'Quillfeather', 'dateOfBirth-day': '1', 'dateOfBirth-month': '6', 'dateOfBirth-year': '2016', livesInHousehold: 'yes' }
    await agent.get(`${draft}/siblings/add`)
    const shown = await agent.post(`${draft}/siblings/add`, sibling)
    expect(shown.statusCode).toBe(200)
    expect(shown.body).toContain('data-qa="possible-duplicates"')
    expect(shown.body).toContain(`value="${existing.child.id}"`)
    const unpicked = await agent.post(`${draft}/siblings/add`, { ...sibling, checkedDuplicates: 'yes' })
    expect(unpicked.statusCode).toBe(422)
    expect(unpicked.body).toContain('Select the existing record if it is the same child')
    await answer(agent, draft, 'siblings/add', { ...sibling, duplicateChoice: existing.child.id }, 'siblings')
    const [row] = await database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.id, draftIdOf(draft)))
    expect((row?.data as { siblings: unknown[] }).siblings).toEqual([expect.objectContaining({ childId: existing.child.id, givenName: 'hester' })])
  })

  it('refuses a submission when another child has since been recorded elsewhere, says where to fix it, and records nothing', async () => {
    const { child, family } = await youngPerson('Cordelia', 'Penrose')
    const agent = await signedIn(org.users.referrer.email)
    const draft = await startDraft(agent)
    await addChild(agent, draft, 'Penrose', child.id)
    await answer(agent, draft, 'young-people', { action: 'continue' }, 'siblings')
    await answer(agent, draft, 'siblings', { addAnother: 'yes' }, 'siblings/add')
    await answer(
      agent,
      draft,
      'siblings/add',
      { givenName: 'Ambrose', familyName: 'Penrose', 'dateOfBirth-day': '7', 'dateOfBirth-month': '7', 'dateOfBirth-year': '2017', livesInHousehold: 'yes' },
      'siblings',
    )
    await answer(agent, draft, 'siblings', { addAnother: 'no' }, 'network')
    await answer(agent, draft, 'network', { addAnother: 'yes' }, 'network/add')
    await answer(agent, draft, 'network/add', { name: 'Isolde Penrose', relationship: 'Mother', householdMember: 'yes' }, 'network')
    await answer(agent, draft, 'network', { addAnother: 'no' }, 'strand')
    await answer(agent, draft, 'strand', { strand: 'crisis' }, 'referring-team')
    await answer(agent, draft, 'referring-team', { referrerTeam: 'front_door' }, 'reason')
    await answer(agent, draft, 'reason', { reason: 'Crisis at home', presentingNeeds: ['missing'] }, 'risk-summary')
    await answer(agent, draft, 'risk-summary', { riskSummary: 'Missing' }, 'placement')
    await answer(agent, draft, 'placement', { atRiskPlacementType: 'fostering' }, 'consent')
    await answer(agent, draft, 'consent', { consent: 'given' }, 'check-answers')

    // Someone else records Ambrose meanwhile, in another family.
    await createTestChild(database, org.id, { givenName: 'Ambrose', familyName: 'Penrose', dateOfBirth: '2017-07-07' })
    const check = await agent.get(`${draft}/check-answers`)
    const version = /name="version" value="(\d+)"/.exec(check.body)?.[1] as string
    const refused = await agent.post(`${draft}/check-answers`, { version })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Ambrose Penrose, born 7 July 2017, may already be on the system')
    expect(refused.body).toContain(`href="${draft}/siblings?change=yes"`)
    const [row] = await database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.id, draftIdOf(draft)))
    expect(row?.submittedReferralId).toBeNull()
    expect(await database.db.select().from(referrals).where(eq(referrals.familyId, family.id))).toEqual([])
    expect(await database.db.select().from(networkMembers).where(eq(networkMembers.familyId, family.id))).toEqual([])
    expect((await database.db.select().from(children).where(eq(children.familyId, family.id))).map((c) => c.givenName)).toEqual(['Cordelia'])
  })
})

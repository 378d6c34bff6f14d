import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, networkMembers, relationships, sessions } from '../../server/platform/db/schema.js'

let database: Database
let app: FastifyInstance
let org: TestOrganisation
let other: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'TESTA')
  other = await createTestOrganisation(database, 'TESTB')
})
afterAll(async () => {
  await app.close()
  await database.close()
})

describe('sign-in', () => {
  it('signs in, shows the home page, and audits the sign-in', async () => {
    const agent = new TestAgent(app)
    const res = await agent.signIn(org.users.family_support_worker.email)
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/')
    const session = res.cookies.find((c) => c.name === 'eoc_session')
    expect(session?.httpOnly).toBe(true)
    expect(session?.sameSite).toBe('Lax')
    const home = await agent.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Signed in as family_support_worker of TESTA')
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, org.users.family_support_worker.id), eq(auditEvents.action, 'sign-in.success')))
    expect(events).toHaveLength(1)
  })

  it('refuses a wrong password with the GOV.UK message and keeps the email', async () => {
    const agent = new TestAgent(app)
    await agent.get('/sign-in')
    const res = await agent.post('/sign-in', { email: org.users.referrer.email, password: 'wrong-password-here' })
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('Enter a correct email address and password')
    expect(res.body).toContain(`value="${org.users.referrer.email}"`)
    expect(res.body).toMatch(/<title>Error: /)
  })

  it('refuses a sign-in post without its CSRF token', async () => {
    const agent = new TestAgent(app)
    await agent.get('/sign-in')
    const res = await agent.post('/sign-in', { email: org.users.referrer.email, password: 'x', _csrf: 'forged' })
    expect(res.statusCode).toBe(403)
  })

  it('sends a signed-out visitor to sign in', async () => {
    const res = await app.inject({ method: 'GET', url: '/children' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toContain('/sign-in?reason=required')
  })
})

describe('children', () => {
  it('finds a child by name and opens the record, auditing the view', async () => {
    const { child } = await createTestChild(database, org.id, { givenName: 'Morwenna', familyName: 'Quillfeather', localChildId: 'Q1' })
    const agent = new TestAgent(app)
    await agent.signIn(org.users.family_support_worker.email)
    const search = await agent.get('/children?q=quill')
    expect(search.body).toContain('Morwenna Quillfeather')
    const record = await agent.get(`/children/${child.id}`)
    expect(record.statusCode).toBe(200)
    expect(record.body).toContain('data-qa="identity-bar"')
    const views = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, child.id), eq(auditEvents.action, 'child.view')))
    expect(views).toHaveLength(1)
    expect(views[0]?.userId).toBe(org.users.family_support_worker.id)
  })

  it('shows the people a child is related to, but not a restricted sibling', async () => {
    const { child, family } = await createTestChild(database, org.id, { givenName: 'Perpetua', familyName: 'Lindqvist' })
    const { child: sibling } = await createTestChild(database, org.id, { givenName: 'Barnaby', familyName: 'Lindqvist', familyId: undefined })
    const { child: hidden } = await createTestChild(database, org.id, { givenName: 'Hiddensib', familyName: 'Lindqvist', restricted: true })
    const [gran] = await database.db
      .insert(networkMembers)
      .values({ organisationId: org.id, familyId: family.id, name: 'Edwina Lindqvist', relationship: 'grandmother', safetyPlanRole: 'Respite at weekends' })
      .returning()
    await database.db.insert(relationships).values([
      { organisationId: org.id, fromType: 'network_member', fromId: gran?.id as string, toType: 'child', toId: child.id, relationship: 'grandmother' },
      { organisationId: org.id, fromType: 'child', fromId: child.id, toType: 'child', toId: sibling.id, relationship: 'sibling' },
      { organisationId: org.id, fromType: 'child', fromId: hidden.id, toType: 'child', toId: child.id, relationship: 'sibling' },
    ])
    const agent = new TestAgent(app)
    await agent.signIn(org.users.family_support_worker.email)
    const page = await agent.get(`/children/${child.id}`)
    expect(page.body).toContain('Edwina Lindqvist')
    expect(page.body).toContain('Respite at weekends')
    expect(page.body).toContain('Barnaby Lindqvist')
    expect(page.body).not.toContain('Hiddensib')
  })

  it('never shows another organisation’s child: not in search, not found by link', async () => {
    const { child } = await createTestChild(database, other.id, { givenName: 'Otherorg', familyName: 'Childname' })
    const agent = new TestAgent(app)
    await agent.signIn(org.users.team_manager.email)
    expect((await agent.get('/children?q=Otherorg')).body).not.toContain('Childname')
    expect((await agent.get(`/children/${child.id}`)).statusCode).toBe(404)
  })

  it('adds a child with GOV.UK errors first, keeping what was typed', async () => {
    const agent = new TestAgent(app)
    await agent.signIn(org.users.referrer.email)
    await agent.get('/children/new')
    const bad = await agent.post('/children/new', {
      givenName: 'Tamsin',
      familyName: '',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2012',
      sex: 'F',
      ethnicity: 'WBRI',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter the last name')
    expect(bad.body).toContain('Enter a real date of birth')
    expect(bad.body).toContain('value="Tamsin"')
    const good = await agent.post('/children/new', {
      givenName: 'Tamsin',
      familyName: 'Oakhurst',
      'dateOfBirth-day': '28',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2012',
      sex: 'F',
      ethnicity: 'WBRI',
      send: 'none',
      disability: 'no',
      uasc: 'no',
    })
    expect(good.statusCode).toBe(303)
    const page = await agent.get(good.headers.location as string)
    expect(page.body).toContain('Tamsin Oakhurst')
  })

  it('keeps a form posted after the session expired and offers it back after sign-in', async () => {
    const agent = new TestAgent(app)
    await agent.signIn(org.users.referrer.email)
    await agent.get('/children/new')
    // The session goes idle past the timeout while the user types.
    await database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(sessions.userId, org.users.referrer.id))
    const posted = await agent.post('/children/new', {
      givenName: 'Wilhelmina',
      familyName: 'Stormcrow',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '2010',
      sex: 'F',
      ethnicity: 'WBRI',
    })
    expect(posted.statusCode).toBe(303)
    expect(posted.headers.location).toContain('/sign-in?reason=form-saved')
    const signIn = await agent.signIn(org.users.referrer.email)
    expect(signIn.headers.location).toBe('/saved-forms')
    const list = await agent.get('/saved-forms')
    const link = /href="(\/children\/new\?restore=[^"]+)"/.exec(list.body)?.[1]
    expect(link).toBeTruthy()
    const restored = await agent.get(link as string)
    expect(restored.body).toContain('value="Wilhelmina"')
    expect(restored.body).toContain('data-qa="restored-form"')
    // Offered once: a second visit to the same link gets an empty form.
    expect((await agent.get(link as string)).body).not.toContain('Wilhelmina')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestChild, createTestOrganisation, TestAgent, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { allRoutes } from '../../server/routes.js'
import { auditEvents, breakGlassGrants, restrictedAccess } from '../../server/platform/db/schema.js'

let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  const config = loadConfig({ NODE_ENV: 'test' })
  // One extra route that fails the way a bug would, to check what the user is shown.
  const failing = (a: FastifyInstance) => {
    a.get('/test/failure', { config: { public: true } }, async () => {
      throw new Error('select secret_column from children -- internal detail')
    })
  }
  app = await buildApp({ config, database, logger: false, version: 'test' }, [...allRoutes, failing])
  await app.ready()
  org = await createTestOrganisation(database, 'ERRS')
})
afterAll(async () => {
  await app.close()
  await database.close()
})

describe('errors', () => {
  it('an unexpected error shows a safe page with the correlation id and no detail', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/failure', headers: { accept: 'text/html', 'x-correlation-id': 'corr-id-12345' } })
    expect(res.statusCode).toBe(500)
    expect(res.body).toContain('Sorry, there is a problem with the service')
    expect(res.body).toContain('corr-id-12345')
    expect(res.body).not.toContain('secret_column')
    expect(res.headers['x-correlation-id']).toBe('corr-id-12345')
  })

  it('the same error as problem+json for an API client', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/failure', headers: { accept: 'application/json' } })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toMatchObject({ status: 500, correlationId: expect.any(String) })
    expect(res.body).not.toContain('secret_column')
  })

  it('an unknown page is a 404 page for a signed-in user, and sign-in for anyone else', async () => {
    expect((await app.inject({ method: 'GET', url: '/no/such/page', headers: { accept: 'text/html' } })).statusCode).toBe(303)
    const agent = new TestAgent(app)
    await agent.signIn(org.users.board_viewer.email)
    const res = await agent.get('/no/such/page')
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('Page not found')
  })

  it('an unknown API path is problem+json 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { authorization: `Bearer ${await tokenFor(database, org.users.analyst.id)}` } })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('sets security headers with a nonce-based CSP that keeps self for styles', async () => {
    const res = await app.inject({ method: 'GET', url: '/sign-in' })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/)
    expect(csp).toMatch(/style-src 'self'/)
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(res.body).toContain(`nonce="${nonce}"`)
    expect(res.headers['x-frame-options']).toBeDefined()
  })

  it('health checks the database', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' })
    expect(res.json()).toMatchObject({ status: 'ok' })
  })
})

describe('restricted records', () => {
  it('do not exist for users not named on them; named users see them; break-glass opens them with an audited reason', async () => {
    const { child } = await createTestChild(database, org.id, { givenName: 'Hushed', familyName: 'Recordholder', localChildId: 'RESTRICT-1', restricted: true })
    await database.db.insert(restrictedAccess).values({ recordType: 'child', recordId: child.id, userId: org.users.team_manager.id })

    const worker = new TestAgent(app)
    await worker.signIn(org.users.family_support_worker.email)
    expect((await worker.get('/children?q=Recordholder')).body).not.toContain('Hushed')
    expect((await worker.get(`/children/${child.id}`)).statusCode).toBe(404)

    const manager = new TestAgent(app)
    await manager.signIn(org.users.team_manager.email)
    expect((await manager.get('/children?q=Recordholder')).body).toContain('Hushed')
    expect((await manager.get(`/children/${child.id}`)).body).toContain('Restricted')

    const senior = new TestAgent(app)
    await senior.signIn(org.users.senior_practitioner.email)
    expect((await senior.get(`/children/${child.id}`)).statusCode).toBe(404)
    await senior.get('/break-glass')
    const tooShort = await senior.post('/break-glass', { localChildId: 'RESTRICT-1', reason: 'need' })
    expect(tooShort.statusCode).toBe(422)
    expect(tooShort.body).toContain('Enter why you need to open this record')
    const opened = await senior.post('/break-glass', { localChildId: 'RESTRICT-1', reason: 'Police called about a missing episode tonight' })
    expect(opened.statusCode).toBe(303)
    expect((await senior.get(opened.headers.location as string)).statusCode).toBe(200)
    const grants = await database.db.select().from(breakGlassGrants).where(eq(breakGlassGrants.userId, org.users.senior_practitioner.id))
    expect(grants).toHaveLength(1)
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'break-glass.request'), eq(auditEvents.userId, org.users.senior_practitioner.id)))
    expect(event?.reason).toBe('Police called about a missing episode tonight')
  })

  it('break-glass for an ID that does not exist reveals nothing and grants nothing', async () => {
    const senior = new TestAgent(app)
    await senior.signIn(org.users.senior_practitioner.email)
    await senior.get('/break-glass')
    const res = await senior.post('/break-glass', { localChildId: 'NO-SUCH-ID', reason: 'Checking whether a record exists at all' })
    expect(res.statusCode).toBe(404)
  })
})

describe('two people editing one child', () => {
  it('the second save is refused with an explanation and changes nothing', async () => {
    const { child } = await createTestChild(database, org.id, { givenName: 'Concurrent', familyName: 'Editcase' })
    const a = new TestAgent(app)
    const b = new TestAgent(app)
    await a.signIn(org.users.family_support_worker.email)
    await b.signIn(org.users.senior_practitioner.email)
    const formA = await a.get(`/children/${child.id}/edit`)
    const formB = await b.get(`/children/${child.id}/edit`)
    expect(formA.body).toContain('name="version" value="1"')
    const fields = {
      familyName: 'Editcase',
      'dateOfBirth-day': '4',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2011',
      sex: 'F',
      ethnicity: 'WBRI',
      send: 'none',
      disability: 'no',
      uasc: 'no',
      version: '1',
    }
    expect((await a.post(`/children/${child.id}/edit`, { ...fields, givenName: 'Firstsaved' })).statusCode).toBe(303)
    const second = await b.post(`/children/${child.id}/edit`, { ...fields, givenName: 'Secondsaved' })
    expect(second.statusCode).toBe(409)
    expect(second.body).toContain('Someone else changed this child after you opened it')
    expect(formB.statusCode).toBe(200)
    expect((await a.get(`/children/${child.id}`)).body).toContain('Firstsaved')
  })
})

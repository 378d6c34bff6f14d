import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, tokenFor, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { revokeApiToken } from '../../server/platform/auth/tokens.js'
import { apiTokens, cases } from '../../server/platform/db/schema.js'
import { eq } from 'drizzle-orm'

let database: Database
let app: FastifyInstance
let org: TestOrganisation
let other: TestOrganisation
let referrerToken: string
let boardToken: string

const validChild = { givenName: 'Ottoline', familyName: 'Brackenridge', dateOfBirth: '2011-02-03', sex: 'F', ethnicity: 'WBRI' }

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database, { BODY_LIMIT_BYTES: '4096' })
  org = await createTestOrganisation(database, 'APIA')
  other = await createTestOrganisation(database, 'APIB')
  referrerToken = await tokenFor(database, org.users.referrer.id)
  boardToken = await tokenFor(database, org.users.board_viewer.id)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method,
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(payload !== undefined && typeof payload !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  })

describe('authentication', () => {
  it('401 without a token, with problem+json', async () => {
    const res = await call('GET', '/api/v1/me', null)
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ status: 401, title: 'Unauthorised' })
  })

  it('ignores a session cookie under /api/v1', async () => {
    const agent = new TestAgent(app)
    await agent.signIn(org.users.referrer.email)
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })
    expect(res.statusCode).toBe(401)
  })

  it('answers /me for a token, and 401 once it is revoked', async () => {
    const token = await tokenFor(database, org.users.team_manager.id)
    const me = await call('GET', '/api/v1/me', token)
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual({ id: org.users.team_manager.id, email: org.users.team_manager.email, name: 'team_manager of APIA', roles: ['team_manager'], organisation: 'APIA' })
    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.userId, org.users.team_manager.id))
    expect(row?.tokenHash).not.toContain(token)
    await revokeApiToken(database.db, org.users.team_manager.id, row?.id as string)
    expect((await call('GET', '/api/v1/me', token)).statusCode).toBe(401)
  })
})

describe('children', () => {
  it('creates a child: 201 with id and version, then reads it back', async () => {
    const res = await call('POST', '/api/v1/children', referrerToken, { ...validChild, localChildId: 'API-1', upn: 'A123456789012' })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ id: expect.any(String), version: 1, organisation: 'APIA', localChildId: 'API-1' })
    const read = await call('GET', `/api/v1/children/${body.id}`, referrerToken)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject(validChild)
  })

  it('409 invalid-state naming the existing child when the council child ID is taken', async () => {
    const first = await call('POST', '/api/v1/children', referrerToken, { ...validChild, localChildId: 'API-DUP' })
    const second = await call('POST', '/api/v1/children', referrerToken, { ...validChild, givenName: 'Other', localChildId: 'API-DUP' })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ type: '/problems/invalid-state', status: 409, existingChildId: first.json().id })
  })

  it('the same council child ID is fine in another organisation', async () => {
    const otherToken = await tokenFor(database, other.users.referrer.id)
    await call('POST', '/api/v1/children', referrerToken, { ...validChild, localChildId: 'SHARED-1' })
    expect((await call('POST', '/api/v1/children', otherToken, { ...validChild, localChildId: 'SHARED-1' })).statusCode).toBe(201)
  })

  it('422 listing every field error as a JSON Pointer', async () => {
    const res = await call('POST', '/api/v1/children', referrerToken, { givenName: '', dateOfBirth: '2011-02-30', sex: 'X', ethnicity: 'WBRI' })
    expect(res.statusCode).toBe(422)
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort()
    expect(fields).toEqual(['/dateOfBirth', '/familyName', '/givenName', '/sex'])
    expect(res.json().errors.find((e: { field: string }) => e.field === '/givenName').message).toBe('Enter the first name')
  })

  it('400 for malformed JSON and for the wrong content type', async () => {
    const malformed = await call('POST', '/api/v1/children', referrerToken, '{"givenName":', { 'content-type': 'application/json' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().detail).toBe('The request body is not valid JSON')
    const wrongType = await call('POST', '/api/v1/children', referrerToken, 'givenName=x', { 'content-type': 'text/plain' })
    expect(wrongType.statusCode).toBe(400)
  })

  it('413 for an oversized body', async () => {
    const res = await call('POST', '/api/v1/children', referrerToken, { ...validChild, familyName: 'x'.repeat(10_000) })
    expect(res.statusCode).toBe(413)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('403 for a role that may not create children', async () => {
    expect((await call('POST', '/api/v1/children', boardToken, validChild)).statusCode).toBe(403)
  })

  it('404 for another organisation’s child, a restricted child, and a malformed id alike', async () => {
    const { child: theirs } = await createTestChild(database, other.id)
    const { child: restricted } = await createTestChild(database, org.id, { restricted: true })
    for (const id of [theirs.id, restricted.id, 'not-a-uuid']) {
      const res = await call('GET', `/api/v1/children/${id}`, referrerToken)
      expect(res.statusCode).toBe(404)
      expect(res.json().detail).toBe('No such child')
    }
  })

  it('PUT with a stale version gets 409 stale-version and changes nothing', async () => {
    const created = (await call('POST', '/api/v1/children', referrerToken, validChild)).json()
    const first = await call('PUT', `/api/v1/children/${created.id}`, referrerToken, { ...validChild, givenName: 'Firstedit', version: 1 })
    expect(first.statusCode).toBe(200)
    expect(first.json().version).toBe(2)
    const stale = await call('PUT', `/api/v1/children/${created.id}`, referrerToken, { ...validChild, givenName: 'Secondedit', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().type).toBe('/problems/stale-version')
    expect((await call('GET', `/api/v1/children/${created.id}`, referrerToken)).json().givenName).toBe('Firstedit')
  })
})

describe('workers', () => {
  it('lists workers with caseloads counted from open cases they lead', async () => {
    const { family } = await createTestChild(database, org.id)
    const { family: second } = await createTestChild(database, org.id)
    const { family: closed } = await createTestChild(database, org.id)
    const fsw = org.users.family_support_worker.id
    const sp = org.users.senior_practitioner.id
    await database.db.insert(cases).values([
      { organisationId: org.id, familyId: family.id, status: 'active', leadWorkerId: fsw, coWorkerId: sp },
      { organisationId: org.id, familyId: second.id, status: 'closure_pending', leadWorkerId: fsw },
      { organisationId: org.id, familyId: closed.id, status: 'closed', leadWorkerId: fsw },
    ])
    const token = await tokenFor(database, org.users.team_manager.id)
    const res = await call('GET', '/api/v1/workers?team=North', token)
    expect(res.statusCode).toBe(200)
    const workers = res.json() as { id: string; families: number; coWorked: number; cap: number }[]
    expect(workers.map((w) => w.id).sort()).toEqual([fsw, sp].sort())
    expect(workers.find((w) => w.id === fsw)).toMatchObject({ families: 2, coWorked: 0, cap: 6, team: 'North' })
    expect(workers.find((w) => w.id === sp)).toMatchObject({ families: 0, coWorked: 1 })
    const caseload = await call('GET', `/api/v1/workers/${fsw}/caseload`, token)
    expect(caseload.json()).toEqual({ families: 2, coWorked: 0, cap: 6 })
    expect((await call('GET', `/api/v1/workers/${other.users.family_support_worker.id}/caseload`, token)).statusCode).toBe(404)
  })
})

describe('OpenAPI', () => {
  it('is public, 3.1, and describes the routes from the same schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/children', '/api/v1/children/{id}', '/api/v1/workers', '/api/v1/workers/{id}/caseload']))
    const body = doc.paths['/api/v1/children'].post.requestBody.content['application/json'].schema
    expect(body.required).toEqual(expect.arrayContaining(['givenName', 'familyName', 'dateOfBirth', 'sex', 'ethnicity']))
    expect(body.properties.sex.enum).toEqual(['M', 'F', 'U'])
  })
})

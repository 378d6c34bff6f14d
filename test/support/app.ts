import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import pino from 'pino'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import type { Database } from '../../server/platform/db/index.js'
import { allRoutes } from '../../server/routes.js'
import { hashPassword } from '../../server/platform/auth/passwords.js'
import { insertUser } from '../../server/platform/auth/users.js'
import { ROLES, type Role } from '../../server/platform/auth/roles.js'
import { organisations, teams, children, families } from '../../server/platform/db/schema.js'
import { createApiToken } from '../../server/platform/auth/tokens.js'
import { insertDefaultFinanceSettings } from '../../server/modules/finance/settings.js'

export const TEST_PASSWORD = 'correct-horse-battery-staple'

export async function createTestApp(database: Database, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...env })
  // TEST_LOG=debug shows the app's log while a test is being investigated.
  const logger = process.env.TEST_LOG ? pino({ level: process.env.TEST_LOG }) : false
  const app = await buildApp({ config, database, logger, version: 'test' }, allRoutes)
  await app.ready()
  return app
}

export interface TestOrganisation {
  id: string
  code: string
  teamId: string
  users: Record<Role, { id: string; email: string }>
}

let hashed: Promise<string> | undefined

/** An organisation with a team and one user for every role, all with TEST_PASSWORD. */
export async function createTestOrganisation(database: Database, code: string): Promise<TestOrganisation> {
  hashed ??= hashPassword(TEST_PASSWORD)
  const passwordHash = await hashed
  const db = database.db
  const [org] = await db
    .insert(organisations)
    .values({ code, name: `${code} Council` })
    .returning()
  if (!org) throw new Error('no org')
  // As createOrganisation does: PRODUCT.md §3's default unit costs and parameters.
  await db.transaction((tx) => insertDefaultFinanceSettings(tx, org.id))
  const [team] = await db.insert(teams).values({ organisationId: org.id, name: 'North' }).returning()
  if (!team) throw new Error('no team')
  const users = {} as TestOrganisation['users']
  for (const role of ROLES) {
    const email = `${role.replaceAll('_', '.')}@${code.toLowerCase()}.example`
    const id = await insertUser(db, { organisationId: org.id, email, name: `${role} of ${code}`, roles: [role], teamId: team.id, passwordHash })
    users[role] = { id, email }
  }
  return { id: org.id, code, teamId: team.id, users }
}

export async function createTestChild(database: Database, organisationId: string, overrides: Partial<typeof children.$inferInsert> = {}) {
  const [family] = await database.db
    .insert(families)
    .values({ organisationId, name: `${overrides.familyName ?? 'Testfamily'} family`, restricted: overrides.restricted ?? false })
    .returning()
  const [child] = await database.db
    .insert(children)
    .values({ organisationId, familyId: family?.id, givenName: 'Alex', familyName: 'Testfamily', dateOfBirth: '2011-05-04', sex: 'F', ethnicity: 'WBRI', ...overrides })
    .returning()
  if (!child || !family) throw new Error('no child')
  return { child, family }
}

export async function tokenFor(database: Database, userId: string): Promise<string> {
  return (await createApiToken(database.db, userId, 'test')).token
}

/** A browser-like client for in-process page tests: keeps cookies, reads CSRF tokens from forms. */
export class TestAgent {
  cookies = new Map<string, string>()
  lastCsrf = ''
  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (match?.[1]) this.lastCsrf = match[1]
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), accept: 'text/html', ...headers } })
    this.remember(res)
    return res
  }

  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
    if (options.csrf !== false && !('_csrf' in form)) body.set('_csrf', this.lastCsrf)
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    })
    this.remember(res)
    return res
  }

  async signIn(email: string, password = TEST_PASSWORD) {
    await this.get('/sign-in')
    return this.post('/sign-in', { email, password })
  }
}

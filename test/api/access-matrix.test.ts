import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, tokenFor, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { PERMISSION_ROLES, ROLES, type Role } from '../../server/platform/auth/roles.js'
import { cases, referrals } from '../../server/platform/db/schema.js'

/**
 * The access-control matrix: every route the app registers × every role × a record of
 * the caller's own organisation and of another. Allowed roles reach the handler (never
 * 401/403) and see their own organisation's record; everyone else gets 403; another
 * organisation's record is 404 even to allowed roles. A new route is covered
 * automatically, because the list comes from the app itself.
 */
let database: Database
let app: FastifyInstance
let own: TestOrganisation
let other: TestOrganisation
const ids = { own: {} as Record<string, string>, other: {} as Record<string, string> }

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database, { SIGN_IN_MAX_FAILURES: '1000' })
  own = await createTestOrganisation(database, 'OWNORG')
  other = await createTestOrganisation(database, 'OTHERORG')
  for (const [key, org] of [
    ['own', own],
    ['other', other],
  ] as const) {
    const { child, family } = await createTestChild(database, org.id)
    const [referral] = await database.db
      .insert(referrals)
      .values({
        organisationId: org.id,
        familyId: family.id,
        strand: 'crisis',
        status: 'awaiting_panel',
        referrerId: org.users.referrer.id,
        referrerTeam: 'other',
        reason: 'Matrix',
      })
      .returning()
    const [kase] = await database.db
      .insert(cases)
      .values({ organisationId: org.id, familyId: family.id, referralId: referral?.id, status: 'active', leadWorkerId: org.users.family_support_worker.id })
      .returning()
    ids[key] = { child: child.id, family: family.id, worker: org.users.family_support_worker.id, referral: referral?.id as string, case: kase?.id as string }
  }
})
afterAll(async () => {
  await app.close()
  await database.close()
})

/** Which record a path parameter names, by route; other parameters get a harmless placeholder. */
function fill(url: string, whose: 'own' | 'other'): string | null {
  const r = ids[whose]
  if (!url.includes(':')) return url
  if (/^\/(api\/v1\/)?children\/:id/.test(url)) return url.replace(':id', r.child as string)
  if (/^\/families\/:id/.test(url)) return url.replace(':id', r.family as string)
  if (/^\/api\/v1\/workers\/:id/.test(url)) return url.replace(':id', r.worker as string)
  if (/^\/(api\/v1\/referrals|panel\/referrals)\/:id/.test(url)) return url.replace(':id', r.referral as string)
  if (/^\/(api\/v1\/)?cases\/:id/.test(url)) return url.replace(':id', r.case as string)
  return null
}

describe('access-control matrix', () => {
  it('covers every route', () => {
    const guarded = app.routeTable.filter((r) => !r.public)
    expect(guarded.length).toBeGreaterThanOrEqual(15)
    for (const r of guarded) expect(r.permission, `${r.method} ${r.url}`).toBeTruthy()
  })

  it('keeps the wellbeing service’s directory, tariffs and settings to those holding a role in it, not administrators', async () => {
    // PRODUCT.md §1: a service's records are for those holding a role in it; an administrator's remit is users, teams, organisations, criteria, caps and retention.
    expect(PERMISSION_ROLES['wellbeing:manage']).toEqual(['wellbeing_practitioner'])
    const admin = new TestAgent(app)
    await admin.signIn(own.users.administrator.email)
    for (const url of ['/wellbeing/directory', '/wellbeing/tariffs', '/wellbeing/settings']) expect((await admin.get(url)).statusCode, url).toBe(403)
  })

  for (const role of ROLES) {
    it(`enforces every route for ${role}`, async () => {
      const agent = new TestAgent(app)
      const signedIn = await agent.signIn(own.users[role].email)
      expect(signedIn.statusCode).toBe(303)
      await agent.get('/')
      const token = await tokenFor(database, own.users[role].id)
      const routes = app.routeTable.filter((r) => !r.public).sort((a, b) => Number(a.url === '/sign-out') - Number(b.url === '/sign-out'))
      const failures: string[] = []
      for (const route of routes) {
        const allowed = route.permission !== null && PERMISSION_ROLES[route.permission].includes(role as Role)
        for (const whose of ['own', 'other'] as const) {
          // A route with parameters beyond the record's id (a child and month on a case) is checked for permission only.
          const record = fill(route.url, whose)
          const filled = record && !record.includes(':') ? record : null
          const url = (record ?? route.url).replace(/:[A-Za-z]+/g, 'placeholder')
          if (whose === 'other' && (filled === null || filled === route.url)) continue
          const isApi = url.startsWith('/api/')
          const res = isApi
            ? await app.inject({
                method: route.method as 'GET',
                url,
                headers: { authorization: `Bearer ${token}`, ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
                payload: route.method === 'GET' ? undefined : '{}',
              })
            : route.method === 'GET'
              ? await agent.get(url)
              : await agent.post(url, {})
          const label = `${route.method} ${route.url} (${whose}) as ${role}: ${res.statusCode}`
          if (!allowed) {
            if (res.statusCode !== 403) failures.push(`${label}, expected 403`)
          } else if ([401, 403].includes(res.statusCode) || (res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in') && route.url !== '/sign-out')) {
            failures.push(`${label}, expected to be allowed`)
          } else if (filled && filled !== route.url && whose === 'other' && res.statusCode !== 404) {
            failures.push(`${label}, expected 404 for another organisation's record`)
          } else if (filled && filled !== route.url && whose === 'own' && res.statusCode === 404) {
            failures.push(`${label}, expected the own organisation's record to be found`)
          } else if (res.statusCode >= 500) {
            failures.push(`${label}, server error`)
          }
        }
      }
      expect(failures).toEqual([])
    })
  }
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/database.js'
import { createTestChild, createTestOrganisation, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { servicePartners, services, userRoles } from '../../server/platform/db/schema.js'
import { insertUser, loadCurrentUser } from '../../server/platform/auth/users.js'
import { createPeopleService } from '../../server/modules/people/index.js'
import type { Ctx } from '../../server/platform/context.js'

/**
 * PRODUCT.md §1: a user sees their own organisation's records, plus the records of a
 * service their organisation is a partner in when they hold a role in that service;
 * never anything else.
 */
let database: Database
let council: TestOrganisation
let icb: TestOrganisation
let outsider: TestOrganisation
let serviceChildId: string
let serviceId: string

const ctxFor = async (userId: string): Promise<Ctx> => {
  const user = await loadCurrentUser(database.db, userId)
  if (!user) throw new Error('no user')
  return { user, correlationId: 'test' }
}

beforeAll(async () => {
  database = await createTestDatabase()
  council = await createTestOrganisation(database, 'COUNTY')
  icb = await createTestOrganisation(database, 'ICB')
  outsider = await createTestOrganisation(database, 'ELSEWHERE')
  const [service] = await database.db.insert(services).values({ code: 'WELLBEING', name: 'Wellbeing service' }).returning()
  serviceId = service?.id as string
  await database.db.insert(servicePartners).values([
    { serviceId, organisationId: council.id, fundingSharePercent: '30' },
    { serviceId, organisationId: icb.id, fundingSharePercent: '55' },
  ])
  // A child referred to the jointly commissioned service, recorded by the council.
  const { child } = await createTestChild(database, council.id, { givenName: 'Shared', familyName: 'Servicechild', serviceId })
  serviceChildId = child.id
})
afterAll(async () => database.close())

const canSee = async (userId: string) => {
  const people = createPeopleService(database.db, { breakGlassMinutes: 60 })
  const ctx = await ctxFor(userId)
  const found = await people.search(ctx, { q: 'Servicechild', sort: 'name', order: 'ascending', page: 1, pageSize: 10 })
  return found.total === 1
}

describe('organisation and service scoping', () => {
  it('the owning organisation’s staff see the record', async () => {
    expect(await canSee(council.users.referrer.id)).toBe(true)
  })

  it('a partner organisation’s clinician with a role in the service sees it', async () => {
    await database.db.insert(userRoles).values({ userId: icb.users.wellbeing_practitioner.id, role: 'wellbeing_practitioner', serviceId })
    expect(await canSee(icb.users.wellbeing_practitioner.id)).toBe(true)
  })

  it('the partner organisation’s staff without a role in the service do not', async () => {
    expect(await canSee(icb.users.family_support_worker.id)).toBe(false)
  })

  it('a role in the service does not count for someone whose organisation is not a partner', async () => {
    const id = await insertUser(database.db, {
      organisationId: outsider.id,
      email: 'stray@elsewhere.example',
      name: 'Stray',
      roles: [],
      serviceRoles: [{ role: 'wellbeing_practitioner', serviceId }],
    })
    const ctx = await ctxFor(id)
    expect(ctx.user.serviceIds).toEqual([])
    expect(ctx.user.roles).toEqual([])
    expect(await canSee(id)).toBe(false)
  })

  it('the partner’s clinician does not see the council’s other records', async () => {
    await createTestChild(database, council.id, { givenName: 'Councilonly', familyName: 'Servicechild' })
    const people = createPeopleService(database.db, { breakGlassMinutes: 60 })
    const found = await people.search(await ctxFor(icb.users.wellbeing_practitioner.id), { q: 'Servicechild', sort: 'name', order: 'ascending', page: 1, pageSize: 10 })
    expect(found.rows.map((r) => r.id)).toEqual([serviceChildId])
  })
})

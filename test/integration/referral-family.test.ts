import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq, inArray, or } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestChild, createTestOrganisation, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, children, networkMembers, referralChildren, referrals, relationships } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import { createCaseworkService } from '../../server/modules/casework/index.js'

/**
 * A referral with the family around the young person: the other children and the network
 * are created with the referral, in its transaction, once; a refused referral creates nothing.
 */
let database: Database
let app: FastifyInstance
let org: TestOrganisation
let token: string

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'REFFAM')
  token = await tokenFor(database, org.users.referrer.id)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const post = (body: unknown) =>
  app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) })

const body = (childIds: string[], extra: Record<string, unknown> = {}) => ({
  strand: 'risk_of_care',
  childIds,
  referrerTeam: 'child_in_need',
  reason: 'Conflict at home',
  atRiskPlacementType: 'residential',
  consent: 'given',
  ...extra,
})

/** Everything recorded about a family: its children, network, relationships and referrals. */
async function familyRecords(familyId: string) {
  const db = database.db
  const kids = await db.select().from(children).where(eq(children.familyId, familyId))
  const network = await db.select().from(networkMembers).where(eq(networkMembers.familyId, familyId))
  const ids = [...kids.map((c) => c.id), ...network.map((m) => m.id)]
  const links = ids.length
    ? await db
        .select()
        .from(relationships)
        .where(or(inArray(relationships.fromId, ids), inArray(relationships.toId, ids)))
    : []
  const refs = await db.select().from(referrals).where(eq(referrals.familyId, familyId))
  return { kids, network, links, refs }
}

describe('a referral with the family’s other children and network', () => {
  it('creates the other children, the network and their relationships once, audited', async () => {
    const { child, family } = await createTestChild(database, org.id, { givenName: 'Ottilie', familyName: 'Brambleby', dateOfBirth: '2012-04-02' })
    const family1 = {
      siblings: [
        { givenName: 'Jasper', familyName: 'Brambleby', dateOfBirth: '2016-08-09', livesInHousehold: true },
        { givenName: 'Maud', familyName: 'Brambleby', dateOfBirth: '2006-01-20', livesInHousehold: false },
      ],
      network: [
        { name: 'Rosalind Brambleby', relationship: 'Mother', householdMember: true, phone: '07700 900123', safetyPlanRole: 'Daily check-in' },
        { name: 'Gideon Ashcombe', relationship: 'Uncle', householdMember: false },
      ],
    }
    const res = await post(body([child.id], family1))
    expect(res.statusCode, res.body).toBe(201)
    const referralId = res.json().id as string

    const after = await familyRecords(family.id)
    // By hand: 3 children (Ottilie referred; Jasper and Maud not), 2 adults.
    expect(after.kids.map((c) => c.givenName).sort()).toEqual(['Jasper', 'Maud', 'Ottilie'])
    const referred = await database.db.select().from(referralChildren).where(eq(referralChildren.referralId, referralId))
    expect(referred.map((r) => r.childId)).toEqual([child.id])
    const jasper = after.kids.find((c) => c.givenName === 'Jasper')
    expect(jasper).toMatchObject({ organisationId: org.id, dateOfBirth: '2016-08-09', sex: 'U', ethnicity: 'NOBT' })
    expect(after.network.map((m) => [m.name, m.relationship, m.householdMember, m.phone, m.safetyPlanRole]).sort()).toEqual([
      ['Gideon Ashcombe', 'Uncle', false, null, null],
      ['Rosalind Brambleby', 'Mother', true, '07700 900123', 'Daily check-in'],
    ])
    // 2 adults × 3 children = 6, and the 3 pairs of children: 9 relationships.
    expect(after.links).toHaveLength(9)
    const siblingLinks = after.links.filter((l) => l.fromType === 'child').map((l) => l.relationship)
    // Maud does not live in the household: her two links say so; Ottilie and Jasper are siblings at home.
    expect(siblingLinks.sort()).toEqual(['sibling', 'sibling living elsewhere', 'sibling living elsewhere'])
    expect(after.links.filter((l) => l.fromType === 'network_member' && l.relationship === 'Mother')).toHaveLength(3)

    const audited = await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, org.users.referrer.id), inArray(auditEvents.action, ['child.create', 'network-member.create', 'relationship.create'])))
    const count = (action: string) => audited.filter((a) => a.action === action).length
    expect([count('child.create'), count('network-member.create'), count('relationship.create')]).toEqual([2, 2, 9])

    // The same family again, naming the same people: nothing is recorded twice.
    const again = await post(
      body([child.id], {
        siblings: [{ childId: jasper?.id, givenName: 'Jasper', familyName: 'Brambleby', dateOfBirth: '2016-08-09', livesInHousehold: true }],
        network: [{ name: 'rosalind brambleby', relationship: 'Mother', householdMember: true }],
      }),
    )
    expect(again.statusCode, again.body).toBe(201)
    const twice = await familyRecords(family.id)
    expect([twice.kids.length, twice.network.length, twice.links.length]).toEqual([3, 2, 9])
  })

  it('refuses a likely duplicate of another child until the caller picks the record or says it is a different child, creating nothing', async () => {
    const { child, family } = await createTestChild(database, org.id, { givenName: 'Perpetua', familyName: 'Holloway', dateOfBirth: '2011-02-02' })
    const { child: elsewhere } = await createTestChild(database, org.id, { givenName: 'Silas', familyName: 'Holloway', dateOfBirth: '2014-05-05' })
    const before = await familyRecords(family.id)
    const silas = { givenName: 'Silas', familyName: 'Holloway', dateOfBirth: '2014-05-05', livesInHousehold: true }
    const withNetwork = { network: [{ name: 'Agnes Holloway', relationship: 'Grandmother', householdMember: true }] }

    const refused = await post(body([child.id], { siblings: [silas], ...withNetwork }))
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('may already be on the system')
    // Silas's record is in another family: picking it is refused too.
    const otherFamily = await post(body([child.id], { siblings: [{ ...silas, childId: elsewhere.id }], ...withNetwork }))
    expect(otherFamily.statusCode).toBe(422)
    expect(otherFamily.body).toContain('recorded in another family')
    expect(await familyRecords(family.id)).toEqual(before)

    const different = await post(body([child.id], { siblings: [{ ...silas, notDuplicate: true }], ...withNetwork }))
    expect(different.statusCode, different.body).toBe(201)
    const after = await familyRecords(family.id)
    expect([after.kids.length, after.network.length, after.links.length]).toEqual([2, 1, 3])
  })

  it('records nothing when the referral’s transaction fails after the family is written', async () => {
    const { child, family } = await createTestChild(database, org.id, { givenName: 'Leopold', familyName: 'Thistlewood', dateOfBirth: '2012-09-09' })
    const user = await loadCurrentUser(database.db, org.users.referrer.id)
    const ctx = { user: user as NonNullable<typeof user>, correlationId: 'test' }
    const before = await familyRecords(family.id)
    await expect(
      createCaseworkService(database.db).createReferral(
        ctx,
        {
          ...body([child.id]),
          strand: 'risk_of_care',
          referrerTeam: 'child_in_need',
          consent: 'given',
          atRiskPlacementType: 'residential',
          siblings: [{ givenName: 'Beatrix', familyName: 'Thistlewood', dateOfBirth: '2015-01-01', livesInHousehold: true }],
          network: [{ name: 'Cedric Thistlewood', relationship: 'Father', householdMember: true }],
        },
        async () => {
          throw new Error('the draft could not be marked submitted')
        },
      ),
    ).rejects.toThrow('the draft could not be marked submitted')
    expect(await familyRecords(family.id)).toEqual(before)
  })

  it('documents the optional siblings and network in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    const schema = doc.paths['/api/v1/referrals'].post.requestBody.content['application/json'].schema
    expect(schema.required).not.toContain('siblings')
    expect(schema.required).not.toContain('network')
    expect(schema.properties.siblings.items.required).toEqual(expect.arrayContaining(['givenName', 'familyName', 'dateOfBirth', 'livesInHousehold']))
    expect(schema.properties.network.items.required).toEqual(expect.arrayContaining(['name', 'relationship', 'householdMember']))
    expect(Object.keys(schema.properties.network.items.properties)).toEqual(expect.arrayContaining(['phone', 'email', 'safetyPlanRole']))
  })
})

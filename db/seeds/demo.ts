import { eq } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import {
  children,
  families,
  networkMembers,
  organisations,
  relationships,
  restrictedAccess,
  servicePartners,
  services,
  teamDistricts,
  teams,
  userRoles,
  users,
} from '../../server/platform/db/schema.js'
import { recordAudit } from '../../server/platform/audit/index.js'
import { hashPassword } from '../../server/platform/auth/passwords.js'
import type { Role } from '../../server/platform/auth/roles.js'
import { DEMO_DISTRICTS, DEMO_STAFF_NAMES, generateDemoFamilies } from './demo-people.js'
import { seedDemoImpact } from './demo-impact.js'
import { seedDemoCasework } from './demo-casework.js'
import { seedDemoPlans } from './demo-plan.js'
import { DEMO_WELLBEING_ACCOUNTS, seedDemoWellbeing } from './demo-wellbeing.js'
import { seedDemoFinance } from './demo-finance.js'

/** Every demo account signs in with this password. Demo data is synthetic and never seeded in production. */
export const DEMO_PASSWORD = 'demo-password-2026'
export const DEMO_ORGANISATION = 'DEMOSHIRE'
const DOMAIN = 'demoshire.example'

export interface DemoAccount {
  email: string
  role: Role
  team?: 'North' | 'South'
  serviceRole?: boolean
  /** A partner organisation other than the County; such accounts are made by demo-wellbeing.ts. */
  organisation?: string
}

/** The demo's sign-ins, listed in the README and printed by `npm start`. */
export function demoAccounts(): DemoAccount[] {
  const accounts: DemoAccount[] = [
    { email: `admin@${DOMAIN}`, role: 'administrator' },
    { email: `referrer@${DOMAIN}`, role: 'referrer' },
    { email: `panel.chair@${DOMAIN}`, role: 'panel_chair' },
    { email: `analyst@${DOMAIN}`, role: 'analyst' },
    { email: `finance@${DOMAIN}`, role: 'finance_partner' },
    { email: `board@${DOMAIN}`, role: 'board_viewer' },
    { email: `wellbeing@${DOMAIN}`, role: 'wellbeing_practitioner', serviceRole: true },
    ...DEMO_WELLBEING_ACCOUNTS.map((a): DemoAccount => ({ email: a.email, role: 'wellbeing_practitioner', serviceRole: true, organisation: a.organisation })),
  ]
  for (const team of ['North', 'South'] as const) {
    const t = team.toLowerCase()
    accounts.push({ email: `tm.${t}@${DOMAIN}`, role: 'team_manager', team })
    for (let i = 1; i <= 2; i++) accounts.push({ email: `sp${i}.${t}@${DOMAIN}`, role: 'senior_practitioner', team })
    for (let i = 1; i <= 8; i++) accounts.push({ email: `fsw${i}.${t}@${DOMAIN}`, role: 'family_support_worker', team })
  }
  return accounts
}

/**
 * Seeds Demoshire: two teams with their districts, the staff of PRODUCT.md §1, the
 * jointly commissioned wellbeing service with its partners, and about 300 synthetic
 * children in families. Idempotent: does nothing when Demoshire already exists.
 */
export async function seedDemo(db: Db, options: { childCount?: number } = {}): Promise<{ created: boolean }> {
  const [existing] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, DEMO_ORGANISATION))
  if (existing) return { created: false }
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  // The County's staff; the other partners' practitioners come with the wellbeing demo data.
  const accounts = demoAccounts().filter((a) => !a.organisation)
  const names = DEMO_STAFF_NAMES(accounts.length)
  const people = generateDemoFamilies({ childCount: options.childCount ?? 300 })

  await db.transaction(async (tx) => {
    const [org] = await tx.insert(organisations).values({ code: DEMO_ORGANISATION, name: 'Demoshire County Council' }).returning()
    const [icb] = await tx.insert(organisations).values({ code: 'DEMO-ICB', name: 'Demoshire Integrated Care Board', kind: 'icb' }).onConflictDoNothing().returning()
    const [city] = await tx.insert(organisations).values({ code: 'DEMO-CITY', name: 'Demo City Council' }).onConflictDoNothing().returning()
    if (!org) throw new Error('Demo organisation was not created')
    // The wellbeing service is commissioned jointly (PRODUCT.md §1: ICB 55%, County 30%, City 15%).
    const [wellbeing] = await tx.insert(services).values({ code: 'DEMO-WELLBEING', name: 'Emotional health and wellbeing service for children in care' }).returning()
    if (!wellbeing) throw new Error('Demo service was not created')
    await tx
      .insert(servicePartners)
      .values([
        { serviceId: wellbeing.id, organisationId: org.id, fundingSharePercent: '30' },
        ...(icb ? [{ serviceId: wellbeing.id, organisationId: icb.id, fundingSharePercent: '55' }] : []),
        ...(city ? [{ serviceId: wellbeing.id, organisationId: city.id, fundingSharePercent: '15' }] : []),
      ])

    const teamIds: Record<'North' | 'South', string> = { North: '', South: '' }
    for (const name of ['North', 'South'] as const) {
      const [team] = await tx.insert(teams).values({ organisationId: org.id, name }).returning()
      if (!team) throw new Error('Demo team was not created')
      teamIds[name] = team.id
      await tx.insert(teamDistricts).values(DEMO_DISTRICTS[name].map((district) => ({ organisationId: org.id, district, teamId: team.id })))
    }

    const userIds: Record<string, string> = {}
    for (const [i, account] of accounts.entries()) {
      const [user] = await tx
        .insert(users)
        .values({ organisationId: org.id, email: account.email, name: names[i] ?? account.email, passwordHash, teamId: account.team ? teamIds[account.team] : null })
        .returning({ id: users.id })
      if (!user) throw new Error('Demo user was not created')
      userIds[account.email] = user.id
      await tx.insert(userRoles).values({ userId: user.id, role: account.role, serviceId: account.serviceRole ? wellbeing.id : null })
    }

    for (const family of people) {
      const [row] = await tx
        .insert(families)
        .values({ organisationId: org.id, name: family.name, address: family.address, postcode: family.postcode, district: family.district, restricted: family.restricted })
        .returning({ id: families.id })
      if (!row) throw new Error('Demo family was not created')
      const childRows = await tx
        .insert(children)
        .values(
          family.children.map((c) => ({
            organisationId: org.id,
            familyId: row.id,
            givenName: c.givenName,
            familyName: c.familyName,
            dateOfBirth: c.dateOfBirth,
            sex: c.sex,
            ethnicity: c.ethnicity,
            send: c.send,
            disability: c.disability,
            uasc: c.uasc,
            postcode: c.postcode,
            district: c.district,
            localChildId: c.localChildId,
            upn: c.upn,
            restricted: c.restricted,
          })),
        )
        .returning({ id: children.id })
      const adultRows = family.adults.length
        ? await tx
            .insert(networkMembers)
            .values(
              family.adults.map((a) => ({
                organisationId: org.id,
                familyId: row.id,
                name: a.name,
                relationship: a.relationship,
                householdMember: a.isHouseholdMember,
                phone: a.phone,
                email: a.email,
                address: a.address,
                safetyPlanRole: a.safetyPlanRole,
              })),
            )
            .returning({ id: networkMembers.id, relationship: networkMembers.relationship })
        : []
      // Each adult is related to each child in the household; children to each other as siblings.
      const links = [
        ...adultRows.flatMap((a) =>
          childRows.map((c) => ({ organisationId: org.id, fromType: 'network_member', fromId: a.id, toType: 'child', toId: c.id, relationship: a.relationship })),
        ),
        ...childRows.flatMap((c, i) =>
          childRows.slice(i + 1).map((d) => ({ organisationId: org.id, fromType: 'child', fromId: c.id, toType: 'child', toId: d.id, relationship: 'sibling' })),
        ),
      ]
      if (links.length) await tx.insert(relationships).values(links)
      if (family.restricted) {
        // Named on the restricted demo family: the North team manager and the first North worker.
        const named = [userIds[`tm.north@${DOMAIN}`], userIds[`fsw1.north@${DOMAIN}`]].filter((u): u is string => Boolean(u))
        await tx
          .insert(restrictedAccess)
          .values([
            ...named.map((userId) => ({ recordType: 'family', recordId: row.id, userId })),
            ...named.flatMap((userId) => childRows.map((c) => ({ recordType: 'child', recordId: c.id, userId }))),
          ])
      }
    }
    await recordAudit(tx, {
      organisationId: org.id,
      userId: null,
      action: 'demo.seed',
      recordType: 'organisation',
      recordId: org.id,
      details: { children: people.reduce((n, f) => n + f.children.length, 0), users: accounts.length },
    })
  })
  // Casework goes through the lifecycle service, after the people and staff exist.
  await seedDemoCasework(db, DEMO_ORGANISATION)
  await seedDemoPlans(db, DEMO_ORGANISATION)
  await seedDemoWellbeing(db, DEMO_PASSWORD)
  await seedDemoImpact(db, DEMO_ORGANISATION)
  await seedDemoFinance(db, DEMO_ORGANISATION)
  return { created: true }
}

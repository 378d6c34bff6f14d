import { eq } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import { organisations, services, users } from '../../server/platform/db/schema.js'
import { insertUser, loadCurrentUser } from '../../server/platform/auth/users.js'
import { hashPassword } from '../../server/platform/auth/passwords.js'
import type { Ctx } from '../../server/platform/context.js'
import { addDays, todayInLondon } from '../../server/platform/time/index.js'
import { createWellbeingService } from '../../server/modules/wellbeing/index.js'

/** The demo's wellbeing practitioners in the two other partner organisations (the County's is in demo.ts). */
export const DEMO_WELLBEING_ACCOUNTS = [
  { email: 'wellbeing.icb@demoshire.example', organisation: 'DEMO-ICB', name: 'Morgan Ashdown' },
  { email: 'wellbeing.city@demoshire.example', organisation: 'DEMO-CITY', name: 'Jordan Pell' },
] as const

const GIVEN = [
  'Ash',
  'Bailey',
  'Casey',
  'Drew',
  'Ellis',
  'Frankie',
  'Gray',
  'Harley',
  'Indy',
  'Jules',
  'Kit',
  'Lee',
  'Marley',
  'Nico',
  'Oakley',
  'Parker',
  'Quinn',
  'Rowan',
  'Sky',
  'Taylor',
]
const FAMILY = ['Demoford', 'Sampleton', 'Fictonby', 'Mockridge', 'Synthwell', 'Placeholme', 'Exampleby', 'Dummerton']
const AUTHORITIES = ['Elsewhere Borough Council', 'Farshire County Council', 'Othertown City Council']

/**
 * Synthetic referrals to the jointly commissioned wellbeing service, made through the service
 * the pages use (every rule and audit event applies), by practitioners of all three partners:
 * some waiting for triage (with priorities and flags), some in work with sessions and onward
 * referrals, some closed with outcomes. Dates are relative to today so waits look current.
 */
export async function seedDemoWellbeing(db: Db, password: string, count = 30): Promise<number> {
  const [service] = await db.select().from(services).where(eq(services.code, 'DEMO-WELLBEING'))
  if (!service) return 0
  const passwordHash = await hashPassword(password)
  const practitionerIds: string[] = []
  const [county] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'wellbeing@demoshire.example'))
  if (county) practitionerIds.push(county.id)
  for (const account of DEMO_WELLBEING_ACCOUNTS) {
    const [org] = await db.select().from(organisations).where(eq(organisations.code, account.organisation))
    if (!org) continue
    practitionerIds.push(
      await insertUser(db, {
        organisationId: org.id,
        email: account.email,
        name: account.name,
        roles: [],
        serviceRoles: [{ role: 'wellbeing_practitioner', serviceId: service.id }],
        passwordHash,
      }),
    )
  }
  const ctxs: Ctx[] = []
  for (const id of practitionerIds) {
    const user = await loadCurrentUser(db, id)
    if (user) ctxs.push({ user, correlationId: 'demo-seed' })
  }
  if (!ctxs.length) return 0
  const wellbeing = createWellbeingService(db)
  const partners = await wellbeing.partners(ctxs[0] as Ctx)
  await wellbeing.setUpService(service.id, (ctxs[0] as Ctx).user.organisationId)
  const directory = await wellbeing.directory(ctxs[0] as Ctx)
  const today = todayInLondon()

  for (let i = 0; i < count; i++) {
    const ctx = ctxs[i % ctxs.length] as Ctx
    const referredOn = addDays(today, -(5 + ((i * 11) % 150)))
    const age = 6 + ((i * 7) % 19) // 6 to 24
    const dateOfBirth = addDays(referredOn, -(age * 365 + 40 + i))
    const partner = partners[i % (partners.length + 1)]
    const { id } = await wellbeing.createReferral(ctx, {
      givenName: GIVEN[i % GIVEN.length] as string,
      familyName: FAMILY[(i * 3) % FAMILY.length] as string,
      dateOfBirth,
      careStatus: age >= 18 ? 'care_leaver' : 'in_care',
      responsibleOrganisationId: partner?.organisationId,
      responsibleAuthority: partner?.name ?? (AUTHORITIES[i % AUTHORITIES.length] as string),
      placementType: age >= 18 ? 'supported_accommodation' : ((['fostering', 'kinship', 'residential', 'fostering'] as const)[i % 4] ?? 'fostering'),
      referredOn,
      referrerName: 'Demo social worker',
      referrerRole: 'Allocated social worker',
      reason: 'Synthetic demo referral: worries about mood, sleep and behaviour at home and school.',
      priorities: i % 5 === 0 ? ['placement_breakdown'] : i % 7 === 0 ? ['tier4_admission'] : i % 11 === 0 ? ['tier4_step_down'] : [],
      consent: i % 9 === 0 ? 'not_yet' : 'given',
      informationSharing: i % 6 === 0 ? 'limited' : 'agreed',
      schoolExclusion: i % 8 === 3,
      persistentAbsence: i % 6 === 2,
    })
    const answers = Object.fromEntries(Array.from({ length: 25 }, (_, item) => [String(item + 1), ((item + i) % 3) as 0 | 1 | 2]))
    await wellbeing.recordSdq(ctx, id, { informant: age >= 11 && i % 2 ? 'self' : 'carer', answers, impact: undefined, stage: 'start', completedOn: addDays(referredOn, 2) })
    // A third wait for triage; the rest are triaged a week or two after referral.
    if (i % 3 === 0) continue
    const assessedOn = addDays(referredOn, 7 + (i % 10))
    if (assessedOn > today) continue
    const needs = { safety: i % 2 === 0, relationships: i % 3 === 1, regulation: i % 4 !== 0, trauma: i % 5 === 1 }
    const noNeed = i % 10 === 4
    await wellbeing.triage(ctx, id, { needs: noNeed ? { safety: false, relationships: false, regulation: false, trauma: false } : needs, assessedOn })
    if (noNeed) {
      const entry = directory[i % directory.length]
      if (entry)
        await wellbeing.referOn(ctx, id, { directoryEntryId: entry.id, referredOn: assessedOn, reason: 'Synthetic demo: a lighter-touch service suits this young person better.' })
      continue
    }
    for (let s = 0; s < 1 + (i % 5); s++) {
      const heldOn = addDays(assessedOn, 14 + s * 14)
      if (heldOn > today) break
      await wellbeing.addSession(ctx, id, {
        heldOn,
        activity: s === 0 ? 'assessment' : i % 4 === 0 ? 'group_therapy' : 'session',
        mode: s === 0 ? 'direct' : s % 2 ? 'indirect' : 'direct',
        lead: i % 3 === 1 ? 'consultant' : 'nurse',
      })
    }
    if (i % 4 === 1 && addDays(assessedOn, 70) <= today) {
      const endAnswers = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, Math.max(0, v - (Number(k) % 2)) as 0 | 1 | 2]))
      await wellbeing.recordSdq(ctx, id, { informant: 'carer', answers: endAnswers, impact: undefined, stage: 'end', completedOn: addDays(assessedOn, 70) })
      await wellbeing.recordOutcome(ctx, id, { placementStability: 3 + (i % 3), breakdownsDuring: i % 9 === 0 ? 1 : 0, breakdownsAfter: 0 })
      await wellbeing.close(ctx, id, { closureReason: 'work_completed', closureSummary: 'Synthetic demo: work completed.', closedOn: addDays(assessedOn, 72) })
    }
  }
  return count
}

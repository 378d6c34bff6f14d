import { and, asc, between, eq, sql } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import { children, organisations, userRoles, users } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import type { Ctx } from '../../server/platform/context.js'
import { createCaseworkService } from '../../server/modules/casework/index.js'

/**
 * Casework for the demo, made through the same service the pages use, so every rule and
 * audit event applies: referrals waiting for the panel, a waiting list, active cases with
 * contacts, a closure waiting for sign-off, and closed cases with follow-ups.
 */
export async function seedDemoCasework(db: Db, organisationCode: string): Promise<number> {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, organisationCode))
  if (!org) return 0
  const casework = createCaseworkService(db)
  const staff = await db
    .select({ id: users.id, email: users.email, role: userRoles.role })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(eq(users.organisationId, org.id))
  const ctxFor = async (email: string): Promise<Ctx> => {
    const found = staff.find((s) => s.email === email)
    const user = found ? await loadCurrentUser(db, found.id) : null
    if (!user) throw new Error(`Demo user ${email} is missing`)
    return { user, correlationId: 'demo-seed' }
  }
  const domain = 'demoshire.example'
  const referrer = await ctxFor(`referrer@${domain}`)
  const chair = await ctxFor(`panel.chair@${domain}`)
  const managers = { North: await ctxFor(`tm.north@${domain}`), South: await ctxFor(`tm.south@${domain}`) }
  const workerIds = (team: string) => staff.filter((s) => s.role === 'family_support_worker' && s.email.endsWith(`.${team.toLowerCase()}@${domain}`)).map((s) => s.email)

  // Young people aged about 11 to 16, one per family, not restricted, not unaccompanied.
  const candidates = await db
    .select({ id: children.id, familyId: children.familyId, district: children.district })
    .from(children)
    .where(and(eq(children.organisationId, org.id), eq(children.restricted, false), eq(children.uasc, false), between(children.dateOfBirth, '2010-01-01', '2015-06-30')))
    .orderBy(asc(children.localChildId))
  const seen = new Set<string>()
  const young = candidates.filter((c) => c.familyId && !seen.has(c.familyId) && seen.add(c.familyId)).slice(0, 24)

  let made = 0
  for (const [i, c] of young.entries()) {
    const strand = i % 6 === 0 ? 'crisis' : i % 6 === 5 ? 'reunification' : 'risk_of_care'
    const referral = await casework.createReferral(referrer, {
      strand,
      childIds: [c.id],
      referrerTeam: (['front_door', 'child_in_need', 'child_protection', 'children_in_care'] as const)[i % 4] ?? 'other',
      reason:
        ['Escalating conflict at home', 'Missing overnight three times this month', 'Parent struggling after a bereavement', 'Risk of exploitation outside the home'][i % 4] ??
        'Risk of care',
      presentingNeeds: [(['exploitation', 'missing', 'parental_mental_health', 'domestic_abuse'] as const)[i % 4] ?? 'other'],
      atRiskPlacementType: strand === 'reunification' ? undefined : (['residential', 'fostering'] as const)[i % 2],
      currentPlacementType: strand === 'reunification' ? 'fostering' : undefined,
      consent: 'given',
    })
    made++
    if (i < 3) continue // waiting for the panel
    const decision = await casework.decide(chair, referral.id, {
      decision: 'accepted',
      rationale: 'Meets the criteria; the family want the help',
      priority: i % 5 === 0 ? 'urgent' : i % 3 === 0 ? 'high' : 'standard',
    })
    if (!decision.caseId || i < 6) continue // on the waiting list
    const team = i % 2 === 0 ? 'North' : 'South'
    const workers = workerIds(team)
    const lead = staff.find((s) => s.email === workers[i % workers.length])
    if (!lead) continue
    await casework.allocate(managers[team], decision.caseId, { team, leadWorkerId: lead.id })
    const worker = await ctxFor(lead.email)
    for (let k = 0; k < 3; k++) {
      const at = new Date(Date.now() - (20 - k * 6) * 86_400_000)
      at.setUTCHours(k === 2 ? 19 : 10, 0, 0, 0)
      await casework.addContact(worker, decision.caseId, {
        at: at.toISOString(),
        durationMinutes: 45 + k * 15,
        type: (['home_visit', 'family_meeting', 'phone'] as const)[k] ?? 'other',
        note: ['First visit: agreed goals with the family', 'Family meeting with grandparents about a safety plan', 'Evening call after an argument at home'][k] ?? '',
        outOfHours: k === 2,
      })
    }
    if (i >= 20) await casework.close(worker, decision.caseId, { outcomes: [{ childId: c.id, outcome: 'remained_at_home' }], summary: 'The family say home feels calmer' })
    if (i >= 22) await casework.signOffClosure(managers[team], decision.caseId)
  }
  // The service stamps everything "now"; move the history back so the demo's timelines read in
  // order: referred five weeks ago, decided four weeks ago, allocated before the first contact.
  await db.execute(sql`update referrals set submitted_at = submitted_at - interval '35 days' where organisation_id = ${org.id}::uuid`)
  await db.execute(
    sql`update panel_decisions set decided_at = decided_at - interval '28 days' where referral_id in (select id from referrals where organisation_id = ${org.id}::uuid)`,
  )
  await db.execute(sql`update cases set accepted_at = accepted_at - interval '28 days' where organisation_id = ${org.id}::uuid`)
  await db.execute(sql`update case_allocations set at = at - interval '25 days' where case_id in (select id from cases where organisation_id = ${org.id}::uuid)`)
  return made
}

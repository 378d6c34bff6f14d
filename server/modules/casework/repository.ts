import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Executor } from '../../platform/db/index.js'
import { caseOutcomes, cases, children, contacts, followUps, panelMeetings, referralChildren, referrals, teamDistricts, teams, userRoles, users } from '../../platform/db/schema.js'
import { visibleTo } from '../../platform/tenancy/index.js'

/** Every read of a referral, case or child here goes through the platform's visibility rule. */
export const referralVisible = (ctx: Ctx) => visibleTo(ctx, referrals, 'referral')
export const caseVisible = (ctx: Ctx) => visibleTo(ctx, cases, 'case')

export async function visibleChildren(db: Executor, ctx: Ctx, ids: string[]) {
  if (!ids.length) return []
  return db
    .select({
      id: children.id,
      givenName: children.givenName,
      familyName: children.familyName,
      dateOfBirth: children.dateOfBirth,
      uasc: children.uasc,
      district: children.district,
      familyId: children.familyId,
    })
    .from(children)
    .where(and(inArray(children.id, ids), visibleTo(ctx, children, 'child')))
}

export async function coveredDistricts(db: Executor, organisationId: string): Promise<Set<string>> {
  const rows = await db.select({ district: teamDistricts.district }).from(teamDistricts).where(eq(teamDistricts.organisationId, organisationId))
  return new Set(rows.map((r) => r.district))
}

/** A family had a case closed within the last 12 months: the new referral is a re-referral (PRODUCT.md §2). */
export async function closedWithinYear(db: Executor, familyId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(eq(cases.familyId, familyId), eq(cases.status, 'closed'), gte(cases.closedAt, sql`now() - interval '12 months'`)))
  return (row?.n ?? 0) > 0
}

export async function findReferral(db: Executor, ctx: Ctx, id: string) {
  const [row] = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.id, id), referralVisible(ctx)))
  return row ?? null
}

export async function findCase(db: Executor, ctx: Ctx, id: string) {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.id, id), caseVisible(ctx)))
  return row ?? null
}

export async function nextPanelMeeting(db: Executor, organisationId: string, onOrAfter: string) {
  const [row] = await db
    .select()
    .from(panelMeetings)
    .where(and(eq(panelMeetings.organisationId, organisationId), gte(panelMeetings.date, onOrAfter)))
    .orderBy(asc(panelMeetings.date))
    .limit(1)
  return row ?? null
}

export async function referredChildIds(db: Executor, referralId: string | null): Promise<string[]> {
  if (!referralId) return []
  const rows = await db.select({ childId: referralChildren.childId }).from(referralChildren).where(eq(referralChildren.referralId, referralId))
  return rows.map((r) => r.childId)
}

/** A user of the organisation who can lead or co-work a case, with their open caseload. */
export async function workerInOrganisation(db: Executor, organisationId: string, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      cap: users.caseloadCap,
      families: sql<number>`(select count(*)::int from cases c where c.lead_worker_id = ${users.id} and c.status in ('active', 'closure_pending'))`,
    })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(eq(users.id, userId), eq(users.organisationId, organisationId), eq(users.disabled, false), inArray(userRoles.role, ['family_support_worker', 'senior_practitioner'])),
    )
    .limit(1)
  return row ?? null
}

export async function teamByName(db: Executor, organisationId: string, name: string) {
  const [row] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.organisationId, organisationId), eq(teams.name, name)))
  return row ?? null
}

export async function caseDetails(db: Executor, caseId: string) {
  const [outcomes, contactRows, followUpRows] = await Promise.all([
    db.select().from(caseOutcomes).where(eq(caseOutcomes.caseId, caseId)),
    db.select().from(contacts).where(eq(contacts.caseId, caseId)).orderBy(asc(contacts.at)),
    db.select().from(followUps).where(eq(followUps.caseId, caseId)).orderBy(asc(followUps.childId), asc(followUps.monthsAfterClosure)),
  ])
  return { outcomes, contacts: contactRows, followUps: followUpRows }
}

import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Executor } from '../../platform/db/index.js'
import { alias } from 'drizzle-orm/pg-core'
import {
  caseAllocations,
  caseOutcomes,
  cases,
  children,
  contacts,
  families,
  followUps,
  panelDecisions,
  panelMeetings,
  referralChildren,
  referrals,
  teamDistricts,
  teams,
  userRoles,
  users,
} from '../../platform/db/schema.js'
import { visibleTo } from '../../platform/tenancy/index.js'
import { referralInformation } from '../referrals/index.js'

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

const PRIORITY_ORDER = sql`case ${cases.priority} when 'urgent' then 0 when 'high' then 1 else 2 end`

/** Cases for the worklists: open cases (optionally one worker's or one team's) and the waiting list. */
export async function listCases(db: Executor, ctx: Ctx, filter: { status: 'open' | 'waiting' | 'closed'; workerId?: string; teamId?: string }) {
  const statuses = filter.status === 'open' ? ['active', 'closure_pending'] : filter.status === 'waiting' ? ['awaiting_allocation'] : ['closed']
  const lead = alias(users, 'lead')
  return (
    db
      .select({
        id: cases.id,
        familyId: cases.familyId,
        familyName: families.name,
        strand: cases.strand,
        priority: cases.priority,
        status: cases.status,
        leadWorkerId: cases.leadWorkerId,
        leadWorkerName: lead.name,
        coWorkerId: cases.coWorkerId,
        teamName: teams.name,
        acceptedAt: cases.acceptedAt,
        referredAt: referrals.submittedAt,
        closureDate: cases.closureDate,
      })
      .from(cases)
      .innerJoin(families, eq(families.id, cases.familyId))
      .leftJoin(referrals, eq(referrals.id, cases.referralId))
      .leftJoin(lead, eq(lead.id, cases.leadWorkerId))
      .leftJoin(teams, eq(teams.id, cases.teamId))
      .where(
        and(
          caseVisible(ctx),
          inArray(cases.status, statuses),
          filter.workerId ? sql`(${cases.leadWorkerId} = ${filter.workerId}::uuid or ${cases.coWorkerId} = ${filter.workerId}::uuid)` : undefined,
          filter.teamId ? eq(cases.teamId, filter.teamId) : undefined,
        ),
      )
      // The waiting list is ordered by priority, then by when the family was referred (issue 3, item 4).
      .orderBy(PRIORITY_ORDER, asc(sql`coalesce(${referrals.submittedAt}, ${cases.createdAt})`))
      .limit(500)
  )
}

/** Referrals waiting for the panel, oldest first, with their screening. */
export async function referralsAwaitingPanel(db: Executor, ctx: Ctx) {
  return db
    .select({
      id: referrals.id,
      familyName: families.name,
      strand: referrals.strand,
      reason: referrals.reason,
      screening: referrals.screening,
      reReferral: referrals.reReferral,
      submittedAt: referrals.submittedAt,
      version: referrals.version,
    })
    .from(referrals)
    .innerJoin(families, eq(families.id, referrals.familyId))
    .where(and(referralVisible(ctx), eq(referrals.status, 'awaiting_panel')))
    .orderBy(asc(referrals.submittedAt))
}

/** Workers of the organisation in the order to suggest them: most headroom under their cap first. */
export async function workersByHeadroom(db: Executor, organisationId: string) {
  const rows = await db
    .selectDistinct({
      id: users.id,
      name: users.name,
      teamName: teams.name,
      cap: users.caseloadCap,
      families: sql<number>`(select count(*)::int from cases c where c.lead_worker_id = ${users.id} and c.status in ('active', 'closure_pending'))`,
      coWorked: sql<number>`(select count(*)::int from cases c where c.co_worker_id = ${users.id} and c.status in ('active', 'closure_pending'))`,
    })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(and(eq(users.organisationId, organisationId), eq(users.disabled, false), inArray(userRoles.role, ['family_support_worker', 'senior_practitioner'])))
  return rows.sort((a, b) => b.cap - b.families - (a.cap - a.families) || a.name.localeCompare(b.name))
}

/** The latest decision on a referral. */
export async function latestDecision(db: Executor, referralId: string) {
  const [row] = await db.select().from(panelDecisions).where(eq(panelDecisions.referralId, referralId)).orderBy(desc(panelDecisions.decidedAt)).limit(1)
  return row ?? null
}

/** Panel chairs of an organisation: they hear when a referral comes back with more information. */
export async function panelChairIds(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organisationId, organisationId), eq(users.disabled, false), eq(userRoles.role, 'panel_chair')))
  return rows.map((r) => r.id)
}

/** The referrer's answers to "more information needed", oldest first, with who gave them. */
export async function informationGiven(db: Executor, referralId: string) {
  return db
    .select({ id: referralInformation.id, information: referralInformation.information, givenAt: referralInformation.givenAt, by: users.name, asked: panelDecisions.rationale })
    .from(referralInformation)
    .innerJoin(users, eq(users.id, referralInformation.givenBy))
    .leftJoin(panelDecisions, eq(panelDecisions.id, referralInformation.panelDecisionId))
    .where(eq(referralInformation.referralId, referralId))
    .orderBy(asc(referralInformation.givenAt))
}

/** A family's name for a notification ("Smith family"). */
export async function familyName(db: Executor, familyId: string): Promise<string> {
  const [row] = await db.select({ name: families.name }).from(families).where(eq(families.id, familyId))
  return row?.name ?? 'family'
}

/** The team managers who sign off a team's closures: the team's own, or every team manager of the organisation when the case has no team. */
export async function teamManagerIds(db: Executor, organisationId: string, teamId: string | null): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organisationId, organisationId), eq(users.disabled, false), eq(userRoles.role, 'team_manager'), teamId ? eq(users.teamId, teamId) : undefined))
  if (!rows.length && teamId) return teamManagerIds(db, organisationId, null)
  return rows.map((r) => r.id)
}

export async function teamsOf(db: Executor, organisationId: string) {
  return db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.organisationId, organisationId)).orderBy(asc(teams.name))
}

/** Everything that happened on a case, for its timeline. */
export async function caseHistory(db: Executor, found: { id: string; referralId: string | null }) {
  const allocatedBy = alias(users, 'allocated_by')
  const lead = alias(users, 'lead')
  const [referral, decisions, allocations, contactRows, children_] = await Promise.all([
    found.referralId ? db.select().from(referrals).where(eq(referrals.id, found.referralId)) : [],
    found.referralId
      ? db
          .select({ d: panelDecisions, by: users.name })
          .from(panelDecisions)
          .innerJoin(users, eq(users.id, panelDecisions.decidedBy))
          .where(eq(panelDecisions.referralId, found.referralId))
      : [],
    db
      .select({ a: caseAllocations, by: allocatedBy.name, leadName: lead.name, teamName: teams.name })
      .from(caseAllocations)
      .innerJoin(allocatedBy, eq(allocatedBy.id, caseAllocations.allocatedBy))
      .innerJoin(lead, eq(lead.id, caseAllocations.leadWorkerId))
      .innerJoin(teams, eq(teams.id, caseAllocations.teamId))
      .where(eq(caseAllocations.caseId, found.id))
      .orderBy(asc(caseAllocations.at)),
    db.select({ c: contacts, by: users.name }).from(contacts).innerJoin(users, eq(users.id, contacts.recordedBy)).where(eq(contacts.caseId, found.id)).orderBy(asc(contacts.at)),
    found.referralId
      ? db
          .select({ id: children.id, givenName: children.givenName, familyName: children.familyName, dateOfBirth: children.dateOfBirth })
          .from(referralChildren)
          .innerJoin(children, eq(children.id, referralChildren.childId))
          .where(eq(referralChildren.referralId, found.referralId))
          .orderBy(asc(children.dateOfBirth))
      : [],
  ])
  return { referral: referral[0] ?? null, decisions, allocations, contacts: contactRows, children: children_ }
}

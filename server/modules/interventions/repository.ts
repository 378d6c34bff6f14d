import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Ctx } from '../../platform/context.js'
import type { Executor } from '../../platform/db/index.js'
import { cases, children, contacts, families, networkMembers, referralChildren, referrals, relationships, tasks, userRoles, users } from '../../platform/db/schema.js'
import { visibleTo } from '../../platform/tenancy/index.js'
import { caseReviews, caseRisks, caseSteps, escalations, goalScores, planGoals, riskReviews } from './schema.js'

/** Every read of a case here goes through the platform's visibility rule; the plan's rows hang off a visible case. */
export async function findCase(db: Executor, ctx: Ctx, id: string) {
  const [row] = await db
    .select({ case: cases, familyName: families.name })
    .from(cases)
    .innerJoin(families, eq(families.id, cases.familyId))
    .where(and(eq(cases.id, id), visibleTo(ctx, cases, 'case')))
  return row ? { ...row.case, familyName: row.familyName } : null
}

export async function goalsOf(db: Executor, caseId: string) {
  return db
    .select({ id: planGoals.id, goal: planGoals.goal, version: planGoals.version, createdAt: planGoals.createdAt })
    .from(planGoals)
    .where(eq(planGoals.caseId, caseId))
    .orderBy(asc(planGoals.createdAt), asc(planGoals.id))
}

export async function goalOf(db: Executor, caseId: string, goalId: string) {
  const [row] = await db
    .select()
    .from(planGoals)
    .where(and(eq(planGoals.id, goalId), eq(planGoals.caseId, caseId)))
  return row ?? null
}

export async function reviewOf(db: Executor, caseId: string, reviewId: string) {
  const [row] = await db
    .select()
    .from(caseReviews)
    .where(and(eq(caseReviews.id, reviewId), eq(caseReviews.caseId, caseId)))
  return row ?? null
}

export async function riskOf(db: Executor, caseId: string, riskId: string) {
  const [row] = await db
    .select()
    .from(caseRisks)
    .where(and(eq(caseRisks.id, riskId), eq(caseRisks.caseId, caseId)))
  return row ?? null
}

/** Everything recorded on a case's plan, with who recorded it. */
export async function planRows(db: Executor, caseId: string) {
  const by = alias(users, 'by')
  const [goals, scores, risks, reviewsOfRisks, reviews, escalationRows, steps] = await Promise.all([
    db
      .select({ g: planGoals, by: by.name })
      .from(planGoals)
      .innerJoin(by, eq(by.id, planGoals.createdBy))
      .where(eq(planGoals.caseId, caseId))
      .orderBy(asc(planGoals.createdAt), asc(planGoals.id)),
    db
      .select({ s: goalScores, by: by.name, reviewKind: caseReviews.kind })
      .from(goalScores)
      .innerJoin(by, eq(by.id, goalScores.recordedBy))
      .leftJoin(caseReviews, eq(caseReviews.id, goalScores.reviewId))
      .where(eq(goalScores.caseId, caseId))
      .orderBy(asc(goalScores.recordedAt), asc(goalScores.id)),
    db
      .select({ r: caseRisks, by: by.name })
      .from(caseRisks)
      .innerJoin(by, eq(by.id, caseRisks.createdBy))
      .where(eq(caseRisks.caseId, caseId))
      .orderBy(asc(caseRisks.reviewDate), asc(caseRisks.createdAt)),
    db
      .select({ rr: riskReviews, by: by.name, description: caseRisks.description })
      .from(riskReviews)
      .innerJoin(caseRisks, eq(caseRisks.id, riskReviews.riskId))
      .innerJoin(by, eq(by.id, riskReviews.reviewedBy))
      .where(eq(caseRisks.caseId, caseId))
      .orderBy(asc(riskReviews.at)),
    db
      .select({ r: caseReviews, by: by.name })
      .from(caseReviews)
      .leftJoin(by, eq(by.id, caseReviews.heldBy))
      .where(eq(caseReviews.caseId, caseId))
      .orderBy(asc(caseReviews.dueDate)),
    db
      .select({ e: escalations, by: by.name })
      .from(escalations)
      .innerJoin(by, eq(by.id, escalations.recordedBy))
      .where(eq(escalations.caseId, caseId))
      .orderBy(asc(escalations.toldAt)),
    db.select({ s: caseSteps, by: by.name }).from(caseSteps).innerJoin(by, eq(by.id, caseSteps.recordedBy)).where(eq(caseSteps.caseId, caseId)).orderBy(asc(caseSteps.at)),
  ])
  return { goals, scores, risks, reviewsOfRisks, reviews, escalations: escalationRows, steps }
}

/**
 * The family's network (people module's records): the adults around the family, each with
 * the children they are related to and how, and their role in the safety plan.
 */
export async function familyNetwork(db: Executor, familyId: string, organisationId: string) {
  const members = await db
    .select({
      id: networkMembers.id,
      name: networkMembers.name,
      relationship: networkMembers.relationship,
      householdMember: networkMembers.householdMember,
      phone: networkMembers.phone,
      safetyPlanRole: networkMembers.safetyPlanRole,
    })
    .from(networkMembers)
    .where(and(eq(networkMembers.familyId, familyId), eq(networkMembers.organisationId, organisationId)))
    .orderBy(asc(networkMembers.name))
  const links = members.length
    ? await db
        .select({ memberId: relationships.fromId, relationship: relationships.relationship, givenName: children.givenName })
        .from(relationships)
        .innerJoin(children, eq(children.id, relationships.toId))
        .where(
          and(
            eq(relationships.fromType, 'network_member'),
            eq(relationships.toType, 'child'),
            eq(relationships.organisationId, organisationId),
            inArray(
              relationships.fromId,
              members.map((m) => m.id),
            ),
          ),
        )
        .orderBy(asc(children.givenName))
    : []
  return members.map((m) => ({ ...m, relatedTo: links.filter((l) => l.memberId === m.id).map((l) => ({ givenName: l.givenName, relationship: l.relationship })) }))
}

/** The children referred on a case (given names only: what the family's printed plan needs). */
export async function referredChildren(db: Executor, referralId: string | null) {
  if (!referralId) return []
  return db
    .select({ id: children.id, givenName: children.givenName })
    .from(referralChildren)
    .innerJoin(children, eq(children.id, referralChildren.childId))
    .where(eq(referralChildren.referralId, referralId))
    .orderBy(asc(children.dateOfBirth))
}

export async function contactsOf(db: Executor, caseId: string) {
  return db.select({ at: contacts.at, type: contacts.type, durationMinutes: contacts.durationMinutes }).from(contacts).where(eq(contacts.caseId, caseId)).orderBy(asc(contacts.at))
}

export async function userNames(db: Executor, ids: (string | null)[]) {
  const wanted = ids.filter((i): i is string => Boolean(i))
  if (!wanted.length) return new Map<string, string>()
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/**
 * Who an escalation notifies (PRODUCT.md §2, 000 §4.8): the allocated social worker (the
 * referrer: API.md counts the referring user as such) and the team managers of the case's team
 * (all the organisation's team managers when the case has no team).
 */
export async function escalationRecipients(db: Executor, found: { referralId: string | null; teamId: string | null; organisationId: string }) {
  const [referral] = found.referralId ? await db.select({ referrerId: referrals.referrerId }).from(referrals).where(eq(referrals.id, found.referralId)) : []
  const managers = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(eq(users.organisationId, found.organisationId), eq(users.disabled, false), eq(userRoles.role, 'team_manager'), found.teamId ? eq(users.teamId, found.teamId) : undefined),
    )
  return { allocatedSocialWorkerId: referral?.referrerId ?? null, teamManagerIds: managers.map((m) => m.id).sort() }
}

/** Open risks on the open cases a user works (lead or co-worker), or on every visible open case for a team manager. */
export async function risksToReview(db: Executor, ctx: Ctx, options: { everyOpenCase: boolean }) {
  return db
    .select({
      id: caseRisks.id,
      caseId: caseRisks.caseId,
      familyName: families.name,
      description: caseRisks.description,
      level: caseRisks.level,
      reviewDate: caseRisks.reviewDate,
      version: caseRisks.version,
    })
    .from(caseRisks)
    .innerJoin(cases, eq(cases.id, caseRisks.caseId))
    .innerJoin(families, eq(families.id, cases.familyId))
    .where(
      and(
        visibleTo(ctx, cases, 'case'),
        inArray(cases.status, ['active', 'closure_pending']),
        options.everyOpenCase ? undefined : sql`(${cases.leadWorkerId} = ${ctx.user.id}::uuid or ${cases.coWorkerId} = ${ctx.user.id}::uuid)`,
      ),
    )
    .orderBy(asc(caseRisks.reviewDate), asc(families.name))
    .limit(500)
}

export const REVIEW_TASK_KIND = 'review'

/** Closes the open review tasks of a case (it closed before they were held). */
export async function closeOpenReviewTasks(db: Executor, caseId: string) {
  await db
    .update(tasks)
    .set({ completedAt: new Date() })
    .where(and(eq(tasks.caseId, caseId), eq(tasks.kind, REVIEW_TASK_KIND), isNull(tasks.completedAt)))
}

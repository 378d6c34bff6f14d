import { and, eq, isNull } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db, Executor, Tx } from '../../platform/db/index.js'
import { families, tasks } from '../../platform/db/schema.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../../platform/http/errors.js'
import { todayInLondon } from '../../platform/time/index.js'
import { isUuid } from '../../platform/validation.js'
import { isReviewOverdue, isRiskOverdue, REVIEW_LABELS, reviewSchedule, scoreErrors, STEP_DOWN_TO, STEP_UP_TO, type ReviewKind } from './domain/plan.js'
import type { EscalationInput, GoalChangeInput, GoalInput, GoalScore, ReviewInput, RiskInput, RiskReviewInput, StepInput } from './schemas.js'
import { caseReviews, caseRisks, caseSteps, escalations, goalScores, planGoals, riskReviews } from './schema.js'
import * as repo from './repository.js'
import { notify } from '../../platform/notifications/index.js'

/**
 * The work on an open case (PRODUCT.md §2 "Active work"; issue 3, item 5): the plan's goals
 * scored 0-10, risks, reviews at 6 weeks and 3 months, escalations to statutory safeguarding,
 * and steps down or up. One service behind the API and the pages; every write runs in one
 * transaction with its audit event, and a refused write changes nothing.
 */
export type InterventionsService = ReturnType<typeof createInterventionsService>

/** What a notification of an escalation needs: exported for the notifications module to send. */
export interface EscalationNotice {
  escalationId: string
  caseId: string
  organisationId: string
  familyName: string
  concern: string
  toldAt: string
  recordedBy: string
  /** The referrer, who API.md counts as the allocated social worker. */
  allocatedSocialWorkerId: string | null
  /** The team managers of the case's team (of the organisation when the case has no team). */
  teamManagerIds: string[]
}

export interface InterventionsHooks {
  /** Called in the escalation's transaction, so a notification is sent only for an escalation that was recorded. */
  onEscalation?: (tx: Tx, notice: EscalationNotice) => Promise<void>
}

type CaseRow = NonNullable<Awaited<ReturnType<typeof repo.findCase>>>

/** Which changes a case's state allows: nothing once closed or before it has a worker. */
function requireState(found: CaseRow, allowed: readonly string[], what: string) {
  if (allowed.includes(found.status)) return
  const message =
    found.status === 'closed'
      ? `This case is closed: ${what} cannot be changed. Record a follow-up instead, or make a new referral.`
      : found.status === 'awaiting_allocation'
        ? `This case is not allocated yet: allocate it before recording ${what}.`
        : `This case is waiting for the team manager’s sign-off of its closure: ${what} cannot be changed now.`
  throw new ConflictError('invalid-state', message)
}

const OPEN = ['active', 'closure_pending'] as const

/** A review date is set for the future: one already past would make a risk overdue the moment it is recorded. */
function notInThePast(date: string, message: string) {
  if (date < todayInLondon()) throw new ValidationError([{ field: '/reviewDate', message }])
}

export function createInterventionsService(db: Db, hooks: InterventionsHooks = {}) {
  async function loadCase(ctx: Ctx, id: string) {
    const found = isUuid(id) ? await repo.findCase(db, ctx, id) : null
    if (!found) throw new NotFoundError('case')
    return found
  }

  /** The case's lead or co-worker, or a team manager: the people who work a case (as for contacts). */
  function requireWorker(ctx: Ctx, found: CaseRow) {
    if (found.leadWorkerId === ctx.user.id || found.coWorkerId === ctx.user.id || ctx.user.roles.includes('team_manager')) return
    throw new ForbiddenError('Only the case’s workers and team managers change its plan')
  }

  async function audit(tx: Tx, ctx: Ctx, found: CaseRow, action: string, details: Record<string, unknown>) {
    await recordAudit(tx, { ...actor(ctx, found.organisationId), action, recordType: 'case', recordId: found.id, details })
  }

  async function insertScores(tx: Tx, ctx: Ctx, caseId: string, occasion: 'start' | 'review' | 'closure', scores: GoalScore[], reviewId: string | null = null) {
    if (scores.length) await tx.insert(goalScores).values(scores.map((s) => ({ goalId: s.goalId, caseId, occasion, reviewId, score: s.score, recordedBy: ctx.user.id })))
  }

  return {
    ensureCaseVisible: async (ctx: Ctx, id: string) => void (await loadCase(ctx, id)),

    async addGoal(ctx: Ctx, caseId: string, input: GoalInput) {
      const found = await loadCase(ctx, caseId)
      requireState(found, ['active'], 'the plan')
      requireWorker(ctx, found)
      return db.transaction(async (tx) => {
        const [goal] = await tx.insert(planGoals).values({ caseId: found.id, goal: input.goal, createdBy: ctx.user.id }).returning()
        if (!goal) throw new Error('Goal was not created')
        await insertScores(tx, ctx, found.id, 'start', [{ goalId: goal.id, score: input.startScore }])
        await audit(tx, ctx, found, 'goal.create', { goalId: goal.id, startScore: input.startScore })
        return { id: goal.id, goal: goal.goal, startScore: input.startScore, version: goal.version }
      })
    },

    /** Changes a goal's wording (the family may put it better later); its scores stay. */
    async changeGoal(ctx: Ctx, caseId: string, goalId: string, input: GoalChangeInput) {
      const found = await loadCase(ctx, caseId)
      const goal = isUuid(goalId) ? await repo.goalOf(db, found.id, goalId) : null
      if (!goal) throw new NotFoundError('goal')
      requireState(found, ['active'], 'the plan')
      requireWorker(ctx, found)
      if (input.version !== goal.version) throw new StaleVersionError('goal')
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(planGoals)
          .set({ goal: input.goal, version: goal.version + 1 })
          .where(and(eq(planGoals.id, goal.id), eq(planGoals.version, goal.version)))
          .returning()
        if (!updated) throw new StaleVersionError('goal')
        await audit(tx, ctx, found, 'goal.change', { goalId: goal.id, from: goal.goal, to: input.goal })
        return { id: updated.id, goal: updated.goal, version: updated.version }
      })
    },

    async goalForForm(ctx: Ctx, caseId: string, goalId: string) {
      const found = await loadCase(ctx, caseId)
      const goal = isUuid(goalId) ? await repo.goalOf(db, found.id, goalId) : null
      if (!goal) throw new NotFoundError('goal')
      return { case: found, goal }
    },

    async addRisk(ctx: Ctx, caseId: string, input: RiskInput) {
      const found = await loadCase(ctx, caseId)
      requireState(found, OPEN, 'risks')
      requireWorker(ctx, found)
      notInThePast(input.reviewDate, 'Enter a review date that is today or in the future')
      return db.transaction(async (tx) => {
        const [risk] = await tx
          .insert(caseRisks)
          .values({ caseId: found.id, description: input.description, level: input.level, reviewDate: input.reviewDate, createdBy: ctx.user.id })
          .returning()
        if (!risk) throw new Error('Risk was not created')
        await audit(tx, ctx, found, 'risk.create', { riskId: risk.id, level: risk.level, reviewDate: risk.reviewDate })
        return riskResource(risk, todayInLondon())
      })
    },

    async reviewRisk(ctx: Ctx, caseId: string, riskId: string, input: RiskReviewInput) {
      const found = await loadCase(ctx, caseId)
      const risk = isUuid(riskId) ? await repo.riskOf(db, found.id, riskId) : null
      if (!risk) throw new NotFoundError('risk')
      requireState(found, OPEN, 'risks')
      requireWorker(ctx, found)
      if (input.version !== undefined && input.version !== risk.version) throw new StaleVersionError('risk')
      notInThePast(input.reviewDate, 'Enter a next review date that is today or in the future')
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(caseRisks)
          .set({ level: input.level, reviewDate: input.reviewDate, version: risk.version + 1, updatedAt: new Date() })
          .where(and(eq(caseRisks.id, risk.id), eq(caseRisks.version, risk.version)))
          .returning()
        if (!updated) throw new StaleVersionError('risk')
        await tx.insert(riskReviews).values({
          riskId: risk.id,
          previousLevel: risk.level,
          level: input.level,
          nextReviewDate: input.reviewDate,
          note: input.note || null,
          reviewedBy: ctx.user.id,
        })
        await audit(tx, ctx, found, 'risk.review', { riskId: risk.id, from: risk.level, to: input.level, nextReviewDate: input.reviewDate })
        return riskResource(updated, todayInLondon())
      })
    },

    async escalate(ctx: Ctx, caseId: string, input: EscalationInput) {
      const found = await loadCase(ctx, caseId)
      // Safeguarding is never blocked by paperwork: an escalation may be recorded while a closure waits for sign-off.
      requireState(found, OPEN, 'escalations')
      requireWorker(ctx, found)
      if (input.told.includes('other') && !input.otherPeople?.trim()) throw new ValidationError([{ field: '/otherPeople', message: 'Say who else was told, by name or role' }])
      if (new Date(input.toldAt).getTime() > Date.now() + 5 * 60_000) throw new ValidationError([{ field: '/toldAt', message: 'When they were told must be now or in the past' }])
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(escalations)
          .values({
            caseId: found.id,
            concern: input.concern,
            told: [...new Set(input.told)],
            otherPeople: input.told.includes('other') ? (input.otherPeople ?? null) : null,
            method: input.method,
            toldAt: new Date(input.toldAt),
            recordedBy: ctx.user.id,
          })
          .returning()
        if (!row) throw new Error('Escalation was not recorded')
        await audit(tx, ctx, found, 'case.escalate', { escalationId: row.id, told: row.told, method: row.method })
        const notice: EscalationNotice = {
          escalationId: row.id,
          caseId: found.id,
          organisationId: found.organisationId,
          familyName: found.familyName,
          concern: row.concern,
          toldAt: row.toldAt.toISOString(),
          recordedBy: ctx.user.id,
          ...(await repo.escalationRecipients(tx, found)),
        }
        // The allocated social worker and the service's team managers hear of it in the app, in the
        // same transaction; the concern itself stays on the case, not in the notification.
        await notify(tx, {
          organisationId: found.organisationId,
          userIds: [notice.allocatedSocialWorkerId, ...notice.teamManagerIds].filter((u): u is string => Boolean(u) && u !== ctx.user.id),
          kind: 'case.escalated',
          message: `${ctx.user.name} has escalated the ${found.familyName} to statutory safeguarding`,
          link: `/cases/${found.id}`,
        })
        await hooks.onEscalation?.(tx, notice)
        return { ...escalationResource(row), notify: { allocatedSocialWorkerId: notice.allocatedSocialWorkerId, teamManagerIds: notice.teamManagerIds } }
      })
    },

    async recordStep(ctx: Ctx, caseId: string, input: StepInput) {
      const found = await loadCase(ctx, caseId)
      requireState(found, OPEN, 'steps down or up')
      requireWorker(ctx, found)
      const allowed: readonly string[] = input.direction === 'down' ? STEP_DOWN_TO : STEP_UP_TO
      if (!allowed.includes(input.to))
        throw new ValidationError([
          {
            field: '/to',
            message:
              input.direction === 'down'
                ? 'A step down is to Early Help, youth mentoring or other'
                : 'A step up is to statutory social care: child in need, child protection, children in care, or other',
          },
        ])
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(caseSteps).values({ caseId: found.id, direction: input.direction, to: input.to, reason: input.reason, recordedBy: ctx.user.id }).returning()
        if (!row) throw new Error('Step was not recorded')
        await audit(tx, ctx, found, input.direction === 'down' ? 'case.step-down' : 'case.step-up', { stepId: row.id, to: row.to })
        return stepResource(row)
      })
    },

    async recordReview(ctx: Ctx, caseId: string, reviewId: string, input: ReviewInput) {
      const found = await loadCase(ctx, caseId)
      const review = isUuid(reviewId) ? await repo.reviewOf(db, found.id, reviewId) : null
      if (!review) throw new NotFoundError('review')
      requireState(found, ['active'], 'reviews')
      requireWorker(ctx, found)
      if (input.version !== undefined && input.version !== review.version) throw new StaleVersionError('review')
      if (review.heldOn) throw new ConflictError('invalid-state', `The ${REVIEW_LABELS[review.kind] ?? 'review'} was already recorded as held on ${review.heldOn}.`)
      if (input.heldOn > todayInLondon()) throw new ValidationError([{ field: '/heldOn', message: 'The date the review was held must be today or in the past' }])
      const goals = await repo.goalsOf(db, found.id)
      const errors = scoreErrors(goals, input.scores, '/scores', 'a score at this review')
      if (errors.length) throw new ValidationError(errors)
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(caseReviews)
          .set({ heldOn: input.heldOn, note: input.note, heldBy: ctx.user.id, recordedAt: new Date(), version: review.version + 1 })
          .where(and(eq(caseReviews.id, review.id), eq(caseReviews.version, review.version), isNull(caseReviews.heldOn)))
          .returning()
        if (!updated) throw new StaleVersionError('review')
        await insertScores(tx, ctx, found.id, 'review', input.scores ?? [], review.id)
        await tx
          .update(tasks)
          .set({ completedAt: new Date() })
          .where(and(eq(tasks.kind, repo.REVIEW_TASK_KIND), eq(tasks.subjectId, review.id), isNull(tasks.completedAt)))
        await audit(tx, ctx, found, 'review.record', { reviewId: review.id, kind: review.kind, heldOn: input.heldOn, scores: input.scores ?? [] })
        return reviewResource(updated, todayInLondon())
      })
    },

    /** The plan as the API shapes it, audited as a view of the case. */
    async viewPlan(ctx: Ctx, caseId: string) {
      const found = await loadCase(ctx, caseId)
      return db.transaction(async (tx) => {
        const plan = await loadPlan(tx, found)
        await recordAudit(tx, { ...actor(ctx, found.organisationId), action: 'case.plan.view', recordType: 'case', recordId: found.id })
        return {
          caseId: found.id,
          status: found.status,
          goals: plan.goals.map((g) => ({
            id: g.id,
            goal: g.goal,
            version: g.version,
            scores: g.scores.map((s) => ({ occasion: s.occasion, score: s.score, reviewId: s.reviewId, recordedAt: s.recordedAt.toISOString() })),
          })),
          risks: plan.risks.map((r) => ({
            ...riskResource(r, plan.today),
            reviews: r.reviews.map((rr) => ({ previousLevel: rr.previousLevel, level: rr.level, nextReviewDate: rr.nextReviewDate, note: rr.note, at: rr.at.toISOString() })),
          })),
          reviews: plan.reviews.map((r) => reviewResource(r, plan.today)),
          escalations: plan.escalations.map(escalationResource),
          steps: plan.steps.map(stepResource),
        }
      })
    },

    /** The printable plan for the family, audited as a view. */
    async printablePlan(ctx: Ctx, caseId: string) {
      const found = await loadCase(ctx, caseId)
      return db.transaction(async (tx) => {
        const [plan, young, visits, names] = await Promise.all([
          loadPlan(tx, found),
          repo.referredChildren(tx, found.referralId),
          repo.contactsOf(tx, found.id),
          repo.userNames(tx, [found.leadWorkerId, found.coWorkerId]),
        ])
        await recordAudit(tx, { ...actor(ctx, found.organisationId), action: 'case.plan.print', recordType: 'case', recordId: found.id })
        return {
          case: found,
          plan,
          youngPeople: young,
          contacts: visits,
          leadWorker: found.leadWorkerId ? (names.get(found.leadWorkerId) ?? null) : null,
          coWorker: found.coWorkerId ? (names.get(found.coWorkerId) ?? null) : null,
        }
      })
    },

    /** Risks on the caller's open cases (every visible open case for a team manager), overdue first. */
    async risksToReview(ctx: Ctx, options: { overdueOnly?: boolean } = {}) {
      const today = todayInLondon()
      const rows = await repo.risksToReview(db, ctx, { everyOpenCase: ctx.user.roles.includes('team_manager') })
      return rows.map((r) => ({ ...r, overdue: isRiskOverdue(r.reviewDate, today) })).filter((r) => !options.overdueOnly || r.overdue)
    },

    /** For a form page: the case, and a risk or review on it. */
    caseForForm: (ctx: Ctx, caseId: string) => loadCase(ctx, caseId),
    async riskForForm(ctx: Ctx, caseId: string, riskId: string) {
      const found = await loadCase(ctx, caseId)
      const risk = isUuid(riskId) ? await repo.riskOf(db, found.id, riskId) : null
      if (!risk) throw new NotFoundError('risk')
      return { case: found, risk }
    },
    async reviewForForm(ctx: Ctx, caseId: string, reviewId: string) {
      const found = await loadCase(ctx, caseId)
      const review = isUuid(reviewId) ? await repo.reviewOf(db, found.id, reviewId) : null
      if (!review) throw new NotFoundError('review')
      return { case: found, review, goals: await repo.goalsOf(db, found.id) }
    },
  }
}

export type CasePlan = Awaited<ReturnType<typeof loadPlan>>

/** Everything on a case's plan, for its page, its timeline and the family's printed copy. */
export async function loadPlan(db: Executor, found: { id: string; familyId: string; organisationId: string }, today: string = todayInLondon()) {
  const [rows, network] = await Promise.all([repo.planRows(db, found.id), repo.familyNetwork(db, found.familyId, found.organisationId)])
  const goals = rows.goals.map(({ g, by }) => {
    const scores = rows.scores.filter((s) => s.s.goalId === g.id).map(({ s, by: scoredBy, reviewKind }) => ({ ...s, by: scoredBy, reviewKind }))
    return {
      ...g,
      by,
      scores,
      start: scores.find((s) => s.occasion === 'start')?.score ?? null,
      latest: scores.at(-1)?.score ?? null,
      closing: scores.find((s) => s.occasion === 'closure')?.score ?? null,
    }
  })
  const risks = rows.risks.map(({ r, by }) => ({
    ...r,
    by,
    overdue: isRiskOverdue(r.reviewDate, today),
    reviews: rows.reviewsOfRisks.filter((x) => x.rr.riskId === r.id).map(({ rr, by: reviewedBy }) => ({ ...rr, by: reviewedBy })),
  }))
  const reviews = rows.reviews.map(({ r, by }) => ({ ...r, by, overdue: isReviewOverdue(r, today) }))
  return {
    today,
    goals,
    risks,
    overdueRisks: risks.filter((r) => r.overdue).length,
    reviews,
    overdueReviews: reviews.filter((r) => r.overdue).length,
    escalations: rows.escalations.map(({ e, by }) => ({ ...e, by })),
    steps: rows.steps.map(({ s, by }) => ({ ...s, by })),
    riskReviews: rows.reviewsOfRisks.map(({ rr, by, description }) => ({ ...rr, by, description })),
    network: { household: network.filter((m) => m.householdMember), wider: network.filter((m) => !m.householdMember) },
  }
}

function riskResource(r: typeof caseRisks.$inferSelect, today: string) {
  return { id: r.id, description: r.description, level: r.level, reviewDate: r.reviewDate, overdue: isRiskOverdue(r.reviewDate, today), version: r.version }
}

function reviewResource(r: typeof caseReviews.$inferSelect, today: string) {
  return { id: r.id, kind: r.kind, dueDate: r.dueDate, heldOn: r.heldOn, note: r.note, overdue: isReviewOverdue(r, today), version: r.version }
}

function escalationResource(e: typeof escalations.$inferSelect) {
  return { id: e.id, concern: e.concern, told: e.told, otherPeople: e.otherPeople, method: e.method, toldAt: e.toldAt.toISOString() }
}

function stepResource(s: typeof caseSteps.$inferSelect) {
  return { id: s.id, direction: s.direction, to: s.to, reason: s.reason, at: s.at.toISOString() }
}

// ------------------------------------------------------------ called by the casework lifecycle

/**
 * At a case's first allocation: its reviews at 6 weeks and 3 months (issue 3, item 5), each a
 * task for the lead worker on the case's team. Idempotent: a case has one review of each kind.
 */
export async function scheduleReviews(
  tx: Executor,
  input: { caseId: string; organisationId: string; familyId: string; allocationDate: string; leadWorkerId: string; teamId: string },
) {
  const familyName = (await tx.select({ name: families.name }).from(families).where(eq(families.id, input.familyId)))[0]?.name ?? 'family'
  const made = await tx
    .insert(caseReviews)
    .values(reviewSchedule(input.allocationDate).map((r) => ({ caseId: input.caseId, kind: r.kind, dueDate: r.dueDate })))
    .onConflictDoNothing()
    .returning()
  if (made.length)
    await tx
      .insert(tasks)
      .values(
        made.map((r) => ({
          organisationId: input.organisationId,
          caseId: input.caseId,
          kind: repo.REVIEW_TASK_KIND,
          subjectId: r.id,
          title: `${REVIEW_LABELS[r.kind as ReviewKind] ?? 'Review'} with the ${familyName}`,
          dueDate: r.dueDate,
          assignedTo: input.leadWorkerId,
          teamId: input.teamId,
        })),
      )
      .onConflictDoNothing({ target: [tasks.kind, tasks.subjectId] })
}

/** At a reallocation: the open review tasks move to the new lead worker and team. */
export async function reassignReviewTasks(tx: Executor, caseId: string, leadWorkerId: string, teamId: string) {
  await tx
    .update(tasks)
    .set({ assignedTo: leadWorkerId, teamId })
    .where(and(eq(tasks.caseId, caseId), eq(tasks.kind, repo.REVIEW_TASK_KIND), isNull(tasks.completedAt)))
}

/** When a case closes: reviews not yet held are no longer anyone's task. */
export const closeReviewTasks = repo.closeOpenReviewTasks

/**
 * Closing scores (issue 3, item 6: "closing scaling scores"): a case with goals cannot be closed
 * without a closing score for each, so every plan has an end point to compare with its start.
 */
export async function closingScoreErrors(db: Executor, caseId: string, scores: GoalScore[] | undefined) {
  return scoreErrors(await repo.goalsOf(db, caseId), scores, '/closingScores', 'a closing score')
}

/** Records the closing scores in the closure's transaction (replacing any from a closure asked for earlier). */
export async function recordClosingScores(tx: Tx, ctx: Ctx, caseId: string, scores: GoalScore[]) {
  await tx.delete(goalScores).where(and(eq(goalScores.caseId, caseId), eq(goalScores.occasion, 'closure')))
  if (scores.length) await tx.insert(goalScores).values(scores.map((s) => ({ goalId: s.goalId, caseId, occasion: 'closure', score: s.score, recordedBy: ctx.user.id })))
}

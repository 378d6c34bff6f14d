import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import { caseAllocations, cases, organisations, tasks } from '../../server/platform/db/schema.js'
import { loadCurrentUser } from '../../server/platform/auth/users.js'
import type { Ctx } from '../../server/platform/context.js'
import { addDays, londonDate, todayInLondon } from '../../server/platform/time/index.js'
import { createInterventionsService, reviewSchedule } from '../../server/modules/interventions/index.js'
import { caseReviews, caseRisks } from '../../server/modules/interventions/schema.js'

/** Goals in families' own words, with a start score; synthetic. */
const GOALS = [
  ['We can talk about school without shouting', 3],
  ['Everyone is home by 10pm on school nights', 2],
  ['Mum feels she has people to call when it gets hard', 4],
  ['We eat together at least three times a week', 5],
  ['Feeling safe walking home from school', 3],
] as const

const RISKS = [
  ['Missing overnight after arguments at home', 'high'],
  ['Older peers seen collecting him from school', 'medium'],
  ['Not attending school on Mondays and Fridays', 'low'],
] as const

/**
 * The active work on the demo's open cases, through the same service the pages use: goals
 * with start scores, a held 6-week review with new scores and an overdue one, risks (some
 * overdue), one escalation to statutory safeguarding and one step down.
 */
export async function seedDemoPlans(db: Db, organisationCode: string): Promise<number> {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, organisationCode))
  if (!org) return 0
  const plan = createInterventionsService(db)
  const open = await db
    .select({ id: cases.id, leadWorkerId: cases.leadWorkerId })
    .from(cases)
    .where(and(eq(cases.organisationId, org.id), eq(cases.status, 'active')))
    .orderBy(asc(cases.createdAt), asc(cases.id))
  const today = todayInLondon()
  let made = 0
  for (const [i, kase] of open.entries()) {
    const user = kase.leadWorkerId ? await loadCurrentUser(db, kase.leadWorkerId) : null
    if (!user) continue
    const ctx: Ctx = { user, correlationId: 'demo-seed' }
    // The demo's history is moved back after the service stamps it "now" (demo-casework.ts); the reviews follow
    // the allocation date. The first two cases were allocated longer ago, so their 6-week reviews have come due.
    const daysAgo = i === 0 ? 50 : i === 1 ? 45 : null
    if (daysAgo) await db.execute(sql`update case_allocations set at = now() - make_interval(days => ${daysAgo}) where case_id = ${kase.id}::uuid`)
    const [first] = await db.select({ at: caseAllocations.at }).from(caseAllocations).where(eq(caseAllocations.caseId, kase.id)).orderBy(asc(caseAllocations.at)).limit(1)
    if (first) {
      for (const r of reviewSchedule(londonDate(first.at))) {
        const [row] = await db
          .update(caseReviews)
          .set({ dueDate: r.dueDate })
          .where(and(eq(caseReviews.caseId, kase.id), eq(caseReviews.kind, r.kind)))
          .returning({ id: caseReviews.id })
        if (row)
          await db
            .update(tasks)
            .set({ dueDate: r.dueDate })
            .where(and(eq(tasks.kind, 'review'), inArray(tasks.subjectId, [row.id])))
      }
    }

    const goals = []
    for (const k of [i, i + 2]) {
      const [goal, startScore] = GOALS[k % GOALS.length] ?? GOALS[0]
      goals.push(await plan.addGoal(ctx, kase.id, { goal, startScore }))
    }
    const [risk, level] = RISKS[i % RISKS.length] ?? RISKS[0]
    const added = await plan.addRisk(ctx, kase.id, { description: risk, level, reviewDate: addDays(today, 10 + i) })
    // Every other case's risk was recorded weeks ago and has passed its review date unreviewed, so the overdue flag shows.
    if (i % 2 === 0)
      await db
        .update(caseRisks)
        .set({ reviewDate: addDays(today, -3 - i), createdAt: new Date(Date.now() - (20 + i) * 86_400_000) })
        .where(eq(caseRisks.id, added.id))

    if (i === 1) {
      const [six] = await db
        .select()
        .from(caseReviews)
        .where(and(eq(caseReviews.caseId, kase.id), eq(caseReviews.kind, 'six_weeks')))
      if (six)
        await plan.recordReview(ctx, kase.id, six.id, {
          heldOn: addDays(today, -2),
          note: 'The family say evenings are calmer; the safety plan with Nan is working.',
          scores: goals.map((g, k) => ({ goalId: g.id, score: Math.min(10, g.startScore + 2 + k) })),
        })
    }
    if (i === 2) {
      const toldAt = new Date(Date.now() - 3 * 86_400_000)
      toldAt.setUTCHours(16, 40, 0, 0)
      await plan.escalate(ctx, kase.id, {
        concern: 'Young person disclosed being asked to carry a parcel by older peers; mother unaware.',
        told: ['allocated_social_worker', 'team_manager'],
        method: 'phone',
        toldAt: toldAt.toISOString(),
      })
    }
    if (i === 3)
      await plan.recordStep(ctx, kase.id, {
        direction: 'down',
        to: 'early_help',
        reason: 'Goals nearly met; the family want lighter support through the school’s Early Help worker.',
      })
    made++
  }
  return made
}

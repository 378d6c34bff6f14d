import { and, asc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm'
import type { Db, Executor } from '../../platform/db/index.js'
import { cases, children, followUps, tasks } from '../../platform/db/schema.js'
import { recordAudit } from '../../platform/audit/index.js'
import { notify } from '../../platform/notifications/index.js'
import type { JobDefinition } from '../../platform/jobs/index.js'
import { todayInLondon } from '../../platform/time/index.js'
import { resolveFollowUpsFromSsda903 } from '../ssda903/follow-ups.js'

/**
 * Follow-up tasks (issue 3, item 7): every day, each follow-up that has come due with no status
 * recorded becomes a task for the case's lead worker, on the case's team. The task is done
 * when the follow-up's status is recorded (`completeFollowUpTask`, called in the same
 * transaction), by a person now or from SSDA903 data later.
 */

export const FOLLOW_UP_TASK_KIND = 'follow_up'
export const FOLLOW_UP_TASKS_JOB = 'follow-up-tasks'

/** Rows per insert: well under PostgreSQL's 65,535 parameters (8 a row). */
const CHUNK = 1000

export function followUpTaskTitle(givenName: string, monthsAfterClosure: number): string {
  return `Record where ${givenName} is ${monthsAfterClosure} months after closure`
}

/**
 * Makes one task for every follow-up due on or before `today` ('YYYY-MM-DD', London), with no
 * status recorded, on a closed case; closes open tasks whose follow-up has since been recorded
 * by some path that did not close them. Idempotent: a follow-up's task is unique by kind and
 * subject, so a second run (or two instances at once) makes no duplicate. One transaction, one
 * audit event (system chain) with the counts. Returns how many tasks were made.
 */
export async function createFollowUpTasks(db: Db, today: string): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        followUpId: followUps.id,
        caseId: cases.id,
        organisationId: cases.organisationId,
        leadWorkerId: cases.leadWorkerId,
        teamId: cases.teamId,
        dueDate: followUps.dueDate,
        monthsAfterClosure: followUps.monthsAfterClosure,
        givenName: children.givenName,
      })
      .from(followUps)
      .innerJoin(cases, eq(cases.id, followUps.caseId))
      .innerJoin(children, eq(children.id, followUps.childId))
      .leftJoin(tasks, and(eq(tasks.kind, FOLLOW_UP_TASK_KIND), eq(tasks.subjectId, followUps.id)))
      .where(and(lte(followUps.dueDate, today), isNull(followUps.status), eq(cases.status, 'closed'), isNull(tasks.id)))
      .orderBy(asc(followUps.dueDate), asc(followUps.id))

    let created = 0
    for (let i = 0; i < due.length; i += CHUNK) {
      const inserted = await tx
        .insert(tasks)
        .values(
          due.slice(i, i + CHUNK).map((f) => ({
            organisationId: f.organisationId,
            caseId: f.caseId,
            kind: FOLLOW_UP_TASK_KIND,
            subjectId: f.followUpId,
            title: followUpTaskTitle(f.givenName, f.monthsAfterClosure),
            dueDate: f.dueDate,
            assignedTo: f.leadWorkerId,
            teamId: f.teamId,
          })),
        )
        .onConflictDoNothing({ target: [tasks.kind, tasks.subjectId] })
        .returning({ id: tasks.id, organisationId: tasks.organisationId, assignedTo: tasks.assignedTo, title: tasks.title, caseId: tasks.caseId })
      created += inserted.length
      // The worker hears of each new follow-up task (issue 3, item 8).
      for (const t of inserted) {
        await notify(tx, { organisationId: t.organisationId, userIds: [t.assignedTo], kind: 'task.follow-up', message: `New task: ${t.title}`, link: '/tasks' })
      }
    }

    const completed = await tx
      .update(tasks)
      .set({ completedAt: new Date() })
      .where(
        and(
          eq(tasks.kind, FOLLOW_UP_TASK_KIND),
          isNull(tasks.completedAt),
          inArray(tasks.subjectId, tx.select({ id: followUps.id }).from(followUps).where(isNotNull(followUps.status))),
        ),
      )
      .returning({ id: tasks.id })

    await recordAudit(tx, {
      organisationId: null,
      userId: null,
      action: 'follow-up-tasks.run',
      recordType: 'task',
      details: { today, created, completed: completed.length },
    })
    return created
  })
}

/**
 * Marks the task for a follow-up done, if there is an open one. Call it in the transaction
 * that records the follow-up's status. Returns whether a task was closed.
 */
export async function completeFollowUpTask(tx: Executor, followUpId: string): Promise<boolean> {
  const done = await tx
    .update(tasks)
    .set({ completedAt: new Date() })
    .where(and(eq(tasks.kind, FOLLOW_UP_TASK_KIND), eq(tasks.subjectId, followUpId), isNull(tasks.completedAt)))
    .returning({ id: tasks.id })
  return done.length > 0
}

export interface OpenTask {
  id: string
  kind: string
  title: string
  dueDate: string
  caseId: string | null
  subjectId: string
  overdue: boolean
  /** The page where the task is done: a follow-up's or review's form, else its case. */
  href: string | null
}

/** A user's open tasks, soonest due first; `overdue` when due before `today` (London). */
export async function listOpenTasks(db: Executor, userId: string, today: string = todayInLondon()): Promise<OpenTask[]> {
  const rows = await db
    .select({
      id: tasks.id,
      kind: tasks.kind,
      title: tasks.title,
      dueDate: tasks.dueDate,
      caseId: tasks.caseId,
      subjectId: tasks.subjectId,
      childId: followUps.childId,
      months: followUps.monthsAfterClosure,
    })
    .from(tasks)
    .leftJoin(followUps, and(eq(tasks.kind, FOLLOW_UP_TASK_KIND), eq(followUps.id, tasks.subjectId)))
    .where(and(eq(tasks.assignedTo, userId), isNull(tasks.completedAt)))
    .orderBy(asc(tasks.dueDate), asc(tasks.createdAt), asc(tasks.id))
  return rows.map(({ childId, months, ...r }) => ({
    ...r,
    overdue: r.dueDate < today,
    href:
      r.caseId && childId
        ? `/cases/${r.caseId}/follow-ups/${childId}/${months}`
        : r.caseId && r.kind === 'review'
          ? `/cases/${r.caseId}/reviews/${r.subjectId}`
          : r.caseId
            ? `/cases/${r.caseId}`
            : null,
  }))
}

/**
 * The daily job: 06:00 London time, before the working day starts. Follow-ups the SSDA903
 * return already answers (the child is in care on the due date, issue 5) are resolved first,
 * so they never become tasks.
 */
export const followUpTasksJob: JobDefinition<number> = {
  name: FOLLOW_UP_TASKS_JOB,
  cron: '0 6 * * *',
  handler: async ({ db }) => {
    const today = todayInLondon()
    await resolveFollowUpsFromSsda903(db, undefined, today)
    return createFollowUpTasks(db, today)
  },
}

import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Executor } from '../../platform/db/index.js'
import { cases, teams, userRoles, users } from '../../platform/db/schema.js'

/**
 * Caseload (PRODUCT.md §2, API.md "People"): a worker's caseload is the open cases
 * (active or closure pending) they lead; a case is one family however many children.
 * Co-worked open cases are shown beside it and do not count against the cap.
 */
export const OPEN_CASE_STATUSES = ['active', 'closure_pending'] as const
export const WORKER_ROLES = ['family_support_worker', 'senior_practitioner'] as const

export async function listWorkers(db: Executor, ctx: Ctx, teamName?: string) {
  const open = sql.join(
    OPEN_CASE_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  )
  return db
    .selectDistinct({
      id: users.id,
      name: users.name,
      team: teams.name,
      cap: users.caseloadCap,
      families: sql<number>`(select count(*)::int from cases c where c.lead_worker_id = ${users.id} and c.status in (${open}))`,
      coWorked: sql<number>`(select count(*)::int from cases c where c.co_worker_id = ${users.id} and c.status in (${open}))`,
    })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), isNull(userRoles.serviceId)))
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(
      and(
        eq(users.organisationId, ctx.user.organisationId),
        eq(users.disabled, false),
        inArray(userRoles.role, [...WORKER_ROLES]),
        teamName ? eq(teams.name, teamName) : undefined,
      ),
    )
    .orderBy(users.name)
}

export async function workerCaseload(db: Executor, ctx: Ctx, workerId: string) {
  const workers = await db
    .select({ id: users.id, cap: users.caseloadCap })
    .from(users)
    .where(and(eq(users.id, workerId), eq(users.organisationId, ctx.user.organisationId)))
  const worker = workers[0]
  if (!worker) return null
  const [row] = await db
    .select({
      families: sql<number>`count(*) filter (where ${cases.leadWorkerId} = ${workerId}::uuid)::int`,
      coWorked: sql<number>`count(*) filter (where ${cases.coWorkerId} = ${workerId}::uuid)::int`,
    })
    .from(cases)
    .where(and(inArray(cases.status, [...OPEN_CASE_STATUSES]), or(eq(cases.leadWorkerId, workerId), eq(cases.coWorkerId, workerId))))
  return { families: row?.families ?? 0, coWorked: row?.coWorked ?? 0, cap: worker.cap }
}

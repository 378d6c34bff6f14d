import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Executor } from '../../platform/db/index.js'
import { children, families, networkMembers, organisations, relationships, teamDistricts } from '../../platform/db/schema.js'
import { visibleTo } from '../../platform/tenancy/index.js'

/** Every query here goes through `visibleTo`: a record the caller may not see is never read. */
export const childVisible = (ctx: Ctx) => visibleTo(ctx, children, 'child')
export const familyVisible = (ctx: Ctx) => visibleTo(ctx, families, 'family')

export const SORTABLE = {
  name: [children.familyName, children.givenName],
  dateOfBirth: [children.dateOfBirth],
  localChildId: [children.localChildId],
  district: [children.district],
} as const
export type ChildSort = keyof typeof SORTABLE

export interface ChildSearch {
  q?: string
  sex?: string[]
  district?: string[]
  sort: ChildSort
  order: 'ascending' | 'descending'
  page: number
  pageSize: number
}

function searchCondition(ctx: Ctx, s: ChildSearch): SQL {
  const parts: SQL[] = [childVisible(ctx)]
  const q = s.q?.trim()
  if (q) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(q)) parts.push(eq(children.dateOfBirth, q))
    else {
      const words = q.split(/\s+/).slice(0, 4)
      for (const w of words) {
        const like = `${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        const cond = or(ilike(children.givenName, like), ilike(children.familyName, like), ilike(children.localChildId, like), ilike(children.upn, like))
        if (cond) parts.push(cond)
      }
    }
  }
  if (s.sex?.length)
    parts.push(
      sql`${children.sex} in (${sql.join(
        s.sex.map((x) => sql`${x}`),
        sql`, `,
      )})`,
    )
  if (s.district?.length)
    parts.push(
      sql`${children.district} in (${sql.join(
        s.district.map((x) => sql`${x}`),
        sql`, `,
      )})`,
    )
  return and(...parts) as SQL
}

/** One query: the page of rows and, beside each, the total that matched (a window count). */
export async function searchChildren(db: Executor, ctx: Ctx, s: ChildSearch) {
  const dir = s.order === 'descending' ? desc : asc
  const rows = await db
    .select({
      id: children.id,
      givenName: children.givenName,
      familyName: children.familyName,
      dateOfBirth: children.dateOfBirth,
      sex: children.sex,
      localChildId: children.localChildId,
      district: children.district,
      restricted: children.restricted,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(children)
    .where(searchCondition(ctx, s))
    .orderBy(...SORTABLE[s.sort].map((c) => dir(c)), asc(children.id))
    .limit(s.pageSize)
    .offset((s.page - 1) * s.pageSize)
  // Past the last page the window count is not there; count separately only then.
  const total = rows[0]?.total ?? (s.page > 1 ? ((await db.select({ n: count() }).from(children).where(searchCondition(ctx, s)))[0]?.n ?? 0) : 0)
  return { rows: rows.map(({ total: _total, ...row }) => row), total }
}

/** The districts the caller's organisation's teams cover: the filter's options. */
export async function districtsInUse(db: Executor, ctx: Ctx): Promise<string[]> {
  const rows = await db
    .select({ district: teamDistricts.district })
    .from(teamDistricts)
    .where(eq(teamDistricts.organisationId, ctx.user.organisationId))
    .orderBy(asc(teamDistricts.district))
  return rows.map((r) => r.district)
}

export async function findChild(db: Executor, ctx: Ctx, id: string) {
  const [row] = await db
    .select({ child: children, organisation: organisations.code, familyName: families.name })
    .from(children)
    .innerJoin(organisations, eq(organisations.id, children.organisationId))
    .leftJoin(families, and(eq(families.id, children.familyId), familyVisible(ctx)))
    .where(and(eq(children.id, id), childVisible(ctx)))
  return row ?? null
}

/** The child holding a council child ID in the caller's organisation, visible or not: IDs are unique per organisation. */
export async function childIdByLocalId(db: Executor, organisationId: string, localChildId: string) {
  const [row] = await db
    .select({ id: children.id, restricted: children.restricted })
    .from(children)
    .where(and(eq(children.organisationId, organisationId), eq(children.localChildId, localChildId)))
  return row ?? null
}

export async function possibleDuplicates(db: Executor, ctx: Ctx, input: { givenName: string; familyName: string; dateOfBirth: string; localChildId: string | null }) {
  const byName = and(
    sql`lower(${children.givenName}) = ${input.givenName.toLowerCase()}`,
    sql`lower(${children.familyName}) = ${input.familyName.toLowerCase()}`,
    eq(children.dateOfBirth, input.dateOfBirth),
  )
  const match = input.localChildId ? or(byName, eq(children.localChildId, input.localChildId)) : byName
  return db
    .select({ id: children.id, givenName: children.givenName, familyName: children.familyName, dateOfBirth: children.dateOfBirth, localChildId: children.localChildId })
    .from(children)
    .where(and(childVisible(ctx), match))
    .limit(10)
}

export async function findFamily(db: Executor, ctx: Ctx, id: string) {
  const [family] = await db
    .select()
    .from(families)
    .where(and(eq(families.id, id), familyVisible(ctx)))
  if (!family) return null
  const [members, network] = await Promise.all([
    db
      .select({
        id: children.id,
        givenName: children.givenName,
        familyName: children.familyName,
        dateOfBirth: children.dateOfBirth,
        sex: children.sex,
        restricted: children.restricted,
      })
      .from(children)
      .where(and(eq(children.familyId, id), childVisible(ctx)))
      .orderBy(asc(children.dateOfBirth)),
    db.select().from(networkMembers).where(eq(networkMembers.familyId, id)).orderBy(desc(networkMembers.householdMember), asc(networkMembers.name)),
  ])
  return { family, children: members, network }
}

/**
 * The people a child is related to: adults from the network (their relationship to the
 * child) and other children (siblings), only those the caller may see. Call it only for
 * a child the caller can see.
 */
export async function relationshipsOf(db: Executor, ctx: Ctx, childId: string) {
  const adults = await db
    .select({
      id: networkMembers.id,
      name: networkMembers.name,
      relationship: relationships.relationship,
      householdMember: networkMembers.householdMember,
      safetyPlanRole: networkMembers.safetyPlanRole,
    })
    .from(relationships)
    .innerJoin(networkMembers, and(eq(relationships.fromType, 'network_member'), eq(relationships.fromId, networkMembers.id)))
    .where(and(eq(relationships.toType, 'child'), eq(relationships.toId, childId), eq(relationships.organisationId, ctx.user.organisationId)))
    .orderBy(desc(networkMembers.householdMember), asc(networkMembers.name))
  const kin = await db
    .select({ id: children.id, givenName: children.givenName, familyName: children.familyName, dateOfBirth: children.dateOfBirth, relationship: relationships.relationship })
    .from(relationships)
    .innerJoin(
      children,
      or(and(eq(relationships.fromId, childId), eq(children.id, relationships.toId)), and(eq(relationships.toId, childId), eq(children.id, relationships.fromId))),
    )
    .where(and(eq(relationships.fromType, 'child'), eq(relationships.toType, 'child'), childVisible(ctx)))
    .orderBy(asc(children.dateOfBirth))
  return { adults, children: kin }
}

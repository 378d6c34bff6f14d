import { sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Ctx } from '../context.js'

/** The columns every scoped record table has. */
export interface ScopedTable {
  id: AnyPgColumn
  organisationId: AnyPgColumn
  serviceId: AnyPgColumn
  restricted: AnyPgColumn
}

/**
 * The one rule for who sees a record (PRODUCT.md §1), applied by repositories to
 * every query on a scoped table so that no caller has to remember it:
 * - the record belongs to the user's organisation, or to a jointly commissioned
 *   service that the user holds a role in and their organisation partners in; and
 * - it is not restricted, or the user is named on it, or holds an unexpired
 *   break-glass grant for it. To anyone else a restricted record does not exist.
 */
export function visibleTo(ctx: Ctx, table: ScopedTable, recordType: string): SQL {
  const { user } = ctx
  return sql`(${inTenancy(ctx, table)}
    and (${table.restricted} = false
      or exists (select 1 from restricted_access ra where ra.record_type = ${recordType} and ra.record_id = ${table.id} and ra.user_id = ${user.id}::uuid)
      or exists (select 1 from break_glass_grants bg where bg.record_type = ${recordType} and bg.record_id = ${table.id} and bg.user_id = ${user.id}::uuid and bg.expires_at > now())))`
}

/** The organisation-and-service part alone, for records that are found in order to break glass. */
export function inTenancy(ctx: Ctx, table: Pick<ScopedTable, 'organisationId' | 'serviceId'>): SQL {
  const { user } = ctx
  const serviceIds = user.serviceIds.length
    ? sql`(${table.serviceId} in (${sql.join(
        user.serviceIds.map((s) => sql`${s}::uuid`),
        sql`, `,
      )}))`
    : sql`false`
  return sql`(${table.organisationId} = ${user.organisationId}::uuid or ${serviceIds})`
}

/**
 * For a jointly commissioned service's own records (the wellbeing service, PRODUCT.md §6):
 * visible only to staff who hold a role in that service and whose organisation partners in
 * it (CurrentUser.serviceIds), whatever organisation made the record. Unlike `inTenancy`,
 * being in the same organisation as the record's author is not enough.
 */
export function inJointService(ctx: Ctx, serviceId: AnyPgColumn): SQL {
  const ids = ctx.user.serviceIds
  return ids.length
    ? sql`(${serviceId} in (${sql.join(
        ids.map((s) => sql`${s}::uuid`),
        sql`, `,
      )}))`
    : sql`false`
}

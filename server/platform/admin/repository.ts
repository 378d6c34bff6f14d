import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/index.js'
import { auditEvents, bankHolidays, breakGlassGrants, users } from '../db/schema.js'

/**
 * SQL for the administrator pages. Every audit and break-glass query takes the
 * organisation id and reads only that organisation's rows: an administrator
 * never sees another organisation's trail.
 */

export interface AuditSearch {
  /** All or part of the acting user's email address, any case. */
  email?: string
  action?: string
  recordId?: string
  /** Inclusive London calendar dates, 'YYYY-MM-DD'. */
  dateFrom?: string
  dateTo?: string
  /** Part of the reason given, any case. */
  reason?: string
  page: number
  pageSize: number
}

function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function auditCondition(organisationId: string, s: AuditSearch): SQL {
  // The chain is the organisation's own; organisation_id as well lets the (organisation_id, at) index serve the order.
  const parts: SQL[] = [eq(auditEvents.chain, organisationId), eq(auditEvents.organisationId, organisationId)]
  if (s.email) parts.push(ilike(users.email, contains(s.email)))
  if (s.action) parts.push(eq(auditEvents.action, s.action))
  if (s.recordId) parts.push(eq(auditEvents.recordId, s.recordId))
  // A date is a London day: from its midnight in London to the next one, whatever the server's time zone.
  if (s.dateFrom) parts.push(sql`${auditEvents.at} >= (${s.dateFrom}::date::timestamp at time zone 'Europe/London')`)
  if (s.dateTo) parts.push(sql`${auditEvents.at} < ((${s.dateTo}::date + 1)::timestamp at time zone 'Europe/London')`)
  if (s.reason) parts.push(ilike(auditEvents.reason, contains(s.reason)))
  return and(...parts) as SQL
}

export async function searchAuditEvents(db: Executor, organisationId: string, s: AuditSearch) {
  const where = auditCondition(organisationId, s)
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        action: auditEvents.action,
        recordType: auditEvents.recordType,
        recordId: auditEvents.recordId,
        reason: auditEvents.reason,
        correlationId: auditEvents.correlationId,
        userId: auditEvents.userId,
        userName: users.name,
        userEmail: users.email,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.userId))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(s.pageSize)
      .offset((s.page - 1) * s.pageSize),
    db.select({ n: count() }).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.userId)).where(where),
  ])
  return { rows, total: totals[0]?.n ?? 0 }
}

/** The actions that appear in the organisation's trail, for the action filter. */
export async function auditActions(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, organisationId)).orderBy(asc(auditEvents.action))
  return rows.map((r) => r.action)
}

export async function breakGlassGrantsOf(db: Executor, organisationId: string, page: { page: number; pageSize: number }) {
  const where = eq(breakGlassGrants.organisationId, organisationId)
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: breakGlassGrants.id,
        at: breakGlassGrants.at,
        expiresAt: breakGlassGrants.expiresAt,
        recordType: breakGlassGrants.recordType,
        recordId: breakGlassGrants.recordId,
        reason: breakGlassGrants.reason,
        userName: users.name,
        userEmail: users.email,
      })
      .from(breakGlassGrants)
      .innerJoin(users, eq(users.id, breakGlassGrants.userId))
      .where(where)
      .orderBy(desc(breakGlassGrants.at), desc(breakGlassGrants.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: count() }).from(breakGlassGrants).where(where),
  ])
  return { rows, total: totals[0]?.n ?? 0 }
}

export async function bankHolidaysIn(db: Executor, year: number) {
  const first = `${String(year).padStart(4, '0')}-01-01`
  const last = `${String(year).padStart(4, '0')}-12-31`
  return db
    .select({ date: bankHolidays.date, name: bankHolidays.name })
    .from(bankHolidays)
    .where(sql`${bankHolidays.date} between ${first}::date and ${last}::date`)
    .orderBy(asc(bankHolidays.date))
}

export async function bankHolidayYears(db: Executor): Promise<number[]> {
  const rows = await db
    .selectDistinct({ year: sql<number>`extract(year from ${bankHolidays.date})::int` })
    .from(bankHolidays)
    .orderBy(sql`1`)
  return rows.map((r) => Number(r.year))
}

/** Adds a bank holiday; answers null, changing nothing, when the date already has one. */
export async function insertBankHoliday(db: Executor, holiday: { date: string; name: string }) {
  const [row] = await db.insert(bankHolidays).values(holiday).onConflictDoNothing({ target: bankHolidays.date }).returning({ date: bankHolidays.date, name: bankHolidays.name })
  return row ?? null
}

export async function bankHolidayOn(db: Executor, date: string) {
  const [row] = await db.select({ date: bankHolidays.date, name: bankHolidays.name }).from(bankHolidays).where(eq(bankHolidays.date, date))
  return row ?? null
}

export async function deleteBankHoliday(db: Executor, date: string) {
  const [row] = await db.delete(bankHolidays).where(eq(bankHolidays.date, date)).returning({ date: bankHolidays.date, name: bankHolidays.name })
  return row ?? null
}

import type { Db } from '../db/index.js'
import type { Ctx } from '../context.js'
import { actor, recordAudit } from '../audit/index.js'
import { ConflictError, NotFoundError } from '../http/errors.js'
import { formatDate } from '../time/index.js'
import * as repo from './repository.js'
import type { AuditSearch } from './repository.js'

/**
 * The administrator's use cases: the audit trail and break-glass log of their own
 * organisation, and the bank holidays working days are counted against. Reading
 * the trail or the log is itself audited, in the transaction that reads it, so no
 * one sees it without leaving a trace; every change is audited in its own transaction.
 */
export function createAdminService(db: Db) {
  return {
    auditActions: (ctx: Ctx) => repo.auditActions(db, ctx.user.organisationId),

    /** A page of the organisation's trail; the search is recorded as `audit.search` with its filters. */
    async searchAudit(ctx: Ctx, search: AuditSearch) {
      return db.transaction(async (tx) => {
        const result = await repo.searchAuditEvents(tx, ctx.user.organisationId, search)
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'audit.search',
          details: { filters: auditFilterDetails(search), page: search.page, results: result.total },
        })
        return result
      })
    },

    /** An audit page whose filters were refused: nothing is read, but the visit is still recorded. */
    async refusedAuditSearch(ctx: Ctx, filters: Record<string, string>, problems: string[]) {
      await db.transaction((tx) =>
        recordAudit(tx, {
          ...actor(ctx),
          action: 'audit.search',
          details: { filters: nonEmpty(filters), refused: problems },
        }),
      )
    },

    /** Break-glass grants on the organisation's records, newest first; listed as `break-glass.list`. */
    async breakGlassLog(ctx: Ctx, page: { page: number; pageSize: number }) {
      return db.transaction(async (tx) => {
        const result = await repo.breakGlassGrantsOf(tx, ctx.user.organisationId, page)
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'break-glass.list',
          details: { page: page.page, results: result.total },
        })
        const now = Date.now()
        return { ...result, rows: result.rows.map((r) => ({ ...r, active: r.expiresAt.getTime() > now })) }
      })
    },

    bankHolidaysIn: (year: number) => repo.bankHolidaysIn(db, year),
    bankHolidayYears: () => repo.bankHolidayYears(db),

    async addBankHoliday(ctx: Ctx, holiday: { date: string; name: string }) {
      return db.transaction(async (tx) => {
        const added = await repo.insertBankHoliday(tx, holiday)
        if (!added) throw new ConflictError('invalid-state', `There is already a bank holiday on ${formatDate(holiday.date)}`, { date: holiday.date })
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'bank-holiday.add',
          recordType: 'bank-holiday',
          recordId: added.date,
          details: { date: added.date, name: added.name },
        })
        return added
      })
    },

    async removeBankHoliday(ctx: Ctx, date: string) {
      return db.transaction(async (tx) => {
        const removed = await repo.deleteBankHoliday(tx, date)
        if (!removed) throw new NotFoundError('bank holiday')
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'bank-holiday.remove',
          recordType: 'bank-holiday',
          recordId: removed.date,
          details: { date: removed.date, name: removed.name },
        })
        return removed
      })
    },
  }
}
export type AdminService = ReturnType<typeof createAdminService>

function auditFilterDetails(search: AuditSearch): Record<string, string> {
  const { email, action, recordId, dateFrom, dateTo, reason } = search
  return nonEmpty({ email: email ?? '', action: action ?? '', recordId: recordId ?? '', dateFrom: dateFrom ?? '', dateTo: dateTo ?? '', reason: reason ?? '' })
}

function nonEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''))
}

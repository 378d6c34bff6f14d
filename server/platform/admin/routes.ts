import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps, Modules } from '../../app.js'
import { requireCtx } from '../context.js'
import { formBody, formErrors } from '../http/forms.js'
import { ConflictError, NotFoundError } from '../http/errors.js'
import { setFlash } from '../auth/sessions.js'
import { formatDate, isValidIsoDate, todayInLondon } from '../time/index.js'
import { dayOfWeek } from '../time/iso-date.js'
import { pageLinks } from '../http/pagination.js'
import { createAdminService } from './service.js'
import { isUuid } from '../validation.js'
import { AUDIT_FILTER_FIELDS, auditFilterProblems, auditFilterValues, pageNumber, type AuditFilterValues } from './pages/audit/filters.js'
import { bankHolidayFormValues, parseBankHolidayForm, type BankHolidayFormValues } from './pages/bank-holidays/form.js'

const PAGE_SIZE = 50
const VIEWS = {
  audit: 'platform/admin/pages/audit/view.njk',
  breakGlass: 'platform/admin/pages/break-glass/view.njk',
  bankHolidays: 'platform/admin/pages/bank-holidays/view.njk',
}
const FILTER_LABELS: Record<keyof AuditFilterValues, string> = {
  email: 'User email',
  action: 'Action',
  recordId: 'Record ID',
  dateFrom: 'Date from',
  dateTo: 'Date to',
  reason: 'Reason contains',
}
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** Where a record named in the trail can be opened; null for records with no page, or an id that is not a record's. */
function recordHref(recordType: string | null, recordId: string | null): string | null {
  if (!recordId || !isUuid(recordId)) return null
  if (recordType === 'child') return `/children/${recordId}`
  if (recordType === 'family') return `/families/${recordId}`
  return null
}

/** GOV.UK pagination for a page of results, with the "Showing 1 to 50 of 120" figures. */
function pagination(page: number, total: number, shown: number, href: (page: number) => string) {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const from = shown ? (page - 1) * PAGE_SIZE + 1 : 0
  return {
    pageCount,
    previous: page > 1 ? href(Math.min(page - 1, pageCount)) : null,
    next: page < pageCount ? href(page + 1) : null,
    pages: pageLinks(page, pageCount).map((n) => (n === null ? { ellipsis: true } : { number: n, href: href(n), current: n === page })),
    from,
    to: shown ? from + shown - 1 : 0,
  }
}

function currentYear(): number {
  return Number(todayInLondon().slice(0, 4))
}

/** The year asked for (a query or a hidden form field); anything that is not a four-digit year is this year. */
function yearFrom(source: unknown): number {
  const raw = source && typeof source === 'object' ? (source as Record<string, unknown>).year : undefined
  return typeof raw === 'string' && /^[1-9]\d{3}$/.test(raw.trim()) ? Number(raw.trim()) : currentYear()
}

export function adminRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const admin = createAdminService(db)

  async function flash(request: FastifyRequest, success: string) {
    if (request.session.state === 'active') await setFlash(db, request.session.idHash, { success })
  }

  // ------------------------------------------------------------ audit trail

  app.get('/admin/audit', { config: { permission: 'audit:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const filters = auditFilterValues(request.query)
    const page = pageNumber(request.query)
    const problems = auditFilterProblems(filters)
    const known = await admin.auditActions(ctx)
    const actions = filters.action && !known.includes(filters.action) ? [...known, filters.action].sort() : known
    const url = (values: Partial<AuditFilterValues>, pageNo = 1) => {
      const p = new URLSearchParams()
      for (const f of AUDIT_FILTER_FIELDS) if (values[f]) p.set(f, values[f] as string)
      if (pageNo > 1) p.set('page', String(pageNo))
      const qs = p.toString()
      return qs ? `/admin/audit?${qs}` : '/admin/audit'
    }
    const selected = AUDIT_FILTER_FIELDS.filter((f) => filters[f])
    const common = {
      pageTitle: 'Audit trail',
      filters,
      actions,
      // The MOJ filter's "Selected filters": each one a link to the same search without it.
      selectedFilters: selected.length
        ? {
            heading: { text: 'Selected filters' },
            clearLink: { text: 'Clear filters', href: '/admin/audit' },
            categories: selected.map((f) => ({ heading: { text: FILTER_LABELS[f] }, items: [{ href: url({ ...filters, [f]: '' }), text: filters[f] }] })),
          }
        : null,
    }
    if (problems.length) {
      await admin.refusedAuditSearch(
        ctx,
        { ...filters },
        problems.map((p) => p.message),
      )
      return reply.view(VIEWS.audit, { ...common, ...formErrors(problems) }, 422)
    }
    const result = await admin.searchAudit(ctx, {
      email: filters.email || undefined,
      action: filters.action || undefined,
      recordId: filters.recordId || undefined,
      dateFrom: filters.dateFrom || undefined,
      dateTo: filters.dateTo || undefined,
      reason: filters.reason || undefined,
      page,
      pageSize: PAGE_SIZE,
    })
    return reply.view(VIEWS.audit, {
      ...common,
      total: result.total,
      events: result.rows.map((e) => ({ ...e, recordHref: recordHref(e.recordType, e.recordId) })),
      ...pagination(page, result.total, result.rows.length, (n) => url(filters, n)),
    })
  })

  // ------------------------------------------------------------ break-glass log

  app.get('/admin/break-glass', { config: { permission: 'audit:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const page = pageNumber(request.query)
    const result = await admin.breakGlassLog(ctx, { page, pageSize: PAGE_SIZE })
    return reply.view(VIEWS.breakGlass, {
      pageTitle: 'Break-glass use',
      total: result.total,
      grants: result.rows.map((g) => ({ ...g, recordHref: recordHref(g.recordType, g.recordId) })),
      ...pagination(page, result.total, result.rows.length, (n) => (n > 1 ? `/admin/break-glass?page=${n}` : '/admin/break-glass')),
    })
  })

  // ------------------------------------------------------------ bank holidays

  async function renderBankHolidays(reply: FastifyReply, year: number, data: { values?: Partial<BankHolidayFormValues>; [k: string]: unknown } = {}, status = 200) {
    const [holidays, years] = await Promise.all([admin.bankHolidaysIn(year), admin.bankHolidayYears()])
    return reply.view(
      VIEWS.bankHolidays,
      {
        pageTitle: 'Bank holidays',
        year,
        years: [...new Set([...years, currentYear(), year])].sort((a, b) => a - b),
        holidays: holidays.map((h) => ({ ...h, day: WEEKDAYS[dayOfWeek(h.date)], label: formatDate(h.date) })),
        values: {},
        ...data,
      },
      status,
    )
  }

  app.get('/admin/bank-holidays', { config: { permission: 'admin:manage' } }, async (request, reply) => renderBankHolidays(reply, yearFrom(request.query)))

  app.post('/admin/bank-holidays', { config: { permission: 'admin:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const values = bankHolidayFormValues(body)
    const shownYear = yearFrom(body)
    const parsed = parseBankHolidayForm(values)
    if (!parsed.input) return renderBankHolidays(reply, shownYear, { values, errors: parsed.errors, fieldErrors: parsed.fieldErrors, dateErrorParts: parsed.dateErrorParts }, 422)
    const year = Number(parsed.input.date.slice(0, 4))
    try {
      const added = await admin.addBankHoliday(ctx, parsed.input)
      await flash(request, `${added.name} on ${formatDate(added.date)} has been added`)
    } catch (error) {
      if (error instanceof ConflictError) {
        // The year with the bank holiday already on that date, so the user can see it.
        return renderBankHolidays(
          reply,
          year,
          { values, errors: [{ text: error.message, href: '#date-day' }], fieldErrors: { date: error.message }, dateErrorParts: ['day', 'month', 'year'] },
          409,
        )
      }
      throw error
    }
    return reply.redirect(`/admin/bank-holidays?year=${year}`, 303)
  })

  app.post('/admin/bank-holidays/:date/remove', { config: { permission: 'admin:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { date } = request.params as { date: string }
    if (!isValidIsoDate(date)) throw new NotFoundError('bank holiday')
    const removed = await admin.removeBankHoliday(ctx, date)
    await flash(request, `${removed.name} on ${formatDate(removed.date)} has been removed`)
    return reply.redirect(`/admin/bank-holidays?year=${removed.date.slice(0, 4)}`, 303)
  })
}

import type { FastifyInstance } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import { requireCtx } from '../../../platform/context.js'
import { can } from '../../../platform/auth/roles.js'
import { sendTables } from '../../../platform/http/tables.js'
import { todayInLondon } from '../../../platform/time/index.js'
import { buildServiceDashboard, figuresOf } from '../service-dashboard.js'
import { SUPPRESSION_NOTE } from '../domain/suppression.js'
import { DOCX_TYPE, renderReport, type ReportKind } from '../reports/index.js'
import { financialYearOf, quarterOf } from '../domain/period.js'
import { exportBase, readPageQuery } from './query.js'
import { buildEquality, childrenInCareNote, referencePopulation, replaceReferencePopulation } from '../equality-service.js'
import { CHARACTERISTIC_LABELS, CHARACTERISTICS, DEFAULT_THRESHOLDS, GROUPS, type Thresholds } from '../domain/equality.js'
import { ConflictError, ValidationError } from '../../../platform/http/errors.js'
import { formErrors, formFields } from '../../../platform/http/forms.js'
import { setFlash } from '../../../platform/auth/sessions.js'

const V = 'modules/impact/pages'

/**
 * The impact pages: the service dashboard, equality and reports. Read-only: nothing here
 * changes a record, so a board viewer can use every page. Each table downloads from the
 * page's own address with `format=csv|xlsx` (and `table=<id>` for one table); downloads are
 * always suppressed, pages only for viewers who read published figures (domain/suppression.ts).
 */
export function impactPageRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const db = deps.database.db

  app.get('/impact/service', { config: { permission: 'impact:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const q = await readPageQuery(db, ctx, request.query)
    const base = { pageTitle: 'Service dashboard', values: q.values, teams: q.teams, teamName: q.teamName, suppressionNote: SUPPRESSION_NOTE }
    if (!q.period || q.errors.length) return reply.view(`${V}/service/view.njk`, { ...base, errors: q.errors, fieldErrors: q.fieldErrors }, 422)
    const scope = { ...q.period, teamId: q.teamId }
    const today = todayInLondon()
    if (q.format) {
      const dashboard = await buildServiceDashboard(db, ctx.user.organisationId, scope, { kind: 'export' }, today)
      const chosen = q.table ? dashboard.sections.filter((s) => s.id === q.table) : dashboard.sections
      const tables = (chosen.length ? chosen : dashboard.sections).map((s) => s.table)
      return sendTables(reply, tables, q.format, `service-dashboard-${scope.from}-to-${scope.to}${q.table && chosen.length ? `-${q.table}` : ''}`)
    }
    const dashboard = await buildServiceDashboard(db, ctx.user.organisationId, scope, { kind: 'page', roles: ctx.user.roles }, today)
    const exports = exportBase('/impact/service', q)
    return reply.view(`${V}/service/view.njk`, { ...base, dashboard, sections: await figuresOf(dashboard.sections, exports), exportBase: exports })
  })

  // ------------------------------------------------------------ equality

  /** Thresholds from the query: a ratio below `low` or above `high` is flagged. */
  function readThresholds(raw: unknown): {
    thresholds: Thresholds
    values: { low: string; high: string }
    errors: Array<{ text: string; href: string }>
    fieldErrors: Record<string, string>
  } {
    const query = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
    const low = typeof query.low === 'string' && query.low.trim() ? query.low.trim() : String(DEFAULT_THRESHOLDS.low)
    const high = typeof query.high === 'string' && query.high.trim() ? query.high.trim() : String(DEFAULT_THRESHOLDS.high)
    const errors: Array<{ text: string; href: string }> = []
    const fieldErrors: Record<string, string> = {}
    const decimal = /^\d{1,2}(\.\d{1,2})?$/
    if (!decimal.test(low) || Number(low) <= 0 || Number(low) >= 1) fieldErrors.low = 'Enter the lower threshold as a number between 0 and 1, like 0.8'
    if (!decimal.test(high) || Number(high) <= 1 || Number(high) > 10) fieldErrors.high = 'Enter the upper threshold as a number above 1 and up to 10, like 1.25'
    for (const [field, text] of Object.entries(fieldErrors)) errors.push({ text, href: `#${field}` })
    return { thresholds: errors.length ? DEFAULT_THRESHOLDS : { ...DEFAULT_THRESHOLDS, low: Number(low), high: Number(high) }, values: { low, high }, errors, fieldErrors }
  }

  app.get('/impact/equality', { config: { permission: 'impact:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const q = await readPageQuery(db, ctx, request.query)
    const t = readThresholds(request.query)
    const errors = [...q.errors.filter((e) => e.href !== '#team'), ...t.errors]
    const base = { pageTitle: 'Equality', values: { ...q.values, ...t.values }, suppressionNote: SUPPRESSION_NOTE, canImport: can(ctx.user.roles, 'ssda903:import') }
    if (!q.period || errors.length) return reply.view(`${V}/equality/view.njk`, { ...base, errors, fieldErrors: { ...q.fieldErrors, ...t.fieldErrors } }, 422)
    if (q.format) {
      const report = await buildEquality(db, ctx.user.organisationId, q.period, t.thresholds, { kind: 'export' })
      const tables = report.sections.flatMap((s) => [s.population, ...(s.childrenInCare ? [s.childrenInCare] : [])])
      return sendTables(reply, tables, q.format, `equality-${q.period.from}-to-${q.period.to}`)
    }
    const report = await buildEquality(db, ctx.user.organisationId, q.period, t.thresholds, { kind: 'page', roles: ctx.user.roles })
    const params = new URLSearchParams({ from: q.values.from, to: q.values.to, low: t.values.low, high: t.values.high })
    return reply.view(`${V}/equality/view.njk`, { ...base, report, careNote: childrenInCareNote(report), exportBase: `/impact/equality?${params.toString()}&` })
  })

  const populationView = async (ctx: ReturnType<typeof requireCtx>) => {
    const current = await referencePopulation(db, ctx.user.organisationId)
    const csv = ['characteristic,group,children', ...current.map((r) => `${r.characteristic},${r.groupCode},${r.children}`)].join('\n')
    const groups = CHARACTERISTICS.map((c) => ({ characteristic: c, label: CHARACTERISTIC_LABELS[c], groups: GROUPS[c] }))
    return { pageTitle: 'Child population for equality monitoring', current, groups, formVersion: current[0]?.version ?? 0, values: { csv, source: current[0]?.source ?? '' } }
  }

  app.get('/impact/equality/population', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    return reply.view(`${V}/population/view.njk`, await populationView(ctx))
  })

  app.post('/impact/equality/population', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = formFields(request, ['csv', 'source', 'version'])
    try {
      const saved = await replaceReferencePopulation(db, ctx, { csv: values.csv, source: values.source, version: Number(values.version) || 0 })
      if (request.session.state === 'active') await setFlash(db, request.session.idHash, { success: `Child population saved: ${saved.rows} groups` })
      return reply.redirect('/impact/equality', 303)
    } catch (error) {
      const view = await populationView(ctx)
      if (error instanceof ValidationError)
        return reply.view(`${V}/population/view.njk`, { ...view, values, formVersion: Number(values.version) || 0, ...formErrors(error.errors) }, 422)
      if (error instanceof ConflictError)
        return reply.view(`${V}/population/view.njk`, { ...view, values: { ...values }, errors: [{ text: error.message, href: '#csv' }], fieldErrors: { csv: error.message } }, 409)
      throw error
    }
  })

  // ------------------------------------------------------------ reports

  app.get('/impact/reports', { config: { permission: 'impact:read' } }, async (_request, reply) => {
    const today = todayInLondon()
    const year = financialYearOf(today)
    const lastYear = financialYearOf(`${Number(year.from.slice(0, 4)) - 1}-06-01`)
    const quarter = quarterOf(today)
    return reply.view(`${V}/reports/view.njk`, { pageTitle: 'Reports', lastYear, year, quarter })
  })

  for (const kind of ['evaluation', 'quarterly'] as const satisfies readonly ReportKind[]) {
    app.get(`/impact/reports/${kind}`, { config: { permission: 'impact:read' } }, async (request, reply) => {
      const ctx = requireCtx(request.ctx)
      const q = await readPageQuery(db, ctx, request.query)
      const format = (request.query as Record<string, unknown>).format === 'docx' ? 'docx' : 'html'
      if (!q.period || q.errors.length) {
        const today = todayInLondon()
        return reply.view(
          `${V}/reports/view.njk`,
          { pageTitle: 'Reports', year: financialYearOf(today), quarter: quarterOf(today), errors: q.errors, fieldErrors: q.fieldErrors, kind, values: q.values },
          422,
        )
      }
      // The page's one style block carries this response's CSP nonce.
      const styleNonce = (reply as unknown as { cspNonce?: { style?: string } }).cspNonce?.style
      const out = await renderReport(db, modules.views, {
        organisationId: ctx.user.organisationId,
        organisationName: ctx.user.organisationName,
        kind,
        period: q.period,
        today: todayInLondon(),
        format,
        ...(styleNonce ? { styleNonce } : {}),
      })
      if (format === 'docx') {
        reply.header('content-disposition', `attachment; filename="${kind}-${q.period.from}-to-${q.period.to}.docx"`)
        return reply.type(DOCX_TYPE).send(out)
      }
      return reply.type('text/html; charset=utf-8').send(out)
    })
  }
}

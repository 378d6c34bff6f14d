import type { FastifyInstance } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import { requireCtx } from '../../../platform/context.js'
import { sendTables } from '../../../platform/http/tables.js'
import { todayInLondon } from '../../../platform/time/index.js'
import { buildServiceDashboard, figuresOf } from '../service-dashboard.js'
import { SUPPRESSION_NOTE } from '../domain/suppression.js'
import { exportBase, readPageQuery } from './query.js'

const V = 'modules/impact/pages'

/**
 * The impact pages: the service dashboard, equality and reports. Read-only: nothing here
 * changes a record, so a board viewer can use every page. Each table downloads from the
 * page's own address with `format=csv|xlsx` (and `table=<id>` for one table); downloads are
 * always suppressed, pages only for viewers who read published figures (domain/suppression.ts).
 */
export function impactPageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const db = deps.database.db

  app.get('/impact', { config: { permission: 'impact:read' } }, async (_request, reply) => reply.redirect('/impact/service', 303))

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
}

import type { FastifyInstance } from 'fastify'
import type { TopLevelSpec } from 'vega-lite'
import type { AppDeps, Modules } from '../../../app.js'
import { requireCtx } from '../../../platform/context.js'
import { figure } from '../../../platform/charts/index.js'
import { ValidationError } from '../../../platform/http/errors.js'
import { formErrors } from '../../../platform/http/forms.js'
import { isTableFormat, sendTables } from '../../../platform/http/tables.js'
import { formatDate, isValidIsoDate, todayInLondon } from '../../../platform/time/index.js'
import { indicatorPage, label } from '../dashboard.js'
import { quarterEndOnOrBefore, quarterEnds, PROJECTION_END_YEAR } from '../domain/breakdowns.js'
import { COMPARATOR_MEASURES, COMPARATORS, fieldName, loadComparators, saveComparators } from '../comparators.js'

const V = 'modules/ssda903/pages'

/** The quarter end asked for (`?at=`), snapped back to a quarter end; the latest one before today by default. */
function quarterEndAsked(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : ''
  return quarterEndOnOrBefore(isValidIsoDate(text) ? text : todayInLondon())
}

export function indicatorPageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const db = deps.database.db

  app.get('/ssda903/indicators', { config: { permission: 'ssda903:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const query = request.query as { at?: string; format?: string; table?: string }
    const at = quarterEndAsked(query.at)
    const page = await indicatorPage(db, ctx.user.organisationId, at)
    if (isTableFormat(query.format)) {
      const one = query.table ? page.tables[query.table] : undefined
      return sendTables(reply, one ? [one] : Object.values(page.tables), query.format, `children-in-care-${query.table && one ? query.table : 'indicators'}-${at}`)
    }
    const exportsFor = (table: string) => ({ csv: `/ssda903/indicators?at=${at}&table=${table}&format=csv`, xlsx: `/ssda903/indicators?at=${at}&table=${table}&format=xlsx` })
    const trendRows = page.trend.map((t) => ({ quarter: t.at, lookedAfter: t.indicators.lookedAfter }))
    const first = page.trend[0]
    const last = page.trend[page.trend.length - 1]
    const trendFigure = await figure({
      id: 'trend',
      title: 'Children looked after at each quarter end',
      summary:
        first && last
          ? `${last.indicators.lookedAfter.toLocaleString('en-GB')} children were looked after on ${formatDate(last.at)}, against ${first.indicators.lookedAfter.toLocaleString('en-GB')} on ${formatDate(first.at)}, eight quarters earlier.`
          : 'No quarters to show.',
      spec: {
        data: { values: trendRows },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'quarter', type: 'temporal', title: 'Quarter end', axis: { format: '%b %Y', labelAngle: 0, tickCount: 5 } },
          y: { field: 'lookedAfter', type: 'quantitative', title: 'Children looked after' },
        },
      } as TopLevelSpec,
      table: page.tables.trend ?? { title: '', columns: [], rows: [] },
      exports: exportsFor('trend'),
    })
    const total = page.projections.total
    const projectionRows = [
      ...page.projections.history.map((h) => ({ year: h.year, count: h.total, series: 'Looked after on 31 March' })),
      ...(total?.points ?? []).map((p) => ({ year: p.year, count: p.projected, low: p.low, high: p.high, series: 'Projected' })),
    ]
    const projectionFigure = await figure({
      id: 'projection',
      title: `Children looked after on 31 March, projected to ${PROJECTION_END_YEAR}`,
      summary:
        total && total.annualGrowth !== null && total.points.length
          ? `From ${total.fromCount.toLocaleString('en-GB')} on 31 March ${total.fromYear} to ${total.toCount.toLocaleString('en-GB')} on 31 March ${total.toYear} is ${(Math.round(total.annualGrowth * 1000) / 10).toLocaleString('en-GB')}% a year; at that rate ${(total.points[total.points.length - 1]?.projected ?? 0).toLocaleString('en-GB')} children would be looked after in ${PROJECTION_END_YEAR}, between ${(total.points[total.points.length - 1]?.low ?? 0).toLocaleString('en-GB')} and ${(total.points[total.points.length - 1]?.high ?? 0).toLocaleString('en-GB')}.`
          : 'There is no projection: it needs a count of children looked after on 31 March five years before the latest.',
      spec: {
        data: { values: projectionRows },
        layer: [
          {
            mark: { type: 'area', opacity: 0.25, color: '#1d70b8' },
            encoding: { x: { field: 'year', type: 'ordinal', title: '31 March' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
          },
          {
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'year', type: 'ordinal', title: '31 March', axis: { labelAngle: 0 } },
              y: { field: 'count', type: 'quantitative', title: 'Children looked after' },
              color: { field: 'series', type: 'nominal', title: null },
              strokeDash: { field: 'series', type: 'nominal', legend: null },
            },
          },
        ],
      } as TopLevelSpec,
      table: page.tables['projection-total'] ?? { title: '', columns: [], rows: [] },
      exports: exportsFor('projection-total'),
    })
    const quarterOptions = quarterEnds(quarterEndOnOrBefore(todayInLondon()), 40)
      .reverse()
      .map((q) => ({ value: q, text: formatDate(q), selected: q === at }))
    if (!quarterOptions.some((o) => o.selected)) quarterOptions.unshift({ value: at, text: formatDate(at), selected: true })
    return reply.view(`${V}/indicators/view.njk`, {
      pageTitle: 'Children in care',
      at,
      page,
      tables: page.tables,
      trendFigure,
      projectionFigure,
      exportsFor,
      quarterOptions,
      label,
    })
  })

  app.get('/ssda903/comparators', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const at = quarterEndAsked((request.query as { at?: string }).at)
    const current = await loadComparators(db, ctx.user.organisationId, at)
    const values = Object.fromEntries(Object.entries(current.values).map(([k, v]) => [k, String(v)]))
    return reply.view(`${V}/comparators/view.njk`, {
      pageTitle: 'Comparator figures',
      at,
      values,
      changedAt: current.changedAt,
      measures: COMPARATOR_MEASURES,
      comparators: COMPARATORS,
      fieldName,
    })
  })

  app.post('/ssda903/comparators', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = (request.body ?? {}) as Record<string, unknown>
    const fields = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>
    const at = quarterEndAsked(fields.at)
    try {
      await saveComparators(db, ctx, at, fields, fields.changedAt ?? '')
      return reply.redirect(`/ssda903/indicators?at=${at}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reply.view(
        `${V}/comparators/view.njk`,
        {
          pageTitle: 'Comparator figures',
          at,
          values: fields,
          changedAt: fields.changedAt ?? '',
          measures: COMPARATOR_MEASURES,
          comparators: COMPARATORS,
          fieldName,
          ...formErrors(error.errors),
        },
        422,
      )
    }
  })
}

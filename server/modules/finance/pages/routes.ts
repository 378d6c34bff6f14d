import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import { requireCtx, type Ctx } from '../../../platform/context.js'
import { can } from '../../../platform/auth/roles.js'
import { setFlash } from '../../../platform/auth/sessions.js'
import { figure } from '../../../platform/charts/index.js'
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/errors.js'
import { formErrors, formFields } from '../../../platform/http/forms.js'
import { isTableFormat, sendTables } from '../../../platform/http/tables.js'
import { todayInLondon } from '../../../platform/time/index.js'
import { parseOrThrow } from '../../../platform/validation.js'
import { div, PLACEMENT_TYPES, toRational, toText } from '../domain/index.js'
import { countsTable, firstFinancialYear, parametersTable, summaryTable, targetProgress, targetsTable, dashboardImpact, yearsTable } from '../dashboard.js'
import { childrenBehind } from '../impact.js'
import { PARAMETER_NAMES, parameterInput, savingsTargetInput, serviceCostInput, unitCostInput, type ParameterName } from '../schemas.js'
import { createFinanceSettings, parameterView, serviceCostView, targetView, unitCostView } from '../settings.js'
import { pagePeriod } from './period.js'
import { scenarioPage } from './scenario.js'
import { ledgerPage } from './ledger.js'
import { historicImports, importHistoricCases } from '../historic.js'

const V = 'modules/finance/pages'

export const PLACEMENT_LABELS: Record<string, string> = Object.fromEntries(Object.entries(PLACEMENT_TYPES).map(([code, text]) => [code, text]))
export const PROVIDER_LABELS: Record<string, string> = { '': 'Any provider', in_house: 'In-house', agency: 'Agency' }
export const STRAND_LABELS: Record<string, string> = {
  crisis: 'Crisis and de-escalation',
  risk_of_care: 'Risk of care',
  reunification: 'Reunification',
  placement_stability: 'Placement stability',
}
export const OUTCOME_LABELS: Record<string, string> = {
  remained_at_home: 'Remained at home or in the family network',
  returned_home: 'Returned home from care',
  placement_stabilised: 'Placement stabilised',
  entered_care: 'Entered care',
  other: 'Other (moved away, disengaged)',
}

/** 'YYYY-MM-DD' from a GOV.UK date input's three boxes; '' when all are empty; something invalid (and so refused) when partly filled. */
export function dateFromParts(values: Record<string, string>, name: string): string {
  const [day, month, year] = [values[`${name}-day`] ?? '', values[`${name}-month`] ?? '', values[`${name}-year`] ?? '']
  if (!day && !month && !year) return ''
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}
const partsOf = (date: string | null | undefined, name: string) => {
  const [year = '', month = '', day = ''] = (date ?? '').split('-')
  return { [`${name}-day`]: day ? String(Number(day)) : '', [`${name}-month`]: month ? String(Number(month)) : '', [`${name}-year`]: year }
}
const fractionToPercent = (v: number) => toText(toRational(String(Math.round(v * 10000) / 100)))
const DATE_FIELDS = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`]

/**
 * The finance pages: the dashboard, the scenario page, the placement ledger and the
 * finance settings (read-only to those with finance:read, changed by the finance
 * partner with finance:write). The same services serve these pages and the API.
 */
export function financePageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const settings = createFinanceSettings(db)

  const render = (reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) =>
    reply.view(`${V}/${template}.njk`, { placementLabels: PLACEMENT_LABELS, providerLabels: PROVIDER_LABELS, ...data }, status)

  const flash = async (request: FastifyRequest, success: string) => {
    if (request.session.state === 'active') await setFlash(db, request.session.idHash, { success })
  }

  // ------------------------------------------------------------ dashboard

  app.get('/finance', { config: { permission: 'impact:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const query = request.query as Record<string, string | undefined>
    const today = todayInLondon()
    const organisationId = ctx.user.organisationId
    const period = pagePeriod(query, today, await firstFinancialYear(db, organisationId, today))
    const { result, years } = await dashboardImpact(db, organisationId, today, period)
    const progress = await targetProgress(db, organisationId, years)
    const tables = { summary: summaryTable(result), counts: countsTable(result), years: yearsTable(years), targets: targetsTable(progress), parameters: parametersTable(result) }
    if (isTableFormat(query.format)) return sendTables(reply, Object.values(tables), query.format, `finance-${period.from}-${period.to}`)

    const own = new URLSearchParams(Object.entries({ year: query.year, from: query.from, to: query.to }).filter((e): e is [string, string] => Boolean(e[1])))
    const exportLink = (format: string) => `/finance?${new URLSearchParams([...own, ['format', format]]).toString()}`
    const exports = { csv: exportLink('csv'), xlsx: exportLink('xlsx') }
    const byYear = await figure({
      id: 'by-year',
      title: 'Cost avoidance and savings against the service’s cost, by financial year',
      summary: years.length
        ? years
            .map(
              (y) =>
                `${y.financialYear}: avoidance and savings £${(y.impact.costAvoidance.central + y.impact.savings.central).toLocaleString('en-GB')} (central) against a service cost of £${y.impact.serviceCost.toLocaleString('en-GB')}.`,
            )
            .join(' ')
        : 'No financial years to show yet.',
      spec: {
        data: {
          values: years.flatMap((y) => [
            { year: y.financialYear, measure: 'Avoidance and savings (central)', pounds: y.impact.costAvoidance.central + y.impact.savings.central },
            { year: y.financialYear, measure: 'Service cost', pounds: y.impact.serviceCost },
          ]),
        },
        mark: 'bar',
        encoding: {
          x: { field: 'year', type: 'nominal', title: 'Financial year', axis: { labelAngle: 0 } },
          xOffset: { field: 'measure' },
          y: { field: 'pounds', type: 'quantitative', title: 'Pounds', axis: { format: ',.0f' } },
          color: { field: 'measure', type: 'nominal', title: null },
        },
      },
      table: tables.years,
      exports,
    })
    const targetFigure = progress.length
      ? await figure({
          id: 'targets',
          title: 'Progress towards the cumulative savings targets',
          summary: progress
            .map((p) =>
              p.achieved
                ? `By the end of ${p.financialYear}: £${p.achieved.central.toLocaleString('en-GB')} (central; range £${p.achieved.low.toLocaleString('en-GB')} to £${p.achieved.high.toLocaleString('en-GB')}) against a target of £${p.target.toLocaleString('en-GB')}.`
                : `${p.financialYear}: target £${p.target.toLocaleString('en-GB')}, no figures yet.`,
            )
            .join(' '),
          spec: {
            data: {
              values: progress.flatMap((p) => [
                { year: p.financialYear, measure: 'Target', pounds: p.target },
                { year: p.financialYear, measure: 'Achieved (central)', pounds: p.achieved?.central ?? 0 },
              ]),
            },
            mark: 'bar',
            encoding: {
              x: { field: 'year', type: 'nominal', title: 'By the end of', axis: { labelAngle: 0 } },
              xOffset: { field: 'measure' },
              y: { field: 'pounds', type: 'quantitative', title: 'Pounds', axis: { format: ',.0f' } },
              color: { field: 'measure', type: 'nominal', title: null },
            },
          },
          table: tables.targets,
          exports,
        })
      : null

    let children: Record<string, unknown>[] | null = null
    if (can(ctx.user.roles, 'people:read') && result.perChild.length) {
      const behind = await childrenBehind(db, ctx, result)
      children = result.perChild.map((row) => ({ ...row, who: behind.get(`${row.caseId}:${row.childId}`) }))
    }
    return render(reply, 'dashboard', {
      pageTitle: 'Finance dashboard',
      section: 'dashboard',
      period,
      result,
      tables,
      byYear,
      targetFigure,
      progress,
      children,
      exports,
      strandLabels: STRAND_LABELS,
      outcomeLabels: OUTCOME_LABELS,
      canSeeChildren: can(ctx.user.roles, 'people:read'),
      successPercent: result.successRate === null ? null : Math.round(result.successRate * 1000) / 10,
    })
  })

  app.get('/finance/scenario', { config: { permission: 'impact:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    return render(reply, 'scenario', { pageTitle: 'Scenarios', section: 'scenario', ...(await scenarioPage(db, ctx, request.query as Record<string, string | undefined>)) })
  })

  app.get('/finance/placement-ledger', { config: { permission: 'impact:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const query = request.query as Record<string, string | undefined>
    const page = await ledgerPage(db, ctx)
    if (isTableFormat(query.format)) return sendTables(reply, [page.yearsTable, page.movesTable], query.format, 'placement-ledger')
    return render(reply, 'ledger', { pageTitle: 'Placement breakdown ledger', section: 'ledger', ...page })
  })

  // ------------------------------------------------------------ settings

  app.get('/finance/settings', { config: { permission: 'finance:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const [unitCosts, serviceCosts, targets, parameters] = await Promise.all([settings.unitCosts(ctx), settings.serviceCosts(ctx), settings.targets(ctx), settings.parameters(ctx)])
    const today = todayInLondon()
    const inForce = serviceCosts.filter((l) => l.effectiveFrom <= today && (!l.effectiveTo || today <= l.effectiveTo))
    const missing = Object.keys(PLACEMENT_TYPES).filter((t) => !unitCosts.some((c) => c.placementType === t && !c.provider))
    return render(reply, 'settings', {
      pageTitle: 'Finance settings',
      section: 'settings',
      canWrite: can(ctx.user.roles, 'finance:write'),
      unitCosts: unitCosts.map(unitCostView),
      serviceCosts: serviceCosts.map(serviceCostView),
      annualServiceCost: inForce.reduce((n, l) => n + Math.round(Number(l.amount) * 100), 0) / 100,
      targets: targets.map(targetView),
      parameters: parameters.map(parameterView).map((p) => ({
        ...p,
        display:
          p.name === 'deadweight'
            ? `${fractionToPercent(p.central)}% (range ${fractionToPercent(p.low)}% to ${fractionToPercent(p.high)}%)`
            : `${p.central} weeks (range ${p.low} to ${p.high} weeks)`,
      })),
      missing,
      today,
    })
  })

  /** A settings form: GET shows it (blank or with the record), POST validates and saves, re-showing it with every error. */
  function settingsForm<R extends { id: string; version: number }>(spec: {
    path: string
    template: string
    noun: string
    fields: string[]
    dates: string[]
    load: (ctx: Ctx) => Promise<R[]>
    values: (r: R) => Record<string, string>
    parse: (values: Record<string, string>) => Record<string, unknown>
    create: (ctx: Ctx, input: never) => Promise<unknown>
    update: (ctx: Ctx, id: string, input: never) => Promise<unknown>
  }) {
    const names = [...spec.fields, ...spec.dates.flatMap(DATE_FIELDS), 'version']
    const firstInput = Object.fromEntries(spec.dates.map((d) => [d, `${d}-day`]))
    const find = async (ctx: Ctx, id: string) => {
      const row = (await spec.load(ctx)).find((r) => r.id === id)
      if (!row) throw new NotFoundError(spec.noun)
      return row
    }
    const show = (reply: FastifyReply, id: string | null, values: Record<string, string>, errors: Record<string, unknown> = {}, status = 200) =>
      render(
        reply,
        spec.template,
        { pageTitle: `${id ? 'Change' : 'Add'} a ${spec.noun}`, section: 'settings', id, values, action: id ? `${spec.path}/${id}` : `${spec.path}/new`, ...errors },
        status,
      )

    app.get(`${spec.path}/new`, { config: { permission: 'finance:write' } }, async (_request, reply) => show(reply, null, {}))
    app.get(`${spec.path}/:id`, { config: { permission: 'finance:write' } }, async (request, reply) => {
      const ctx = requireCtx(request.ctx)
      const id = (request.params as { id: string }).id
      return show(reply, id, spec.values(await find(ctx, id)))
    })
    const save = async (request: FastifyRequest, reply: FastifyReply, id: string | null) => {
      const ctx = requireCtx(request.ctx)
      if (id) await find(ctx, id)
      const values = formFields(request, names)
      try {
        const input = spec.parse(values)
        if (id) await spec.update(ctx, id, { ...input, version: Number(values.version) } as never)
        else await spec.create(ctx, input as never)
        await flash(request, `${id ? 'Changed' : 'Added'} the ${spec.noun}`)
        return reply.redirect('/finance/settings', 303)
      } catch (error) {
        if (error instanceof ValidationError) return show(reply, id, values, formErrors(error.errors, firstInput), 422)
        if (error instanceof ConflictError) {
          const fresh = id ? spec.values(await find(ctx, id)) : values
          return show(reply, id, { ...values, version: fresh.version ?? values.version ?? '' }, { errors: [{ text: error.message, href: '#main-content' }], fieldErrors: {} }, 409)
        }
        throw error
      }
    }
    app.post(`${spec.path}/new`, { config: { permission: 'finance:write' } }, async (request, reply) => save(request, reply, null))
    app.post(`${spec.path}/:id`, { config: { permission: 'finance:write' } }, async (request, reply) => save(request, reply, (request.params as { id: string }).id))
  }

  const optional = (v: string | undefined) => (v === '' || v === undefined ? undefined : v)

  settingsForm({
    path: '/finance/settings/unit-costs',
    template: 'unit-cost',
    noun: 'unit cost',
    fields: ['placementType', 'provider', 'amount', 'per', 'source'],
    dates: ['effectiveFrom', 'effectiveTo'],
    load: settings.unitCosts,
    values: (r) => ({
      placementType: r.placementType,
      provider: r.provider ?? '',
      amount: toText(toRational(r.amount)),
      per: r.per,
      source: r.source,
      ...partsOf(r.effectiveFrom, 'effectiveFrom'),
      ...partsOf(r.effectiveTo, 'effectiveTo'),
      version: String(r.version),
    }),
    parse: (v) =>
      parseOrThrow(unitCostInput, {
        placementType: optional(v.placementType),
        provider: optional(v.provider ?? '') ?? null,
        amount: v.amount,
        per: optional(v.per),
        source: v.source,
        effectiveFrom: dateFromParts(v, 'effectiveFrom'),
        effectiveTo: optional(dateFromParts(v, 'effectiveTo')) ?? null,
      }),
    create: settings.createUnitCost as never,
    update: settings.updateUnitCost as never,
  })

  settingsForm({
    path: '/finance/settings/service-costs',
    template: 'service-cost',
    noun: 'service cost line',
    fields: ['description', 'amount', 'source'],
    dates: ['effectiveFrom', 'effectiveTo'],
    load: settings.serviceCosts,
    values: (r) => ({
      description: r.description,
      amount: toText(toRational(r.amount)),
      source: r.source,
      ...partsOf(r.effectiveFrom, 'effectiveFrom'),
      ...partsOf(r.effectiveTo, 'effectiveTo'),
      version: String(r.version),
    }),
    parse: (v) =>
      parseOrThrow(serviceCostInput, {
        description: v.description,
        amount: v.amount,
        source: v.source,
        effectiveFrom: dateFromParts(v, 'effectiveFrom'),
        effectiveTo: optional(dateFromParts(v, 'effectiveTo')) ?? null,
      }),
    create: settings.createServiceCost as never,
    update: settings.updateServiceCost as never,
  })

  settingsForm({
    path: '/finance/settings/savings-targets',
    template: 'savings-target',
    noun: 'savings target',
    fields: ['financialYear', 'cumulativeSavings', 'fewerLookedAfterChildren', 'source'],
    dates: [],
    load: settings.targets,
    values: (r) => ({
      financialYear: r.financialYear,
      cumulativeSavings: toText(toRational(r.cumulativeSavings)),
      fewerLookedAfterChildren: r.fewerLookedAfterChildren === null ? '' : String(r.fewerLookedAfterChildren),
      source: r.source,
      version: String(r.version),
    }),
    parse: (v) => {
      const children = v.fewerLookedAfterChildren
      if (children && !/^\d+$/.test(children))
        throw new ValidationError([{ field: '/fewerLookedAfterChildren', message: 'Enter the number of children as a whole number, like 24' }])
      return parseOrThrow(savingsTargetInput, {
        financialYear: v.financialYear,
        cumulativeSavings: v.cumulativeSavings,
        fewerLookedAfterChildren: children ? Number(children) : null,
        source: v.source,
      })
    },
    create: settings.createTarget as never,
    update: settings.updateTarget as never,
  })

  // Parameters: deadweight is entered as percentages on the page (the API takes fractions).
  const percentToFraction = (v: string) => (/^\d+(\.\d{1,2})?$/.test(v) ? toText(div(toRational(v), toRational(100))) : v === '' ? '' : 'not a number')
  const parameterName = (request: FastifyRequest): ParameterName => {
    const name = (request.params as { name: string }).name
    if (!(PARAMETER_NAMES as readonly string[]).includes(name)) throw new NotFoundError('parameter')
    return name as ParameterName
  }
  const showParameter = async (ctx: Ctx, reply: FastifyReply, name: ParameterName, values: Record<string, string> | null, errors: Record<string, unknown> = {}, status = 200) => {
    const row = (await settings.parameters(ctx)).find((p) => p.name === name)
    if (!row) throw new NotFoundError('parameter')
    const view = parameterView(row)
    const shown =
      values ??
      (name === 'deadweight'
        ? { low: fractionToPercent(view.low), central: fractionToPercent(view.central), high: fractionToPercent(view.high), source: view.source, version: String(view.version) }
        : { low: String(view.low), central: String(view.central), high: String(view.high), source: view.source, version: String(view.version) })
    return render(
      reply,
      'parameter',
      { pageTitle: name === 'deadweight' ? 'Change the deadweight' : 'Change the weeks avoided', section: 'settings', name, values: shown, ...errors },
      status,
    )
  }
  app.get('/finance/settings/parameters/:name', { config: { permission: 'finance:write' } }, async (request, reply) =>
    showParameter(requireCtx(request.ctx), reply, parameterName(request), null),
  )
  app.post('/finance/settings/parameters/:name', { config: { permission: 'finance:write' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const name = parameterName(request)
    const values = formFields(request, ['low', 'central', 'high', 'source', 'version'])
    const convert = name === 'deadweight' ? percentToFraction : (v: string) => v
    try {
      const input = parseOrThrow(parameterInput, {
        low: convert(values.low),
        central: convert(values.central),
        high: convert(values.high),
        source: values.source,
        version: Number(values.version),
      })
      await settings.updateParameter(ctx, name, input)
      await flash(request, `Changed the ${name === 'deadweight' ? 'deadweight' : 'weeks avoided'}`)
      return reply.redirect('/finance/settings', 303)
    } catch (error) {
      if (error instanceof ValidationError) {
        // Messages speak in the page's units: percentages for deadweight.
        const errors = error.errors.map((e) => ({
          ...e,
          message: name === 'deadweight' ? e.message.replace(/a fraction from 0 to 1 \(0% to 100%\), like 0\.5 for 50%/, 'from 0% to 100%') : e.message,
        }))
        return showParameter(ctx, reply, name, values, formErrors(errors), 422)
      }
      if (error instanceof ConflictError) return showParameter(ctx, reply, name, null, { errors: [{ text: error.message, href: '#main-content' }], fieldErrors: {} }, 409)
      throw error
    }
  })

  // ------------------------------------------------------------ historic cases

  const showHistoric = async (ctx: Ctx, reply: FastifyReply, data: Record<string, unknown>, status = 200) =>
    render(reply, 'historic', { pageTitle: 'Import historic cases', section: 'historic', values: {}, imports: await historicImports(db, ctx.user.organisationId), ...data }, status)

  app.get('/finance/historic-cases', { config: { permission: 'finance:write' } }, async (request, reply) => showHistoric(requireCtx(request.ctx), reply, {}))
  app.post('/finance/historic-cases', { config: { permission: 'finance:write' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = formFields(request, ['fileName', 'csv'])
    if (!values.csv) {
      const message = 'Paste the contents of the CSV file'
      return showHistoric(ctx, reply, { values, errors: [{ text: message, href: '#csv' }], fieldErrors: { csv: message } }, 422)
    }
    const result = await importHistoricCases(db, ctx, { fileName: values.fileName, csv: values.csv, today: todayInLondon() })
    if (!result.imported) {
      const shown = result.errors.slice(0, 20).map((e) => ({ text: `${e.row ? `Row ${e.row}` : 'The file'}${e.column ? `, ${e.column}` : ''}: ${e.message}`, href: '#csv' }))
      return showHistoric(
        ctx,
        reply,
        {
          values,
          errors: shown,
          fieldErrors: { csv: `The file has ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}: see the list below` },
          problems: result.errors,
        },
        422,
      )
    }
    await flash(request, `Imported ${result.cases} historic case${result.cases === 1 ? '' : 's'} with ${result.children} ${result.children === 1 ? 'child' : 'children'}`)
    return reply.redirect('/finance/historic-cases', 303)
  })
}

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppDeps, Modules } from '../../app.js'
import { can } from '../../platform/auth/roles.js'
import { childrenBehind, impactAnswer, impactForPeriod } from './impact.js'
import { importHistoricCases } from './historic.js'
import { todayInLondon } from '../../platform/time/index.js'
import { ValidationError } from '../../platform/http/errors.js'
import {
  deleteQuery,
  PARAMETER_NAMES,
  parameterInput,
  periodQuery,
  savingsTargetInput,
  savingsTargetUpdate,
  serviceCostInput,
  serviceCostUpdate,
  unitCostInput,
  unitCostUpdate,
} from './schemas.js'
import { createFinanceSettings, parameterView, serviceCostView, targetView, unitCostView } from './settings.js'

const idParams = z.object({ id: z.string() })
const nameParams = z.object({ name: z.enum(PARAMETER_NAMES, { error: 'The parameters are deadweight and weeks_avoided' }) })
const range = z.object({ low: z.number(), central: z.number(), high: z.number() })
const nullableRange = z.object({ low: z.number().nullable(), central: z.number().nullable(), high: z.number().nullable() })
const dated = { effectiveFrom: z.string(), effectiveTo: z.string().nullable(), source: z.string(), version: z.number().int() }
const unitCost = z.object({ id: z.string(), placementType: z.string(), provider: z.string().nullable(), amount: z.number(), per: z.enum(['year', 'week']), ...dated })
const serviceCost = z.object({ id: z.string(), description: z.string(), amount: z.number(), per: z.literal('year'), ...dated })
const target = z.object({
  id: z.string(),
  financialYear: z.string(),
  cumulativeSavings: z.number(),
  fewerLookedAfterChildren: z.number().int().nullable(),
  source: z.string(),
  version: z.number().int(),
})
const parameter = z.object({ name: z.enum(PARAMETER_NAMES), low: z.number(), central: z.number(), high: z.number(), source: z.string(), version: z.number().int() })
const impact = z.object({
  from: z.string(),
  to: z.string(),
  childrenWorkedWith: z.number().int(),
  childrenRemainedAtHome: z.number().int(),
  childrenReturnedHome: z.number().int(),
  childrenEnteredCare: z.number().int(),
  successRate: z.number().nullable(),
  costAvoidance: range,
  savings: range,
  serviceCost: z.number(),
  net: range,
  breakEvenChildren: z.number().int().nullable(),
  breakEvenChildrenNet: nullableRange,
  parameters: z.record(z.string(), z.unknown()),
  children: z.array(z.record(z.string(), z.unknown())).optional(),
})

const TAG = 'Impact and finance'

/** GET /api/v1/impact and the finance settings under /api/v1/finance/... (API.md "Impact"). */
export function financeRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const settings = createFinanceSettings(db)
  const api = modules.api

  api.register(app, {
    method: 'GET',
    url: '/api/v1/impact',
    permission: 'impact:read',
    tag: TAG,
    summary:
      'Impact of the cases closed between from and to (inclusive): counts, success rate, cost avoidance, savings, service cost, net, break-even, each money figure low / central / high, and every parameter and unit cost used. With include=children and the people:read permission, the children behind each figure (audited as a view).',
    query: periodQuery,
    responses: { 200: { description: 'The impact; money in pounds, totals over the weeks avoided', schema: impact } },
    handler: async (ctx, { query }) => {
      const result = await impactForPeriod(db, ctx.user.organisationId, query)
      const answer = impactAnswer(result)
      if (query.include !== 'children' || !can(ctx.user.roles, 'people:read')) return { body: answer }
      const behind = await childrenBehind(db, ctx, result)
      return {
        body: {
          ...answer,
          children: result.perChild.map((row) => {
            const who = behind.get(`${row.caseId}:${row.childId}`)
            return {
              ...row,
              childId: who?.childId ?? null,
              caseId: who?.caseId ?? null,
              localChildId: who?.localChildId ?? null,
              historic: who?.historic,
              restricted: who?.restricted,
            }
          }),
        },
      }
    },
  })

  // ------------------------------------------------------------ unit costs

  api.register(app, {
    method: 'GET',
    url: '/api/v1/finance/unit-costs',
    permission: 'finance:read',
    tag: TAG,
    summary: 'Unit costs by placement type (and provider), effective-dated, as entered (per year or per week) with their source',
    responses: { 200: { description: 'Every unit cost', schema: z.array(unitCost) } },
    handler: async (ctx) => ({ body: (await settings.unitCosts(ctx)).map(unitCostView) }),
  })
  api.register(app, {
    method: 'POST',
    url: '/api/v1/finance/unit-costs',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Add a unit cost; its dates may not overlap another for the same placement type and provider',
    body: unitCostInput,
    responses: { 201: { description: 'Added', schema: unitCost } },
    handler: async (ctx, { body }) => ({ status: 201, body: unitCostView(await settings.createUnitCost(ctx, body)) }),
  })
  api.register(app, {
    method: 'PUT',
    url: '/api/v1/finance/unit-costs/:id',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Change a unit cost (send its version)',
    params: idParams,
    body: unitCostUpdate,
    responses: { 200: { description: 'Changed', schema: unitCost }, 404: { description: 'No such unit cost' }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: unitCostView(await settings.updateUnitCost(ctx, params.id, body)) }),
  })
  api.register(app, {
    method: 'DELETE',
    url: '/api/v1/finance/unit-costs/:id',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Remove a unit cost entered in error (send ?version=); to stop a cost, give it an end date instead',
    params: idParams,
    query: deleteQuery,
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such unit cost' }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, query }) => {
      await settings.deleteUnitCost(ctx, params.id, query.version)
      return { status: 204, body: undefined }
    },
  })

  // ------------------------------------------------------------ service costs

  api.register(app, {
    method: 'GET',
    url: '/api/v1/finance/service-costs',
    permission: 'finance:read',
    tag: TAG,
    summary: 'The service cost lines (annual amounts), effective-dated',
    responses: { 200: { description: 'Every line', schema: z.array(serviceCost) } },
    handler: async (ctx) => ({ body: (await settings.serviceCosts(ctx)).map(serviceCostView) }),
  })
  api.register(app, {
    method: 'POST',
    url: '/api/v1/finance/service-costs',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Add a service cost line (an annual amount); a line of the same description may not overlap in time',
    body: serviceCostInput,
    responses: { 201: { description: 'Added', schema: serviceCost } },
    handler: async (ctx, { body }) => ({ status: 201, body: serviceCostView(await settings.createServiceCost(ctx, body)) }),
  })
  api.register(app, {
    method: 'PUT',
    url: '/api/v1/finance/service-costs/:id',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Change a service cost line (send its version)',
    params: idParams,
    body: serviceCostUpdate,
    responses: { 200: { description: 'Changed', schema: serviceCost }, 404: { description: 'No such line' }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: serviceCostView(await settings.updateServiceCost(ctx, params.id, body)) }),
  })
  api.register(app, {
    method: 'DELETE',
    url: '/api/v1/finance/service-costs/:id',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Remove a service cost line entered in error (send ?version=)',
    params: idParams,
    query: deleteQuery,
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such line' }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, query }) => {
      await settings.deleteServiceCost(ctx, params.id, query.version)
      return { status: 204, body: undefined }
    },
  })

  // ------------------------------------------------------------ savings targets

  api.register(app, {
    method: 'GET',
    url: '/api/v1/finance/savings-targets',
    permission: 'finance:read',
    tag: TAG,
    summary: 'Savings targets by financial year, cumulative',
    responses: { 200: { description: 'Every target', schema: z.array(target) } },
    handler: async (ctx) => ({ body: (await settings.targets(ctx)).map(targetView) }),
  })
  api.register(app, {
    method: 'POST',
    url: '/api/v1/finance/savings-targets',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Add a cumulative savings target for a financial year (one per year; never below an earlier year’s)',
    body: savingsTargetInput,
    responses: { 201: { description: 'Added', schema: target } },
    handler: async (ctx, { body }) => ({ status: 201, body: targetView(await settings.createTarget(ctx, body)) }),
  })
  api.register(app, {
    method: 'PUT',
    url: '/api/v1/finance/savings-targets/:id',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Change a savings target (send its version)',
    params: idParams,
    body: savingsTargetUpdate,
    responses: { 200: { description: 'Changed', schema: target }, 404: { description: 'No such target' }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: targetView(await settings.updateTarget(ctx, params.id, body)) }),
  })
  api.register(app, {
    method: 'DELETE',
    url: '/api/v1/finance/savings-targets/:id',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Remove a savings target (send ?version=)',
    params: idParams,
    query: deleteQuery,
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such target' }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, query }) => {
      await settings.deleteTarget(ctx, params.id, query.version)
      return { status: 204, body: undefined }
    },
  })

  // ------------------------------------------------------------ parameters

  api.register(app, {
    method: 'GET',
    url: '/api/v1/finance/parameters',
    permission: 'finance:read',
    tag: TAG,
    summary: 'The parameters with their central value and range: deadweight (a fraction, 0.5 = 50%) and weeks_avoided',
    responses: { 200: { description: 'Both parameters', schema: z.array(parameter) } },
    handler: async (ctx) => ({ body: (await settings.parameters(ctx)).map(parameterView) }),
  })
  api.register(app, {
    method: 'PUT',
    url: '/api/v1/finance/parameters/:name',
    permission: 'finance:write',
    tag: TAG,
    summary: 'Change a parameter’s low, central and high values (low ≤ central ≤ high; send its version)',
    params: nameParams,
    body: parameterInput,
    responses: { 200: { description: 'Changed', schema: parameter }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: parameterView(await settings.updateParameter(ctx, params.name, body)) }),
  })

  // ------------------------------------------------------------ historic cases

  api.register(app, {
    method: 'POST',
    url: '/api/v1/finance/historic-cases',
    permission: 'finance:write',
    tag: TAG,
    summary:
      'Import cases closed before the system was used, as the text of a CSV file (columns in docs/finance.md). The whole file or nothing: every problem is listed with its row and column.',
    body: z.object({ fileName: z.string().max(200).optional(), csv: z.string({ error: 'Send the CSV file’s text as csv' }).min(1, 'Send the CSV file’s text as csv') }),
    responses: {
      201: { description: 'Imported', schema: z.object({ cases: z.number().int(), children: z.number().int() }) },
      422: { description: 'Nothing imported: each error names the row and column of the file' },
    },
    handler: async (ctx, { body }) => {
      const result = await importHistoricCases(db, ctx, { fileName: body.fileName ?? 'historic-cases.csv', csv: body.csv, today: todayInLondon() })
      if (!result.imported)
        throw new ValidationError(
          result.errors.map((e) => ({ field: '/csv', message: `${e.row ? `Row ${e.row}` : 'The file'}${e.column ? `, column ${e.column}` : ''}: ${e.message}` })),
        )
      return { status: 201, body: { cases: result.cases, children: result.children } }
    },
  })
}

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppDeps, Modules } from '../../app.js'
import { isoDate } from '../../platform/validation.js'
import { ValidationError } from '../../platform/http/errors.js'
import { todayInLondon } from '../../platform/time/index.js'
import { teamsOf } from './repository.js'
import { buildServiceDashboard } from './service-dashboard.js'
import { periodDays, MAX_PERIOD_DAYS } from './domain/period.js'

const cell = z.union([z.string(), z.number(), z.null()])
const table = z.object({
  title: z.string(),
  columns: z.array(z.object({ key: z.string(), header: z.string(), numeric: z.boolean().optional() })),
  rows: z.array(z.record(z.string(), cell)),
})

/**
 * The impact API: the service dashboard's tables as JSON. Exact figures for the roles that
 * read them exact on the pages; a board viewer's answer is suppressed like their pages
 * (`suppressed: true`), as PRODUCT.md §4 allows exact figures only "to the roles allowed".
 */
export function impactApiRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  modules.api.register(app, {
    method: 'GET',
    url: '/api/v1/impact/service',
    permission: 'impact:read',
    tag: 'Impact',
    summary: 'The service dashboard for a period (and optionally one team): every table, with its definition',
    query: z.object({
      from: isoDate('Give from as a date, YYYY-MM-DD'),
      to: isoDate('Give to as a date, YYYY-MM-DD'),
      team: z.string().optional(),
    }),
    responses: {
      200: {
        description: 'The dashboard',
        schema: z.object({
          from: z.string(),
          to: z.string(),
          team: z.string().nullable(),
          suppressed: z.boolean(),
          sections: z.array(z.object({ id: z.string(), title: z.string(), definition: z.string(), summary: z.string(), table })),
        }),
      },
    },
    handler: async (ctx, { query }) => {
      const errors = []
      if (query.from > query.to) errors.push({ field: '/to', message: 'The end date must be the same as or after the start date' })
      else if (periodDays(query) > MAX_PERIOD_DAYS) errors.push({ field: '/to', message: 'Choose a period of 10 years or less' })
      const team = query.team ? (await teamsOf(db, ctx.user.organisationId)).find((t) => t.id === query.team || t.name === query.team) : null
      if (query.team && !team) errors.push({ field: '/team', message: 'Give the id or name of one of your organisation’s teams' })
      if (errors.length) throw new ValidationError(errors)
      const dashboard = await buildServiceDashboard(
        db,
        ctx.user.organisationId,
        { from: query.from, to: query.to, teamId: team?.id ?? null },
        { kind: 'api', roles: ctx.user.roles },
        todayInLondon(),
      )
      return {
        body: {
          from: query.from,
          to: query.to,
          team: team?.name ?? null,
          suppressed: dashboard.suppressed,
          sections: dashboard.sections.map(({ id, title, definition, summary, table }) => ({ id, title, definition, summary, table })),
        },
      }
    },
  })
}

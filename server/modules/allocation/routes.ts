import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppDeps, Modules } from '../../app.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { isUuid } from '../people/index.js'
import { listWorkers, workerCaseload } from './caseload.js'

const worker = z.object({ id: z.string(), name: z.string(), team: z.string().nullable(), families: z.number().int(), coWorked: z.number().int(), cap: z.number().int() })
const caseload = z.object({ families: z.number().int(), coWorked: z.number().int(), cap: z.number().int() })

export function allocationRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  modules.api.register(app, {
    method: 'GET',
    url: '/api/v1/workers',
    permission: 'workers:read',
    tag: 'People',
    summary: 'Family support workers and senior practitioners in the caller’s organisation, with their caseloads',
    query: z.object({ team: z.string().max(100).optional() }),
    responses: { 200: { description: 'Workers', schema: z.array(worker) } },
    handler: async (ctx, { query }) => ({ body: await listWorkers(db, ctx, query.team) }),
  })
  modules.api.register(app, {
    method: 'GET',
    url: '/api/v1/workers/:id/caseload',
    permission: 'workers:read',
    tag: 'People',
    summary: 'A worker’s caseload: open cases they lead, co-worked cases, and their cap',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'Caseload', schema: caseload }, 404: { description: 'No such worker in the caller’s organisation' } },
    handler: async (ctx, { params }) => {
      const found = isUuid(params.id) ? await workerCaseload(db, ctx, params.id) : null
      if (!found) throw new NotFoundError('worker')
      return { body: found }
    },
  })
}

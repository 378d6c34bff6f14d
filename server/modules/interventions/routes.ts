import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppDeps, Modules } from '../../app.js'
import { createInterventionsService } from './service.js'
import { escalationInput, goalChangeInput, goalInput, reviewInput, riskInput, riskReviewInput, stepInput } from './schemas.js'

const idParams = z.object({ id: z.string() })
const tag = 'Edge of care: active case'
const closed = '/problems/invalid-state on a closed case, or one not yet allocated'
const risk = z.object({ id: z.string(), description: z.string(), level: z.string(), reviewDate: z.string(), overdue: z.boolean(), version: z.number().int() })
const review = z.object({
  id: z.string(),
  kind: z.string(),
  dueDate: z.string(),
  heldOn: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
})

/** The API for the work on an open case: the same service serves the pages. */
export function interventionsRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const plan = createInterventionsService(deps.database.db)
  const api = modules.api
  const visible = (ctx: Parameters<typeof plan.ensureCaseVisible>[0], params: { id: string }) => plan.ensureCaseVisible(ctx, params.id)

  api.register(app, {
    method: 'GET',
    url: '/api/v1/cases/:id/plan',
    permission: 'cases:read',
    tag,
    summary: 'A case’s plan: goals with every score, risks with their reviews, case reviews, escalations, steps down or up (audited as a view)',
    params: idParams,
    responses: { 200: { description: 'The plan' }, 404: { description: 'No such case, or not one the caller may see' } },
    handler: async (ctx, { params }) => ({ body: await plan.viewPlan(ctx, params.id) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/goals',
    permission: 'cases:work',
    tag,
    summary: 'Add a goal to the plan, in the family’s own words, with its score at the start (0-10)',
    params: idParams,
    ensureVisible: visible,
    body: goalInput,
    responses: {
      201: { description: 'Added', schema: z.object({ id: z.string(), goal: z.string(), startScore: z.number().int(), version: z.number().int() }) },
      409: { description: closed },
      422: { description: 'No goal, or a score outside 0-10' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await plan.addGoal(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'PUT',
    url: '/api/v1/cases/:id/goals/:goalId',
    permission: 'cases:work',
    tag,
    summary: 'Change a goal’s wording (its scores stay); send its version',
    params: z.object({ id: z.string(), goalId: z.string() }),
    ensureVisible: visible,
    body: goalChangeInput,
    responses: {
      200: { description: 'Changed', schema: z.object({ id: z.string(), goal: z.string(), version: z.number().int() }) },
      404: { description: 'No such goal on this case' },
      409: { description: `${closed}; /problems/stale-version` },
      422: { description: 'No goal, or no version' },
    },
    handler: async (ctx, { params, body }) => ({ body: await plan.changeGoal(ctx, params.id, params.goalId, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/risks',
    permission: 'cases:work',
    tag,
    summary: 'Record a risk with its level (low, medium, high) and review date',
    params: idParams,
    ensureVisible: visible,
    body: riskInput,
    responses: { 201: { description: 'Recorded', schema: risk }, 409: { description: closed }, 422: { description: 'Invalid risk' } },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await plan.addRisk(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/risks/:riskId/review',
    permission: 'cases:work',
    tag,
    summary: 'Review a risk: its level now and the next review date (history kept)',
    params: z.object({ id: z.string(), riskId: z.string() }),
    ensureVisible: visible,
    body: riskReviewInput,
    responses: { 200: { description: 'Reviewed', schema: risk }, 404: { description: 'No such risk on this case' }, 409: { description: `${closed}; /problems/stale-version` } },
    handler: async (ctx, { params, body }) => ({ body: await plan.reviewRisk(ctx, params.id, params.riskId, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/escalations',
    permission: 'cases:work',
    tag,
    summary: 'Record an escalation to statutory safeguarding: the concern, who was told, how and when',
    params: idParams,
    ensureVisible: visible,
    body: escalationInput,
    responses: {
      201: {
        description: 'Recorded; `notify` names who the service notifies',
        schema: z.object({
          id: z.string(),
          concern: z.string(),
          told: z.array(z.string()),
          otherPeople: z.string().nullable(),
          method: z.string(),
          toldAt: z.string(),
          notify: z.object({ allocatedSocialWorkerId: z.string().nullable(), teamManagerIds: z.array(z.string()) }),
        }),
      },
      409: { description: closed },
      422: { description: 'Missing concern, who was told, how or when' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await plan.escalate(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/steps',
    permission: 'cases:work',
    tag,
    summary: 'Record a step down (to Early Help, youth mentoring) or a step up (to statutory social care), with the reason',
    params: idParams,
    ensureVisible: visible,
    body: stepInput,
    responses: {
      201: { description: 'Recorded', schema: z.object({ id: z.string(), direction: z.string(), to: z.string(), reason: z.string(), at: z.string() }) },
      409: { description: closed },
      422: { description: 'A destination that does not fit the direction' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await plan.recordStep(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/reviews/:reviewId',
    permission: 'cases:work',
    tag,
    summary: 'Record a review (6 weeks or 3 months after allocation) as held, with a score for every goal and a note',
    params: z.object({ id: z.string(), reviewId: z.string() }),
    ensureVisible: visible,
    body: reviewInput,
    responses: {
      200: { description: 'Recorded; its task is done', schema: review },
      404: { description: 'No such review on this case' },
      409: { description: `${closed}; a review already held; /problems/stale-version` },
      422: { description: 'A goal without a score, or a score outside 0-10' },
    },
    handler: async (ctx, { params, body }) => ({ body: await plan.recordReview(ctx, params.id, params.reviewId, body) }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/risks',
    permission: 'cases:work',
    tag,
    summary: 'Risks on the caller’s open cases (a team manager: every open case they can see), by review date; `overdue=true` for overdue ones only',
    query: z.object({ overdue: z.enum(['true', 'false']).optional() }),
    responses: { 200: { description: 'The risks', schema: z.array(risk.omit({ overdue: true }).extend({ caseId: z.string(), familyName: z.string(), overdue: z.boolean() })) } },
    handler: async (ctx, { query }) => ({ body: await plan.risksToReview(ctx, { overdueOnly: query.overdue === 'true' }) }),
  })
}

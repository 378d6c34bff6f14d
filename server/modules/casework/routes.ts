import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppDeps, Modules } from '../../app.js'
import { createCaseworkService } from './service.js'
import { allocationInput, closureInput, contactInput, decisionInput, followUpInput, informationInput, referralInput, signOffInput } from './schemas.js'

const idParams = z.object({ id: z.string() })
const screening = z.object({ eligible: z.boolean(), rules: z.array(z.object({ rule: z.string(), passed: z.boolean().nullable(), message: z.string() })) })
const status = z.object({ status: z.string(), version: z.number().int() })

export function caseworkRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const casework = createCaseworkService(deps.database.db)
  const api = modules.api

  api.register(app, {
    method: 'POST',
    url: '/api/v1/referrals',
    permission: 'referrals:create',
    tag: 'Edge of care',
    summary: 'Submit a referral: it goes straight to the panel, with its screening results',
    body: referralInput,
    responses: {
      201: { description: 'Submitted', schema: z.object({ id: z.string(), status: z.string(), screening, reReferral: z.boolean(), version: z.number().int() }) },
      404: { description: 'A child that does not exist or the caller may not see' },
    },
    handler: async (ctx, { body }) => ({ status: 201, body: await casework.createReferral(ctx, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/referrals/:id/decision',
    permission: 'referrals:decide',
    tag: 'Edge of care',
    summary: 'The panel’s decision (or a team manager’s out-of-panel acceptance of a crisis referral)',
    params: idParams,
    ensureVisible: (ctx, params) => casework.ensureReferralVisible(ctx, params.id),
    body: decisionInput,
    responses: {
      200: { description: 'Decided; when accepted, the new case', schema: status.extend({ caseId: z.string().optional() }) },
      409: { description: '/problems/invalid-state when already decided; /problems/stale-version' },
    },
    handler: async (ctx, { params, body }) => ({ body: await casework.decide(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/referrals/:id/information',
    permission: 'referrals:create',
    tag: 'Edge of care',
    summary: 'The referrer answers the panel’s “more information needed”: the referral goes back on the next agenda',
    params: idParams,
    ensureVisible: (ctx, params) => casework.ensureReferralVisible(ctx, params.id),
    body: informationInput,
    responses: {
      200: { description: 'Sent: the referral is waiting for the panel again', schema: status },
      403: { description: 'The caller is not the referrer' },
      409: { description: '/problems/invalid-state when the panel has not asked for more information; /problems/stale-version' },
    },
    handler: async (ctx, { params, body }) => ({ body: await casework.giveInformation(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/allocation',
    permission: 'cases:allocate',
    tag: 'Edge of care',
    summary: 'Allocate (or reallocate) a case to a team and lead worker',
    params: idParams,
    ensureVisible: (ctx, params) => casework.ensureCaseVisible(ctx, params.id),
    body: allocationInput,
    responses: {
      200: { description: 'Allocated: the case is active', schema: status },
      409: { description: '/problems/caseload-cap without an override; /problems/invalid-state; /problems/stale-version' },
    },
    handler: async (ctx, { params, body }) => ({ body: await casework.allocate(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/contacts',
    permission: 'cases:work',
    tag: 'Edge of care',
    summary: 'Record a contact with the family',
    params: idParams,
    ensureVisible: (ctx, params) => casework.ensureCaseVisible(ctx, params.id),
    body: contactInput,
    responses: {
      201: { description: 'Recorded', schema: z.object({ id: z.string().optional() }) },
      409: { description: '/problems/invalid-state on a closed or unallocated case' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await casework.addContact(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/closure',
    permission: 'cases:work',
    tag: 'Edge of care',
    summary: 'Close a case: a team manager closes at once; the lead worker’s closure waits for sign-off',
    params: idParams,
    ensureVisible: (ctx, params) => casework.ensureCaseVisible(ctx, params.id),
    body: closureInput,
    responses: {
      200: { description: 'Closed or waiting for sign-off', schema: status },
      409: { description: '/problems/invalid-state' },
      422: { description: 'An outcome missing for a referred child' },
    },
    handler: async (ctx, { params, body }) => ({ body: await casework.close(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/closure/sign-off',
    permission: 'cases:sign-off',
    tag: 'Edge of care',
    summary: 'Sign off a worker’s closure: the case closes and its follow-ups are scheduled',
    params: idParams,
    ensureVisible: (ctx, params) => casework.ensureCaseVisible(ctx, params.id),
    body: signOffInput,
    responses: { 200: { description: 'Closed', schema: status }, 409: { description: '/problems/invalid-state when no closure waits' } },
    handler: async (ctx, { params, body }) => ({ body: await casework.signOffClosure(ctx, params.id, body?.version) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/cases/:id/follow-ups',
    permission: 'cases:work',
    tag: 'Edge of care',
    summary: 'Record where a child is at a follow-up point (replaces an earlier record for the same child and month)',
    params: idParams,
    ensureVisible: (ctx, params) => casework.ensureCaseVisible(ctx, params.id),
    body: followUpInput,
    responses: {
      201: {
        description: 'Recorded',
        schema: z.object({ childId: z.string(), monthsAfterClosure: z.number().int(), dueDate: z.string(), status: z.string().nullable(), source: z.string().nullable() }),
      },
      409: { description: '/problems/invalid-state before closure' },
      422: { description: 'A child not on the case' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await casework.recordFollowUp(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/cases/:id',
    permission: 'cases:read',
    tag: 'Edge of care',
    summary: 'A case: status, team, workers, children, contacts, outcomes and follow-ups (audited as a view)',
    params: idParams,
    responses: { 200: { description: 'The case' }, 404: { description: 'No such case, or not one the caller may see' } },
    handler: async (ctx, { params }) => ({ body: await casework.viewCase(ctx, params.id) }),
  })
}

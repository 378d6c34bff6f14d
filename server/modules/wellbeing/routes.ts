import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppDeps, Modules } from '../../app.js'
import { isoDate } from '../../platform/validation.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { scoreSdq } from './domain/sdq.js'
import { sdqScoreRequest, sdqScoreResponse } from './sdq-schema.js'
import { createWellbeingService } from './service.js'
import {
  closureInput,
  directoryEntryInput,
  flagInput,
  flagResponseInput,
  onwardOutcomeInput,
  onwardReferralInput,
  outcomeInput,
  referralChangeInput,
  referralInput,
  sdqInput,
  sessionInput,
  settingsInput,
  tariffInput,
  triageInput,
} from './schemas.js'
import { financialYearOf } from './pages/period.js'

const TAG = 'Wellbeing'
const idParams = z.object({ id: z.string() })
const flagOut = z.object({ id: z.string(), kind: z.string(), raisedOn: z.string(), dueOn: z.string() })
const versioned = z.object({ id: z.string(), status: z.string(), version: z.number().int() })
const notVisible = { description: 'No such referral, or one the caller may not see: only staff holding a role in the service see its records' }

export function wellbeingRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const api = modules.api
  const wellbeing = createWellbeingService(deps.database.db)
  const visible = (ctx: Parameters<typeof wellbeing.ensureReferralVisible>[0], params: { id: string }) => wellbeing.ensureReferralVisible(ctx, params.id)

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/sdq/score',
    permission: 'wellbeing:sdq',
    tag: TAG,
    summary:
      'Score a Strengths and Difficulties Questionnaire: the five scales, total difficulties, externalising, internalising, the band by informant, and the impact score. Nothing is stored.',
    body: sdqScoreRequest,
    responses: { 200: { description: 'The scores; each null when it cannot be scored from the answers given', schema: sdqScoreResponse } },
    // Organisation-set cut-offs would be passed here; until there are any, the published ones.
    handler: async (_ctx, { body }) => ({ body: scoreSdq(body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals',
    permission: 'wellbeing:write',
    tag: TAG,
    summary:
      'Refer a child in care or a care leaver (up to 25) to the wellbeing service, with consent and information-sharing decisions. School exclusion or persistent absence raises a flag due in the service’s working days.',
    body: referralInput,
    responses: {
      201: { description: 'Referred: awaiting triage', schema: versioned.extend({ flags: z.array(flagOut) }) },
      403: { description: 'The caller holds no role in a wellbeing service' },
    },
    handler: async (ctx, { body }) => ({ status: 201, body: await wellbeing.createReferral(ctx, body) }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/wellbeing/referrals',
    permission: 'wellbeing:read',
    tag: TAG,
    summary: 'The triage queue (by priority, then the longest wait), or the open or closed referrals',
    query: z.object({ view: z.enum(['queue', 'open', 'closed'], { error: 'view is queue, open or closed' }).optional() }),
    responses: { 200: { description: 'The referrals, in order' } },
    handler: async (ctx, { query }) => ({ body: { referrals: await wellbeing.list(ctx, query.view ?? 'queue') } }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/wellbeing/referrals/:id',
    permission: 'wellbeing:read',
    tag: TAG,
    summary: 'A referral with its questionnaires, flags, triage, onward referrals, sessions and outcomes (audited as a view)',
    params: idParams,
    responses: { 200: { description: 'The referral' }, 404: notVisible },
    handler: async (ctx, { params }) => ({ body: await wellbeing.view(ctx, params.id) }),
  })

  api.register(app, {
    method: 'PATCH',
    url: '/api/v1/wellbeing/referrals/:id',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Change a referral’s placement, consent and information-sharing decisions, priorities or reason. Send the version you read.',
    params: idParams,
    ensureVisible: visible,
    body: referralChangeInput,
    responses: { 200: { description: 'Changed', schema: versioned }, 404: notVisible, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: await wellbeing.updateReferral(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/sdqs',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Keep a questionnaire, item by item, and answer its scores. A cause-for-concern band raises a flag.',
    params: idParams,
    ensureVisible: visible,
    body: sdqInput,
    responses: {
      201: { description: 'Kept; the scores, and the flag raised if any', schema: z.object({ id: z.string(), scores: sdqScoreResponse, flag: flagOut.nullable() }) },
      404: notVisible,
      409: { description: '/problems/invalid-state on a closed referral' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await wellbeing.recordSdq(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/flags',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Raise a flag (school exclusion, persistent absence, SDQ concern) with its response due date',
    params: idParams,
    ensureVisible: visible,
    body: flagInput,
    responses: {
      201: { description: 'Raised', schema: flagOut.extend({ version: z.number().int() }) },
      404: notVisible,
      409: { description: '/problems/invalid-state on a closed referral' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await wellbeing.raiseFlag(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/flags/:flagId/response',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Record the response to a flag',
    params: z.object({ id: z.string(), flagId: z.string() }),
    ensureVisible: visible,
    body: flagResponseInput,
    responses: { 200: { description: 'Recorded, and whether it was on time' }, 404: notVisible, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: await wellbeing.respondToFlag(ctx, params.id, params.flagId, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/triage',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Triage on Golding’s hierarchy: the needs at each level give the recommendation (indirect, direct, both, or none: refer on); a different choice needs overrideReason',
    params: idParams,
    ensureVisible: visible,
    body: triageInput,
    responses: {
      200: {
        description: 'Triaged',
        schema: versioned.extend({ recommended: z.string(), decided: z.string(), overrideReason: z.string().nullable() }),
      },
      404: notVisible,
      409: { description: '/problems/invalid-state on a closed referral; /problems/stale-version' },
    },
    handler: async (ctx, { params, body }) => ({ body: await wellbeing.triage(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/sessions',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Record a session or consultation, costed at the tariff in force on the day',
    params: idParams,
    ensureVisible: visible,
    body: sessionInput,
    responses: {
      201: {
        description: 'Recorded, with its cost in pounds',
        schema: z.object({ id: z.string(), heldOn: z.string(), tariffActivity: z.string(), cost: z.number(), version: z.number().int() }),
      },
      404: notVisible,
      409: { description: '/problems/invalid-state on a closed referral' },
    },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await wellbeing.addSession(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/onward-referrals',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Refer on to a service in the directory, saying why it suits this young person',
    params: idParams,
    ensureVisible: visible,
    body: onwardReferralInput,
    responses: { 201: { description: 'Referred on' }, 404: notVisible, 409: { description: '/problems/invalid-state on a closed referral' } },
    handler: async (ctx, { params, body }) => ({ status: 201, body: await wellbeing.referOn(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/onward-referrals/:onwardId/outcome',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Record the outcome of an onward referral',
    params: z.object({ id: z.string(), onwardId: z.string() }),
    ensureVisible: visible,
    body: onwardOutcomeInput,
    responses: { 200: { description: 'Recorded' }, 404: notVisible, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: await wellbeing.recordOnwardOutcome(ctx, params.id, params.onwardId, body) }),
  })

  api.register(app, {
    method: 'PUT',
    url: '/api/v1/wellbeing/referrals/:id/outcome',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Record or change the outcome: carer-reported placement stability (1-5), placement breakdowns during and after the work. Send the version when changing.',
    params: idParams,
    ensureVisible: visible,
    body: outcomeInput,
    responses: { 200: { description: 'Recorded' }, 404: notVisible, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { params, body }) => ({ body: await wellbeing.recordOutcome(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/referrals/:id/closure',
    permission: 'wellbeing:write',
    tag: TAG,
    summary: 'Close the referral; no session can be recorded after',
    params: idParams,
    ensureVisible: visible,
    body: closureInput,
    responses: {
      200: { description: 'Closed', schema: versioned.extend({ closedOn: z.string().nullable() }) },
      404: notVisible,
      409: { description: '/problems/invalid-state when already closed; /problems/stale-version' },
    },
    handler: async (ctx, { params, body }) => ({ body: await wellbeing.close(ctx, params.id, body) }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/wellbeing/directory',
    permission: 'wellbeing:read',
    tag: TAG,
    summary: 'The services the wellbeing service refers on to, with criteria and contact',
    responses: { 200: { description: 'The directory' } },
    handler: async (ctx) => ({ body: { entries: await wellbeing.directory(ctx) } }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/directory',
    permission: 'wellbeing:manage',
    tag: TAG,
    summary: 'Add a service to the directory',
    body: directoryEntryInput,
    responses: { 201: { description: 'Added' }, 403: { description: 'The caller holds no role in a wellbeing service' } },
    handler: async (ctx, { body }) => ({ status: 201, body: await wellbeing.addDirectoryEntry(ctx, body) }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/wellbeing/tariffs',
    permission: 'wellbeing:read',
    tag: TAG,
    summary: 'The tariff: every price with the dates it applies',
    responses: { 200: { description: 'The prices' } },
    handler: async (ctx) => ({ body: { tariffs: await wellbeing.tariffs(ctx) } }),
  })

  api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/tariffs',
    permission: 'wellbeing:manage',
    tag: TAG,
    summary: 'Add a price, effective from a date; refused with an explanation when it overlaps another price for the same activity',
    body: tariffInput,
    responses: { 201: { description: 'Added' }, 409: { description: '/problems/invalid-state: overlaps an existing price, which is named' } },
    handler: async (ctx, { body }) => ({ status: 201, body: await wellbeing.addTariff(ctx, body) }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/wellbeing/settings',
    permission: 'wellbeing:read',
    tag: TAG,
    summary: 'The service’s settings: working days to respond to a flag, and the waiting-time targets in days',
    responses: { 200: { description: 'The settings; version 0 while the defaults apply' }, 404: { description: 'The caller holds no role in a wellbeing service' } },
    handler: async (ctx) => {
      const settings = await wellbeing.settings(ctx)
      if (!settings) throw new NotFoundError('wellbeing service you hold a role in')
      return { body: settings }
    },
  })

  api.register(app, {
    method: 'PUT',
    url: '/api/v1/wellbeing/settings',
    permission: 'wellbeing:manage',
    tag: TAG,
    summary: 'Change the service’s settings; send the version you read (0 while the defaults apply). Flags already raised keep their due dates.',
    body: settingsInput,
    responses: { 200: { description: 'Changed' }, 403: { description: 'The caller holds no role in a wellbeing service' }, 409: { description: '/problems/stale-version' } },
    handler: async (ctx, { body }) => ({ body: await wellbeing.updateSettings(ctx, body) }),
  })

  api.register(app, {
    method: 'GET',
    url: '/api/v1/wellbeing/dashboard',
    permission: 'wellbeing:report',
    tag: TAG,
    summary:
      'The service’s figures for a period (default: this financial year): referrals by responsible authority, waits against targets, activity and cost at tariff against funding shares, flags responded to on time. Aggregate only.',
    query: z.object({
      from: isoDate('from is a date like 2026-04-01').optional(),
      to: isoDate('to is a date like 2027-03-31').optional(),
      serviceId: z.string().optional(),
    }),
    responses: { 200: { description: 'The figures' }, 404: { description: 'No service the caller may report on' } },
    handler: async (ctx, { query }) => {
      const year = financialYearOf()
      const figures = await wellbeing.dashboard(ctx, { serviceId: query.serviceId, from: query.from ?? year.from, to: query.to ?? year.to })
      if (!figures) throw new NotFoundError('service you may report on')
      return { body: figures }
    },
  })
}

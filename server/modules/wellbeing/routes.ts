import type { FastifyInstance } from 'fastify'
import type { AppDeps, Modules } from '../../app.js'
import { scoreSdq } from './domain/sdq.js'
import { sdqScoreRequest, sdqScoreResponse } from './sdq-schema.js'

export function wellbeingRoutes(app: FastifyInstance, modules: Modules, _deps: AppDeps) {
  modules.api.register(app, {
    method: 'POST',
    url: '/api/v1/wellbeing/sdq/score',
    permission: 'wellbeing:sdq',
    tag: 'Wellbeing',
    summary:
      'Score a Strengths and Difficulties Questionnaire: the five scales, total difficulties, externalising, internalising, the band by informant, and the impact score. Nothing is stored.',
    body: sdqScoreRequest,
    responses: { 200: { description: 'The scores; each null when it cannot be scored from the answers given', schema: sdqScoreResponse } },
    // Organisation-set cut-offs would be passed here; until there are any, the published ones.
    handler: async (_ctx, { body }) => ({ body: scoreSdq(body) }),
  })
}

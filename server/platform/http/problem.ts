import type { FastifyReply } from 'fastify'
import type { FieldError } from './errors.js'

/** RFC 9457 problem details, as API.md fixes them. */
export interface Problem {
  type: string
  status: number
  title: string
  detail?: string
  errors?: FieldError[]
  correlationId?: string
  [extra: string]: unknown
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorised',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
}

export function sendProblem(reply: FastifyReply, status: number, problem: Partial<Problem> = {}) {
  const body: Problem = {
    type: problem.type ?? 'about:blank',
    title: problem.title ?? TITLES[status] ?? 'Error',
    status,
    ...problem,
    correlationId: reply.request.id,
  }
  return reply.code(status).type('application/problem+json').send(body)
}

import type { FastifyRequest } from 'fastify'
import type { FieldError } from './errors.js'

/** Field errors as the GOV.UK error summary and field messages want them. */
export function formErrors(errors: FieldError[]) {
  const byField: Record<string, string> = {}
  for (const e of errors) {
    const name = e.field.replace(/^\//, '').split('/')[0] || 'form'
    byField[name] ??= e.message
  }
  return {
    errors: Object.entries(byField).map(([field, text]) => ({ text, href: `#${field}` })),
    fieldErrors: byField,
  }
}

/** A same-site path to return to after sign-in; anything else goes home. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/'
}

export function formBody(request: FastifyRequest): Record<string, string | string[] | undefined> {
  return (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, string | string[] | undefined>
}

export function asArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' && value ? [value] : []
}

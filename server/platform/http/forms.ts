import type { FastifyRequest } from 'fastify'
import type { FieldError } from './errors.js'

/**
 * Field errors as the GOV.UK error summary and field messages want them. `firstInput`
 * names the input a field's summary link should focus where it is not the field's own
 * id (a date's day box).
 */
export function formErrors(errors: FieldError[], firstInput: Record<string, string> = {}) {
  const byField: Record<string, string> = {}
  for (const e of errors) {
    const name = e.field.replace(/^\//, '').split('/')[0] || 'form'
    byField[name] ??= e.message
  }
  return {
    errors: Object.entries(byField).map(([field, text]) => ({ text, href: `#${firstInput[field] ?? field}` })),
    fieldErrors: byField,
  }
}

/**
 * A same-site path to return to after sign-in; anything else goes home. Only a plain
 * path of URL characters passes: browsers drop tabs and newlines and read a backslash as
 * a slash, so `/\t/evil.example` or `/\\evil.example` would leave the site.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/'
  return /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(value) ? value : '/'
}

export function formBody(request: FastifyRequest): Record<string, string | string[] | undefined> {
  return (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, string | string[] | undefined>
}

export function asArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' && value ? [value] : []
}

/** The named fields of a posted form, each trimmed text ('' when absent): what a form page re-shows on error. */
export function formFields<K extends string>(request: FastifyRequest, names: readonly K[]): Record<K, string> {
  const body = formBody(request)
  return Object.fromEntries(names.map((n) => [n, typeof body[n] === 'string' ? body[n].trim() : ''])) as Record<K, string>
}

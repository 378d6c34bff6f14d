import { z } from 'zod'
import { ValidationError, type FieldError } from './http/errors.js'

/** zod issues as API.md's field errors: a JSON Pointer and a GOV.UK-style sentence. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  // RFC 6901: the whole document is "", and each reference token is escaped.
  return error.issues.map((issue) => ({
    field: issue.path.map((p) => '/' + String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join(''),
    message: issue.message,
  }))
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input)
  if (!result.success) throw new ValidationError(fieldErrors(result.error))
  return result.data
}

export const isoDate = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
    }, message)

/** A record id as the database makes them; anything else cannot name a record, so it is simply not found. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}

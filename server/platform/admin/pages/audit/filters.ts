import { isValidIsoDate } from '../../../time/index.js'
import type { FieldError } from '../../../http/errors.js'

/** The audit search's filters as typed into the page's GET form, each trimmed and at most 200 characters. */
export interface AuditFilterValues {
  email: string
  action: string
  recordId: string
  dateFrom: string
  dateTo: string
  reason: string
}

export const AUDIT_FILTER_FIELDS = ['email', 'action', 'recordId', 'dateFrom', 'dateTo', 'reason'] as const satisfies readonly (keyof AuditFilterValues)[]

function firstString(value: unknown): string {
  const one = Array.isArray(value) ? value[0] : value
  return typeof one === 'string' ? one.trim().slice(0, 200) : ''
}

function asRecord(query: unknown): Record<string, unknown> {
  return (query && typeof query === 'object' ? query : {}) as Record<string, unknown>
}

export function auditFilterValues(query: unknown): AuditFilterValues {
  const q = asRecord(query)
  return {
    email: firstString(q.email),
    action: firstString(q.action),
    recordId: firstString(q.recordId),
    dateFrom: firstString(q.dateFrom),
    dateTo: firstString(q.dateTo),
    reason: firstString(q.reason),
  }
}

/** The page number asked for: a whole number from 1; anything else is page 1. */
export function pageNumber(query: unknown): number {
  const raw = firstString(asRecord(query).page)
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1
}

/** GOV.UK-worded problems with the dates, in the order the fields appear. */
export function auditFilterProblems(v: AuditFilterValues): FieldError[] {
  const problems: FieldError[] = []
  const fromOk = !v.dateFrom || isValidIsoDate(v.dateFrom)
  const toOk = !v.dateTo || isValidIsoDate(v.dateTo)
  if (!fromOk) problems.push({ field: '/dateFrom', message: 'Date from must be a real date' })
  if (!toOk) problems.push({ field: '/dateTo', message: 'Date to must be a real date' })
  // ISO dates compare as strings.
  if (fromOk && toOk && v.dateFrom && v.dateTo && v.dateTo < v.dateFrom) problems.push({ field: '/dateTo', message: 'Date to must be the same as or after date from' })
  return problems
}

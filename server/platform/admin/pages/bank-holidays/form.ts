import type { FieldError } from '../../../http/errors.js'
import { formErrors } from '../../../http/forms.js'
import { isValidIsoDate } from '../../../time/index.js'

/** The add form's fields as posted: the date in three boxes, as the GOV.UK date input pattern asks. */
export interface BankHolidayFormValues {
  'date-day': string
  'date-month': string
  'date-year': string
  name: string
}

const DATE_PARTS = ['day', 'month', 'year'] as const
type DatePart = (typeof DATE_PARTS)[number]

export const NAME_MAX = 100

export function bankHolidayFormValues(body: Record<string, unknown>): BankHolidayFormValues {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 500) : '')
  return { 'date-day': text(body['date-day']), 'date-month': text(body['date-month']), 'date-year': text(body['date-year']), name: text(body.name) }
}

export type BankHolidayFormResult =
  | { input: { date: string; name: string } }
  | {
      input?: undefined
      errors: ReturnType<typeof formErrors>['errors']
      fieldErrors: Record<string, string>
      /** The date boxes to mark as wrong: only the missing ones, or all three. */
      dateErrorParts: DatePart[]
    }

/** Validates the add form; answers the bank holiday or GOV.UK-worded errors in page order. */
export function parseBankHolidayForm(v: BankHolidayFormValues): BankHolidayFormResult {
  const problems: FieldError[] = []
  let date: string | undefined
  let dateErrorParts: DatePart[] = []
  const missing = DATE_PARTS.filter((p) => !v[`date-${p}`])
  if (missing.length === 3) {
    problems.push({ field: '/date', message: 'Enter the date' })
    dateErrorParts = [...DATE_PARTS]
  } else if (missing.length) {
    problems.push({ field: '/date', message: `Date must include a ${missing.join(' and ')}` })
    dateErrorParts = missing
  } else {
    const candidate = `${v['date-year']}-${v['date-month'].padStart(2, '0')}-${v['date-day'].padStart(2, '0')}`
    if (/^\d{1,2}$/.test(v['date-day']) && /^\d{1,2}$/.test(v['date-month']) && /^\d{4}$/.test(v['date-year']) && isValidIsoDate(candidate)) date = candidate
    else {
      problems.push({ field: '/date', message: 'Date must be a real date' })
      dateErrorParts = [...DATE_PARTS]
    }
  }
  if (!v.name) problems.push({ field: '/name', message: 'Enter the name of the bank holiday' })
  else if (v.name.length > NAME_MAX) problems.push({ field: '/name', message: `Name of the bank holiday must be ${NAME_MAX} characters or fewer` })
  if (!problems.length && date) return { input: { date, name: v.name } }
  const { errors, fieldErrors } = formErrors(problems)
  // The summary links to the first date box that is wrong, as the GOV.UK date input pattern asks.
  const firstPart = dateErrorParts[0] ?? 'day'
  return { errors: errors.map((e) => (e.href === '#date' ? { ...e, href: `#date-${firstPart}` } : e)), fieldErrors, dateErrorParts }
}

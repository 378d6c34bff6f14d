import { z } from 'zod'
import { isoDate } from '../../../platform/validation.js'
import { isValidIsoDate, toDayNumber } from '../../../platform/time/iso-date.js'

/** A reporting period: calendar dates in Europe/London, both ends included. */
export interface Period {
  from: string
  to: string
}

/** The financial year (1 April to 31 March) a date falls in: the dashboards' default period. */
export function financialYearOf(date: string): Period {
  const year = Number(date.slice(0, 4))
  const start = date.slice(5) >= '04-01' ? year : year - 1
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` }
}

/** The quarter (April-June, July-September, October-December, January-March) a date falls in. */
export function quarterOf(date: string): Period {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const first = month - ((month - 1) % 3)
  const last = first + 2
  const end = new Date(Date.UTC(year, last, 0)).getUTCDate()
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: `${year}-${String(last).padStart(2, '0')}-${String(end).padStart(2, '0')}` }
}

/** Days in a period, both ends counted. */
export function periodDays(p: Period): number {
  return toDayNumber(p.to) - toDayNumber(p.from) + 1
}

/** The longest period a page or report covers: ten years is more than the service has existed. */
export const MAX_PERIOD_DAYS = 3660

const bothDates = (p: Period) => isValidIsoDate(p.from) && isValidIsoDate(p.to)

export const periodInput = z
  .object({
    from: isoDate('Enter the start date as a real date, for example 2025-04-01'),
    to: isoDate('Enter the end date as a real date, for example 2026-03-31'),
  })
  .refine((p) => !bothDates(p) || p.from <= p.to, { message: 'The end date must be the same as or after the start date', path: ['to'] })
  .refine((p) => !bothDates(p) || p.from > p.to || periodDays(p) <= MAX_PERIOD_DAYS, { message: 'Choose a period of 10 years or less', path: ['to'] })

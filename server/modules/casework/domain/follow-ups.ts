import { addCalendarMonths } from '../../../platform/time/index.js'
import { FOLLOW_UP_MONTHS } from './codes.js'

/**
 * Follow-up schedule (PRODUCT.md §2): 3, 6, 12 and 18 calendar months after the closure
 * date, the same day of the month, or that month's last day when it is shorter
 * (closed 31 August → due 30 November, 28 or 29 February, 31 August, 28 or 29 February).
 */
export function followUpSchedule(closureDate: string): { monthsAfterClosure: number; dueDate: string }[] {
  return FOLLOW_UP_MONTHS.map((m) => ({ monthsAfterClosure: m, dueDate: addCalendarMonths(closureDate, m) }))
}

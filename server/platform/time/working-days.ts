import { addDays, dayOfWeek, fromDayNumber, toDayNumber } from './iso-date.js'

/**
 * Working days are Monday to Friday except the given holidays. The holidays are
 * a parameter, not a built-in, so callers choose the calendar (normally
 * ENGLAND_AND_WALES_BANK_HOLIDAY_DATES) and tests can use their own.
 */

/** True when `date` is Monday to Friday and not in `holidays`. */
export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const dow = dayOfWeek(date)
  return dow !== 0 && dow !== 6 && !holidays.has(date)
}

/**
 * Counts working days from `date`, never counting `date` itself:
 *
 * - n > 0: the nth working day after `date`. Friday + 1 is the following Monday
 *   (or Tuesday if that Monday is a holiday); Saturday + 1 is also that Monday.
 * - n = 0: `date` if it is a working day, otherwise the next working day after it.
 * - n < 0: the |n|th working day before `date`.
 *
 * For a working day `d` and n >= 0, workingDaysBetween(d, addWorkingDays(d, n)) is n.
 */
export function addWorkingDays(date: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n)) throw new RangeError(`n must be a whole number, got ${n}`)
  if (n === 0) {
    let day = date
    while (!isWorkingDay(day, holidays)) day = addDays(day, 1)
    return day
  }
  const step = n > 0 ? 1 : -1
  let remaining = Math.abs(n)
  let day = date
  while (remaining > 0) {
    day = addDays(day, step)
    if (isWorkingDay(day, holidays)) remaining--
  }
  return day
}

/**
 * The number of working days after `from` up to and including `to`, i.e. in the
 * half-open range (from, to]. Equal dates give 0. When `to` is before `from`
 * the result is -workingDaysBetween(to, from), so swapping the arguments only
 * flips the sign.
 */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  const start = toDayNumber(from)
  const end = toDayNumber(to)
  if (end < start) return -workingDaysBetween(to, from, holidays)
  let count = 0
  for (let dayNumber = start + 1; dayNumber <= end; dayNumber++) {
    if (isWorkingDay(fromDayNumber(dayNumber), holidays)) count++
  }
  return count
}

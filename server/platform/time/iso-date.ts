/**
 * Calendar arithmetic on ISO 8601 calendar dates ('YYYY-MM-DD') with no time of
 * day and no time zone. A date is a label for a day, not an instant, so all
 * arithmetic runs on UTC midnights, where every day is exactly 24 hours long and
 * no daylight-saving shift can move a result onto a neighbouring day.
 *
 * Every function throws a RangeError on a string that is not a real calendar
 * date, so a malformed value fails where it enters rather than as a wrong answer.
 */

const MS_PER_DAY = 86_400_000

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const

interface CalendarDate {
  year: number
  /** 1 to 12. */
  month: number
  /** 1 to 31. */
  day: number
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function tryParse(s: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(s)
  if (!match) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return { year, month, day }
}

/** Throws a RangeError unless `s` is a real calendar date in 'YYYY-MM-DD' form. */
export function parseIsoDate(s: string): CalendarDate {
  const parsed = tryParse(s)
  if (!parsed) throw new RangeError(`Not a valid ISO date (YYYY-MM-DD): ${JSON.stringify(s)}`)
  return parsed
}

/**
 * True when `s` is exactly 'YYYY-MM-DD' and names a day that exists (so
 * '2026-02-29' and '2026-04-31' are false). Years 0001 to 9999 only.
 */
export function isValidIsoDate(s: string): boolean {
  return tryParse(s) !== undefined
}

function toIsoString({ year, month, day }: CalendarDate): string {
  if (year < 1 || year > 9999) throw new RangeError(`Date is outside years 0001 to 9999 (year ${year})`)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Days since 1970-01-01. */
export function toDayNumber(date: string): number {
  const { year, month, day } = parseIsoDate(date)
  // setUTCFullYear rather than Date.UTC, which maps years 0 to 99 onto 1900 to 1999.
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day)
  return Math.round(utc.getTime() / MS_PER_DAY)
}

export function fromDayNumber(dayNumber: number): string {
  const utc = new Date(dayNumber * MS_PER_DAY)
  return toIsoString({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() })
}

/** 0 = Sunday ... 6 = Saturday, as Date#getUTCDay. */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7
}

function requireInteger(n: number, name: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be a whole number, got ${n}`)
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addDays(date: string, n: number): string {
  requireInteger(n, 'n')
  return fromDayNumber(toDayNumber(date) + n)
}

/**
 * The same day of the month `n` months after `date` (before it when `n` is
 * negative), or the last day of that month when it has no such day:
 * 2026-01-31 + 1 month is 2026-02-28, and 30 months before 2024-03-31 is
 * 2021-09-30.
 */
export function addCalendarMonths(date: string, n: number): string {
  requireInteger(n, 'n')
  const { year, month, day } = parseIsoDate(date)
  const monthIndex = year * 12 + (month - 1) + n
  const targetYear = Math.floor(monthIndex / 12)
  const targetMonth = monthIndex - targetYear * 12 + 1
  return toIsoString({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  })
}

/**
 * A person's age in whole years on `atDate`.
 *
 * The Family Law Reform Act 1969, s.9(1): "the time at which a person attains a
 * particular age expressed in years shall be the commencement of the relevant
 * anniversary of the date of his birth". So the birthday itself counts: someone
 * born 2010-06-15 is 16 on 2026-06-15 (from its first moment), 15 the day before.
 *
 * Someone born on 29 February has no anniversary in a common year. The Act does
 * not say which day stands in for it; the practice in England and Wales is that
 * the age is attained on 1 March (not 28 February). So someone born 2008-02-29
 * is 17 on 2026-02-28 and 18 on 2026-03-01. Comparing (month, day) pairs gives
 * exactly this: 28 February sorts before 29 February, 1 March after it.
 *
 * Throws a RangeError when `atDate` is before `dateOfBirth`.
 */
export function ageOn(dateOfBirth: string, atDate: string): number {
  const birth = parseIsoDate(dateOfBirth)
  const at = parseIsoDate(atDate)
  if (toDayNumber(atDate) < toDayNumber(dateOfBirth)) {
    throw new RangeError(`${atDate} is before the date of birth ${dateOfBirth}`)
  }
  const birthdayReached = at.month > birth.month || (at.month === birth.month && at.day >= birth.day)
  return at.year - birth.year - (birthdayReached ? 0 : 1)
}

/** GOV.UK style date: '5 January 2026' (no leading zero, no weekday). */
export function formatDate(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate)
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`
}

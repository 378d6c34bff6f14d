import { formatDate } from './iso-date.js'

/**
 * The service runs for councils in England, so "today", deadlines and displayed
 * times are London's, whatever time zone the server process happens to run in.
 */
export const SERVICE_TIME_ZONE = 'Europe/London'

// hourCycle 'h23' because hour12: false has rendered midnight as '24' in some
// ICU versions. Numeric parts only, so the locale cannot change the output.
const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

interface LondonWallClock {
  date: string
  hour: number
  minute: number
}

function londonWallClock(instant: Date): LondonWallClock {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date')
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {}
  for (const part of londonParts.formatToParts(instant)) parts[part.type] = part.value
  const { year, month, day, hour, minute } = parts
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) {
    throw new Error('Intl.DateTimeFormat did not return the expected date parts')
  }
  return { date: `${year.padStart(4, '0')}-${month}-${day}`, hour: Number(hour), minute: Number(minute) }
}

/** The calendar date ('YYYY-MM-DD') in London at `instant`. */
export function londonDate(instant: Date): string {
  return londonWallClock(instant).date
}

/** Today's date ('YYYY-MM-DD') in London. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate(now)
}

/**
 * GOV.UK style time of day: '1:05pm', '10am' (no ':00'), 'midday', 'midnight'.
 * 'midnight' here is the start of the day it is shown with; a deadline at the
 * end of a day reads less ambiguously as 11:59pm.
 */
function govukTime(hour: number, minute: number): string {
  if (minute === 0 && hour === 0) return 'midnight'
  if (minute === 0 && hour === 12) return 'midday'
  const suffix = hour < 12 ? 'am' : 'pm'
  const hour12 = hour % 12 === 0 ? 12 : hour % 12
  return minute === 0 ? `${hour12}${suffix}` : `${hour12}:${String(minute).padStart(2, '0')}${suffix}`
}

/**
 * London wall-clock date and time of `instant` in GOV.UK style:
 * '23 November 2026 at 1:05pm'. No zone is shown, as GOV.UK style has none; in
 * the hour repeated when clocks go back the two instants print the same.
 */
export function londonDateTime(instant: Date): string {
  const { date, hour, minute } = londonWallClock(instant)
  return `${formatDate(date)} at ${govukTime(hour, minute)}`
}

import { isValidIsoDate } from './iso-date.js'

/**
 * The instant a London wall-clock time names: a calendar date ('YYYY-MM-DD') and a 24-hour time
 * ('19:30' or '19.30'), as an ISO 8601 timestamp in UTC; null when either is not real. London
 * is UTC in winter and UTC+1 in summer, so the offset is the one in force at that time.
 */
export function londonInstant(date: string, time: string): string | null {
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim())
  if (!isValidIsoDate(date) || !t) return null
  const [hh, mm] = [Number(t[1]), Number(t[2])]
  if (hh > 23 || mm > 59) return null
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const utcGuess = Date.UTC(y, m - 1, d, hh, mm)
  const name =
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' }).formatToParts(new Date(utcGuess)).find((p) => p.type === 'timeZoneName')?.value ??
    'GMT'
  const offset = /GMT([+-]\d+)?/.exec(name)?.[1]
  return new Date(utcGuess - (offset ? Number(offset) : 0) * 3_600_000).toISOString()
}

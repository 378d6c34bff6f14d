import { addDays, dayOfWeek } from './iso-date.js'

export interface BankHoliday {
  /** 'YYYY-MM-DD'. */
  readonly date: string
  /** As GOV.UK names it; a substitute day carries ' (substitute day)'. */
  readonly name: string
}

const SUBSTITUTE = ' (substitute day)'

/**
 * England and Wales bank holidays for 2018 to 2026 as published on
 * https://www.gov.uk/bank-holidays (also https://www.gov.uk/bank-holidays.json),
 * transcribed by hand. Years other than 2020, 2022 and 2023 follow the standard
 * rules exactly, which the tests check against computeEnglandAndWalesBankHolidays.
 */
const PUBLISHED: readonly BankHoliday[] = [
  { date: '2018-01-01', name: 'New Year’s Day' },
  { date: '2018-03-30', name: 'Good Friday' },
  { date: '2018-04-02', name: 'Easter Monday' },
  { date: '2018-05-07', name: 'Early May bank holiday' },
  { date: '2018-05-28', name: 'Spring bank holiday' },
  { date: '2018-08-27', name: 'Summer bank holiday' },
  { date: '2018-12-25', name: 'Christmas Day' },
  { date: '2018-12-26', name: 'Boxing Day' },

  { date: '2019-01-01', name: 'New Year’s Day' },
  { date: '2019-04-19', name: 'Good Friday' },
  { date: '2019-04-22', name: 'Easter Monday' },
  { date: '2019-05-06', name: 'Early May bank holiday' },
  { date: '2019-05-27', name: 'Spring bank holiday' },
  { date: '2019-08-26', name: 'Summer bank holiday' },
  { date: '2019-12-25', name: 'Christmas Day' },
  { date: '2019-12-26', name: 'Boxing Day' },

  { date: '2020-01-01', name: 'New Year’s Day' },
  { date: '2020-04-10', name: 'Good Friday' },
  { date: '2020-04-13', name: 'Easter Monday' },
  // Moved from Monday 4 May to the 75th anniversary of VE Day.
  { date: '2020-05-08', name: 'Early May bank holiday (VE day)' },
  { date: '2020-05-25', name: 'Spring bank holiday' },
  { date: '2020-08-31', name: 'Summer bank holiday' },
  { date: '2020-12-25', name: 'Christmas Day' },
  { date: '2020-12-28', name: 'Boxing Day' + SUBSTITUTE },

  { date: '2021-01-01', name: 'New Year’s Day' },
  { date: '2021-04-02', name: 'Good Friday' },
  { date: '2021-04-05', name: 'Easter Monday' },
  { date: '2021-05-03', name: 'Early May bank holiday' },
  { date: '2021-05-31', name: 'Spring bank holiday' },
  { date: '2021-08-30', name: 'Summer bank holiday' },
  { date: '2021-12-27', name: 'Christmas Day' + SUBSTITUTE },
  { date: '2021-12-28', name: 'Boxing Day' + SUBSTITUTE },

  { date: '2022-01-03', name: 'New Year’s Day' + SUBSTITUTE },
  { date: '2022-04-15', name: 'Good Friday' },
  { date: '2022-04-18', name: 'Easter Monday' },
  { date: '2022-05-02', name: 'Early May bank holiday' },
  // Platinum Jubilee: the spring bank holiday moved from Monday 30 May, plus an extra day.
  { date: '2022-06-02', name: 'Spring bank holiday' },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-08-29', name: 'Summer bank holiday' },
  { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2022-12-26', name: 'Boxing Day' },
  { date: '2022-12-27', name: 'Christmas Day' + SUBSTITUTE },

  { date: '2023-01-02', name: 'New Year’s Day' + SUBSTITUTE },
  { date: '2023-04-07', name: 'Good Friday' },
  { date: '2023-04-10', name: 'Easter Monday' },
  { date: '2023-05-01', name: 'Early May bank holiday' },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
  { date: '2023-05-29', name: 'Spring bank holiday' },
  { date: '2023-08-28', name: 'Summer bank holiday' },
  { date: '2023-12-25', name: 'Christmas Day' },
  { date: '2023-12-26', name: 'Boxing Day' },

  { date: '2024-01-01', name: 'New Year’s Day' },
  { date: '2024-03-29', name: 'Good Friday' },
  { date: '2024-04-01', name: 'Easter Monday' },
  { date: '2024-05-06', name: 'Early May bank holiday' },
  { date: '2024-05-27', name: 'Spring bank holiday' },
  { date: '2024-08-26', name: 'Summer bank holiday' },
  { date: '2024-12-25', name: 'Christmas Day' },
  { date: '2024-12-26', name: 'Boxing Day' },

  { date: '2025-01-01', name: 'New Year’s Day' },
  { date: '2025-04-18', name: 'Good Friday' },
  { date: '2025-04-21', name: 'Easter Monday' },
  { date: '2025-05-05', name: 'Early May bank holiday' },
  { date: '2025-05-26', name: 'Spring bank holiday' },
  { date: '2025-08-25', name: 'Summer bank holiday' },
  { date: '2025-12-25', name: 'Christmas Day' },
  { date: '2025-12-26', name: 'Boxing Day' },

  { date: '2026-01-01', name: 'New Year’s Day' },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-06', name: 'Easter Monday' },
  { date: '2026-05-04', name: 'Early May bank holiday' },
  { date: '2026-05-25', name: 'Spring bank holiday' },
  { date: '2026-08-31', name: 'Summer bank holiday' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2026-12-28', name: 'Boxing Day' + SUBSTITUTE },
]

/** Years taken from GOV.UK; later years up to LAST_YEAR are computed by rule. */
export const FIRST_YEAR = 2018
export const LAST_PUBLISHED_YEAR = 2026
export const LAST_YEAR = 2028

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date)
  return dow === 0 || dow === 6
}

/** Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return isoDate(year, month, day)
}

function firstMonday(year: number, month: number): string {
  const first = isoDate(year, month, 1)
  return addDays(first, (8 - dayOfWeek(first)) % 7)
}

function lastMonday(year: number, month: number): string {
  const lastDay = addDays(isoDate(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1)
  return addDays(lastDay, -((dayOfWeek(lastDay) + 6) % 7))
}

/**
 * The England and Wales bank holidays a year has under the standing rules
 * (Banking and Financial Dealings Act 1971, Schedule 1; the yearly royal
 * proclamations; Good Friday and Christmas Day as common-law holidays), without
 * one-off changes: New Year's Day,
 * Good Friday, Easter Monday, the first Monday in May, the last Monday in May,
 * the last Monday in August, Christmas Day and Boxing Day. A New Year's,
 * Christmas or Boxing Day falling at a weekend has a substitute on the next
 * weekday that is not already a bank holiday, so Christmas on a Saturday gives
 * Monday 27th and Boxing Day on the Sunday then gives Tuesday 28th.
 */
export function computeEnglandAndWalesBankHolidays(year: number): BankHoliday[] {
  const easter = easterSunday(year)
  const holidays: BankHoliday[] = [
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    { date: firstMonday(year, 5), name: 'Early May bank holiday' },
    { date: lastMonday(year, 5), name: 'Spring bank holiday' },
    { date: lastMonday(year, 8), name: 'Summer bank holiday' },
  ]

  const fixed = [
    { date: isoDate(year, 1, 1), name: 'New Year’s Day' },
    { date: isoDate(year, 12, 25), name: 'Christmas Day' },
    { date: isoDate(year, 12, 26), name: 'Boxing Day' },
  ]
  // Weekday fixed holidays are placed first, so a substitute skips them
  // (Christmas on a Sunday goes to Tuesday 27th, after Boxing Day on Monday 26th).
  holidays.push(...fixed.filter((holiday) => !isWeekend(holiday.date)))
  const taken = new Set(holidays.map((holiday) => holiday.date))
  for (const holiday of fixed.filter((h) => isWeekend(h.date))) {
    let substitute = addDays(holiday.date, 1)
    while (isWeekend(substitute) || taken.has(substitute)) substitute = addDays(substitute, 1)
    taken.add(substitute)
    holidays.push({ date: substitute, name: holiday.name + SUBSTITUTE })
  }

  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
}

function computedYears(): BankHoliday[] {
  const result: BankHoliday[] = []
  for (let year = LAST_PUBLISHED_YEAR + 1; year <= LAST_YEAR; year++) {
    result.push(...computeEnglandAndWalesBankHolidays(year))
  }
  return result
}

/**
 * England and Wales bank holidays, 2018 to 2028 inclusive, in date order.
 *
 * 2018 to 2026 are GOV.UK's published dates, including the one-off changes
 * (2020-05-08 VE Day, 2022-06-02/03 Platinum Jubilee, 2022-09-19 state funeral,
 * 2023-05-08 coronation). 2027 and 2028 are COMPUTED from the standing rules
 * because no published copy could be checked when this was written; when GOV.UK
 * publishes (or has published) them, compare, move them into PUBLISHED, and
 * record any one-off change. Dates after 2028 are not covered at all, so
 * working-day sums that run past 2028 ignore bank holidays.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: ReadonlyArray<BankHoliday> = Object.freeze([...PUBLISHED, ...computedYears()].map((holiday) => Object.freeze({ ...holiday })))

/** The dates of ENGLAND_AND_WALES_BANK_HOLIDAYS, for isWorkingDay and friends. */
export const ENGLAND_AND_WALES_BANK_HOLIDAY_DATES: ReadonlySet<string> = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((holiday) => holiday.date))

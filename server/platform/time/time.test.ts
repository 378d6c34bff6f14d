import { describe, expect, it } from 'vitest'
import {
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  ENGLAND_AND_WALES_BANK_HOLIDAY_DATES,
  SERVICE_TIME_ZONE,
  addCalendarMonths,
  addDays,
  addWorkingDays,
  ageOn,
  computeEnglandAndWalesBankHolidays,
  easterSunday,
  formatDate,
  isValidIsoDate,
  isWorkingDay,
  londonDate,
  londonDateTime,
  todayInLondon,
  workingDaysBetween,
} from './index.js'

const HOLIDAYS = ENGLAND_AND_WALES_BANK_HOLIDAY_DATES

describe('isValidIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-12-31', true],
    ['0001-01-01', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false],
    ['2026-1-5', false],
    ['26-01-05', false],
    ['2026/01/05', false],
    [' 2026-01-05', false],
    ['2026-01-05T00:00:00Z', false],
    ['', false],
  ])('%j -> %s', (input, expected) => {
    expect(isValidIsoDate(input)).toBe(expected)
  })

  it('makes the arithmetic throw on invalid input rather than guess', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError)
    expect(() => addCalendarMonths('2026-1-1', 1)).toThrow(RangeError)
    expect(() => formatDate('5 January 2026')).toThrow(RangeError)
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError)
  })
})

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-28', 2, '2026-03-30'], // across the start of BST: no lost day
    ['2026-10-24', 2, '2026-10-26'], // across the end of BST: no extra day
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-06-15', 0, '2026-06-15'],
    ['0050-01-01', 1, '0050-01-02'],
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected)
  })
})

describe('addCalendarMonths', () => {
  it.each([
    ['2024-03-31', -30, '2021-09-30'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2026-05-15', -5, '2025-12-15'],
    ['2026-05-15', -17, '2024-12-15'],
    ['2026-01-15', 0, '2026-01-15'],
    ['2026-01-31', 12, '2027-01-31'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addCalendarMonths(date, n)).toBe(expected)
  })
})

describe('ageOn', () => {
  it.each([
    { born: '2010-06-15', on: '2026-06-14', age: 15, why: 'day before the 16th birthday' },
    { born: '2010-06-15', on: '2026-06-15', age: 16, why: 'on the birthday' },
    { born: '2010-06-15', on: '2026-06-16', age: 16, why: 'day after the birthday' },
    { born: '2010-12-31', on: '2011-12-30', age: 0, why: 'a day short of a year' },
    { born: '2010-01-01', on: '2027-12-31', age: 17, why: 'last day before turning 18' },
    { born: '2008-02-29', on: '2008-02-29', age: 0, why: 'day of birth' },
    { born: '2008-02-29', on: '2009-02-28', age: 0, why: 'leapling, 28 Feb of a common year' },
    { born: '2008-02-29', on: '2009-03-01', age: 1, why: 'leapling, 1 Mar of a common year' },
    { born: '2008-02-29', on: '2026-02-28', age: 17, why: 'leapling not yet 18 on 28 Feb' },
    { born: '2008-02-29', on: '2026-03-01', age: 18, why: 'leapling 18 on 1 Mar' },
    { born: '2008-02-29', on: '2028-02-28', age: 19, why: 'leapling, 28 Feb of a leap year' },
    { born: '2008-02-29', on: '2028-02-29', age: 20, why: 'leapling on a real 29 Feb' },
    { born: '2008-03-01', on: '2026-02-28', age: 17, why: 'born 1 Mar, common year' },
  ])('born $born is $age on $on ($why)', ({ born, on, age }) => {
    expect(ageOn(born, on)).toBe(age)
  })

  it('refuses a date before birth', () => {
    expect(() => ageOn('2026-06-15', '2026-06-14')).toThrow(RangeError)
  })
})

describe('formatDate', () => {
  it.each([
    ['2026-01-05', '5 January 2026'],
    ['2026-12-25', '25 December 2026'],
    ['2024-02-29', '29 February 2024'],
  ])('%s -> %s', (iso, expected) => {
    expect(formatDate(iso)).toBe(expected)
  })
})

describe('London time', () => {
  it('is the service time zone', () => {
    expect(SERVICE_TIME_ZONE).toBe('Europe/London')
  })

  it.each([
    ['2026-03-29T00:30:00Z', '2026-03-29', 'GMT until 01:00 UTC on the day BST starts'],
    ['2026-03-29T23:30:00Z', '2026-03-30', 'BST: 00:30 the next day'],
    ['2026-10-24T23:30:00Z', '2026-10-25', 'still BST: 00:30 on the day it ends'],
    ['2026-10-25T23:30:00Z', '2026-10-25', 'GMT again'],
    ['2026-06-30T23:00:00Z', '2026-07-01', 'BST midnight'],
    ['2026-06-30T22:59:59Z', '2026-06-30', 'BST a second before midnight'],
    ['2026-12-31T23:59:59Z', '2026-12-31', 'GMT: UTC date'],
    ['2027-01-01T00:00:00Z', '2027-01-01', 'GMT midnight'],
  ])('%s is %s in London (%s)', (instant, expected) => {
    expect(londonDate(new Date(instant))).toBe(expected)
  })

  it.each([
    ['2026-11-23T13:05:00Z', '23 November 2026 at 1:05pm'],
    ['2026-07-01T09:00:00Z', '1 July 2026 at 10am'],
    ['2026-06-15T11:00:00Z', '15 June 2026 at midday'],
    ['2026-06-15T11:30:00Z', '15 June 2026 at 12:30pm'],
    ['2026-01-10T00:00:00Z', '10 January 2026 at midnight'],
    ['2026-01-10T00:30:00Z', '10 January 2026 at 12:30am'],
    ['2026-01-10T09:07:00Z', '10 January 2026 at 9:07am'],
    ['2026-10-24T23:30:00Z', '25 October 2026 at 12:30am'],
    ['2026-12-31T23:59:00Z', '31 December 2026 at 11:59pm'],
  ])('%s -> %s', (instant, expected) => {
    expect(londonDateTime(new Date(instant))).toBe(expected)
  })

  it('todayInLondon uses the given clock', () => {
    expect(todayInLondon(new Date('2026-07-31T23:30:00Z'))).toBe('2026-08-01')
    expect(todayInLondon()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('rejects an invalid Date', () => {
    expect(() => londonDate(new Date('nonsense'))).toThrow(RangeError)
  })
})

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2008, '2008-03-23'],
    [2018, '2018-04-01'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i: %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected)
  })
})

describe('England and Wales bank holidays', () => {
  const inYear = (year: number) => ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`))
  const datesOf = (list: ReadonlyArray<{ date: string }>) => list.map((h) => h.date)

  it('covers 2018 to 2028 in strict date order, all real weekdays', () => {
    const dates = datesOf(ENGLAND_AND_WALES_BANK_HOLIDAYS)
    expect(dates[0]).toBe('2018-01-01')
    expect(dates.at(-1)).toBe('2028-12-26')
    expect(dates).toEqual([...new Set(dates)].sort())
    for (const date of dates) {
      expect(isValidIsoDate(date)).toBe(true)
      expect(isWorkingDay(date, new Set())).toBe(true)
    }
    expect(ENGLAND_AND_WALES_BANK_HOLIDAY_DATES.size).toBe(dates.length)
  })

  // The published list for every year without a one-off change must be exactly
  // what the rules give, names included: this checks the hand-typed data.
  it.each([2018, 2019, 2021, 2024, 2025, 2026, 2027, 2028])('%i is exactly the standard rules', (year) => {
    expect(inYear(year)).toEqual(computeEnglandAndWalesBankHolidays(year))
  })

  it.each([
    { year: 2020, removed: ['2020-05-04'], added: ['2020-05-08'] },
    { year: 2022, removed: ['2022-05-30'], added: ['2022-06-02', '2022-06-03', '2022-09-19'] },
    { year: 2023, removed: [], added: ['2023-05-08'] },
  ])('$year is the standard rules plus its one-off changes', ({ year, removed, added }) => {
    const expected = datesOf(computeEnglandAndWalesBankHolidays(year))
      .filter((date) => !removed.includes(date))
      .concat(added)
      .sort()
    expect(datesOf(inYear(year))).toEqual(expected)
  })

  it.each([
    { year: 2020, date: '2020-12-28', name: 'Boxing Day (substitute day)' },
    { year: 2021, date: '2021-12-27', name: 'Christmas Day (substitute day)' },
    { year: 2021, date: '2021-12-28', name: 'Boxing Day (substitute day)' },
    { year: 2022, date: '2022-01-03', name: 'New Year’s Day (substitute day)' },
    { year: 2022, date: '2022-12-27', name: 'Christmas Day (substitute day)' },
    { year: 2023, date: '2023-01-02', name: 'New Year’s Day (substitute day)' },
    { year: 2026, date: '2026-12-28', name: 'Boxing Day (substitute day)' },
  ])('substitute day $date', ({ year, date, name }) => {
    expect(computeEnglandAndWalesBankHolidays(year)).toContainEqual({ date, name })
  })

  // Written out by hand from a calendar, independently of the rule code.
  it.each([
    [2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']],
    [2028, ['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26']],
  ])('computed year %i has the expected dates', (year, expected) => {
    expect(datesOf(inYear(year))).toEqual(expected)
  })

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(ENGLAND_AND_WALES_BANK_HOLIDAYS)).toBe(true)
    expect(Object.isFrozen(ENGLAND_AND_WALES_BANK_HOLIDAYS[0])).toBe(true)
  })
})

describe('working days', () => {
  it.each([
    ['2026-11-23', true, 'Monday'],
    ['2026-11-21', false, 'Saturday'],
    ['2026-11-22', false, 'Sunday'],
    ['2026-12-24', true, 'Christmas Eve'],
    ['2026-12-25', false, 'Christmas Day'],
    ['2026-12-28', false, 'Boxing Day substitute'],
    ['2027-01-01', false, 'New Year’s Day'],
    ['2027-03-26', false, 'Good Friday'],
    ['2027-03-29', false, 'Easter Monday'],
  ])('isWorkingDay(%s) is %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, HOLIDAYS)).toBe(expected)
  })

  it.each([
    ['2026-12-18', 10, '2027-01-06', '10 working days over Christmas 2026'],
    ['2026-12-24', 1, '2026-12-29', 'skips Christmas, weekend, Boxing Day substitute'],
    ['2026-12-25', 0, '2026-12-29', 'n = 0 on a holiday moves to the next working day'],
    ['2026-12-31', 1, '2027-01-04', 'skips New Year’s Day and the weekend'],
    ['2027-01-04', -1, '2026-12-31', 'backwards over New Year'],
    ['2026-12-29', -1, '2026-12-24', 'backwards over Christmas'],
    ['2027-03-25', 1, '2027-03-30', 'over Easter 2027'],
    ['2027-03-26', 0, '2027-03-30', 'Good Friday, n = 0'],
    ['2027-03-30', -1, '2027-03-25', 'backwards over Easter 2027'],
    ['2026-11-23', 0, '2026-11-23', 'n = 0 on a working day is that day'],
    ['2026-11-21', 0, '2026-11-23', 'n = 0 on a Saturday is Monday'],
    ['2026-11-21', 1, '2026-11-23', 'Saturday + 1 is Monday'],
    ['2026-11-20', 1, '2026-11-23', 'Friday + 1 is Monday'],
    ['2026-11-23', 5, '2026-11-30', 'a week'],
  ])('addWorkingDays(%s, %i) = %s (%s)', (date, n, expected) => {
    expect(addWorkingDays(date, n, HOLIDAYS)).toBe(expected)
  })

  it.each([
    ['2026-12-18', '2027-01-06', 10],
    ['2026-12-24', '2027-01-04', 4],
    ['2026-12-24', '2026-12-28', 0],
    ['2027-03-24', '2027-04-02', 5],
    ['2026-11-23', '2026-11-23', 0],
    ['2026-11-20', '2026-11-23', 1],
    ['2027-01-06', '2026-12-18', -10],
  ])('workingDaysBetween(%s, %s) = %i', (from, to, expected) => {
    expect(workingDaysBetween(from, to, HOLIDAYS)).toBe(expected)
  })

  it('addWorkingDays and workingDaysBetween agree, and stepping back undoes stepping forward', () => {
    for (let day = '2026-12-01'; day <= '2027-04-30'; day = addDays(day, 1)) {
      if (!isWorkingDay(day, HOLIDAYS)) continue
      for (let n = 0; n <= 15; n++) {
        const later = addWorkingDays(day, n, HOLIDAYS)
        expect(workingDaysBetween(day, later, HOLIDAYS)).toBe(n)
        expect(addWorkingDays(later, -n, HOLIDAYS)).toBe(day)
      }
    }
  })

  it('uses only the holidays it is given', () => {
    expect(addWorkingDays('2026-12-24', 1, new Set())).toBe('2026-12-25')
    expect(() => addWorkingDays('2026-12-24', 0.5, HOLIDAYS)).toThrow(RangeError)
  })
})

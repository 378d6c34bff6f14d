/**
 * Dates and times for the service. Two kinds of value, kept apart:
 *
 * - instants (`Date`), shown to people and turned into dates in London time;
 * - calendar dates ('YYYY-MM-DD' strings), which have no time zone and are
 *   what due dates, dates of birth and working-day sums work on.
 */
export { SERVICE_TIME_ZONE, londonDate, londonDateTime, todayInLondon } from './london.js'
export { londonInstant } from './london-instant.js'
export { addCalendarMonths, addDays, ageOn, formatDate, isValidIsoDate } from './iso-date.js'
export { ENGLAND_AND_WALES_BANK_HOLIDAYS, ENGLAND_AND_WALES_BANK_HOLIDAY_DATES, computeEnglandAndWalesBankHolidays, easterSunday, type BankHoliday } from './bank-holidays.js'
export { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.js'
export { loadBankHolidays } from './holidays.js'

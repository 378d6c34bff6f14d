import { addWorkingDays } from '../../../platform/time/index.js'

/**
 * A flag's response is due a number of working days after it is raised (issue 6: default
 * 10, set per service), counted as the platform counts them: Monday to Friday except the
 * bank holidays in the administrators' table, the day raised not counted.
 */
export const DEFAULT_FLAG_RESPONSE_WORKING_DAYS = 10

export function flagDueOn(raisedOn: string, workingDays: number, bankHolidays: ReadonlySet<string>): string {
  return addWorkingDays(raisedOn, workingDays, bankHolidays)
}

/** Responded on time: a response recorded on or before the due date. */
export function respondedOnTime(flag: { dueOn: string; respondedOn: string | null }): boolean {
  return flag.respondedOn !== null && flag.respondedOn <= flag.dueOn
}

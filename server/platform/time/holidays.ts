import type { Executor } from '../db/index.js'
import { bankHolidays } from '../db/schema.js'

/**
 * The bank holidays working days are counted with: the administrators' table, not the
 * built-in list, which only seeds it. England and Wales bank holidays are national, so
 * the table is shared by every organisation on the installation.
 */
export async function loadBankHolidays(db: Executor): Promise<ReadonlySet<string>> {
  const rows = await db.select({ date: bankHolidays.date }).from(bankHolidays)
  return new Set(rows.map((r) => r.date))
}

import { count } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import { bankHolidays } from '../../server/platform/db/schema.js'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../server/platform/time/index.js'

/**
 * Reference data every installation needs. Bank holidays are seeded once, into an
 * empty table: after that the table is the administrators' to edit, and a restart
 * must not put back a date they removed.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  const [row] = await db.select({ n: count() }).from(bankHolidays)
  if ((row?.n ?? 0) > 0) return
  await db
    .insert(bankHolidays)
    .values(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => ({ date: h.date, name: h.name })))
    .onConflictDoNothing()
}

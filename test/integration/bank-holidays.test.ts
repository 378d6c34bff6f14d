import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import type { Database } from '../../server/platform/db/index.js'
import { bankHolidays } from '../../server/platform/db/schema.js'
import { addWorkingDays, ENGLAND_AND_WALES_BANK_HOLIDAYS, loadBankHolidays } from '../../server/platform/time/index.js'
import { seedReferenceData } from '../../db/seeds/reference.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => database.close())

describe('bank holidays table', () => {
  it('is seeded with the published dates', async () => {
    const holidays = await loadBankHolidays(database.db)
    expect(holidays.size).toBe(ENGLAND_AND_WALES_BANK_HOLIDAYS.length)
    expect(holidays.has('2026-12-25')).toBe(true)
  })

  it('working days follow the table as administrators edit it, and re-seeding does not undo their edits', async () => {
    // From Friday 18 December 2026: 21, 22, 23, 24 are working days; Christmas (Fri 25) and
    // Boxing Day's substitute (Mon 28) are not; Tuesday 29th is the fifth.
    expect(addWorkingDays('2026-12-18', 5, await loadBankHolidays(database.db))).toBe('2026-12-29')
    await database.db.delete(bankHolidays).where(eq(bankHolidays.date, '2026-12-28'))
    await database.db.insert(bankHolidays).values({ date: '2026-12-29', name: 'Council closure day' })
    await seedReferenceData(database.db)
    const holidays = await loadBankHolidays(database.db)
    expect(holidays.has('2026-12-28')).toBe(false)
    expect(holidays.has('2026-12-29')).toBe(true)
    // Now Monday 28th is the fifth working day, and the closure on the 29th is skipped for the sixth.
    expect(addWorkingDays('2026-12-18', 5, holidays)).toBe('2026-12-28')
    expect(addWorkingDays('2026-12-18', 6, holidays)).toBe('2026-12-30')
  })
})

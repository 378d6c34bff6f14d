import { eq } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import { organisations } from '../../server/platform/db/schema.js'
import { insertDefaultFinanceSettings, insertDemoFinanceSettings } from '../../server/modules/finance/settings.js'

/**
 * The demo's finance settings: PRODUCT.md §3's default unit costs and parameters (as
 * every organisation has), the service cost lines of seed 000 table 1 (£979,216 a
 * year) and Bury's savings targets (seed 002) as an illustration.
 */
export async function seedDemoFinance(db: Db, organisationCode: string): Promise<void> {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, organisationCode))
  if (!org) return
  await db.transaction(async (tx) => {
    await insertDefaultFinanceSettings(tx, org.id)
    await insertDemoFinanceSettings(tx, org.id)
  })
}

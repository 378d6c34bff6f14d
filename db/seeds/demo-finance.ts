import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import { organisations } from '../../server/platform/db/schema.js'
import { recordAudit } from '../../server/platform/audit/index.js'
import { projectRoot } from '../../server/platform/paths.js'
import { todayInLondon } from '../../server/platform/time/index.js'
import { insertDefaultFinanceSettings, insertDemoFinanceSettings } from '../../server/modules/finance/settings.js'
import { readHistoricCsv } from '../../server/modules/finance/historic.js'
import { financeHistoricChildren, financeHistoricImports } from '../../server/modules/finance/schema.js'

/** The synthetic historic cases the demo starts with: the service's first two years, before it used the system. */
export const DEMO_HISTORIC_CSV = join(projectRoot, 'docs', 'samples', 'historic-cases.csv')

/**
 * The demo's finance settings: PRODUCT.md §3's default unit costs and parameters (as
 * every organisation has), the service cost lines of seed 000 table 1 (£979,216 a
 * year), Bury's savings targets (seed 002) as an illustration, and the sample historic
 * cases (synthetic) so the dashboard has years to show.
 */
export async function seedDemoFinance(db: Db, organisationCode: string): Promise<void> {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, organisationCode))
  if (!org) return
  const { rows, errors } = readHistoricCsv(readFileSync(DEMO_HISTORIC_CSV, 'utf8'), todayInLondon())
  if (errors.length) throw new Error(`The demo's historic cases do not read: ${errors[0]?.message ?? ''}`)
  await db.transaction(async (tx) => {
    await insertDefaultFinanceSettings(tx, org.id)
    await insertDemoFinanceSettings(tx, org.id)
    const cases = new Set(rows.map((r) => r.caseReference)).size
    const [record] = await tx.insert(financeHistoricImports).values({ organisationId: org.id, fileName: 'historic-cases.csv (demo)', cases, children: rows.length }).returning()
    if (!record) throw new Error('Demo historic import was not recorded')
    await tx.insert(financeHistoricChildren).values(rows.map((r) => ({ ...r, organisationId: org.id, importId: record.id })))
    await recordAudit(tx, {
      organisationId: org.id,
      userId: null,
      action: 'finance.historic-cases.import',
      recordType: 'finance-historic-import',
      recordId: record.id,
      details: { cases, children: rows.length, demo: true },
    })
  })
}

import { eq } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import { organisations } from '../../server/platform/db/schema.js'
import { impactReferencePopulation } from '../../server/modules/impact/schema.js'

/**
 * The demo council's child population aged 10 to 17 for the equality page: invented round
 * figures of a plausible shape (about 60,000 children), not any real council's.
 */
export const DEMO_REFERENCE_POPULATION: Record<string, Record<string, number>> = {
  age_band: { '10_12': 22_500, '13_15': 22_800, '16_17': 14_700 },
  sex: { M: 30_600, F: 29_400 },
  ethnicity: { white: 51_000, mixed: 3_000, asian: 3_600, black: 1_200, other: 900, not_known: 300 },
  send: { none: 50_400, sen_support: 7_200, ehcp: 2_400 },
  disability: { yes: 3_600, no: 56_400 },
}

export async function seedDemoImpact(db: Db, organisationCode: string): Promise<void> {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, organisationCode))
  if (!org) return
  const existing = await db.select({ id: impactReferencePopulation.id }).from(impactReferencePopulation).where(eq(impactReferencePopulation.organisationId, org.id)).limit(1)
  if (existing.length) return
  await db.insert(impactReferencePopulation).values(
    Object.entries(DEMO_REFERENCE_POPULATION).flatMap(([characteristic, groups]) =>
      Object.entries(groups).map(([groupCode, children]) => ({
        organisationId: org.id,
        characteristic,
        groupCode,
        children,
        source: 'Synthetic demo figures (not a real council’s)',
      })),
    ),
  )
}

/**
 * Comparator and national figures the analyst enters beside the council's own (issue 5,
 * "Pages"): published figures (the DfE's "Children looked after in England" tables for England
 * and the statistical neighbours) cannot be worked out from one council's return, so they are typed in.
 */
import { and, eq, max } from 'drizzle-orm'
import { actor, recordAudit } from '../../platform/audit/index.js'
import type { Ctx } from '../../platform/context.js'
import type { Db } from '../../platform/db/index.js'
import { ConflictError, ValidationError } from '../../platform/http/errors.js'
import type { Ssda903Indicators } from './domain/indicators.js'
import { ssda903Comparators } from './schema.js'

export const COMPARATORS = { statistical_neighbours: 'Statistical neighbours', england: 'England' } as const
export type Comparator = keyof typeof COMPARATORS

/** The measures a comparator can be entered for, with how to read the council's own figure from the indicators. */
export const COMPARATOR_MEASURES = {
  ratePer10000: { label: 'Children looked after per 10,000 under 18', value: (i: Ssda903Indicators) => i.ratePer10000 },
  threeOrMorePlacements: { label: 'Three or more placements in the year (%)', value: (i: Ssda903Indicators) => i.threeOrMorePlacements.percent },
  longTermStability: { label: 'Long-term placement stability (%)', value: (i: Ssda903Indicators) => i.longTermStability.percent },
  sdqAverage: { label: 'Average SDQ score', value: (i: Ssda903Indicators) => i.sdq.average },
  healthAssessment: { label: 'Health assessments up to date (%)', value: (i: Ssda903Indicators) => i.health.healthAssessment },
  teethCheck: { label: 'Teeth checked (%)', value: (i: Ssda903Indicators) => i.health.teethCheck },
} as const
export type ComparatorMeasure = keyof typeof COMPARATOR_MEASURES

export const fieldName = (measure: string, comparator: string) => `${measure}__${comparator}`

export interface ComparatorValues {
  values: Record<string, number>
  /** When the figures for this date last changed (ISO), for refusing a stale save. */
  changedAt: string
}

export async function loadComparators(db: Db, organisationId: string, at: string): Promise<ComparatorValues> {
  const rows = await db
    .select()
    .from(ssda903Comparators)
    .where(and(eq(ssda903Comparators.organisationId, organisationId), eq(ssda903Comparators.at, at)))
  const values: Record<string, number> = {}
  let changed = ''
  for (const r of rows) {
    values[fieldName(r.measure, r.comparator)] = r.value
    const when = r.updatedAt.toISOString()
    if (when > changed) changed = when
  }
  return { values, changedAt: changed }
}

/**
 * Saves the figures for one quarter end: each field `measure__comparator`, a number, or blank to
 * clear it. `changedAt` is when the figures the analyst started from last changed: if someone
 * has saved since, the save is refused.
 */
export async function saveComparators(db: Db, ctx: Ctx, at: string, fields: Record<string, string>, changedAt: string): Promise<void> {
  const errors: Array<{ field: string; message: string }> = []
  const updates: Array<{ measure: string; comparator: string; value: number | null }> = []
  for (const [measure, m] of Object.entries(COMPARATOR_MEASURES)) {
    for (const [comparator, c] of Object.entries(COMPARATORS)) {
      const name = fieldName(measure, comparator)
      const text = (fields[name] ?? '').trim()
      if (text === '') {
        updates.push({ measure, comparator, value: null })
        continue
      }
      const value = Number(text)
      if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value) || value < 0)
        errors.push({ field: name, message: `Enter ${m.label.toLowerCase()} for ${c.toLowerCase()} as a number, like 71 or 10.5` })
      else updates.push({ measure, comparator, value })
    }
  }
  if (errors.length) throw new ValidationError(errors)
  await db.transaction(async (tx) => {
    const [latest] = await tx
      .select({ at: max(ssda903Comparators.updatedAt) })
      .from(ssda903Comparators)
      .where(and(eq(ssda903Comparators.organisationId, ctx.user.organisationId), eq(ssda903Comparators.at, at)))
    const current = latest?.at ? new Date(latest.at).toISOString() : ''
    if (current > changedAt)
      throw new ConflictError('stale-version', 'Someone else changed these figures after you opened them. Reload the page to see their changes, then enter yours again.')
    const now = new Date()
    for (const u of updates) {
      const where = and(
        eq(ssda903Comparators.organisationId, ctx.user.organisationId),
        eq(ssda903Comparators.at, at),
        eq(ssda903Comparators.measure, u.measure),
        eq(ssda903Comparators.comparator, u.comparator),
      )
      if (u.value === null) {
        await tx.delete(ssda903Comparators).where(where)
        continue
      }
      await tx
        .insert(ssda903Comparators)
        .values({ organisationId: ctx.user.organisationId, at, measure: u.measure, comparator: u.comparator, value: u.value, updatedBy: ctx.user.id, updatedAt: now })
        .onConflictDoUpdate({
          target: [ssda903Comparators.organisationId, ssda903Comparators.at, ssda903Comparators.measure, ssda903Comparators.comparator],
          set: { value: u.value, updatedBy: ctx.user.id, updatedAt: now },
        })
    }
    await recordAudit(tx, {
      ...actor(ctx),
      action: 'ssda903.comparators.save',
      recordType: 'ssda903_comparators',
      details: { at, values: updates.filter((u) => u.value !== null).length },
    })
  })
}

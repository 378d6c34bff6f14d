import type { Executor } from '../../../platform/db/index.js'
import type { Period } from '../domain/period.js'
import { impactForPeriod } from '../../finance/index.js'

/** A low / central / high range of pounds (PRODUCT.md §3: never a bare point estimate). */
export interface Range {
  low: number
  central: number
  high: number
}

/**
 * What the reports' finance section needs from the impact computation (API.md "Impact"): the
 * report is built against this small interface so it does not depend on how the figures are
 * worked out. Money is in pounds, already rounded to pence by the computation.
 */
export interface FinanceFigures {
  costAvoidance: Range
  savings: Range
  serviceCost: number
  net: Range
  /** A fraction from 0 to 1, or null when no child counts. */
  successRate: number | null
  /** null when no residential unit cost is set. */
  breakEvenChildren: number | null
  breakEvenChildrenNet: { low: number | null; central: number | null; high: number | null }
  /** Every parameter and unit cost used, with its value and source, in words. */
  parameters: Array<{ name: string; value: string; source: string }>
}

/**
 * The finance figures for a report: the impact computation behind GET /api/v1/impact
 * (finance/impact.ts, API.md "Impact") for the same period, with every parameter and unit
 * cost it used and where each came from. Null when no child was on a case closed in the
 * period, in which case the report says so rather than showing a row of zeros.
 */
export async function financeFigures(db: Executor, organisationId: string, period: Period): Promise<FinanceFigures | null> {
  const result = await impactForPeriod(db, organisationId, { from: period.from, to: period.to })
  if (result.childrenWorkedWith === 0) return null
  const p = result.parameters
  const percent = (exact: number) => `${Math.round(exact * 1000) / 10}%`
  return {
    costAvoidance: result.costAvoidance,
    savings: result.savings,
    serviceCost: result.serviceCost,
    net: result.net,
    successRate: result.successRate,
    breakEvenChildren: result.breakEvenChildren,
    breakEvenChildrenNet: result.breakEvenChildrenNet,
    parameters: [
      {
        name: 'Deadweight (low, central, high)',
        value: `${percent(p.deadweight.low.value)}, ${percent(p.deadweight.central.value)}, ${percent(p.deadweight.high.value)}`,
        source: p.deadweight.central.source,
      },
      {
        name: 'Weeks avoided (low, central, high)',
        value: `${p.weeksAvoided.low.value}, ${p.weeksAvoided.central.value}, ${p.weeksAvoided.high.value}`,
        source: p.weeksAvoided.central.source,
      },
      ...p.unitCosts.map((u) => ({
        name: `Unit cost: ${u.placementType ?? 'age band default'}${u.ageBand ? ` (${u.ageBand})` : ''}`,
        value: `£${u.amount} a ${u.per}`,
        source: u.source,
      })),
      {
        name: 'Service cost a year',
        value: `£${p.annualServiceCost.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
        source: 'Service cost lines in force (finance settings)',
      },
    ],
  }
}

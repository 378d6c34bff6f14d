import type { Executor } from '../../../platform/db/index.js'
import type { Period } from '../domain/period.js'

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
  breakEvenChildren: number
  breakEvenChildrenNet: Range
  /** Every parameter and unit cost used, with its value and source, in words. */
  parameters: Array<{ name: string; value: string; source: string }>
}

/**
 * The finance figures for a report, or null when they are not available, in which case the
 * report says so rather than showing a number it does not have.
 */
export async function financeFigures(_db: Executor, _organisationId: string, _period: Period): Promise<FinanceFigures | null> {
  // FINANCE: wire computeImpact here (the finance branch's GET /api/v1/impact computation), mapping its answer to FinanceFigures.
  return null
}

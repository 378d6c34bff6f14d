import { and, eq, min } from 'drizzle-orm'
import type { Executor } from '../../platform/db/index.js'
import { cases } from '../../platform/db/schema.js'
import type { Table } from '../../platform/http/tables.js'
import { financialYearStart, type Range } from './domain/index.js'
import { impactForPeriods, type ImpactOverrides, type ImpactResult, type Period } from './impact.js'
import { financeHistoricChildren } from './schema.js'
import { listServiceCosts, listTargets, targetView } from './settings.js'

/**
 * The finance dashboard's figures (PRODUCT.md §3 "Results"): the impact of a period,
 * each financial year's figures since the service started, and progress towards each
 * year's cumulative savings target. Every figure comes from impactForPeriod, so the
 * dashboard, the API and the reports cannot disagree.
 */

export const fyLabel = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`
export const fyPeriod = (start: number): Period => ({ from: `${start}-04-01`, to: `${start + 1}-03-31` })

/** The financial year a label like 2024/25 names, or null. */
export function fyFromLabel(label: string): number | null {
  const m = /^(\d{4})\/(\d{2})$/.exec(label)
  return m && (Number(m[1]) + 1) % 100 === Number(m[2]) ? Number(m[1]) : null
}

/** The first financial year with a service cost line or a closed case (recorded or historic). */
export async function firstFinancialYear(db: Executor, organisationId: string, today: string): Promise<number> {
  const [lines, [closed], [historic]] = await Promise.all([
    listServiceCosts(db, organisationId),
    db
      .select({ first: min(cases.closureDate) })
      .from(cases)
      .where(and(eq(cases.organisationId, organisationId), eq(cases.status, 'closed'))),
    db
      .select({ first: min(financeHistoricChildren.closureDate) })
      .from(financeHistoricChildren)
      .where(eq(financeHistoricChildren.organisationId, organisationId)),
  ])
  const dates = [...lines.map((l) => l.effectiveFrom), closed?.first, historic?.first].filter((d): d is string => Boolean(d))
  const first = dates.sort()[0] ?? today
  return financialYearStart(first)
}

export interface YearFigures {
  financialYear: string
  start: number
  impact: ImpactResult
}

/** Each financial year's impact since the service started, and that of one more period (the page's), from one load. */
export async function dashboardImpact(db: Executor, organisationId: string, today: string, period: Period): Promise<{ result: ImpactResult; years: YearFigures[] }> {
  const first = await firstFinancialYear(db, organisationId, today)
  const starts: number[] = []
  for (let y = Math.max(first, financialYearStart(today) - 9); y <= financialYearStart(today); y++) starts.push(y)
  const [result, ...impacts] = await impactForPeriods(db, organisationId, [period, ...starts.map(fyPeriod)])
  if (!result) throw new Error('No impact computed')
  return { result, years: starts.map((start, i) => ({ financialYear: fyLabel(start), start, impact: impacts[i] as ImpactResult })) }
}

export async function yearlyImpact(db: Executor, organisationId: string, today: string, overrides: ImpactOverrides = {}): Promise<YearFigures[]> {
  const first = await firstFinancialYear(db, organisationId, today)
  const last = financialYearStart(today)
  const starts: number[] = []
  // At most ten years back: a dashboard, not an archive.
  for (let y = Math.max(first, last - 9); y <= last; y++) starts.push(y)
  const impacts = await impactForPeriods(db, organisationId, starts.map(fyPeriod), overrides)
  return starts.map((start, i) => ({ financialYear: fyLabel(start), start, impact: impacts[i] as ImpactResult }))
}

const add = (a: Range<number>, b: Range<number>): Range<number> => ({ low: a.low + b.low, central: a.central + b.central, high: a.high + b.high })
const pence = (n: number) => Math.round(n * 100) / 100

export interface TargetProgress {
  financialYear: string
  target: number
  fewerLookedAfterChildren: number | null
  source: string
  /** Avoidance + savings from the service's first year to the end of the target's year (sums of each year's rounded figures). */
  achieved: Range<number> | null
  /** Central achieved ÷ target, 0 to 1+; null when the year has not started yet. */
  share: number | null
  childrenNotInCare: number | null
}

/**
 * Progress towards the cumulative savings targets (seed 002): the cost avoidance and
 * savings of every year up to and including the target's year, against the target. A
 * target for a year not yet reached shows the progress so far.
 */
export async function targetProgress(db: Executor, organisationId: string, years: readonly YearFigures[]): Promise<TargetProgress[]> {
  const targets = (await listTargets(db, organisationId)).map(targetView)
  return targets.map((t) => {
    const start = fyFromLabel(t.financialYear)
    const upTo = years.filter((y) => start !== null && y.start <= start)
    if (!upTo.length) return { ...t, target: t.cumulativeSavings, achieved: null, share: null, childrenNotInCare: null }
    const achieved = upTo.reduce<Range<number>>((sum, y) => add(sum, add(y.impact.costAvoidance, y.impact.savings)), { low: 0, central: 0, high: 0 })
    const rounded = { low: pence(achieved.low), central: pence(achieved.central), high: pence(achieved.high) }
    const childrenNotInCare = upTo.reduce((n, y) => n + y.impact.childrenRemainedAtHome + y.impact.childrenReturnedHome, 0)
    return {
      financialYear: t.financialYear,
      target: t.cumulativeSavings,
      fewerLookedAfterChildren: t.fewerLookedAfterChildren,
      source: t.source,
      achieved: rounded,
      share: t.cumulativeSavings > 0 ? rounded.central / t.cumulativeSavings : null,
      childrenNotInCare,
    }
  })
}

// ---------------------------------------------------------------- tables (page, CSV and Excel from one definition)

const pct = (n: number | null) => (n === null ? null : `${Math.round(n * 1000) / 10}%`)

export function summaryTable(r: ImpactResult): Table {
  const money = (label: string, v: Range<number> | number) =>
    typeof v === 'number' ? { measure: label, low: v, central: v, high: v } : { measure: label, low: v.low, central: v.central, high: v.high }
  return {
    title: `Impact of cases closed ${r.from} to ${r.to}`,
    columns: [
      { key: 'measure', header: 'Measure' },
      { key: 'low', header: 'Low', numeric: true },
      { key: 'central', header: 'Central', numeric: true },
      { key: 'high', header: 'High', numeric: true },
    ],
    rows: [
      money('Cost avoidance (£)', r.costAvoidance),
      money('Savings (£)', r.savings),
      money('Service cost for the period (£)', r.serviceCost),
      money('Net (£)', r.net),
      {
        measure: 'Break-even: children kept out of residential care for a year, before deadweight',
        low: r.breakEvenChildren,
        central: r.breakEvenChildren,
        high: r.breakEvenChildren,
      },
      { measure: 'Break-even: children on the ledger’s terms', low: r.breakEvenChildrenNet.low, central: r.breakEvenChildrenNet.central, high: r.breakEvenChildrenNet.high },
    ],
  }
}

export function countsTable(r: ImpactResult): Table {
  return {
    title: `Children on cases closed ${r.from} to ${r.to}`,
    columns: [
      { key: 'measure', header: 'Measure' },
      { key: 'value', header: 'Children', numeric: true },
    ],
    rows: [
      { measure: 'Children worked with', value: r.childrenWorkedWith },
      { measure: 'Remained at home', value: r.childrenRemainedAtHome },
      { measure: 'Returned home from care', value: r.childrenReturnedHome },
      { measure: 'Entered care (at closure or any follow-up so far)', value: r.childrenEnteredCare },
      { measure: 'Success rate (crisis and risk of care)', value: pct(r.successRate) ?? 'No children in the success rate' },
    ],
  }
}

export function yearsTable(years: readonly YearFigures[]): Table {
  return {
    title: 'Figures by financial year (central, with low and high net)',
    columns: [
      { key: 'year', header: 'Financial year' },
      { key: 'children', header: 'Children worked with', numeric: true },
      { key: 'avoidance', header: 'Cost avoidance (£)', numeric: true },
      { key: 'savings', header: 'Savings (£)', numeric: true },
      { key: 'serviceCost', header: 'Service cost (£)', numeric: true },
      { key: 'netLow', header: 'Net, low (£)', numeric: true },
      { key: 'net', header: 'Net, central (£)', numeric: true },
      { key: 'netHigh', header: 'Net, high (£)', numeric: true },
    ],
    rows: years.map((y) => ({
      year: y.financialYear,
      children: y.impact.childrenWorkedWith,
      avoidance: y.impact.costAvoidance.central,
      savings: y.impact.savings.central,
      serviceCost: y.impact.serviceCost,
      netLow: y.impact.net.low,
      net: y.impact.net.central,
      netHigh: y.impact.net.high,
    })),
  }
}

export function targetsTable(progress: readonly TargetProgress[]): Table {
  return {
    title: 'Progress towards the cumulative savings targets',
    columns: [
      { key: 'year', header: 'By the end of' },
      { key: 'target', header: 'Target (£)', numeric: true },
      { key: 'low', header: 'Achieved, low (£)', numeric: true },
      { key: 'central', header: 'Achieved, central (£)', numeric: true },
      { key: 'high', header: 'Achieved, high (£)', numeric: true },
      { key: 'share', header: 'Central as share of target' },
      { key: 'children', header: 'Children not in care', numeric: true },
      { key: 'childrenTarget', header: 'Target: fewer looked-after children', numeric: true },
    ],
    rows: progress.map((p) => ({
      year: p.financialYear,
      target: p.target,
      low: p.achieved?.low ?? null,
      central: p.achieved?.central ?? null,
      high: p.achieved?.high ?? null,
      share: pct(p.share),
      children: p.childrenNotInCare,
      childrenTarget: p.fewerLookedAfterChildren,
    })),
  }
}

export function parametersTable(r: ImpactResult): Table {
  const p = r.parameters
  return {
    title: 'Parameters and unit costs behind these figures',
    columns: [
      { key: 'name', header: 'Parameter or cost' },
      { key: 'value', header: 'Value' },
      { key: 'source', header: 'Source' },
    ],
    rows: [
      {
        name: 'Deadweight (low / central / high)',
        value: `${pct(p.deadweight.low.value)} / ${pct(p.deadweight.central.value)} / ${pct(p.deadweight.high.value)}`,
        source: p.deadweight.central.source,
      },
      {
        name: 'Weeks avoided (low / central / high)',
        value: `${p.weeksAvoided.low.exact} / ${p.weeksAvoided.central.exact} / ${p.weeksAvoided.high.exact}`,
        source: p.weeksAvoided.central.source,
      },
      {
        name: 'Scenarios',
        value: `low: deadweight ${pct(p.scenarios.low.deadweight)}, ${p.scenarios.low.weeks} weeks; high: deadweight ${pct(p.scenarios.high.deadweight)}, ${p.scenarios.high.weeks} weeks`,
        source: 'Low uses the high deadweight and the low weeks; high the low deadweight and the high weeks',
      },
      ...p.unitCosts.map((u) => ({
        name: u.ageBand ? `Age band ${u.ageBand} default` : `Unit cost: ${(u.placementType ?? '').replaceAll('_', ' ')}`,
        value: `£${Number(u.amount).toLocaleString('en-GB')} a ${u.per} (£${u.weeklyCost.toLocaleString('en-GB', { minimumFractionDigits: 2 })} a week)`,
        source: u.source,
      })),
      ...r.serviceCostLines.map((l) => ({
        name: `Service cost: ${l.description}`,
        value: `£${l.annualAmount.toLocaleString('en-GB')} a year; ${l.days} days in the period: £${l.cost.toLocaleString('en-GB', { minimumFractionDigits: 2 })}`,
        source: l.source,
      })),
      { name: 'Rounding', value: p.rounding, source: 'PRODUCT.md §3; API.md "Conventions"' },
    ],
  }
}

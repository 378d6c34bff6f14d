import type { Ctx } from '../../../platform/context.js'
import type { Db } from '../../../platform/db/index.js'
import { todayInLondon } from '../../../platform/time/index.js'
import {
  add,
  annualServiceCostOn,
  avoidanceFor,
  div,
  max,
  min,
  mul,
  resolveParameters,
  savingsFor,
  sub,
  toPounds,
  toRational,
  toText,
  weeklyCost,
  type ImpactParameters,
  type Range,
  type Rational,
  type UnitCosts,
} from '../domain/index.js'
import { firstFinancialYear } from '../dashboard.js'
import { impactForPeriod } from '../impact.js'
import { impactParameters, listParameters, listServiceCosts, listUnitCosts, serviceCostLines, unitCostsOn } from '../settings.js'
import { pagePeriod } from './period.js'

/**
 * The scenario page (PRODUCT.md §3 "Scenarios"): change the success rate, deadweight,
 * costs, weeks avoided and capacity and see the projected net for a year beside the
 * actuals. A GET form: nothing is saved.
 *
 * The projection, for one year:
 * - crisis and risk of care: capacity × success rate children stay out of care, each
 *   avoiding the weekly cost of the placement avoided × weeks × (1 − deadweight), as the
 *   ledger counts a real child (domain/cost-avoidance.ts);
 * - reunification: capacity × return-home rate children return home, each saving the
 *   weekly cost of the placement left × weeks;
 * - net = avoidance + savings − the annual service cost.
 * Low and high use the saved ranges of deadweight and weeks, widened to include the
 * scenario's own values. Exact arithmetic; only results are rounded.
 */

interface Field {
  name: string
  label: string
  hint: string
  suffix?: string
  prefix?: string
  /** Reads the entry: a rational or an error message. */
  read: (text: string) => Rational | string
}

const number =
  (what: string, lo: number, hi: number, unit = '') =>
  (text: string) => {
    const clean = text.replace(/[£,%\s]/g, '')
    if (!/^\d+(\.\d+)?$/.test(clean)) return `Enter the ${what} as a number`
    const r = toRational(clean)
    if (Number(clean) < lo || Number(clean) > hi) return `The ${what} must be between ${lo.toLocaleString('en-GB')}${unit} and ${hi.toLocaleString('en-GB')}${unit}`
    return r
  }

const FIELDS: Field[] = [
  { name: 'capacity', label: 'Children a year on crisis and risk of care', hint: 'PRODUCT default: 60 crisis and 120 risk of care', read: number('capacity', 0, 10000) },
  { name: 'successRate', label: 'Success rate', hint: 'Children who stay out of care; the target is 50%', suffix: '%', read: number('success rate', 0, 100, '%') },
  { name: 'reunificationCapacity', label: 'Children a year on reunification', hint: 'PRODUCT default: 60', read: number('reunification capacity', 0, 10000) },
  { name: 'returnRate', label: 'Share of reunification children who return home', hint: 'Those who stay home', suffix: '%', read: number('return-home rate', 0, 100, '%') },
  { name: 'deadweight', label: 'Deadweight', hint: 'Share who would have stayed out of care anyway', suffix: '%', read: number('deadweight', 0, 100, '%') },
  { name: 'weeks', label: 'Weeks avoided', hint: 'Weeks of placement avoided or saved per child', suffix: 'weeks', read: number('weeks avoided', 1, 520) },
  {
    name: 'avoidedCost',
    label: 'Annual cost of the placement avoided',
    hint: 'Residential care by default',
    prefix: '£',
    read: number('annual cost of the placement avoided', 0, 2600000),
  },
  {
    name: 'leftCost',
    label: 'Annual cost of the placement left on reunification',
    hint: 'Fostering by default',
    prefix: '£',
    read: number('annual cost of the placement left', 0, 2600000),
  },
  { name: 'serviceCost', label: 'Annual cost of the service', hint: 'The service cost lines in force', prefix: '£', read: number('annual cost of the service', 0, 100000000) },
]

const pct = (r: number | null) => (r === null ? '' : toText(toRational(String(Math.round(r * 10000) / 100))))

export async function scenarioPage(db: Db, ctx: Ctx, query: Record<string, string | undefined>) {
  const organisationId = ctx.user.organisationId
  const today = todayInLondon()
  const period = pagePeriod({ year: query.year }, today, await firstFinancialYear(db, organisationId, today))
  const [actual, unitCostRows, parameterRows, lineRows] = await Promise.all([
    impactForPeriod(db, organisationId, period),
    listUnitCosts(db, organisationId),
    listParameters(db, organisationId),
    listServiceCosts(db, organisationId),
  ])
  const saved = impactParameters(parameterRows)
  const costs = unitCostsOn(unitCostRows, period.to)
  const annual = (cost: UnitCosts[keyof UnitCosts]) => (cost ? toText(mul(weeklyCost(cost), toRational(52))) : '0')
  const defaults: Record<string, string> = {
    capacity: '180',
    successRate: actual.successRate === null ? '50' : pct(actual.successRate),
    reunificationCapacity: '60',
    returnRate: '50',
    deadweight: pct(Number(toText(toRational(String(saved.deadweight.central))))),
    weeks: toText(toRational(String(saved.weeks.central))),
    avoidedCost: annual(costs.residential),
    leftCost: annual(costs.fostering),
    serviceCost: toText(annualServiceCostOn(serviceCostLines(lineRows), period.to)),
  }
  const values: Record<string, string> = Object.fromEntries(FIELDS.map((f) => [f.name, (query[f.name] ?? '').trim() || (defaults[f.name] ?? '')]))
  const read: Record<string, Rational> = {}
  const errors: { text: string; href: string }[] = []
  const fieldErrors: Record<string, string> = {}
  for (const f of FIELDS) {
    const r = f.read(values[f.name] ?? '')
    if (typeof r === 'string') {
      errors.push({ text: r, href: `#${f.name}` })
      fieldErrors[f.name] = r
    } else read[f.name] = r
  }
  if (errors.length) return { period, values, fields: FIELDS, errors, fieldErrors, actual, projection: null, rerun: null }

  const hundred = toRational(100)
  const g = (n: string) => read[n] ?? toRational(0)
  const deadweight = div(g('deadweight'), hundred)
  const weeks = g('weeks')
  const widen = (range: ImpactParameters['deadweight'], central: Rational) => ({
    low: toText(min(toRational(range.low), central)),
    central: toText(central),
    high: toText(max(toRational(range.high), central)),
    source: 'The scenario’s value, within the saved range',
  })
  const parameters: ImpactParameters = { deadweight: widen(saved.deadweight, deadweight), weeks: widen(saved.weeks, weeks) }
  const resolved = resolveParameters(parameters)
  const perYear = (annualCost: Rational) => div(annualCost, toRational(52))
  const staying = mul(g('capacity'), div(g('successRate'), hundred))
  const returning = mul(g('reunificationCapacity'), div(g('returnRate'), hundred))
  const perChild = avoidanceFor(perYear(g('avoidedCost')), resolved)
  const perReturn = savingsFor(perYear(g('leftCost')), resolved)
  const scale = (r: Range<Rational>, n: Rational): Range<Rational> => ({ low: mul(r.low, n), central: mul(r.central, n), high: mul(r.high, n) })
  const avoidance = scale(perChild, staying)
  const savings = scale(perReturn, returning)
  const service = g('serviceCost')
  const pounds = (r: Range<Rational>) => ({ low: toPounds(r.low), central: toPounds(r.central), high: toPounds(r.high) })
  const net = {
    low: sub(add(avoidance.low, savings.low), service),
    central: sub(add(avoidance.central, savings.central), service),
    high: sub(add(avoidance.high, savings.high), service),
  }
  const projection = {
    childrenStaying: Number(toText(staying)),
    childrenReturning: Number(toText(returning)),
    costAvoidance: pounds(avoidance),
    savings: pounds(savings),
    serviceCost: toPounds(service),
    net: pounds(net),
    parameters: resolved,
  }
  // The actual year's children, priced with the scenario's costs and parameters.
  const rerunCosts: UnitCosts = {
    ...costs,
    residential: { amount: toText(g('avoidedCost')), per: 'year', source: 'Scenario' },
    fostering: { amount: toText(g('leftCost')), per: 'year', source: 'Scenario' },
  }
  const rerun = await impactForPeriod(db, organisationId, period, { parameters, unitCosts: rerunCosts })
  return { period, values, fields: FIELDS, errors, fieldErrors, actual, projection, rerun, scenarioChanged: FIELDS.some((f) => query[f.name] !== undefined) }
}

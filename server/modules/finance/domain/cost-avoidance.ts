import {
  ceil,
  compare,
  div,
  FinanceInputError,
  isNegative,
  isZero,
  max,
  mul,
  ONE,
  rational,
  sub,
  sum,
  toNumber,
  toPounds,
  toRational,
  toText,
  ZERO,
  type Rational,
  type RationalInput,
} from './money.js'
import {
  ageBandDefault,
  AGE_BAND_DEFAULTS,
  PLACEMENT_TYPE_CODES,
  weeklyCost,
  WEEKS_PER_YEAR,
  type AgeBandDefault,
  type PlacementType,
  type UnitCost,
  type UnitCosts,
} from './unit-costs.js'

/**
 * Impact: cost avoidance, savings, net and break-even (PRODUCT.md §3, API.md "Impact").
 *
 * Where each rule comes from:
 * - cost avoidance for crisis and risk of care, the age-band default, deadweight and
 *   weeks avoided with their ranges: PRODUCT.md §3 "Cost avoidance";
 * - savings for reunification: PRODUCT.md §3 "Savings" (no deadweight: the child
 *   was in care and the placement was really left);
 * - placement stability: the issue ("max(0, at-risk − current) × weeks × (1 − deadweight)");
 * - a child in care at closure or at any follow-up avoids nothing; `other` is left
 *   out of the success rate; successRate and break-even: API.md "Impact";
 * - exact arithmetic, rounding half up to pence of the final figures only: PRODUCT.md §3
 *   and API.md "Conventions".
 *
 * Scenarios. Every money figure is a range, never a point (PRODUCT.md §3):
 * - **low**: the HIGH deadweight and the LOW weeks avoided (the least the service can claim);
 * - **central**: the central deadweight and the central weeks;
 * - **high**: the LOW deadweight and the HIGH weeks (the most it can claim).
 * `parameters.deadweight.low` is the lowest deadweight (30%), which the *high*
 * scenario uses; the names of the parameter's bounds and of the scenarios are not
 * the same thing.
 */

export const STRANDS = ['crisis', 'risk_of_care', 'reunification', 'placement_stability'] as const
export type Strand = (typeof STRANDS)[number]
export const CLOSURE_OUTCOMES = ['remained_at_home', 'returned_home', 'placement_stabilised', 'entered_care', 'other'] as const
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number]
export type FollowUpMonths = 3 | 6 | 12 | 18
export type FollowUpStatus = 'at_home' | 'in_care' | 'other'

export interface FollowUp {
  months: FollowUpMonths
  status: FollowUpStatus
}

/**
 * One referred child on one case closed in the period, with the follow-ups
 * recorded so far (a follow-up not yet known is simply absent).
 */
export interface ChildOutcome {
  childId: string
  /** Tells two closed cases of the same child apart; optional. */
  caseId?: string
  strand: Strand
  /** Whole years at referral: picks the age-band default. */
  ageAtReferral: number
  outcome: ClosureOutcome
  /** The placement the child was at risk of (crisis, risk of care, placement stability), as recorded at referral. */
  atRiskPlacementType?: PlacementType | null
  /** The placement the child was in at referral (reunification: the placement left; placement stability: the one stabilised). */
  currentPlacementType?: PlacementType | null
  followUps: readonly FollowUp[]
}

export type Scenario = 'low' | 'central' | 'high'
export const SCENARIOS: readonly Scenario[] = ['low', 'central', 'high']

export interface Range<T> {
  low: T
  central: T
  high: T
}

/** A parameter with a central value and a range; `low` ≤ `central` ≤ `high`. */
export interface ParameterRange extends Range<RationalInput> {
  source?: string
}

export interface ImpactParameters {
  /** Share of the children who would have stayed out of care without the service: 0 to 1. */
  deadweight: ParameterRange
  /** Weeks of placement avoided (or saved) per child; above 0. */
  weeks: ParameterRange
}

/** PRODUCT.md §3 defaults. */
export const DEFAULT_PARAMETERS: ImpactParameters = Object.freeze({
  deadweight: {
    low: '0.3',
    central: '0.5',
    high: '0.7',
    source:
      'PRODUCT.md §3: default 50%, range 30-70%; seed 000 §1.2: "even if half of this group would have been supported outside the care system without the proposed new service"',
  },
  weeks: {
    low: '26',
    central: '52',
    high: '104',
    source: "PRODUCT.md §3: weeks avoided, default 52 (a year of care, as in seed 000's break-even), range 26-104",
  },
})

/** Which bound of each parameter every scenario uses (see the module comment). */
export const SCENARIO_BOUNDS: Readonly<Record<Scenario, { deadweight: Scenario; weeks: Scenario }>> = Object.freeze({
  low: { deadweight: 'high', weeks: 'low' },
  central: { deadweight: 'central', weeks: 'central' },
  high: { deadweight: 'low', weeks: 'high' },
})

export interface ImpactInput {
  children: readonly ChildOutcome[]
  unitCosts: UnitCosts
  parameters: ImpactParameters
  /** The service's cost for the period, prorated by days (see servicePeriodCost). */
  serviceCostForPeriod: RationalInput
  /** The annual service cost the break-even figures divide (see annualServiceCostOn). */
  annualServiceCost: RationalInput
  /** Defaults to AGE_BAND_DEFAULTS (13-16 only). */
  ageBandDefaults?: readonly AgeBandDefault[]
}

/** A unit cost a child's figure was computed from. */
export interface CostUsed {
  /** at_risk: the placement avoided; placement_left: the one a reunified child left; current: the stabilised placement. */
  role: 'at_risk' | 'placement_left' | 'current'
  placementType: PlacementType | null
  /** Set when the at-risk cost is the age band's default (no at-risk placement recorded). */
  ageBand: string | null
  amount: string
  per: 'year' | 'week'
  /** Weekly cost rounded to pence, for reading only: the arithmetic uses the exact value. */
  weeklyCost: number
  source: string
}

export interface ChildImpact {
  childId: string
  caseId: string | null
  strand: Strand
  outcome: ClosureOutcome
  /** The rule that produced this child's money figures; null when nothing was counted. */
  rule: 'cost_avoidance' | 'savings' | 'placement_stability' | null
  /** Which of the API's counts the child is in, besides childrenWorkedWith. */
  countedAs: 'remained_at_home' | 'returned_home' | 'entered_care' | null
  successRate: 'success' | 'failure' | 'left_out'
  /**
   * Pounds, rounded to pence for this child alone. Totals are the exact sum rounded
   * once, so they may differ from the sum of these rows by a penny or so.
   */
  costAvoidance: Range<number>
  savings: Range<number>
  costsUsed: CostUsed[]
  reason: string
}

export interface ParameterUsed {
  value: number
  /** The exact value ("0.3", "1/3"). */
  exact: string
  source: string
}

export interface UnitCostUsed {
  placementType: PlacementType | null
  ageBand: string | null
  amount: string
  per: 'year' | 'week'
  weeklyCost: number
  source: string
  /** What it was used for: children's ids, and "break-even" for the residential cost. */
  usedFor: string[]
}

export interface ImpactParametersUsed {
  deadweight: Range<ParameterUsed>
  weeksAvoided: Range<ParameterUsed>
  /** The deadweight and weeks each scenario used. */
  scenarios: Record<Scenario, { deadweight: number; weeks: number }>
  unitCosts: UnitCostUsed[]
  serviceCostForPeriod: number
  annualServiceCost: number
  rounding: string
}

export interface Impact {
  childrenWorkedWith: number
  childrenRemainedAtHome: number
  childrenReturnedHome: number
  childrenEnteredCare: number
  /** 0 to 1; null when no child is in the denominator (crisis or risk of care, outcome not `other`). */
  successRate: number | null
  costAvoidance: Range<number>
  savings: Range<number>
  serviceCost: number
  net: Range<number>
  /** null when no residential unit cost is set. */
  breakEvenChildren: number | null
  /** null in a scenario where one child avoids nothing (no residential cost, or a deadweight of 100%). */
  breakEvenChildrenNet: Range<number | null>
  parameters: ImpactParametersUsed
  perChild: ChildImpact[]
  /** The child ids behind every count and total. */
  childrenBehind: {
    childrenWorkedWith: string[]
    childrenRemainedAtHome: string[]
    childrenReturnedHome: string[]
    childrenEnteredCare: string[]
    successRateNumerator: string[]
    successRateDenominator: string[]
    costAvoidance: string[]
    savings: string[]
  }
}

export interface ResolvedParameters {
  deadweight: Range<Rational>
  weeks: Range<Rational>
  /** Per scenario: (weeks, 1 − deadweight). */
  scenario: Record<Scenario, { weeks: Rational; attributable: Rational }>
}

function readRange(range: ParameterRange, what: string): Range<Rational> {
  return { low: toRational(range.low, `${what} (low)`), central: toRational(range.central, `${what} (central)`), high: toRational(range.high, `${what} (high)`) }
}

/** Refuses a deadweight outside 0..1, weeks of 0 or fewer, and a range whose low exceeds its central value or its high. */
export function resolveParameters(parameters: ImpactParameters): ResolvedParameters {
  const deadweight = readRange(parameters.deadweight, 'Deadweight')
  const weeks = readRange(parameters.weeks, 'Weeks avoided')
  for (const s of SCENARIOS) {
    if (isNegative(deadweight[s]) || compare(deadweight[s], ONE) > 0)
      throw new FinanceInputError(`Deadweight (${s}) must be between 0 and 1 (0% to 100%), not ${toText(deadweight[s])}`)
    if (compare(weeks[s], ZERO) <= 0) throw new FinanceInputError(`Weeks avoided (${s}) must be more than 0, not ${toText(weeks[s])}`)
  }
  if (compare(deadweight.low, deadweight.central) > 0 || compare(deadweight.central, deadweight.high) > 0)
    throw new FinanceInputError(`Deadweight range must run low ≤ central ≤ high, not ${toText(deadweight.low)}, ${toText(deadweight.central)}, ${toText(deadweight.high)}`)
  if (compare(weeks.low, weeks.central) > 0 || compare(weeks.central, weeks.high) > 0)
    throw new FinanceInputError(`Weeks avoided range must run low ≤ central ≤ high, not ${toText(weeks.low)}, ${toText(weeks.central)}, ${toText(weeks.high)}`)
  const scenario = Object.fromEntries(
    SCENARIOS.map((s) => [s, { weeks: weeks[SCENARIO_BOUNDS[s].weeks], attributable: sub(ONE, deadweight[SCENARIO_BOUNDS[s].deadweight]) }]),
  ) as ResolvedParameters['scenario']
  return { deadweight, weeks, scenario }
}

const rangeOf = <T>(f: (s: Scenario) => T): Range<T> => ({ low: f('low'), central: f('central'), high: f('high') })
const ZERO_RANGE: Range<Rational> = rangeOf(() => ZERO)
/*
 * Speed, not semantics: a period's children share a handful of unit costs, so the weekly
 * cost of each cost as entered, the range one child earns from it and that range in
 * pounds are worked out once per computation and reused (the values are immutable, so
 * a cached result is the same exact value). 3,000 children took about half a second
 * without this.
 */
const weeklyMemo = new WeakMap<UnitCost, Rational>()
const avoidanceMemo = new WeakMap<Rational, WeakMap<ResolvedParameters, Range<Rational>>>()
const savingsMemo = new WeakMap<Rational, WeakMap<ResolvedParameters, Range<Rational>>>()
const poundsMemo = new WeakMap<Range<Rational>, Range<number>>()
const penceMemo = new WeakMap<Rational, number>()
function memo<T>(cache: WeakMap<Rational, WeakMap<ResolvedParameters, T>>, weekly: Rational, resolved: ResolvedParameters, make: () => T): T {
  let inner = cache.get(weekly)
  if (!inner) cache.set(weekly, (inner = new WeakMap()))
  let value = inner.get(resolved)
  if (value === undefined) inner.set(resolved, (value = make()))
  return value
}
function weeklyOf(cost: UnitCost): Rational {
  let weekly = weeklyMemo.get(cost)
  if (!weekly) weeklyMemo.set(cost, (weekly = weeklyCost(cost)))
  return weekly
}
function weeklyPounds(weekly: Rational): number {
  let pounds = penceMemo.get(weekly)
  if (pounds === undefined) penceMemo.set(weekly, (pounds = toPounds(weekly)))
  return pounds
}
const poundsRange = (r: Range<Rational>): Range<number> => {
  let pounds = poundsMemo.get(r)
  if (!pounds) poundsMemo.set(r, (pounds = rangeOf((s) => toPounds(r[s]))))
  return { ...pounds }
}

/** The avoidance one child earns from a weekly cost under each scenario: weekly × weeks × (1 − deadweight). */
export function avoidanceFor(weekly: Rational, resolved: ResolvedParameters): Range<Rational> {
  return memo(avoidanceMemo, weekly, resolved, () => rangeOf((s) => mul(mul(weekly, resolved.scenario[s].weeks), resolved.scenario[s].attributable)))
}

/** Savings from a weekly cost: weekly × weeks, no deadweight. */
export function savingsFor(weekly: Rational, resolved: ResolvedParameters): Range<Rational> {
  return memo(savingsMemo, weekly, resolved, () => rangeOf((s) => mul(weekly, resolved.scenario[s].weeks)))
}

interface CostFound {
  cost: UnitCost
  weekly: Rational
  placementType: PlacementType | null
  ageBand: string | null
}

type Lookup = { found: CostFound } | { missing: string }

/** A code in words: 'risk_of_care' → 'risk of care'. */
const words = (code: string | null) => (code ?? 'none').replaceAll('_', ' ')

function placementCost(unitCosts: UnitCosts, type: PlacementType | null | undefined, role: string): Lookup {
  if (!type) return { missing: `no ${role} placement recorded` }
  const cost = unitCosts[type]
  if (!cost) return { missing: `no unit cost recorded for ${words(type)} (to be set)` }
  return { found: { cost, weekly: weeklyOf(cost), placementType: type, ageBand: null } }
}

function atRiskCost(child: ChildOutcome, unitCosts: UnitCosts, bands: readonly AgeBandDefault[]): Lookup {
  // The age band's default stands in only when no at-risk placement was recorded:
  // a recorded type whose cost is not set yet is reported as such, not replaced.
  if (child.atRiskPlacementType) return placementCost(unitCosts, child.atRiskPlacementType, 'at-risk')
  const band = ageBandDefault(child.ageAtReferral, bands)
  if (!band) return { missing: `no at-risk placement recorded and no age-band default for age ${child.ageAtReferral}` }
  return { found: { cost: band.cost, weekly: weeklyOf(band.cost), placementType: null, ageBand: band.band } }
}

const costUsed = (role: CostUsed['role'], c: CostFound): CostUsed => ({
  role,
  placementType: c.placementType,
  ageBand: c.ageBand,
  amount: c.cost.amount,
  per: c.cost.per,
  weeklyCost: weeklyPounds(c.weekly),
  source: c.cost.source,
})

/** Where the child was first recorded in care: at closure, or the earliest follow-up; null if never. */
function firstRecordedInCare(child: ChildOutcome): string | null {
  if (child.outcome === 'entered_care') return 'at closure'
  const months = child.followUps.filter((f) => f.status === 'in_care').map((f) => f.months)
  return months.length ? `at ${Math.min(...months)}-month follow-up` : null
}

interface Assessed {
  row: ChildImpact
  avoidance: Range<Rational>
  savings: Range<Rational>
  costs: CostFound[]
}

/**
 * Which of the API's outcome counts the child is in. Recorded in care at closure or
 * at any follow-up → entered care (API.md), except on the placement stability
 * strand: those children are in care throughout, by the strand's definition, so
 * their being in care is not a care entry and they are never counted as entering it.
 */
function outcomeCount(child: ChildOutcome, inCare: string | null): ChildImpact['countedAs'] {
  if (inCare) return child.strand === 'placement_stability' ? null : 'entered_care'
  if (child.outcome === 'remained_at_home' || child.outcome === 'returned_home') return child.outcome
  return null
}

/**
 * The child's place in the success rate (API.md "Impact"): crisis and risk of care
 * only; outcome `other` left out; `placement_stabilised` does not fit these strands
 * and is left out too, unless a follow-up has since recorded the child in care.
 */
function successRateRole(child: ChildOutcome, inCare: string | null): ChildImpact['successRate'] {
  if (child.strand !== 'crisis' && child.strand !== 'risk_of_care') return 'left_out'
  if (child.outcome === 'other') return 'left_out'
  if (inCare) return 'failure'
  return child.outcome === 'placement_stabilised' ? 'left_out' : 'success'
}

function assessChild(child: ChildOutcome, unitCosts: UnitCosts, bands: readonly AgeBandDefault[], resolved: ResolvedParameters): Assessed {
  const inCare = firstRecordedInCare(child)
  const result = (rule: ChildImpact['rule'], avoidance: Range<Rational>, savings: Range<Rational>, used: [CostUsed['role'], CostFound][], reason: string): Assessed => ({
    row: {
      childId: child.childId,
      caseId: child.caseId ?? null,
      strand: child.strand,
      outcome: child.outcome,
      rule,
      countedAs: outcomeCount(child, inCare),
      successRate: successRateRole(child, inCare),
      costAvoidance: poundsRange(avoidance),
      savings: poundsRange(savings),
      costsUsed: used.map(([role, c]) => costUsed(role, c)),
      reason,
    },
    avoidance,
    savings,
    costs: used.map(([, c]) => c),
  })
  const nothing = (reason: string) => result(null, ZERO_RANGE, ZERO_RANGE, [], reason)

  if (child.outcome === 'other') return nothing('outcome other (moved away, disengaged): nothing avoided, left out of the success rate')

  if (child.strand === 'placement_stability') {
    if (child.outcome !== 'placement_stabilised') return nothing(`placement stability strand, outcome ${words(child.outcome)}: placement not stabilised, nothing avoided`)
    const atRisk = placementCost(unitCosts, child.atRiskPlacementType, 'at-risk')
    const current = placementCost(unitCosts, child.currentPlacementType, 'current')
    if ('missing' in atRisk) return nothing(`placement stabilised but ${atRisk.missing}: not counted`)
    if ('missing' in current) return nothing(`placement stabilised but ${current.missing}: not counted`)
    const difference = max(ZERO, sub(atRisk.found.weekly, current.found.weekly))
    const reason = isZero(difference)
      ? `placement stabilised, but the at-risk placement (${words(atRisk.found.placementType)}) costs no more a week than the current one (${words(current.found.placementType)}): nothing avoided`
      : `placement stabilised: (weekly ${words(atRisk.found.placementType)} − weekly ${words(current.found.placementType)}) × weeks × (1 − deadweight)`
    return result(
      'placement_stability',
      avoidanceFor(difference, resolved),
      ZERO_RANGE,
      [
        ['at_risk', atRisk.found],
        ['current', current.found],
      ],
      reason,
    )
  }

  if (inCare) {
    if (child.strand === 'reunification') return nothing(`in care ${inCare}: not returned home for good, nothing saved`)
    return nothing(`entered care ${inCare}: nothing avoided, a failure in the success rate`)
  }

  if (child.strand === 'crisis' || child.strand === 'risk_of_care') {
    // The issue's test is "not in care" at closure and at every follow-up so far, so
    // `returned_home` here (briefly accommodated during the crisis, home by closure)
    // counts like `remained_at_home`; `placement_stabilised` cannot happen to a child
    // who was not in a placement and is left out rather than guessed at.
    if (child.outcome === 'placement_stabilised')
      return nothing(
        `outcome placement stabilised does not fit the ${words(child.strand)} strand (the child was not in a placement): nothing counted, left out of the success rate; check the closure record`,
      )
    const cost = atRiskCost(child, unitCosts, bands)
    if ('missing' in cost) return nothing(`not in care, but ${cost.missing}: not counted (a success in the success rate)`)
    const basis = cost.found.ageBand ? `the ${cost.found.ageBand} age band default (no at-risk placement recorded)` : `the at-risk placement (${words(cost.found.placementType)})`
    return result(
      'cost_avoidance',
      avoidanceFor(cost.found.weekly, resolved),
      ZERO_RANGE,
      [['at_risk', cost.found]],
      `not in care at closure or any follow-up so far: weekly cost of ${basis} × weeks × (1 − deadweight)`,
    )
  }

  // Reunification.
  if (child.outcome !== 'returned_home') return nothing(`reunification strand, outcome ${words(child.outcome)}: not a return home from care, nothing saved`)
  const left = placementCost(unitCosts, child.currentPlacementType, 'left')
  if ('missing' in left) return nothing(`returned home but ${left.missing}: not counted`)
  return result(
    'savings',
    ZERO_RANGE,
    savingsFor(left.found.weekly, resolved),
    [['placement_left', left.found]],
    `returned home and not back in care: weekly cost of the placement left (${words(left.found.placementType)}) × weeks`,
  )
}

function validateUnitCosts(unitCosts: UnitCosts, bands: readonly AgeBandDefault[]): void {
  for (const type of PLACEMENT_TYPE_CODES) {
    const cost = unitCosts[type]
    if (cost) weeklyCost(cost)
  }
  for (const band of bands) weeklyCost(band.cost)
}

function nonNegative(value: RationalInput, what: string): Rational {
  const r = toRational(value, what)
  if (isNegative(r)) throw new FinanceInputError(`${what} must not be negative, not ${toText(r)}`)
  return r
}

/** The residential weekly cost, the unit of both break-even rules; null when not set. */
function residentialWeekly(unitCosts: UnitCosts): Rational | null {
  return unitCosts.residential ? weeklyCost(unitCosts.residential) : null
}

/**
 * Break-even before deadweight (API.md "Impact"): ceil(annual service cost ÷ annual
 * residential cost), the annual cost being the weekly cost × 52. Seed 000: 979,216 ÷
 * 298,000 → 4.
 */
export function breakEvenChildren(annualServiceCost: Rational, unitCosts: UnitCosts): number | null {
  const weekly = residentialWeekly(unitCosts)
  if (!weekly || isZero(weekly)) return null
  return Number(ceil(div(annualServiceCost, mul(weekly, rational(WEEKS_PER_YEAR)))))
}

/**
 * Break-even on the ledger's own terms (API.md "Impact"): ceil(annual service cost ÷
 * the avoidance one child at risk of residential care earns on the crisis or risk of
 * care strand), i.e. weekly residential × weeks × (1 − deadweight), per scenario.
 */
export function breakEvenChildrenNet(annualServiceCost: Rational, unitCosts: UnitCosts, resolved: ResolvedParameters): Range<number | null> {
  const weekly = residentialWeekly(unitCosts)
  const perChild = weekly ? avoidanceFor(weekly, resolved) : null
  return rangeOf((s) => {
    const one = perChild?.[s]
    return one && !isZero(one) ? Number(ceil(div(annualServiceCost, one))) : null
  })
}

const parameterUsed = (r: Rational, source: string): ParameterUsed => ({ value: toNumber(r), exact: toText(r), source })

/**
 * Impact for the referred children on the cases closed in a period.
 *
 * Counts (each child is one row of `children`; a child on two cases closed in the
 * period is two rows):
 * - childrenWorkedWith: every row, whatever the strand or outcome;
 * - childrenEnteredCare: recorded in care at closure or at any follow-up so far,
 *   on any strand but placement stability (those children are in care throughout);
 * - childrenRemainedAtHome / childrenReturnedHome: that closure outcome, and never
 *   recorded in care since.
 * successRate: API.md's, on the crisis and risk of care strands only: children not
 * recorded in care ÷ those children, leaving out outcome `other` (and the
 * inconsistent `placement_stabilised`); so its denominator is not childrenWorkedWith.
 * null when the denominator is 0.
 */
export function computeImpact(input: ImpactInput): Impact {
  const resolved = resolveParameters(input.parameters)
  const bands = input.ageBandDefaults ?? AGE_BAND_DEFAULTS
  validateUnitCosts(input.unitCosts, bands)
  const serviceCost = nonNegative(input.serviceCostForPeriod, 'Service cost for the period')
  const annualServiceCost = nonNegative(input.annualServiceCost, 'Annual service cost')

  const seen = new Set<string>()
  for (const c of input.children) {
    const key = `${c.caseId ?? ''}\u0000${c.childId}`
    if (seen.has(key)) throw new FinanceInputError(`Child ${c.childId} appears twice${c.caseId ? ` on case ${c.caseId}` : ''}: give each closed case its caseId`)
    seen.add(key)
  }

  const assessed = input.children.map((c) => assessChild(c, input.unitCosts, bands, resolved))
  const rows = assessed.map((a) => a.row)
  const total = (pick: (a: Assessed) => Range<Rational>): Range<Rational> => rangeOf((s) => sum(assessed.map((a) => pick(a)[s])))
  const avoidance = total((a) => a.avoidance)
  const savings = total((a) => a.savings)
  const net = rangeOf((s) => sub(sum([avoidance[s], savings[s]]), serviceCost))

  const ids = (keep: (r: ChildImpact) => boolean) => rows.filter(keep).map((r) => r.childId)
  const numerator = ids((r) => r.successRate === 'success')
  const denominator = ids((r) => r.successRate !== 'left_out')

  return {
    childrenWorkedWith: rows.length,
    childrenRemainedAtHome: ids((r) => r.countedAs === 'remained_at_home').length,
    childrenReturnedHome: ids((r) => r.countedAs === 'returned_home').length,
    childrenEnteredCare: ids((r) => r.countedAs === 'entered_care').length,
    successRate: denominator.length ? numerator.length / denominator.length : null,
    costAvoidance: poundsRange(avoidance),
    savings: poundsRange(savings),
    serviceCost: toPounds(serviceCost),
    net: poundsRange(net),
    breakEvenChildren: breakEvenChildren(annualServiceCost, input.unitCosts),
    breakEvenChildrenNet: breakEvenChildrenNet(annualServiceCost, input.unitCosts, resolved),
    parameters: {
      deadweight: rangeOf((s) => parameterUsed(resolved.deadweight[s], input.parameters.deadweight.source ?? 'as entered by the finance partner')),
      weeksAvoided: rangeOf((s) => parameterUsed(resolved.weeks[s], input.parameters.weeks.source ?? 'as entered by the finance partner')),
      scenarios: rangeOf((s) => ({ deadweight: toNumber(resolved.deadweight[SCENARIO_BOUNDS[s].deadweight]), weeks: toNumber(resolved.weeks[SCENARIO_BOUNDS[s].weeks]) })),
      unitCosts: unitCostsUsed(input.unitCosts, assessed),
      serviceCostForPeriod: toPounds(serviceCost),
      annualServiceCost: toPounds(annualServiceCost),
      rounding: 'Exact arithmetic; each figure rounded once, half up to pence (half away from zero for negative figures).',
    },
    perChild: rows,
    childrenBehind: {
      childrenWorkedWith: ids(() => true),
      childrenRemainedAtHome: ids((r) => r.countedAs === 'remained_at_home'),
      childrenReturnedHome: ids((r) => r.countedAs === 'returned_home'),
      childrenEnteredCare: ids((r) => r.countedAs === 'entered_care'),
      successRateNumerator: numerator,
      successRateDenominator: denominator,
      costAvoidance: ids((r) => r.rule === 'cost_avoidance' || r.rule === 'placement_stability'),
      savings: ids((r) => r.rule === 'savings'),
    },
  }
}

/** Every unit cost a figure used: those behind a counted child, and residential for the break-even figures. */
function unitCostsUsed(unitCosts: UnitCosts, assessed: readonly Assessed[]): UnitCostUsed[] {
  const used = new Map<string, UnitCostUsed>()
  const seen = new Map<string, Set<string>>()
  const note = (c: CostFound, usedFor: string) => {
    const key = c.ageBand ? `band:${c.ageBand}` : `type:${c.placementType ?? ''}`
    const entry = used.get(key) ?? {
      placementType: c.placementType,
      ageBand: c.ageBand,
      amount: c.cost.amount,
      per: c.cost.per,
      weeklyCost: weeklyPounds(c.weekly),
      source: c.cost.source,
      usedFor: [],
    }
    const already = seen.get(key) ?? new Set<string>()
    if (!already.has(usedFor)) entry.usedFor.push(usedFor)
    already.add(usedFor)
    seen.set(key, already)
    used.set(key, entry)
  }
  if (unitCosts.residential) note({ cost: unitCosts.residential, weekly: weeklyCost(unitCosts.residential), placementType: 'residential', ageBand: null }, 'break-even')
  for (const a of assessed) for (const c of a.costs) note(c, a.row.childId)
  return [...used.values()]
}

import { describe, expect, it } from 'vitest'
import { computeImpact, DEFAULT_PARAMETERS, resolveParameters, type ChildOutcome, type ImpactInput, type ImpactParameters, type Range } from './cost-avoidance.js'
import { FinanceInputError, rational, toRational } from './money.js'
import { DEMO_SERVICE_COST_LINES, servicePeriodCost } from './service-cost.js'
import { DEFAULT_UNIT_COSTS, type UnitCosts } from './unit-costs.js'

const child = (overrides: Partial<ChildOutcome> & { childId: string }): ChildOutcome => ({
  strand: 'risk_of_care',
  ageAtReferral: 14,
  outcome: 'remained_at_home',
  atRiskPlacementType: 'residential',
  followUps: [],
  ...overrides,
})

const impact = (children: ChildOutcome[], overrides: Partial<ImpactInput> = {}) =>
  computeImpact({ children, unitCosts: DEFAULT_UNIT_COSTS, parameters: DEFAULT_PARAMETERS, serviceCostForPeriod: '0', annualServiceCost: '979216', ...overrides })

const range = <T = number>(low: T, central: T, high: T): Range<T> => ({ low, central, high })
const NOTHING = range(0, 0, 0)

describe('the worked examples of the issue', () => {
  it('break-even with the demo costs: 4 before deadweight; 22 / 7 / 3 after', () => {
    const result = impact([])
    expect(result.breakEvenChildren).toBe(4)
    expect(result.breakEvenChildrenNet).toEqual(range(22, 7, 3))
  })

  it('a 14-year-old at risk of residential care who remained at home avoids £44,700 / £149,000 / £417,200', () => {
    const result = impact([child({ childId: 'c1' })])
    expect(result.costAvoidance).toEqual(range(44700, 149000, 417200))
    expect(result.savings).toEqual(NOTHING)
    expect(result.childrenRemainedAtHome).toBe(1)
    expect(result.successRate).toBe(1)
    expect(result.perChild[0]).toMatchObject({
      childId: 'c1',
      rule: 'cost_avoidance',
      countedAs: 'remained_at_home',
      successRate: 'success',
      costAvoidance: range(44700, 149000, 417200),
    })
  })

  it('the same child recorded in care at the 6-month follow-up avoids 0, success rate 0', () => {
    const result = impact([
      child({
        childId: 'c1',
        followUps: [
          { months: 3, status: 'at_home' },
          { months: 6, status: 'in_care' },
          { months: 12, status: 'in_care' },
        ],
      }),
    ])
    expect(result.costAvoidance).toEqual(NOTHING)
    expect(result.successRate).toBe(0)
    expect(result.childrenEnteredCare).toBe(1)
    expect(result.childrenRemainedAtHome).toBe(0)
    expect(result.perChild[0]).toMatchObject({ rule: null, countedAs: 'entered_care', successRate: 'failure', costAvoidance: NOTHING })
    expect(result.perChild[0]?.reason).toMatch(/^entered care at 6-month follow-up/)
  })
})

describe('one child, each rule', () => {
  it.each<[string, ChildOutcome, { costAvoidance: Range<number>; savings: Range<number>; reason: RegExp; successRate: string; countedAs: string | null }]>([
    [
      'crisis, entered care at closure',
      child({ childId: 'a', strand: 'crisis', outcome: 'entered_care' }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /^entered care at closure/, successRate: 'failure', countedAs: 'entered_care' },
    ],
    [
      'reunification from residential, returned home: savings, weeks 26 / 52 / 104, no deadweight',
      child({ childId: 'a', strand: 'reunification', outcome: 'returned_home', atRiskPlacementType: null, currentPlacementType: 'residential' }),
      { costAvoidance: NOTHING, savings: range(149000, 298000, 596000), reason: /placement left \(residential\) × weeks/, successRate: 'left_out', countedAs: 'returned_home' },
    ],
    [
      'reunification, back in care at the 12-month follow-up',
      child({ childId: 'a', strand: 'reunification', outcome: 'returned_home', currentPlacementType: 'residential', followUps: [{ months: 12, status: 'in_care' }] }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /^in care at 12-month follow-up/, successRate: 'left_out', countedAs: 'entered_care' },
    ],
    [
      'reunification with no placement left recorded',
      child({ childId: 'a', strand: 'reunification', outcome: 'returned_home', currentPlacementType: null }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /no left placement recorded: not counted/, successRate: 'left_out', countedAs: 'returned_home' },
    ],
    [
      'placement stability, residential avoided from fostering: the difference',
      child({
        childId: 'a',
        strand: 'placement_stability',
        outcome: 'placement_stabilised',
        atRiskPlacementType: 'residential',
        currentPlacementType: 'fostering',
        followUps: [{ months: 6, status: 'in_care' }],
      }),
      {
        costAvoidance: range(38314.29, 127714.29, 357600),
        savings: NOTHING,
        reason: /^placement stabilised: \(weekly residential − weekly fostering\)/,
        successRate: 'left_out',
        countedAs: null,
      },
    ],
    [
      'placement stability, the at-risk placement is cheaper than the current one: max(0, …) = 0',
      child({ childId: 'a', strand: 'placement_stability', outcome: 'placement_stabilised', atRiskPlacementType: 'fostering', currentPlacementType: 'residential' }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /costs no more a week than the current one \(residential\): nothing avoided/, successRate: 'left_out', countedAs: null },
    ],
    [
      'placement stability, not stabilised',
      child({ childId: 'a', strand: 'placement_stability', outcome: 'entered_care', atRiskPlacementType: 'residential', currentPlacementType: 'fostering' }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /placement not stabilised/, successRate: 'left_out', countedAs: null },
    ],
    [
      'outcome other: nothing, left out of the success rate',
      child({ childId: 'a', outcome: 'other' }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /^outcome other/, successRate: 'left_out', countedAs: null },
    ],
    [
      'no at-risk placement, aged 15: the 13-16 default of £129,632 a year',
      child({ childId: 'a', ageAtReferral: 15, atRiskPlacementType: null }),
      { costAvoidance: range(19444.8, 64816, 181484.8), savings: NOTHING, reason: /13-16 age band default/, successRate: 'success', countedAs: 'remained_at_home' },
    ],
    [
      'no at-risk placement, aged 12: no default, not counted',
      child({ childId: 'a', ageAtReferral: 12, atRiskPlacementType: undefined }),
      {
        costAvoidance: NOTHING,
        savings: NOTHING,
        reason: /no at-risk placement recorded and no age-band default for age 12: not counted/,
        successRate: 'success',
        countedAs: 'remained_at_home',
      },
    ],
    [
      'at risk of a placement whose cost is not set (kinship): not counted, no age-band stand-in',
      child({ childId: 'a', ageAtReferral: 14, atRiskPlacementType: 'kinship' }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /no unit cost recorded for kinship \(to be set\): not counted/, successRate: 'success', countedAs: 'remained_at_home' },
    ],
    [
      'at risk of fostering: £42,571.43 a year, each figure rounded half up once',
      child({ childId: 'a', strand: 'crisis', atRiskPlacementType: 'fostering' }),
      { costAvoidance: range(6385.71, 21285.72, 59600), savings: NOTHING, reason: /at-risk placement \(fostering\)/, successRate: 'success', countedAs: 'remained_at_home' },
    ],
    [
      'at risk of secure care, entered per week: £10,546.50 × weeks',
      child({ childId: 'a', strand: 'crisis', atRiskPlacementType: 'secure' }),
      { costAvoidance: range(82262.7, 274209, 767785.2), savings: NOTHING, reason: /at-risk placement \(secure\)/, successRate: 'success', countedAs: 'remained_at_home' },
    ],
    [
      'crisis, placement stabilised (does not fit the strand): nothing, left out',
      child({ childId: 'a', strand: 'crisis', outcome: 'placement_stabilised' }),
      { costAvoidance: NOTHING, savings: NOTHING, reason: /does not fit the crisis strand/, successRate: 'left_out', countedAs: null },
    ],
  ])('%s', (_name, outcome, expected) => {
    const result = impact([outcome])
    const row = result.perChild[0]
    expect(row).toMatchObject({ costAvoidance: expected.costAvoidance, savings: expected.savings, successRate: expected.successRate, countedAs: expected.countedAs })
    expect(row?.reason).toMatch(expected.reason)
    expect(result.costAvoidance).toEqual(expected.costAvoidance)
    expect(result.savings).toEqual(expected.savings)
    expect(result.childrenWorkedWith).toBe(1)
  })
})

describe('a cohort', () => {
  const children = [
    child({ childId: 'home-1' }),
    child({ childId: 'home-2', strand: 'crisis', ageAtReferral: 13, atRiskPlacementType: null }),
    child({ childId: 'care-1', followUps: [{ months: 3, status: 'in_care' }] }),
    child({ childId: 'other-1', outcome: 'other' }),
    child({ childId: 'young-1', ageAtReferral: 11, atRiskPlacementType: null }),
    child({ childId: 'reunified-1', strand: 'reunification', outcome: 'returned_home', currentPlacementType: 'residential' }),
    child({ childId: 'stable-1', strand: 'placement_stability', outcome: 'placement_stabilised', atRiskPlacementType: 'residential', currentPlacementType: 'fostering' }),
  ]
  const result = impact(children)

  it('counts every referred child as worked with, and each in at most one outcome count', () => {
    expect(result).toMatchObject({ childrenWorkedWith: 7, childrenRemainedAtHome: 3, childrenReturnedHome: 1, childrenEnteredCare: 1 })
    expect(result.childrenBehind).toMatchObject({
      childrenRemainedAtHome: ['home-1', 'home-2', 'young-1'],
      childrenReturnedHome: ['reunified-1'],
      childrenEnteredCare: ['care-1'],
    })
  })

  it('success rate: crisis and risk of care only, outcome other left out: 3 of 4', () => {
    expect(result.successRate).toBe(0.75)
    expect(result.childrenBehind.successRateNumerator).toEqual(['home-1', 'home-2', 'young-1'])
    expect(result.childrenBehind.successRateDenominator).toEqual(['home-1', 'home-2', 'care-1', 'young-1'])
  })

  it('totals the exact figures, then rounds once', () => {
    // residential + 13-16 default + stability, exactly:
    // low 44,700 + 19,444.8 + 38,314.2855; central 149,000 + 64,816 + 127,714.285; high 417,200 + 181,484.8 + 357,599.998
    expect(result.costAvoidance).toEqual(range(102459.09, 341530.29, 956284.8))
    expect(result.savings).toEqual(range(149000, 298000, 596000))
    expect(result.childrenBehind.costAvoidance).toEqual(['home-1', 'home-2', 'stable-1'])
    expect(result.childrenBehind.savings).toEqual(['reunified-1'])
  })

  it('lists every unit cost used, with its source and what used it', () => {
    expect(result.parameters.unitCosts).toEqual([
      expect.objectContaining({ placementType: 'residential', amount: '298000', per: 'year', weeklyCost: 5730.77, usedFor: ['break-even', 'home-1', 'reunified-1', 'stable-1'] }),
      expect.objectContaining({ placementType: null, ageBand: '13-16', amount: '129632', usedFor: ['home-2'] }),
      expect.objectContaining({ placementType: 'fostering', amount: '42571.43', usedFor: ['stable-1'] }),
    ])
    for (const cost of result.parameters.unitCosts) expect(cost.source).toMatch(/PRODUCT\.md §3/)
  })

  it('lists the parameters and which each scenario used', () => {
    expect(result.parameters.deadweight).toMatchObject({ low: { value: 0.3, exact: '0.3' }, central: { value: 0.5 }, high: { value: 0.7 } })
    expect(result.parameters.weeksAvoided).toMatchObject({ low: { value: 26 }, central: { value: 52 }, high: { value: 104 } })
    expect(result.parameters.scenarios).toEqual({ low: { deadweight: 0.7, weeks: 26 }, central: { deadweight: 0.5, weeks: 52 }, high: { deadweight: 0.3, weeks: 104 } })
    expect(result.parameters.deadweight.central.source).toMatch(/PRODUCT\.md §3/)
  })
})

describe('success rate with nobody in its denominator', () => {
  it.each([
    ['no children', []],
    [
      'only reunification and placement stability',
      [
        child({ childId: 'r', strand: 'reunification', outcome: 'returned_home', currentPlacementType: 'fostering' }),
        child({ childId: 's', strand: 'placement_stability', outcome: 'placement_stabilised' }),
      ],
    ],
    ['only outcome other', [child({ childId: 'o', outcome: 'other' })]],
  ])('is null: %s', (_name, children) => {
    expect(impact(children).successRate).toBeNull()
  })
})

describe('net and service cost', () => {
  it('net = avoidance + savings − the service cost prorated over half a year', () => {
    const half = servicePeriodCost(DEMO_SERVICE_COST_LINES, '2024-04-01', '2024-09-30').total
    const result = impact([child({ childId: 'c1' })], { serviceCostForPeriod: half })
    expect(result.serviceCost).toBe(490949.39)
    expect(result.net).toEqual(range(-446249.39, -341949.39, -73749.39))
  })

  it('a whole year of the demo service against one reunified child and one child kept at home', () => {
    const result = impact([child({ childId: 'c1' }), child({ childId: 'c2', strand: 'reunification', outcome: 'returned_home', currentPlacementType: 'residential' })], {
      serviceCostForPeriod: '979216',
    })
    expect(result.net).toEqual(range(44700 + 149000 - 979216, 149000 + 298000 - 979216, 417200 + 596000 - 979216))
    expect(result.parameters.serviceCostForPeriod).toBe(979216)
  })
})

describe('break-even edge cases', () => {
  it('without a residential cost there is no break-even figure, rather than a made-up one', () => {
    const unitCosts: UnitCosts = { ...DEFAULT_UNIT_COSTS, residential: null }
    const result = impact([], { unitCosts })
    expect(result.breakEvenChildren).toBeNull()
    expect(result.breakEvenChildrenNet).toEqual(range<number | null>(null, null, null))
  })

  it('a deadweight of 100% leaves nothing to break even with in that scenario', () => {
    const result = impact([], { parameters: { ...DEFAULT_PARAMETERS, deadweight: { low: '0.5', central: '0.5', high: '1' } } })
    expect(result.breakEvenChildrenNet).toEqual(range<number | null>(null, 7, 4))
  })

  it('a service costing nothing breaks even with 0 children', () => {
    expect(impact([], { annualServiceCost: 0 })).toMatchObject({ breakEvenChildren: 0, breakEvenChildrenNet: range(0, 0, 0) })
  })
})

describe('refused input', () => {
  const withParameters = (parameters: Partial<ImpactParameters>) => () => impact([], { parameters: { ...DEFAULT_PARAMETERS, ...parameters } })
  it.each([
    ['deadweight low above high', withParameters({ deadweight: { low: '0.7', central: '0.5', high: '0.3' } }), /Deadweight range must run low ≤ central ≤ high/],
    ['deadweight central outside its range', withParameters({ deadweight: { low: '0.3', central: '0.8', high: '0.7' } }), /Deadweight range/],
    ['deadweight above 1', withParameters({ deadweight: { low: '0.3', central: '0.5', high: '1.2' } }), /between 0 and 1/],
    ['deadweight below 0', withParameters({ deadweight: { low: '-0.1', central: '0.5', high: '0.7' } }), /between 0 and 1/],
    ['weeks of 0', withParameters({ weeks: { low: '0', central: '52', high: '104' } }), /more than 0/],
    ['negative weeks', withParameters({ weeks: { low: -26, central: 52, high: 104 } }), /more than 0/],
    ['weeks low above high', withParameters({ weeks: { low: 104, central: 52, high: 26 } }), /Weeks avoided range/],
    ['a negative service cost for the period', () => impact([], { serviceCostForPeriod: '-1' }), /Service cost for the period must not be negative/],
    ['a negative annual service cost', () => impact([], { annualServiceCost: -5 }), /Annual service cost must not be negative/],
    ['a negative unit cost', () => impact([], { unitCosts: { ...DEFAULT_UNIT_COSTS, kinship: { amount: '-100', per: 'week', source: 'x' } } }), /Unit cost must not be negative/],
    ['a unit cost that is not a number', () => impact([], { unitCosts: { ...DEFAULT_UNIT_COSTS, kinship: { amount: '£100', per: 'week', source: 'x' } } }), /decimal number/],
    ['the same child twice on the same case', () => impact([child({ childId: 'a', caseId: 'k' }), child({ childId: 'a', caseId: 'k' })]), /appears twice on case k/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(FinanceInputError)
    expect(run).toThrow(message)
  })

  it('accepts the same child on two closed cases, as two rows', () => {
    expect(impact([child({ childId: 'a', caseId: 'k1' }), child({ childId: 'a', caseId: 'k2' })]).childrenWorkedWith).toBe(2)
  })
})

describe('resolveParameters', () => {
  it('low = high deadweight with low weeks; high = low deadweight with high weeks', () => {
    const resolved = resolveParameters(DEFAULT_PARAMETERS)
    expect(resolved.scenario.low).toEqual({ weeks: rational(26), attributable: rational(3, 10) })
    expect(resolved.scenario.central).toEqual({ weeks: rational(52), attributable: rational(1, 2) })
    expect(resolved.scenario.high).toEqual({ weeks: rational(104), attributable: rational(7, 10) })
  })

  it('reads rationals, decimal strings and numbers alike', () => {
    const resolved = resolveParameters({ deadweight: { low: rational(1, 3), central: '0.5', high: 0.7 }, weeks: { low: toRational('26'), central: 52, high: '104' } })
    expect(resolved.scenario.high.attributable).toEqual(rational(2, 3))
  })
})

import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAY_DATES } from '../../../platform/time/index.js'
import { toRational, toPounds } from '../../finance/domain/index.js'
import { decideWork, recommendWork, type GoldingNeeds } from './triage.js'
import { priorityRank, triageQueue } from './queue.js'
import { flagDueOn, respondedOnTime } from './flags.js'
import { costAtTariff, overlappingTariff, tariffActivity, tariffOn, type Tariff } from './tariffs.js'
import { median, wellbeingDashboard } from './dashboard.js'
import { suppressColumn, suppressed } from './suppression.js'

const needs = (s: string): GoldingNeeds => ({ safety: s[0] === '1', relationships: s[1] === '1', regulation: s[2] === '1', trauma: s[3] === '1' })

describe('triage on Golding’s hierarchy', () => {
  // needs as safety, relationships, regulation, trauma: 1 = unmet
  const cases: [string, string][] = [
    ['0000', 'none'],
    ['1000', 'indirect'],
    ['0100', 'indirect'],
    ['1001', 'indirect'], // trauma work waits for safety
    ['0101', 'indirect'],
    ['1010', 'both'],
    ['0111', 'both'],
    ['1111', 'both'],
    ['0010', 'direct'],
    ['0001', 'direct'],
    ['0011', 'direct'],
  ]
  it.each(cases)('needs %s → %s', (n, expected) => expect(recommendWork(needs(n))).toBe(expected))

  it('an override needs a reason and keeps the recommendation beside it', () => {
    expect(decideWork(needs('1000'), 'both', ' ')).toEqual({ error: 'Give the reason for choosing different work from the recommendation' })
    expect(decideWork(needs('1000'), 'both', 'Carer asks for direct sessions too')).toEqual({
      recommended: 'indirect',
      decided: 'both',
      overrideReason: 'Carer asks for direct sessions too',
    })
    expect(decideWork(needs('1000'), 'indirect', 'ignored when it agrees')).toEqual({ recommended: 'indirect', decided: 'indirect', overrideReason: null })
    expect(decideWork(needs('0010'), undefined, undefined)).toEqual({ recommended: 'direct', decided: 'direct', overrideReason: null })
  })
})

describe('the triage queue: priority, then the longest wait', () => {
  it('ranks the most pressing priority a referral has', () => {
    expect(priorityRank(['placement_breakdown'])).toBe(0)
    expect(priorityRank(['tier4_step_down', 'tier4_admission'])).toBe(1)
    expect(priorityRank(['tier4_step_down'])).toBe(2)
    expect(priorityRank([])).toBe(3)
  })

  it('orders by priority, then referral date, then entry', () => {
    const at = (s: string) => new Date(`2026-01-01T${s}:00Z`)
    const rows = [
      { name: 'none, waited longest', priorities: [], referredOn: '2026-01-02', createdAt: at('09:00') },
      { name: 'step-down', priorities: ['tier4_step_down'], referredOn: '2026-03-01', createdAt: at('09:00') },
      { name: 'breakdown, recent', priorities: ['placement_breakdown'], referredOn: '2026-03-10', createdAt: at('09:00') },
      { name: 'breakdown, older', priorities: ['tier4_step_down', 'placement_breakdown'], referredOn: '2026-02-10', createdAt: at('09:00') },
      { name: 'tier 4', priorities: ['tier4_admission'], referredOn: '2026-03-20', createdAt: at('09:00') },
      { name: 'none, same day, entered second', priorities: [], referredOn: '2026-02-01', createdAt: at('10:00') },
      { name: 'none, same day, entered first', priorities: [], referredOn: '2026-02-01', createdAt: at('08:00') },
    ]
    expect(triageQueue(rows).map((r) => r.name)).toEqual([
      'breakdown, older',
      'breakdown, recent',
      'tier 4',
      'step-down',
      'none, waited longest',
      'none, same day, entered first',
      'none, same day, entered second',
    ])
  })
})

describe('flag due dates: 10 working days by default, over bank holidays', () => {
  const none = new Set<string>()
  it.each([
    // Fri 24 Apr 2026 + 10: the early May bank holiday (Mon 4 May) moves it from Fri 8 May to Mon 11 May.
    ['2026-04-24', 10, ENGLAND_AND_WALES_BANK_HOLIDAY_DATES, '2026-05-11'],
    ['2026-04-24', 10, none, '2026-05-08'],
    // Thu 17 Dec 2026 + 10: Christmas (Fri 25), Boxing Day substitute (Mon 28) and New Year's Day (Fri 1 Jan) skipped.
    ['2026-12-17', 10, ENGLAND_AND_WALES_BANK_HOLIDAY_DATES, '2027-01-05'],
    ['2026-12-17', 10, none, '2026-12-31'],
    // Raised on a Saturday: the first working day counted is the Monday.
    ['2026-11-21', 1, none, '2026-11-23'],
    // A service that sets 5 days.
    ['2026-11-23', 5, none, '2026-11-30'],
  ] as const)('raised %s, %i working days → %s', (raised, days, holidays, due) => {
    expect(flagDueOn(raised, days, holidays)).toBe(due)
  })

  it('on time means responded on or before the due date', () => {
    expect(respondedOnTime({ dueOn: '2026-05-11', respondedOn: '2026-05-11' })).toBe(true)
    expect(respondedOnTime({ dueOn: '2026-05-11', respondedOn: '2026-05-12' })).toBe(false)
    expect(respondedOnTime({ dueOn: '2026-05-11', respondedOn: null })).toBe(false)
  })
})

describe('tariff costing', () => {
  const tariffs: Tariff[] = [
    { id: 'a', activity: 'session_nurse', amount: '287', maxAmount: null, effectiveFrom: '2020-04-01', effectiveTo: '2026-03-31' },
    { id: 'b', activity: 'session_nurse', amount: '295.50', maxAmount: null, effectiveFrom: '2026-04-01', effectiveTo: null },
    { id: 'c', activity: 'session_consultant', amount: '420', maxAmount: null, effectiveFrom: '2020-04-01', effectiveTo: null },
    { id: 'd', activity: 'autism_assessment', amount: '1200', maxAmount: '2000', effectiveFrom: '2020-04-01', effectiveTo: null },
  ]

  it('prices a session by its lead and the date it was held', () => {
    expect(tariffActivity('session', 'nurse')).toBe('session_nurse')
    expect(tariffActivity('session', 'consultant')).toBe('session_consultant')
    expect(tariffActivity('assessment', 'nurse')).toBe('assessment')
    expect(tariffOn(tariffs, 'session_nurse', '2026-03-31')?.amount).toBe('287')
    expect(tariffOn(tariffs, 'session_nurse', '2026-04-01')?.amount).toBe('295.50')
    expect(tariffOn(tariffs, 'session_nurse', '2019-01-01')).toBeNull()
    expect(tariffOn(tariffs, 'group_therapy', '2026-04-01')).toBeNull()
  })

  it('costs work exactly: 3 nurse sessions before April and 2 after, one consultant session, one autism assessment agreed at £1,650', () => {
    const nurseOld = costAtTariff(tariffs[0] as Tariff, null)
    const nurseNew = costAtTariff(tariffs[1] as Tariff, null)
    const total = [nurseOld, nurseOld, nurseOld, nurseNew, nurseNew, costAtTariff(tariffs[2] as Tariff, undefined), costAtTariff(tariffs[3] as Tariff, '1650')]
    // 3 × 287 + 2 × 295.50 + 420 + 1650 = 861 + 591 + 420 + 1650 = 3522
    expect(toPounds(total.reduce((a, b) => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den })))).toBe(3522)
  })

  it('refuses an agreed amount outside a range, or on a fixed price', () => {
    expect(() => costAtTariff(tariffs[3] as Tariff, '2000.01')).toThrow('Enter an agreed amount between £1,200 and £2,000')
    expect(() => costAtTariff(tariffs[3] as Tariff, '1199')).toThrow(RangeError)
    expect(() => costAtTariff(tariffs[2] as Tariff, '400')).toThrow('fixed price of £420')
    expect(costAtTariff(tariffs[3] as Tariff, '2000')).toEqual(toRational('2000'))
  })

  it('finds a price that overlaps another for the same activity', () => {
    const candidate = (from: string, to: string | null) => ({ activity: 'session_nurse', amount: '300', maxAmount: null, effectiveFrom: from, effectiveTo: to })
    expect(overlappingTariff(tariffs, candidate('2026-03-31', '2026-03-31'))?.id).toBe('a')
    expect(overlappingTariff(tariffs, candidate('2027-01-01', null))?.id).toBe('b')
    expect(overlappingTariff(tariffs, candidate('2019-01-01', '2020-03-31'))).toBeNull()
    expect(overlappingTariff(tariffs, { ...candidate('2020-04-01', null), activity: 'group_therapy' })).toBeNull()
    // Editing a price does not collide with itself.
    expect(overlappingTariff(tariffs, { ...candidate('2026-04-01', null), id: 'b' })).toBeNull()
  })
})

describe('the dashboard, worked by hand', () => {
  const county = { organisationId: 'county', name: 'County', sharePercent: '30' }
  const icb = { organisationId: 'icb', name: 'ICB', sharePercent: '55' }
  const city = { organisationId: 'city', name: 'City', sharePercent: '15' }
  const figures = wellbeingDashboard({
    from: '2026-04-01',
    to: '2027-03-31',
    today: '2026-11-23',
    targets: { triageDays: 20, firstSessionDays: 42 },
    partners: [county, icb, city],
    referrals: [
      { responsibleAuthority: 'County', responsibleOrganisationId: 'county', referredOn: '2026-05-01', firstTriageOn: '2026-05-11', firstSessionOn: '2026-06-01' }, // 10 and 31 days
      { responsibleAuthority: 'County', responsibleOrganisationId: 'county', referredOn: '2026-06-01', firstTriageOn: '2026-07-01', firstSessionOn: null }, // 30 days; still waiting to be seen
      { responsibleAuthority: 'Faraway Borough', responsibleOrganisationId: null, referredOn: '2026-07-01', firstTriageOn: '2026-07-21', firstSessionOn: '2026-08-20' }, // 20 and 50
      { responsibleAuthority: 'City', responsibleOrganisationId: 'city', referredOn: '2026-10-01', firstTriageOn: null, firstSessionOn: null },
      { responsibleAuthority: 'City', responsibleOrganisationId: 'city', referredOn: '2026-03-31', firstTriageOn: '2026-04-02', firstSessionOn: null }, // before the period
    ],
    sessions: [
      { heldOn: '2026-06-01', tariffActivity: 'session_nurse', mode: 'direct', cost: '287.00', responsibleAuthority: 'County', responsibleOrganisationId: 'county' },
      { heldOn: '2026-06-08', tariffActivity: 'session_nurse', mode: 'direct', cost: '287.00', responsibleAuthority: 'County', responsibleOrganisationId: 'county' },
      { heldOn: '2026-08-20', tariffActivity: 'session_consultant', mode: 'indirect', cost: '420.00', responsibleAuthority: 'Faraway Borough', responsibleOrganisationId: null },
      { heldOn: '2026-03-01', tariffActivity: 'assessment', mode: 'direct', cost: '420.00', responsibleAuthority: 'City', responsibleOrganisationId: 'city' }, // before the period
    ],
    flags: [
      { dueOn: '2026-05-15', respondedOn: '2026-05-15' },
      { dueOn: '2026-06-15', respondedOn: '2026-06-16' },
      { dueOn: '2026-07-15', respondedOn: null },
      { dueOn: '2026-12-01', respondedOn: null }, // not due yet
    ],
  })

  it('counts referrals and activity by responsible authority, most referrals first, partners marked', () => {
    expect(figures.referralsTotal).toBe(4)
    // Sessions in the period: County two nurse-led at £287 (£574); Faraway Borough one consultant-led at £420;
    // City's assessment was before the period, so City has none.
    expect(figures.referralsByAuthority).toEqual([
      { authority: 'County', partner: true, referrals: 2, sessions: 2, cost: 574 },
      { authority: 'City', partner: true, referrals: 1, sessions: 0, cost: 0 },
      { authority: 'Faraway Borough', partner: false, referrals: 1, sessions: 1, cost: 420 },
    ])
  })

  it('measures waits against the targets', () => {
    // To triage: 10, 20, 30 days (one still waiting); within 20 days: 2; median 20.
    expect(figures.waits.toTriage).toEqual({ reached: 3, withinTarget: 2, medianDays: 20, stillWaiting: 1, targetDays: 20 })
    // To first session: 31 and 50 days (two still waiting); within 42: 1; median (31 + 50) / 2 = 40.5.
    expect(figures.waits.toFirstSession).toEqual({ reached: 2, withinTarget: 1, medianDays: 40.5, stillWaiting: 2, targetDays: 42 })
  })

  it('costs activity by type and sets it against each partner’s share', () => {
    expect(figures.activity).toEqual([
      { tariffActivity: 'session_consultant', mode: 'indirect', sessions: 1, cost: 420 },
      { tariffActivity: 'session_nurse', mode: 'direct', sessions: 2, cost: 574 },
    ])
    // Total 287 + 287 + 420 = 994: County 30% = 298.20, ICB 55% = 546.70, City 15% = 149.10.
    expect(figures.costTotal).toBe(994)
    expect(figures.partners).toEqual([
      { name: 'County', sharePercent: 30, fundedCost: 298.2, costOfTheirChildren: 574 },
      { name: 'ICB', sharePercent: 55, fundedCost: 546.7, costOfTheirChildren: 0 },
      { name: 'City', sharePercent: 15, fundedCost: 149.1, costOfTheirChildren: 0 },
    ])
    expect(figures.costOfOtherAuthoritiesChildren).toBe(420)
  })

  it('counts flags responded to on time among those already due', () => {
    expect(figures.flags).toEqual({ due: 3, respondedOnTime: 1, notOnTime: 2 })
  })

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([1, 2, 3, 10])).toBe(2.5)
    expect(median([])).toBeNull()
  })
})

describe('small-number suppression for board viewers', () => {
  it.each([
    [
      [0, 5, 12],
      [0, 5, 12],
    ],
    [
      [3, 5, 12],
      [null, null, 12],
    ], // one small cell: the smallest other non-zero one goes too
    [
      [3, 2, 12],
      [null, null, 12],
    ],
    [
      [3, 0, 0],
      [null, 0, 0],
    ], // nothing else to hide it behind
    [[], []],
  ])('%j → %j', (counts, expected) => expect(suppressColumn(counts)).toEqual(expected))

  it('a lone figure', () => {
    expect([0, 1, 4, 5].map(suppressed)).toEqual([0, null, null, 5])
  })
})

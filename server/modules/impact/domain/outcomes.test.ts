import { describe, expect, it } from 'vitest'
import { headlineOutcomes, successRate, type OutcomeCount } from './outcomes.js'
import { capacityForPeriod } from './capacity.js'
import { financialYearOf, periodDays, periodInput, quarterOf } from './period.js'

const row = (strand: string, outcome: string, children: number, laterInCare = 0): OutcomeCount => ({ strand, outcome, children, laterInCare })

describe('successRate (API.md)', () => {
  it.each<{ name: string; counts: OutcomeCount[]; expected: ReturnType<typeof successRate> }>([
    { name: 'no children: no rate, never a silent 0', counts: [], expected: { workedWith: 0, notInCare: 0, enteredCare: 0, rate: null } },
    {
      name: 'one child at home, one in care at closure',
      counts: [row('risk_of_care', 'remained_at_home', 1), row('risk_of_care', 'entered_care', 1)],
      expected: { workedWith: 2, notInCare: 1, enteredCare: 1, rate: 0.5 },
    },
    {
      name: 'a child at home at closure but in care at a follow-up counts as entered care',
      counts: [row('crisis', 'remained_at_home', 1, 1)],
      expected: { workedWith: 1, notInCare: 0, enteredCare: 1, rate: 0 },
    },
    {
      name: 'outcome other is left out of both; reunification is not in the rate',
      counts: [row('crisis', 'other', 3), row('reunification', 'returned_home', 4), row('crisis', 'remained_at_home', 2)],
      expected: { workedWith: 2, notInCare: 2, enteredCare: 0, rate: 1 },
    },
  ])('$name', ({ counts, expected }) => expect(successRate(counts)).toEqual(expected))
})

describe('headlineOutcomes (000 §4.7)', () => {
  it('counts each promised outcome net of later care', () => {
    expect(
      headlineOutcomes([
        row('crisis', 'remained_at_home', 3, 1),
        row('risk_of_care', 'remained_at_home', 5),
        row('reunification', 'returned_home', 4, 2),
        row('crisis', 'entered_care', 1),
      ]),
    ).toEqual({ crisisRemainedAtHome: 2, returnedHome: 2, atRiskRemainedWithFamily: 5 })
  })
})

describe('periods and capacity', () => {
  it.each([
    ['2025-04-01', { from: '2025-04-01', to: '2026-03-31' }],
    ['2026-03-31', { from: '2025-04-01', to: '2026-03-31' }],
    ['2026-11-23', { from: '2026-04-01', to: '2027-03-31' }],
  ])('the financial year of %s', (date, expected) => expect(financialYearOf(date)).toEqual(expected))
  it.each([
    ['2025-05-14', { from: '2025-04-01', to: '2025-06-30' }],
    ['2026-02-28', { from: '2026-01-01', to: '2026-03-31' }],
    ['2025-12-31', { from: '2025-10-01', to: '2025-12-31' }],
  ])('the quarter of %s', (date, expected) => expect(quarterOf(date)).toEqual(expected))
  it.each([
    [120, 365, 120],
    [60, 366, 60],
    [120, 91, 30],
    [60, 91, 15],
    [60, 30, 5],
    [0, 365, 0],
  ])('capacity %i over %i days is %i families', (annual, days, expected) => expect(capacityForPeriod(annual, days)).toBe(expected))
  it('counts both ends of a period and refuses a backwards one', () => {
    expect(periodDays({ from: '2024-04-01', to: '2025-03-31' })).toBe(365)
    expect(periodInput.safeParse({ from: '2025-04-01', to: '2025-03-31' }).success).toBe(false)
    expect(periodInput.safeParse({ from: '2025-02-30', to: '2025-03-31' }).success).toBe(false)
    expect(periodInput.safeParse({ from: '2010-01-01', to: '2025-03-31' }).success).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { add, FinanceInputError, rational, toPounds } from './money.js'
import { annualServiceCostOn, DEMO_SERVICE_COST_LINES, financialYear, servicePeriodCost, type ServiceCostLine } from './service-cost.js'

const line = (amount: string, effectiveFrom: string, effectiveTo?: string): ServiceCostLine => ({ amount, per: 'year', effectiveFrom, effectiveTo })

describe('demo service cost lines (seed 000, table 1)', () => {
  it('total £979,216 a year', () => {
    expect(annualServiceCostOn(DEMO_SERVICE_COST_LINES, '2024-04-01')).toEqual(rational(979216))
    expect(DEMO_SERVICE_COST_LINES.map((l) => l.amount)).toEqual(['128818', '206400', '580128', '63870'])
  })

  it('cost nothing before the service started', () => {
    expect(annualServiceCostOn(DEMO_SERVICE_COST_LINES, '2023-09-30')).toEqual(rational(0))
  })
})

describe('servicePeriodCost: days in effect ÷ days in that financial year', () => {
  const allYears = [line('979216', '2020-04-01')]
  it.each([
    ['a whole financial year, 2024/25 (365 days)', '2024-04-01', '2025-03-31', rational(979216)],
    ['a whole leap financial year, 2023/24 (366 days): still the annual figure', '2023-04-01', '2024-03-31', rational(979216)],
    ['half of 2024/25: 1 April to 30 September (183 of 365 days)', '2024-04-01', '2024-09-30', rational(979216 * 183, 365)],
    ['across 1 April: 91 days of 366 in 2023/24, then 91 days of 365', '2024-01-01', '2024-06-30', add(rational(979216 * 91, 366), rational(979216 * 91, 365))],
    ['one day', '2024-04-01', '2024-04-01', rational(979216, 365)],
    ['two whole years', '2023-04-01', '2025-03-31', rational(2 * 979216)],
  ])('%s', (_name, from, to, expected) => {
    expect(servicePeriodCost(allYears, from, to).total).toEqual(expected)
  })

  it('reproduces table 1: October 2023 to March 2024 costs £489,608, half the year', () => {
    const cost = servicePeriodCost(DEMO_SERVICE_COST_LINES, '2023-04-01', '2024-03-31')
    expect(toPounds(cost.total)).toBe(489608)
    expect(cost.lines.map((l) => [l.days, toPounds(l.cost)])).toEqual([
      [183, 64409],
      [183, 103200],
      [183, 290064],
      [183, 31935],
    ])
  })

  it('prorates a half year to £490,949.39', () => {
    expect(toPounds(servicePeriodCost(DEMO_SERVICE_COST_LINES, '2024-04-01', '2024-09-30').total)).toBe(490949.39)
  })

  it('counts a line from its start to its end, both inclusive', () => {
    const cost = servicePeriodCost([line('36500', '2024-04-01', '2024-04-10'), line('3650', '2024-04-10')], '2024-04-01', '2024-04-30')
    expect(cost.lines.map((l) => l.days)).toEqual([10, 21])
    expect(cost.total).toEqual(rational(36500 * 10 + 3650 * 21, 365))
  })

  it.each([
    ['a negative line', [line('-1', '2024-04-01')], '2024-04-01', '2024-04-30', /must not be negative/],
    ['a period ending before it starts', [line('1', '2024-04-01')], '2024-05-01', '2024-04-30', /must not end/],
    ['a date that does not exist', [line('1', '2024-04-01')], '2025-02-29', '2025-03-31', /real date/],
    ['a line ending before it starts', [{ ...line('1', '2024-04-02', '2024-04-01'), description: 'Manager' }], '2024-04-01', '2024-04-30', /"Manager" ends before it starts/],
  ])('refuses %s', (_name, lines, from, to, message) => {
    expect(() => servicePeriodCost(lines, from, to)).toThrow(FinanceInputError)
    expect(() => servicePeriodCost(lines, from, to)).toThrow(message)
  })
})

describe('financialYear', () => {
  it.each([
    ['2024-04-01', '2024/25'],
    ['2025-03-31', '2024/25'],
    ['2025-04-01', '2025/26'],
    ['2000-01-15', '1999/00'],
  ])('%s is in %s', (date, label) => {
    expect(financialYear(date)).toBe(label)
  })
})

import { describe, expect, it } from 'vitest'
import { FinanceInputError, rational, toPounds } from './money.js'
import { AGE_BAND_DEFAULT, ageBandDefault, DEFAULT_UNIT_COSTS, PLACEMENT_TYPE_CODES, weeklyCost, type PlacementType } from './unit-costs.js'

describe('default unit costs (PRODUCT.md §3)', () => {
  it('covers every placement type of API.md, with the figures as entered', () => {
    expect(PLACEMENT_TYPE_CODES).toEqual([
      'residential',
      'secure',
      'fostering',
      'kinship',
      'supported_accommodation',
      'placed_with_parents',
      'parent_and_baby',
      'adoption',
      'other',
    ])
    expect(DEFAULT_UNIT_COSTS.residential).toMatchObject({ amount: '298000', per: 'year' })
    expect(DEFAULT_UNIT_COSTS.fostering).toMatchObject({ amount: '42571.43', per: 'year' })
    expect(DEFAULT_UNIT_COSTS.secure).toMatchObject({ amount: '10546.50', per: 'week' })
  })

  it.each<PlacementType>(['kinship', 'supported_accommodation', 'placed_with_parents', 'parent_and_baby', 'adoption', 'other'])(
    '%s has no figure in the sources: null, to be set',
    (type) => {
      expect(DEFAULT_UNIT_COSTS[type]).toBeNull()
    },
  )

  it('names a source for every figure', () => {
    for (const type of PLACEMENT_TYPE_CODES) {
      const cost = DEFAULT_UNIT_COSTS[type]
      if (cost) expect(cost.source).toMatch(/PRODUCT\.md §3; seed 00[01]/)
    }
  })
})

describe('weeklyCost', () => {
  it.each([
    ['residential, £298,000 a year ÷ 52', weeklyCost({ amount: '298000', per: 'year', source: '' }), rational(74500, 13), 5730.77],
    ['fostering, £42,571.43 a year ÷ 52', weeklyCost({ amount: '42571.43', per: 'year', source: '' }), rational(4257143, 5200), 818.68],
    ['secure, £10,546.50 a week as it is', weeklyCost({ amount: '10546.50', per: 'week', source: '' }), rational(21093, 2), 10546.5],
    ['13-16 default, £129,632 a year ÷ 52', weeklyCost(AGE_BAND_DEFAULT.cost), rational(129632, 52), 2492.92],
  ])('%s', (_name, weekly, exact, pounds) => {
    expect(weekly).toEqual(exact)
    expect(toPounds(weekly)).toBe(pounds)
  })

  it('refuses a negative cost', () => {
    expect(() => weeklyCost({ amount: '-1', per: 'week', source: '' })).toThrow(FinanceInputError)
  })
})

describe('ageBandDefault', () => {
  it.each([
    [12, null],
    [13, '13-16'],
    [14, '13-16'],
    [16, '13-16'],
    [17, null],
    [9, null],
  ])('age %i → %s', (age, band) => {
    expect(ageBandDefault(age)?.band ?? null).toBe(band)
  })

  it('stores £129,632 a year for 13-16', () => {
    expect(AGE_BAND_DEFAULT.cost).toMatchObject({ amount: '129632', per: 'year' })
  })

  it.each([13.5, -1, Number.NaN])('refuses the age %s', (age) => {
    expect(() => ageBandDefault(age)).toThrow(FinanceInputError)
  })
})

import { describe, expect, it } from 'vitest'
import { add, ceil, compare, div, FinanceInputError, max, min, mul, neg, rational, sub, sum, toPence, toPounds, toRational, toText } from './money.js'

describe('rational arithmetic', () => {
  it('keeps 298000 ÷ 52 × 52 × ½ exactly 149000', () => {
    expect(mul(mul(div(rational(298000), rational(52)), rational(52)), rational(1, 2))).toEqual(rational(149000))
  })

  it.each([
    ['1/3 + 1/6', add(rational(1, 3), rational(1, 6)), rational(1, 2)],
    ['1/2 − 3/4', sub(rational(1, 2), rational(3, 4)), rational(-1, 4)],
    ['2/3 × 3/4', mul(rational(2, 3), rational(3, 4)), rational(1, 2)],
    ['(1/2) ÷ (−1/4)', div(rational(1, 2), rational(-1, 4)), rational(-2)],
    ['−(5/10)', neg(rational(5, 10)), rational(-1, 2)],
    ['sum of 0.1 ten times', sum(Array.from({ length: 10 }, () => toRational('0.1'))), rational(1)],
    ['max(1/3, 0.33)', max(rational(1, 3), toRational('0.33')), rational(1, 3)],
    ['min(1/3, 0.33)', min(rational(1, 3), toRational('0.33')), rational(33, 100)],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected)
  })

  it('normalises: positive denominator, lowest terms', () => {
    expect(rational(6, -4)).toEqual({ num: -3n, den: 2n })
    expect(rational(0, -7)).toEqual({ num: 0n, den: 1n })
  })

  it.each([
    [rational(1, 3), rational(33, 100), 1],
    [rational(-1, 2), rational(1, 2), -1],
    [rational(2, 4), rational(1, 2), 0],
  ])('compares %o with %o', (a, b, expected) => {
    expect(compare(a, b)).toBe(expected)
  })

  it.each([
    [rational(979216, 298000), 4n],
    [rational(4), 4n],
    [rational(979216, 44700), 22n],
    [rational(-3, 2), -1n],
    [rational(0), 0n],
  ])('ceil(%o) = %s', (r, expected) => {
    expect(ceil(r)).toBe(expected)
  })

  it('refuses division by zero', () => {
    expect(() => div(rational(1), rational(0))).toThrow(RangeError)
    expect(() => rational(1, 0)).toThrow(RangeError)
  })
})

describe('toRational reads amounts exactly, never through a float', () => {
  it.each<[string | number, bigint, bigint]>([
    ['42571.43', 4257143n, 100n],
    ['10546.50', 21093n, 2n],
    ['298000', 298000n, 1n],
    [' -0.5 ', -1n, 2n],
    ['+7', 7n, 1n],
    ['1e3', 1000n, 1n],
    ['1.5E-2', 3n, 200n],
    [0.3, 3n, 10n],
    [0.1, 1n, 10n],
    [42571.43, 4257143n, 100n],
    [1e21, 10n ** 21n, 1n],
    [-0.005, -1n, 200n],
  ])('%s', (input, num, den) => {
    expect(toRational(input)).toEqual({ num, den })
  })

  it.each(['£298,000', '1,000', '', '.5', 'abc', '1.2.3', '12e', 'NaN'])('refuses %j', (input) => {
    expect(() => toRational(input)).toThrow(FinanceInputError)
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses the number %s', (input) => {
    expect(() => toRational(input)).toThrow(FinanceInputError)
  })
})

describe('toPence: half up, and half away from zero below zero', () => {
  it.each<[string, bigint]>([
    ['0.125', 13n],
    ['-0.125', -13n],
    ['0.005', 1n],
    ['-0.005', -1n],
    ['0.0049999', 0n],
    ['-0.0049999', 0n],
    ['21285.715', 2128572n],
    ['6385.7145', 638571n],
    ['59600.002', 5960000n],
    ['-341949.3917', -34194939n],
    ['0', 0n],
  ])('%s → %s pence', (amount, pence) => {
    expect(toPence(toRational(amount))).toBe(pence)
  })

  it.each([
    [rational(1, 3), 33n],
    [rational(2, 3), 67n],
    [rational(-2, 3), -67n],
    [rational(1, 200), 1n],
    [rational(-1, 200), -1n],
  ])('%o → %s pence', (r, pence) => {
    expect(toPence(r)).toBe(pence)
  })

  it('toPounds answers pounds rounded to pence', () => {
    expect(toPounds(div(rational(298000), rational(52)))).toBe(5730.77)
    expect(toPounds(toRational('-0.125'))).toBe(-0.13)
    expect(toPounds(toRational('42571.43'))).toBe(42571.43)
  })
})

describe('toText', () => {
  it.each([
    [rational(21093, 2), '10546.5'],
    [rational(-1, 20), '-0.05'],
    [rational(3, 10), '0.3'],
    [rational(52), '52'],
    [rational(1, 3), '1/3'],
  ])('%o → %s', (r, text) => {
    expect(toText(r)).toBe(text)
  })
})

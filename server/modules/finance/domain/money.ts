/**
 * Exact arithmetic for money and parameters (PRODUCT.md §3, API.md "Conventions":
 * "arithmetic is exact and only results are rounded, half up to pence").
 *
 * A `Rational` is a fraction of two `bigint`s, always normalised: the denominator is
 * positive and the fraction is in lowest terms, so two equal values have the same
 * fields (and `toEqual` compares them). Amounts are parsed from their decimal text,
 * never through a binary float: "42571.43" is exactly 4257143/100.
 */
export interface Rational {
  readonly num: bigint
  readonly den: bigint
}

/** What a caller may hand in for an amount or a parameter: a rational, a decimal string ("42571.43", "0.5") or a number (read from its shortest decimal text). */
export type RationalInput = Rational | string | number

/** Thrown for input the finance rules refuse (negative costs, a range the wrong way round, text that is not a number). */
export class FinanceInputError extends Error {
  override readonly name = 'FinanceInputError'
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n)

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a)
  let y = abs(b)
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  const n = toBigInt(num)
  const d = toBigInt(den)
  if (d === 0n) throw new RangeError('Division by zero')
  const sign = d < 0n ? -1n : 1n
  const g = gcd(n, d) // never 0: d is not 0
  return Object.freeze({ num: (sign * n) / g, den: abs(d) / g })
}

function toBigInt(v: bigint | number): bigint {
  if (typeof v === 'bigint') return v
  if (!Number.isSafeInteger(v)) throw new RangeError(`${v} is not a safe integer: pass a decimal string or a bigint`)
  return BigInt(v)
}

export const ZERO = rational(0n)
export const ONE = rational(1n)

export const add = (a: Rational, b: Rational): Rational => rational(a.num * b.den + b.num * a.den, a.den * b.den)
export const sub = (a: Rational, b: Rational): Rational => rational(a.num * b.den - b.num * a.den, a.den * b.den)
export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den)
export const neg = (a: Rational): Rational => rational(-a.num, a.den)
export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('Division by zero')
  return rational(a.num * b.den, a.den * b.num)
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const d = a.num * b.den - b.num * a.den
  return d < 0n ? -1 : d > 0n ? 1 : 0
}
export const max = (a: Rational, b: Rational): Rational => (compare(a, b) >= 0 ? a : b)
export const min = (a: Rational, b: Rational): Rational => (compare(a, b) <= 0 ? a : b)
export const isZero = (a: Rational): boolean => a.num === 0n
export const isNegative = (a: Rational): boolean => a.num < 0n
export const sum = (values: Iterable<Rational>): Rational => {
  let total = ZERO
  for (const v of values) total = add(total, v)
  return total
}

/** The smallest integer not less than r (for "ceil(...)" in the break-even rule). */
export function ceil(r: Rational): bigint {
  const q = r.num / r.den // bigint division truncates towards zero
  return r.num > 0n && q * r.den !== r.num ? q + 1n : q
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

/**
 * Reads an amount or parameter exactly: a decimal string ("42571.43", "-0.5", "1e3"),
 * a number (via its shortest decimal text, so 0.3 is 3/10, not the binary float
 * nearest to it) or a Rational (returned as it is). No currency sign or thousands
 * separators: the pages validate what people type; this is the domain's strict reader.
 */
export function toRational(value: RationalInput, what = 'Amount'): Rational {
  if (typeof value === 'object') return rational(value.num, value.den)
  if (typeof value === 'number' && !Number.isFinite(value)) throw new FinanceInputError(`${what} must be a finite number, not ${value}`)
  const text = typeof value === 'number' ? String(value) : value.trim()
  const m = DECIMAL.exec(text)
  if (!m) throw new FinanceInputError(`${what} must be a decimal number like 42571.43, not "${text}"`)
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = m
  const exp = BigInt(exponent) - BigInt(fraction.length)
  if (exp > 10_000n || exp < -10_000n) throw new FinanceInputError(`${what} is out of range: "${text}"`)
  const digits = BigInt(`${sign}${whole}${fraction}`)
  return exp >= 0n ? rational(digits * 10n ** exp) : rational(digits, 10n ** -exp)
}

/**
 * Rounds to whole pence, half up: a value exactly half a penny above a whole penny
 * goes up (£0.125 → 13p). For negative values the half goes away from zero
 * (-£0.125 → -13p), i.e. rounding is symmetric: toPence(-x) = -toPence(x). Why:
 * a net figure can be negative (a loss), and a loss must not be shown a penny
 * smaller than the equal gain; it is also what Excel's ROUND does, which is what
 * finance colleagues check these figures against.
 */
export function toPence(r: Rational): bigint {
  const hundred = r.num * 100n
  const q = abs(hundred) / r.den
  const remainder = abs(hundred) % r.den
  const rounded = remainder * 2n >= r.den ? q + 1n : q
  return hundred < 0n ? -rounded : rounded
}

/** The rounded figure in pounds, as the API answers it (pence ÷ 100). */
export function toPounds(r: Rational): number {
  const pence = toPence(r)
  if (abs(pence) > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('Amount too large to answer as a number of pounds')
  return Number(pence) / 100
}

/** A non-money value (a deadweight, a number of weeks) as a number for display; arithmetic never goes through it. */
export function toNumber(r: Rational): number {
  return Number(r.num) / Number(r.den)
}

/** The exact decimal text of r when it has one (denominator 2^a·5^b), else a fraction "1/3". For source notes and parameters listings. */
export function toText(r: Rational): string {
  let d = r.den
  let twos = 0
  let fives = 0
  while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1]
  while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1]
  if (d !== 1n) return `${r.num}/${r.den}`
  const places = Math.max(twos, fives)
  if (places === 0) return r.num.toString()
  const scaled = abs((r.num * 10n ** BigInt(places)) / r.den)
    .toString()
    .padStart(places + 1, '0')
  return `${r.num < 0n ? '-' : ''}${scaled.slice(0, -places)}.${scaled.slice(-places)}`
}

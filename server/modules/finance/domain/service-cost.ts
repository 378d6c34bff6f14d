import { add, div, FinanceInputError, isNegative, mul, rational, sum, toRational, ZERO, type Rational, type RationalInput } from './money.js'

/**
 * A staffing or running cost of the service (PRODUCT.md §3 "Service cost"): an
 * annual amount, in effect from `effectiveFrom` to `effectiveTo`, both inclusive
 * (as the impact period's `from` and `to` are, API.md "Impact"); no `effectiveTo`
 * = still in effect.
 */
export interface ServiceCostLine {
  description?: string
  amount: RationalInput
  per: 'year'
  effectiveFrom: string
  effectiveTo?: string | null
  source?: string
}

/**
 * The demo organisation's lines: seed 000 (Derbyshire Cabinet report, 15 June
 * 2023), table 1, full-year costs including on-costs, total £979,216 a year. The
 * table's first column (October 2023 to April 2024, six months) is exactly half of
 * each line, so the lines run from the service's start on 1 October 2023.
 */
export const DEMO_SERVICE_COST_LINES: readonly ServiceCostLine[] = Object.freeze(
  (
    [
      ['Team managers (2)', '128818'],
      ['Senior practitioners (4)', '206400'],
      ['Family support workers (16)', '580128'],
      ['Business support', '63870'],
    ] as const
  ).map(([description, amount]) => ({ description, amount, per: 'year' as const, effectiveFrom: '2023-10-01', source: 'Seed 000, table 1 (full-year costs, 2024/25)' })),
)

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

/** Days since 1970-01-01 for a real calendar date 'YYYY-MM-DD'; refuses anything else (2025-02-30, 2025-2-3). Calendar arithmetic only: no time zone is involved. */
export function dayNumber(date: string, what = 'Date'): number {
  const m = ISO_DATE.exec(date)
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const ms = Date.UTC(year, month - 1, day)
    const d = new Date(ms)
    if (d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day) return ms / MS_PER_DAY
  }
  throw new FinanceInputError(`${what} must be a real date written YYYY-MM-DD, not "${date}"`)
}

/** The year in which the financial year (1 April to 31 March) containing this date starts. */
export function financialYearStart(date: string): number {
  dayNumber(date)
  const year = Number(date.slice(0, 4))
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1
}

/** The financial year's label as finance writes it: 2024-04-01 and 2025-03-31 are both in '2024/25'. */
export function financialYear(date: string): string {
  const start = financialYearStart(date)
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`
}

const firstDayOfFinancialYear = (startYear: number) => Date.UTC(startYear, 3, 1) / MS_PER_DAY

export interface ServiceCostLineInPeriod {
  line: ServiceCostLine
  days: number
  cost: Rational
}

export interface ServicePeriodCost {
  from: string
  to: string
  total: Rational
  lines: ServiceCostLineInPeriod[]
}

/**
 * The service's cost for the period `from`..`to` (both inclusive), prorated by days.
 *
 * Day-count convention: each day a line is in effect costs its annual amount ÷ the
 * number of days in the financial year (1 April to 31 March) that day falls in:
 * 365, or 366 when the year holds a 29 February. So a whole financial year costs
 * exactly the annual figure, leap year or not, as the budget the figure comes from
 * is set per financial year (seed 000, table 1). Dividing by 365 throughout would
 * charge 366/365 of the budget for 2023/24 and overstate the cost set against the
 * savings. A period crossing 1 April is split at it and each part prorated in its
 * own year.
 */
export function servicePeriodCost(lines: readonly ServiceCostLine[], from: string, to: string): ServicePeriodCost {
  const start = dayNumber(from, 'Period start')
  const end = dayNumber(to, 'Period end')
  if (start > end) throw new FinanceInputError(`The period must not end (${to}) before it starts (${from})`)
  const inPeriod = lines.map((line): ServiceCostLineInPeriod => {
    const annual = toRational(line.amount, 'Service cost')
    if (isNegative(annual)) throw new FinanceInputError(`Service cost must not be negative: ${line.description ?? 'a line'} costs ${String(line.amount)} a year`)
    const lineStart = dayNumber(line.effectiveFrom, 'Service cost effective from date')
    const lineEnd = line.effectiveTo ? dayNumber(line.effectiveTo, 'Service cost effective to date') : Number.POSITIVE_INFINITY
    if (lineStart > lineEnd) throw new FinanceInputError(`Service cost line${line.description ? ` "${line.description}"` : ''} ends before it starts`)
    let cost = ZERO
    let days = 0
    const first = Math.max(start, lineStart)
    const last = Math.min(end, lineEnd)
    for (let day = first; day <= last;) {
      const fyStart = financialYearStart(new Date(day * MS_PER_DAY).toISOString().slice(0, 10))
      const fyFirst = firstDayOfFinancialYear(fyStart)
      const fyNext = firstDayOfFinancialYear(fyStart + 1)
      const chunkLast = Math.min(last, fyNext - 1)
      const chunkDays = chunkLast - day + 1
      cost = add(cost, div(mul(annual, rational(chunkDays)), rational(fyNext - fyFirst)))
      days += chunkDays
      day = chunkLast + 1
    }
    return { line, days, cost }
  })
  return { from, to, total: sum(inPeriod.map((l) => l.cost)), lines: inPeriod }
}

/** The annual cost of the lines in effect on one date: the "annual service cost" of the break-even rule. */
export function annualServiceCostOn(lines: readonly ServiceCostLine[], date: string): Rational {
  const day = dayNumber(date)
  return sum(
    lines
      .filter((l) => dayNumber(l.effectiveFrom) <= day && (!l.effectiveTo || day <= dayNumber(l.effectiveTo)))
      .map((l) => {
        const annual = toRational(l.amount, 'Service cost')
        if (isNegative(annual)) throw new FinanceInputError(`Service cost must not be negative: ${l.description ?? 'a line'} costs ${String(l.amount)} a year`)
        return annual
      }),
  )
}

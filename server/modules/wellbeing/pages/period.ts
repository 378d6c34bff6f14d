import { todayInLondon } from '../../../platform/time/index.js'

/** The financial year (1 April to 31 March) a date falls in: the dashboard's default period. */
export function financialYearOf(date: string = todayInLondon()): { from: string; to: string } {
  const year = Number(date.slice(0, 4))
  const start = date.slice(5) >= '04-01' ? year : year - 1
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` }
}

/** An amount in pounds as a page shows it: £1,234.50. */
export function pounds(amount: number): string {
  return `£${amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

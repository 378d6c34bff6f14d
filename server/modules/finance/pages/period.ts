import { isValidIsoDate } from '../../../platform/time/index.js'
import { financialYearStart } from '../domain/index.js'
import { fyFromLabel, fyLabel, fyPeriod } from '../dashboard.js'

/**
 * The period a finance page shows, from its query: `year=2024/25`, or `from` and `to`
 * (YYYY-MM-DD); by default the current financial year. A period that cannot be read is
 * explained, never silently replaced.
 */
export interface PagePeriod {
  from: string
  to: string
  year: string | null
  label: string
  error: string | null
  years: { value: string; text: string; selected: boolean }[]
}

export function pagePeriod(query: Record<string, string | undefined>, today: string, firstYear: number): PagePeriod {
  const current = financialYearStart(today)
  const yearOptions = (selected: string | null) => {
    const list = []
    for (let y = current; y >= Math.min(firstYear, current); y--) list.push({ value: fyLabel(y), text: fyLabel(y), selected: fyLabel(y) === selected })
    return list
  }
  const from = query.from?.trim()
  const to = query.to?.trim()
  if (from || to) {
    if (!from || !to || !isValidIsoDate(from) || !isValidIsoDate(to)) {
      const p = fyPeriod(current)
      return {
        ...p,
        year: fyLabel(current),
        label: fyLabel(current),
        error: 'Enter both dates as real dates, like 2025-04-01. Showing the current financial year instead.',
        years: yearOptions(null),
      }
    }
    if (from > to) {
      const p = fyPeriod(current)
      return {
        ...p,
        year: fyLabel(current),
        label: fyLabel(current),
        error: 'The end date must be on or after the start date. Showing the current financial year instead.',
        years: yearOptions(null),
      }
    }
    return { from, to, year: null, label: `${from} to ${to}`, error: null, years: yearOptions(null) }
  }
  const asked = query.year ? fyFromLabel(query.year) : null
  const start = asked ?? current
  return {
    ...fyPeriod(start),
    year: fyLabel(start),
    label: `financial year ${fyLabel(start)}`,
    error: query.year && asked === null ? `“${query.year}” is not a financial year like 2024/25. Showing ${fyLabel(current)}.` : null,
    years: yearOptions(fyLabel(start)),
  }
}

/**
 * Annual capacity per strand, in families a year: PRODUCT.md §2's defaults, from source
 * document 000 §4.6 ("the capacity of the teams to work with families per year": crisis 60,
 * risk of care 120, reunification 60); placement stability is 0 until the council switches it on.
 *
 * An administrator sets the capacity per strand per financial year (`casework:settings`,
 * allocation/settings.ts); the dashboard passes those in, and these defaults fill any gap.
 */
export const DEFAULT_ANNUAL_CAPACITY: Record<string, number> = { crisis: 60, risk_of_care: 120, reunification: 60, placement_stability: 0 }

export function annualCapacity(strand: string, settings: Record<string, number> = {}): number {
  return settings[strand] ?? DEFAULT_ANNUAL_CAPACITY[strand] ?? 0
}

/**
 * The capacity for a period of `days` days (both ends counted): the annual capacity × days ÷ 365,
 * to the nearest whole family (halves up). A year of 365 or 366 days gives the annual figure.
 */
export function capacityForPeriod(annual: number, days: number): number {
  if (days === 365 || days === 366) return annual
  return Math.floor((annual * days) / 365 + 0.5)
}

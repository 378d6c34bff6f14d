/**
 * Small-number suppression for board viewers' pages (PRODUCT.md §4, as DfE statistical
 * publications do): a count from 1 to 4 is not shown; 0 is shown. When a column's total is
 * shown and exactly one cell is suppressed, the total would reveal it, so the smallest other
 * non-zero cell is suppressed too (secondary suppression).
 */
export function suppressColumn(counts: readonly number[]): (number | null)[] {
  const shown: (number | null)[] = counts.map((n) => (n >= 1 && n <= 4 ? null : n))
  if (shown.filter((n) => n === null).length === 1) {
    let smallest = -1
    shown.forEach((n, i) => {
      if (n !== null && n > 0 && (smallest < 0 || n < (shown[smallest] as number))) smallest = i
    })
    if (smallest >= 0) shown[smallest] = null
  }
  return shown
}

/** A single figure shown on its own: suppressed when 1 to 4. */
export const suppressed = (n: number): number | null => (n >= 1 && n <= 4 ? null : n)

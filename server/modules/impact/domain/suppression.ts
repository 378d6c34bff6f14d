import type { Table, TableCell } from '../../../platform/http/tables.js'
import type { Role } from '../../../platform/auth/roles.js'

/**
 * Small-number suppression (PRODUCT.md §4), as DfE statistical publications do it:
 *
 * - **Primary**: a count from 1 to 4 is hidden, shown as `c` ("confidential"), so a child
 *   cannot be picked out from a small group. 0 is shown: it identifies no one.
 * - **Secondary**: where a total is shown beside the cells it adds up, hiding one cell alone
 *   would let a reader subtract it back out. So when exactly one cell of a row or column
 *   that has a shown total is hidden, the smallest other non-zero cell of that row or
 *   column is hidden too; when there is none, the total itself is hidden. This repeats
 *   until no row or column gives a hidden cell away (one hidden cell can force another in
 *   the crossing column, and so on).
 * - A figure worked out from a hidden count (a percentage, a ratio) is hidden with it.
 *
 * Where it applies: reports, CSV and Excel exports, and board viewers' pages. The API and
 * the command line give exact figures to the roles allowed to see them, and staff who work
 * with the figures (analysts, finance partners, team managers, the panel chair) see exact
 * figures on the pages.
 */

/** What a hidden cell shows: DfE's symbol for a figure suppressed to protect confidentiality. */
export const SUPPRESSED = 'c'
/** Counts from 1 to this are hidden. */
export const SUPPRESS_UP_TO = 4
/** The sentence every page, export and report shows beside a table that may have hidden cells. */
export const SUPPRESSION_NOTE = 'c: a count from 1 to 4, or a figure that would let one be worked out, is hidden to protect the privacy of the children and families.'

/** Whether a single count is hidden on its own (primary suppression). */
export function isSmallCount(n: number): boolean {
  return n >= 1 && n <= SUPPRESS_UP_TO
}

/** One count as shown where suppression applies. */
export function suppressCount(n: number): number | typeof SUPPRESSED {
  return isSmallCount(n) ? SUPPRESSED : n
}

/** Roles that see exact counts on the pages. Board viewers read the published, suppressed figures. */
const EXACT_ON_PAGES: readonly Role[] = ['analyst', 'finance_partner', 'team_manager', 'panel_chair', 'administrator']

/** Where a table is going: a page for a given user, or a report or export, which are always suppressed. */
export type Audience = { kind: 'page'; roles: readonly Role[] } | { kind: 'export' } | { kind: 'report' } | { kind: 'api'; roles: readonly Role[] }

export function suppressFor(audience: Audience): boolean {
  if (audience.kind === 'export' || audience.kind === 'report') return true
  // A board viewer who holds no other role reads suppressed figures; anyone with a working role sees them exact.
  return !audience.roles.some((r) => EXACT_ON_PAGES.includes(r))
}

/** How a table's cells relate, so the secondary rule knows what adds up to what. */
export interface SuppressionPlan {
  /** Columns holding counts of children, families or referrals: the cells the rules look at. */
  countColumns: string[]
  /** A column that is the sum of `countColumns` on each row (a row total). */
  rowTotal?: string
  /** Other count columns, hidden when small and protected by a total row, but not part of the row total. */
  otherCounts?: string[]
  /** Rows whose counts are the sums of the other rows' (a total row), found by this test. */
  isTotalRow?: (row: Record<string, TableCell>) => boolean
  /** Columns worked out from counts (e.g. a percentage from a count): hidden when any of their counts is. */
  derived?: Record<string, string | string[]>
}

/**
 * The table with its small counts hidden under `plan`. Pure: the input is not changed.
 * Non-numeric cells and columns outside the plan are left as they are.
 */
export function suppressTable(table: Table, plan: SuppressionPlan): Table {
  const rows = table.rows.map((r) => ({ ...r }))
  const hidden = new Set<string>()
  const key = (i: number, column: string) => `${i}\u0000${column}`
  const value = (i: number, column: string): number | null => {
    const v = rows[i]?.[column]
    return typeof v === 'number' ? v : null
  }

  // Primary: every count from 1 to 4.
  const countCells = [...plan.countColumns, ...(plan.rowTotal ? [plan.rowTotal] : []), ...(plan.otherCounts ?? [])]
  rows.forEach((_, i) => {
    for (const column of countCells) {
      const v = value(i, column)
      if (v !== null && isSmallCount(v)) hidden.add(key(i, column))
    }
  })

  // Secondary: groups of cells that add up to a shown total.
  type Group = { cells: Array<[number, string]>; total: [number, string] }
  const groups: Group[] = []
  const totalRows = rows.map((r) => Boolean(plan.isTotalRow?.(r)))
  const bodyRows = rows.map((_, i) => i).filter((i) => !totalRows[i])
  if (plan.rowTotal) {
    const rowTotal = plan.rowTotal
    rows.forEach((_, i) => groups.push({ cells: plan.countColumns.map((c) => [i, c]), total: [i, rowTotal] }))
  }
  totalRows.forEach((isTotal, t) => {
    if (!isTotal) return
    for (const column of countCells) groups.push({ cells: bodyRows.map((i) => [i, column]), total: [t, column] })
  })

  for (let changed = true; changed;) {
    changed = false
    for (const group of groups) {
      if (value(...group.total) === null || hidden.has(key(...group.total))) continue
      const present = group.cells.filter(([i, c]) => value(i, c) !== null)
      const hiddenCells = present.filter(([i, c]) => hidden.has(key(i, c)))
      if (hiddenCells.length !== 1) continue
      const candidates = present.filter(([i, c]) => !hidden.has(key(i, c)) && (value(i, c) ?? 0) > 0).sort(([a, x], [b, y]) => (value(a, x) ?? 0) - (value(b, y) ?? 0))
      const next = candidates[0] ?? group.total
      hidden.add(key(...next))
      changed = true
    }
  }

  rows.forEach((row, i) => {
    for (const column of countCells) if (hidden.has(key(i, column))) row[column] = SUPPRESSED
    for (const [column, sources] of Object.entries(plan.derived ?? {})) {
      const from = Array.isArray(sources) ? sources : [sources]
      if (from.some((source) => hidden.has(key(i, source))) && row[column] !== null && row[column] !== undefined) row[column] = SUPPRESSED
    }
  })
  return { ...table, rows }
}

/** Whether any cell of a table is hidden, so a page knows to show the note. */
export function hasSuppressed(table: Table): boolean {
  return table.rows.some((r) => Object.values(r).some((v) => v === SUPPRESSED))
}

/** A table, suppressed or not for its audience. */
export function tableFor(table: Table, plan: SuppressionPlan, audience: Audience): Table {
  return suppressFor(audience) ? suppressTable(table, plan) : table
}

import { describe, expect, it } from 'vitest'
import type { Table } from '../../../platform/http/tables.js'
import { SUPPRESSED as c, hasSuppressed, suppressCount, suppressFor, suppressTable, tableFor } from './suppression.js'

describe('suppressCount: 1 to 4 hidden, 0 and 5 or more shown', () => {
  it.each([
    [0, 0],
    [1, c],
    [2, c],
    [4, c],
    [5, 5],
    [120, 120],
  ])('%i → %s', (n, shown) => expect(suppressCount(n)).toBe(shown))
})

describe('suppressFor: who sees exact figures', () => {
  it.each([
    [{ kind: 'page', roles: ['board_viewer'] } as const, true],
    [{ kind: 'page', roles: ['analyst'] } as const, false],
    [{ kind: 'page', roles: ['board_viewer', 'finance_partner'] } as const, false],
    [{ kind: 'page', roles: ['team_manager'] } as const, false],
    [{ kind: 'export' } as const, true],
    [{ kind: 'report' } as const, true],
    [{ kind: 'api', roles: ['analyst'] } as const, false],
    [{ kind: 'api', roles: ['board_viewer'] } as const, true],
  ])('%j → suppressed %s', (audience, expected) => expect(suppressFor(audience)).toBe(expected))
})

/** A strand × outcome table with a row total and a total row, as the dashboard has. */
function grid(rows: Array<[string, number, number, number]>): Table {
  const body = rows.map(([label, a, b, d]) => ({ label, a, b, d, total: a + b + d }))
  const sum = (k: 'a' | 'b' | 'd' | 'total') => body.reduce((n, r) => n + r[k], 0)
  return {
    title: 'Grid',
    columns: [{ key: 'label', header: 'Strand' }, ...['a', 'b', 'd', 'total'].map((k) => ({ key: k, header: k, numeric: true }))],
    rows: [...body, { label: 'Total', a: sum('a'), b: sum('b'), d: sum('d'), total: sum('total') }],
  }
}
const plan = { countColumns: ['a', 'b', 'd'], rowTotal: 'total', isTotalRow: (r: Record<string, unknown>) => r.label === 'Total' }
const cells = (t: Table) => t.rows.map((r) => [r.a, r.b, r.d, r.total])

describe('suppressTable', () => {
  it.each<{ name: string; rows: Array<[string, number, number, number]>; expected: unknown[][] }>([
    {
      name: 'nothing small: nothing hidden',
      rows: [
        ['crisis', 10, 20, 30],
        ['risk', 5, 6, 7],
      ],
      expected: [
        [10, 20, 30, 60],
        [5, 6, 7, 18],
        [15, 26, 37, 78],
      ],
    },
    {
      name: 'zeros are shown and never force a second cell',
      rows: [
        ['crisis', 0, 20, 30],
        ['risk', 0, 6, 7],
      ],
      expected: [
        [0, 20, 30, 50],
        [0, 6, 7, 13],
        [0, 26, 37, 63],
      ],
    },
    {
      // 3 hidden; its row total would give it away, so the smallest other non-zero cell in the
      // row (6) goes too; its column total would too, so the smallest other in column a (10) goes,
      // which leaves row "crisis" with one hidden cell: its smallest other (20) goes, and column b
      // now has two hidden cells. Every row and column now hides two cells or none.
      name: 'one small cell forces secondary cells across its row and column',
      rows: [
        ['crisis', 10, 20, 30],
        ['risk', 3, 6, 7],
      ],
      expected: [
        [c, c, 30, 60],
        [c, c, 7, 16],
        [13, 26, 37, 76],
      ],
    },
    {
      name: 'two small cells in a row protect each other in the row',
      rows: [
        ['crisis', 2, 4, 30],
        ['risk', 9, 8, 7],
      ],
      expected: [
        [c, c, 30, 36],
        [c, c, 7, 24],
        [11, 12, 37, 60],
      ],
    },
    {
      name: 'a small row total is hidden with its cell, and the crossing columns protect them',
      rows: [
        ['crisis', 0, 0, 3],
        ['risk', 0, 0, 9],
      ],
      expected: [
        [0, 0, c, c],
        [0, 0, c, c],
        [0, 0, 12, 12],
      ],
    },
    {
      name: 'a hidden cell with only zeros beside it hides the total instead',
      rows: [
        ['crisis', 3, 0, 9],
        ['risk', 6, 0, 0],
      ],
      expected: [
        [c, 0, c, c],
        [c, 0, 0, c],
        [c, 0, c, 18],
      ],
    },
  ])('$name', ({ rows, expected }) => {
    expect(cells(suppressTable(grid(rows), plan))).toEqual(expected)
  })

  it('hides a percentage worked out from a hidden count, and leaves the input alone', () => {
    const table: Table = {
      title: 'Re-referrals',
      columns: [
        { key: 'label', header: 'Strand' },
        { key: 'n', header: 'Re-referrals', numeric: true },
        { key: 'share', header: 'Share', numeric: true },
      ],
      rows: [
        { label: 'crisis', n: 2, share: 0.1 },
        { label: 'risk', n: 12, share: 0.2 },
      ],
    }
    const out = suppressTable(table, { countColumns: ['n'], derived: { share: 'n' } })
    expect(out.rows).toEqual([
      { label: 'crisis', n: c, share: c },
      { label: 'risk', n: 12, share: 0.2 },
    ])
    expect(table.rows[0]?.n).toBe(2)
    expect(hasSuppressed(out)).toBe(true)
    expect(hasSuppressed(table)).toBe(false)
  })

  it('tableFor leaves an analyst’s page exact and suppresses the export', () => {
    const t = grid([
      ['crisis', 1, 20, 30],
      ['risk', 9, 8, 7],
    ])
    expect(tableFor(t, plan, { kind: 'page', roles: ['analyst'] })).toBe(t)
    expect(tableFor(t, plan, { kind: 'export' }).rows[0]?.a).toBe(c)
  })
})

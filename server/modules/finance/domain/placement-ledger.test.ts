import { describe, expect, it } from 'vitest'
import { FinanceInputError } from './money.js'
import { placementLedger, type PlacementMove } from './placement-ledger.js'
import { DEFAULT_UNIT_COSTS } from './unit-costs.js'

const moves: PlacementMove[] = [
  // Listed out of order on purpose: the ledger is in date order.
  { childId: 'c3', date: '2025-04-01', fromType: 'other', toType: 'other', fromWeekly: '1200', toWeekly: '950.50' },
  { childId: 'c1', date: '2024-05-01', fromType: 'residential', toType: 'fostering' },
  { childId: 'c2', date: '2024-11-10', fromType: 'fostering', toType: 'residential' },
  { childId: 'c1', date: '2025-03-31', fromType: 'fostering', toType: 'secure' },
  { childId: 'c4', date: '2025-06-15', fromType: 'fostering', toType: 'kinship' },
]

describe('placementLedger', () => {
  const ledger = placementLedger(moves, DEFAULT_UNIT_COSTS)

  it.each([
    // childId, date, financial year, old weekly, new weekly, weekly change, annualised change (× 52)
    ['c1', '2024-05-01', '2024/25', 5730.77, 818.68, -4912.09, -255428.57],
    ['c2', '2024-11-10', '2024/25', 818.68, 5730.77, 4912.09, 255428.57],
    ['c1', '2025-03-31', '2024/25', 818.68, 10546.5, 9727.82, 505846.57],
    ['c3', '2025-04-01', '2025/26', 1200, 950.5, -249.5, -12974],
    ['c4', '2025-06-15', '2025/26', 818.68, null, null, null],
  ])('move %#: %s on %s', (childId, date, year, fromWeekly, toWeekly, weeklyChange, annualisedChange) => {
    const move = ledger.moves.find((m) => m.childId === childId && m.date === date)
    expect(move).toMatchObject({ financialYear: year, fromWeekly, toWeekly, weeklyChange, annualisedChange })
  })

  it('keeps the moves in date order', () => {
    expect(ledger.moves.map((m) => m.date)).toEqual(['2024-05-01', '2024-11-10', '2025-03-31', '2025-04-01', '2025-06-15'])
  })

  it('says where each weekly cost came from', () => {
    expect(ledger.moves[0]).toMatchObject({ fromWeeklySource: 'unit_cost', toWeeklySource: 'unit_cost', reason: null })
    expect(ledger.moves[3]).toMatchObject({ fromWeeklySource: 'recorded', toWeeklySource: 'recorded' })
    expect(ledger.moves[4]).toMatchObject({ toWeeklySource: null, reason: 'no weekly cost recorded and no unit cost set for kinship: left out of the totals' })
  })

  it('totals the annualised increases and decreases by financial year (1 April to 31 March)', () => {
    expect(ledger.years).toEqual([
      { financialYear: '2024/25', moves: 3, movesWithoutCost: 0, increases: 761275.14, decreases: -255428.57, net: 505846.57, childIds: ['c1', 'c2'] },
      { financialYear: '2025/26', moves: 2, movesWithoutCost: 1, increases: 0, decreases: -12974, net: -12974, childIds: ['c3', 'c4'] },
    ])
  })

  it('is empty without moves', () => {
    expect(placementLedger([], DEFAULT_UNIT_COSTS)).toEqual({ moves: [], years: [] })
  })

  it.each([
    ['a negative recorded cost', { childId: 'x', date: '2024-05-01', fromType: 'other', toType: 'other', fromWeekly: '-1', toWeekly: '1' }, /Old weekly cost must not be negative/],
    ['a date that does not exist', { childId: 'x', date: '2024-02-30', fromType: 'residential', toType: 'fostering' }, /Move date must be a real date/],
  ] satisfies [string, PlacementMove, RegExp][])('refuses %s', (_name, move, message) => {
    expect(() => placementLedger([move], DEFAULT_UNIT_COSTS)).toThrow(FinanceInputError)
    expect(() => placementLedger([move], DEFAULT_UNIT_COSTS)).toThrow(message)
  })
})

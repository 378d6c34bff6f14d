import { add, FinanceInputError, isNegative, mul, rational, sub, toPounds, toRational, ZERO, compare, type Rational, type RationalInput } from './money.js'
import { dayNumber, financialYear } from './service-cost.js'
import { weeklyCost, WEEKS_PER_YEAR, type PlacementType, type UnitCosts } from './unit-costs.js'

/**
 * Placement breakdown ledger (PRODUCT.md §3, from seed 001 appendix 2): each move
 * of a child in care with its old and new weekly cost and the annualised increase
 * or decrease (weekly change × 52), totalled by financial year (1 April to 31 March).
 */
export interface PlacementMove {
  childId: string
  /** The day the child moved, YYYY-MM-DD: picks the financial year. */
  date: string
  fromType: PlacementType
  toType: PlacementType
  /** The actual weekly cost when recorded for this placement; otherwise the unit cost of its type is used. */
  fromWeekly?: RationalInput | null
  toWeekly?: RationalInput | null
}

export interface LedgerMove {
  childId: string
  date: string
  financialYear: string
  fromType: PlacementType
  toType: PlacementType
  /** Pounds a week, rounded to pence for reading; null when neither recorded nor set as a unit cost. */
  fromWeekly: number | null
  toWeekly: number | null
  fromWeeklySource: 'recorded' | 'unit_cost' | null
  toWeeklySource: 'recorded' | 'unit_cost' | null
  weeklyChange: number | null
  /** (new − old weekly) × 52: positive an increase, negative a decrease; null when a cost is missing. */
  annualisedChange: number | null
  /** Why a move is left out of the totals, when it is. */
  reason: string | null
}

export interface LedgerYear {
  financialYear: string
  moves: number
  /** Moves left out of the totals for want of a cost. */
  movesWithoutCost: number
  /** Sum of the annualised increases (0 or more). */
  increases: number
  /** Sum of the annualised decreases, signed (0 or less), so that net = increases + decreases. */
  decreases: number
  net: number
  childIds: string[]
}

export interface PlacementLedger {
  /** Every move, in date order. */
  moves: LedgerMove[]
  /** Totals per financial year, earliest first. */
  years: LedgerYear[]
}

type Weekly = { weekly: Rational; source: 'recorded' | 'unit_cost' } | null

function weeklyOf(recorded: RationalInput | null | undefined, type: PlacementType, unitCosts: UnitCosts, what: string): Weekly {
  if (recorded !== undefined && recorded !== null) {
    const weekly = toRational(recorded, what)
    if (isNegative(weekly)) throw new FinanceInputError(`${what} must not be negative, not ${String(recorded)}`)
    return { weekly, source: 'recorded' }
  }
  const cost = unitCosts[type]
  return cost ? { weekly: weeklyCost(cost), source: 'unit_cost' } : null
}

export function placementLedger(moves: readonly PlacementMove[], unitCosts: UnitCosts): PlacementLedger {
  const exact = moves
    .map((move) => {
      const day = dayNumber(move.date, 'Move date')
      const from = weeklyOf(move.fromWeekly, move.fromType, unitCosts, 'Old weekly cost')
      const to = weeklyOf(move.toWeekly, move.toType, unitCosts, 'New weekly cost')
      const change = from && to ? sub(to.weekly, from.weekly) : null
      return { move, day, from, to, change, annualised: change && mul(change, rational(WEEKS_PER_YEAR)) }
    })
    .sort((a, b) => a.day - b.day)

  const ledgerMoves = exact.map(({ move, from, to, change, annualised }): LedgerMove => {
    const missing = [from ? null : move.fromType, to ? null : move.toType].filter((t) => t !== null)
    return {
      childId: move.childId,
      date: move.date,
      financialYear: financialYear(move.date),
      fromType: move.fromType,
      toType: move.toType,
      fromWeekly: from && toPounds(from.weekly),
      toWeekly: to && toPounds(to.weekly),
      fromWeeklySource: from?.source ?? null,
      toWeeklySource: to?.source ?? null,
      weeklyChange: change && toPounds(change),
      annualisedChange: annualised && toPounds(annualised),
      reason: missing.length ? `no weekly cost recorded and no unit cost set for ${missing.map((t) => t.replaceAll('_', ' ')).join(' or ')}: left out of the totals` : null,
    }
  })

  const years = new Map<string, { moves: number; movesWithoutCost: number; increases: Rational; decreases: Rational; childIds: Set<string> }>()
  for (const { move, annualised } of exact) {
    const label = financialYear(move.date)
    const year = years.get(label) ?? { moves: 0, movesWithoutCost: 0, increases: ZERO, decreases: ZERO, childIds: new Set<string>() }
    year.moves += 1
    year.childIds.add(move.childId)
    if (!annualised) year.movesWithoutCost += 1
    else if (compare(annualised, ZERO) > 0) year.increases = add(year.increases, annualised)
    else year.decreases = add(year.decreases, annualised)
    years.set(label, year)
  }

  return {
    moves: ledgerMoves,
    years: [...years.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, y]) => ({
        financialYear: label,
        moves: y.moves,
        movesWithoutCost: y.movesWithoutCost,
        increases: toPounds(y.increases),
        decreases: toPounds(y.decreases),
        net: toPounds(add(y.increases, y.decreases)),
        childIds: [...y.childIds],
      })),
  }
}

import { asc, eq } from 'drizzle-orm'
import type { Ctx } from '../../../platform/context.js'
import type { Db } from '../../../platform/db/index.js'
import { ssda903Episodes } from '../../../platform/db/schema.js'
import type { Table } from '../../../platform/http/tables.js'
import { placementLedger, weeklyCost, type PlacementMove, type PlacementType } from '../domain/index.js'
import { listUnitCosts, unitCostFor, unitCostsOn } from '../settings.js'

/**
 * The placement breakdown ledger (PRODUCT.md §3, seed 001 appendix 2) from the imported
 * SSDA903 episodes: a move is an episode that starts the day the child's previous
 * episode ended with a different placement type. Each side is priced with the unit
 * cost in force on the move date for its placement type and provider (SSDA903
 * PLACE_PROVIDER PR1, the council's own provision = in-house; PR4 and PR5, private and
 * voluntary = agency; otherwise the any-provider figure), and the domain module
 * (domain/placement-ledger.ts) gives the annualised change and the yearly totals.
 */

/** SSDA903 PLACE codes grouped into API.md's placement types. */
export function placementTypeOf(place: string | null): PlacementType {
  const p = (place ?? '').toUpperCase()
  if (['K2', 'R1', 'S1'].includes(p)) return 'residential'
  if (p === 'K1') return 'secure'
  if (['U4', 'U5', 'U6'].includes(p)) return 'fostering'
  if (['U1', 'U2', 'U3'].includes(p)) return 'kinship'
  if (['H5', 'K3', 'P2'].includes(p)) return 'supported_accommodation'
  if (p === 'P1') return 'placed_with_parents'
  if (p === 'R3') return 'parent_and_baby'
  if (['A3', 'A4', 'A5', 'A6'].includes(p)) return 'adoption'
  return 'other'
}

export function providerOf(code: string | null): 'in_house' | 'agency' | null {
  const c = (code ?? '').toUpperCase()
  return c === 'PR1' ? 'in_house' : c === 'PR4' || c === 'PR5' ? 'agency' : null
}

export async function ledgerPage(db: Db, ctx: Ctx) {
  const organisationId = ctx.user.organisationId
  const [episodes, unitCostRows] = await Promise.all([
    db
      .select({ child: ssda903Episodes.child, decom: ssda903Episodes.decom, dec: ssda903Episodes.dec, place: ssda903Episodes.place, provider: ssda903Episodes.placeProvider })
      .from(ssda903Episodes)
      .where(eq(ssda903Episodes.organisationId, organisationId))
      .orderBy(asc(ssda903Episodes.child), asc(ssda903Episodes.decom)),
    listUnitCosts(db, organisationId),
  ])
  const moves: PlacementMove[] = []
  for (let i = 1; i < episodes.length; i++) {
    const prev = episodes[i - 1]
    const next = episodes[i]
    if (!prev || !next || prev.child !== next.child || prev.dec !== next.decom) continue
    const fromType = placementTypeOf(prev.place)
    const toType = placementTypeOf(next.place)
    if (fromType === toType && providerOf(prev.provider) === providerOf(next.provider)) continue
    const price = (type: PlacementType, provider: string | null) => {
      const cost = unitCostFor(unitCostRows, type, providerOf(provider), next.decom)
      return cost ? weeklyCost(cost) : null
    }
    moves.push({ childId: next.child, date: next.decom, fromType, toType, fromWeekly: price(fromType, prev.provider), toWeekly: price(toType, next.provider) })
  }
  const ledger = placementLedger(moves, unitCostsOn(unitCostRows, '9999-12-31'))
  const words = (c: string) => c.replaceAll('_', ' ')
  const yearsTable: Table = {
    title: 'Placement moves and their annualised cost, by financial year',
    columns: [
      { key: 'year', header: 'Financial year' },
      { key: 'moves', header: 'Moves', numeric: true },
      { key: 'withoutCost', header: 'Moves without a cost', numeric: true },
      { key: 'increases', header: 'Annualised increases (£)', numeric: true },
      { key: 'decreases', header: 'Annualised decreases (£)', numeric: true },
      { key: 'net', header: 'Net annualised change (£)', numeric: true },
    ],
    rows: ledger.years.map((y) => ({ year: y.financialYear, moves: y.moves, withoutCost: y.movesWithoutCost, increases: y.increases, decreases: y.decreases, net: y.net })),
  }
  const movesTable: Table = {
    title: 'Every placement move',
    columns: [
      { key: 'date', header: 'Date' },
      { key: 'child', header: 'Child (SSDA903 CHILD)' },
      { key: 'from', header: 'From' },
      { key: 'to', header: 'To' },
      { key: 'fromWeekly', header: 'Old weekly cost (£)', numeric: true },
      { key: 'toWeekly', header: 'New weekly cost (£)', numeric: true },
      { key: 'annualised', header: 'Annualised change (£)', numeric: true },
      { key: 'note', header: 'Note' },
    ],
    rows: ledger.moves.map((m) => ({
      date: m.date,
      child: m.childId,
      from: words(m.fromType),
      to: words(m.toType),
      fromWeekly: m.fromWeekly,
      toWeekly: m.toWeekly,
      annualised: m.annualisedChange,
      note: m.reason ?? '',
    })),
  }
  return { episodes: episodes.length, ledger, yearsTable, movesTable }
}

/**
 * The children in care indicators as the pages show them (issue 5, "Pages"): the indicators at a
 * quarter end with the eight quarters before it, comparator figures beside the council's own,
 * starters and ceasers, placements, duration in care and projections to 2035, each as a `Table`
 * (the page, CSV and Excel from one definition).
 */
import type { Db } from '../../platform/db/index.js'
import { formatDate } from '../../platform/time/index.js'
import type { Table, TableCell } from '../../platform/http/tables.js'
import { computeIndicators, type Ssda903Indicators } from './domain/indicators.js'
import { durationInCare, flowsInYear, projectTo2035, quarterEnds, PROJECTION_END_YEAR, type Breakdown, type Projection } from './domain/breakdowns.js'
import { loadSsda903Data } from './repository.js'
import { loadPopulation } from './population.js'
import { COMPARATOR_MEASURES, COMPARATORS, fieldName, loadComparators } from './comparators.js'
import type { Ssda903Data } from './domain/types.js'

export const TREND_QUARTERS = 9

const LABELS: Record<string, string> = {
  under1: 'Under 1',
  '1to4': '1 to 4',
  '5to9': '5 to 9',
  '10to15': '10 to 15',
  '16plus': '16 and over',
  under6Months: 'Under 6 months',
  '6to12Months': '6 to 12 months',
  '1to2Years': '1 to 2 years',
  '2to5Years': '2 to 5 years',
  '5YearsOrMore': '5 years or more',
  M: 'Male',
  F: 'Female',
  U: 'Not known or indeterminate',
  unknown: 'Not recorded',
  PR0: 'PR0 Parent or other person with parental responsibility',
  PR1: 'PR1 Own provision by the council',
  PR2: 'PR2 Other local authority',
  PR3: 'PR3 Other public provision',
  PR4: 'PR4 Private provision',
  PR5: 'PR5 Voluntary or third sector provision',
}
export const label = (key: string): string => LABELS[key] ?? key

function countTable(title: string, keyHeader: string, counts: Record<string, number>): Table {
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  return {
    title,
    columns: [
      { key: 'key', header: keyHeader },
      { key: 'count', header: 'Children', numeric: true },
      { key: 'percent', header: 'Per cent', numeric: true },
    ],
    rows: Object.entries(counts).map(([key, count]) => ({ key: label(key), count, percent: total ? Math.round((count * 1000) / total) / 10 : null })),
  }
}

function breakdownTables(prefix: string, what: string, b: Breakdown, reasonHeader: string): Array<[string, Table]> {
  return [
    [`${prefix}-reason`, countTable(`${what} by ${reasonHeader.toLowerCase()}`, reasonHeader, b.byReason)],
    [`${prefix}-legal-status`, countTable(`${what} by legal status`, 'Legal status', b.byLegalStatus)],
    [`${prefix}-age`, countTable(`${what} by age`, 'Age', b.byAgeBand)],
    [`${prefix}-sex`, countTable(`${what} by sex`, 'Sex', b.bySex)],
    [`${prefix}-ethnicity`, countTable(`${what} by ethnicity`, 'Ethnicity', b.byEthnicity)],
  ]
}

export interface TrendPoint {
  at: string
  indicators: Ssda903Indicators
}

export interface IndicatorPage {
  at: string
  indicators: Ssda903Indicators
  trend: TrendPoint[]
  projections: { total: Projection | null; byPlacementType: Projection[]; byPlacementProvider: Projection[]; history: Array<{ year: number; total: number }> }
  /** Every table on the page, by its id (the `table` of an export link). */
  tables: Record<string, Table>
  hasData: boolean
}

function projectionTable(title: string, keyHeader: string, projections: Projection[]): Table {
  const columns = [
    { key: 'key', header: keyHeader },
    { key: 'from', header: 'Five years before', numeric: true },
    { key: 'to', header: 'Latest 31 March', numeric: true },
    { key: 'growth', header: 'Annual growth (%)', numeric: true },
    { key: 'low2030', header: '2030 low', numeric: true },
    { key: 'p2030', header: '2030', numeric: true },
    { key: 'high2030', header: '2030 high', numeric: true },
    { key: `low${PROJECTION_END_YEAR}`, header: `${PROJECTION_END_YEAR} low`, numeric: true },
    { key: `p${PROJECTION_END_YEAR}`, header: `${PROJECTION_END_YEAR}`, numeric: true },
    { key: `high${PROJECTION_END_YEAR}`, header: `${PROJECTION_END_YEAR} high`, numeric: true },
  ]
  return {
    title,
    columns,
    rows: projections.map((p) => {
      const row: Record<string, TableCell> = {
        key: label(p.key),
        from: p.fromCount,
        to: p.toCount,
        growth: p.annualGrowth === null ? null : Math.round(p.annualGrowth * 1000) / 10,
      }
      for (const year of [2030, PROJECTION_END_YEAR]) {
        const point = p.points.find((x) => x.year === year)
        row[`low${year}`] = point?.low ?? null
        row[`p${year}`] = point?.projected ?? null
        row[`high${year}`] = point?.high ?? null
      }
      return row
    }),
  }
}

/** Everything the indicator page shows at the quarter end `at`. */
export async function indicatorPage(db: Db, organisationId: string, at: string): Promise<IndicatorPage> {
  const [data, population, comparators] = await Promise.all([loadSsda903Data(db, organisationId), loadPopulation(db, organisationId), loadComparators(db, organisationId, at)])
  return buildIndicatorPage(data, population, comparators.values, at)
}

export function buildIndicatorPage(data: Ssda903Data, population: Awaited<ReturnType<typeof loadPopulation>>, comparatorValues: Record<string, number>, at: string): IndicatorPage {
  const options = population.length ? { population } : {}
  const trend = quarterEnds(at, TREND_QUARTERS).map((q) => ({ at: q, indicators: computeIndicators(data, q, options) }))
  const indicators = trend[trend.length - 1]?.indicators ?? computeIndicators(data, at, options)
  const flows = flowsInYear(data, at)

  // Projections: the 31 March counts of the latest 31 March on or before `at` and the five years before.
  const latestMarch = Number(at.slice(0, 4)) - (at.slice(5) >= '03-31' ? 0 : 1)
  const history: Array<{ year: number; total: number }> = []
  const byType = new Map<number, Record<string, number>>()
  const byProvider = new Map<number, Record<string, number>>()
  const totals = new Map<number, Record<string, number>>()
  for (let year = latestMarch - 5; year <= latestMarch; year++) {
    const i = computeIndicators(data, `${year}-03-31`)
    history.push({ year, total: i.lookedAfter })
    byType.set(year, i.byPlacementType)
    byProvider.set(year, i.byPlacementProvider)
    totals.set(year, { total: i.lookedAfter })
  }
  const projections = {
    total: projectTo2035(totals)[0] ?? null,
    byPlacementType: projectTo2035(byType),
    byPlacementProvider: projectTo2035(byProvider),
    history,
  }

  const pct = (v: number | null) => v
  const headline: Table = {
    title: `Indicators at ${formatDate(at)}`,
    columns: [
      { key: 'measure', header: 'Measure' },
      { key: 'council', header: 'This council', numeric: true },
      ...Object.entries(COMPARATORS).map(([key, name]) => ({ key, header: name, numeric: true })),
    ],
    rows: [
      { measure: 'Children looked after', council: indicators.lookedAfter },
      ...Object.entries(COMPARATOR_MEASURES).map(([measure, m]) => ({
        measure: m.label,
        council: pct(m.value(indicators)),
        ...Object.fromEntries(Object.keys(COMPARATORS).map((c) => [c, comparatorValues[fieldName(measure, c)] ?? null])),
      })),
      { measure: 'Started to be looked after in the year', council: indicators.startedInYear },
      { measure: 'Ceased to be looked after in the year', council: indicators.ceasedInYear },
      { measure: 'Unaccompanied asylum-seeking children', council: indicators.uasc },
      { measure: 'SDQ completion (%)', council: indicators.sdq.completionPercent },
      { measure: 'Immunisations up to date (%)', council: indicators.health.immunisations },
      { measure: 'Placed more than 20 miles from home', council: indicators.placedOver20Miles.over },
    ],
  }

  const trendTable: Table = {
    title: 'Children looked after, quarter by quarter',
    columns: [
      { key: 'at', header: 'Quarter end' },
      { key: 'lookedAfter', header: 'Looked after', numeric: true },
      { key: 'rate', header: 'Per 10,000', numeric: true },
      { key: 'started', header: 'Started in the year to date', numeric: true },
      { key: 'ceased', header: 'Ceased in the year to date', numeric: true },
      { key: 'moves', header: 'Three or more placements (%)', numeric: true },
      { key: 'stability', header: 'Long-term stability (%)', numeric: true },
    ],
    rows: trend.map((t) => ({
      at: formatDate(t.at),
      lookedAfter: t.indicators.lookedAfter,
      rate: t.indicators.ratePer10000,
      started: t.indicators.startedInYear,
      ceased: t.indicators.ceasedInYear,
      moves: t.indicators.threeOrMorePlacements.percent,
      stability: t.indicators.longTermStability.percent,
    })),
  }

  const projectionTotal: Table = {
    title: `Children looked after on 31 March, projected to ${PROJECTION_END_YEAR}`,
    columns: [
      { key: 'year', header: '31 March' },
      { key: 'count', header: 'Looked after', numeric: true },
      { key: 'low', header: 'Low (−5%)', numeric: true },
      { key: 'projected', header: 'Projected', numeric: true },
      { key: 'high', header: 'High (+5%)', numeric: true },
    ],
    rows: [
      ...history.map((h) => ({ year: String(h.year), count: h.total, low: null, projected: null, high: null })),
      ...(projections.total?.points ?? []).map((p) => ({ year: String(p.year), count: null, low: p.low, projected: p.projected, high: p.high })),
    ],
  }

  const tables: Record<string, Table> = {
    headline,
    trend: trendTable,
    ...Object.fromEntries(breakdownTables('started', 'Children who started to be looked after', flows.started, 'Category of need')),
    ...Object.fromEntries(breakdownTables('ceased', 'Children who ceased to be looked after', flows.ceased, 'Reason')),
    'looked-after-placement': countTable('Children looked after by placement type', 'Placement', indicators.byPlacementType),
    'looked-after-provider': countTable('Children looked after by placement provider', 'Provider', indicators.byPlacementProvider),
    'looked-after-legal-status': countTable('Children looked after by legal status', 'Legal status', indicators.byLegalStatus),
    'looked-after-age': countTable('Children looked after by age', 'Age', indicators.byAgeBand),
    'looked-after-sex': countTable('Children looked after by sex', 'Sex', indicators.bySex),
    'looked-after-ethnicity': countTable('Children looked after by ethnicity', 'Ethnicity', indicators.byEthnicity),
    duration: countTable('Children looked after by time in care', 'Time in the current period of care', durationInCare(data, at)),
    'projection-total': projectionTotal,
    'projection-placement': projectionTable(`Projected by placement type to ${PROJECTION_END_YEAR}`, 'Placement', projections.byPlacementType),
    'projection-provider': projectionTable(`Projected by placement provider to ${PROJECTION_END_YEAR}`, 'Provider', projections.byPlacementProvider),
  }
  return { at, indicators, trend, projections, tables, hasData: data.episodes.length > 0 }
}

import type { TopLevelSpec } from 'vega-lite'
import type { Table } from '../../platform/http/tables.js'

/**
 * Chart data is read from the table as it will be shown: a hidden (suppressed) cell is left
 * out of the chart too, so a picture never gives away a number its table hides.
 */
export function longRows(table: Table, labelKey: string, series: Array<{ key: string; name: string }>, skip?: (row: Table['rows'][number]) => boolean) {
  const out: Array<{ label: string; series: string; value: number }> = []
  for (const row of table.rows) {
    if (skip?.(row)) continue
    for (const s of series) {
      const v = row[s.key]
      if (typeof v === 'number') out.push({ label: String(row[labelKey]), series: s.name, value: v })
    }
  }
  return out
}

/** A stacked bar chart: one bar per label, coloured by series. */
export function stackedBars(values: ReturnType<typeof longRows>, axis: { x: string; y: string; sort?: string[] }): TopLevelSpec {
  return {
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'label', type: 'nominal', title: axis.x, sort: axis.sort ?? null, axis: { labelAngle: 0, labelLimit: 140 } },
      y: { field: 'value', type: 'quantitative', title: axis.y, axis: { tickMinStep: 1 } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  }
}

/** Side-by-side bars: for each label, one bar per series. */
export function groupedBars(values: ReturnType<typeof longRows>, axis: { x: string; y: string; sort?: string[] }): TopLevelSpec {
  return {
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'label', type: 'nominal', title: axis.x, sort: axis.sort ?? null, axis: { labelAngle: 0, labelLimit: 160 } },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'value', type: 'quantitative', title: axis.y, axis: { tickMinStep: 1 } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  }
}

/** Bars against a target line (e.g. success rate against 50%). Values are fractions, shown as percentages. */
export function barsWithTarget(values: Array<{ label: string; value: number }>, target: number, axis: { x: string; y: string }): TopLevelSpec {
  return {
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'label', type: 'nominal', title: axis.x, sort: null, axis: { labelAngle: 0 } },
          y: { field: 'value', type: 'quantitative', title: axis.y, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
        },
      },
      {
        data: { values: [{ target }] },
        mark: { type: 'rule', color: '#d4351c', strokeWidth: 3, strokeDash: [8, 4] },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
    ],
  }
}

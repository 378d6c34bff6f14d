import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { Table } from '../http/tables.js'

/**
 * Charts are Vega-Lite rendered to SVG on the server: no script in the browser, the same
 * picture in a page, a printout and a report. The SVG is decorative to assistive technology
 * (aria-hidden); the figure's caption, text summary and data table carry the meaning.
 */

/** GOV.UK Design System colours, in the order a chart uses them. */
export const CHART_COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#28a197', '#912b88', '#505a5f']

const config = {
  font: 'arial, sans-serif',
  background: 'white',
  axis: { labelFontSize: 14, titleFontSize: 14, labelColor: '#0b0c0c', titleColor: '#0b0c0c', gridColor: '#b1b4b6', domainColor: '#0b0c0c' },
  legend: { labelFontSize: 14, titleFontSize: 14, orient: 'bottom' },
  range: { category: CHART_COLOURS },
  view: { stroke: null },
  bar: { color: CHART_COLOURS[0] },
  line: { color: CHART_COLOURS[0], strokeWidth: 3 },
  point: { color: CHART_COLOURS[0], size: 60 },
}

/** Render a Vega-Lite specification to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Unit and layer charts default to 600 × 300; a spec may set its own size.
  const withDefaults = { width: 600, height: 300, ...spec, config: { ...config, ...(spec.config ?? {}) } } as TopLevelSpec
  const compiled = compile(withDefaults).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  try {
    const svg = await view.toSVG()
    // Decorative to screen readers: the summary and table beside it say the same in words.
    return svg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" class="app-chart__svg" ')
  } finally {
    view.finalize()
  }
}

/** What a page needs to show a chart: see `platform/views/figure.njk`. */
export interface Figure {
  /** Unique on the page; used for the heading ids and export links. */
  id: string
  title: string
  /** One or two sentences saying what the chart shows, in words. */
  summary: string
  svg: string
  table: Table
  /** Links to download the table, e.g. `{ csv: '...?format=csv', xlsx: '...?format=xlsx' }`. */
  exports?: { csv?: string; xlsx?: string }
}

export async function figure(input: Omit<Figure, 'svg'> & { spec: TopLevelSpec }): Promise<Figure> {
  const { spec, ...rest } = input
  return { ...rest, svg: await renderSvg(spec) }
}

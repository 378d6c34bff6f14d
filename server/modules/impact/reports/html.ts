import { figure, type Figure } from '../../../platform/charts/index.js'
import type { Views } from '../../../platform/views/index.js'
import type { ReportDocument } from './model.js'

/**
 * The report as one self-contained, printable HTML page: the same words and tables as the
 * Word document, with each chart drawn beside its table. No script, no external files, so
 * it prints, saves and emails as it is. Served by the app, its one style block carries the
 * request's CSP nonce.
 */
export async function reportToHtml(report: ReportDocument, views: Views, options: { styleNonce?: string } = {}): Promise<string> {
  const sections = await Promise.all(
    report.sections.map(async (section) => ({
      ...section,
      tables: await Promise.all(
        section.tables.map(async (t, i) => ({
          ...t,
          figure: t.chart?.chart
            ? ((await figure({ id: `${section.id}-${i}`, title: t.table.title, summary: t.chart.summary, spec: t.chart.chart, table: t.table })) as Figure)
            : null,
        })),
      ),
    })),
  )
  return views.render('modules/impact/reports/html.njk', { report: { ...report, sections }, styleNonce: options.styleNonce ?? null })
}

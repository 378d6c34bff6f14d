import type { Executor } from '../../../platform/db/index.js'
import type { Views } from '../../../platform/views/index.js'
import { buildReport, type ReportKind } from './model.js'
import { financeFigures } from './finance.js'
import { reportToDocx } from './docx.js'
import { reportToHtml } from './html.js'
import type { Period } from '../domain/period.js'

export type { ReportKind, ReportDocument } from './model.js'
export type { FinanceFigures, Range } from './finance.js'
export { buildReport, reportToDocx, reportToHtml }

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** One report, built and rendered: what the reports page and the `report` command both call. */
export async function renderReport(
  db: Executor,
  views: Views,
  input: { organisationId: string; organisationName: string; kind: ReportKind; period: Period; today: string; format: 'docx' | 'html'; styleNonce?: string },
): Promise<Buffer | string> {
  const finance = await financeFigures(db, input.organisationId, input.period)
  const report = await buildReport(db, { ...input, finance })
  return input.format === 'docx' ? reportToDocx(report) : reportToHtml(report, views, { styleNonce: input.styleNonce })
}

import type { Executor } from '../../../platform/db/index.js'
import type { Table } from '../../../platform/http/tables.js'
import { formatDate } from '../../../platform/time/index.js'
import { buildServiceDashboard, type Section } from '../service-dashboard.js'
import { buildEquality, childrenInCareNote } from '../equality-service.js'
import { DEFAULT_THRESHOLDS } from '../domain/equality.js'
import { SUPPRESSED, SUPPRESSION_NOTE } from '../domain/suppression.js'
import type { Period } from '../domain/period.js'
import type { FinanceFigures } from './finance.js'

/**
 * The two reports (PRODUCT.md §4): the first full-year evaluation promised to Cabinet (source
 * document 000 §10-11: "an interim report, which will be provided to Cabinet in the form of the
 * first full-year evaluation") and the quarterly performance pack for the Strategy Delivery
 * Board. One model, rendered as a Word document (docx.ts) and a printable page (html.njk).
 * Every count is suppressed as reports must be (domain/suppression.ts).
 */
export type ReportKind = 'evaluation' | 'quarterly'

export interface ReportSection {
  id: string
  heading: string
  paragraphs: string[]
  /** Tables, each with an optional chart section it came from (the printable page draws the chart). */
  tables: Array<{ table: Table; note?: string; chart?: Section }>
  bullets?: string[]
}

export interface ReportDocument {
  kind: ReportKind
  title: string
  subtitle: string
  organisationName: string
  period: Period
  generatedOn: string
  sections: ReportSection[]
  suppressionNote: string
}

const money = (n: number) => `£${n.toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`
const cellText = (v: unknown) =>
  v === SUPPRESSED ? 'a small number (hidden)' : v === null || v === undefined ? 'no figure' : typeof v === 'number' ? v.toLocaleString('en-GB') : String(v)

export async function buildReport(
  db: Executor,
  input: { organisationId: string; organisationName: string; kind: ReportKind; period: Period; today: string; finance: FinanceFigures | null },
): Promise<ReportDocument> {
  const { organisationId, period, kind, finance } = input
  const [dashboard, equality] = await Promise.all([
    buildServiceDashboard(db, organisationId, { ...period, teamId: null }, { kind: 'report' }, input.today),
    buildEquality(db, organisationId, period, DEFAULT_THRESHOLDS, { kind: 'report' }),
  ])
  const section = (id: string) => dashboard.sections.find((s) => s.id === id)
  const use = (id: string) => {
    const s = section(id)
    return s ? [{ table: s.table, note: s.definition, ...(s.chart ? { chart: s } : {}) }] : []
  }
  const range = `${formatDate(period.from)} to ${formatDate(period.to)}`
  const sections: ReportSection[] = []

  if (kind === 'evaluation') {
    sections.push({
      id: 'purpose',
      heading: '1. Purpose',
      paragraphs: [
        `This is the evaluation of the Edge of Care and Prevention service for ${range}, as Cabinet asked when it agreed to fund the service's first full year: evidence of its impact on children and families, and whether savings from fewer children coming into care can pay for it from the core budget.`,
        'The service works with families of children aged 10 to 17 (younger with a reason) through three strands: crisis and de-escalation, risk of care, and reunification. It works alongside the allocated social worker and never replaces statutory safeguarding.',
        'Every figure comes from the records the service keeps as it works: referrals, panel decisions, allocations, contacts, outcomes at closure and follow-ups at 3, 6, 12 and 18 months. Each table says how its figures are counted.',
      ],
      tables: [],
    })
  }

  const n = kind === 'evaluation' ? 1 : 0
  sections.push({
    id: 'activity',
    heading: `${n + 1}. Activity`,
    paragraphs: [section('referrals')?.summary ?? '', section('decisions')?.summary ?? '', section('capacity')?.summary ?? ''].filter(Boolean),
    tables: [...use('referrals'), ...use('decisions'), ...use('first-contact'), ...use('capacity'), ...use('caseloads'), ...use('waiting'), ...use('re-referrals')],
  })
  sections.push({
    id: 'outcomes',
    heading: `${n + 2}. Outcomes`,
    paragraphs: [section('outcomes')?.summary ?? '', section('success')?.summary ?? '', section('kept-at-home')?.summary ?? ''].filter(Boolean),
    tables: [...use('outcomes'), ...use('follow-ups'), ...use('success'), ...use('kept-at-home')],
    bullets: [
      'Broader outcomes (school attendance, exclusions, Strengths and Difficulties Questionnaire scores, missing episodes, youth justice) are not yet recorded on cases, so this report has no figures for them.',
    ],
  })

  if (finance) {
    const rangeRow = (label: string, r: { low: number; central: number; high: number }) => ({ label, low: money(r.low), central: money(r.central), high: money(r.high) })
    sections.push({
      id: 'finance',
      heading: `${n + 3}. Finance`,
      paragraphs: [
        `Cost avoidance and savings are shown as a range: low uses the high deadweight and the fewest weeks avoided, high the low deadweight and the most weeks. The service cost for the period is ${money(finance.serviceCost)}.`,
        `Break-even: ${finance.breakEvenChildren ?? 'not known (no residential unit cost is set)'} children kept out of residential care for a year before deadweight; after deadweight and weeks avoided, ${finance.breakEvenChildrenNet.low ?? 'not known'} (low), ${finance.breakEvenChildrenNet.central ?? 'not known'} (central) or ${finance.breakEvenChildrenNet.high ?? 'not known'} (high).`,
      ],
      tables: [
        {
          table: {
            title: 'Cost avoidance, savings and net position',
            columns: [
              { key: 'label', header: 'Figure' },
              { key: 'low', header: 'Low' },
              { key: 'central', header: 'Central' },
              { key: 'high', header: 'High' },
            ],
            rows: [
              rangeRow('Cost avoidance', finance.costAvoidance),
              rangeRow('Savings', finance.savings),
              { label: 'Service cost', low: money(finance.serviceCost), central: money(finance.serviceCost), high: money(finance.serviceCost) },
              rangeRow('Net', finance.net),
            ],
          },
        },
        {
          table: {
            title: 'Parameters and unit costs used',
            columns: [
              { key: 'name', header: 'Parameter' },
              { key: 'value', header: 'Value' },
              { key: 'source', header: 'Source' },
            ],
            rows: finance.parameters.map((p) => ({ ...p })),
          },
        },
      ],
    })
  } else {
    sections.push({
      id: 'finance',
      heading: `${n + 3}. Finance`,
      paragraphs: ['No child was on a case closed in this period, so there is no cost avoidance or saving to report. No figure is shown rather than a row of zeros.'],
      tables: [],
    })
  }

  const flagged = equality.sections.flatMap((s) => s.flagged.map((f) => `${s.title}: ${f}`))
  sections.push({
    id: 'equality',
    heading: `${n + 4}. Equality`,
    paragraphs: [
      `${cellText(equality.supportedTotal)} children were supported ${range}. Each group's share among them is compared with its share of the council's child population aged 10 to 17 and of its children in care; a group is flagged when the ratio is below ${equality.thresholds.low} or above ${equality.thresholds.high}, unless fewer than 5 children in it were supported.`,
      equality.reference.loaded
        ? `Child population: ${equality.reference.source ?? ''}.`
        : 'The council’s child population has not been entered, so there are no ratios against it.',
      childrenInCareNote(equality),
      flagged.length ? 'Flagged groups:' : 'No group is flagged.',
    ],
    bullets: flagged,
    tables: equality.sections.flatMap((s) => [{ table: s.population }, ...(s.childrenInCare ? [{ table: s.childrenInCare }] : [])]),
  })

  sections.push({
    id: 'risks',
    heading: `${n + 5}. Risks`,
    paragraphs: ['What the figures say needs attention, and the standing risks of the service.'],
    tables: [],
    bullets: risks(dashboard.sections, equality.reference.loaded, equality.childrenInCare.loaded, finance),
  })

  return {
    kind,
    title: kind === 'evaluation' ? 'Edge of Care and Prevention service: first full-year evaluation' : 'Edge of Care and Prevention service: quarterly performance pack',
    subtitle: `${input.organisationName}, ${range}`,
    organisationName: input.organisationName,
    period,
    generatedOn: formatDate(input.today),
    sections,
    suppressionNote: SUPPRESSION_NOTE,
  }
}

/** Risks read from the figures (each rule says what triggers it), then the standing risk source document 000 names. */
export function risks(sections: Section[], referenceLoaded: boolean, careLoaded: boolean, finance: FinanceFigures | null): string[] {
  const out: string[] = []
  const total = (id: string) => sections.find((s) => s.id === id)?.table.rows.at(-1)
  const success = total('success')
  if (typeof success?.rate === 'number' && success.rate < 50) out.push(`The success rate (${success.rate}%) is below the 50% target.`)
  const waiting = total('waiting')
  if (typeof waiting?.families === 'number' && waiting.families > 0)
    out.push(`${waiting.families} families are waiting for a worker; the longest has waited ${String(waiting.longest)} days.`)
  if (waiting?.families === SUPPRESSED) out.push('A small number of families are waiting for a worker.')
  const caseloads = total('caseloads')
  if (typeof caseloads?.atOrOverCap === 'number' && caseloads.atOrOverCap > 0) out.push(`${caseloads.atOrOverCap} workers lead as many families as their caseload cap or more.`)
  const decisions = total('decisions')
  if (typeof decisions?.median === 'number' && decisions.median > 10)
    out.push(`The median time to a panel decision (${decisions.median} working days) is over the 10-working-day target.`)
  const followUps = sections.find((s) => s.id === 'follow-ups')?.table.rows ?? []
  const unrecorded = followUps.reduce((n, r) => n + (typeof r.not_recorded === 'number' ? r.not_recorded : 0), 0)
  if (unrecorded > 0 || followUps.some((r) => r.not_recorded === SUPPRESSED))
    out.push('Some follow-ups that are due have not been recorded, so the outcomes may understate children who later came into care.')
  if (!referenceLoaded) out.push('The council’s child population has not been entered, so equality cannot be judged against it.')
  if (!careLoaded) out.push('No SSDA903 return has been imported, so follow-ups cannot be checked against care episodes and equality cannot be compared with the children in care.')
  if (!finance) out.push('No case closed in the period, so the report has no finance figures to show.')
  out.push(
    'Standing risk (source document 000): supporting children to stay at home or return home carries more risk than the oversight care offers; the service manages it with two team managers, close work with the allocated social worker, and statutory safeguarding whenever a child needs it.',
  )
  return out
}

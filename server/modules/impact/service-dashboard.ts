import type { TopLevelSpec } from 'vega-lite'
import type { Executor } from '../../platform/db/index.js'
import type { Table, TableCell } from '../../platform/http/tables.js'
import { figure, type Figure } from '../../platform/charts/index.js'
import { formatDate } from '../../platform/time/index.js'
import * as repo from './repository.js'
import { annualCapacity, capacityForPeriod } from './domain/capacity.js'
import { strandCapacityFor } from '../allocation/settings.js'
import { financialYearOf } from '../allocation/domain/dashboard.js'
import { headlineOutcomes, successRate, SUCCESS_RATE_TARGET, SUCCESS_STRANDS } from './domain/outcomes.js'
import { periodDays, type Period } from './domain/period.js'
import { SUPPRESSED, suppressFor, suppressTable, type Audience, type SuppressionPlan } from './domain/suppression.js'
import { FOLLOW_UP_LABELS, FOLLOW_UP_MONTHS, FOLLOW_UP_STATES, OUTCOME_LABELS, OUTCOMES, REFERRER_TEAM_LABELS, REFERRER_TEAMS, STRANDS, strandLabel } from './labels.js'
import { barsWithTarget, groupedBars, longRows, stackedBars } from './charts.js'

/**
 * The service dashboard (PRODUCT.md §4, source document 000 §4.7): every figure is a table
 * built here from the SQL aggregates in repository.ts, with its definition beside it. The
 * same sections make the page, the CSV and Excel exports, the reports and the API answer;
 * only the audience decides whether small counts are hidden (domain/suppression.ts).
 */
export interface DashboardScope extends Period {
  teamId: string | null
}

export interface Section {
  id: string
  title: string
  /** What the figure counts and where it comes from, in words: shown under the figure and in docs/impact.md. */
  definition: string
  table: Table
  /** A sentence or two saying what the figure shows, from the table as shown (after suppression). */
  summary: string
  chart?: TopLevelSpec
}

export interface Headline {
  id: string
  label: string
  /** A count, a percentage (0-100) or `c` when hidden. null when there is nothing to count: the page says so in words. */
  value: number | string | null
  unit?: '%' | 'hours' | 'working days'
  detail: string
}

export interface ServiceDashboard {
  scope: DashboardScope
  today: string
  suppressed: boolean
  headlines: Headline[]
  sections: Section[]
  /** Broader outcomes (school attendance, exclusions, SDQ, missing episodes, youth justice) are not yet recorded by the casework. */
  broaderOutcomesRecorded: false
}

const pct = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 10)
const oneDecimal = (n: number | null): number | null => (n === null ? null : Math.round(Number(n) * 10) / 10)
const num = (c: TableCell | undefined): number => (typeof c === 'number' ? c : 0)
const shown = (c: TableCell | undefined): string =>
  c === SUPPRESSED ? 'a small number' : c === null || c === undefined ? 'no' : typeof c === 'number' ? c.toLocaleString('en-GB') : c
const isTotal = (row: Record<string, TableCell>) => row.label === 'Total' || row.label === 'All strands' || row.label === 'All teams'

function apply(table: Table, plan: SuppressionPlan, hide: boolean): Table {
  return hide ? suppressTable(table, plan) : table
}

export async function buildServiceDashboard(db: Executor, organisationId: string, scope: DashboardScope, audience: Audience, today: string): Promise<ServiceDashboard> {
  const hide = suppressFor(audience)
  const s: repo.Scope = { organisationId, from: scope.from, to: scope.to, teamId: scope.teamId, today }
  const [referrals, decisions, contactTimes, caseloads, waiting, accepted, outcomes, followUps] = await Promise.all([
    repo.referralCounts(db, s),
    repo.decisionCounts(db, s),
    repo.firstContactTimes(db, s),
    repo.teamCaseloads(db, s),
    repo.waitingList(db, s),
    repo.casesAccepted(db, s),
    repo.closureOutcomes(db, s),
    repo.followUpStates(db, s),
  ])
  const period = `from ${formatDate(scope.from)} to ${formatDate(scope.to)}`
  const sections: Section[] = []

  // ---------------------------------------------------------------- referrals by source team and strand
  {
    const strands = STRANDS.filter((st) => referrals.some((r) => r.strand === st) || st !== 'placement_stability')
    const body = REFERRER_TEAMS.map((team) => {
      const row: Record<string, TableCell> = { label: REFERRER_TEAM_LABELS[team] ?? team }
      for (const st of strands) row[st] = referrals.filter((r) => r.referrerTeam === team && r.strand === st).reduce((n, r) => n + r.referrals, 0)
      row.total = strands.reduce((n, st) => n + num(row[st]), 0)
      return row
    })
    const totalRow: Record<string, TableCell> = { label: 'Total' }
    for (const key of [...strands, 'total']) totalRow[key] = body.reduce((n, r) => n + num(r[key]), 0)
    const table = apply(
      {
        title: 'Referrals by referring team and strand',
        columns: [
          { key: 'label', header: 'Referring team' },
          ...strands.map((st) => ({ key: st, header: strandLabel(st), numeric: true })),
          { key: 'total', header: 'Total', numeric: true },
        ],
        rows: [...body, totalRow],
      },
      { countColumns: [...strands], rowTotal: 'total', isTotalRow: isTotal },
      hide,
    )
    const last = table.rows[table.rows.length - 1]
    sections.push({
      id: 'referrals',
      title: 'Referrals by referring team and strand',
      definition:
        'Referrals submitted to the service (not drafts) whose date received, in London time, is in the period, by the referring social worker’s team and the strand asked for. With a team chosen: referrals whose case is allocated to that team or, before allocation, whose family lives in a district the team covers.',
      table,
      summary: `${shown(last?.total)} referrals were received ${period}.`,
      chart: stackedBars(
        longRows(
          table,
          'label',
          strands.map((st) => ({ key: st, name: strandLabel(st) })),
          isTotal,
        ),
        { x: 'Referring team', y: 'Referrals' },
      ),
    })
  }

  // ---------------------------------------------------------------- decisions: acceptance rate and time to decision
  const decisionTable = (() => {
    const rows = [...STRANDS.map((st) => decisions.find((d) => d.strand === st) ?? null), decisions.find((d) => d.strand === null) ?? null]
    const labels = [...STRANDS.map(strandLabel), 'All strands']
    return apply(
      {
        title: 'Panel decisions and time to decision',
        columns: [
          { key: 'label', header: 'Strand' },
          { key: 'accepted', header: 'Accepted', numeric: true },
          { key: 'declined', header: 'Declined', numeric: true },
          { key: 'steppedDown', header: 'Stepped down', numeric: true },
          { key: 'decided', header: 'Decided', numeric: true },
          { key: 'awaiting', header: 'Awaiting a decision', numeric: true },
          { key: 'acceptance', header: 'Acceptance rate (%)', numeric: true },
          { key: 'median', header: 'Median working days to decision', numeric: true },
          { key: 'withinTarget', header: 'Decided within 10 working days', numeric: true },
        ],
        rows: rows.map((d, i) => ({
          label: labels[i] ?? '',
          accepted: d?.accepted ?? 0,
          declined: d?.declined ?? 0,
          steppedDown: d?.steppedDown ?? 0,
          decided: d?.decided ?? 0,
          awaiting: d?.awaiting ?? 0,
          acceptance: d ? pct(d.accepted, d.decided) : null,
          median: d ? oneDecimal(d.medianWorkingDays) : null,
          withinTarget: d?.withinTarget ?? 0,
        })),
      },
      {
        countColumns: ['accepted', 'declined', 'steppedDown'],
        rowTotal: 'decided',
        otherCounts: ['awaiting', 'withinTarget'],
        isTotalRow: isTotal,
        derived: { acceptance: ['accepted', 'decided'], median: 'decided' },
      },
      hide,
    )
  })()
  const allDecisions = decisionTable.rows[decisionTable.rows.length - 1]
  sections.push({
    id: 'decisions',
    title: 'Panel decisions and time to decision',
    definition:
      'For the referrals received in the period: each referral’s first final panel decision (accepted, declined or stepped down; “more information needed” is not final). Acceptance rate = accepted ÷ decided. Time to decision = working days (Monday to Friday, not bank holidays) after the day the referral was received up to the day decided; the target is 10 working days (PRODUCT.md §2).',
    table: decisionTable,
    summary: `Of the referrals received ${period}, ${shown(allDecisions?.decided)} have been decided and ${shown(allDecisions?.accepted)} accepted (acceptance rate ${shown(allDecisions?.acceptance)}${typeof allDecisions?.acceptance === 'number' ? '%' : ''}). The median time to decision was ${shown(allDecisions?.median)} working days.`,
  })

  // ---------------------------------------------------------------- time to first contact
  const contactTable = (() => {
    const rows = [...STRANDS.map((st) => contactTimes.find((d) => d.strand === st) ?? null), contactTimes.find((d) => d.strand === null) ?? null]
    const labels = [...STRANDS.map(strandLabel), 'All strands']
    return apply(
      {
        title: 'Time from referral to first contact',
        columns: [
          { key: 'label', header: 'Strand' },
          { key: 'families', header: 'Families contacted', numeric: true },
          { key: 'median', header: 'Median hours to first contact', numeric: true },
          { key: 'within24', header: 'Contacted within 24 hours', numeric: true },
        ],
        rows: rows.map((d, i) => ({ label: labels[i] ?? '', families: d?.families ?? 0, median: d ? oneDecimal(d.medianHours) : null, within24: d?.within24Hours ?? 0 })),
      },
      { countColumns: [], otherCounts: ['families', 'within24'], isTotalRow: isTotal, derived: { median: 'families' } },
      hide,
    )
  })()
  const crisisContact = contactTable.rows[0]
  sections.push({
    id: 'first-contact',
    title: 'Time from referral to first contact',
    definition:
      'For the referrals received in the period whose case has had at least one contact: the hours from the referral being received to the first contact recorded on the case. The target for crisis referrals is first contact within 24 hours (PRODUCT.md §2).',
    table: contactTable,
    summary: `${shown(crisisContact?.within24)} of ${shown(crisisContact?.families)} crisis families contacted were contacted within 24 hours of the referral.`,
  })

  // ---------------------------------------------------------------- caseloads against caps (today)
  const caseloadTable = apply(
    {
      title: 'Open families and caseloads against caps, today',
      columns: [
        { key: 'label', header: 'Team' },
        { key: 'workers', header: 'Workers', numeric: true },
        { key: 'families', header: 'Open families led', numeric: true },
        { key: 'capacity', header: 'Sum of caseload caps', numeric: true },
        { key: 'atOrOverCap', header: 'Workers at or over their cap', numeric: true },
      ],
      rows: caseloads.map((c) => ({ label: c.team ?? 'All teams', workers: c.workers, families: c.families, capacity: c.capacity, atOrOverCap: c.atOrOverCap })),
    },
    { countColumns: [], otherCounts: ['families'], isTotalRow: isTotal },
    hide,
  )
  const allCaseloads = caseloadTable.rows[caseloadTable.rows.length - 1]
  sections.push({
    id: 'caseloads',
    title: 'Open families and caseloads against caps, today',
    definition:
      'Today, not for the period: each team’s family support workers and senior practitioners, the open cases (active or closure waiting for sign-off) they lead, the sum of their caseload caps (5 to 7 families a worker, default 6) and how many lead as many families as their cap or more. Co-worked cases are not counted against a cap.',
    table: caseloadTable,
    summary: `${shown(allCaseloads?.families)} families are open today against caseload caps totalling ${shown(allCaseloads?.capacity)}.`,
  })

  // ---------------------------------------------------------------- waiting list (today)
  const waitingTable = (() => {
    const rows = [...STRANDS.map((st) => waiting.find((d) => d.strand === st) ?? null), waiting.find((d) => d.strand === null) ?? null]
    const labels = [...STRANDS.map(strandLabel), 'All strands']
    return apply(
      {
        title: 'Waiting list today',
        columns: [
          { key: 'label', header: 'Strand' },
          { key: 'families', header: 'Families waiting', numeric: true },
          { key: 'median', header: 'Median days waiting', numeric: true },
          { key: 'longest', header: 'Longest wait (days)', numeric: true },
        ],
        rows: rows.map((d, i) => ({
          label: labels[i] ?? '',
          families: d?.families ?? 0,
          median: d ? oneDecimal(d.medianDaysWaiting) : null,
          longest: d?.longestDaysWaiting ?? null,
        })),
      },
      { countColumns: [], otherCounts: ['families'], isTotalRow: isTotal, derived: { median: 'families', longest: 'families' } },
      hide,
    )
  })()
  const allWaiting = waitingTable.rows[waitingTable.rows.length - 1]
  sections.push({
    id: 'waiting',
    title: 'Waiting list today',
    definition: 'Today, not for the period: cases accepted by the panel and waiting for a worker, and the days since the panel accepted them.',
    table: waitingTable,
    summary: `${shown(allWaiting?.families)} families are waiting for a worker today; the longest has waited ${shown(allWaiting?.longest)} days.`,
  })

  // ---------------------------------------------------------------- capacity used per strand
  const days = periodDays(scope)
  // The administrator's capacity for the financial year the period starts in (casework settings; PRODUCT §2's defaults where none is set).
  const settings = Object.fromEntries((await strandCapacityFor(db, organisationId, financialYearOf(scope.from))).map((c) => [c.strand, c.capacity]))
  const capacityTable = (() => {
    const body = STRANDS.map((st) => {
      const families = accepted.filter((a) => a.strand === st).reduce((n, a) => n + a.families, 0)
      const capacity = capacityForPeriod(annualCapacity(st, settings), days)
      return { label: strandLabel(st), families, capacity, used: pct(families, capacity) }
    })
    const families = body.reduce((n, r) => n + r.families, 0)
    const capacity = body.reduce((n, r) => n + r.capacity, 0)
    return apply(
      {
        title: 'Capacity used per strand',
        columns: [
          { key: 'label', header: 'Strand' },
          { key: 'families', header: 'Families accepted', numeric: true },
          { key: 'capacity', header: 'Capacity for the period', numeric: true },
          { key: 'used', header: 'Capacity used (%)', numeric: true },
        ],
        rows: [...body, { label: 'Total', families, capacity, used: pct(families, capacity) }],
      },
      { countColumns: ['families'], isTotalRow: isTotal, derived: { used: 'families' } },
      hide,
    )
  })()
  sections.push({
    id: 'capacity',
    title: 'Capacity used per strand',
    definition:
      'Families whose case the panel accepted in the period (a case is one family), against the strand’s annual capacity in families for the financial year the period starts in, as the administrator sets it in the casework settings (by default crisis 60, risk of care 120, reunification 60, placement stability 0: PRODUCT.md §2 from source document 000 §4.6), × the days in the period ÷ 365, to the nearest family.',
    table: capacityTable,
    summary: `${shown(capacityTable.rows[capacityTable.rows.length - 1]?.families)} families were accepted ${period}, against a capacity of ${shown(capacityTable.rows[capacityTable.rows.length - 1]?.capacity)} for the period.`,
    chart: groupedBars(
      longRows(
        capacityTable,
        'label',
        [
          { key: 'families', name: 'Families accepted' },
          { key: 'capacity', name: 'Capacity for the period' },
        ],
        isTotal,
      ),
      { x: 'Strand', y: 'Families' },
    ),
  })

  // ---------------------------------------------------------------- outcomes at closure
  {
    const body = STRANDS.map((st) => {
      const row: Record<string, TableCell> = { label: strandLabel(st) }
      for (const o of OUTCOMES) row[o] = outcomes.filter((r) => r.strand === st && r.outcome === o).reduce((n, r) => n + r.children, 0)
      row.total = OUTCOMES.reduce((n, o) => n + num(row[o]), 0)
      return row
    })
    const totalRow: Record<string, TableCell> = { label: 'Total' }
    for (const key of [...OUTCOMES, 'total']) totalRow[key] = body.reduce((n, r) => n + num(r[key]), 0)
    const table = apply(
      {
        title: 'Outcomes at closure',
        columns: [
          { key: 'label', header: 'Strand' },
          ...OUTCOMES.map((o) => ({ key: o, header: OUTCOME_LABELS[o] ?? o, numeric: true })),
          { key: 'total', header: 'Children', numeric: true },
        ],
        rows: [...body, totalRow],
      },
      { countColumns: [...OUTCOMES], rowTotal: 'total', isTotalRow: isTotal },
      hide,
    )
    sections.push({
      id: 'outcomes',
      title: 'Outcomes at closure',
      definition:
        'Each referred child on a case closed in the period (closure signed off, closure date in the period), by strand and the outcome the team recorded at closure. With a team chosen: cases that team held.',
      table,
      summary: `${shown(table.rows[table.rows.length - 1]?.total)} children were on cases closed ${period}; ${shown(table.rows[table.rows.length - 1]?.remained_at_home)} remained at home or in their family network.`,
      chart: stackedBars(
        longRows(
          table,
          'label',
          OUTCOMES.map((o) => ({ key: o, name: OUTCOME_LABELS[o] ?? o })),
          isTotal,
        ),
        { x: 'Strand', y: 'Children' },
      ),
    })
  }

  // ---------------------------------------------------------------- follow-up points
  {
    const body = FOLLOW_UP_MONTHS.map((m) => {
      const row: Record<string, TableCell> = { label: `${m} months` }
      for (const st of FOLLOW_UP_STATES) row[st] = followUps.filter((f) => f.months === m && f.state === st).reduce((n, f) => n + f.children, 0)
      row.total = FOLLOW_UP_STATES.reduce((n, st) => n + num(row[st]), 0)
      return row
    })
    const table = apply(
      {
        title: 'Where children were at each follow-up point',
        columns: [
          { key: 'label', header: 'After closure' },
          ...FOLLOW_UP_STATES.map((st) => ({ key: st, header: FOLLOW_UP_LABELS[st] ?? st, numeric: true })),
          { key: 'total', header: 'Children', numeric: true },
        ],
        rows: body,
      },
      { countColumns: [...FOLLOW_UP_STATES], rowTotal: 'total' },
      hide,
    )
    sections.push({
      id: 'follow-ups',
      title: 'Where children were at each follow-up point',
      definition:
        'For the children on cases closed in the period: where each was 3, 6, 12 and 18 months after closure, as the team recorded it or as resolved from imported SSDA903 episodes. Before a follow-up is recorded it is “due, not recorded” once its date has passed, otherwise “not due yet”.',
      table,
      summary: `At 6 months after closure, ${shown(table.rows[1]?.at_home)} children were recorded at home and ${shown(table.rows[1]?.in_care)} in care.`,
      chart: stackedBars(
        longRows(
          table,
          'label',
          FOLLOW_UP_STATES.map((st) => ({ key: st, name: FOLLOW_UP_LABELS[st] ?? st })),
        ),
        { x: 'After closure', y: 'Children', sort: FOLLOW_UP_MONTHS.map((m) => `${m} months`) },
      ),
    })
  }

  // ---------------------------------------------------------------- success rate against the target
  const success = (() => {
    const rows = [...SUCCESS_STRANDS.map((st) => ({ label: strandLabel(st), r: successRate(outcomes, [st]) })), { label: 'Total', r: successRate(outcomes) }]
    return apply(
      {
        title: 'Success rate against the 50% target',
        columns: [
          { key: 'label', header: 'Strand' },
          { key: 'notInCare', header: 'Not in care', numeric: true },
          { key: 'enteredCare', header: 'Entered care', numeric: true },
          { key: 'workedWith', header: 'Children worked with', numeric: true },
          { key: 'rate', header: 'Success rate (%)', numeric: true },
        ],
        rows: rows.map(({ label, r }) => ({
          label,
          notInCare: r.notInCare,
          enteredCare: r.enteredCare,
          workedWith: r.workedWith,
          rate: r.rate === null ? null : Math.round(r.rate * 1000) / 10,
        })),
      },
      { countColumns: ['notInCare', 'enteredCare'], rowTotal: 'workedWith', isTotalRow: isTotal, derived: { rate: ['notInCare', 'enteredCare', 'workedWith'] } },
      hide,
    )
  })()
  const successTotal = success.rows[success.rows.length - 1]
  sections.push({
    id: 'success',
    title: 'Success rate against the 50% target',
    definition:
      'As API.md defines successRate: children not in care ÷ children worked with, for children on crisis and risk-of-care cases closed in the period; children whose outcome is “other” are left out of both. A child recorded in care at closure or at any follow-up so far counts as entered care. The target is 50% (PRODUCT.md §3).',
    table: success,
    summary:
      typeof successTotal?.rate === 'number'
        ? `The success rate ${period} was ${successTotal.rate}% against a target of 50%: ${shown(successTotal.notInCare)} of ${shown(successTotal.workedWith)} children were not in care.`
        : successTotal?.rate === SUPPRESSED
          ? 'The success rate is hidden because it would let a small number of children be worked out.'
          : `No crisis or risk-of-care case with a child counted closed ${period}, so there is no success rate yet.`,
    chart: barsWithTarget(
      success.rows.filter((r) => typeof r.rate === 'number').map((r) => ({ label: String(r.label), value: num(r.rate) / 100 })),
      SUCCESS_RATE_TARGET,
      { x: 'Strand', y: 'Success rate' },
    ),
  })

  // ---------------------------------------------------------------- the outcomes 000 §4.7 promised
  const headline = headlineOutcomes(outcomes)
  const promised = apply(
    {
      title: 'Children kept safely at home or returned home',
      columns: [
        { key: 'label', header: 'Measure' },
        { key: 'children', header: 'Children', numeric: true },
      ],
      rows: [
        { label: 'Children in crisis supported to remain at home', children: headline.crisisRemainedAtHome },
        { label: 'Children supported to return home from care', children: headline.returnedHome },
        { label: 'Children at high risk of care who remained with their family', children: headline.atRiskRemainedWithFamily },
      ],
    },
    { countColumns: [], otherCounts: ['children'] },
    hide,
  )
  sections.push({
    id: 'kept-at-home',
    title: 'Children kept safely at home or returned home',
    definition:
      'The three outcomes source document 000 §4.7 promised to monitor, for children on cases closed in the period, leaving out any child a follow-up has since recorded in care: crisis strand, outcome remained at home; any strand, outcome returned home from care; risk-of-care strand, outcome remained at home.',
    table: promised,
    summary: `${shown(promised.rows[0]?.children)} children in crisis were supported to remain at home and ${shown(promised.rows[1]?.children)} were supported to return home from care.`,
  })

  // ---------------------------------------------------------------- re-referrals
  const reReferralTable = (() => {
    const body = STRANDS.map((st) => {
      const rs = referrals.filter((r) => r.strand === st)
      const total = rs.reduce((n, r) => n + r.referrals, 0)
      const again = rs.reduce((n, r) => n + r.reReferrals, 0)
      return { label: strandLabel(st), referrals: total, reReferrals: again, share: pct(again, total) }
    })
    const total = body.reduce((n, r) => n + r.referrals, 0)
    const again = body.reduce((n, r) => n + r.reReferrals, 0)
    return apply(
      {
        title: 'Re-referrals',
        columns: [
          { key: 'label', header: 'Strand' },
          { key: 'referrals', header: 'Referrals', numeric: true },
          { key: 'reReferrals', header: 'Re-referrals', numeric: true },
          { key: 'share', header: 'Re-referrals (%)', numeric: true },
        ],
        rows: [...body, { label: 'Total', referrals: total, reReferrals: again, share: pct(again, total) }],
      },
      { countColumns: [], otherCounts: ['referrals', 'reReferrals'], isTotalRow: isTotal, derived: { share: ['referrals', 'reReferrals'] } },
      hide,
    )
  })()
  const allReReferrals = reReferralTable.rows[reReferralTable.rows.length - 1]
  sections.push({
    id: 're-referrals',
    title: 'Re-referrals',
    definition: 'Referrals received in the period for a family whose case had closed in the 12 months before (the flag the referral carries from screening, PRODUCT.md §2).',
    table: reReferralTable,
    summary: `${shown(allReReferrals?.reReferrals)} of the ${shown(allReReferrals?.referrals)} referrals received ${period} were re-referrals.`,
  })

  const headlines: Headline[] = [
    { id: 'referrals', label: 'Referrals received', value: (sections[0]?.table.rows.at(-1)?.total ?? null) as number | string | null, detail: period },
    { id: 'acceptance', label: 'Acceptance rate', value: (allDecisions?.acceptance ?? null) as number | string | null, unit: '%', detail: 'of referrals decided' },
    {
      id: 'time-to-decision',
      label: 'Median time to decision',
      value: (allDecisions?.median ?? null) as number | string | null,
      unit: 'working days',
      detail: 'target 10 working days',
    },
    { id: 'success-rate', label: 'Success rate', value: (successTotal?.rate ?? null) as number | string | null, unit: '%', detail: 'target 50%' },
    {
      id: 'open-families',
      label: 'Open families today',
      value: (allCaseloads?.families ?? null) as number | string | null,
      detail: `caseload caps total ${shown(allCaseloads?.capacity)}`,
    },
    { id: 'waiting', label: 'Waiting for a worker today', value: (allWaiting?.families ?? null) as number | string | null, detail: 'families' },
  ]

  return { scope, today, suppressed: hide, headlines, sections, broaderOutcomesRecorded: false }
}

/**
 * Drawing a chart (Vega-Lite → SVG) costs far more than the figures behind it, and most views
 * of the dashboard ask for the same period: so the SVGs of the last charts drawn are kept,
 * keyed by their full specification (which holds the data), and a repeated view redraws nothing.
 */
const SVG_CACHE_SIZE = 100
const svgCache = new Map<string, string>()

async function cachedFigure(input: Parameters<typeof figure>[0]): Promise<Figure> {
  const key = JSON.stringify(input.spec)
  const hit = svgCache.get(key)
  if (hit !== undefined) {
    const { spec: _spec, ...rest } = input
    return { ...rest, svg: hit }
  }
  const made = await figure(input)
  svgCache.set(key, made.svg)
  if (svgCache.size > SVG_CACHE_SIZE) svgCache.delete(svgCache.keys().next().value as string)
  return made
}

/** The dashboard's charts as figures for a page or printable report, each with its table and export links. */
export async function figuresOf(sections: Section[], exportBase: string | null): Promise<Array<Section & { figure: Figure | null }>> {
  return Promise.all(
    sections.map(async (section) => ({
      ...section,
      figure: section.chart
        ? await cachedFigure({
            id: section.id,
            title: section.title,
            summary: section.summary,
            spec: section.chart,
            table: section.table,
            ...(exportBase ? { exports: { csv: `${exportBase}format=csv&table=${section.id}`, xlsx: `${exportBase}format=xlsx&table=${section.id}` } } : {}),
          })
        : null,
    })),
  )
}

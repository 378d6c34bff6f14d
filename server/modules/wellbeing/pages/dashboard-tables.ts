import type { Table, TableCell } from '../../../platform/http/tables.js'
import { LABELS } from '../domain/codes.js'

/** A count as the dashboard shows it: null is a count of 1 to 4 a board viewer may not see. */
type Count = number | null

/** The dashboard's figures as the page shows them, after any suppression for board viewers. */
export interface ShownDashboard {
  referralsTotal: Count
  referralsByAuthority: { authority: string; partner: boolean; referrals: Count; sessions: Count; cost: number | null }[]
  waits: Record<'toTriage' | 'toFirstSession', { targetDays: number; reached: Count; withinTarget: Count; medianDays: number | null; stillWaiting: Count }>
  activity: { tariffActivity: string; mode: string; sessions: Count; cost: number }[]
  sessionsTotal: Count
  costTotal: number
  partners: { name: string; sharePercent: number; fundedCost: number; costOfTheirChildren: number }[]
  costOfOtherAuthoritiesChildren: number
  flags: { due: Count; respondedOnTime: Count; notOnTime: Count }
}

export const DASHBOARD_TABLES = ['by-authority', 'waits', 'activity', 'partners', 'flags'] as const
export type DashboardTableKey = (typeof DASHBOARD_TABLES)[number]

/** As on the page: a suppressed count is "Fewer than 5", never the number. */
const count = (n: Count): TableCell => (n === null ? 'Fewer than 5' : n)

/**
 * The dashboard's tables for its CSV and Excel downloads, from the same figures the page
 * shows, so a board viewer's download suppresses the same counts. Money in pounds to the
 * penny (rounded half up), as on the page.
 */
export function dashboardTables(f: ShownDashboard): Record<DashboardTableKey, Table> {
  const pounds = (n: number) => Math.round(n * 100) / 100
  const authorityLabel = (partner: boolean) => (partner ? 'Yes' : 'No: activity report only')
  return {
    'by-authority': {
      title: 'Referrals by authority',
      columns: [
        { key: 'authority', header: 'Responsible authority' },
        { key: 'partner', header: 'Partner' },
        { key: 'referrals', header: 'Referrals', numeric: true },
        { key: 'sessions', header: 'Sessions held', numeric: true },
        { key: 'cost', header: 'Cost at tariff (£)', numeric: true },
      ],
      rows: [
        ...f.referralsByAuthority.map((a) => ({
          authority: a.authority,
          partner: authorityLabel(a.partner),
          referrals: count(a.referrals),
          sessions: count(a.sessions),
          cost: a.cost === null ? 'Not shown' : pounds(a.cost),
        })),
        { authority: 'Total', partner: '', referrals: count(f.referralsTotal), sessions: count(f.sessionsTotal), cost: pounds(f.costTotal) },
      ],
    },
    waits: {
      title: 'Waits from referral',
      columns: [
        { key: 'step', header: 'From referral to' },
        { key: 'targetDays', header: 'Target (days)', numeric: true },
        { key: 'reached', header: 'Reached', numeric: true },
        { key: 'withinTarget', header: 'Within target', numeric: true },
        { key: 'medianDays', header: 'Median (days)', numeric: true },
        { key: 'stillWaiting', header: 'Still waiting', numeric: true },
      ],
      rows: (
        [
          ['Triage', f.waits.toTriage],
          ['First session', f.waits.toFirstSession],
        ] as const
      ).map(([step, w]) => ({
        step,
        targetDays: w.targetDays,
        reached: count(w.reached),
        withinTarget: count(w.withinTarget),
        medianDays: w.medianDays,
        stillWaiting: count(w.stillWaiting),
      })),
    },
    activity: {
      title: 'Activity by type, at tariff',
      columns: [
        { key: 'activity', header: 'Activity' },
        { key: 'work', header: 'Work' },
        { key: 'sessions', header: 'Sessions', numeric: true },
        { key: 'cost', header: 'Cost (£)', numeric: true },
      ],
      rows: [
        ...f.activity.map((a) => ({
          activity: LABELS.tariffActivity[a.tariffActivity as keyof typeof LABELS.tariffActivity] ?? a.tariffActivity,
          work: LABELS.mode[a.mode as keyof typeof LABELS.mode] ?? a.mode,
          sessions: count(a.sessions),
          cost: pounds(a.cost),
        })),
        { activity: 'Total', work: '', sessions: count(f.sessionsTotal), cost: pounds(f.costTotal) },
      ],
    },
    partners: {
      title: 'Cost against funding shares',
      columns: [
        { key: 'partner', header: 'Partner' },
        { key: 'sharePercent', header: 'Funding share (%)', numeric: true },
        { key: 'fundedCost', header: 'Share of the cost (£)', numeric: true },
        { key: 'costOfTheirChildren', header: 'Cost of work with its young people (£)', numeric: true },
      ],
      rows: [
        ...f.partners.map((p) => ({ partner: p.name, sharePercent: p.sharePercent, fundedCost: pounds(p.fundedCost), costOfTheirChildren: pounds(p.costOfTheirChildren) })),
        { partner: 'Other authorities', sharePercent: null, fundedCost: null, costOfTheirChildren: pounds(f.costOfOtherAuthoritiesChildren) },
      ],
    },
    flags: {
      title: 'Flags responded to on time',
      columns: [
        { key: 'due', header: 'Flags due in the period so far', numeric: true },
        { key: 'respondedOnTime', header: 'Responded to by the due date', numeric: true },
        { key: 'notOnTime', header: 'Late or still open', numeric: true },
      ],
      rows: [{ due: count(f.flags.due), respondedOnTime: count(f.flags.respondedOnTime), notOnTime: count(f.flags.notOnTime) }],
    },
  }
}

import { toDayNumber } from '../../../platform/time/iso-date.js'
import { mul, rational, sum, toPounds, toRational, type Rational } from '../../finance/domain/index.js'
import { respondedOnTime } from './flags.js'

/**
 * The wellbeing dashboard's figures (issue 6 §8): aggregate only, no child named. Every
 * figure is a count or sum over rows a person can list and check by hand:
 *
 * - referrals and activity by responsible authority: referrals received (`referredOn`) in the
 *   period, and sessions held in the period for the young people each authority is responsible
 *   for, with their cost at tariff: the activity report a responsible authority that is not a
 *   partner receives instead of access (PRODUCT §6);
 * - waits, for referrals received in the period: days from the referral date to the first
 *   triage, and to the first session, each against the service's target in calendar days;
 *   a referral not yet triaged (or seen) is counted as still waiting, not in the median;
 * - activity by type: sessions held in the period, by tariff line and by mode, with their cost at tariff;
 * - cost at tariff against funding shares: the period's total cost × each partner's share,
 *   beside the cost of the work with children that partner is responsible for;
 * - flags responded to on time: flags due in the period up to today, responded to on or
 *   before the due date, out of all of them.
 */
export interface DashboardInput {
  from: string
  to: string
  today: string
  targets: { triageDays: number; firstSessionDays: number }
  partners: { organisationId: string; name: string; sharePercent: string | null }[]
  referrals: { responsibleAuthority: string; responsibleOrganisationId: string | null; referredOn: string; firstTriageOn: string | null; firstSessionOn: string | null }[]
  sessions: { heldOn: string; tariffActivity: string; mode: string; cost: string | null; responsibleAuthority: string; responsibleOrganisationId: string | null }[]
  flags: { dueOn: string; respondedOn: string | null }[]
}

export interface WaitFigures {
  /** Referrals in the period that have reached the step. */
  reached: number
  withinTarget: number
  medianDays: number | null
  /** Referrals in the period that have not reached it yet. */
  stillWaiting: number
  targetDays: number
}

export function wellbeingDashboard(input: DashboardInput) {
  const inPeriod = (d: string) => input.from <= d && d <= input.to
  const referrals = input.referrals.filter((r) => inPeriod(r.referredOn))
  const partnerIds = new Set(input.partners.map((p) => p.organisationId))

  const sessions = input.sessions.filter((s) => inPeriod(s.heldOn))
  const cost = (rows: typeof sessions): Rational => sum(rows.map((s) => toRational(s.cost ?? '0')))

  const byAuthority = new Map<string, { authority: string; partner: boolean; referrals: number; sessions: number; cost: Rational }>()
  const authority = (name: string, organisationId: string | null) => {
    const entry = byAuthority.get(name) ?? { authority: name, partner: organisationId !== null && partnerIds.has(organisationId), referrals: 0, sessions: 0, cost: rational(0) }
    byAuthority.set(name, entry)
    return entry
  }
  for (const r of referrals) authority(r.responsibleAuthority, r.responsibleOrganisationId).referrals += 1
  for (const s of sessions) {
    const entry = authority(s.responsibleAuthority, s.responsibleOrganisationId)
    entry.sessions += 1
    entry.cost = sum([entry.cost, toRational(s.cost ?? '0')])
  }
  const activity = new Map<string, { tariffActivity: string; mode: string; sessions: number; cost: Rational }>()
  for (const s of sessions) {
    const key = `${s.tariffActivity}/${s.mode}`
    const entry = activity.get(key) ?? { tariffActivity: s.tariffActivity, mode: s.mode, sessions: 0, cost: rational(0) }
    entry.sessions += 1
    entry.cost = sum([entry.cost, toRational(s.cost ?? '0')])
    activity.set(key, entry)
  }
  const total = cost(sessions)

  const flags = input.flags.filter((f) => inPeriod(f.dueOn) && f.dueOn <= input.today)
  const onTime = flags.filter(respondedOnTime).length

  return {
    from: input.from,
    to: input.to,
    referralsTotal: referrals.length,
    referralsByAuthority: [...byAuthority.values()]
      .sort((a, b) => b.referrals - a.referrals || a.authority.localeCompare(b.authority))
      .map((a) => ({ authority: a.authority, partner: a.partner, referrals: a.referrals, sessions: a.sessions, cost: toPounds(a.cost) })),
    waits: {
      toTriage: waits(
        referrals.map((r) => ({ from: r.referredOn, to: r.firstTriageOn })),
        input.targets.triageDays,
      ),
      toFirstSession: waits(
        referrals.map((r) => ({ from: r.referredOn, to: r.firstSessionOn })),
        input.targets.firstSessionDays,
      ),
    },
    activity: [...activity.values()]
      .sort((a, b) => a.tariffActivity.localeCompare(b.tariffActivity) || a.mode.localeCompare(b.mode))
      .map((a) => ({ tariffActivity: a.tariffActivity, mode: a.mode, sessions: a.sessions, cost: toPounds(a.cost) })),
    sessionsTotal: sessions.length,
    costTotal: toPounds(total),
    partners: input.partners.map((p) => ({
      name: p.name,
      sharePercent: Number(p.sharePercent ?? 0),
      fundedCost: toPounds(mul(total, mul(toRational(p.sharePercent ?? '0'), rational(1, 100)))),
      costOfTheirChildren: toPounds(cost(sessions.filter((s) => s.responsibleOrganisationId === p.organisationId))),
    })),
    costOfOtherAuthoritiesChildren: toPounds(cost(sessions.filter((s) => s.responsibleOrganisationId === null || !partnerIds.has(s.responsibleOrganisationId)))),
    flags: { due: flags.length, respondedOnTime: onTime, notOnTime: flags.length - onTime },
  }
}
export type WellbeingDashboard = ReturnType<typeof wellbeingDashboard>

function waits(spans: { from: string; to: string | null }[], targetDays: number): WaitFigures {
  const days = spans.flatMap((s) => (s.to === null ? [] : [toDayNumber(s.to) - toDayNumber(s.from)])).sort((a, b) => a - b)
  return {
    reached: days.length,
    withinTarget: days.filter((d) => d <= targetDays).length,
    medianDays: median(days),
    stillWaiting: spans.length - days.length,
    targetDays,
  }
}

/** The middle value; for an even count, the mean of the two middle values. */
export function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

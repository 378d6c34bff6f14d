import { sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Executor } from '../../platform/db/index.js'
import { rows } from '../../platform/db/index.js'
import { cases } from '../../platform/db/schema.js'
import { visibleTo } from '../../platform/tenancy/index.js'
import { loadBankHolidays, londonDate } from '../../platform/time/index.js'
import {
  capacityFromCounts,
  daysBetween,
  decisionState,
  financialYearBounds,
  financialYearLabel,
  financialYearOf,
  firstContactHours,
  firstContactState,
  targetSummary,
} from './domain/dashboard.js'
import { strandCapacityFor } from './settings.js'
import { OPEN_CASE_STATUSES, WORKER_ROLES } from './caseload.js'

/**
 * The team manager's dashboard (issue 3, item 8): each figure is aggregated in SQL from the
 * case records and worked out by the functions in domain/dashboard.ts, where each is defined.
 * One call, a handful of queries, every case read through the platform's visibility rule.
 */

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

interface WorkerRow {
  id: string
  name: string
  team: string | null
  cap: number
  families: number
  co_worked: number
}
interface WaitingRow {
  id: string
  family: string
  strand: string | null
  priority: string
  accepted_at: string | Date | null
  referred_at: string | Date | null
}
interface FollowUpRow {
  case_id: string
  family: string
  given_name: string
  months: number
  due_date: string
  lead: string | null
  total: number
}
interface CrisisRow {
  id: string
  family: string
  status: string
  accepted_at: string | Date
  first_contact: string | Date | null
}
interface DecisionRow {
  id: string
  family: string
  submitted_at: string | Date
  decided_at: string | Date | null
}

interface SeamRow {
  case_id: string
  family: string
  due_date: string
  detail: string | null
  total: number
}

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v))

export async function teamDashboard(db: Executor, ctx: Ctx, options: { teamId: string | null; now?: Date }) {
  const now = options.now ?? new Date()
  const today = londonDate(now)
  const org = ctx.user.organisationId
  const year = financialYearOf(today)
  const { from, to } = financialYearBounds(year)
  const visible = visibleTo(ctx, cases, 'case')
  const team = options.teamId
  // The financial year as instants (London midnight to London midnight), so the time columns are compared as they are stored.
  const yearStarts = sql`(${from}::date::timestamp at time zone 'Europe/London')`
  const yearEnds = sql`((${to}::date + 1)::timestamp at time zone 'Europe/London')`

  const [workers, waiting, followUps, crisis, decisions, accepted, capacities, holidays] = await Promise.all([
    // Open families per worker: the open cases each leads, and beside it those they co-work (not counted against the cap).
    rows<WorkerRow>(
      db,
      sql`select u.id, u.name, t.name as team, u.caseload_cap as cap,
            coalesce(l.n, 0)::int as families, coalesce(w.n, 0)::int as co_worked
          from users u
          left join teams t on t.id = u.team_id
          left join (select lead_worker_id as id, count(*) as n from cases where organisation_id = ${org}::uuid and status in (${list(OPEN_CASE_STATUSES)}) group by 1) l on l.id = u.id
          left join (select co_worker_id as id, count(*) as n from cases where organisation_id = ${org}::uuid and status in (${list(OPEN_CASE_STATUSES)}) group by 1) w on w.id = u.id
          where u.organisation_id = ${org}::uuid and not u.disabled
            and exists (select 1 from user_roles r where r.user_id = u.id and r.service_id is null and r.role in (${list(WORKER_ROLES)}))
            ${team ? sql`and u.team_id = ${team}::uuid` : sql``}
          order by t.name nulls last, u.name`,
    ),
    // The waiting list: accepted, not yet allocated; by priority, then the earliest referral (issue 3, item 4).
    rows<WaitingRow>(
      db,
      sql`select w.id, (select f.name from families f where f.id = w.family_id) as family, w.strand, w.priority, w.accepted_at, w.referred_at
          from (select cases.id, cases.family_id, cases.strand, cases.priority, cases.accepted_at,
                  coalesce((select r.submitted_at from referrals r where r.id = cases.referral_id), cases.created_at) as referred_at
                from cases where ${visible} and cases.status = 'awaiting_allocation') w
          order by case w.priority when 'urgent' then 0 when 'high' then 1 else 2 end, w.referred_at
          limit 200`,
    ),
    // Follow-ups due before today with no status recorded, on closed cases: the oldest 20 and how many in all.
    rows<FollowUpRow>(
      db,
      // The overdue follow-ups are few: find them first, then look up names for the 20 shown by key.
      sql`with overdue as materialized (
            select fu.case_id, fu.child_id, fu.months_after_closure, fu.due_date, cases.family_id, cases.lead_worker_id
            from follow_ups fu join cases on cases.id = fu.case_id
            where fu.status is null and fu.due_date < ${today}::date and ${visible} and cases.status = 'closed'
              ${team ? sql`and cases.team_id = ${team}::uuid` : sql``}
          ), shown as (select o.*, count(*) over ()::int as total from overdue o order by o.due_date, o.case_id limit 20)
          select s.case_id, (select f.name from families f where f.id = s.family_id) as family,
            (select ch.given_name from children ch where ch.id = s.child_id) as given_name,
            s.months_after_closure as months, s.due_date::text as due_date,
            (select u.name from users u where u.id = s.lead_worker_id) as lead, s.total
          from shown s order by s.due_date, s.case_id`,
    ),
    // Crisis cases accepted this financial year, with their first contact.
    rows<CrisisRow>(
      db,
      sql`select cases.id, (select f.name from families f where f.id = cases.family_id) as family, cases.status, cases.accepted_at,
            (select min(k.at) from contacts k where k.case_id = cases.id) as first_contact
          from cases
          where ${visible} and cases.strand = 'crisis' and cases.accepted_at is not null
            and cases.accepted_at >= ${yearStarts} and cases.accepted_at < ${yearEnds}
            ${team ? sql`and (cases.team_id = ${team}::uuid or cases.team_id is null)` : sql``}
          order by cases.accepted_at desc`,
    ),
    // Referrals submitted this financial year, with their first decision.
    rows<DecisionRow>(
      db,
      sql`select r.id, (select f.name from families f where f.id = r.family_id) as family, r.submitted_at, (select min(d.decided_at) from panel_decisions d where d.referral_id = r.id) as decided_at
          from referrals r
          where r.organisation_id = ${org}::uuid and r.submitted_at is not null
            and r.submitted_at >= ${yearStarts} and r.submitted_at < ${yearEnds}
          order by r.submitted_at desc`,
    ),
    // Capacity used: cases accepted this financial year (London dates), per strand.
    rows<{ strand: string; n: number }>(
      db,
      sql`select strand, count(*)::int as n from cases
          where organisation_id = ${org}::uuid and accepted_at is not null and strand is not null
            and accepted_at >= ${yearStarts} and accepted_at < ${yearEnds}
          group by strand`,
    ),
    strandCapacityFor(db, org, year),
    loadBankHolidays(db),
  ])

  // Overdue reviews, risks overdue for review, and this year's escalations (interventions module):
  // the 20 most pressing of each and how many in all, on the cases this manager can see.
  // A review is overdue when not held and due before today; a risk when its review date is before
  // today (interventions/domain/plan.ts: isReviewOverdue, isRiskOverdue), on open cases only.
  const teamOnly = team ? sql`and cases.team_id = ${team}::uuid` : sql``
  const familyOf = sql`(select f.name from families f where f.id = cases.family_id)`
  const [reviews, risks, escalated] = await Promise.all([
    rows<SeamRow>(
      db,
      sql`select cases.id as case_id, ${familyOf} as family, r.due_date::text as due_date,
            case r.kind when 'six_weeks' then '6-week review' when 'three_months' then '3-month review' else r.kind end as detail, count(*) over ()::int as total
          from case_reviews r join cases on cases.id = r.case_id
          where r.held_on is null and r.due_date < ${today}::date and ${visible} and cases.status in (${list(OPEN_CASE_STATUSES)}) ${teamOnly}
          order by r.due_date, cases.id limit 20`,
    ),
    rows<SeamRow>(
      db,
      sql`select cases.id as case_id, ${familyOf} as family, k.review_date::text as due_date, k.level || ' risk' as detail, count(*) over ()::int as total
          from case_risks k join cases on cases.id = k.case_id
          where k.review_date < ${today}::date and ${visible} and cases.status in (${list(OPEN_CASE_STATUSES)}) ${teamOnly}
          order by k.review_date, cases.id limit 20`,
    ),
    rows<SeamRow>(
      db,
      sql`select cases.id as case_id, ${familyOf} as family, to_char(e.told_at at time zone 'Europe/London', 'YYYY-MM-DD') as due_date,
            (select u.name from users u where u.id = e.recorded_by) as detail, count(*) over ()::int as total
          from escalations e join cases on cases.id = e.case_id
          where e.told_at >= ${yearStarts} and e.told_at < ${yearEnds} and ${visible} ${teamOnly}
          order by e.told_at desc limit 20`,
    ),
  ])

  const crisisRows = crisis.map((c) => {
    const acceptedAt = asDate(c.accepted_at)
    const firstContact = c.first_contact ? asDate(c.first_contact) : null
    return { id: c.id, family: c.family, acceptedAt, firstContact, hours: firstContactHours(acceptedAt, firstContact), state: firstContactState(acceptedAt, firstContact, now) }
  })
  const decisionRows = decisions.map((d) => {
    const submittedOn = londonDate(asDate(d.submitted_at))
    const decidedOn = d.decided_at ? londonDate(asDate(d.decided_at)) : null
    return { id: d.id, family: d.family, submittedOn, decidedOn, ...decisionState(submittedOn, decidedOn, today, holidays) }
  })
  const counts = Object.fromEntries(accepted.map((a) => [a.strand, a.n]))

  return {
    today,
    financialYear: financialYearLabel(year),
    workers: workers.map((w) => ({ id: w.id, name: w.name, team: w.team, cap: w.cap, families: w.families, coWorked: w.co_worked, atOrOverCap: w.families >= w.cap })),
    waitingList: waiting.map((w) => {
      const acceptedOn = w.accepted_at ? londonDate(asDate(w.accepted_at)) : today
      return {
        id: w.id,
        family: w.family,
        strand: w.strand,
        priority: w.priority,
        referredAt: w.referred_at ? asDate(w.referred_at) : null,
        acceptedOn,
        daysWaiting: daysBetween(acceptedOn, today),
      }
    }),
    overdueFollowUps: {
      total: followUps[0]?.total ?? 0,
      rows: followUps.map((f) => ({
        caseId: f.case_id,
        family: f.family,
        givenName: f.given_name,
        months: f.months,
        dueDate: f.due_date,
        lead: f.lead,
        daysOverdue: daysBetween(f.due_date, today),
      })),
    },
    crisisFirstContact: { rows: crisisRows.slice(0, 20), summary: targetSummary(crisisRows.map((r) => ({ state: r.state, value: r.hours }))) },
    panelDecisions: {
      late: decisionRows.filter((d) => d.state === 'missed' || d.state === 'overdue').slice(0, 20),
      summary: targetSummary(decisionRows.map((d) => ({ state: d.state, value: d.workingDays }))),
    },
    capacity: capacityFromCounts(counts, Object.fromEntries(capacities.map((c) => [c.strand, c.capacity]))),
    overdueReviews: { total: reviews[0]?.total ?? 0, rows: reviews.map((r) => ({ caseId: r.case_id, family: r.family, when: r.due_date, detail: r.detail })) },
    overdueRisks: { total: risks[0]?.total ?? 0, rows: risks.map((r) => ({ caseId: r.case_id, family: r.family, when: r.due_date, detail: r.detail })) },
    escalations: { total: escalated[0]?.total ?? 0, rows: escalated.map((r) => ({ caseId: r.case_id, family: r.family, when: r.due_date, detail: r.detail })) },
  }
}
export type TeamDashboard = Awaited<ReturnType<typeof teamDashboard>>

import { sql, type SQL } from 'drizzle-orm'
import { rows, type Executor } from '../../platform/db/index.js'

/**
 * The service dashboard's figures, aggregated in SQL. Each query counts the records of one
 * organisation (the caller's): figures are totals, so restricted families count like any
 * other, and no child is named. Dates are Europe/London calendar dates; a period is
 * inclusive at both ends. `teamId` narrows to one edge-of-care team (North, South, ...).
 */
export interface Scope {
  organisationId: string
  from: string
  to: string
  teamId: string | null
  /** Today's date in London: what "due" and "waiting" are measured against. */
  today: string
}

const londonDate = (column: SQL) => sql`((${column}) at time zone 'Europe/London')::date`

/**
 * Referrals in scope: submitted (not drafts), received in the period. A referral's team is
 * the team its case is allocated to, or, before that, the team covering the family's district.
 */
function referralsInScope(s: Scope): SQL {
  return sql`
    select r.id, r.strand, r.referrer_team, r.re_referral, r.submitted_at, ${londonDate(sql`r.submitted_at`)} as received,
           coalesce(k.team_id, td.team_id) as team_id, k.id as case_id
    from referrals r
    join families f on f.id = r.family_id
    left join cases k on k.referral_id = r.id
    left join team_districts td on td.organisation_id = r.organisation_id and td.district = f.district
    where r.organisation_id = ${s.organisationId}::uuid
      and r.status <> 'draft' and r.submitted_at is not null
      and ${londonDate(sql`r.submitted_at`)} between ${s.from}::date and ${s.to}::date
      ${s.teamId ? sql`and coalesce(k.team_id, td.team_id) = ${s.teamId}::uuid` : sql``}`
}

export interface ReferralCount {
  referrerTeam: string
  strand: string
  referrals: number
  reReferrals: number
}

/** Referrals received in the period, by the referring social worker's team and by strand. */
export async function referralCounts(db: Executor, s: Scope): Promise<ReferralCount[]> {
  return rows<ReferralCount>(
    db,
    sql`select referrer_team as "referrerTeam", strand, count(*)::int as referrals, count(*) filter (where re_referral)::int as "reReferrals"
        from (${referralsInScope(s)}) ref group by referrer_team, strand`,
  )
}

export interface DecisionCount {
  /** null on the all-strands row. */
  strand: string | null
  decided: number
  accepted: number
  declined: number
  steppedDown: number
  awaiting: number
  medianWorkingDays: number | null
  withinTarget: number
}

/**
 * Panel decisions on the referrals received in the period. A referral's decision is its first
 * final one (accepted, declined or stepped down); "more information needed" is not final, so a
 * referral with only that, or no decision yet, counts as awaiting. Time to decision is the
 * working days (Monday to Friday, not bank holidays) after the day received, up to and
 * including the day decided: decided the same day = 0; the target is 10 (PRODUCT.md §2).
 */
export async function decisionCounts(db: Executor, s: Scope): Promise<DecisionCount[]> {
  return rows<DecisionCount>(
    db,
    sql`with ref as (${referralsInScope(s)}),
        first_decision as (
          select ref.strand, ref.received, d.decision, ${londonDate(sql`d.decided_at`)} as decided_on
          from ref
          left join lateral (
            select pd.decision, pd.decided_at from panel_decisions pd
            where pd.referral_id = ref.id and pd.decision in ('accepted', 'declined', 'stepped_down')
            order by pd.decided_at limit 1
          ) d on true
        ),
        -- One calendar over the days involved, with a running count of working days, so a
        -- referral working days to decision is one subtraction rather than a count of its own.
        calendar as (
          select g::date as day, sum(case when extract(isodow from g) < 6 and b.date is null then 1 else 0 end) over (order by g) as n
          from generate_series((select min(received) from first_decision), (select greatest(max(decided_on), max(received)) from first_decision), interval '1 day') g
          left join bank_holidays b on b.date = g::date
        ),
        decided as (
          select f.strand, f.decision, case when f.decided_on is null then null else c2.n - c1.n end as wd
          from first_decision f left join calendar c1 on c1.day = f.received left join calendar c2 on c2.day = f.decided_on
        )
        select strand,
               count(*) filter (where decision is not null)::int as decided,
               count(*) filter (where decision = 'accepted')::int as accepted,
               count(*) filter (where decision = 'declined')::int as declined,
               count(*) filter (where decision = 'stepped_down')::int as "steppedDown",
               count(*) filter (where decision is null)::int as awaiting,
               percentile_cont(0.5) within group (order by wd) as "medianWorkingDays",
               count(*) filter (where wd <= 10)::int as "withinTarget"
        from decided group by grouping sets ((strand), ())`,
  )
}

export interface FirstContactTime {
  strand: string | null
  families: number
  medianHours: number | null
  within24Hours: number
}

/**
 * Time from the referral being received to the first contact with the family, for referrals
 * received in the period whose case has had a contact. The crisis target is 24 hours (PRODUCT.md §2).
 */
export async function firstContactTimes(db: Executor, s: Scope): Promise<FirstContactTime[]> {
  return rows<FirstContactTime>(
    db,
    sql`with ref as (${referralsInScope(s)}),
        timed as (
          select ref.strand, extract(epoch from (fc.first_at - ref.submitted_at)) / 3600.0 as hours
          from ref join lateral (select min(c.at) as first_at from contacts c where c.case_id = ref.case_id) fc on fc.first_at is not null
        )
        select strand, count(*)::int as families, percentile_cont(0.5) within group (order by hours) as "medianHours",
               count(*) filter (where hours <= 24)::int as "within24Hours"
        from timed group by grouping sets ((strand), ())`,
  )
}

export interface TeamCaseload {
  team: string | null
  workers: number
  families: number
  capacity: number
  atOrOverCap: number
}

/**
 * Caseloads today (PRODUCT.md §2): for each team, its family support workers and senior
 * practitioners, the open cases (active or closure pending) they lead, the sum of their caps,
 * and how many lead as many families as their cap or more. Co-worked cases are not counted.
 */
export async function teamCaseloads(db: Executor, s: Scope): Promise<TeamCaseload[]> {
  return rows<TeamCaseload>(
    db,
    sql`with w as (
          select u.id, t.name as team, u.caseload_cap as cap,
                 (select count(*) from cases k where k.lead_worker_id = u.id and k.status in ('active', 'closure_pending'))::int as families
          from users u join teams t on t.id = u.team_id
          where u.organisation_id = ${s.organisationId}::uuid and not u.disabled
            ${s.teamId ? sql`and u.team_id = ${s.teamId}::uuid` : sql``}
            and exists (select 1 from user_roles ur where ur.user_id = u.id and ur.service_id is null and ur.role in ('family_support_worker', 'senior_practitioner'))
        )
        select team, count(*)::int as workers, coalesce(sum(families), 0)::int as families, coalesce(sum(cap), 0)::int as capacity,
               count(*) filter (where families >= cap)::int as "atOrOverCap"
        from w group by grouping sets ((team), ()) order by team nulls last`,
  )
}

export interface WaitingRow {
  strand: string | null
  families: number
  medianDaysWaiting: number | null
  longestDaysWaiting: number | null
}

/** The waiting list today: cases accepted and waiting for a worker, and how long since acceptance in days. */
export async function waitingList(db: Executor, s: Scope): Promise<WaitingRow[]> {
  return rows<WaitingRow>(
    db,
    sql`with w as (
          select k.strand, ${s.today}::date - ${londonDate(sql`coalesce(k.accepted_at, k.created_at)`)} as days
          from cases k
          join families f on f.id = k.family_id
          left join team_districts td on td.organisation_id = k.organisation_id and td.district = f.district
          where k.organisation_id = ${s.organisationId}::uuid and k.status = 'awaiting_allocation'
            ${s.teamId ? sql`and coalesce(k.team_id, td.team_id) = ${s.teamId}::uuid` : sql``}
        )
        select strand, count(*)::int as families, percentile_cont(0.5) within group (order by days) as "medianDaysWaiting", max(days)::int as "longestDaysWaiting"
        from w group by grouping sets ((strand), ())`,
  )
}

export interface StartedRow {
  strand: string
  families: number
}

/** Capacity used: families whose case was accepted in the period (a case is one family), by strand. */
export async function casesAccepted(db: Executor, s: Scope): Promise<StartedRow[]> {
  return rows<StartedRow>(
    db,
    sql`select k.strand, count(*)::int as families from cases k
        join families f on f.id = k.family_id
        left join team_districts td on td.organisation_id = k.organisation_id and td.district = f.district
        where k.organisation_id = ${s.organisationId}::uuid and k.accepted_at is not null
          and ${londonDate(sql`k.accepted_at`)} between ${s.from}::date and ${s.to}::date
          ${s.teamId ? sql`and coalesce(k.team_id, td.team_id) = ${s.teamId}::uuid` : sql``}
        group by k.strand`,
  )
}

/** Cases closed in the period (closure signed off, closure date in the period), in the team when one is asked for. */
function closedInScope(s: Scope): SQL {
  return sql`select k.id, k.strand from cases k
    where k.organisation_id = ${s.organisationId}::uuid and k.status = 'closed'
      and k.closure_date between ${s.from}::date and ${s.to}::date
      ${s.teamId ? sql`and k.team_id = ${s.teamId}::uuid` : sql``}`
}

export interface ClosureOutcomeRow {
  strand: string
  outcome: string
  children: number
  /** Of these, recorded in care at any follow-up so far. */
  laterInCare: number
}

/** Each referred child's outcome at closure, for cases closed in the period, and whether a follow-up has found them in care since. */
export async function closureOutcomes(db: Executor, s: Scope): Promise<ClosureOutcomeRow[]> {
  return rows<ClosureOutcomeRow>(
    db,
    sql`select k.strand, o.outcome, count(*)::int as children,
               count(*) filter (where exists (select 1 from follow_ups f where f.case_id = k.id and f.child_id = o.child_id and f.status = 'in_care'))::int as "laterInCare"
        from (${closedInScope(s)}) k join case_outcomes o on o.case_id = k.id
        group by k.strand, o.outcome`,
  )
}

export interface FollowUpRow {
  months: number
  state: string
  children: number
}

/**
 * Where the children of cases closed in the period were at each follow-up point (3, 6, 12 and
 * 18 months after closure): at home, in care or other when recorded (by the team or from
 * SSDA903); otherwise "due, not recorded" once the due date has passed, or "not due yet".
 */
export async function followUpStates(db: Executor, s: Scope): Promise<FollowUpRow[]> {
  return rows<FollowUpRow>(
    db,
    sql`select f.months_after_closure as months,
               coalesce(f.status, case when f.due_date <= ${s.today}::date then 'not_recorded' else 'not_due' end) as state,
               count(*)::int as children
        from (${closedInScope(s)}) k join follow_ups f on f.case_id = k.id
        group by 1, 2`,
  )
}

export interface TeamOption {
  id: string
  name: string
}

export async function teamsOf(db: Executor, organisationId: string): Promise<TeamOption[]> {
  return rows<TeamOption>(db, sql`select id, name from teams where organisation_id = ${organisationId}::uuid order by name`)
}

import { and, between, eq, inArray, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db, Executor } from '../../platform/db/index.js'
import { caseOutcomes, cases, children, referrals } from '../../platform/db/schema.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { visibleTo } from '../../platform/tenancy/index.js'
import {
  annualServiceCostOn,
  computeImpact,
  servicePeriodCost,
  toPounds,
  type ChildOutcome,
  type ClosureOutcome,
  type FollowUpMonths,
  type FollowUpStatus,
  type Impact,
  type ImpactParameters,
  type PlacementType,
  type Strand,
  type UnitCosts,
} from './domain/index.js'
import { financeHistoricChildren } from './schema.js'
import { impactParameters, listParameters, listServiceCosts, listUnitCosts, serviceCostLines, unitCostsOn } from './settings.js'

/**
 * The impact computation on the database (API.md "Impact"): loads the referred children
 * on the cases closed in the period (closure date from `from` to `to`, both inclusive)
 * with their outcomes at closure, the follow-ups recorded so far, the placement at risk
 * or current placement recorded at referral and their age at referral; the historic
 * cases imported from before the system; and the unit costs, parameters and service
 * cost lines; then runs the pure domain module (domain/cost-avoidance.ts), where every
 * rule is written down with its source.
 *
 * Which unit costs: those in force on the last day of the period (`to`), so a year's
 * figures are priced at that year's costs; break-even uses the annual service cost in
 * force on that day too. Both are listed in `parameters`.
 */

export interface Period {
  from: string
  to: string
}

/** What a scenario may change (the scenario page); nothing is saved. */
export interface ImpactOverrides {
  parameters?: ImpactParameters
  unitCosts?: UnitCosts
}

/** A child as loaded: `followUps` holds only the first follow-up recording the child in care, if any (all the rules read). */
export interface LoadedChild extends ChildOutcome {
  caseId: string
  /** false for a historic case (named only by the council's child id). */
  recorded: boolean
  /** The council's child id of a historic case; null for a recorded case (childrenBehind looks the child up, visibility applied). */
  localChildId: string | null
  closureDate: string
}

/** The children on the organisation's cases closed in the period, as the domain reads them. */
export async function loadClosedChildren(db: Executor, organisationId: string, period: Period): Promise<LoadedChild[]> {
  const rows = await db
    .select({
      caseId: cases.id,
      strand: sql<string>`coalesce(${cases.strand}, ${referrals.strand})`,
      closureDate: cases.closureDate,
      // The referral's date in London, and the child's age in whole years on it, worked out by the database.
      // With no referral or acceptance date recorded, the age at closure stands in.
      ageAtReferral: sql<number>`greatest(0, extract(year from age(coalesce((coalesce(${referrals.submittedAt}, ${cases.acceptedAt}) at time zone 'Europe/London')::date, ${cases.closureDate}), ${children.dateOfBirth})))::int`,
      atRisk: referrals.atRiskPlacementType,
      current: referrals.currentPlacementType,
      childId: caseOutcomes.childId,
      outcome: caseOutcomes.outcome,
      // The rules read a follow-up only to see whether the child was in care at it (domain/cost-avoidance.ts),
      // so only the first follow-up recording the child in care is loaded, not every follow-up.
      firstInCare: sql<
        number | null
      >`(select min(f.months_after_closure) from follow_ups f where f.case_id = ${cases.id} and f.child_id = ${caseOutcomes.childId} and f.status = 'in_care')`,
    })
    .from(cases)
    .innerJoin(caseOutcomes, eq(caseOutcomes.caseId, cases.id))
    .innerJoin(children, eq(children.id, caseOutcomes.childId))
    .leftJoin(referrals, eq(referrals.id, cases.referralId))
    .where(and(eq(cases.organisationId, organisationId), eq(cases.status, 'closed'), between(cases.closureDate, period.from, period.to)))
  const live: LoadedChild[] = rows.map((r) => {
    const closureDate = r.closureDate ?? period.to
    return {
      caseId: r.caseId,
      childId: r.childId,
      strand: r.strand as Strand,
      ageAtReferral: r.ageAtReferral,
      outcome: r.outcome as ClosureOutcome,
      atRiskPlacementType: (r.atRisk as PlacementType | null) ?? null,
      currentPlacementType: (r.current as PlacementType | null) ?? null,
      followUps: r.firstInCare ? [{ months: r.firstInCare as FollowUpMonths, status: 'in_care' as FollowUpStatus }] : [],
      recorded: true,
      localChildId: null,
      closureDate,
    }
  })
  const historic = await db
    .select()
    .from(financeHistoricChildren)
    .where(and(eq(financeHistoricChildren.organisationId, organisationId), between(financeHistoricChildren.closureDate, period.from, period.to)))
  return [
    ...live,
    ...historic.map((h): LoadedChild => ({
      caseId: `historic:${h.caseReference}`,
      childId: `historic:${h.localChildId}`,
      strand: h.strand as Strand,
      ageAtReferral: h.ageAtReferral,
      outcome: h.outcome as ClosureOutcome,
      atRiskPlacementType: (h.atRiskPlacementType as PlacementType | null) ?? null,
      currentPlacementType: (h.currentPlacementType as PlacementType | null) ?? null,
      followUps: (
        [
          [3, h.followUp3],
          [6, h.followUp6],
          [12, h.followUp12],
          [18, h.followUp18],
        ] as const
      ).flatMap(([months, status]) => (status ? [{ months, status: status as FollowUpStatus }] : [])),
      recorded: false,
      localChildId: h.localChildId,
      closureDate: h.closureDate,
    })),
  ]
}

export interface ImpactResult extends Impact {
  from: string
  to: string
  children: LoadedChild[]
  serviceCostLines: { description: string; annualAmount: number; days: number; cost: number; source: string }[]
  unitCosts: UnitCosts
  impactParameters: ImpactParameters
}

/**
 * Impact for an organisation over a period: the function the API, the dashboards and
 * the reports call. `overrides` replace the parameters or unit costs (the scenario page).
 */
export async function impactForPeriod(db: Executor, organisationId: string, period: Period, overrides: ImpactOverrides = {}): Promise<ImpactResult> {
  const [result] = await impactForPeriods(db, organisationId, [period], overrides)
  if (!result) throw new Error('No impact computed')
  return result
}

/** The impact of several periods from one load of the records and settings (the dashboard's years). */
export async function impactForPeriods(db: Executor, organisationId: string, periods: readonly Period[], overrides: ImpactOverrides = {}): Promise<ImpactResult[]> {
  if (!periods.length) return []
  const span = {
    from: periods.map((p) => p.from).sort()[0] ?? '',
    to:
      periods
        .map((p) => p.to)
        .sort()
        .at(-1) ?? '',
  }
  const [all, unitCostRows, parameterRows, lineRows] = await Promise.all([
    loadClosedChildren(db, organisationId, span),
    listUnitCosts(db, organisationId),
    listParameters(db, organisationId),
    listServiceCosts(db, organisationId),
  ])
  return periods.map((period) =>
    computeFor(
      period,
      all.filter((c) => c.closureDate >= period.from && c.closureDate <= period.to),
      unitCostRows,
      parameterRows,
      lineRows,
      overrides,
    ),
  )
}

function computeFor(
  period: Period,
  loaded: LoadedChild[],
  unitCostRows: Awaited<ReturnType<typeof listUnitCosts>>,
  parameterRows: Awaited<ReturnType<typeof listParameters>>,
  lineRows: Awaited<ReturnType<typeof listServiceCosts>>,
  overrides: ImpactOverrides,
): ImpactResult {
  const unitCosts = overrides.unitCosts ?? unitCostsOn(unitCostRows, period.to)
  const parameters = overrides.parameters ?? impactParameters(parameterRows)
  const lines = serviceCostLines(lineRows)
  const periodCost = servicePeriodCost(lines, period.from, period.to)
  const impact = computeImpact({
    children: loaded,
    unitCosts,
    parameters,
    serviceCostForPeriod: periodCost.total,
    annualServiceCost: annualServiceCostOn(lines, period.to),
  })
  return {
    from: period.from,
    to: period.to,
    ...impact,
    children: loaded,
    unitCosts,
    impactParameters: parameters,
    serviceCostLines: periodCost.lines
      .filter((l) => l.days > 0)
      .map((l) => ({ description: l.line.description ?? '', annualAmount: Number(l.line.amount), days: l.days, cost: toPounds(l.cost), source: l.line.source ?? '' })),
  }
}

/** The answer of GET /api/v1/impact, exactly API.md's shape; `parameters` lists every parameter, unit cost and service cost line used, with its source. */
export function impactAnswer(result: ImpactResult) {
  return {
    from: result.from,
    to: result.to,
    childrenWorkedWith: result.childrenWorkedWith,
    childrenRemainedAtHome: result.childrenRemainedAtHome,
    childrenReturnedHome: result.childrenReturnedHome,
    childrenEnteredCare: result.childrenEnteredCare,
    successRate: result.successRate,
    costAvoidance: result.costAvoidance,
    savings: result.savings,
    serviceCost: result.serviceCost,
    net: result.net,
    breakEvenChildren: result.breakEvenChildren,
    breakEvenChildrenNet: result.breakEvenChildrenNet,
    parameters: {
      ...result.parameters,
      unitCostsInForceOn: result.to,
      serviceCostLines: result.serviceCostLines,
    },
  }
}

/** A child behind a figure, as a user allowed to see children's records sees it. */
export interface ChildBehind {
  childId: string | null
  caseId: string | null
  name: string | null
  localChildId: string | null
  historic: boolean
  restricted: boolean
}

/**
 * The children behind the figures, for a user with people:read: names of the records
 * they may see (a restricted record they may not see is shown only as restricted),
 * audited as a view of those records.
 */
export async function childrenBehind(db: Db, ctx: Ctx, result: ImpactResult): Promise<Map<string, ChildBehind>> {
  const ids = [...new Set(result.children.filter((c) => c.recorded).map((c) => c.childId))]
  const visible = ids.length
    ? await db
        .select({ id: children.id, givenName: children.givenName, familyName: children.familyName, localChildId: children.localChildId })
        .from(children)
        .where(and(inArray(children.id, ids), visibleTo(ctx, children, 'child')))
    : []
  const byId = new Map(visible.map((v) => [v.id, v]))
  const out = new Map<string, ChildBehind>()
  for (const c of result.children) {
    const key = `${c.caseId}:${c.childId}`
    if (!c.recorded) out.set(key, { childId: null, caseId: null, name: null, localChildId: c.localChildId, historic: true, restricted: false })
    else {
      const v = byId.get(c.childId)
      out.set(
        key,
        v
          ? { childId: c.childId, caseId: c.caseId, name: `${v.givenName} ${v.familyName}`, localChildId: v.localChildId, historic: false, restricted: false }
          : { childId: null, caseId: null, name: null, localChildId: null, historic: false, restricted: true },
      )
    }
  }
  if (visible.length)
    await db.transaction((tx) =>
      recordAudit(tx, {
        ...actor(ctx),
        action: 'impact.children.view',
        recordType: 'child',
        recordId: null,
        details: { from: result.from, to: result.to, childIds: visible.map((v) => v.id) },
      }),
    )
  return out
}

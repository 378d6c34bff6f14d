import { and, asc, eq } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db, Executor, Tx } from '../../platform/db/index.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { NotFoundError, StaleVersionError, ValidationError, type FieldError } from '../../platform/http/errors.js'
import { isUuid } from '../../platform/validation.js'
import { formatDate } from '../../platform/time/index.js'
import {
  compare,
  DEFAULT_PARAMETERS,
  DEFAULT_UNIT_COSTS,
  DEMO_SERVICE_COST_LINES,
  PLACEMENT_TYPE_CODES,
  toRational,
  toText,
  type ImpactParameters,
  type PlacementType,
  type ServiceCostLine,
  type UnitCosts,
} from './domain/index.js'
import { financeParameters, financeSavingsTargets, financeServiceCosts, financeUnitCosts } from './schema.js'
import type { ParameterInput, ParameterName, SavingsTargetInput, ServiceCostInput, UnitCostInput } from './schemas.js'

/**
 * Finance settings (PRODUCT.md §3): unit costs, service cost lines, savings targets and
 * parameters. Every change runs in one transaction with its audit event (before and
 * after), carries the record's version (a stale one is refused), and is validated:
 * negative or absurd amounts, a range whose low exceeds its high and overlapping
 * effective dates are refused with an explanation.
 */

/** The date from which an organisation's default unit costs apply: before any case the service could record. */
export const DEFAULTS_EFFECTIVE_FROM = '2000-01-01'

/**
 * Limits past which a figure is almost certainly a typing slip (a weekly amount entered
 * as annual, an extra zero). The dearest placements in the seeds are secure care at
 * £11,830 a week (seed 001); £50,000 a week is over four times that.
 */
export const ABSURD = { weekly: 50_000, annual: 2_600_000, serviceLine: 20_000_000, target: 1_000_000_000, weeks: 520 }

const money = (v: string) => toRational(v, 'Amount')
const before = (a: string | null | undefined, b: string | null | undefined) => (a ?? '9999-12-31') < (b ?? '9999-12-31')

/** [from, to] and [from2, to2] share a day (both ends inclusive; no end = open). */
export function overlaps(a: { effectiveFrom: string; effectiveTo?: string | null }, b: { effectiveFrom: string; effectiveTo?: string | null }): boolean {
  return !before(a.effectiveTo, b.effectiveFrom) && !before(b.effectiveTo, a.effectiveFrom)
}

const longDate = (d: string) => formatDate(d)
const span = (r: { effectiveFrom: string; effectiveTo?: string | null }) =>
  `from ${longDate(r.effectiveFrom)}${r.effectiveTo ? ` to ${longDate(r.effectiveTo)}` : ' with no end date'}`
export const words = (code: string | null | undefined) => (code ?? '').replaceAll('_', ' ')
const gbp = (v: string) => `£${Number(v).toLocaleString('en-GB', { maximumFractionDigits: 2 })}`

function datesInOrder(input: { effectiveFrom: string; effectiveTo?: string | null }, errors: FieldError[]) {
  if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) errors.push({ field: '/effectiveTo', message: 'The end date must be the same as or after the start date' })
}

function check(errors: FieldError[]) {
  if (errors.length) throw new ValidationError(errors)
}

/** Rows of the default unit costs (PRODUCT.md §3) for one organisation; types with no figure are left to the finance partner ("to be set"). */
export function defaultUnitCostRows(organisationId: string) {
  return PLACEMENT_TYPE_CODES.flatMap((type) => {
    const cost = DEFAULT_UNIT_COSTS[type]
    return cost ? [{ organisationId, placementType: type, provider: null, amount: cost.amount, per: cost.per, source: cost.source, effectiveFrom: DEFAULTS_EFFECTIVE_FROM }] : []
  })
}

/**
 * Every new organisation starts with PRODUCT.md §3's unit-cost defaults and the
 * default parameters (deadweight 50% [30%, 70%], weeks avoided 52 [26, 104]); no
 * service cost lines and no targets (its own to enter). Idempotent: an organisation
 * that already has unit costs or parameters keeps them. Part of creating the
 * organisation: its caller's audit event records it (organisation.create).
 */
export async function insertDefaultFinanceSettings(tx: Tx, organisationId: string): Promise<void> {
  const [hasCosts] = await tx.select({ id: financeUnitCosts.id }).from(financeUnitCosts).where(eq(financeUnitCosts.organisationId, organisationId)).limit(1)
  if (!hasCosts) await tx.insert(financeUnitCosts).values(defaultUnitCostRows(organisationId))
  await tx
    .insert(financeParameters)
    .values([
      { organisationId, name: 'deadweight', ...rangeOf(DEFAULT_PARAMETERS.deadweight), source: DEFAULT_PARAMETERS.deadweight.source ?? '' },
      { organisationId, name: 'weeks_avoided', ...rangeOf(DEFAULT_PARAMETERS.weeks), source: DEFAULT_PARAMETERS.weeks.source ?? '' },
    ])
    .onConflictDoNothing()
}

const rangeOf = (r: { low: unknown; central: unknown; high: unknown }) => ({ low: String(r.low), central: String(r.central), high: String(r.high) })

/** The demo's service cost lines (seed 000 table 1, £979,216 a year) and Bury's savings targets (seed 002) as an illustration. */
export async function insertDemoFinanceSettings(tx: Tx, organisationId: string): Promise<void> {
  await tx.insert(financeServiceCosts).values(
    DEMO_SERVICE_COST_LINES.map((l) => ({
      organisationId,
      description: l.description ?? 'Service cost',
      amount: String(l.amount),
      source: l.source ?? '',
      effectiveFrom: l.effectiveFrom,
      effectiveTo: l.effectiveTo ?? null,
    })),
  )
  const bury = "Seed 002 (Bury's edge-of-care business case), as an illustration of cumulative targets"
  await tx.insert(financeSavingsTargets).values([
    { organisationId, financialYear: '2024/25', cumulativeSavings: '506000', fewerLookedAfterChildren: null, source: bury },
    { organisationId, financialYear: '2025/26', cumulativeSavings: '1200000', fewerLookedAfterChildren: 24, source: bury },
  ])
  await recordAudit(tx, { organisationId, userId: null, action: 'finance.demo-seed', recordType: 'organisation', recordId: organisationId })
}

// ---------------------------------------------------------------- reading

export type UnitCostRow = typeof financeUnitCosts.$inferSelect
export type ServiceCostRow = typeof financeServiceCosts.$inferSelect
export type SavingsTargetRow = typeof financeSavingsTargets.$inferSelect
export type ParameterRow = typeof financeParameters.$inferSelect

/** Plain decimal text of a numeric column: "298000.00" → "298000", "0.5000" → "0.5". */
export const exact = (v: string) => toText(toRational(v))

export const unitCostView = (r: UnitCostRow) => ({
  id: r.id,
  placementType: r.placementType,
  provider: r.provider,
  amount: Number(r.amount),
  per: r.per as 'year' | 'week',
  source: r.source,
  effectiveFrom: r.effectiveFrom,
  effectiveTo: r.effectiveTo,
  version: r.version,
})
export const serviceCostView = (r: ServiceCostRow) => ({
  id: r.id,
  description: r.description,
  amount: Number(r.amount),
  per: 'year' as const,
  source: r.source,
  effectiveFrom: r.effectiveFrom,
  effectiveTo: r.effectiveTo,
  version: r.version,
})
export const targetView = (r: SavingsTargetRow) => ({
  id: r.id,
  financialYear: r.financialYear,
  cumulativeSavings: Number(r.cumulativeSavings),
  fewerLookedAfterChildren: r.fewerLookedAfterChildren,
  source: r.source,
  version: r.version,
})
export const parameterView = (r: ParameterRow) => ({
  name: r.name as ParameterName,
  low: Number(r.low),
  central: Number(r.central),
  high: Number(r.high),
  source: r.source,
  version: r.version,
})

export async function listUnitCosts(db: Executor, organisationId: string) {
  return db
    .select()
    .from(financeUnitCosts)
    .where(eq(financeUnitCosts.organisationId, organisationId))
    .orderBy(asc(financeUnitCosts.placementType), asc(financeUnitCosts.provider), asc(financeUnitCosts.effectiveFrom))
}
export async function listServiceCosts(db: Executor, organisationId: string) {
  return db
    .select()
    .from(financeServiceCosts)
    .where(eq(financeServiceCosts.organisationId, organisationId))
    .orderBy(asc(financeServiceCosts.effectiveFrom), asc(financeServiceCosts.description))
}
export async function listTargets(db: Executor, organisationId: string) {
  return db.select().from(financeSavingsTargets).where(eq(financeSavingsTargets.organisationId, organisationId)).orderBy(asc(financeSavingsTargets.financialYear))
}
export async function listParameters(db: Executor, organisationId: string) {
  return db.select().from(financeParameters).where(eq(financeParameters.organisationId, organisationId)).orderBy(asc(financeParameters.name))
}

/**
 * The unit costs in force on a date, one per placement type, for the impact
 * computation. The referral records a placement type, not a provider, so the figure
 * used is the one entered for any provider (provider left blank); provider-specific
 * figures serve the placement ledger. A type with no figure in force is "to be set".
 */
export function unitCostsOn(rows: readonly UnitCostRow[], date: string): UnitCosts {
  const costs = Object.fromEntries(PLACEMENT_TYPE_CODES.map((t) => [t, null])) as Record<PlacementType, UnitCosts[PlacementType]>
  for (const r of rows) {
    if (r.provider || !overlaps(r, { effectiveFrom: date, effectiveTo: date })) continue
    costs[r.placementType as PlacementType] = { amount: exact(r.amount), per: r.per as 'year' | 'week', source: `${r.source} (in force ${span(r)})` }
  }
  return costs
}

/** The weekly cost of a type for one provider on a date, falling back to the any-provider figure. */
export function unitCostFor(rows: readonly UnitCostRow[], type: PlacementType, provider: string | null, date: string) {
  const inForce = rows.filter((r) => r.placementType === type && overlaps(r, { effectiveFrom: date, effectiveTo: date }))
  const row = (provider && inForce.find((r) => r.provider === provider)) || inForce.find((r) => !r.provider)
  return row ? { amount: exact(row.amount), per: row.per as 'year' | 'week', source: row.source } : null
}

export function impactParameters(rows: readonly ParameterRow[]): ImpactParameters {
  const find = (name: ParameterName) => rows.find((r) => r.name === name)
  const deadweight = find('deadweight')
  const weeks = find('weeks_avoided')
  return {
    deadweight: deadweight
      ? { low: exact(deadweight.low), central: exact(deadweight.central), high: exact(deadweight.high), source: deadweight.source }
      : DEFAULT_PARAMETERS.deadweight,
    weeks: weeks ? { low: exact(weeks.low), central: exact(weeks.central), high: exact(weeks.high), source: weeks.source } : DEFAULT_PARAMETERS.weeks,
  }
}

export function serviceCostLines(rows: readonly ServiceCostRow[]): ServiceCostLine[] {
  return rows.map((r) => ({ description: r.description, amount: exact(r.amount), per: 'year', effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo, source: r.source }))
}

// ---------------------------------------------------------------- validation

export function unitCostProblems(input: UnitCostInput, others: readonly UnitCostRow[]): FieldError[] {
  const errors: FieldError[] = []
  const amount = money(input.amount)
  const limit = input.per === 'week' ? ABSURD.weekly : ABSURD.annual
  if (compare(amount, toRational(limit)) > 0)
    errors.push({
      field: '/amount',
      message: `Check the amount: ${gbp(input.amount)} a ${input.per} is more than ${gbp(String(limit))} a ${input.per}, beyond any placement in the sources. Is it per ${input.per === 'week' ? 'year' : 'week'}?`,
    })
  if (amount.num === 0n) errors.push({ field: '/amount', message: 'Enter a unit cost above £0: leave a placement type with no figure instead (it shows as to be set)' })
  datesInOrder(input, errors)
  const provider = input.provider ?? null
  const clash = others.find((o) => o.placementType === input.placementType && (o.provider ?? null) === provider && overlaps(o, input))
  if (clash)
    errors.push({
      field: '/effectiveFrom',
      message: `These dates overlap the ${words(input.placementType)}${provider ? ` (${words(provider)})` : ''} cost of ${gbp(clash.amount)} a ${clash.per} in force ${span(clash)}. End that one the day before this starts, or change its dates.`,
    })
  return errors
}

export function serviceCostProblems(input: ServiceCostInput, others: readonly ServiceCostRow[]): FieldError[] {
  const errors: FieldError[] = []
  if (compare(money(input.amount), toRational(ABSURD.serviceLine)) > 0)
    errors.push({ field: '/amount', message: `Check the amount: ${gbp(input.amount)} a year is more than ${gbp(String(ABSURD.serviceLine))} for one line` })
  datesInOrder(input, errors)
  const clash = others.find((o) => o.description.toLowerCase() === input.description.toLowerCase() && overlaps(o, input))
  if (clash)
    errors.push({
      field: '/effectiveFrom',
      message: `These dates overlap the line "${clash.description}" (${gbp(clash.amount)} a year) in force ${span(clash)}. End that line the day before this starts, or change its dates.`,
    })
  return errors
}

export function targetProblems(input: SavingsTargetInput, others: readonly SavingsTargetRow[]): FieldError[] {
  const errors: FieldError[] = []
  const amount = money(input.cumulativeSavings)
  if (compare(amount, toRational(ABSURD.target)) > 0) errors.push({ field: '/cumulativeSavings', message: 'Check the target: it is more than £1 billion' })
  if (others.some((o) => o.financialYear === input.financialYear))
    errors.push({ field: '/financialYear', message: `There is already a target for ${input.financialYear}: change that one instead` })
  // Targets are cumulative (seed 002): a later year's target cannot be below an earlier one's.
  const earlierAbove = others.find((o) => o.financialYear < input.financialYear && compare(money(o.cumulativeSavings), amount) > 0)
  const laterBelow = others.find((o) => o.financialYear > input.financialYear && compare(money(o.cumulativeSavings), amount) < 0)
  if (earlierAbove)
    errors.push({
      field: '/cumulativeSavings',
      message: `Targets are cumulative: ${input.financialYear}'s cannot be below ${earlierAbove.financialYear}'s (${gbp(earlierAbove.cumulativeSavings)})`,
    })
  else if (laterBelow)
    errors.push({
      field: '/cumulativeSavings',
      message: `Targets are cumulative: ${input.financialYear}'s cannot be above ${laterBelow.financialYear}'s (${gbp(laterBelow.cumulativeSavings)})`,
    })
  return errors
}

export function parameterProblems(name: ParameterName, input: Pick<ParameterInput, 'low' | 'central' | 'high'>): FieldError[] {
  const errors: FieldError[] = []
  const values = { low: toRational(input.low), central: toRational(input.central), high: toRational(input.high) }
  for (const bound of ['low', 'central', 'high'] as const) {
    const v = values[bound]
    if (name === 'deadweight' && (v.num < 0n || compare(v, toRational(1)) > 0))
      errors.push({ field: `/${bound}`, message: `Deadweight (${bound}) must be a fraction from 0 to 1 (0% to 100%), like 0.5 for 50%` })
    if (name === 'weeks_avoided' && (v.num <= 0n || compare(v, toRational(ABSURD.weeks)) > 0))
      errors.push({ field: `/${bound}`, message: `Weeks avoided (${bound}) must be more than 0 and at most ${ABSURD.weeks} (10 years)` })
  }
  if (!errors.length) {
    if (compare(values.low, values.central) > 0) errors.push({ field: '/low', message: 'The low value must not be above the central value' })
    if (compare(values.central, values.high) > 0) errors.push({ field: '/high', message: 'The high value must not be below the central value' })
  }
  return errors
}

// ---------------------------------------------------------------- writing

type Kind = 'unit-cost' | 'service-cost' | 'savings-target'

export function createFinanceSettings(db: Db) {
  async function audit(tx: Tx, ctx: Ctx, action: string, recordType: string, recordId: string, details: Record<string, unknown>) {
    await recordAudit(tx, { ...actor(ctx), action, recordType, recordId, details })
  }

  async function findRow<T extends { id: string; version: number }>(rows: T[], id: string, what: string, version?: number): Promise<T> {
    const row = isUuid(id) ? rows.find((r) => r.id === id) : undefined
    if (!row) throw new NotFoundError(what)
    if (version !== undefined && row.version !== version) throw new StaleVersionError(what)
    return row
  }

  async function remove(ctx: Ctx, kind: Kind, id: string, version: number) {
    const table = kind === 'unit-cost' ? financeUnitCosts : kind === 'service-cost' ? financeServiceCosts : financeSavingsTargets
    const what = words(kind.replace('-', '_'))
    if (!isUuid(id)) throw new NotFoundError(what)
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(table)
        .where(and(eq(table.id, id), eq(table.organisationId, ctx.user.organisationId)))
      if (!row) throw new NotFoundError(what)
      const [gone] = await tx
        .delete(table)
        .where(and(eq(table.id, id), eq(table.version, version)))
        .returning({ id: table.id })
      if (!gone) throw new StaleVersionError(what)
      await audit(tx, ctx, `finance.${kind}.delete`, `finance-${kind}`, id, { before: row })
    })
  }

  return {
    unitCosts: (ctx: Ctx) => listUnitCosts(db, ctx.user.organisationId),
    serviceCosts: (ctx: Ctx) => listServiceCosts(db, ctx.user.organisationId),
    targets: (ctx: Ctx) => listTargets(db, ctx.user.organisationId),
    parameters: (ctx: Ctx) => listParameters(db, ctx.user.organisationId),

    async createUnitCost(ctx: Ctx, input: UnitCostInput) {
      return db.transaction(async (tx) => {
        check(unitCostProblems(input, await listUnitCosts(tx, ctx.user.organisationId)))
        const [row] = await tx
          .insert(financeUnitCosts)
          .values({ organisationId: ctx.user.organisationId, ...input, provider: input.provider ?? null, effectiveTo: input.effectiveTo ?? null, updatedBy: ctx.user.id })
          .returning()
        if (!row) throw new Error('Unit cost was not created')
        await audit(tx, ctx, 'finance.unit-cost.create', 'finance-unit-cost', row.id, { after: input })
        return row
      })
    },

    async updateUnitCost(ctx: Ctx, id: string, input: UnitCostInput & { version: number }) {
      return db.transaction(async (tx) => {
        const all = await listUnitCosts(tx, ctx.user.organisationId)
        const current = await findRow(all, id, 'unit cost', input.version)
        check(
          unitCostProblems(
            input,
            all.filter((r) => r.id !== id),
          ),
        )
        const { version, ...values } = input
        const [row] = await tx
          .update(financeUnitCosts)
          .set({ ...values, provider: values.provider ?? null, effectiveTo: values.effectiveTo ?? null, version: version + 1, updatedAt: new Date(), updatedBy: ctx.user.id })
          .where(and(eq(financeUnitCosts.id, id), eq(financeUnitCosts.version, version)))
          .returning()
        if (!row) throw new StaleVersionError('unit cost')
        await audit(tx, ctx, 'finance.unit-cost.update', 'finance-unit-cost', id, { before: unitCostView(current), after: unitCostView(row) })
        return row
      })
    },
    deleteUnitCost: (ctx: Ctx, id: string, version: number) => remove(ctx, 'unit-cost', id, version),

    async createServiceCost(ctx: Ctx, input: ServiceCostInput) {
      return db.transaction(async (tx) => {
        check(serviceCostProblems(input, await listServiceCosts(tx, ctx.user.organisationId)))
        const [row] = await tx
          .insert(financeServiceCosts)
          .values({ organisationId: ctx.user.organisationId, ...input, source: input.source ?? '', effectiveTo: input.effectiveTo ?? null, updatedBy: ctx.user.id })
          .returning()
        if (!row) throw new Error('Service cost was not created')
        await audit(tx, ctx, 'finance.service-cost.create', 'finance-service-cost', row.id, { after: input })
        return row
      })
    },

    async updateServiceCost(ctx: Ctx, id: string, input: ServiceCostInput & { version: number }) {
      return db.transaction(async (tx) => {
        const all = await listServiceCosts(tx, ctx.user.organisationId)
        const current = await findRow(all, id, 'service cost line', input.version)
        check(
          serviceCostProblems(
            input,
            all.filter((r) => r.id !== id),
          ),
        )
        const { version, ...values } = input
        const [row] = await tx
          .update(financeServiceCosts)
          .set({ ...values, source: values.source ?? '', effectiveTo: values.effectiveTo ?? null, version: version + 1, updatedAt: new Date(), updatedBy: ctx.user.id })
          .where(and(eq(financeServiceCosts.id, id), eq(financeServiceCosts.version, version)))
          .returning()
        if (!row) throw new StaleVersionError('service cost line')
        await audit(tx, ctx, 'finance.service-cost.update', 'finance-service-cost', id, { before: serviceCostView(current), after: serviceCostView(row) })
        return row
      })
    },
    deleteServiceCost: (ctx: Ctx, id: string, version: number) => remove(ctx, 'service-cost', id, version),

    async createTarget(ctx: Ctx, input: SavingsTargetInput) {
      return db.transaction(async (tx) => {
        check(targetProblems(input, await listTargets(tx, ctx.user.organisationId)))
        const [row] = await tx
          .insert(financeSavingsTargets)
          .values({
            organisationId: ctx.user.organisationId,
            ...input,
            fewerLookedAfterChildren: input.fewerLookedAfterChildren ?? null,
            source: input.source ?? '',
            updatedBy: ctx.user.id,
          })
          .returning()
        if (!row) throw new Error('Target was not created')
        await audit(tx, ctx, 'finance.savings-target.create', 'finance-savings-target', row.id, { after: input })
        return row
      })
    },

    async updateTarget(ctx: Ctx, id: string, input: SavingsTargetInput & { version: number }) {
      return db.transaction(async (tx) => {
        const all = await listTargets(tx, ctx.user.organisationId)
        const current = await findRow(all, id, 'savings target', input.version)
        check(
          targetProblems(
            input,
            all.filter((r) => r.id !== id),
          ),
        )
        const { version, ...values } = input
        const [row] = await tx
          .update(financeSavingsTargets)
          .set({
            ...values,
            fewerLookedAfterChildren: values.fewerLookedAfterChildren ?? null,
            source: values.source ?? '',
            version: version + 1,
            updatedAt: new Date(),
            updatedBy: ctx.user.id,
          })
          .where(and(eq(financeSavingsTargets.id, id), eq(financeSavingsTargets.version, version)))
          .returning()
        if (!row) throw new StaleVersionError('savings target')
        await audit(tx, ctx, 'finance.savings-target.update', 'finance-savings-target', id, { before: targetView(current), after: targetView(row) })
        return row
      })
    },
    deleteTarget: (ctx: Ctx, id: string, version: number) => remove(ctx, 'savings-target', id, version),

    async updateParameter(ctx: Ctx, name: ParameterName, input: ParameterInput) {
      check(parameterProblems(name, input))
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(financeParameters)
          .where(and(eq(financeParameters.organisationId, ctx.user.organisationId), eq(financeParameters.name, name)))
        if (!current) throw new NotFoundError('parameter')
        if (current.version !== input.version) throw new StaleVersionError('parameter')
        const [row] = await tx
          .update(financeParameters)
          .set({
            low: input.low,
            central: input.central,
            high: input.high,
            source: input.source ?? current.source,
            version: input.version + 1,
            updatedAt: new Date(),
            updatedBy: ctx.user.id,
          })
          .where(and(eq(financeParameters.id, current.id), eq(financeParameters.version, input.version)))
          .returning()
        if (!row) throw new StaleVersionError('parameter')
        await audit(tx, ctx, 'finance.parameter.update', 'finance-parameter', row.id, { name, before: parameterView(current), after: parameterView(row) })
        return row
      })
    },
  }
}
export type FinanceSettings = ReturnType<typeof createFinanceSettings>

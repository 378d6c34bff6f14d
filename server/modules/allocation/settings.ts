import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Ctx } from '../../platform/context.js'
import type { Db, Executor } from '../../platform/db/index.js'
import { teamDistricts, teams, userRoles, users } from '../../platform/db/schema.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { NotFoundError, StaleVersionError, ValidationError } from '../../platform/http/errors.js'
import { isValidIsoDate, todayInLondon } from '../../platform/time/index.js'
import { isUuid } from '../../platform/validation.js'
import { DEFAULT_SCREENING, SCREENING_RULES, type ScreeningSettings } from '../casework/domain/screening.js'
import { STRANDS } from '../casework/domain/codes.js'
import { DEFAULT_CAPACITY } from './domain/dashboard.js'
import { caseworkSettings, dutyRota, strandCapacities } from './schema.js'
import { WORKER_ROLES } from './caseload.js'

/**
 * Casework settings (issue 3, items 2 and 4): eligibility rules, districts to teams, capacity
 * per strand per financial year (administrator, `casework:settings`); each worker's caseload
 * cap and the duty rota (team manager, `cases:manage`). Every change runs in one transaction
 * with its audit event, carrying the values before and after; a stale version is refused.
 */

/** PRODUCT.md §2: a worker's cap is 5 to 7 families. */
export const CAP_MIN = 5
export const CAP_MAX = 7

const storedEligibility = z.object({
  minAge: z.number().int(),
  maxAge: z.number().int(),
  rules: z.partialRecord(z.enum(SCREENING_RULES), z.boolean()).optional(),
})

export const eligibilityInput = z
  .object({
    minAge: z
      .number({ error: 'Enter the youngest age as a whole number, like 10' })
      .int('Enter the youngest age as a whole number, like 10')
      .min(0, 'The youngest age must be 0 or more')
      .max(25, 'The youngest age must be 25 or less'),
    maxAge: z
      .number({ error: 'Enter the oldest age as a whole number, like 17' })
      .int('Enter the oldest age as a whole number, like 17')
      .min(0, 'The oldest age must be 0 or more')
      .max(25, 'The oldest age must be 25 or less'),
    rules: z.partialRecord(z.enum(SCREENING_RULES), z.boolean()),
    version: z.number().int().min(0),
  })
  .refine((v) => v.minAge <= v.maxAge, { path: ['maxAge'], message: 'The oldest age must be the same as the youngest or older' })
export type EligibilityInput = z.infer<typeof eligibilityInput>

/** The organisation's eligibility rules: its own, or the defaults (version 0: never changed). */
export async function eligibilitySettings(db: Executor, organisationId: string): Promise<ScreeningSettings & { version: number }> {
  const [row] = await db.select().from(caseworkSettings).where(eq(caseworkSettings.organisationId, organisationId))
  const parsed = row ? storedEligibility.safeParse(row.eligibility) : null
  const rules = { ...DEFAULT_SCREENING.rules, ...(parsed?.success ? parsed.data.rules : {}) }
  return parsed?.success ? { ...parsed.data, rules, version: row?.version ?? 0 } : { ...DEFAULT_SCREENING, rules, version: 0 }
}

/** Capacity per strand for a financial year: the organisation's own figure, else the default. */
export async function strandCapacityFor(db: Executor, organisationId: string, financialYear: number) {
  const rows = await db
    .select()
    .from(strandCapacities)
    .where(and(eq(strandCapacities.organisationId, organisationId), eq(strandCapacities.financialYear, financialYear)))
  return STRANDS.map((strand) => {
    const own = rows.find((r) => r.strand === strand)
    return { strand, capacity: own?.capacity ?? DEFAULT_CAPACITY[strand] ?? 0, version: own?.version ?? 0, isDefault: !own }
  })
}

/** Who is on the duty rota on a date (London), with their roles. */
export async function onDuty(db: Executor, organisationId: string, onDate: string) {
  return db
    .select({ id: dutyRota.id, userId: dutyRota.userId, name: users.name, teamId: dutyRota.teamId, startsOn: dutyRota.startsOn, endsOn: dutyRota.endsOn, note: dutyRota.note })
    .from(dutyRota)
    .innerJoin(users, eq(users.id, dutyRota.userId))
    .where(and(eq(dutyRota.organisationId, organisationId), lte(dutyRota.startsOn, onDate), gte(dutyRota.endsOn, onDate)))
    .orderBy(asc(users.name))
}

/**
 * Whether a team manager may accept a crisis referral out of panel today (issue 3, item 4:
 * "a duty rota says who covers crisis response out of hours"): when the rota names team
 * managers on duty today, it is one of them; when it names none, any team manager may.
 */
export async function dutyManagersToday(db: Executor, organisationId: string, today = todayInLondon()) {
  const rows = await db
    .selectDistinct({ userId: dutyRota.userId, name: users.name })
    .from(dutyRota)
    .innerJoin(users, eq(users.id, dutyRota.userId))
    .innerJoin(userRoles, and(eq(userRoles.userId, dutyRota.userId), eq(userRoles.role, 'team_manager')))
    .where(and(eq(dutyRota.organisationId, organisationId), lte(dutyRota.startsOn, today), gte(dutyRota.endsOn, today)))
  return rows
}

export type CaseworkSettingsService = ReturnType<typeof createCaseworkSettingsService>

export function createCaseworkSettingsService(db: Db) {
  const org = (ctx: Ctx) => ctx.user.organisationId

  return {
    eligibility: (ctx: Ctx) => eligibilitySettings(db, org(ctx)),

    async saveEligibility(ctx: Ctx, input: EligibilityInput) {
      return db.transaction(async (tx) => {
        const before = await eligibilitySettings(tx, org(ctx))
        if (before.version !== input.version) throw new StaleVersionError('setting')
        const after = { minAge: input.minAge, maxAge: input.maxAge, rules: { ...DEFAULT_SCREENING.rules, ...input.rules } }
        if (before.version === 0) {
          const inserted = await tx
            .insert(caseworkSettings)
            .values({ organisationId: org(ctx), eligibility: after, version: 1, updatedBy: ctx.user.id })
            .onConflictDoNothing()
            .returning()
          if (!inserted.length) throw new StaleVersionError('setting')
        } else {
          const updated = await tx
            .update(caseworkSettings)
            .set({ eligibility: after, version: before.version + 1, updatedBy: ctx.user.id, updatedAt: new Date() })
            .where(and(eq(caseworkSettings.organisationId, org(ctx)), eq(caseworkSettings.version, before.version)))
            .returning()
          if (!updated.length) throw new StaleVersionError('setting')
        }
        const { version: _v, ...was } = before
        await recordAudit(tx, { ...actor(ctx), action: 'settings.eligibility', recordType: 'casework_settings', recordId: org(ctx), details: { before: was, after } })
        return { ...after, version: before.version + 1 }
      })
    },

    capacities: (ctx: Ctx, financialYear: number) => strandCapacityFor(db, org(ctx), financialYear),

    async saveCapacity(ctx: Ctx, input: { financialYear: number; strand: string; capacity: number; version: number }) {
      if (!(STRANDS as readonly string[]).includes(input.strand)) throw new ValidationError([{ field: '/strand', message: 'Select a strand' }])
      if (!Number.isInteger(input.capacity) || input.capacity < 0 || input.capacity > 10_000)
        throw new ValidationError([{ field: `/capacity-${input.strand}`, message: 'Enter the capacity as a whole number of cases, 0 or more' }])
      return db.transaction(async (tx) => {
        const current = (await strandCapacityFor(tx, org(ctx), input.financialYear)).find((c) => c.strand === input.strand)
        if (!current || current.version !== input.version) throw new StaleVersionError('capacity')
        const values = { capacity: input.capacity, version: current.version + 1, updatedBy: ctx.user.id, updatedAt: new Date() }
        const written = current.isDefault
          ? await tx
              .insert(strandCapacities)
              .values({ organisationId: org(ctx), financialYear: input.financialYear, strand: input.strand, ...values })
              .onConflictDoNothing()
              .returning()
          : await tx
              .update(strandCapacities)
              .set(values)
              .where(
                and(
                  eq(strandCapacities.organisationId, org(ctx)),
                  eq(strandCapacities.financialYear, input.financialYear),
                  eq(strandCapacities.strand, input.strand),
                  eq(strandCapacities.version, current.version),
                ),
              )
              .returning()
        if (!written.length) throw new StaleVersionError('capacity')
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'settings.capacity',
          recordType: 'casework_settings',
          recordId: org(ctx),
          details: { financialYear: input.financialYear, strand: input.strand, before: current.capacity, after: input.capacity },
        })
      })
    },

    async districts(ctx: Ctx) {
      const [teamRows, mapping] = await Promise.all([
        db
          .select({ id: teams.id, name: teams.name })
          .from(teams)
          .where(eq(teams.organisationId, org(ctx)))
          .orderBy(asc(teams.name)),
        db
          .select({ district: teamDistricts.district, teamId: teamDistricts.teamId })
          .from(teamDistricts)
          .where(eq(teamDistricts.organisationId, org(ctx)))
          .orderBy(asc(teamDistricts.district)),
      ])
      return { teams: teamRows, districts: mapping.map((m) => ({ ...m, teamName: teamRows.find((t) => t.id === m.teamId)?.name ?? '' })) }
    },

    /**
     * Maps a district to a team, new or moved. `fromTeamId` is the team the user saw it on
     * ('' for a new district): if it has changed since, the write is refused as stale.
     */
    async mapDistrict(ctx: Ctx, input: { district: string; teamId: string; fromTeamId: string }) {
      const district = input.district.trim().replace(/\s+/g, ' ')
      const errors = [
        !district && { field: '/district', message: 'Enter the district’s name' },
        district.length > 100 && { field: '/district', message: 'The district’s name must be 100 characters or fewer' },
        !input.teamId && { field: '/teamId', message: 'Select the team that covers the district' },
      ].filter((e): e is { field: string; message: string } => Boolean(e))
      if (errors.length) throw new ValidationError(errors)
      return db.transaction(async (tx) => {
        const [team] = isUuid(input.teamId)
          ? await tx
              .select()
              .from(teams)
              .where(and(eq(teams.id, input.teamId), eq(teams.organisationId, org(ctx))))
          : []
        if (!team) throw new ValidationError([{ field: '/teamId', message: 'Select the team that covers the district' }])
        const [existing] = await tx
          .select()
          .from(teamDistricts)
          .where(and(eq(teamDistricts.organisationId, org(ctx)), sql`lower(${teamDistricts.district}) = lower(${district})`))
        if ((existing?.teamId ?? '') !== input.fromTeamId) {
          if (!input.fromTeamId && existing) throw new ValidationError([{ field: '/district', message: `${existing.district} is already mapped: change its team in the table` }])
          throw new StaleVersionError('district')
        }
        if (existing)
          await tx
            .update(teamDistricts)
            .set({ teamId: team.id })
            .where(and(eq(teamDistricts.organisationId, org(ctx)), eq(teamDistricts.district, existing.district)))
        else await tx.insert(teamDistricts).values({ organisationId: org(ctx), district, teamId: team.id })
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'settings.district',
          recordType: 'casework_settings',
          recordId: org(ctx),
          details: { district: existing?.district ?? district, beforeTeamId: existing?.teamId ?? null, afterTeamId: team.id, team: team.name },
        })
      })
    },

    async removeDistrict(ctx: Ctx, input: { district: string; fromTeamId: string }) {
      return db.transaction(async (tx) => {
        const removed = await tx
          .delete(teamDistricts)
          .where(
            and(
              eq(teamDistricts.organisationId, org(ctx)),
              eq(teamDistricts.district, input.district),
              eq(teamDistricts.teamId, isUuid(input.fromTeamId) ? input.fromTeamId : sql`null`),
            ),
          )
          .returning()
        if (!removed.length) throw new StaleVersionError('district')
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'settings.district-remove',
          recordType: 'casework_settings',
          recordId: org(ctx),
          details: { district: input.district, beforeTeamId: input.fromTeamId },
        })
      })
    },

    /** A worker's caseload cap, 5 to 7 (PRODUCT.md §2), set by a team manager; `version` is the user's. */
    async setCap(ctx: Ctx, input: { userId: string; cap: number; version: number }) {
      if (!Number.isInteger(input.cap) || input.cap < CAP_MIN || input.cap > CAP_MAX)
        throw new ValidationError([{ field: `/cap-${input.userId}`, message: `Enter a cap from ${CAP_MIN} to ${CAP_MAX} families` }])
      return db.transaction(async (tx) => {
        const [worker] = isUuid(input.userId)
          ? await tx
              .selectDistinct({ id: users.id, cap: users.caseloadCap, version: users.version, name: users.name })
              .from(users)
              .innerJoin(userRoles, eq(userRoles.userId, users.id))
              .where(and(eq(users.id, input.userId), eq(users.organisationId, org(ctx)), inArray(userRoles.role, [...WORKER_ROLES])))
          : []
        if (!worker) throw new NotFoundError('worker')
        const updated = await tx
          .update(users)
          .set({ caseloadCap: input.cap, version: worker.version + 1 })
          .where(and(eq(users.id, worker.id), eq(users.version, input.version)))
          .returning({ id: users.id })
        if (!updated.length) throw new StaleVersionError('worker’s cap')
        await recordAudit(tx, { ...actor(ctx), action: 'worker.cap', recordType: 'user', recordId: worker.id, details: { before: worker.cap, after: input.cap } })
      })
    },

    async workers(ctx: Ctx) {
      return db
        .selectDistinct({ id: users.id, name: users.name, cap: users.caseloadCap, version: users.version, teamName: teams.name })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .leftJoin(teams, eq(teams.id, users.teamId))
        .where(and(eq(users.organisationId, org(ctx)), eq(users.disabled, false), inArray(userRoles.role, [...WORKER_ROLES])))
        .orderBy(asc(teams.name), asc(users.name))
    },

    /** People who can be on the duty rota: team managers, senior practitioners and family support workers. */
    async rotaCandidates(ctx: Ctx) {
      return db
        .selectDistinct({ id: users.id, name: users.name })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(users.organisationId, org(ctx)), eq(users.disabled, false), inArray(userRoles.role, ['team_manager', 'senior_practitioner', 'family_support_worker'])))
        .orderBy(asc(users.name))
    },

    /** The rota from a date on (default today), soonest first. */
    async rota(ctx: Ctx, from = todayInLondon()) {
      return db
        .select({
          id: dutyRota.id,
          userId: dutyRota.userId,
          name: users.name,
          startsOn: dutyRota.startsOn,
          endsOn: dutyRota.endsOn,
          note: dutyRota.note,
          version: dutyRota.version,
        })
        .from(dutyRota)
        .innerJoin(users, eq(users.id, dutyRota.userId))
        .where(and(eq(dutyRota.organisationId, org(ctx)), gte(dutyRota.endsOn, from)))
        .orderBy(asc(dutyRota.startsOn), asc(users.name))
        .limit(200)
    },

    async addToRota(ctx: Ctx, input: { userId: string; startsOn: string; endsOn: string; note: string }) {
      const candidates = await this.rotaCandidates(ctx)
      const errors = [
        !candidates.some((c) => c.id === input.userId) && { field: '/userId', message: 'Select who is on duty' },
        !isValidIsoDate(input.startsOn) && { field: '/startsOn', message: 'Enter the first day on duty as a real date, like 27 11 2026' },
        !isValidIsoDate(input.endsOn) && { field: '/endsOn', message: 'Enter the last day on duty as a real date, like 29 11 2026' },
        isValidIsoDate(input.startsOn) &&
          isValidIsoDate(input.endsOn) &&
          input.endsOn < input.startsOn && { field: '/endsOn', message: 'The last day must be the same as the first day or after it' },
        input.note.length > 500 && { field: '/note', message: 'The note must be 500 characters or fewer' },
      ].filter((e): e is { field: string; message: string } => Boolean(e))
      if (errors.length) throw new ValidationError(errors)
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(dutyRota)
          .values({
            organisationId: org(ctx),
            userId: input.userId,
            teamId: ctx.user.teamId,
            startsOn: input.startsOn,
            endsOn: input.endsOn,
            note: input.note || null,
            createdBy: ctx.user.id,
          })
          .returning()
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'duty-rota.add',
          recordType: 'duty_rota',
          recordId: row?.id ?? null,
          details: { userId: input.userId, startsOn: input.startsOn, endsOn: input.endsOn },
        })
      })
    },

    async removeFromRota(ctx: Ctx, id: string, version: number) {
      return db.transaction(async (tx) => {
        const removed = isUuid(id)
          ? await tx
              .delete(dutyRota)
              .where(and(eq(dutyRota.id, id), eq(dutyRota.organisationId, org(ctx)), eq(dutyRota.version, version)))
              .returning()
          : []
        if (!removed[0]) throw new StaleVersionError('rota entry')
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'duty-rota.remove',
          recordType: 'duty_rota',
          recordId: id,
          details: { userId: removed[0].userId, startsOn: removed[0].startsOn, endsOn: removed[0].endsOn },
        })
      })
    },
  }
}

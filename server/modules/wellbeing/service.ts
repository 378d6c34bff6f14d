import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db, Executor, Tx } from '../../platform/db/index.js'
import { organisations, servicePartners, services, users } from '../../platform/db/schema.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../../platform/http/errors.js'
import { inJointService } from '../../platform/tenancy/index.js'
import { ageOn, loadBankHolidays, todayInLondon } from '../../platform/time/index.js'
import { isUuid } from '../../platform/validation.js'
import { toPounds } from '../finance/domain/index.js'
import { bandsFromCutoffs, cutoffsFromBands, DEFAULT_SDQ_CUTOFFS, scoreSdq, type SdqCutoffs, type SdqScores } from './domain/sdq.js'
import { OLDEST_AGE_SERVED, type Activity, type FlagKind, type Lead } from './domain/codes.js'
import { decideWork, type GoldingNeeds } from './domain/triage.js'
import { triageQueue } from './domain/queue.js'
import { DEFAULT_FLAG_RESPONSE_WORKING_DAYS, flagDueOn } from './domain/flags.js'
import { DEFAULT_TARIFFS, DEFAULT_TARIFFS_FROM, costAtTariff, overlappingTariff, showPounds, tariffActivity, tariffOn, type Tariff } from './domain/tariffs.js'
import { DEFAULT_DIRECTORY } from './domain/directory.js'
import { wellbeingDashboard } from './domain/dashboard.js'
import {
  wellbeingDirectory,
  wellbeingFlags,
  wellbeingOnwardReferrals,
  wellbeingOutcomes,
  wellbeingReferrals,
  wellbeingSdqItems,
  wellbeingSdqs,
  wellbeingSessions,
  wellbeingSettings,
  wellbeingTariffs,
  wellbeingTriages,
} from './schema.js'
import type {
  ClosureInput,
  DirectoryEntryInput,
  FlagInput,
  FlagResponseInput,
  OnwardOutcomeInput,
  OnwardReferralInput,
  OutcomeInput,
  ReferralChangeInput,
  ReferralInput,
  SdqInput,
  SessionInput,
  SettingsInput,
  TariffInput,
  TriageInput,
} from './schemas.js'

/**
 * The wellbeing service's use cases (PRODUCT.md §6, issue 6), behind both the API and the
 * pages. Its records belong to the jointly commissioned service: every read goes through
 * `inJointService`, so only staff holding a role in the service see them, and to anyone else
 * a record does not exist (404). Every write runs in one transaction with its audit event.
 */
export type WellbeingService = ReturnType<typeof createWellbeingService>

type Referral = typeof wellbeingReferrals.$inferSelect

const NO_SERVICE = 'You do not hold a role in the wellbeing service. Ask an administrator to give you one.'

export function createWellbeingService(db: Db) {
  // ------------------------------------------------------------ helpers

  /** The service a new record goes into: the one the caller holds a role in (or the one they name, when several). */
  function serviceFor(ctx: Ctx, serviceId?: string): string {
    const ids = ctx.user.serviceIds
    if (serviceId) {
      if (!ids.includes(serviceId)) throw new ValidationError([{ field: '/serviceId', message: 'You do not hold a role in that service' }])
      return serviceId
    }
    if (ids.length === 0) throw new ForbiddenError(NO_SERVICE)
    if (ids.length > 1) throw new ValidationError([{ field: '/serviceId', message: 'You hold roles in more than one service: name the service' }])
    return ids[0] as string
  }

  async function loadReferral(ctx: Ctx, id: string, executor: Executor = db): Promise<Referral> {
    const [row] = isUuid(id)
      ? await executor
          .select()
          .from(wellbeingReferrals)
          .where(and(eq(wellbeingReferrals.id, id), inJointService(ctx, wellbeingReferrals.serviceId)))
      : []
    if (!row) throw new NotFoundError('wellbeing referral')
    return row
  }

  function checkVersion(current: number, sent: number | undefined, what: string) {
    if (sent !== undefined && sent !== current) throw new StaleVersionError(what)
  }

  function refuseIfClosed(referral: Referral, doing: string) {
    if (referral.status === 'closed') {
      throw new ConflictError(
        'invalid-state',
        `This referral was closed on ${referral.closedOn ?? 'an earlier date'}, so you cannot ${doing}. Make a new referral if the young person needs the service again.`,
      )
    }
  }

  /** Bumps the referral's version only if nobody changed it since it was read. */
  async function touchReferral(tx: Tx, referral: Referral, values: Partial<typeof wellbeingReferrals.$inferInsert> = {}) {
    const [updated] = await tx
      .update(wellbeingReferrals)
      .set({ ...values, version: referral.version + 1, updatedAt: new Date() })
      .where(and(eq(wellbeingReferrals.id, referral.id), eq(wellbeingReferrals.version, referral.version)))
      .returning()
    if (!updated) throw new StaleVersionError('referral')
    return updated
  }

  const audit = (tx: Tx, ctx: Ctx, referral: { id: string; organisationId: string }, action: string, details: Record<string, unknown> = {}) =>
    recordAudit(tx, { ...actor(ctx, referral.organisationId), action: `wellbeing.${action}`, recordType: 'wellbeing_referral', recordId: referral.id, details })

  /** A service's settings, the defaults (version 0) while it has none of its own; the SDQ bands as cut-offs and as bands. */
  async function settingsOf(executor: Executor, serviceId: string) {
    const [row] = await executor.select().from(wellbeingSettings).where(eq(wellbeingSettings.serviceId, serviceId))
    if (!row) {
      return {
        serviceId,
        flagResponseWorkingDays: DEFAULT_FLAG_RESPONSE_WORKING_DAYS,
        triageTargetDays: 20,
        firstSessionTargetDays: 42,
        sdqBands: bandsFromCutoffs(DEFAULT_SDQ_CUTOFFS),
        version: 0,
        cutoffs: DEFAULT_SDQ_CUTOFFS,
      }
    }
    const cutoffs: SdqCutoffs = {
      carer: { borderline: row.sdqCarerBorderline, concern: row.sdqCarerConcern },
      teacher: { borderline: row.sdqTeacherBorderline, concern: row.sdqTeacherConcern },
      self: { borderline: row.sdqSelfBorderline, concern: row.sdqSelfConcern },
    }
    return {
      serviceId,
      flagResponseWorkingDays: row.flagResponseWorkingDays,
      triageTargetDays: row.triageTargetDays,
      firstSessionTargetDays: row.firstSessionTargetDays,
      sdqBands: bandsFromCutoffs(cutoffs),
      version: row.version,
      cutoffs,
    }
  }
  const publicSettings = ({ cutoffs: _cutoffs, ...settings }: Awaited<ReturnType<typeof settingsOf>>) => settings

  async function raiseFlag(tx: Tx, referral: Referral, kind: FlagKind, raisedOn: string, note: string | null, sdqId: string | null = null) {
    const settings = await settingsOf(tx, referral.serviceId)
    const dueOn = flagDueOn(raisedOn, settings.flagResponseWorkingDays, await loadBankHolidays(tx))
    const [flag] = await tx.insert(wellbeingFlags).values({ referralId: referral.id, kind, raisedOn, dueOn, note, sdqId }).returning()
    if (!flag) throw new Error('Flag was not raised')
    return flag
  }

  /**
   * Gives a service the default directory (issue 6: CAMHS, First Steps, Kooth, mental health
   * support teams, neurodiversity hubs) and the default tariff (PRODUCT.md §6) the first
   * time it is used. Idempotent; one writer at a time per service.
   */
  async function setUpService(tx: Tx, serviceId: string, organisationId: string, userId: string | null) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'wellbeing-setup:' + serviceId}, 0))`)
    const [anyEntry] = await tx.select({ id: wellbeingDirectory.id }).from(wellbeingDirectory).where(eq(wellbeingDirectory.serviceId, serviceId)).limit(1)
    const [anyTariff] = await tx.select({ id: wellbeingTariffs.id }).from(wellbeingTariffs).where(eq(wellbeingTariffs.serviceId, serviceId)).limit(1)
    if (anyEntry && anyTariff) return
    if (!anyEntry) await tx.insert(wellbeingDirectory).values(DEFAULT_DIRECTORY.map((d) => ({ serviceId, ...d })))
    if (!anyTariff)
      await tx
        .insert(wellbeingTariffs)
        .values(DEFAULT_TARIFFS.map((t) => ({ serviceId, activity: t.activity, amount: t.amount, maxAmount: t.maxAmount, effectiveFrom: DEFAULT_TARIFFS_FROM })))
    await recordAudit(tx, {
      organisationId,
      userId,
      action: 'wellbeing.service.defaults',
      recordType: 'service',
      recordId: serviceId,
      details: { directory: !anyEntry, tariffs: !anyTariff },
    })
  }

  async function ensureSetUp(ctx: Ctx, serviceId: string) {
    const [entry] = await db.select({ id: wellbeingDirectory.id }).from(wellbeingDirectory).where(eq(wellbeingDirectory.serviceId, serviceId)).limit(1)
    const [tariff] = await db.select({ id: wellbeingTariffs.id }).from(wellbeingTariffs).where(eq(wellbeingTariffs.serviceId, serviceId)).limit(1)
    if (entry && tariff) return
    await db.transaction((tx) => setUpService(tx, serviceId, ctx.user.organisationId, ctx.user.id))
  }

  async function partnersOf(executor: Executor, serviceId: string) {
    return executor
      .select({ organisationId: organisations.id, code: organisations.code, name: organisations.name, sharePercent: servicePartners.fundingSharePercent })
      .from(servicePartners)
      .innerJoin(organisations, eq(organisations.id, servicePartners.organisationId))
      .where(eq(servicePartners.serviceId, serviceId))
      .orderBy(desc(servicePartners.fundingSharePercent), asc(organisations.name))
  }

  async function tariffsOf(executor: Executor, serviceId: string): Promise<(Tariff & { version: number })[]> {
    return executor
      .select({
        id: wellbeingTariffs.id,
        activity: wellbeingTariffs.activity,
        amount: wellbeingTariffs.amount,
        maxAmount: wellbeingTariffs.maxAmount,
        effectiveFrom: wellbeingTariffs.effectiveFrom,
        effectiveTo: wellbeingTariffs.effectiveTo,
        version: wellbeingTariffs.version,
      })
      .from(wellbeingTariffs)
      .where(eq(wellbeingTariffs.serviceId, serviceId))
      .orderBy(asc(wellbeingTariffs.activity), asc(wellbeingTariffs.effectiveFrom))
  }

  /** Services whose figures the caller may see: those they hold a role in, and those their organisation partners in. */
  async function reportableServices(ctx: Ctx) {
    const partnered = await db.select({ serviceId: servicePartners.serviceId }).from(servicePartners).where(eq(servicePartners.organisationId, ctx.user.organisationId))
    const ids = [...new Set([...ctx.user.serviceIds, ...partnered.map((p) => p.serviceId)])]
    return ids.length ? db.select().from(services).where(inArray(services.id, ids)).orderBy(asc(services.name)) : []
  }

  function sdqChange(sdqs: { informant: string; stage: string; completedOn: string; scores: Record<string, unknown> }[]) {
    const ordered = [...sdqs].sort((a, b) => a.completedOn.localeCompare(b.completedOn))
    const start = ordered.find((s) => s.stage === 'start')
    const end = [...ordered].reverse().find((s) => s.stage === 'end' && (!start || s.informant === start.informant))
    const startTotal = (start?.scores.totalDifficulties as number | null | undefined) ?? null
    const endTotal = (end?.scores.totalDifficulties as number | null | undefined) ?? null
    // Only the same informant's questionnaires are compared: the bands differ by informant.
    return {
      informant: start?.informant ?? null,
      start: startTotal,
      end: endTotal,
      change: startTotal !== null && endTotal !== null ? endTotal - startTotal : null,
    }
  }

  return {
    serviceFor,
    NO_SERVICE,

    /** Throws NotFoundError unless the caller can see the referral: run before a request body is read. */
    ensureReferralVisible: async (ctx: Ctx, id: string) => void (await loadReferral(ctx, id)),

    /** The caller's services, for the pages: a wellbeing practitioner without one is told so. */
    hasService: (ctx: Ctx) => ctx.user.serviceIds.length > 0,

    async partners(ctx: Ctx) {
      const serviceId = ctx.user.serviceIds[0]
      return serviceId ? partnersOf(db, serviceId) : []
    },

    // ---------------------------------------------------------- referral

    async createReferral(ctx: Ctx, input: ReferralInput) {
      const serviceId = serviceFor(ctx, input.serviceId)
      const today = todayInLondon()
      const referredOn = input.referredOn ?? today
      const errors: { field: string; message: string }[] = []
      if (input.dateOfBirth > today) errors.push({ field: '/dateOfBirth', message: 'Date of birth must be in the past' })
      else {
        const age = ageOn(input.dateOfBirth, referredOn)
        if (input.careStatus === 'in_care' && age >= 18)
          errors.push({ field: '/careStatus', message: `The young person was ${age} when referred: a young person of 18 or over is a care leaver` })
        if (age > OLDEST_AGE_SERVED)
          errors.push({ field: '/dateOfBirth', message: `The service is for young people up to ${OLDEST_AGE_SERVED}: this young person was ${age} when referred` })
      }
      if (referredOn > today) errors.push({ field: '/referredOn', message: 'The referral date must be today or in the past' })
      const partners = await partnersOf(db, serviceId)
      const partner = input.responsibleOrganisationId ? partners.find((p) => p.organisationId === input.responsibleOrganisationId) : undefined
      if (!input.responsibleOrganisationId && !input.responsibleAuthority) errors.push({ field: '/responsibleAuthority', message: 'Enter the responsible authority' })
      if (input.responsibleOrganisationId && !partner) {
        errors.push({ field: '/responsibleOrganisationId', message: 'That organisation is not a partner in the service: leave it out and name the authority instead' })
      }
      if (errors.length) throw new ValidationError(errors)
      return db.transaction(async (tx) => {
        await setUpService(tx, serviceId, ctx.user.organisationId, ctx.user.id)
        const [referral] = await tx
          .insert(wellbeingReferrals)
          .values({
            organisationId: ctx.user.organisationId,
            serviceId,
            givenName: input.givenName,
            familyName: input.familyName,
            dateOfBirth: input.dateOfBirth,
            careStatus: input.careStatus,
            responsibleOrganisationId: partner?.organisationId ?? null,
            responsibleAuthority: partner?.name ?? input.responsibleAuthority ?? '',
            placementType: input.placementType,
            placementDetails: input.placementDetails || null,
            referredOn,
            referrerName: input.referrerName,
            referrerRole: input.referrerRole || null,
            reason: input.reason,
            priorities: [...new Set(input.priorities ?? [])],
            consent: input.consent,
            informationSharing: input.informationSharing,
            consentNotes: input.consentNotes || null,
            createdBy: ctx.user.id,
          })
          .returning()
        if (!referral) throw new Error('Referral was not created')
        const flags = []
        if (input.schoolExclusion) flags.push(await raiseFlag(tx, referral, 'school_exclusion', referredOn, 'Excluded from school when referred'))
        if (input.persistentAbsence) flags.push(await raiseFlag(tx, referral, 'persistent_absence', referredOn, 'Persistently absent from school when referred'))
        await audit(tx, ctx, referral, 'referral.create', { priorities: referral.priorities, flags: flags.map((f) => f.kind) })
        return {
          id: referral.id,
          status: referral.status,
          flags: flags.map((f) => ({ id: f.id, kind: f.kind, raisedOn: f.raisedOn, dueOn: f.dueOn })),
          version: referral.version,
        }
      })
    },

    /** Changes a referral's details (placement, consent, sharing, priorities, reason); the edit carries the version read. */
    async updateReferral(ctx: Ctx, id: string, input: ReferralChangeInput) {
      const referral = await loadReferral(ctx, id)
      checkVersion(referral.version, input.version, 'referral')
      const { version: _version, ...changes } = input
      const values = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<typeof wellbeingReferrals.$inferInsert>
      if (values.priorities) values.priorities = [...new Set(values.priorities)]
      return db.transaction(async (tx) => {
        const updated = await touchReferral(tx, referral, values)
        const before = Object.fromEntries(Object.keys(values).map((k) => [k, referral[k as keyof Referral]]))
        await audit(tx, ctx, referral, 'referral.update', { before, after: values })
        return { id: updated.id, status: updated.status, version: updated.version }
      })
    },

    /** The triage queue (awaiting triage, by priority then wait), or the open or closed referrals. */
    async list(ctx: Ctx, view: 'queue' | 'open' | 'closed' = 'queue') {
      const status = view === 'queue' ? 'awaiting_triage' : view === 'open' ? 'triaged' : 'closed'
      const rows = await db
        .select({
          id: wellbeingReferrals.id,
          givenName: wellbeingReferrals.givenName,
          familyName: wellbeingReferrals.familyName,
          dateOfBirth: wellbeingReferrals.dateOfBirth,
          careStatus: wellbeingReferrals.careStatus,
          responsibleAuthority: wellbeingReferrals.responsibleAuthority,
          referredOn: wellbeingReferrals.referredOn,
          priorities: wellbeingReferrals.priorities,
          status: wellbeingReferrals.status,
          closedOn: wellbeingReferrals.closedOn,
          createdAt: wellbeingReferrals.createdAt,
          openFlags: sql<number>`(select count(*)::int from wellbeing_flags f where f.referral_id = ${wellbeingReferrals.id} and f.responded_on is null)`,
        })
        .from(wellbeingReferrals)
        .where(and(inJointService(ctx, wellbeingReferrals.serviceId), eq(wellbeingReferrals.status, status)))
        .orderBy(view === 'closed' ? desc(wellbeingReferrals.closedOn) : asc(wellbeingReferrals.referredOn))
      const today = todayInLondon()
      const withWait = rows.map((r) => ({ ...r, daysWaiting: Math.round((Date.parse(today) - Date.parse(r.referredOn)) / 86_400_000) }))
      return view === 'queue' ? triageQueue(withWait) : withWait
    },

    /** Everything about one referral, for its page and the API. Audited as a view of a child's record. */
    async view(ctx: Ctx, id: string) {
      const referral = await loadReferral(ctx, id)
      const [sdqRows, items, flags, triages, onward, sessions, outcomeRows] = await Promise.all([
        db.select().from(wellbeingSdqs).where(eq(wellbeingSdqs.referralId, referral.id)).orderBy(asc(wellbeingSdqs.completedOn), asc(wellbeingSdqs.createdAt)),
        db
          .select({ sdqId: wellbeingSdqItems.sdqId, item: wellbeingSdqItems.item, answer: wellbeingSdqItems.answer })
          .from(wellbeingSdqItems)
          .innerJoin(wellbeingSdqs, eq(wellbeingSdqs.id, wellbeingSdqItems.sdqId))
          .where(eq(wellbeingSdqs.referralId, referral.id)),
        db.select().from(wellbeingFlags).where(eq(wellbeingFlags.referralId, referral.id)).orderBy(asc(wellbeingFlags.raisedOn), asc(wellbeingFlags.createdAt)),
        db
          .select({ triage: wellbeingTriages, by: users.name })
          .from(wellbeingTriages)
          .innerJoin(users, eq(users.id, wellbeingTriages.assessedBy))
          .where(eq(wellbeingTriages.referralId, referral.id))
          .orderBy(desc(wellbeingTriages.assessedOn), desc(wellbeingTriages.createdAt)),
        db
          .select({ onward: wellbeingOnwardReferrals, service: wellbeingDirectory.name, contact: wellbeingDirectory.contact })
          .from(wellbeingOnwardReferrals)
          .innerJoin(wellbeingDirectory, eq(wellbeingDirectory.id, wellbeingOnwardReferrals.directoryEntryId))
          .where(eq(wellbeingOnwardReferrals.referralId, referral.id))
          .orderBy(asc(wellbeingOnwardReferrals.referredOn)),
        db.select().from(wellbeingSessions).where(eq(wellbeingSessions.referralId, referral.id)).orderBy(asc(wellbeingSessions.heldOn), asc(wellbeingSessions.createdAt)),
        db.select().from(wellbeingOutcomes).where(eq(wellbeingOutcomes.referralId, referral.id)),
      ])
      await db.transaction((tx) => audit(tx, ctx, referral, 'referral.view'))
      const sdqs = sdqRows.map((s) => ({
        id: s.id,
        informant: s.informant,
        stage: s.stage,
        completedOn: s.completedOn,
        answers: Object.fromEntries(items.filter((i) => i.sdqId === s.id).map((i) => [String(i.item), i.answer])),
        impact: s.impact,
        scores: s.scores,
      }))
      const totalCost = sessions.reduce((sum, s) => sum + Number(s.cost ?? 0), 0)
      return {
        referral,
        sdqs,
        flags: flags.map((f) => ({
          id: f.id,
          kind: f.kind,
          raisedOn: f.raisedOn,
          dueOn: f.dueOn,
          note: f.note,
          respondedOn: f.respondedOn,
          response: f.response,
          version: f.version,
        })),
        triage: triages[0] ? { ...triages[0].triage, by: triages[0].by } : null,
        triageHistory: triages.map((t) => ({ ...t.triage, by: t.by })),
        onwardReferrals: onward.map((o) => ({ ...o.onward, service: o.service, contact: o.contact })),
        sessions: sessions.map((s) => ({
          id: s.id,
          heldOn: s.heldOn,
          activity: s.activity,
          mode: s.mode,
          lead: s.lead,
          durationMinutes: s.durationMinutes,
          note: s.note,
          cost: s.cost === null ? null : Number(s.cost),
        })),
        totalCost: Math.round(totalCost * 100) / 100,
        outcome: outcomeRows[0] ?? null,
        sdqChange: sdqChange(sdqRows),
      }
    },

    // ---------------------------------------------------------- SDQ and flags

    async recordSdq(ctx: Ctx, id: string, input: SdqInput) {
      const referral = await loadReferral(ctx, id)
      refuseIfClosed(referral, 'add a questionnaire')
      if (input.completedOn > todayInLondon()) throw new ValidationError([{ field: '/completedOn', message: 'The date completed must be today or in the past' }])
      return db.transaction(async (tx) => {
        // The service's own bands decide the band kept and whether it is a cause for concern.
        const scores: SdqScores = scoreSdq(input, (await settingsOf(tx, referral.serviceId)).cutoffs)
        const [sdq] = await tx
          .insert(wellbeingSdqs)
          .values({
            referralId: referral.id,
            informant: input.informant,
            stage: input.stage,
            completedOn: input.completedOn,
            impact: (input.impact ?? null) as Record<string, number> | null,
            scores: scores as unknown as Record<string, unknown>,
            recordedBy: ctx.user.id,
          })
          .returning()
        if (!sdq) throw new Error('Questionnaire was not stored')
        const items = Object.entries(input.answers).map(([item, answer]) => ({ sdqId: sdq.id, item: Number(item), answer: answer as number }))
        if (items.length) await tx.insert(wellbeingSdqItems).values(items)
        // 001: a cause-for-concern score calls for a timely response.
        const flag =
          scores.band === 'concern'
            ? await raiseFlag(tx, referral, 'sdq_concern', input.completedOn, `Total difficulties ${scores.totalDifficulties} (${input.informant})`, sdq.id)
            : null
        await audit(tx, ctx, referral, 'sdq.record', {
          sdqId: sdq.id,
          informant: input.informant,
          stage: input.stage,
          total: scores.totalDifficulties,
          band: scores.band,
          flag: flag?.id ?? null,
        })
        return { id: sdq.id, scores, flag: flag ? { id: flag.id, kind: flag.kind, raisedOn: flag.raisedOn, dueOn: flag.dueOn } : null }
      })
    },

    async raiseFlag(ctx: Ctx, id: string, input: FlagInput) {
      const referral = await loadReferral(ctx, id)
      refuseIfClosed(referral, 'raise a flag')
      return db.transaction(async (tx) => {
        const flag = await raiseFlag(tx, referral, input.kind, input.raisedOn ?? todayInLondon(), input.note || null)
        await audit(tx, ctx, referral, 'flag.raise', { flagId: flag.id, kind: flag.kind, dueOn: flag.dueOn })
        return { id: flag.id, kind: flag.kind, raisedOn: flag.raisedOn, dueOn: flag.dueOn, version: flag.version }
      })
    },

    async respondToFlag(ctx: Ctx, id: string, flagId: string, input: FlagResponseInput) {
      const referral = await loadReferral(ctx, id)
      const [flag] = isUuid(flagId)
        ? await db
            .select()
            .from(wellbeingFlags)
            .where(and(eq(wellbeingFlags.id, flagId), eq(wellbeingFlags.referralId, referral.id)))
        : []
      if (!flag) throw new NotFoundError('flag')
      checkVersion(flag.version, input.version, 'flag')
      const respondedOn = input.respondedOn ?? todayInLondon()
      if (respondedOn < flag.raisedOn) throw new ValidationError([{ field: '/respondedOn', message: 'The response cannot be before the flag was raised' }])
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(wellbeingFlags)
          .set({ respondedOn, response: input.response, respondedBy: ctx.user.id, version: flag.version + 1 })
          .where(and(eq(wellbeingFlags.id, flag.id), eq(wellbeingFlags.version, flag.version)))
          .returning()
        if (!updated) throw new StaleVersionError('flag')
        await audit(tx, ctx, referral, 'flag.respond', { flagId: flag.id, respondedOn, onTime: respondedOn <= flag.dueOn, previous: flag.respondedOn })
        return { id: updated.id, respondedOn: updated.respondedOn, dueOn: updated.dueOn, onTime: respondedOn <= updated.dueOn, version: updated.version }
      })
    },

    // ---------------------------------------------------------- triage

    async triage(ctx: Ctx, id: string, input: TriageInput) {
      const referral = await loadReferral(ctx, id)
      checkVersion(referral.version, input.version, 'referral')
      refuseIfClosed(referral, 'triage it')
      const decision = decideWork(input.needs as GoldingNeeds, input.decided, input.overrideReason)
      if ('error' in decision) throw new ValidationError([{ field: '/overrideReason', message: decision.error }])
      const assessedOn = input.assessedOn ?? todayInLondon()
      if (assessedOn < referral.referredOn) throw new ValidationError([{ field: '/assessedOn', message: 'The triage cannot be before the referral was received' }])
      return db.transaction(async (tx) => {
        const [triage] = await tx
          .insert(wellbeingTriages)
          .values({ referralId: referral.id, assessedOn, needs: input.needs, notes: input.notes || null, ...decision, assessedBy: ctx.user.id })
          .returning()
        if (!triage) throw new Error('Triage was not stored')
        const updated = await touchReferral(tx, referral, { status: 'triaged', ...(input.priorities ? { priorities: [...new Set(input.priorities)] } : {}) })
        await audit(tx, ctx, referral, 'triage.record', { triageId: triage.id, needs: input.needs, ...decision, priorities: updated.priorities })
        return {
          id: triage.id,
          status: updated.status,
          recommended: decision.recommended,
          decided: decision.decided,
          overrideReason: decision.overrideReason,
          version: updated.version,
        }
      })
    },

    // ---------------------------------------------------------- onward referrals

    async directory(ctx: Ctx, options: { activeOnly?: boolean } = {}) {
      const serviceId = ctx.user.serviceIds[0]
      if (!serviceId) return []
      await ensureSetUp(ctx, serviceId)
      return db
        .select()
        .from(wellbeingDirectory)
        .where(and(inJointService(ctx, wellbeingDirectory.serviceId), options.activeOnly ? eq(wellbeingDirectory.active, true) : undefined))
        .orderBy(asc(wellbeingDirectory.name))
    },

    async referOn(ctx: Ctx, id: string, input: OnwardReferralInput) {
      const referral = await loadReferral(ctx, id)
      refuseIfClosed(referral, 'refer on')
      const [entry] = isUuid(input.directoryEntryId)
        ? await db
            .select()
            .from(wellbeingDirectory)
            .where(and(eq(wellbeingDirectory.id, input.directoryEntryId), eq(wellbeingDirectory.serviceId, referral.serviceId), eq(wellbeingDirectory.active, true)))
        : []
      if (!entry) throw new ValidationError([{ field: '/directoryEntryId', message: 'Select a service from the directory' }])
      return db.transaction(async (tx) => {
        const [onward] = await tx
          .insert(wellbeingOnwardReferrals)
          .values({ referralId: referral.id, directoryEntryId: entry.id, referredOn: input.referredOn ?? todayInLondon(), reason: input.reason, recordedBy: ctx.user.id })
          .returning()
        if (!onward) throw new Error('Onward referral was not stored')
        await audit(tx, ctx, referral, 'onward.create', { onwardId: onward.id, to: entry.name })
        return { id: onward.id, service: entry.name, contact: entry.contact, referredOn: onward.referredOn, outcome: null, version: onward.version }
      })
    },

    async recordOnwardOutcome(ctx: Ctx, id: string, onwardId: string, input: OnwardOutcomeInput) {
      const referral = await loadReferral(ctx, id)
      const [onward] = isUuid(onwardId)
        ? await db
            .select()
            .from(wellbeingOnwardReferrals)
            .where(and(eq(wellbeingOnwardReferrals.id, onwardId), eq(wellbeingOnwardReferrals.referralId, referral.id)))
        : []
      if (!onward) throw new NotFoundError('onward referral')
      checkVersion(onward.version, input.version, 'onward referral')
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(wellbeingOnwardReferrals)
          .set({ outcome: input.outcome, outcomeOn: input.outcomeOn ?? todayInLondon(), outcomeNote: input.outcomeNote || null, version: onward.version + 1 })
          .where(and(eq(wellbeingOnwardReferrals.id, onward.id), eq(wellbeingOnwardReferrals.version, onward.version)))
          .returning()
        if (!updated) throw new StaleVersionError('onward referral')
        await audit(tx, ctx, referral, 'onward.outcome', { onwardId: onward.id, outcome: input.outcome, previous: onward.outcome })
        return { id: updated.id, outcome: updated.outcome, outcomeOn: updated.outcomeOn, version: updated.version }
      })
    },

    // ---------------------------------------------------------- sessions

    async addSession(ctx: Ctx, id: string, input: SessionInput) {
      const referral = await loadReferral(ctx, id)
      refuseIfClosed(referral, 'record a session')
      if (input.heldOn < referral.referredOn) throw new ValidationError([{ field: '/heldOn', message: 'The session cannot be before the referral was received' }])
      if (input.heldOn > todayInLondon())
        throw new ValidationError([{ field: '/heldOn', message: 'Record a session once it has been held: the date must be today or in the past' }])
      await ensureSetUp(ctx, referral.serviceId)
      const line = tariffActivity(input.activity as Activity, input.lead as Lead)
      const tariff = tariffOn(await tariffsOf(db, referral.serviceId), line, input.heldOn)
      if (!tariff)
        throw new ValidationError([
          { field: '/heldOn', message: `There is no tariff for this activity on ${input.heldOn}. Ask the service manager to add one on the tariffs page.` },
        ])
      let cost
      try {
        cost = costAtTariff(tariff, input.agreedAmount)
      } catch (error) {
        if (error instanceof RangeError) throw new ValidationError([{ field: '/agreedAmount', message: error.message }])
        throw error
      }
      return db.transaction(async (tx) => {
        const [session] = await tx
          .insert(wellbeingSessions)
          .values({
            referralId: referral.id,
            heldOn: input.heldOn,
            activity: input.activity,
            mode: input.mode,
            lead: input.lead,
            durationMinutes: input.durationMinutes ?? null,
            note: input.note || null,
            agreedAmount: input.agreedAmount || null,
            tariffId: tariff.id,
            cost: toPounds(cost).toFixed(2),
            recordedBy: ctx.user.id,
          })
          .returning()
        if (!session) throw new Error('Session was not stored')
        await audit(tx, ctx, referral, 'session.record', { sessionId: session.id, activity: input.activity, mode: input.mode, lead: input.lead, cost: session.cost })
        return { id: session.id, heldOn: session.heldOn, tariffActivity: line, cost: toPounds(cost), version: session.version }
      })
    },

    // ---------------------------------------------------------- outcomes and closure

    async recordOutcome(ctx: Ctx, id: string, input: OutcomeInput) {
      const referral = await loadReferral(ctx, id)
      const [existing] = await db.select().from(wellbeingOutcomes).where(eq(wellbeingOutcomes.referralId, referral.id))
      if (existing) checkVersion(existing.version, input.version, 'outcome')
      const values = {
        placementStability: input.placementStability ?? null,
        breakdownsDuring: input.breakdownsDuring,
        breakdownsAfter: input.breakdownsAfter,
        notes: input.notes || null,
        recordedBy: ctx.user.id,
        updatedAt: new Date(),
      }
      return db.transaction(async (tx) => {
        let row
        if (existing) {
          ;[row] = await tx
            .update(wellbeingOutcomes)
            .set({ ...values, version: existing.version + 1 })
            .where(and(eq(wellbeingOutcomes.referralId, referral.id), eq(wellbeingOutcomes.version, existing.version)))
            .returning()
          if (!row) throw new StaleVersionError('outcome')
        } else {
          ;[row] = await tx
            .insert(wellbeingOutcomes)
            .values({ referralId: referral.id, ...values })
            .returning()
        }
        if (!row) throw new Error('Outcome was not stored')
        await audit(tx, ctx, referral, 'outcome.record', {
          placementStability: row.placementStability,
          breakdownsDuring: row.breakdownsDuring,
          breakdownsAfter: row.breakdownsAfter,
        })
        return { ...row, version: row.version }
      })
    },

    async close(ctx: Ctx, id: string, input: ClosureInput) {
      const referral = await loadReferral(ctx, id)
      checkVersion(referral.version, input.version, 'referral')
      refuseIfClosed(referral, 'close it again')
      const closedOn = input.closedOn ?? todayInLondon()
      if (closedOn < referral.referredOn) throw new ValidationError([{ field: '/closedOn', message: 'The closure cannot be before the referral was received' }])
      return db.transaction(async (tx) => {
        const updated = await touchReferral(tx, referral, { status: 'closed', closedOn, closureReason: input.closureReason, closureSummary: input.closureSummary })
        await audit(tx, ctx, referral, 'referral.close', { closedOn, reason: input.closureReason })
        return { id: updated.id, status: updated.status, closedOn: updated.closedOn, version: updated.version }
      })
    },

    // ---------------------------------------------------------- directory and tariffs (wellbeing:manage)

    async addDirectoryEntry(ctx: Ctx, input: DirectoryEntryInput) {
      const serviceId = serviceFor(ctx)
      return db.transaction(async (tx) => {
        const [entry] = await tx
          .insert(wellbeingDirectory)
          .values({ serviceId, name: input.name, criteria: input.criteria, contact: input.contact, active: input.active ?? true })
          .returning()
        if (!entry) throw new Error('Directory entry was not stored')
        await recordAudit(tx, { ...actor(ctx), action: 'wellbeing.directory.create', recordType: 'wellbeing_directory', recordId: entry.id, details: { name: entry.name } })
        return entry
      })
    },

    async directoryEntry(ctx: Ctx, entryId: string) {
      const [entry] = isUuid(entryId)
        ? await db
            .select()
            .from(wellbeingDirectory)
            .where(and(eq(wellbeingDirectory.id, entryId), inJointService(ctx, wellbeingDirectory.serviceId)))
        : []
      if (!entry) throw new NotFoundError('directory entry')
      return entry
    },

    async updateDirectoryEntry(ctx: Ctx, entryId: string, input: DirectoryEntryInput) {
      const entry = await this.directoryEntry(ctx, entryId)
      checkVersion(entry.version, input.version, 'directory entry')
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(wellbeingDirectory)
          .set({ name: input.name, criteria: input.criteria, contact: input.contact, active: input.active ?? entry.active, version: entry.version + 1 })
          .where(and(eq(wellbeingDirectory.id, entry.id), eq(wellbeingDirectory.version, entry.version)))
          .returning()
        if (!updated) throw new StaleVersionError('directory entry')
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'wellbeing.directory.update',
          recordType: 'wellbeing_directory',
          recordId: entry.id,
          details: { before: { name: entry.name, criteria: entry.criteria, contact: entry.contact, active: entry.active }, after: { name: updated.name, active: updated.active } },
        })
        return updated
      })
    },

    async tariffs(ctx: Ctx) {
      const serviceId = ctx.user.serviceIds[0]
      if (!serviceId) return []
      await ensureSetUp(ctx, serviceId)
      return tariffsOf(db, serviceId)
    },

    async addTariff(ctx: Ctx, input: TariffInput) {
      const serviceId = serviceFor(ctx)
      const errors: { field: string; message: string }[] = []
      if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) errors.push({ field: '/effectiveTo', message: 'The end date must be on or after the start date' })
      if (input.maxAmount !== undefined && Number(input.maxAmount) < Number(input.amount))
        errors.push({ field: '/maxAmount', message: 'The highest price must be at least the price' })
      if (errors.length) throw new ValidationError(errors)
      await ensureSetUp(ctx, serviceId)
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'wellbeing-tariffs:' + serviceId}, 0))`)
        const candidate = {
          activity: input.activity,
          amount: input.amount,
          maxAmount: input.maxAmount ?? null,
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo ?? null,
        }
        const clash = overlappingTariff(await tariffsOf(tx, serviceId), candidate)
        if (clash) {
          throw new ConflictError(
            'invalid-state',
            `The price of ${showPounds(clash.amount)} from ${clash.effectiveFrom} ${clash.effectiveTo ? `to ${clash.effectiveTo}` : 'with no end date'} already covers some of these dates. End that price the day before the new one starts, then add the new price.`,
            { overlapping: clash.id },
          )
        }
        const [tariff] = await tx
          .insert(wellbeingTariffs)
          .values({ serviceId, ...candidate, createdBy: ctx.user.id })
          .returning()
        if (!tariff) throw new Error('Tariff was not stored')
        await recordAudit(tx, { ...actor(ctx), action: 'wellbeing.tariff.create', recordType: 'wellbeing_tariff', recordId: tariff.id, details: candidate })
        return tariff
      })
    },

    /** Sets or clears a price's last day, so a new price can follow it. */
    async endTariff(ctx: Ctx, tariffId: string, input: { effectiveTo: string | null; version?: number | undefined }) {
      const [tariff] = isUuid(tariffId)
        ? await db
            .select()
            .from(wellbeingTariffs)
            .where(and(eq(wellbeingTariffs.id, tariffId), inJointService(ctx, wellbeingTariffs.serviceId)))
        : []
      if (!tariff) throw new NotFoundError('tariff')
      checkVersion(tariff.version, input.version, 'tariff')
      if (input.effectiveTo !== null && input.effectiveTo < tariff.effectiveFrom) {
        throw new ValidationError([{ field: '/effectiveTo', message: `The end date must be on or after the start date, ${tariff.effectiveFrom}` }])
      }
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'wellbeing-tariffs:' + tariff.serviceId}, 0))`)
        const clash = overlappingTariff(await tariffsOf(tx, tariff.serviceId), { ...tariff, effectiveTo: input.effectiveTo })
        if (clash)
          throw new ConflictError('invalid-state', `That would overlap the price of ${showPounds(clash.amount)} from ${clash.effectiveFrom}. Choose an end date before it starts.`)
        // Sessions already costed keep their cost: a tariff change never re-prices past work.
        const [updated] = await tx
          .update(wellbeingTariffs)
          .set({ effectiveTo: input.effectiveTo, version: tariff.version + 1 })
          .where(and(eq(wellbeingTariffs.id, tariff.id), eq(wellbeingTariffs.version, tariff.version)))
          .returning()
        if (!updated) throw new StaleVersionError('tariff')
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'wellbeing.tariff.end',
          recordType: 'wellbeing_tariff',
          recordId: tariff.id,
          details: { before: tariff.effectiveTo, after: input.effectiveTo },
        })
        return updated
      })
    },

    /** The service's settings: flag response time and the waiting-time targets. */
    async settings(ctx: Ctx) {
      const serviceId = ctx.user.serviceIds[0]
      return serviceId ? publicSettings(await settingsOf(db, serviceId)) : null
    },

    async updateSettings(ctx: Ctx, input: SettingsInput) {
      const serviceId = serviceFor(ctx)
      const current = await settingsOf(db, serviceId)
      checkVersion(current.version, input.version, 'settings')
      return db.transaction(async (tx) => {
        const cutoffs = input.sdqBands ? cutoffsFromBands(input.sdqBands) : current.cutoffs
        const values = {
          flagResponseWorkingDays: input.flagResponseWorkingDays,
          triageTargetDays: input.triageTargetDays,
          firstSessionTargetDays: input.firstSessionTargetDays,
          sdqCarerBorderline: cutoffs.carer.borderline,
          sdqCarerConcern: cutoffs.carer.concern,
          sdqTeacherBorderline: cutoffs.teacher.borderline,
          sdqTeacherConcern: cutoffs.teacher.concern,
          sdqSelfBorderline: cutoffs.self.borderline,
          sdqSelfConcern: cutoffs.self.concern,
        }
        const [row] =
          current.version === 0
            ? await tx
                .insert(wellbeingSettings)
                .values({ serviceId, ...values })
                .onConflictDoNothing()
                .returning()
            : await tx
                .update(wellbeingSettings)
                .set({ ...values, version: current.version + 1, updatedAt: new Date() })
                .where(and(eq(wellbeingSettings.serviceId, serviceId), eq(wellbeingSettings.version, current.version)))
                .returning()
        if (!row) throw new StaleVersionError('settings')
        const after = await settingsOf(tx, serviceId)
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'wellbeing.settings.update',
          recordType: 'service',
          recordId: serviceId,
          details: { before: publicSettings(current), after: publicSettings(after) },
        })
        return publicSettings(after)
      })
    },

    // ---------------------------------------------------------- dashboard (wellbeing:report)

    reportableServices,

    /** The aggregate figures for one service the caller may report on: no child named. */
    async dashboard(ctx: Ctx, input: { serviceId?: string | undefined; from: string; to: string }) {
      const allowed = await reportableServices(ctx)
      const service = input.serviceId ? allowed.find((s) => s.id === input.serviceId) : allowed[0]
      if (!service) return null
      const [partners, settings] = await Promise.all([partnersOf(db, service.id), settingsOf(db, service.id)])
      const referrals = await db
        .select({
          responsibleAuthority: wellbeingReferrals.responsibleAuthority,
          responsibleOrganisationId: wellbeingReferrals.responsibleOrganisationId,
          referredOn: wellbeingReferrals.referredOn,
          firstTriageOn: sql<string | null>`(select min(t.assessed_on)::text from wellbeing_triages t where t.referral_id = ${wellbeingReferrals.id})`,
          firstSessionOn: sql<string | null>`(select min(s.held_on)::text from wellbeing_sessions s where s.referral_id = ${wellbeingReferrals.id})`,
        })
        .from(wellbeingReferrals)
        .where(eq(wellbeingReferrals.serviceId, service.id))
      const sessions = await db
        .select({
          heldOn: wellbeingSessions.heldOn,
          activity: wellbeingSessions.activity,
          lead: wellbeingSessions.lead,
          mode: wellbeingSessions.mode,
          cost: wellbeingSessions.cost,
          responsibleAuthority: wellbeingReferrals.responsibleAuthority,
          responsibleOrganisationId: wellbeingReferrals.responsibleOrganisationId,
        })
        .from(wellbeingSessions)
        .innerJoin(wellbeingReferrals, eq(wellbeingReferrals.id, wellbeingSessions.referralId))
        .where(eq(wellbeingReferrals.serviceId, service.id))
      const flags = await db
        .select({ dueOn: wellbeingFlags.dueOn, respondedOn: wellbeingFlags.respondedOn })
        .from(wellbeingFlags)
        .innerJoin(wellbeingReferrals, eq(wellbeingReferrals.id, wellbeingFlags.referralId))
        .where(eq(wellbeingReferrals.serviceId, service.id))
      const figures = wellbeingDashboard({
        from: input.from,
        to: input.to,
        today: todayInLondon(),
        targets: { triageDays: settings.triageTargetDays, firstSessionDays: settings.firstSessionTargetDays },
        partners,
        referrals,
        sessions: sessions.map((s) => ({ ...s, tariffActivity: tariffActivity(s.activity as Activity, s.lead as Lead) })),
        flags,
      })
      return { service: { id: service.id, code: service.code, name: service.name }, services: allowed.map((s) => ({ id: s.id, name: s.name })), ...figures }
    },

    /** For the seed and tests: the defaults a service starts with. */
    setUpService: (serviceId: string, organisationId: string) => db.transaction((tx) => setUpService(tx, serviceId, organisationId, null)),
  }
}

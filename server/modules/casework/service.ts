import { and, eq, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db, Tx } from '../../platform/db/index.js'
import { caseAllocations, caseOutcomes, cases, contacts, families, followUps, panelDecisions, panelMeetings, referralChildren, referrals } from '../../platform/db/schema.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { notify } from '../../platform/notifications/index.js'
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../../platform/http/errors.js'
import { londonDate, todayInLondon } from '../../platform/time/index.js'
import { isUuid } from '../people/index.js'
import { dutyManagersToday, eligibilitySettings } from '../allocation/index.js'
import { checkCaseloadCap } from './domain/caseload.js'
import { followUpSchedule } from './domain/follow-ups.js'
import { NEEDS_AT_RISK_PLACEMENT, NEEDS_CURRENT_PLACEMENT } from './domain/codes.js'
import { screenReferral } from './domain/screening.js'
import type { AllocationInput, ClosureInput, ContactInput, DecisionInput, FollowUpInput, InformationInput, ReferralInput } from './schemas.js'
import { referralInformation } from '../referrals/index.js'
import * as repo from './repository.js'
import { checkFamilyMembers, recordFamilyMembers } from './family-members.js'
import { completeFollowUpTask, listOpenTasks } from './follow-up-tasks.js'
import { closeReviewTasks, closingScoreErrors, loadPlan, reassignReviewTasks, recordClosingScores, scheduleReviews } from '../interventions/index.js'

/**
 * The edge-of-care lifecycle (PRODUCT.md §2, API.md "The edge-of-care lifecycle"): one
 * service behind the API and the pages. Every write runs in one transaction with its
 * audit event; a refused write changes nothing.
 */
export type CaseworkService = ReturnType<typeof createCaseworkService>

const OPEN = ['active', 'closure_pending']

/** A panel decision as the referrer's notification says it. */
const DECISION_WORDS: Record<string, string> = {
  accepted: 'accepted',
  declined: 'declined, with signposting',
  stepped_down: 'stepped down',
  more_information: 'more information needed',
}

export function createCaseworkService(db: Db) {
  async function loadCase(ctx: Ctx, id: string) {
    const found = isUuid(id) ? await repo.findCase(db, ctx, id) : null
    if (!found) throw new NotFoundError('case')
    return found
  }

  function checkVersion(current: number, sent: number | undefined, what: string) {
    if (sent !== undefined && sent !== current) throw new StaleVersionError(what)
  }

  /** Bumps a case's version only if nobody changed it since it was read. */
  async function updateCase(tx: Tx, found: { id: string; version: number }, values: Partial<typeof cases.$inferInsert>) {
    const [updated] = await tx
      .update(cases)
      .set({ ...values, version: found.version + 1, updatedAt: new Date() })
      .where(and(eq(cases.id, found.id), eq(cases.version, found.version)))
      .returning()
    if (!updated) throw new StaleVersionError('case')
    return updated
  }

  async function scheduleFollowUps(tx: Tx, caseId: string, referralId: string | null, closureDate: string) {
    const childIds = await repo.referredChildIds(tx, referralId)
    const rows = childIds.flatMap((childId) => followUpSchedule(closureDate).map((f) => ({ caseId, childId, ...f })))
    if (rows.length) await tx.insert(followUps).values(rows).onConflictDoNothing()
  }

  function isLeadOrCoWorker(ctx: Ctx, found: { leadWorkerId: string | null; coWorkerId: string | null }) {
    return found.leadWorkerId === ctx.user.id || found.coWorkerId === ctx.user.id
  }

  return {
    /** Throw NotFoundError unless the caller can see the case or referral: run before a request body is read. */
    ensureCaseVisible: async (ctx: Ctx, id: string) => void (await loadCase(ctx, id)),
    async ensureReferralVisible(ctx: Ctx, id: string) {
      if (!isUuid(id) || !(await repo.findReferral(db, ctx, id))) throw new NotFoundError('referral')
    },

    /**
     * Submits a referral. `alongside` runs in the same transaction once the referral exists (the
     * web journey marks its draft submitted there), so a referral and its draft's state never part.
     */
    async createReferral(ctx: Ctx, input: ReferralInput, alongside?: (tx: Tx, referralId: string) => Promise<void>) {
      const errors: { field: string; message: string }[] = []
      if (NEEDS_AT_RISK_PLACEMENT.includes(input.strand) && !input.atRiskPlacementType) {
        errors.push({ field: '/atRiskPlacementType', message: 'Select the placement the young person is at risk of' })
      }
      if (NEEDS_CURRENT_PLACEMENT.includes(input.strand) && !input.currentPlacementType) {
        errors.push({ field: '/currentPlacementType', message: 'Select the young person’s current placement' })
      }
      if (errors.length) throw new ValidationError(errors)
      const ids = [...new Set(input.childIds)]
      const found = ids.every(isUuid) ? await repo.visibleChildren(db, ctx, ids) : []
      if (found.length !== ids.length) throw new NotFoundError('child')
      const familyIds = [...new Set(found.map((c) => c.familyId))]
      if (familyIds.length > 1)
        throw new ValidationError([{ field: '/childIds', message: 'Refer young people from one family at a time: these children are in different families' }])
      const screening = screenReferral(
        {
          strand: input.strand,
          children: found.map((c) => ({ name: `${c.givenName} ${c.familyName}`, dateOfBirth: c.dateOfBirth, uasc: c.uasc, district: c.district })),
          referralDate: todayInLondon(),
          hasAllocatedSocialWorker: true,
          atRiskPlacementType: input.atRiskPlacementType ?? null,
          currentPlacementType: input.currentPlacementType ?? null,
          ageExceptionReason: input.ageExceptionReason ?? null,
          coveredDistricts: await repo.coveredDistricts(db, ctx.user.organisationId),
        },
        await eligibilitySettings(db, ctx.user.organisationId),
      )
      const familyMembers = await checkFamilyMembers(db, ctx, input, { ids, familyId: familyIds[0] ?? null })
      return db.transaction(async (tx) => {
        let familyId = familyIds[0] ?? null
        let family = familyId ? (await tx.select().from(families).where(eq(families.id, familyId)))[0] : undefined
        if (!family) {
          const first = found[0]
          ;[family] = await tx
            .insert(families)
            .values({ organisationId: ctx.user.organisationId, name: `${first?.familyName ?? 'Unnamed'} family`, district: first?.district ?? null })
            .returning()
          if (!family) throw new Error('Family was not created')
          familyId = family.id
          for (const c of found) await tx.execute(sql`update children set family_id = ${family.id}::uuid where id = ${c.id}::uuid`)
        }
        const reReferral = await repo.closedWithinYear(tx, family.id)
        const [referral] = await tx
          .insert(referrals)
          .values({
            organisationId: family.organisationId,
            serviceId: family.serviceId,
            restricted: family.restricted,
            familyId: family.id,
            strand: input.strand,
            status: 'awaiting_panel',
            referrerId: ctx.user.id,
            referrerTeam: input.referrerTeam,
            reason: input.reason,
            presentingNeeds: input.presentingNeeds ?? [],
            riskSummary: input.riskSummary ?? null,
            atRiskPlacementType: input.atRiskPlacementType ?? null,
            currentPlacementType: input.currentPlacementType ?? null,
            consent: input.consent ?? null,
            ageExceptionReason: input.ageExceptionReason ?? null,
            screening,
            reReferral,
            submittedAt: new Date(),
          })
          .returning()
        if (!referral) throw new Error('Referral was not created')
        await tx.insert(referralChildren).values(ids.map((childId) => ({ referralId: referral.id, childId })))
        const around = await recordFamilyMembers(tx, ctx, family, referral.id, ids, familyMembers)
        await recordAudit(tx, {
          ...actor(ctx, referral.organisationId),
          action: 'referral.submit',
          recordType: 'referral',
          recordId: referral.id,
          details: {
            strand: input.strand,
            children: ids,
            eligible: screening.eligible,
            ...(around.childIds.length ? { otherChildren: around.childIds } : {}),
            ...(around.networkMemberIds.length ? { networkMembers: around.networkMemberIds } : {}),
          },
        })
        if (alongside) await alongside(tx, referral.id)
        return { id: referral.id, status: referral.status, screening, reReferral, version: referral.version }
      })
    },

    async decide(ctx: Ctx, referralId: string, input: DecisionInput) {
      const referral = isUuid(referralId) ? await repo.findReferral(db, ctx, referralId) : null
      if (!referral) throw new NotFoundError('referral')
      checkVersion(referral.version, input.version, 'referral')
      if (referral.status !== 'awaiting_panel') {
        throw new ConflictError('invalid-state', `This referral has already been decided (${referral.status.replaceAll('_', ' ')}). A decision cannot be changed here.`)
      }
      const isChair = ctx.user.roles.includes('panel_chair')
      // 002: urgent crisis referrals can be accepted out of panel by the duty team manager, then ratified at the next panel.
      const outOfPanel = !isChair
      if (outOfPanel && (referral.strand !== 'crisis' || input.decision !== 'accepted')) {
        throw new ForbiddenError('Only the panel chair decides referrals. A team manager may accept a crisis referral out of panel.')
      }
      // The duty rota says who covers crisis response: when it names team managers on duty today, one of them accepts.
      const onDuty = outOfPanel ? await dutyManagersToday(db, referral.organisationId) : []
      if (outOfPanel && onDuty.length && !onDuty.some((d) => d.userId === ctx.user.id)) {
        throw new ForbiddenError(
          `${onDuty.map((d) => d.name).join(' or ')} is the duty team manager today: ask them to accept this crisis referral, or take it to the panel chair.`,
        )
      }
      if (input.decision === 'stepped_down' && !input.steppedDownTo) {
        throw new ValidationError([{ field: '/steppedDownTo', message: 'Select where the family is stepped down to' }])
      }
      return db.transaction(async (tx) => {
        let meetingId = input.panelMeetingId ?? null
        if (meetingId) {
          const [meeting] = isUuid(meetingId)
            ? await tx
                .select()
                .from(panelMeetings)
                .where(and(eq(panelMeetings.id, meetingId), eq(panelMeetings.organisationId, referral.organisationId)))
            : []
          if (!meeting) throw new ValidationError([{ field: '/panelMeetingId', message: 'There is no such panel meeting' }])
        } else {
          const next = await repo.nextPanelMeeting(tx, referral.organisationId, todayInLondon())
          meetingId =
            next?.id ??
            (
              await tx
                .insert(panelMeetings)
                .values({ organisationId: referral.organisationId, date: todayInLondon(), chairId: isChair ? ctx.user.id : null })
                .returning()
            )[0]?.id ??
            null
        }
        if (!meetingId) throw new Error('No panel meeting')
        const [updated] = await tx
          .update(referrals)
          .set({ status: input.decision, version: referral.version + 1, updatedAt: new Date() })
          .where(and(eq(referrals.id, referral.id), eq(referrals.version, referral.version), eq(referrals.status, 'awaiting_panel')))
          .returning()
        if (!updated) throw new StaleVersionError('referral')
        await tx.insert(panelDecisions).values({
          referralId: referral.id,
          panelMeetingId: meetingId,
          decision: input.decision,
          priority: input.decision === 'accepted' ? (input.priority ?? 'standard') : null,
          rationale: input.rationale,
          steppedDownTo: input.steppedDownTo ?? null,
          signposting: input.signposting ?? null,
          decidedBy: ctx.user.id,
          outOfPanel,
        })
        let caseId: string | undefined
        if (input.decision === 'accepted') {
          const [created] = await tx
            .insert(cases)
            .values({
              organisationId: referral.organisationId,
              serviceId: referral.serviceId,
              restricted: referral.restricted,
              familyId: referral.familyId,
              referralId: referral.id,
              strand: referral.strand,
              priority: input.priority ?? 'standard',
              status: 'awaiting_allocation',
              acceptedAt: new Date(),
            })
            .returning({ id: cases.id })
          caseId = created?.id
        }
        await recordAudit(tx, {
          ...actor(ctx, referral.organisationId),
          action: 'referral.decide',
          recordType: 'referral',
          recordId: referral.id,
          details: {
            decision: input.decision,
            outOfPanel,
            onDutyRota: outOfPanel ? onDuty.some((d) => d.userId === ctx.user.id) : null,
            panelMeetingId: meetingId,
            caseId: caseId ?? null,
          },
        })
        // The referrer sees the decision (issue 3, item 3).
        const familyName = await repo.familyName(tx, referral.familyId)
        await notify(tx, {
          organisationId: referral.organisationId,
          userIds: [referral.referrerId],
          kind: 'referral.decided',
          message: `Your referral for the ${familyName}: ${DECISION_WORDS[input.decision] ?? input.decision}`,
          link: '/referrals',
        })
        return { status: updated.status, version: updated.version, ...(caseId ? { caseId } : {}) }
      })
    },

    /**
     * The referrer answers the panel's "more information needed": the answer is kept against the
     * decision that asked, and the referral goes back to waiting for the panel, so it is on the
     * next agenda. The panel chairs hear of it.
     */
    async giveInformation(ctx: Ctx, referralId: string, input: InformationInput) {
      const referral = isUuid(referralId) ? await repo.findReferral(db, ctx, referralId) : null
      if (!referral) throw new NotFoundError('referral')
      if (referral.referrerId !== ctx.user.id) throw new ForbiddenError('Only the referrer answers the panel’s request for more information')
      checkVersion(referral.version, input.version, 'referral')
      if (referral.status !== 'more_information') {
        throw new ConflictError('invalid-state', 'The panel has not asked for more information on this referral, so there is nothing to answer')
      }
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(referrals)
          .set({ status: 'awaiting_panel', version: referral.version + 1, updatedAt: new Date() })
          .where(and(eq(referrals.id, referral.id), eq(referrals.version, referral.version), eq(referrals.status, 'more_information')))
          .returning()
        if (!updated) throw new StaleVersionError('referral')
        const asked = await repo.latestDecision(tx, referral.id)
        await tx.insert(referralInformation).values({ referralId: referral.id, panelDecisionId: asked?.id ?? null, information: input.information, givenBy: ctx.user.id })
        await recordAudit(tx, {
          ...actor(ctx, referral.organisationId),
          action: 'referral.information',
          recordType: 'referral',
          recordId: referral.id,
          details: { panelDecisionId: asked?.id ?? null },
        })
        await notify(tx, {
          organisationId: referral.organisationId,
          userIds: await repo.panelChairIds(tx, referral.organisationId),
          kind: 'referral.information',
          message: `${ctx.user.name} has given the information the panel asked for on the ${await repo.familyName(tx, referral.familyId)}: it is back on the agenda`,
          link: `/panel/referrals/${referral.id}`,
        })
        return { status: updated.status, version: updated.version }
      })
    },

    /** A visible referral's version, for a form to carry. */
    async referralVersion(ctx: Ctx, referralId: string) {
      return isUuid(referralId) ? ((await repo.findReferral(db, ctx, referralId))?.version ?? null) : null
    },

    /** What the referrer has added since the panel asked, oldest first: the panel reads it beside the referral. */
    informationGiven: (referralId: string) => repo.informationGiven(db, referralId),

    async allocate(ctx: Ctx, caseId: string, input: AllocationInput) {
      const found = await loadCase(ctx, caseId)
      checkVersion(found.version, input.version, 'case')
      if (found.status !== 'awaiting_allocation' && found.status !== 'active') {
        throw new ConflictError('invalid-state', `A case that is ${found.status.replaceAll('_', ' ')} cannot be allocated`)
      }
      const team = await repo.teamByName(db, found.organisationId, input.team)
      if (!team) throw new ValidationError([{ field: '/team', message: `There is no team called ${input.team}` }])
      if (input.coWorkerId && input.coWorkerId === input.leadWorkerId)
        throw new ValidationError([{ field: '/coWorkerId', message: 'Choose a co-worker other than the lead worker' }])
      if (input.override && !input.overrideReason?.trim())
        throw new ValidationError([{ field: '/overrideReason', message: 'Give the reason for allocating beyond the caseload cap' }])
      return db.transaction(async (tx) => {
        // One allocation to a worker at a time, so two managers cannot both take the last place under the cap.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'caseload:' + input.leadWorkerId}, 0))`)
        const lead = isUuid(input.leadWorkerId) ? await repo.workerInOrganisation(tx, found.organisationId, input.leadWorkerId) : null
        if (!lead) throw new ValidationError([{ field: '/leadWorkerId', message: 'Choose a family support worker or senior practitioner in your organisation' }])
        if (input.coWorkerId && !(isUuid(input.coWorkerId) && (await repo.workerInOrganisation(tx, found.organisationId, input.coWorkerId)))) {
          throw new ValidationError([{ field: '/coWorkerId', message: 'Choose a family support worker or senior practitioner in your organisation' }])
        }
        const cap = checkCaseloadCap({
          families: lead.families,
          cap: lead.cap,
          alreadyLeadsThisCase: found.leadWorkerId === lead.id && OPEN.includes(found.status),
          override: Boolean(input.override),
          overrideReason: input.overrideReason ?? null,
        })
        if (!cap.allowed) throw new ConflictError('caseload-cap', cap.message, { families: lead.families, cap: lead.cap })
        const updated = await updateCase(tx, found, { status: 'active', teamId: team.id, leadWorkerId: lead.id, coWorkerId: input.coWorkerId ?? null })
        await tx.insert(caseAllocations).values({
          caseId: found.id,
          teamId: team.id,
          leadWorkerId: lead.id,
          coWorkerId: input.coWorkerId ?? null,
          overrideReason: cap.overCap ? (input.overrideReason ?? null) : null,
          allocatedBy: ctx.user.id,
        })
        await recordAudit(tx, {
          ...actor(ctx, found.organisationId),
          action: found.status === 'active' ? 'case.reallocate' : 'case.allocate',
          recordType: 'case',
          recordId: found.id,
          reason: cap.overCap ? (input.overrideReason ?? null) : null,
          details: { team: team.name, leadWorkerId: lead.id, coWorkerId: input.coWorkerId ?? null, previousLeadWorkerId: found.leadWorkerId, overCap: cap.overCap },
        })
        // The plan's reviews at 6 weeks and 3 months run from the first allocation; a reallocation hands them over.
        if (found.status === 'awaiting_allocation')
          await scheduleReviews(tx, {
            caseId: found.id,
            organisationId: found.organisationId,
            familyId: found.familyId,
            allocationDate: londonDate(new Date()),
            leadWorkerId: lead.id,
            teamId: team.id,
          })
        else await reassignReviewTasks(tx, found.id, lead.id, team.id)
        const familyName = await repo.familyName(tx, found.familyId)
        await notify(tx, {
          organisationId: found.organisationId,
          userIds: found.leadWorkerId === lead.id ? [] : [lead.id],
          kind: 'case.allocated',
          message: `The ${familyName} has been allocated to you`,
          link: `/cases/${found.id}`,
        })
        if (input.coWorkerId && input.coWorkerId !== found.coWorkerId) {
          await notify(tx, {
            organisationId: found.organisationId,
            userIds: [input.coWorkerId],
            kind: 'case.co-worker',
            message: `You are co-working the ${familyName}`,
            link: `/cases/${found.id}`,
          })
        }
        return { status: updated.status, version: updated.version }
      })
    },

    async addContact(ctx: Ctx, caseId: string, input: ContactInput) {
      const found = await loadCase(ctx, caseId)
      if (found.status === 'closed') throw new ConflictError('invalid-state', 'This case is closed: contacts cannot be added. Record a follow-up instead.')
      if (found.status === 'awaiting_allocation') throw new ConflictError('invalid-state', 'This case is not allocated yet: allocate it before recording contacts.')
      if (!isLeadOrCoWorker(ctx, found) && !ctx.user.roles.includes('team_manager')) throw new ForbiddenError('Only the case’s workers and team managers record contacts')
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(contacts)
          .values({
            caseId: found.id,
            at: new Date(input.at),
            durationMinutes: input.durationMinutes,
            type: input.type,
            note: input.note,
            outOfHours: input.outOfHours ?? false,
            recordedBy: ctx.user.id,
          })
          .returning({ id: contacts.id })
        await recordAudit(tx, {
          ...actor(ctx, found.organisationId),
          action: 'contact.create',
          recordType: 'case',
          recordId: found.id,
          details: { contactId: row?.id, type: input.type },
        })
        return { id: row?.id }
      })
    },

    async close(ctx: Ctx, caseId: string, input: ClosureInput) {
      const found = await loadCase(ctx, caseId)
      checkVersion(found.version, input.version, 'case')
      if (found.status !== 'active')
        throw new ConflictError(
          'invalid-state',
          found.status === 'closure_pending'
            ? 'This case is already waiting for the team manager’s sign-off'
            : `A case that is ${found.status.replaceAll('_', ' ')} cannot be closed`,
        )
      const manager = ctx.user.roles.includes('team_manager')
      if (!manager && found.leadWorkerId !== ctx.user.id) throw new ForbiddenError('Only the lead worker or a team manager closes a case')
      const referred = await repo.referredChildIds(db, found.referralId)
      const errors: { field: string; message: string }[] = []
      input.outcomes.forEach((o, i) => {
        if (!referred.includes(o.childId)) errors.push({ field: `/outcomes/${i}/childId`, message: 'This child was not referred on this case' })
        if (o.outcome === 'entered_care' && !o.placementType) errors.push({ field: `/outcomes/${i}/placementType`, message: 'Select the placement the child entered' })
      })
      if (!referred.length) throw new ConflictError('invalid-state', 'No young people are recorded as referred on this case, so it cannot be closed with outcomes')
      const missing = referred.filter((id) => !input.outcomes.some((o) => o.childId === id))
      if (missing.length) errors.push({ field: '/outcomes', message: `Give an outcome for every young person referred (${missing.length} missing)` })
      if (new Set(input.outcomes.map((o) => o.childId)).size !== input.outcomes.length) errors.push({ field: '/outcomes', message: 'Give one outcome for each young person' })
      errors.push(...(await closingScoreErrors(db, found.id, input.closingScores)))
      if (errors.length) throw new ValidationError(errors)
      return db.transaction(async (tx) => {
        const closureDate = londonDate(new Date())
        const updated = await updateCase(
          tx,
          found,
          manager
            ? { status: 'closed', closedAt: new Date(), closureDate, closureSummary: input.summary, closureRequestedBy: ctx.user.id }
            : { status: 'closure_pending', closureSummary: input.summary, closureRequestedBy: ctx.user.id },
        )
        await tx.delete(caseOutcomes).where(eq(caseOutcomes.caseId, found.id))
        await tx.insert(caseOutcomes).values(input.outcomes.map((o) => ({ caseId: found.id, childId: o.childId, outcome: o.outcome, placementType: o.placementType ?? null })))
        await recordClosingScores(tx, ctx, found.id, input.closingScores ?? [])
        if (manager) await scheduleFollowUps(tx, found.id, found.referralId, closureDate)
        if (manager) await closeReviewTasks(tx, found.id)
        await recordAudit(tx, {
          ...actor(ctx, found.organisationId),
          action: manager ? 'case.close' : 'case.closure-request',
          recordType: 'case',
          recordId: found.id,
          details: { outcomes: input.outcomes, closingScores: input.closingScores ?? [] },
        })
        if (!manager) {
          await notify(tx, {
            organisationId: found.organisationId,
            userIds: await repo.teamManagerIds(tx, found.organisationId, found.teamId),
            kind: 'closure.awaiting-sign-off',
            message: `${ctx.user.name} has closed the ${await repo.familyName(tx, found.familyId)}: it is waiting for your sign-off`,
            link: `/cases/${found.id}`,
          })
        }
        return { status: updated.status, version: updated.version }
      })
    },

    async signOffClosure(ctx: Ctx, caseId: string, version?: number) {
      const found = await loadCase(ctx, caseId)
      checkVersion(found.version, version, 'case')
      if (found.status !== 'closure_pending') throw new ConflictError('invalid-state', 'Only a closure waiting for sign-off can be signed off')
      return db.transaction(async (tx) => {
        const closureDate = londonDate(new Date())
        const updated = await updateCase(tx, found, { status: 'closed', closedAt: new Date(), closureDate })
        await scheduleFollowUps(tx, found.id, found.referralId, closureDate)
        await closeReviewTasks(tx, found.id)
        await recordAudit(tx, { ...actor(ctx, found.organisationId), action: 'case.close-sign-off', recordType: 'case', recordId: found.id })
        await notify(tx, {
          organisationId: found.organisationId,
          userIds: [found.leadWorkerId, found.closureRequestedBy].filter((u) => u !== ctx.user.id),
          kind: 'closure.signed-off',
          message: `${ctx.user.name} has signed off the closure of the ${await repo.familyName(tx, found.familyId)}`,
          link: `/cases/${found.id}`,
        })
        return { status: updated.status, version: updated.version }
      })
    },

    async recordFollowUp(ctx: Ctx, caseId: string, input: FollowUpInput) {
      const found = await loadCase(ctx, caseId)
      if (found.status !== 'closed') throw new ConflictError('invalid-state', 'Follow-ups are recorded after the case is closed')
      if (found.leadWorkerId !== ctx.user.id && !ctx.user.roles.includes('team_manager')) throw new ForbiddenError('Only the lead worker or a team manager records follow-ups')
      const referred = await repo.referredChildIds(db, found.referralId)
      if (!referred.includes(input.childId)) throw new ValidationError([{ field: '/childId', message: 'This child was not referred on this case' }])
      if (input.status === 'in_care' && !input.placementType) throw new ValidationError([{ field: '/placementType', message: 'Select the placement the child is in' }])
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(followUps)
          .set({ status: input.status, placementType: input.placementType ?? null, source: 'recorded', recordedBy: ctx.user.id, recordedAt: new Date() })
          .where(and(eq(followUps.caseId, found.id), eq(followUps.childId, input.childId), eq(followUps.monthsAfterClosure, input.monthsAfterClosure)))
          .returning()
        if (!row) throw new ConflictError('invalid-state', 'There is no such follow-up for this case')
        await completeFollowUpTask(tx, row.id)
        await recordAudit(tx, {
          ...actor(ctx, found.organisationId),
          action: 'follow-up.record',
          recordType: 'case',
          recordId: found.id,
          details: { childId: input.childId, monthsAfterClosure: input.monthsAfterClosure, status: input.status },
        })
        return { childId: row.childId, monthsAfterClosure: row.monthsAfterClosure, dueDate: row.dueDate, status: row.status, source: row.source }
      })
    },

    worklist: (ctx: Ctx, filter: Parameters<typeof repo.listCases>[2]) => repo.listCases(db, ctx, filter),
    panelQueue: (ctx: Ctx) => repo.referralsAwaitingPanel(db, ctx),
    openTasks: (ctx: Ctx) => listOpenTasks(db, ctx.user.id),
    teams: (ctx: Ctx) => repo.teamsOf(db, ctx.user.organisationId),
    workersByHeadroom: (ctx: Ctx) => repo.workersByHeadroom(db, ctx.user.organisationId),

    async referralForPanel(ctx: Ctx, referralId: string) {
      const referral = isUuid(referralId) ? await repo.findReferral(db, ctx, referralId) : null
      if (!referral) throw new NotFoundError('referral')
      return db.transaction(async (tx) => {
        const childIds = await repo.referredChildIds(tx, referral.id)
        const [children, information] = await Promise.all([repo.visibleChildren(tx, ctx, childIds), repo.informationGiven(tx, referral.id)])
        await recordAudit(tx, { ...actor(ctx, referral.organisationId), action: 'referral.view', recordType: 'referral', recordId: referral.id })
        return { referral, children, information }
      })
    },

    /** Everything the case page shows, audited as a view of the family's case. */
    async casePage(ctx: Ctx, caseId: string) {
      const found = await loadCase(ctx, caseId)
      return db.transaction(async (tx) => {
        const [history, details, family, plan] = await Promise.all([
          repo.caseHistory(tx, found),
          repo.caseDetails(tx, found.id),
          tx.select().from(families).where(eq(families.id, found.familyId)),
          loadPlan(tx, found),
        ])
        await recordAudit(tx, { ...actor(ctx, found.organisationId), action: 'case.view', recordType: 'case', recordId: found.id })
        return { case: found, family: family[0] ?? null, ...history, outcomes: details.outcomes, followUps: details.followUps, plan }
      })
    },

    /** A case as API.md shapes it, audited as a view. */
    async viewCase(ctx: Ctx, caseId: string) {
      const found = await loadCase(ctx, caseId)
      return db.transaction(async (tx) => {
        const [childIds, details, team] = await Promise.all([
          repo.referredChildIds(tx, found.referralId),
          repo.caseDetails(tx, found.id),
          found.teamId ? tx.execute(sql`select name from teams where id = ${found.teamId}::uuid`) : null,
        ])
        await recordAudit(tx, { ...actor(ctx, found.organisationId), action: 'case.view', recordType: 'case', recordId: found.id })
        const teamName = (team as { rows?: { name: string }[] } | null)?.rows?.[0]?.name ?? null
        return {
          id: found.id,
          status: found.status,
          strand: found.strand,
          priority: found.priority,
          team: teamName,
          leadWorkerId: found.leadWorkerId,
          coWorkerId: found.coWorkerId,
          children: childIds,
          contacts: details.contacts.map((c) => ({ id: c.id, at: c.at.toISOString(), durationMinutes: c.durationMinutes, type: c.type, note: c.note, outOfHours: c.outOfHours })),
          outcomes: details.outcomes.map((o) => ({ childId: o.childId, outcome: o.outcome, placementType: o.placementType })),
          closureDate: found.closureDate,
          followUps: details.followUps.map((f) => ({ childId: f.childId, monthsAfterClosure: f.monthsAfterClosure, dueDate: f.dueDate, status: f.status, source: f.source })),
          version: found.version,
        }
      })
    },
  }
}

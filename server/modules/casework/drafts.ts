import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db, Tx } from '../../platform/db/index.js'
import { children, families, panelDecisions, referralChildren, referralDrafts, referrals } from '../../platform/db/schema.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { ConflictError, NotFoundError } from '../../platform/http/errors.js'
import { visibleTo } from '../../platform/tenancy/index.js'
import { isUuid } from '../people/index.js'
import * as repo from './repository.js'

/**
 * Referral drafts: the web journey's answers, saved as the referrer goes so nothing typed is
 * lost. A draft belongs to one user: every query is scoped to the signed-in user and their
 * organisation, and someone else's draft does not exist. Drafts exist only in the web
 * journey (API.md); submitting one goes through the casework service like the API does.
 */
export interface DraftAnswers {
  childIds?: string[]
  strand?: string
  referrerTeam?: string
  reason?: string
  presentingNeeds?: string[]
  riskSummary?: string
  atRiskPlacementType?: string
  currentPlacementType?: string
  consent?: string
  ageExceptionReason?: string
  /** The family's other children, not referred, as added on the siblings page. */
  siblings?: SiblingAnswer[]
  /** 'yes' once the referrer has said there are no more other children to add. */
  siblingsDone?: string
  /** Parents, carers and the wider network. */
  network?: NetworkAnswer[]
  networkDone?: string
}

export interface SiblingAnswer {
  /** An existing child's record the referrer picked after the duplicate check. */
  childId?: string
  givenName: string
  familyName: string
  dateOfBirth: string
  livesInHousehold: boolean
  /** The referrer saw the possible duplicates and said this is a different child. */
  notDuplicate?: boolean
}

export interface NetworkAnswer {
  name: string
  relationship: string
  householdMember: boolean
  phone?: string
  email?: string
  safetyPlanRole?: string
}

export interface ReferralDraft {
  id: string
  answers: DraftAnswers
  submittedReferralId: string | null
  version: number
  createdAt: Date
  updatedAt: Date
}

const TEXT_FIELDS = [
  'strand',
  'referrerTeam',
  'reason',
  'riskSummary',
  'atRiskPlacementType',
  'currentPlacementType',
  'consent',
  'ageExceptionReason',
  'siblingsDone',
  'networkDone',
] as const
const LIST_FIELDS = ['childIds', 'presentingNeeds'] as const

/** The stored jsonb read defensively: only the known answers, each of the right type. */
export function readAnswers(data: unknown): DraftAnswers {
  const raw = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
  const answers: DraftAnswers = {}
  for (const key of TEXT_FIELDS) {
    const value = raw[key]
    if (typeof value === 'string') answers[key] = value
  }
  for (const key of LIST_FIELDS) {
    const value = raw[key]
    if (Array.isArray(value)) answers[key] = value.filter((v): v is string => typeof v === 'string')
  }
  const records = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v)) : null)
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  const optional = (v: unknown) => (typeof v === 'string' && v ? v : undefined)
  const siblings = records(raw.siblings)
  if (siblings) {
    answers.siblings = siblings.map((s) => ({
      ...(optional(s.childId) ? { childId: str(s.childId) } : {}),
      givenName: str(s.givenName),
      familyName: str(s.familyName),
      dateOfBirth: str(s.dateOfBirth),
      livesInHousehold: s.livesInHousehold === true,
      ...(s.notDuplicate === true ? { notDuplicate: true } : {}),
    }))
  }
  const network = records(raw.network)
  if (network) {
    answers.network = network.map((m) => ({
      name: str(m.name),
      relationship: str(m.relationship),
      householdMember: m.householdMember === true,
      ...(optional(m.phone) ? { phone: str(m.phone) } : {}),
      ...(optional(m.email) ? { email: str(m.email) } : {}),
      ...(optional(m.safetyPlanRole) ? { safetyPlanRole: str(m.safetyPlanRole) } : {}),
    }))
  }
  return answers
}

function toDraft(row: typeof referralDrafts.$inferSelect): ReferralDraft {
  return {
    id: row.id,
    answers: readAnswers(row.data),
    submittedReferralId: row.submittedReferralId,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export type ReferralDraftService = ReturnType<typeof createReferralDraftService>

export function createReferralDraftService(db: Db) {
  const mine = (ctx: Ctx) => and(eq(referralDrafts.userId, ctx.user.id), eq(referralDrafts.organisationId, ctx.user.organisationId))

  return {
    /** The user's drafts not yet submitted, most recently saved first. */
    async listOpen(ctx: Ctx): Promise<ReferralDraft[]> {
      const rows = await db
        .select()
        .from(referralDrafts)
        .where(and(mine(ctx), isNull(referralDrafts.submittedReferralId)))
        .orderBy(desc(referralDrafts.updatedAt))
      return rows.map(toDraft)
    },

    /** The user's own draft; anyone else's, or no such draft, is the same NotFoundError. */
    async find(ctx: Ctx, id: string): Promise<ReferralDraft> {
      const [row] = isUuid(id)
        ? await db
            .select()
            .from(referralDrafts)
            .where(and(eq(referralDrafts.id, id), mine(ctx)))
        : []
      if (!row) throw new NotFoundError('referral draft')
      return toDraft(row)
    },

    async create(ctx: Ctx): Promise<ReferralDraft> {
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(referralDrafts).values({ organisationId: ctx.user.organisationId, userId: ctx.user.id, data: {} }).returning()
        if (!row) throw new Error('Referral draft was not created')
        await recordAudit(tx, { ...actor(ctx), action: 'referral-draft.create', recordType: 'referral_draft', recordId: row.id })
        return toDraft(row)
      })
    },

    /**
     * Merges answers into a draft not yet submitted; an answer given as null or undefined is
     * removed. The audit event names the answers changed, never what they say.
     */
    async save(ctx: Ctx, id: string, changes: { [K in keyof DraftAnswers]?: DraftAnswers[K] | null }): Promise<ReferralDraft> {
      if (!isUuid(id)) throw new NotFoundError('referral draft')
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(referralDrafts)
          .where(and(eq(referralDrafts.id, id), mine(ctx)))
          .for('update')
        if (!current) throw new NotFoundError('referral draft')
        if (current.submittedReferralId) throw new ConflictError('invalid-state', 'This referral has been submitted: it can no longer be changed.')
        const data: Record<string, unknown> = { ...readAnswers(current.data) }
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === undefined) delete data[key]
          else data[key] = value
        }
        const [row] = await tx
          .update(referralDrafts)
          .set({ data, version: current.version + 1, updatedAt: new Date() })
          .where(eq(referralDrafts.id, current.id))
          .returning()
        if (!row) throw new Error('Referral draft was not saved')
        await recordAudit(tx, { ...actor(ctx), action: 'referral-draft.update', recordType: 'referral_draft', recordId: id, details: { answers: Object.keys(changes).sort() } })
        return toDraft(row)
      })
    },

    /**
     * Takes the draft for submission if it is still the version the user checked: a second
     * click, or answers changed in another tab since, gets null and submits nothing. Only the
     * version moves, so there is nothing to audit; the submission itself is audited.
     */
    async claimForSubmission(ctx: Ctx, id: string, version: number): Promise<ReferralDraft | null> {
      if (!isUuid(id) || !Number.isInteger(version)) return null
      const [row] = await db
        .update(referralDrafts)
        .set({ version: version + 1, updatedAt: new Date() })
        .where(and(eq(referralDrafts.id, id), mine(ctx), eq(referralDrafts.version, version), isNull(referralDrafts.submittedReferralId)))
        .returning()
      return row ? toDraft(row) : null
    },

    /** Marks the draft submitted, in the transaction that creates its referral: both happen, or neither. */
    async markSubmitted(tx: Tx, ctx: Ctx, id: string, referralId: string): Promise<void> {
      const [row] = await tx
        .update(referralDrafts)
        .set({ submittedReferralId: referralId, version: sql`${referralDrafts.version} + 1`, updatedAt: new Date() })
        .where(and(eq(referralDrafts.id, id), mine(ctx), isNull(referralDrafts.submittedReferralId)))
        .returning({ id: referralDrafts.id })
      if (!row) throw new ConflictError('invalid-state', 'This referral draft has already been submitted')
      await recordAudit(tx, { ...actor(ctx), action: 'referral-draft.submit', recordType: 'referral_draft', recordId: id, details: { referralId } })
    },

    /** Children on a draft that the user may still see, in the order they were added, with what the journey needs. */
    async children(ctx: Ctx, ids: readonly string[] | undefined) {
      const wanted = [...new Set(ids ?? [])].filter(isUuid)
      const found = await repo.visibleChildren(db, ctx, wanted)
      return wanted.map((id) => found.find((c) => c.id === id)).filter((c): c is NonNullable<typeof c> => Boolean(c))
    },

    coveredDistricts: (ctx: Ctx) => repo.coveredDistricts(db, ctx.user.organisationId),

    /** The referrals this user submitted, newest first, each with its children and the panel's latest decision. */
    async submittedBy(ctx: Ctx, limit = 100) {
      return withChildrenAndDecisions(ctx, await referralSummaries(ctx, undefined, limit))
    },

    /** One referral this user submitted (the confirmation page), or NotFoundError. */
    async submitted(ctx: Ctx, referralId: string) {
      const rows = isUuid(referralId) ? await referralSummaries(ctx, eq(referrals.id, referralId), 1) : []
      const [found] = await withChildrenAndDecisions(ctx, rows)
      if (!found) throw new NotFoundError('referral')
      return found
    },
  }

  /** The caller's own submitted referrals, newest first, optionally narrowed. */
  function referralSummaries(ctx: Ctx, narrow: SQL | undefined, limit: number) {
    return db
      .select({
        id: referrals.id,
        strand: referrals.strand,
        status: referrals.status,
        submittedAt: referrals.submittedAt,
        reReferral: referrals.reReferral,
        familyName: families.name,
      })
      .from(referrals)
      .innerJoin(families, eq(families.id, referrals.familyId))
      .where(and(eq(referrals.referrerId, ctx.user.id), repo.referralVisible(ctx), narrow))
      .orderBy(desc(referrals.submittedAt), desc(referrals.createdAt))
      .limit(limit)
  }

  async function withChildrenAndDecisions<T extends { id: string }>(ctx: Ctx, rows: T[]) {
    const ids = rows.map((r) => r.id)
    if (!ids.length) return []
    const [named, decided] = await Promise.all([
      db
        .select({ referralId: referralChildren.referralId, givenName: children.givenName, familyName: children.familyName })
        .from(referralChildren)
        .innerJoin(children, eq(children.id, referralChildren.childId))
        .where(and(inArray(referralChildren.referralId, ids), visibleTo(ctx, children, 'child'))),
      db
        .select({
          referralId: panelDecisions.referralId,
          decision: panelDecisions.decision,
          priority: panelDecisions.priority,
          rationale: panelDecisions.rationale,
          steppedDownTo: panelDecisions.steppedDownTo,
          signposting: panelDecisions.signposting,
          decidedAt: panelDecisions.decidedAt,
        })
        .from(panelDecisions)
        .where(inArray(panelDecisions.referralId, ids))
        .orderBy(desc(panelDecisions.decidedAt)),
    ])
    return rows.map((r) => ({
      ...r,
      children: named.filter((c) => c.referralId === r.id).map((c) => `${c.givenName} ${c.familyName}`),
      decision: decided.find((d) => d.referralId === r.id) ?? null,
    }))
  }
}

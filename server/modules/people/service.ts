import { and, eq } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db } from '../../platform/db/index.js'
import { breakGlassGrants, children, families } from '../../platform/db/schema.js'
import { actor, recordAudit, recordAuditNow } from '../../platform/audit/index.js'
import { ConflictError, NotFoundError, StaleVersionError } from '../../platform/http/errors.js'
import { inTenancy } from '../../platform/tenancy/index.js'
import { isUuid } from '../../platform/validation.js'
import { fullName, type ChildInput, type ChildResource } from './domain/child.js'
import * as repo from './repository.js'

export type PeopleService = ReturnType<typeof createPeopleService>

export function createPeopleService(db: Db, settings: { breakGlassMinutes: number }) {
  function toResource(child: typeof children.$inferSelect, organisation: string): ChildResource {
    return {
      id: child.id,
      organisation,
      givenName: child.givenName,
      familyName: child.familyName,
      dateOfBirth: child.dateOfBirth,
      sex: child.sex as ChildResource['sex'],
      ethnicity: child.ethnicity,
      send: child.send,
      disability: child.disability,
      uasc: child.uasc,
      postcode: child.postcode,
      district: child.district,
      localChildId: child.localChildId,
      upn: child.upn,
      familyId: child.familyId,
      restricted: child.restricted,
      version: child.version,
    }
  }

  async function familyForWrite(ctx: Ctx, familyId: string | null | undefined) {
    if (!familyId) return null
    const found = await repo.findFamily(db, ctx, familyId)
    if (!found) throw new ConflictError('invalid-state', 'The family was not found')
    return found.family
  }

  async function refuseTakenLocalId(ctx: Ctx, localChildId: string | null, exceptId?: string) {
    if (!localChildId) return
    const existing = await repo.childIdByLocalId(db, ctx.user.organisationId, localChildId)
    if (existing && existing.id !== exceptId) {
      // Naming a restricted child would reveal it exists; say only that the ID is taken.
      const visible = await repo.findChild(db, ctx, existing.id)
      throw new ConflictError('invalid-state', `Council child ID ${localChildId} is already used by another child`, visible ? { existingChildId: existing.id } : {})
    }
  }

  return {
    search: (ctx: Ctx, s: repo.ChildSearch) => repo.searchChildren(db, ctx, s),
    districts: (ctx: Ctx) => repo.districtsInUse(db, ctx),
    possibleDuplicates: (ctx: Ctx, input: Pick<ChildInput, 'givenName' | 'familyName' | 'dateOfBirth' | 'localChildId'>) =>
      repo.possibleDuplicates(db, ctx, { ...input, localChildId: input.localChildId ?? null }),

    /** Throws NotFoundError unless the caller can see this child. Reads nothing of the record, so it is not a view. */
    async ensureChildVisible(ctx: Ctx, id: string) {
      if (!isUuid(id) || !(await repo.findChild(db, ctx, id))) throw new NotFoundError('child')
    },

    /** A child's record, audited as a view. Not visible and not existing are the same answer. */
    async viewChild(ctx: Ctx, id: string) {
      if (!isUuid(id)) throw new NotFoundError('child')
      return db.transaction(async (tx) => {
        const found = await repo.findChild(tx, ctx, id)
        if (!found) throw new NotFoundError('child')
        const related = await repo.relationshipsOf(tx, ctx, id)
        // Last, so the chain's lock is held only for the insert and the commit.
        await recordAudit(tx, { ...actor(ctx, found.child.organisationId), action: 'child.view', recordType: 'child', recordId: id })
        const family = found.child.familyId && found.familyName ? { id: found.child.familyId, name: found.familyName } : null
        return { child: toResource(found.child, found.organisation), family, related }
      })
    },

    async createChild(ctx: Ctx, input: ChildInput) {
      await refuseTakenLocalId(ctx, input.localChildId ?? null)
      const family = await familyForWrite(ctx, input.familyId)
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(children)
          .values({
            ...input,
            familyId: family?.id ?? null,
            organisationId: ctx.user.organisationId,
            serviceId: family?.serviceId ?? null,
            restricted: family?.restricted ?? false,
          })
          .returning()
        if (!created) throw new Error('Child was not created')
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'child.create',
          recordType: 'child',
          recordId: created.id,
        })
        return toResource(created, ctx.user.organisationCode)
      })
    },

    async updateChild(ctx: Ctx, id: string, version: number, input: ChildInput) {
      const before = isUuid(id) ? await repo.findChild(db, ctx, id) : null
      if (!before) throw new NotFoundError('child')
      if (before.child.version !== version) throw new StaleVersionError('child')
      await refuseTakenLocalId(ctx, input.localChildId ?? null, id)
      const family = await familyForWrite(ctx, input.familyId)
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(children)
          .set({ ...input, familyId: family?.id ?? null, version: version + 1, updatedAt: new Date() })
          .where(and(eq(children.id, id), eq(children.version, version)))
          .returning()
        if (!updated) throw new StaleVersionError('child')
        const changed = Object.keys(input).filter((k) => {
          const key = k as keyof ChildInput
          return JSON.stringify(before.child[key as keyof typeof before.child] ?? null) !== JSON.stringify(input[key] ?? null)
        })
        await recordAudit(tx, {
          ...actor(ctx, updated.organisationId),
          action: 'child.update',
          recordType: 'child',
          recordId: id,
          details: { changed },
        })
        return toResource(updated, before.organisation)
      })
    },

    async viewFamily(ctx: Ctx, id: string) {
      if (!isUuid(id)) throw new NotFoundError('family')
      return db.transaction(async (tx) => {
        const found = await repo.findFamily(tx, ctx, id)
        if (!found) throw new NotFoundError('family')
        await recordAudit(tx, { ...actor(ctx, found.family.organisationId), action: 'family.view', recordType: 'family', recordId: id })
        return found
      })
    },

    /**
     * Break glass: the user states why they need a restricted record and gets time-limited
     * access to it. The grant and reason are audited and listed for administrators. The
     * answer is the same whether or not such a record exists, so it reveals nothing by itself.
     */
    async breakGlass(ctx: Ctx, input: { recordType: 'child' | 'family'; localChildId?: string; recordId?: string; reason: string }) {
      const table = input.recordType === 'child' ? children : families
      let recordId = input.recordId && isUuid(input.recordId) ? input.recordId : null
      if (!recordId && input.localChildId && input.recordType === 'child') {
        recordId = (await repo.childIdByLocalId(db, ctx.user.organisationId, input.localChildId))?.id ?? null
      }
      const [target] = recordId
        ? await db
            .select({ id: table.id, organisationId: table.organisationId, restricted: table.restricted })
            .from(table)
            .where(and(eq(table.id, recordId), inTenancy(ctx, table)))
        : []
      const expiresAt = new Date(Date.now() + settings.breakGlassMinutes * 60_000)
      await db.transaction(async (tx) => {
        if (target?.restricted) {
          await tx
            .insert(breakGlassGrants)
            .values({ organisationId: target.organisationId, userId: ctx.user.id, recordType: input.recordType, recordId: target.id, reason: input.reason, expiresAt })
        }
        await recordAudit(tx, {
          ...actor(ctx),
          action: 'break-glass.request',
          recordType: input.recordType,
          recordId: target?.id ?? input.recordId ?? input.localChildId ?? null,
          reason: input.reason,
          details: { granted: Boolean(target?.restricted), expiresAt: expiresAt.toISOString() },
        })
      })
      return { recordId: target?.id ?? null, expiresAt }
    },

    displayName: fullName,
    audit: (input: Parameters<typeof recordAuditNow>[1]) => recordAuditNow(db, input),
  }
}

export { isUuid }

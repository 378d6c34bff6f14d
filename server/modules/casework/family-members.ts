import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db, Tx } from '../../platform/db/index.js'
import { children, families, networkMembers, relationships } from '../../platform/db/schema.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { ValidationError, type FieldError } from '../../platform/http/errors.js'
import { formatDate } from '../../platform/time/index.js'
import { isUuid, possibleDuplicates } from '../people/index.js'
import type { NetworkMemberInput, SiblingInput } from './schemas.js'
import * as repo from './repository.js'

/**
 * The family around a referral (casework issue, item 1): its other children, not referred,
 * and its parents, carers and wider network, recorded with the referral in one transaction.
 *
 * - A sibling with `childId` is that existing child's record (in the family, or in none yet);
 *   one without is a new child of the family, unless a likely duplicate exists (PRODUCT §2:
 *   same name and date of birth): then the referral is refused until the caller picks the
 *   existing record (`childId`) or says it is a different child (`notDuplicate`).
 * - A network member whose name the family already has is that member, not a second one.
 * - Relationships: each adult to each child, with the adult's relationship; the children to
 *   each other as `sibling`, or `sibling living elsewhere` when either does not live in the
 *   household. A relationship already recorded between two people is not recorded again.
 */
// Words, not codes: the child's page shows a relationship as it is stored, like the demo's 'sibling'.
export const SIBLING = 'sibling'
export const SIBLING_ELSEWHERE = 'sibling living elsewhere'

export interface CheckedFamily {
  siblings: (SiblingInput & { existing: boolean })[]
  network: NetworkMemberInput[]
}

/** Checks, before the transaction, what is given: refusals change nothing. */
export async function checkFamilyMembers(
  db: Db,
  ctx: Ctx,
  input: { siblings?: SiblingInput[]; network?: NetworkMemberInput[] },
  referred: { ids: string[]; familyId: string | null },
): Promise<CheckedFamily> {
  const errors: FieldError[] = []
  const siblings = input.siblings ?? []
  const wanted = siblings.map((s) => s.childId).filter((id): id is string => Boolean(id))
  const found = wanted.every(isUuid) ? await repo.visibleChildren(db, ctx, wanted) : []
  const seen = new Set<string>()
  const checked: CheckedFamily['siblings'] = []
  for (const [i, s] of siblings.entries()) {
    const name = `${s.givenName} ${s.familyName}`
    if (s.childId) {
      const child = found.find((c) => c.id === s.childId)
      if (!child) errors.push({ field: `/siblings/${i}/childId`, message: `${name} is not a child on the system for you: remove them, then add them again` })
      else if (referred.ids.includes(child.id)) errors.push({ field: `/siblings/${i}/childId`, message: `${name} is a young person referred: remove them from the other children` })
      else if (child.familyId && child.familyId !== referred.familyId) {
        errors.push({ field: `/siblings/${i}/childId`, message: `${name} is recorded in another family: check the record, or remove them from the other children` })
      } else if (seen.has(child.id)) errors.push({ field: `/siblings/${i}/childId`, message: `${name} is given twice: remove one of them` })
      seen.add(s.childId)
      checked.push({ ...s, existing: true })
      continue
    }
    if (!s.notDuplicate) {
      const likely = (await possibleDuplicates(db, ctx, { givenName: s.givenName, familyName: s.familyName, dateOfBirth: s.dateOfBirth, localChildId: null })).filter(
        (d) => !referred.ids.includes(d.id),
      )
      if (likely.length) {
        errors.push({
          field: `/siblings/${i}`,
          message: `${name}, born ${formatDate(s.dateOfBirth)}, may already be on the system: choose the existing record, or say this is a different child`,
        })
      }
    }
    checked.push({ ...s, existing: false })
  }
  if (errors.length) throw new ValidationError(errors)
  return { siblings: checked, network: input.network ?? [] }
}

/** Records the checked family members and their relationships in the referral's transaction; every change audited. */
export async function recordFamilyMembers(
  tx: Tx,
  ctx: Ctx,
  family: typeof families.$inferSelect,
  referralId: string,
  referredIds: string[],
  checked: CheckedFamily,
): Promise<{ childIds: string[]; networkMemberIds: string[]; relationships: number }> {
  if (!checked.siblings.length && !checked.network.length) return { childIds: [], networkMemberIds: [], relationships: 0 }
  const audit = (action: string, recordType: string, recordId: string, details: Record<string, unknown>) =>
    recordAudit(tx, { ...actor(ctx, family.organisationId), action, recordType, recordId, details: { referralId, ...details } })

  // The children: every one is in the household unless the referrer said otherwise.
  const household = new Map<string, boolean>(referredIds.map((id) => [id, true]))
  const siblingIds: string[] = []
  for (const s of checked.siblings) {
    if (s.existing && s.childId) {
      const [moved] = await tx
        .update(children)
        .set({ familyId: family.id, version: sql`${children.version} + 1`, updatedAt: new Date() })
        .where(and(eq(children.id, s.childId), sql`${children.familyId} is null`))
        .returning({ id: children.id })
      if (moved) await audit('child.update', 'child', moved.id, { changed: ['familyId'] })
      siblingIds.push(s.childId)
      household.set(s.childId, s.livesInHousehold)
      continue
    }
    const [created] = await tx
      .insert(children)
      .values({
        organisationId: family.organisationId,
        serviceId: family.serviceId,
        restricted: family.restricted,
        familyId: family.id,
        givenName: s.givenName,
        familyName: s.familyName,
        dateOfBirth: s.dateOfBirth,
        // Not asked on the referral: the worker records them later (SEX_CODES U, ETHNICITY_CODES NOBT).
        sex: 'U',
        ethnicity: 'NOBT',
        district: family.district,
      })
      .returning({ id: children.id })
    if (!created) throw new Error('Child was not created')
    await audit('child.create', 'child', created.id, { referred: false })
    siblingIds.push(created.id)
    household.set(created.id, s.livesInHousehold)
  }

  // The adults: one record per name in the family.
  const existingMembers = await tx.select({ id: networkMembers.id, name: networkMembers.name }).from(networkMembers).where(eq(networkMembers.familyId, family.id))
  const byName = new Map(existingMembers.map((e) => [e.name.trim().toLowerCase(), e.id]))
  const memberIds: { id: string; relationship: string }[] = []
  for (const m of checked.network) {
    const same = byName.get(m.name.trim().toLowerCase())
    if (same) {
      if (!memberIds.some((x) => x.id === same)) memberIds.push({ id: same, relationship: m.relationship })
      continue
    }
    const [created] = await tx
      .insert(networkMembers)
      .values({
        organisationId: family.organisationId,
        familyId: family.id,
        name: m.name,
        relationship: m.relationship,
        householdMember: m.householdMember,
        phone: m.phone || null,
        email: m.email || null,
        safetyPlanRole: m.safetyPlanRole || null,
      })
      .returning({ id: networkMembers.id })
    if (!created) throw new Error('Network member was not created')
    byName.set(m.name.trim().toLowerCase(), created.id)
    await audit('network-member.create', 'network_member', created.id, {})
    memberIds.push({ id: created.id, relationship: m.relationship })
  }

  // The relationships not yet recorded, in either direction.
  const allChildren = [...referredIds, ...siblingIds.filter((id) => !referredIds.includes(id))]
  const people = [...allChildren, ...memberIds.map((m) => m.id)]
  const recorded = await tx
    .select({ fromId: relationships.fromId, toId: relationships.toId })
    .from(relationships)
    .where(or(inArray(relationships.fromId, people), inArray(relationships.toId, people)))
  const known = new Set(recorded.flatMap((r) => [`${r.fromId}:${r.toId}`, `${r.toId}:${r.fromId}`]))
  const rows: (typeof relationships.$inferInsert)[] = []
  const add = (fromType: string, fromId: string, toId: string, relationship: string) => {
    if (fromId === toId || known.has(`${fromId}:${toId}`)) return
    known.add(`${fromId}:${toId}`).add(`${toId}:${fromId}`)
    rows.push({ organisationId: family.organisationId, fromType, fromId, toType: 'child', toId, relationship })
  }
  for (const m of memberIds) for (const c of allChildren) add('network_member', m.id, c, m.relationship)
  for (const [i, a] of allChildren.entries()) {
    for (const b of allChildren.slice(i + 1)) add('child', a, b, household.get(a) !== false && household.get(b) !== false ? SIBLING : SIBLING_ELSEWHERE)
  }
  if (rows.length) {
    const inserted = await tx.insert(relationships).values(rows).returning({ id: relationships.id })
    for (const r of inserted) await audit('relationship.create', 'relationship', r.id, {})
  }
  return { childIds: siblingIds, networkMemberIds: memberIds.map((m) => m.id), relationships: rows.length }
}

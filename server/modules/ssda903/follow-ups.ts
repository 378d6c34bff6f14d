/**
 * Follow-ups answered by the SSDA903 return (issue 5, "Import"): "Children are matched to
 * edge-of-care records by `localChildId` = CHILD. A follow-up whose due date falls in an
 * episode open for that child resolves to `in_care` with the placement type (source
 * `ssda903`) without anyone typing it. Short-break episodes (V3/V4) never resolve a follow-up;
 * the absence of an episode never resolves one to `at_home` (it stays a task)."
 *
 * Run after each import and by the daily follow-up job, before it makes tasks.
 */
import { and, asc, desc, eq, isNull, lte, notInArray, or, gt, sql } from 'drizzle-orm'
import { recordAudit } from '../../platform/audit/index.js'
import type { Db } from '../../platform/db/index.js'
import { cases, children, followUps, ssda903Episodes, tasks } from '../../platform/db/schema.js'
import { todayInLondon } from '../../platform/time/index.js'

/** The casework task kind a due follow-up becomes (casework/follow-up-tasks.ts). */
const FOLLOW_UP_TASK_KIND = 'follow_up'

/** Legal statuses of an agreed series of short breaks: the child is not "in care" for a follow-up. */
const SHORT_BREAK_LEGAL_STATUSES = ['V3', 'V4']

/**
 * The casework placement type for a DfE PLACE code (the SSDA903 guidance's placement codes,
 * `../shared/data/ssda903-samples/`), as API.md's placement type list maps them. Codes the casework list has no closer word for are `other`.
 */
export function placementTypeForPlace(place: string | null): string {
  const code = (place ?? '').toUpperCase()
  if (/^A[3-6]$/.test(code)) return 'adoption'
  if (/^U[1-3]$/.test(code)) return 'kinship' // foster placement with a relative or friend
  if (/^U[4-6]$/.test(code)) return 'fostering'
  if (code === 'K1' || code === 'R5') return 'secure' // secure children's home; young offender institution
  if (code === 'K2' || code === 'R1' || code === 'S1') return 'residential' // children's home; residential care home; residential school
  if (code === 'H5' || code === 'K3' || code === 'P2') return 'supported_accommodation' // supported accommodation; independent living
  if (code === 'P1') return 'placed_with_parents'
  if (code === 'R3') return 'parent_and_baby' // family centre or mother and baby unit
  return 'other'
}

export interface FollowUpResolution {
  resolved: number
}

/**
 * Resolves every unrecorded follow-up due on or before `today` whose child has an SSDA903
 * episode open on the due date (DECOM ≤ due date, and DEC empty or after it; not V3/V4). The
 * placement is that of the open episode with the latest DECOM. One transaction, one audit event
 * per organisation with the follow-ups resolved. `organisationId` limits it to one organisation.
 */
export async function resolveFollowUpsFromSsda903(db: Db, organisationId?: string, today: string = todayInLondon()): Promise<FollowUpResolution> {
  return db.transaction(async (tx) => {
    const open = await tx
      .select({ followUpId: followUps.id, caseId: followUps.caseId, organisationId: children.organisationId, place: ssda903Episodes.place, decom: ssda903Episodes.decom })
      .from(followUps)
      .innerJoin(children, eq(children.id, followUps.childId))
      .innerJoin(cases, eq(cases.id, followUps.caseId))
      .innerJoin(ssda903Episodes, and(eq(ssda903Episodes.organisationId, children.organisationId), eq(ssda903Episodes.child, children.localChildId)))
      .where(
        and(
          isNull(followUps.status),
          lte(followUps.dueDate, today),
          lte(ssda903Episodes.decom, followUps.dueDate),
          or(isNull(ssda903Episodes.dec), gt(ssda903Episodes.dec, followUps.dueDate)),
          or(isNull(ssda903Episodes.ls), notInArray(ssda903Episodes.ls, SHORT_BREAK_LEGAL_STATUSES)),
          organisationId ? eq(children.organisationId, organisationId) : sql`true`,
        ),
      )
      .orderBy(asc(followUps.id), desc(ssda903Episodes.decom))
    const latest = new Map<string, (typeof open)[number]>()
    for (const row of open) if (!latest.has(row.followUpId)) latest.set(row.followUpId, row)
    const byOrganisation = new Map<string, Array<{ followUpId: string; caseId: string; place: string | null }>>()
    const now = new Date()
    for (const row of latest.values()) {
      const placementType = placementTypeForPlace(row.place)
      const [updated] = await tx
        .update(followUps)
        .set({ status: 'in_care', placementType, source: 'ssda903', recordedBy: null, recordedAt: now })
        .where(and(eq(followUps.id, row.followUpId), isNull(followUps.status)))
        .returning({ id: followUps.id })
      if (!updated) continue
      await tx
        .update(tasks)
        .set({ completedAt: now })
        .where(and(eq(tasks.kind, FOLLOW_UP_TASK_KIND), eq(tasks.subjectId, row.followUpId), isNull(tasks.completedAt)))
      const list = byOrganisation.get(row.organisationId) ?? []
      list.push({ followUpId: row.followUpId, caseId: row.caseId, place: row.place })
      byOrganisation.set(row.organisationId, list)
    }
    for (const [org, resolved] of byOrganisation) {
      await recordAudit(tx, {
        organisationId: org,
        userId: null,
        action: 'follow-up.resolve-ssda903',
        recordType: 'follow_up',
        details: { today, resolved },
      })
    }
    return { resolved: [...byOrganisation.values()].reduce((n, list) => n + list.length, 0) }
  })
}

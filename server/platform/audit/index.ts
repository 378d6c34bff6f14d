import { createHash } from 'node:crypto'
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm'
import type { Db, Executor, Tx } from '../db/index.js'
import type { Ctx } from '../context.js'
import { auditEvents } from '../db/schema.js'

export interface AuditInput {
  organisationId: string | null
  userId: string | null
  /** What happened, as `record.verb`: `child.view`, `child.create`, `sign-in.success`, `export.csv`. */
  action: string
  recordType?: string | null
  recordId?: string | null
  correlationId?: string | null
  reason?: string | null
  details?: Record<string, unknown> | null
}

const GENESIS = '0'.repeat(64)

/**
 * Who caused an event, from the request's context. The event goes into the chain of the
 * organisation whose record it is: the user's own unless a service record says otherwise.
 */
export function actor(ctx: Ctx, organisationId: string = ctx.user.organisationId): Pick<AuditInput, 'organisationId' | 'userId' | 'correlationId'> {
  return { organisationId, userId: ctx.user.id, correlationId: ctx.correlationId }
}

/** JSON with object keys sorted at every level: jsonb reorders keys, so the hash must not depend on order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

interface HashedFields {
  chain: string
  seq: number
  at: string
  organisationId: string | null
  userId: string | null
  action: string
  recordType: string | null
  recordId: string | null
  correlationId: string | null
  reason: string | null
  details: Record<string, unknown> | null
  prevHash: string
}

export function eventHash(fields: HashedFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex')
}

function chainOf(organisationId: string | null): string {
  return organisationId ?? 'system'
}

/**
 * Appends an event to its organisation's chain. Call it inside the transaction
 * that makes the change it records, so the change and its audit stand or fall together.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  const chain = chainOf(input.organisationId)
  // One writer per chain at a time, or two events could claim the same predecessor.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'audit:' + chain}, 0))`)
  const [last] = await tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(desc(auditEvents.seq)).limit(1)
  const at = new Date()
  const fields: HashedFields = {
    chain,
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    organisationId: input.organisationId,
    userId: input.userId,
    action: input.action,
    recordType: input.recordType ?? null,
    recordId: input.recordId ?? null,
    correlationId: input.correlationId ?? null,
    reason: input.reason ?? null,
    details: input.details ?? null,
    prevHash: last?.hash ?? GENESIS,
  }
  await tx.insert(auditEvents).values({ ...fields, at, hash: eventHash(fields) })
}

/** An audit event that is not part of a larger change (a view, a sign-in): its own small transaction. */
export async function recordAuditNow(db: Db, input: AuditInput): Promise<void> {
  await db.transaction((tx) => recordAudit(tx, input))
}

export interface ChainReport {
  chain: string
  events: number
  ok: boolean
  problems: string[]
}

/** Recomputes every chain: a changed, removed or reordered event shows as a broken link. */
export async function verifyAuditChains(db: Executor, onProgress?: (checked: number) => void): Promise<ChainReport[]> {
  const chains = await db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).orderBy(asc(auditEvents.chain))
  const reports: ChainReport[] = []
  let checked = 0
  for (const { chain } of chains) {
    const report: ChainReport = { chain, events: 0, ok: true, problems: [] }
    let prevHash = GENESIS
    let expectedSeq = 1
    let afterSeq = 0
    for (;;) {
      const batch = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, afterSeq)))
        .orderBy(asc(auditEvents.seq))
        .limit(1000)
      if (batch.length === 0) break
      for (const e of batch) {
        report.events++
        if (e.seq !== expectedSeq) report.problems.push(`event ${expectedSeq} is missing (found ${e.seq} next)`)
        if (e.prevHash !== prevHash) report.problems.push(`event ${e.seq} does not follow the event before it`)
        const recomputed = eventHash({
          chain: e.chain,
          seq: e.seq,
          at: e.at.toISOString(),
          organisationId: e.organisationId,
          userId: e.userId,
          action: e.action,
          recordType: e.recordType,
          recordId: e.recordId,
          correlationId: e.correlationId,
          reason: e.reason,
          details: e.details ?? null,
          prevHash: e.prevHash,
        })
        if (recomputed !== e.hash) report.problems.push(`event ${e.seq} has been changed since it was written`)
        prevHash = e.hash
        expectedSeq = e.seq + 1
        afterSeq = e.seq
      }
      checked += batch.length
      onProgress?.(checked)
    }
    report.ok = report.problems.length === 0
    reports.push(report)
  }
  return reports
}

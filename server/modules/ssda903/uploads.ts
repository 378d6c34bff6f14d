/**
 * Uploads of SSDA903 files through the web page (issue 5, "Import"): the files are stored with
 * an upload row, a background job imports them (`importSsda903`, the same import as the
 * command line) while writing its progress to the row, and the status page reads the row.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, asc, desc, eq } from 'drizzle-orm'
import type { Logger } from 'pino'
import { recordAudit, actor } from '../../platform/audit/index.js'
import type { Ctx } from '../../platform/context.js'
import type { Db } from '../../platform/db/index.js'
import { ssda903Imports, users } from '../../platform/db/schema.js'
import { NotFoundError, ValidationError } from '../../platform/http/errors.js'
import type { JobDefinition } from '../../platform/jobs/index.js'
import { isUuid } from '../../platform/validation.js'
import { importSsda903 } from './import.js'
import { ssda903UploadFiles, ssda903Uploads } from './schema.js'
import { resolveFollowUpsFromSsda903 } from './follow-ups.js'

export const SSDA903_IMPORT_JOB = 'ssda903-import'

/** The most an upload may hold: a national-scale Episodes file is about 60 MB. */
export const MAX_UPLOAD_FILE_BYTES = 200 * 1024 * 1024
export const MAX_UPLOAD_FILES = 20

/** Progress is written at most this often (milliseconds): the page refreshes every few seconds. */
const PROGRESS_INTERVAL_MS = 500

export interface UploadedFile {
  fileName: string
  content: Buffer
}

/** Something that queues a job: the service's pg-boss runner. */
export interface JobSender {
  send(name: string, data?: Record<string, unknown>): Promise<string | null>
}

export type UploadStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'error'

export type Ssda903Upload = typeof ssda903Uploads.$inferSelect

/**
 * A file name as the reader will see it: the last path segment only (browsers may send a
 * path), and only letters, digits, dots, hyphens, underscores and spaces.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  return last.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^\.+/, '_')
}

/** Checks what the page sent and stores it; answers the upload's id. The caller queues the job. */
export async function createUpload(db: Db, ctx: Ctx, input: { files: UploadedFile[]; collectionYear?: number }): Promise<string> {
  const files = input.files.filter((f) => f.fileName !== '' || f.content.length > 0)
  if (files.length === 0) throw new ValidationError([{ field: 'files', message: 'Select the SSDA903 CSV files to upload' }])
  if (files.length > MAX_UPLOAD_FILES) throw new ValidationError([{ field: 'files', message: `Select at most ${MAX_UPLOAD_FILES} files` }])
  const named = files.map((f) => ({ fileName: safeFileName(f.fileName), content: f.content }))
  const names = new Set<string>()
  for (const f of named) {
    if (!f.fileName.toLowerCase().endsWith('.csv'))
      throw new ValidationError([{ field: 'files', message: `${f.fileName || 'A file'} is not a CSV file: select the CSV files the DfE validator uses` }])
    if (names.has(f.fileName.toLowerCase())) throw new ValidationError([{ field: 'files', message: `${f.fileName} was selected twice: select each file once` }])
    names.add(f.fileName.toLowerCase())
  }
  const year = input.collectionYear
  return db.transaction(async (tx) => {
    const [upload] = await tx
      .insert(ssda903Uploads)
      .values({
        organisationId: ctx.user.organisationId,
        userId: ctx.user.id,
        collectionYear: year ?? null,
        fileNames: named.map((f) => f.fileName),
        totalBytes: 2 * named.reduce((sum, f) => sum + f.content.length, 0),
      })
      .returning({ id: ssda903Uploads.id })
    if (!upload) throw new Error('The upload was not stored')
    for (const f of named) await tx.insert(ssda903UploadFiles).values({ uploadId: upload.id, fileName: f.fileName, content: f.content })
    await recordAudit(tx, {
      ...actor(ctx),
      action: 'ssda903.upload',
      recordType: 'ssda903_upload',
      recordId: upload.id,
      details: { files: named.map((f) => f.fileName), collectionYear: year ?? null },
    })
    return upload.id
  })
}

/**
 * Runs an upload's import: writes its files to a private temporary directory, imports them,
 * records the outcome on the upload and deletes the files. An upload already finished is left
 * alone, so a retried job does nothing twice.
 */
export async function runUpload(db: Db, uploadId: string, logger?: Pick<Logger, 'error' | 'info'>): Promise<UploadStatus> {
  const [upload] = await db.select().from(ssda903Uploads).where(eq(ssda903Uploads.id, uploadId))
  if (!upload) throw new Error(`No SSDA903 upload ${uploadId}`)
  if (upload.status === 'succeeded' || upload.status === 'failed' || upload.status === 'error') return upload.status
  await db.update(ssda903Uploads).set({ status: 'running', updatedAt: new Date() }).where(eq(ssda903Uploads.id, uploadId))
  const dir = await mkdtemp(join(tmpdir(), 'eoc-903-upload-'))
  try {
    const files = await db.select().from(ssda903UploadFiles).where(eq(ssda903UploadFiles.uploadId, uploadId)).orderBy(asc(ssda903UploadFiles.fileName))
    for (const f of files) await writeFile(join(dir, safeFileName(f.fileName)), f.content, { mode: 0o600 })
    let lastWrite = 0
    let pending: Promise<unknown> = Promise.resolve()
    const result = await importSsda903(db, {
      organisationId: upload.organisationId,
      dir,
      userId: upload.userId,
      ...(upload.collectionYear !== null ? { collectionYear: upload.collectionYear } : {}),
      onProgress: (p) => {
        const now = Date.now()
        if (now - lastWrite < PROGRESS_INTERVAL_MS) return
        lastWrite = now
        // Written beside the import's own transaction, on the pool: the page sees it as it goes.
        pending = pending
          .then(() =>
            db
              .update(ssda903Uploads)
              .set({ phase: p.phase, currentFile: p.file, bytesRead: p.bytesRead, totalBytes: p.totalBytes, updatedAt: new Date() })
              .where(eq(ssda903Uploads.id, uploadId)),
          )
          .catch(() => undefined)
      },
    })
    await pending
    const status: UploadStatus = result.status
    if (status === 'succeeded') await resolveFollowUpsFromSsda903(db, upload.organisationId)
    await db.transaction(async (tx) => {
      await tx
        .update(ssda903Uploads)
        .set({ status, importId: result.importId, phase: null, bytesRead: upload.totalBytes, updatedAt: new Date() })
        .where(eq(ssda903Uploads.id, uploadId))
      await tx.delete(ssda903UploadFiles).where(eq(ssda903UploadFiles.uploadId, uploadId))
    })
    logger?.info({ uploadId, status, importId: result.importId }, 'SSDA903 upload imported')
    return status
  } catch (error) {
    logger?.error({ err: error, uploadId }, 'SSDA903 upload failed')
    const failure = error instanceof Error ? error.message : String(error)
    await db.transaction(async (tx) => {
      await tx.update(ssda903Uploads).set({ status: 'error', failure, phase: null, updatedAt: new Date() }).where(eq(ssda903Uploads.id, uploadId))
      await tx.delete(ssda903UploadFiles).where(eq(ssda903UploadFiles.uploadId, uploadId))
    })
    return 'error'
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The background job: one upload per job. Not retried: a failed import is reported, and the analyst uploads again. */
export const ssda903ImportJob: JobDefinition<UploadStatus> = {
  name: SSDA903_IMPORT_JOB,
  retryLimit: 0,
  handler: ({ db, logger, data }) => {
    const uploadId = typeof data.uploadId === 'string' ? data.uploadId : ''
    return runUpload(db, uploadId, logger)
  },
}

/** Queues the upload's import: on the job queue when the service runs one, else here in the background (tests, one-process tools). */
export async function queueUpload(db: Db, uploadId: string, jobs: JobSender | undefined, logger?: Pick<Logger, 'error' | 'info'>): Promise<void> {
  if (jobs) {
    await jobs.send(SSDA903_IMPORT_JOB, { uploadId })
    return
  }
  setImmediate(() => {
    runUpload(db, uploadId, logger).catch((err: unknown) => logger?.error({ err, uploadId }, 'SSDA903 upload failed'))
  })
}

export interface UploadView {
  upload: Ssda903Upload
  percent: number
  finished: boolean
  importRecord: typeof ssda903Imports.$inferSelect | null
}

/** An upload of the caller's organisation, with its import once finished. */
export async function uploadForStatus(db: Db, ctx: Ctx, uploadId: string): Promise<UploadView> {
  if (!isUuid(uploadId)) throw new NotFoundError('upload')
  const [upload] = await db
    .select()
    .from(ssda903Uploads)
    .where(and(eq(ssda903Uploads.id, uploadId), eq(ssda903Uploads.organisationId, ctx.user.organisationId)))
  if (!upload) throw new NotFoundError('upload')
  const finished = upload.status === 'succeeded' || upload.status === 'failed' || upload.status === 'error'
  const percent = finished ? 100 : upload.totalBytes > 0 ? Math.min(99, Math.floor((upload.bytesRead / upload.totalBytes) * 100)) : 0
  let importRecord: UploadView['importRecord'] = null
  if (upload.importId) {
    const [row] = await db.select().from(ssda903Imports).where(eq(ssda903Imports.id, upload.importId))
    importRecord = row ?? null
  }
  return { upload, percent, finished, importRecord }
}

export interface ImportHistoryRow {
  id: string
  startedAt: Date
  finishedAt: Date
  status: string
  mode: string
  collectionYear: number | null
  rowsRead: number
  rowsImported: number
  files: string[]
  importedBy: string
  errorCount: number
  violationCount: number
}

function numberIn(report: Record<string, unknown>, key: string): number {
  const value = report[key]
  return typeof value === 'number' ? value : 0
}

/** The organisation's imports, newest first, with who made each. */
export async function importHistory(db: Db, ctx: Ctx, limit = 100): Promise<ImportHistoryRow[]> {
  const rows = await db
    .select({ imp: ssda903Imports, userName: users.name })
    .from(ssda903Imports)
    .leftJoin(users, eq(users.id, ssda903Imports.userId))
    .where(eq(ssda903Imports.organisationId, ctx.user.organisationId))
    .orderBy(desc(ssda903Imports.startedAt))
    .limit(limit)
  return rows.map(({ imp, userName }) => ({
    id: imp.id,
    startedAt: imp.startedAt,
    finishedAt: imp.finishedAt,
    status: imp.status,
    mode: imp.mode,
    collectionYear: imp.collectionYear,
    rowsRead: imp.rowsRead,
    rowsImported: imp.rowsImported,
    files: (imp.files as Array<{ fileName?: string }>).map((f) => f.fileName ?? '').filter(Boolean),
    importedBy: userName ?? 'The command line',
    errorCount: numberIn(imp.report, 'errorCount'),
    violationCount: numberIn(imp.report, 'violationCount'),
  }))
}

export interface ImportReport {
  record: ImportHistoryRow
  ignored: string[]
  errors: Array<{ file: string; row: number | null; column: string | null; message: string }>
  errorsNotListed: number
  violations: Array<{ code: string; file: string; row: number | null; column: string | null; child: string | null; message: string }>
  violationsByCode: Record<string, number>
  violationsNotListed: number
}

/** One import's report: structural errors or rule violations, as stored. */
export async function importReport(db: Db, ctx: Ctx, importId: string): Promise<ImportReport> {
  if (!isUuid(importId)) throw new NotFoundError('import')
  const rows = await db
    .select({ imp: ssda903Imports, userName: users.name })
    .from(ssda903Imports)
    .leftJoin(users, eq(users.id, ssda903Imports.userId))
    .where(and(eq(ssda903Imports.id, importId), eq(ssda903Imports.organisationId, ctx.user.organisationId)))
  const found = rows[0]
  if (!found) throw new NotFoundError('import')
  const report = found.imp.report
  const list = <T>(key: string): T[] => (Array.isArray(report[key]) ? (report[key] as T[]) : [])
  const record: ImportHistoryRow = {
    id: found.imp.id,
    startedAt: found.imp.startedAt,
    finishedAt: found.imp.finishedAt,
    status: found.imp.status,
    mode: found.imp.mode,
    collectionYear: found.imp.collectionYear,
    rowsRead: found.imp.rowsRead,
    rowsImported: found.imp.rowsImported,
    files: (found.imp.files as Array<{ fileName?: string }>).map((f) => f.fileName ?? '').filter(Boolean),
    importedBy: found.userName ?? 'The command line',
    errorCount: numberIn(report, 'errorCount'),
    violationCount: numberIn(report, 'violationCount'),
  }
  type RawViolation = { code?: string; rule?: string; file?: string; row?: number | null; column?: string | null; child?: string | null; message?: string }
  return {
    record,
    ignored: list<string>('ignored'),
    errors: list<ImportReport['errors'][number]>('errors'),
    errorsNotListed: numberIn(report, 'errorsNotListed'),
    violations: list<RawViolation>('violations').map((v) => ({
      code: v.code ?? v.rule ?? '',
      file: v.file ?? '',
      row: v.row ?? null,
      column: v.column ?? null,
      child: v.child ?? null,
      message: v.message ?? '',
    })),
    violationsByCode: (report.violationsByCode as Record<string, number> | undefined) ?? {},
    violationsNotListed: numberIn(report, 'violationsNotListed'),
  }
}

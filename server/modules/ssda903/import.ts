/**
 * Imports a directory of SSDA903 CSV files for one organisation (issue 5, "Import").
 *
 * Two passes over the files, each streaming (memory does not grow with file size beyond what the rules keep):
 * 1. read and validate only: any structural error rejects the whole import, and nothing but the import
 *    history row (status `failed`, with the errors) is written;
 * 2. in ONE transaction: delete what the import replaces (everything for a history, one collection year's
 *    rows for a year's return), insert the rows in batches, record the import with its counts and the
 *    validation violations, and one audit event `ssda903.import`.
 */
import { recordAudit } from '../../platform/audit/index.js'
import type { Db, Tx } from '../../platform/db/index.js'
import { ssda903Imports } from '../../platform/db/schema.js'
import { listSsda903Directory, Ssda903DirectoryReader, type FileReadSummary, type StructuralError } from './domain/reader.js'
import { createValidator, type RuleViolation } from './domain/rules.js'
import type { EpisodeRow, HeaderRow, Oc2Row, UascRow } from './domain/types.js'
import { deleteSsda903Rows, INSERT_BATCH_ROWS, insertEpisodeRows, insertHeaderRows, insertOc2Rows, insertUascRows } from './repository.js'

/** Violations kept in the stored report (all are counted). */
export const MAX_STORED_VIOLATIONS = 1000

export interface ImportProgress {
  /** `checking`: the first, validate-only pass; `importing`: the second, writing pass. */
  phase: 'checking' | 'importing'
  file: string
  /** Bytes read so far over both passes. */
  bytesRead: number
  /** Bytes of both passes (twice the files' size). */
  totalBytes: number
}

export interface ImportSsda903Options {
  organisationId: string
  dir: string
  /** The collection year of a single return (by the year it ends: 2024 is 2023/24); leave out for a full history. */
  collectionYear?: number
  /** Who imported (null from the command line). */
  userId?: string | null
  onProgress?: (progress: ImportProgress) => void
}

export interface Ssda903ImportResult {
  importId: string
  status: 'succeeded' | 'failed'
  mode: 'history' | 'year'
  collectionYear: number | null
  /** Data rows read in all recognised files, including rows with structural errors. */
  rowsRead: number
  /** Rows stored (Header, Episodes, UASC, OC2); 0 when the import failed. */
  rowsImported: number
  files: FileReadSummary[]
  /** Files in the directory that are not SSDA903 tables. */
  ignored: string[]
  errors: StructuralError[]
  errorCount: number
  errorsNotListed: number
  /** Rule violations listed (up to MAX_STORED_VIOLATIONS). */
  violations: RuleViolation[]
  violationCount: number
  violationsByCode: Record<string, number>
}

const STORED_TABLES = new Set(['header', 'episodes', 'uasc', 'oc2'])

function rowsReadOf(files: readonly FileReadSummary[]): number {
  return files.reduce((sum, f) => sum + f.rows + f.rowsWithErrors, 0)
}

function fileList(files: readonly FileReadSummary[]) {
  return files.map((f) => ({ table: f.table, fileName: f.fileName, bytes: f.bytes, rows: f.rows, rowsWithErrors: f.rowsWithErrors, stored: STORED_TABLES.has(f.table) }))
}

export async function importSsda903(db: Db, options: ImportSsda903Options): Promise<Ssda903ImportResult> {
  const { organisationId, dir, collectionYear, onProgress } = options
  const userId = options.userId ?? null
  const mode = collectionYear === undefined ? 'history' : 'year'
  const startedAt = new Date()
  const listing = await listSsda903Directory(dir)
  const passBytes = listing.totalBytes

  // Pass 1: structure and rules, nothing written.
  const checking = new Ssda903DirectoryReader(listing, {
    onProgress: (p) => onProgress?.({ phase: 'checking', file: p.file, bytesRead: p.bytesRead, totalBytes: passBytes * 2 }),
  })
  const validator = createValidator(collectionYear === undefined ? {} : { collectionYear })
  for await (const batch of checking.batches()) for (const record of batch) validator.check(record)
  const read = checking.result()
  const validation = validator.finish()
  const violations = validation.violations.slice(0, MAX_STORED_VIOLATIONS)
  const base = {
    mode,
    collectionYear: collectionYear ?? null,
    rowsRead: rowsReadOf(read.files),
    files: read.files,
    ignored: read.ignored,
    errors: read.errors,
    errorCount: read.errorCount,
    errorsNotListed: read.errorsNotListed,
  } as const

  if (!read.ok) {
    const [row] = await db
      .insert(ssda903Imports)
      .values({
        organisationId,
        userId,
        startedAt,
        finishedAt: new Date(),
        status: 'failed',
        mode,
        collectionYear: collectionYear ?? null,
        files: fileList(read.files),
        rowsRead: base.rowsRead,
        rowsImported: 0,
        report: { ignored: read.ignored, errors: read.errors, errorCount: read.errorCount, errorsNotListed: read.errorsNotListed },
      })
      .returning({ id: ssda903Imports.id })
    if (!row) throw new Error('The import history row was not written')
    return { ...base, importId: row.id, status: 'failed', rowsImported: 0, violations: [], violationCount: 0, violationsByCode: {} }
  }

  // Pass 2: one transaction.
  const year = collectionYear ?? null
  const importId = await db.transaction(async (tx: Tx) => {
    await deleteSsda903Rows(tx, organisationId, collectionYear)
    let rowsImported = 0
    const header: HeaderRow[] = []
    const episodes: EpisodeRow[] = []
    const uasc: UascRow[] = []
    const oc2: Oc2Row[] = []
    const flush = async (all: boolean): Promise<void> => {
      if (header.length >= INSERT_BATCH_ROWS || (all && header.length)) rowsImported += await insertHeaderRows(tx, organisationId, year, header.splice(0))
      if (episodes.length >= INSERT_BATCH_ROWS || (all && episodes.length)) rowsImported += await insertEpisodeRows(tx, organisationId, year, episodes.splice(0))
      if (uasc.length >= INSERT_BATCH_ROWS || (all && uasc.length)) rowsImported += await insertUascRows(tx, organisationId, year, uasc.splice(0))
      if (oc2.length >= INSERT_BATCH_ROWS || (all && oc2.length)) rowsImported += await insertOc2Rows(tx, organisationId, year, oc2.splice(0))
    }
    const importing = new Ssda903DirectoryReader(listing, {
      tables: ['header', 'episodes', 'uasc', 'oc2'],
      onProgress: (p) => onProgress?.({ phase: 'importing', file: p.file, bytesRead: passBytes + p.bytesRead, totalBytes: passBytes * 2 }),
    })
    for await (const batch of importing.batches()) {
      for (const record of batch) {
        if (record.table === 'header') header.push(record.data)
        else if (record.table === 'episodes') episodes.push(record.data)
        else if (record.table === 'uasc') uasc.push(record.data)
        else if (record.table === 'oc2') oc2.push(record.data)
        if (header.length >= INSERT_BATCH_ROWS || episodes.length >= INSERT_BATCH_ROWS || uasc.length >= INSERT_BATCH_ROWS || oc2.length >= INSERT_BATCH_ROWS) await flush(false)
      }
    }
    // The files were checked in the first pass; an error now means one changed while importing.
    if (!importing.result().ok) throw new Error(`The files in ${dir} changed during the import: nothing was imported, try again`)
    await flush(true)
    const [row] = await tx
      .insert(ssda903Imports)
      .values({
        organisationId,
        userId,
        startedAt,
        finishedAt: new Date(),
        status: 'succeeded',
        mode,
        collectionYear: year,
        files: fileList(read.files),
        rowsRead: base.rowsRead,
        rowsImported,
        report: {
          ignored: read.ignored,
          violations,
          violationCount: validation.total,
          violationsByCode: validation.countsByCode,
          violationsNotListed: validation.total - violations.length,
        },
      })
      .returning({ id: ssda903Imports.id })
    if (!row) throw new Error('The import history row was not written')
    await recordAudit(tx, {
      organisationId,
      userId,
      action: 'ssda903.import',
      recordType: 'ssda903_import',
      recordId: row.id,
      details: {
        mode,
        collectionYear: year,
        files: read.files.map((f) => f.fileName),
        rowsRead: base.rowsRead,
        rowsImported,
        violations: validation.total,
        by: userId ? 'user' : 'cli',
      },
    })
    return { id: row.id, rowsImported }
  })
  return {
    ...base,
    importId: importId.id,
    status: 'succeeded',
    rowsImported: importId.rowsImported,
    violations,
    violationCount: validation.total,
    violationsByCode: validation.countsByCode,
  }
}

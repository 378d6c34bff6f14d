import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fastifyMultipart from '@fastify/multipart'
import type { AppDeps, Modules } from '../../../app.js'
import { actor, recordAuditNow } from '../../../platform/audit/index.js'
import { requireCtx } from '../../../platform/context.js'
import { ValidationError } from '../../../platform/http/errors.js'
import { formErrors } from '../../../platform/http/forms.js'
import { isTableFormat, sendTables, type Table } from '../../../platform/http/tables.js'
import { createUpload, importHistory, importReport, MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES, queueUpload, uploadForStatus, type UploadedFile } from '../uploads.js'
import { loadPopulation, parsePopulationCsv, populationToCsv, replacePopulation } from '../population.js'
import { indicatorPageRoutes } from './indicators.js'

const V = 'modules/ssda903/pages'

/** How often the upload status page reloads itself while the import runs. */
const STATUS_REFRESH_SECONDS = 3

/** A multipart body after `attachFieldsToBody: 'keyValues'` with our `onFile`: text fields as strings, files as `UploadedFile`. */
type MultipartBody = Record<string, string | UploadedFile | Array<string | UploadedFile>>

function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && 'fileName' in value && 'content' in value
}

/**
 * The files of a multipart request, taken out of its body as soon as it is parsed: the body then
 * holds only what was typed, which is all the platform keeps if the session ended meanwhile.
 */
const uploadedFiles = new WeakMap<FastifyRequest, Map<string, UploadedFile[]>>()

function takeFiles(request: FastifyRequest): void {
  const body = request.body as MultipartBody | undefined
  if (!body || typeof body !== 'object') return
  const files = new Map<string, UploadedFile[]>()
  for (const [field, value] of Object.entries(body)) {
    const list = Array.isArray(value) ? value : [value]
    const found = list.filter(isUploadedFile)
    if (found.length === 0) continue
    files.set(field, found)
    const text = list.filter((v): v is string => typeof v === 'string')
    if (text.length) body[field] = text.length === 1 ? (text[0] as string) : text
    else delete body[field]
  }
  uploadedFiles.set(request, files)
}

function filesIn(request: FastifyRequest, field: string): UploadedFile[] {
  return uploadedFiles.get(request)?.get(field) ?? []
}

function textIn(body: unknown, field: string): string {
  const value = (body as MultipartBody | undefined)?.[field]
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * The SSDA903 pages: upload, the upload's status, the import history with each report, the
 * population denominators; and the indicators (`./indicators.ts`). Uploads are multipart forms
 * that work without JavaScript; the status page refreshes itself until the import ends.
 */
export function ssda903PageRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const render = (reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) => reply.view(`${V}/${template}/view.njk`, data, status)

  app.get('/ssda903', { config: { permission: 'ssda903:read' } }, async (_request, reply) => reply.redirect('/ssda903/indicators', 303))

  // ------------------------------------------------------------ import history and reports

  app.get('/ssda903/imports', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    return render(reply, 'imports', { pageTitle: 'SSDA903 imports', imports: await importHistory(db, ctx) })
  })

  app.get('/ssda903/imports/:id', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const report = await importReport(db, ctx, (request.params as { id: string }).id)
    const tables = reportTables(report)
    const format = (request.query as { format?: string }).format
    // The report names children (CHILD) beside their rows: each view and download is audited.
    await recordAuditNow(db, {
      ...actor(ctx),
      action: isTableFormat(format) ? `export.${format}` : 'ssda903.import.view',
      recordType: 'ssda903_import',
      recordId: report.record.id,
    })
    if (isTableFormat(format))
      return sendTables(
        reply,
        report.record.status === 'failed' ? [tables.errors] : [tables.violations],
        format,
        `ssda903-import-${report.record.startedAt.toISOString().slice(0, 10)}`,
      )
    return render(reply, 'report', { pageTitle: 'SSDA903 import report', report, tables })
  })

  // ------------------------------------------------------------ upload status (refreshes itself)

  app.get('/ssda903/uploads/:id', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const status = await uploadForStatus(db, ctx, (request.params as { id: string }).id)
    // The page reloads itself until the import ends, with no script: the HTTP Refresh header, which
    // every browser honours. The user can turn it off (WCAG 2.2.1) and check when they choose.
    const refreshing = !status.finished && (request.query as { refresh?: string }).refresh !== 'off'
    if (refreshing) reply.header('refresh', String(STATUS_REFRESH_SECONDS))
    return render(reply, 'upload-status', {
      pageTitle: status.finished ? 'Import finished' : 'Importing SSDA903 files',
      ...status,
      refreshing,
      refreshSeconds: STATUS_REFRESH_SECONDS,
    })
  })

  app.get('/ssda903/imports/new', { config: { permission: 'ssda903:import' } }, async (_request, reply) =>
    render(reply, 'upload', { pageTitle: 'Upload SSDA903 files', values: { mode: 'history', year: '' }, maxFiles: MAX_UPLOAD_FILES }),
  )

  app.get('/ssda903/population', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const rows = await loadPopulation(db, ctx.user.organisationId)
    const saved = (request.query as { saved?: string }).saved === '1'
    return render(reply, 'population', { pageTitle: 'Population denominators', years: yearsOf(rows), saved, values: { csv: populationToCsv(rows) } })
  })

  // Multipart forms: a scope of their own, so only these routes parse multipart bodies.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_UPLOAD_FILE_BYTES, files: MAX_UPLOAD_FILES, fields: 20, fieldSize: 10 * 1024 * 1024 },
      async onFile(part) {
        ;(part as unknown as { value: UploadedFile }).value = { fileName: part.filename, content: await part.toBuffer() }
      },
    })
    // After the multipart parser's own preValidation hook, which fills the body.
    scope.addHook('preValidation', async (request) => takeFiles(request))

    scope.post('/ssda903/imports/new', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
      const ctx = requireCtx(request.ctx)
      const mode = textIn(request.body, 'mode') === 'year' ? 'year' : 'history'
      const year = textIn(request.body, 'year')
      const values = { mode, year }
      try {
        const errors = []
        if (mode === 'year' && !/^20\d\d$/.test(year)) errors.push({ field: 'year', message: 'Enter the collection year as 4 digits, the year it ends: 2024 for 2023 to 2024' })
        if (errors.length) throw new ValidationError(errors)
        const uploadId = await createUpload(db, ctx, { files: filesIn(request, 'files'), ...(mode === 'year' ? { collectionYear: Number(year) } : {}) })
        await queueUpload(db, uploadId, deps.jobs, request.log)
        return reply.redirect(`/ssda903/uploads/${uploadId}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return render(reply, 'upload', { pageTitle: 'Upload SSDA903 files', values, maxFiles: MAX_UPLOAD_FILES, ...formErrors(error.errors) }, 422)
      }
    })

    scope.post('/ssda903/population', { config: { permission: 'ssda903:import' } }, async (request, reply) => {
      const ctx = requireCtx(request.ctx)
      const [file] = filesIn(request, 'file').filter((f) => f.content.length > 0)
      const csv = file ? file.content.toString('utf8') : textIn(request.body, 'csv')
      const parsed = parsePopulationCsv(csv)
      if (!parsed.ok) {
        const rows = await loadPopulation(db, ctx.user.organisationId)
        return render(
          reply,
          'population',
          {
            pageTitle: 'Population denominators',
            years: yearsOf(rows),
            values: { csv: file ? '' : csv },
            ...formErrors(parsed.errors.map((message) => ({ field: 'csv', message }))),
          },
          422,
        )
      }
      await replacePopulation(db, ctx, parsed.rows)
      return reply.redirect('/ssda903/population?saved=1', 303)
    })
  })

  indicatorPageRoutes(app, modules, deps)
}

function yearsOf(rows: ReadonlyArray<{ year: number }>): number[] {
  return [...new Set(rows.map((r) => r.year))]
}

function reportTables(report: Awaited<ReturnType<typeof importReport>>): { errors: Table; violations: Table; byCode: Table } {
  return {
    errors: {
      title: 'Structural errors',
      columns: [
        { key: 'file', header: 'File' },
        { key: 'row', header: 'Row', numeric: true },
        { key: 'column', header: 'Column' },
        { key: 'message', header: 'Problem' },
      ],
      rows: report.errors.map((e) => ({ file: e.file, row: e.row, column: e.column, message: e.message })),
    },
    violations: {
      title: 'Rule violations',
      columns: [
        { key: 'code', header: 'DfE rule' },
        { key: 'file', header: 'File' },
        { key: 'row', header: 'Row', numeric: true },
        { key: 'column', header: 'Column' },
        { key: 'child', header: 'Child' },
        { key: 'message', header: 'Problem' },
      ],
      rows: report.violations.map((v) => ({ code: v.code, file: v.file, row: v.row, column: v.column, child: v.child, message: v.message })),
    },
    byCode: {
      title: 'Rule violations by DfE rule',
      columns: [
        { key: 'code', header: 'DfE rule' },
        { key: 'count', header: 'Rows', numeric: true },
      ],
      rows: Object.entries(report.violationsByCode)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, count]) => ({ code, count })),
    },
  }
}

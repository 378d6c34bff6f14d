import { parse } from 'csv-parse/sync'
import { and, eq, inArray } from 'drizzle-orm'
import type { Ctx } from '../../platform/context.js'
import type { Db } from '../../platform/db/index.js'
import { actor, recordAudit } from '../../platform/audit/index.js'
import { isValidIsoDate } from '../../platform/time/index.js'
import { CLOSURE_OUTCOMES, PLACEMENT_TYPE_CODES, STRANDS } from './domain/index.js'
import { financeHistoricChildren, financeHistoricImports } from './schema.js'

/**
 * The historic cases import (issue 4): cases closed before the system was used, so
 * the first full-year evaluation covers the service from its start. One row per child
 * per case; the columns are documented in docs/finance.md. Validated like any import:
 * every error is listed with its row, column and a plain message, and the file is
 * imported whole or not at all.
 *
 * Children are named only by the council's child id and an age at referral: no names
 * or dates of birth are needed, so none are taken.
 */

export const HISTORIC_COLUMNS = [
  'case_reference',
  'child_reference',
  'strand',
  'referral_date',
  'closure_date',
  'age_at_referral',
  'at_risk_placement_type',
  'current_placement_type',
  'outcome',
  'placement_type',
  'follow_up_3',
  'follow_up_6',
  'follow_up_12',
  'follow_up_18',
] as const
type Column = (typeof HISTORIC_COLUMNS)[number]
const REQUIRED: Column[] = ['case_reference', 'child_reference', 'strand', 'referral_date', 'closure_date', 'age_at_referral', 'outcome']
const FOLLOW_UP_STATUSES = ['at_home', 'in_care', 'other'] as const
export const MAX_HISTORIC_ROWS = 20_000

export interface ImportError {
  /** The line of the file (the header is line 1); 0 for the file as a whole. */
  row: number
  column: string | null
  message: string
}

export type HistoricRow = typeof financeHistoricChildren.$inferInsert

/** 'Risk of care' and 'risk_of_care' are read alike; so are '2024-06-01' and '01/06/2024'. */
const code = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
function readDate(v: string): string | null {
  const t = v.trim()
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  const iso = uk ? `${uk[3]}-${(uk[2] ?? '').padStart(2, '0')}-${(uk[1] ?? '').padStart(2, '0')}` : t
  return isValidIsoDate(iso) ? iso : null
}

/** Reads and checks a historic cases CSV: the rows to store, or every error. Pure: no database. */
export function readHistoricCsv(text: string, today: string): { rows: Omit<HistoricRow, 'organisationId' | 'importId'>[]; errors: ImportError[] } {
  const errors: ImportError[] = []
  let records: string[][]
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
  } catch (error) {
    const e = error as { lines?: number; message: string }
    return { rows: [], errors: [{ row: e.lines ?? 0, column: null, message: `The file cannot be read as CSV: ${e.message}` }] }
  }
  const [header, ...body] = records
  if (!header) return { rows: [], errors: [{ row: 0, column: null, message: 'The file is empty: it needs a header row and at least one case' }] }
  const columns = header.map((h) => code(h))
  for (const [i, c] of columns.entries())
    if (!(HISTORIC_COLUMNS as readonly string[]).includes(c))
      errors.push({ row: 1, column: header[i] ?? c, message: `“${header[i]}” is not a column of the historic cases file. The columns are: ${HISTORIC_COLUMNS.join(', ')}` })
  for (const c of REQUIRED) if (!columns.includes(c)) errors.push({ row: 1, column: c, message: `The column ${c} is missing` })
  if (new Set(columns).size !== columns.length) errors.push({ row: 1, column: null, message: 'A column appears twice in the header' })
  if (!body.length) errors.push({ row: 0, column: null, message: 'The file has a header but no cases' })
  if (body.length > MAX_HISTORIC_ROWS) errors.push({ row: 0, column: null, message: `The file has ${body.length} rows; import at most ${MAX_HISTORIC_ROWS} at a time` })
  if (errors.length) return { rows: [], errors }

  const rows: Omit<HistoricRow, 'organisationId' | 'importId'>[] = []
  const cases = new Map<string, { line: number; strand: string; referralDate: string; closureDate: string }>()
  const seen = new Set<string>()
  body.forEach((record, index) => {
    const line = index + 2
    const get = (c: Column) => record[columns.indexOf(c)]?.trim() ?? ''
    const fail = (column: Column, message: string) => errors.push({ row: line, column, message })
    const before = errors.length
    for (const c of REQUIRED) if (!get(c)) fail(c, `Enter the ${c.replaceAll('_', ' ')}`)
    const pick = <T extends string>(c: Column, allowed: readonly T[], what: string): T | null => {
      const v = get(c)
      if (!v) return null
      const k = code(v)
      if (!(allowed as readonly string[]).includes(k)) fail(c, `“${v}” is not ${what}. Use one of: ${allowed.join(', ')}`)
      return (allowed as readonly string[]).includes(k) ? (k as T) : null
    }
    const strand = pick('strand', STRANDS, 'a strand')
    const outcome = pick('outcome', CLOSURE_OUTCOMES, 'a closure outcome')
    const atRisk = pick('at_risk_placement_type', PLACEMENT_TYPE_CODES, 'a placement type')
    const current = pick('current_placement_type', PLACEMENT_TYPE_CODES, 'a placement type')
    const entered = pick('placement_type', PLACEMENT_TYPE_CODES, 'a placement type')
    const followUps = (['follow_up_3', 'follow_up_6', 'follow_up_12', 'follow_up_18'] as const).map((c) => pick(c, FOLLOW_UP_STATUSES, 'a follow-up status'))
    const referralDate = get('referral_date') ? readDate(get('referral_date')) : null
    const closureDate = get('closure_date') ? readDate(get('closure_date')) : null
    if (get('referral_date') && !referralDate) fail('referral_date', `“${get('referral_date')}” is not a real date: write it like 2023-10-02 or 02/10/2023`)
    if (get('closure_date') && !closureDate) fail('closure_date', `“${get('closure_date')}” is not a real date: write it like 2024-04-15 or 15/04/2024`)
    if (referralDate && closureDate && closureDate < referralDate) fail('closure_date', 'The closure date is before the referral date')
    if (closureDate && closureDate > today) fail('closure_date', 'The closure date is in the future: only closed cases can be imported')
    const ageText = get('age_at_referral')
    const age = /^\d{1,2}$/.test(ageText) ? Number(ageText) : null
    if (ageText && (age === null || age > 25)) fail('age_at_referral', `“${ageText}” is not an age: enter whole years from 0 to 25`)
    if (outcome === 'entered_care' && !entered && !get('placement_type')) fail('placement_type', 'Enter the placement the child entered')
    if (strand === 'reunification' && !current && !get('current_placement_type')) fail('current_placement_type', 'Enter the placement the child was in before reunification')
    const caseRef = get('case_reference')
    const childRef = get('child_reference')
    if (caseRef.length > 100) fail('case_reference', 'The case reference must be 100 characters or fewer')
    if (childRef.length > 100) fail('child_reference', 'The child reference must be 100 characters or fewer')
    const key = `${caseRef}\u0000${childRef}`
    if (caseRef && childRef && seen.has(key)) fail('child_reference', `Child ${childRef} appears twice on case ${caseRef}`)
    seen.add(key)
    const known = cases.get(caseRef)
    if (known && strand && referralDate && closureDate && (known.strand !== strand || known.referralDate !== referralDate || known.closureDate !== closureDate))
      fail('case_reference', `Case ${caseRef} has a different strand or dates on row ${known.line}: give every child on a case the same strand, referral date and closure date`)
    if (!known && strand && referralDate && closureDate) cases.set(caseRef, { line, strand, referralDate, closureDate })
    if (errors.length > before || !strand || !outcome || !referralDate || !closureDate || age === null) return
    rows.push({
      caseReference: caseRef,
      localChildId: childRef,
      strand,
      referralDate,
      closureDate,
      ageAtReferral: age,
      atRiskPlacementType: atRisk,
      currentPlacementType: current,
      outcome,
      placementType: entered,
      followUp3: followUps[0] ?? null,
      followUp6: followUps[1] ?? null,
      followUp12: followUps[2] ?? null,
      followUp18: followUps[3] ?? null,
    })
  })
  return { rows: errors.length ? [] : rows, errors }
}

export interface HistoricImportResult {
  imported: boolean
  cases: number
  children: number
  errors: ImportError[]
}

/** Imports the file whole, or nothing: a case already imported is an error too. Audited. */
export async function importHistoricCases(db: Db, ctx: Ctx, input: { fileName: string; csv: string; today: string }): Promise<HistoricImportResult> {
  const { rows, errors } = readHistoricCsv(input.csv, input.today)
  if (errors.length) return { imported: false, cases: 0, children: 0, errors }
  const organisationId = ctx.user.organisationId
  return db.transaction(async (tx) => {
    const refs = [...new Set(rows.map((r) => r.caseReference))]
    const existing = await tx
      .selectDistinct({ caseReference: financeHistoricChildren.caseReference })
      .from(financeHistoricChildren)
      .where(and(eq(financeHistoricChildren.organisationId, organisationId), inArray(financeHistoricChildren.caseReference, refs)))
    if (existing.length) {
      const taken = new Set(existing.map((e) => e.caseReference))
      const clashes = rows
        .map((r, i) => ({ r, line: i + 2 }))
        .filter(({ r }) => taken.has(r.caseReference))
        .map(({ r, line }) => ({ row: line, column: 'case_reference', message: `Case ${r.caseReference} was imported before: remove it from this file` }))
      return { imported: false, cases: 0, children: 0, errors: clashes }
    }
    const [record] = await tx
      .insert(financeHistoricImports)
      .values({ organisationId, userId: ctx.user.id, fileName: input.fileName.slice(0, 200) || 'historic-cases.csv', cases: refs.length, children: rows.length })
      .returning()
    if (!record) throw new Error('Import was not recorded')
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.insert(financeHistoricChildren).values(rows.slice(i, i + 1000).map((r) => ({ ...r, organisationId, importId: record.id })))
    }
    await recordAudit(tx, {
      ...actor(ctx),
      action: 'finance.historic-cases.import',
      recordType: 'finance-historic-import',
      recordId: record.id,
      details: { fileName: record.fileName, cases: refs.length, children: rows.length },
    })
    return { imported: true, cases: refs.length, children: rows.length, errors: [] }
  })
}

export async function historicImports(db: Db, organisationId: string) {
  return db.select().from(financeHistoricImports).where(eq(financeHistoricImports.organisationId, organisationId)).orderBy(financeHistoricImports.importedAt)
}

import type { FastifyReply } from 'fastify'
import ExcelJS from 'exceljs'

/**
 * A table of figures: what a page shows beside a chart, and what its CSV and Excel
 * exports contain, from the one definition so the three never disagree.
 */
export interface TableColumn {
  key: string
  header: string
  /** Right-aligned on the page and stored as a number in Excel. */
  numeric?: boolean
}
export type TableCell = string | number | null
export interface Table {
  title: string
  columns: TableColumn[]
  rows: Array<Record<string, TableCell>>
}

export const TABLE_FORMATS = ['csv', 'xlsx'] as const
export type TableFormat = (typeof TABLE_FORMATS)[number]

export function isTableFormat(value: unknown): value is TableFormat {
  return typeof value === 'string' && (TABLE_FORMATS as readonly string[]).includes(value)
}

/**
 * A text cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return
 * at the start) is prefixed with an apostrophe, so an export never runs anything when opened
 * (OWASP, "CSV injection"). Numbers are left alone.
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function csvField(value: TableCell): string {
  if (value === null) return ''
  const text = typeof value === 'number' ? String(value) : safeText(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** RFC 4180 CSV with a byte-order mark, so Excel opens it as UTF-8. */
export function tableToCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.header)).join(',')]
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c.key] ?? null)).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** One worksheet per table, headers bold and frozen, numbers stored as numbers. */
export async function tablesToXlsx(tables: Table[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Edge of Care'
  const used = new Set<string>()
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, used))
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: Math.min(60, Math.max(12, c.header.length + 2)) }))
    sheet.getRow(1).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
    for (const row of table.rows) {
      sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, cellForExcel(row[c.key] ?? null)])))
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

function cellForExcel(value: TableCell): string | number | null {
  return typeof value === 'string' ? safeText(value) : value
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet'
  let name = base
  for (let i = 2; used.has(name.toLowerCase()); i += 1) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`
  used.add(name.toLowerCase())
  return name
}

/** A file name safe for Content-Disposition: letters, digits and hyphens. */
export function exportFileName(stem: string, format: TableFormat): string {
  const clean = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${clean || 'export'}.${format}`
}

/** Send one or more tables as a download in the format asked for. */
export async function sendTables(reply: FastifyReply, tables: Table[], format: TableFormat, stem: string): Promise<FastifyReply> {
  const fileName = exportFileName(stem, format)
  reply.header('content-disposition', `attachment; filename="${fileName}"`)
  if (format === 'csv') {
    // A CSV holds one table; several are separated by a blank line and their titles.
    const [only] = tables
    const body = tables.length === 1 && only ? tableToCsv(only) : `\uFEFF${tables.map((t) => `${csvField(t.title)}\r\n${tableToCsv(t).replace(/^\uFEFF/, '')}`).join('\r\n')}`
    return reply.type('text/csv; charset=utf-8').send(body)
  }
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await tablesToXlsx(tables))
}

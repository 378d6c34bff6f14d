import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { renderSvg } from './index.js'
import { exportFileName, safeText, tableToCsv, tablesToXlsx, type Table } from '../http/tables.js'

const table: Table = {
  title: 'Referrals by strand',
  columns: [
    { key: 'strand', header: 'Strand' },
    { key: 'count', header: 'Referrals', numeric: true },
  ],
  rows: [
    { strand: 'Crisis, "same day"', count: 12 },
    { strand: '=HYPERLINK("x")', count: 3 },
    { strand: 'Reunification', count: null },
  ],
}

describe('charts', () => {
  it('renders a bar chart to an SVG hidden from assistive technology', async () => {
    const svg = await renderSvg({
      data: { values: table.rows },
      mark: 'bar',
      encoding: { x: { field: 'strand', type: 'nominal' }, y: { field: 'count', type: 'quantitative' } },
    })
    expect(svg.startsWith('<svg aria-hidden="true" focusable="false"')).toBe(true)
    expect(svg).toContain('</svg>')
    expect(svg).not.toContain('<script')
  })
})

describe('table exports', () => {
  it('writes RFC 4180 CSV with a byte-order mark, quoting and formula protection', () => {
    expect(tableToCsv(table)).toBe('\uFEFFStrand,Referrals\r\n"Crisis, ""same day""",12\r\n"\'=HYPERLINK(""x"")",3\r\nReunification,\r\n')
  })

  it('neutralises text a spreadsheet would run, and leaves numbers alone', () => {
    expect(safeText('-1')).toBe("'-1")
    expect(safeText('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(safeText('North team')).toBe('North team')
  })

  it('writes an Excel workbook whose numbers are numbers', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await tablesToXlsx([table, { ...table }])) as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Referrals by strand', 'Referrals by strand 2'])
    const [sheet] = workbook.worksheets
    if (!sheet) throw new Error('no sheet')
    expect(sheet.getRow(1).values).toEqual([undefined, 'Strand', 'Referrals'])
    expect(sheet.getCell('B2').value).toBe(12)
    expect(sheet.getCell('A3').value).toBe('\'=HYPERLINK("x")')
  })

  it('makes safe file names', () => {
    expect(exportFileName('Referrals by strand, 2025/26', 'xlsx')).toBe('referrals-by-strand-2025-26.xlsx')
    expect(exportFileName('"; rm', 'csv')).toBe('rm.csv')
  })
})

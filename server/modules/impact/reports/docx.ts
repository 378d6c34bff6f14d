import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table as DocxTable, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { Table } from '../../../platform/http/tables.js'
import type { ReportDocument } from './model.js'

/**
 * The report as a Word document: headings, paragraphs and the tables behind every figure
 * (charts are on the printable page; a table carries the same figures to a screen reader and
 * to anyone who edits the report for Cabinet). Arial, as the council's documents use.
 */
export async function reportToDocx(report: ReportDocument): Promise<Buffer> {
  const children: Array<Paragraph | DocxTable> = [
    new Paragraph({ text: report.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: report.subtitle }),
    new Paragraph({ children: [new TextRun({ text: `Produced on ${report.generatedOn} from the service's records.`, italics: true })] }),
    new Paragraph({ children: [new TextRun({ text: report.suppressionNote, italics: true })] }),
  ]
  for (const section of report.sections) {
    children.push(new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }))
    for (const p of section.paragraphs) children.push(new Paragraph({ text: p }))
    for (const b of section.bullets ?? []) children.push(new Paragraph({ text: b, bullet: { level: 0 } }))
    for (const { table, note } of section.tables) {
      children.push(new Paragraph({ text: table.title, heading: HeadingLevel.HEADING_2 }))
      children.push(docxTable(table))
      if (note) children.push(new Paragraph({ children: [new TextRun({ text: `How this is counted: ${note}`, size: 18 })] }))
    }
  }
  const document = new Document({
    creator: 'Edge of Care',
    title: report.title,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  })
  return Packer.toBuffer(document)
}

function docxTable(table: Table): DocxTable {
  const cell = (text: string, options: { header?: boolean; numeric?: boolean } = {}) =>
    new TableCell({
      children: [
        new Paragraph({ alignment: options.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: Boolean(options.header), size: 18 })] }),
      ],
    })
  const show = (v: unknown) => (v === null || v === undefined ? '–' : typeof v === 'number' ? v.toLocaleString('en-GB') : String(v))
  return new DocxTable({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: table.columns.map((c) => cell(c.header, { header: true, numeric: c.numeric })) }),
      ...table.rows.map((row) => new TableRow({ children: table.columns.map((c, i) => cell(show(row[c.key]), { header: i === 0, numeric: c.numeric })) })),
    ],
  })
}

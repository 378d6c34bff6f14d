/**
 * Reads the SSDA903 tables as CSV files, with the DfE 903 validator's file names and the DfE
 * column names, one row at a time.
 *
 * - Memory does not grow with file size: each file is read in 64 KiB chunks, parsed by csv-parse's
 *   stream parser, and every row is handed to the caller (an async iterator or a callback) before the
 *   next chunk is read. The reader keeps one thing per child: the Header children already seen, to
 *   refuse a second Header row for the same child.
 * - Structural errors (a file that cannot be read as the DfE layout: a missing column, an unreadable
 *   date or number, a row without a child id, a second Header row for a child, a broken CSV line) are
 *   all collected, up to a cap, with file, row, column and a plain-English message. A row with a
 *   structural error is not handed over; reading carries on so that every error is found. One
 *   structural error means the import must change nothing: the caller checks `errors` (or the
 *   result's `ok`) before committing anything it kept.
 * - Rows that read cleanly but break a DfE rule (a code not in the list, an episode ending before it
 *   starts, ...) are handed over as they are: `rules.ts` reports them.
 *
 * Row numbers: `row` is the line of the file on which the row starts. The header line is row 1, so the
 * first data row is row 2, the number a spreadsheet shows beside it.
 */
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, type CsvError } from 'csv-parse'
import type { EpisodeRow, HeaderRow, Oc2Row, UascRow } from './types.js'

/** The tables, in the order they are read (Header first, so that later tables can be checked against it). */
export const SSDA903_TABLES = ['header', 'episodes', 'uasc', 'oc2', 'reviews', 'missing', 'oc3', 'ad1', 'placed_for_adoption', 'previous_permanence', 'sw_episodes'] as const
export type Ssda903Table = (typeof SSDA903_TABLES)[number]
/** The tables read into the row types of `types.ts`. */
export type TypedTable = 'header' | 'episodes' | 'uasc' | 'oc2'
/** The other tables, read into a generic record. */
export type GenericTable = Exclude<Ssda903Table, TypedTable>

/** The DfE's own name for each table, as in the DfE schema and the validator's rule lists. */
export const DFE_TABLE_NAMES: Readonly<Record<Ssda903Table, string>> = {
  header: 'Header',
  episodes: 'Episodes',
  uasc: 'UASC',
  oc2: 'OC2',
  reviews: 'Reviews',
  missing: 'Missing',
  oc3: 'OC3',
  ad1: 'AD1',
  placed_for_adoption: 'PlacedAdoption',
  previous_permanence: 'PrevPerm',
  sw_episodes: 'SWEpisodes',
}

/** The file name for each table: the DfE 903 validator's (matched case-insensitively). */
export function fileNameOf(table: Ssda903Table): string {
  return `${table}.csv`
}

type ColumnKind = 'child' | 'date' | 'number' | 'code' | 'text' | 'sex'

export interface ColumnSpec {
  /** The DfE column name. */
  name: string
  kind: ColumnKind
  /** The file is refused when this column is missing. Other columns may be absent (read as blank). */
  required: boolean
}

function col(name: string, kind: ColumnKind, required: boolean): ColumnSpec {
  return { name, kind, required }
}

/**
 * The columns of each table (SSDA903_schema_2024.yml). Required: every column of the DfE layout except
 * those added in later years or not read here (Header UPN, MOTHER, MC_DOB; Episodes REASON_PLACE_CHANGE,
 * HOME_POST, PL_POST, URN; UASC SEX and DOB; OC2 DOB, SDQ_REASON and the flags the indicators do not
 * read; DOB in the other tables, which repeats Header's).
 */
export const TABLE_COLUMNS: Readonly<Record<Ssda903Table, readonly ColumnSpec[]>> = {
  header: [
    col('CHILD', 'child', true),
    col('SEX', 'sex', true),
    col('DOB', 'date', true),
    col('ETHNIC', 'code', true),
    col('UPN', 'text', false),
    col('MOTHER', 'code', false),
    col('MC_DOB', 'date', false),
  ],
  episodes: [
    col('CHILD', 'child', true),
    col('DECOM', 'date', true),
    col('RNE', 'code', true),
    col('LS', 'code', true),
    col('CIN', 'code', true),
    col('PLACE', 'code', true),
    col('PLACE_PROVIDER', 'code', true),
    col('DEC', 'date', true),
    col('REC', 'code', true),
    col('REASON_PLACE_CHANGE', 'code', false),
    col('HOME_POST', 'text', false),
    col('PL_POST', 'text', false),
    col('URN', 'text', false),
  ],
  uasc: [col('CHILD', 'child', true), col('SEX', 'sex', false), col('DOB', 'date', false), col('DUC', 'date', true)],
  oc2: [
    col('CHILD', 'child', true),
    col('DOB', 'date', false),
    col('SDQ_SCORE', 'number', true),
    col('SDQ_REASON', 'code', false),
    col('CONVICTED', 'number', false),
    col('HEALTH_CHECK', 'number', false),
    col('IMMUNISATIONS', 'number', true),
    col('TEETH_CHECK', 'number', true),
    col('HEALTH_ASSESSMENT', 'number', true),
    col('SUBSTANCE_MISUSE', 'number', false),
    col('INTERVENTION_RECEIVED', 'number', false),
    col('INTERVENTION_OFFERED', 'number', false),
  ],
  reviews: [col('CHILD', 'child', true), col('DOB', 'date', false), col('REVIEW', 'date', true), col('REVIEW_CODE', 'code', true)],
  missing: [col('CHILD', 'child', true), col('DOB', 'date', false), col('MISSING', 'code', true), col('MIS_START', 'date', true), col('MIS_END', 'date', true)],
  oc3: [col('CHILD', 'child', true), col('DOB', 'date', false), col('IN_TOUCH', 'code', true), col('ACTIV', 'code', true), col('ACCOM', 'code', true)],
  ad1: [
    col('CHILD', 'child', true),
    col('DOB', 'date', false),
    col('DATE_INT', 'date', true),
    col('DATE_MATCH', 'date', true),
    col('FOSTER_CARE', 'code', true),
    col('NB_ADOPTR', 'number', true),
    col('SEX_ADOPTR', 'code', true),
    col('LS_ADOPTR', 'code', true),
  ],
  placed_for_adoption: [
    col('CHILD', 'child', true),
    col('DOB', 'date', false),
    col('DATE_PLACED', 'date', true),
    col('DATE_PLACED_CEASED', 'date', true),
    col('REASON_PLACED_CEASED', 'code', true),
  ],
  previous_permanence: [col('CHILD', 'child', true), col('DOB', 'date', false), col('PREV_PERM', 'code', true), col('LA_PERM', 'text', true), col('DATE_PERM', 'date', true)],
  sw_episodes: [
    col('CHILD', 'child', true),
    col('DOB', 'date', false),
    col('SW_ID', 'text', true),
    col('SW_DECOM', 'date', true),
    col('SW_DEC', 'date', true),
    col('SW_REASON', 'code', true),
  ],
}

/** A row of a table without a row type: `child` and every other column under its camel-case name (DATE_PLACED is datePlaced), dates ISO, blanks null. */
export interface GenericRow {
  child: string
  [column: string]: string | number | null
}

/** The camel-case key of a DfE column in a generic row: 'DATE_PLACED_CEASED' is 'datePlacedCeased'. */
export function genericKey(column: string): string {
  return column.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

interface RecordBase {
  /** The file name as found in the directory. */
  file: string
  /** The line the row starts on; the header is row 1. */
  row: number
  /** The cells as written (trimmed; blank is null), by DfE column name, for the columns of the table found in the file. */
  cells: Readonly<Record<string, string | null>>
}

export type Ssda903Record =
  | (RecordBase & { table: 'header'; data: HeaderRow })
  | (RecordBase & { table: 'episodes'; data: EpisodeRow })
  | (RecordBase & { table: 'uasc'; data: UascRow })
  | (RecordBase & { table: 'oc2'; data: Oc2Row })
  | { [T in GenericTable]: RecordBase & { table: T; data: GenericRow } }[GenericTable]

export type RecordOf<T extends Ssda903Table> = Extract<Ssda903Record, { table: T }>

/** A reason the files cannot be imported. `row` is null for a problem with the whole file; `column` is null when no one column is at fault. */
export interface StructuralError {
  file: string
  row: number | null
  column: string | null
  message: string
}

export const DEFAULT_MAX_ERRORS = 1000

/** Collects structural errors: all of them are counted, the first `cap` are kept. */
export class StructuralErrorLog {
  readonly errors: StructuralError[] = []
  count = 0
  constructor(readonly cap: number = DEFAULT_MAX_ERRORS) {}

  add(error: StructuralError): void {
    this.count += 1
    if (this.errors.length < this.cap) this.errors.push(error)
  }

  /** Errors counted but not kept. */
  get notListed(): number {
    return this.count - this.errors.length
  }
}

/** A recognised file. */
export interface Ssda903File {
  table: Ssda903Table
  /** The name as found in the directory. */
  fileName: string
  path: string
  bytes: number
}

export interface Ssda903Listing {
  dir: string
  /** Recognised files, in reading order (Header first). */
  files: Ssda903File[]
  /** Everything else in the directory, by name (folders end with '/'), in name order. */
  ignored: string[]
  /** Two files for one table (say header.csv and Header.CSV): refused, as it is not clear which to read. */
  conflicts: Array<{ table: Ssda903Table; fileNames: string[] }>
  totalBytes: number
}

const TABLE_BY_FILE_NAME = new Map<string, Ssda903Table>(SSDA903_TABLES.map((t) => [fileNameOf(t), t]))

/** Which files of `dir` are SSDA903 tables and which are not. Throws only when `dir` itself cannot be listed. */
export async function listSsda903Directory(dir: string): Promise<Ssda903Listing> {
  const entries = await readdir(dir, { withFileTypes: true })
  const found = new Map<Ssda903Table, Ssda903File[]>()
  const ignored: string[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    const table = TABLE_BY_FILE_NAME.get(entry.name.toLowerCase())
    let info: { isFile(): boolean; isDirectory(): boolean; size: number } | null = null
    try {
      info = await stat(path)
    } catch {
      info = null // a dangling link: listed as ignored
    }
    if (table && info?.isFile()) {
      const list = found.get(table) ?? []
      list.push({ table, fileName: entry.name, path, bytes: info.size })
      found.set(table, list)
    } else {
      ignored.push(info?.isDirectory() ? `${entry.name}/` : entry.name)
    }
  }
  const files: Ssda903File[] = []
  const conflicts: Ssda903Listing['conflicts'] = []
  for (const table of SSDA903_TABLES) {
    const list = (found.get(table) ?? []).sort((a, b) => a.fileName.localeCompare(b.fileName))
    if (list.length > 1) conflicts.push({ table, fileNames: list.map((f) => f.fileName) })
    else if (list[0]) files.push(list[0])
  }
  ignored.sort((a, b) => a.localeCompare(b))
  return { dir, files, ignored, conflicts, totalBytes: files.reduce((sum, f) => sum + f.bytes, 0) }
}

export interface FileReadSummary {
  table: Ssda903Table
  fileName: string
  bytes: number
  /** Rows read cleanly and handed over. */
  rows: number
  /** Rows not handed over because of a structural error (in the row, or a required column missing from the file). */
  rowsWithErrors: number
  /** Lines with no values at all (empty, or only commas), skipped. */
  blankRows: number
  /** Recognised columns missing from the file; the file's rows are not handed over when a required one is missing. */
  missingColumns: string[]
  /** Columns of the file that are not part of the table's DfE layout, ignored. */
  ignoredColumns: string[]
}

export interface ReadFileOptions {
  /** Where structural errors go; share one log between the files of an import. */
  errors: StructuralErrorLog
  /** Children already given a Header row (shared so that two Header files would also be caught). */
  headerChildren?: Map<string, number>
  /** Called with the number of bytes of each chunk read. */
  onBytes?: (bytes: number) => void
}

/** Longest row accepted. DfE rows are a few hundred bytes; a longer one is a broken file, typically an unclosed quote. */
const MAX_ROW_CHARACTERS = 100_000

const CHUNK_BYTES = 64 * 1024

/**
 * Reads one file's rows. Never throws for anything in the file: problems go to `options.errors`.
 * The generator's return value (with `for await` it is dropped; use `readSsda903Directory` or call
 * `next()` by hand to get it) summarises the file.
 */
export async function* readSsda903File(file: Pick<Ssda903File, 'table' | 'fileName' | 'path'>, options: ReadFileOptions): AsyncGenerator<Ssda903Record, FileReadSummary> {
  return yield* readSsda903Stream(createReadStream(file.path, { highWaterMark: CHUNK_BYTES }), { ...options, table: file.table, fileName: file.fileName })
}

export interface ReadStreamOptions extends ReadFileOptions {
  table: Ssda903Table
  /** The name used in errors and records. */
  fileName: string
}

function emptySummary(file: Pick<Ssda903File, 'table' | 'fileName'>): FileReadSummary {
  return { table: file.table, fileName: file.fileName, bytes: 0, rows: 0, rowsWithErrors: 0, blankRows: 0, missingColumns: [], ignoredColumns: [] }
}

/**
 * Reads one table from any byte stream (a file, an upload), one row at a time. Never throws for anything
 * in the data; an error raised by the stream itself (a disk error) is also recorded as a structural error.
 */
export async function* readSsda903Stream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: ReadStreamOptions,
): AsyncGenerator<Ssda903Record, FileReadSummary> {
  const batches = readSsda903Batches(input, options)
  let step = await batches.next()
  while (!step.done) {
    for (const record of step.value) yield record
    step = await batches.next()
  }
  return step.value
}

/**
 * The same, a chunk's rows at a time (at most a few hundred rows: a 64 KiB chunk's worth): the fast way,
 * for a caller that handles rows in batches anyway.
 */
export async function* readSsda903Batches(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: ReadStreamOptions,
): AsyncGenerator<Ssda903Record[], FileReadSummary> {
  const { table, fileName, errors } = options
  const summary = emptySummary({ table, fileName })
  // Syntax errors, with the number of rows csv-parse had produced before each, so that they can be put
  // back in file order among the rows.
  const syntaxErrors: CsvError[] = []
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // Empty lines come through (as one empty value) so that rows can be numbered by line here.
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: MAX_ROW_CHARACTERS,
    // Every common line ending, even mixed in one file (auto-detection would settle on the first one seen).
    record_delimiter: ['\r\n', '\n', '\r'],
    on_skip: (error) => {
      if (error) syntaxErrors.push(error)
      return undefined
    },
  })
  let parserFailure: unknown = null
  parser.on('error', (e) => {
    parserFailure = e
  })

  const state: FileState = {
    table,
    fileName,
    errors,
    headerChildren: options.headerChildren ?? new Map<string, number>(),
    summary,
    columns: null,
    present: new Set(),
    columnsUsable: false,
    nextLine: 1,
    recordsParsed: 0,
    stopped: false,
  }

  // The parser works synchronously inside write() and end(): after each, the rows it produced wait in its
  // readable buffer (taken at once, so it never fills) and its syntax errors in `syntaxErrors`.
  const take = (): Ssda903Record[] => {
    const batch: Ssda903Record[] = []
    for (let values = parser.read() as string[] | null; values !== null; values = parser.read() as string[] | null) {
      state.recordsParsed += 1
      while (syntaxErrors.length > 0 && Number(syntaxErrors[0]?.records ?? 0) < state.recordsParsed && !state.stopped) syntaxError(syntaxErrors.shift() as CsvError, state)
      if (state.stopped) break
      const record = readRecord(values, state)
      if (record) batch.push(record)
    }
    while (syntaxErrors.length > 0 && !state.stopped) syntaxError(syntaxErrors.shift() as CsvError, state)
    syntaxErrors.length = 0
    return batch
  }

  let first = true
  let sawAnyByte = false
  try {
    for await (const chunk of input) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      summary.bytes += buffer.length
      options.onBytes?.(buffer.length)
      if (buffer.length > 0) sawAnyByte = true
      if (first && buffer.length > 0) {
        first = false
        const problem = sniff(buffer, fileName)
        if (problem) {
          errors.add({ file: fileName, row: null, column: null, message: problem })
          state.stopped = true
          break
        }
      }
      parser.write(buffer)
      const batch = take()
      if (batch.length > 0) yield batch
      if (parserFailure || state.stopped) break
    }
    if (!state.stopped && !parserFailure) {
      parser.end()
      const batch = take()
      if (batch.length > 0) yield batch
    }
  } catch (e) {
    errors.add({ file: fileName, row: null, column: null, message: `${fileName} could not be read: ${errorText(e)}` })
    state.stopped = true
  } finally {
    parser.destroy()
  }
  if (parserFailure) {
    errors.add({ file: fileName, row: state.nextLine, column: null, message: `${fileName} could not be read as CSV from line ${state.nextLine}: ${errorText(parserFailure)}` })
  } else if (!state.stopped && state.columns === null) {
    errors.add({
      file: fileName,
      row: null,
      column: null,
      message: sawAnyByte ? `${fileName} has no header line: the first line must name the columns` : `${fileName} is empty: the first line must name the columns`,
    })
  }
  return summary
}

interface FileState {
  table: Ssda903Table
  fileName: string
  errors: StructuralErrorLog
  headerChildren: Map<string, number>
  summary: FileReadSummary
  /** The table's columns found in the header, with their position; null until the header is read. */
  columns: Array<{ spec: ColumnSpec; index: number }> | null
  /** The names of those columns. */
  present: Set<string>
  /** Columns up to the last named one: every row needs at least this many values. */
  headerWidth?: number
  /** Columns in the header line, named or not: values beyond these must be blank. */
  headerLength?: number
  /** False when a required column is missing: rows are still checked but not handed over. */
  columnsUsable: boolean
  /** The line the next row starts on. */
  nextLine: number
  /** Rows csv-parse has produced so far (its count, which syntax errors refer to). */
  recordsParsed: number
  /** Where the last CSV syntax error was (its line, and the count of rows before it). */
  lastError?: { line: number; records: number }
  stopped: boolean
}

/** Line breaks inside the values of a row (a quoted value may span lines). */
function lineBreaksIn(values: string[]): number {
  let breaks = 0
  for (const value of values) {
    if (value.indexOf('\n') === -1 && value.indexOf('\r') === -1) continue
    breaks += value.match(/\r\n|\r|\n/g)?.length ?? 0
  }
  return breaks
}

function readRecord(values: string[], state: FileState): Ssda903Record | null {
  const row = state.nextLine
  state.nextLine = row + 1 + lineBreaksIn(values)
  if (isBlank(values)) {
    // Blank lines before the header are not rows of the table; after it, they are skipped and counted.
    if (state.columns !== null) state.summary.blankRows += 1
    return null
  }
  if (state.columns === null) {
    readHeader(values, row, state)
    return null
  }
  return readRow(values, row, state)
}

function isBlank(values: string[]): boolean {
  for (const value of values) if (value.trim() !== '') return false
  return true
}

function syntaxError(error: CsvError, state: FileState): void {
  const { fileName, errors, summary } = state
  const line = typeof error.lines === 'number' ? error.lines : state.nextLine
  const records = typeof error.records === 'number' ? error.records : -1
  // One broken row can raise several errors (two stray quotes): report the first.
  if (state.lastError && state.lastError.line === line && state.lastError.records === records) return
  state.lastError = { line, records }
  const startLine = state.nextLine
  // The broken row is dropped; the next row starts after the line the parser had reached.
  state.nextLine = Math.max(state.nextLine, line + 1)
  summary.rowsWithErrors += 1
  let row = line
  let message: string
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      row = startLine
      message = `A quoted value that starts on line ${startLine} is never closed, so everything to the end of the file (line ${Math.max(line, startLine)}) is inside it: the file may have been cut short, or a quote (") is missing`
      break
    case 'INVALID_OPENING_QUOTE':
      message = `Line ${line} has a quote (") in the middle of a value: put the whole value in quotes, or remove the quote`
      break
    case 'CSV_INVALID_CLOSING_QUOTE':
      // The parser cannot tell where the quoted value was meant to end, so nothing after it can be trusted.
      message = `Line ${line} has a closing quote (") followed by other characters instead of a comma, so the rows after it cannot be told apart: the rest of the file was not read`
      state.stopped = true
      break
    case 'CSV_MAX_RECORD_SIZE':
      row = startLine
      message = `The row starting on line ${startLine} is longer than ${MAX_ROW_CHARACTERS.toLocaleString('en-GB')} characters (probably an unclosed quote or a damaged file): the rest of the file was not read`
      state.stopped = true
      break
    default:
      message = `Line ${line} cannot be read as CSV: ${error.message}`
  }
  if (state.columns === null) {
    // Without its header line the file's columns are unknown: nothing more can be checked.
    message = `The header line cannot be read (so the file’s columns are unknown and nothing after it was read): ${message}`
    state.stopped = true
  }
  errors.add({ file: fileName, row, column: null, message })
}

/** Column names compare without case, spaces or stray byte-order marks. */
function normaliseColumnName(name: string): string {
  return name
    .replace(/[\uFEFF\u200B]/g, '')
    .trim()
    .toUpperCase()
}

function readHeader(values: string[], row: number, state: FileState): void {
  const { table, fileName, errors, summary } = state
  const names = values.map(normaliseColumnName)
  const positions = new Map<string, number>()
  names.forEach((name, index) => {
    if (name === '') return
    const previous = positions.get(name)
    if (previous !== undefined) {
      errors.add({ file: fileName, row, column: name, message: `The column ${name} appears twice (columns ${previous + 1} and ${index + 1}): keep one` })
    } else {
      positions.set(name, index)
    }
  })
  const specs = TABLE_COLUMNS[table]
  const known = new Set(specs.map((s) => s.name))
  const columns: Array<{ spec: ColumnSpec; index: number }> = []
  let usable = true
  const missingRequired: string[] = []
  for (const spec of specs) {
    const index = positions.get(spec.name)
    if (index === undefined) {
      summary.missingColumns.push(spec.name)
      if (spec.required) missingRequired.push(spec.name)
    } else {
      columns.push({ spec, index })
    }
  }
  if (missingRequired.length > 0) {
    usable = false
    const hint = separatorHint(values)
    for (const name of missingRequired) {
      errors.add({
        file: fileName,
        row,
        column: name,
        message: `The ${name} column is missing: the ${DFE_TABLE_NAMES[table]} table needs ${specs
          .filter((s) => s.required)
          .map((s) => s.name)
          .join(', ')}${hint}`,
      })
    }
  }
  summary.ignoredColumns = names.filter((n) => n !== '' && !known.has(n))
  state.columns = columns
  state.present = new Set(columns.map((c) => c.spec.name))
  state.columnsUsable = usable && positions.size === names.filter((n) => n !== '').length
  // Unnamed columns at the end of the header (a trailing comma) need no values.
  let width = names.length
  while (width > 0 && names[width - 1] === '') width -= 1
  state.headerWidth = width
  state.headerLength = names.length
}

function separatorHint(values: string[]): string {
  if (values.length !== 1) return ''
  const only = values[0] ?? ''
  if (only.includes(';')) return ' (the columns seem to be separated by semicolons: save the file as comma-separated CSV)'
  if (only.includes('\t')) return ' (the columns seem to be separated by tabs: save the file as comma-separated CSV)'
  return ''
}

/** Characters that cannot be stored or were not text: controls, and the replacement character that bytes which are not UTF-8 become. */
// eslint-disable-next-line no-control-regex
const UNREADABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/

function readRow(values: string[], row: number, state: FileState): Ssda903Record | null {
  const { table, fileName, errors, summary } = state
  const columns = state.columns ?? []
  const width = state.headerWidth ?? 0
  if (values.length < width) {
    errors.add({
      file: fileName,
      row,
      column: null,
      message: `This row has ${values.length} ${values.length === 1 ? 'value' : 'values'} but the header has ${width} columns: a value or a comma is missing, or the line was cut short`,
    })
    summary.rowsWithErrors += 1
    return null
  }
  for (let i = state.headerLength ?? width; i < values.length; i++) {
    if ((values[i] ?? '').trim() !== '') {
      errors.add({ file: fileName, row, column: null, message: `This row has ${values.length} values but the header has ${width} columns: there is an extra value or comma` })
      summary.rowsWithErrors += 1
      return null
    }
  }
  const reader = new RowReader(state.present, fileName, row, errors)
  const cells: Record<string, string | null> = {}
  for (const { spec, index } of columns) {
    const value = (values[index] ?? '').trim()
    if (value === '') {
      cells[spec.name] = null
    } else if (UNREADABLE.test(value)) {
      reader.unreadable(spec.name, value)
      cells[spec.name] = null
    } else {
      cells[spec.name] = value
    }
  }
  reader.cells = cells
  const data = convert(table, reader)
  if (table === 'header' && data.child !== '') {
    const earlier = state.headerChildren.get(data.child)
    if (earlier !== undefined) {
      reader.fail('CHILD', `CHILD ${quote(data.child)} already has a Header row (row ${earlier}): each child has one Header row`)
    } else {
      state.headerChildren.set(data.child, row)
    }
  }
  if (reader.errorCount > 0 || !state.columnsUsable) {
    summary.rowsWithErrors += 1
    return null
  }
  summary.rows += 1
  return { table, file: fileName, row, cells, data } as Ssda903Record
}

function convert(table: Ssda903Table, r: RowReader): HeaderRow | EpisodeRow | UascRow | Oc2Row | GenericRow {
  // Every cell is read (and every error in it reported) before the row is dropped.
  switch (table) {
    case 'header': {
      const row: HeaderRow = {
        child: r.child(),
        sex: r.sex('SEX') ?? 'U',
        dob: r.requiredDate('DOB', 'every child needs a date of birth'),
        ethnic: r.text('ETHNIC'),
        upn: r.text('UPN'),
      }
      r.date('MC_DOB')
      return row
    }
    case 'episodes':
      return {
        child: r.child(),
        decom: r.requiredDate('DECOM', 'every episode needs the date it started'),
        rne: r.text('RNE'),
        ls: r.text('LS'),
        cin: r.text('CIN'),
        place: r.text('PLACE'),
        placeProvider: r.text('PLACE_PROVIDER'),
        dec: r.date('DEC'),
        rec: r.text('REC'),
        reasonPlaceChange: r.text('REASON_PLACE_CHANGE'),
        homePost: r.text('HOME_POST'),
        plPost: r.text('PL_POST'),
        urn: r.text('URN'),
      }
    case 'uasc': {
      const row: UascRow = { child: r.child(), dob: r.date('DOB'), duc: r.date('DUC') }
      r.sex('SEX')
      return row
    }
    case 'oc2':
      return {
        child: r.child(),
        dob: r.date('DOB'),
        sdqScore: r.number('SDQ_SCORE'),
        sdqReason: r.text('SDQ_REASON'),
        healthAssessment: r.number('HEALTH_ASSESSMENT'),
        immunisations: r.number('IMMUNISATIONS'),
        teethCheck: r.number('TEETH_CHECK'),
        convicted: r.number('CONVICTED'),
        healthCheck: r.number('HEALTH_CHECK'),
        substanceMisuse: r.number('SUBSTANCE_MISUSE'),
        interventionReceived: r.number('INTERVENTION_RECEIVED'),
        interventionOffered: r.number('INTERVENTION_OFFERED'),
      }
    default: {
      const row: GenericRow = { child: r.child() }
      for (const spec of TABLE_COLUMNS[table]) {
        if (spec.kind === 'child') continue
        const key = genericKey(spec.name)
        row[key] = spec.kind === 'date' ? r.date(spec.name) : spec.kind === 'number' ? r.number(spec.name) : r.text(spec.name)
      }
      return row
    }
  }
}

/** Reads the cells of one row, recording a structural error for each one that cannot be read. */
class RowReader {
  errorCount = 0
  cells: Record<string, string | null> = {}
  private failed: Set<string> | null = null

  constructor(
    /** The table's columns present in the file. */
    private readonly present: ReadonlySet<string>,
    private readonly fileName: string,
    private readonly row: number,
    private readonly errors: StructuralErrorLog,
  ) {}

  fail(column: string | null, message: string): void {
    this.errorCount += 1
    if (column !== null) (this.failed ??= new Set()).add(column)
    this.errors.add({ file: this.fileName, row: this.row, column, message })
  }

  private hasFailed(column: string): boolean {
    return this.failed?.has(column) ?? false
  }

  /** A cell with a character that cannot be stored, or bytes that were not UTF-8 text. */
  unreadable(column: string, value: string): void {
    if (value.includes('\uFFFD')) {
      this.fail(column, `${column} ${quote(value)} is not readable text: save the file as CSV UTF-8`)
      return
    }
    let code = 0
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i)
      if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) {
        code = c
        break
      }
    }
    this.fail(column, `${column} ${quote(value)} contains an unreadable character (code ${code}): the file may be damaged`)
  }

  text(column: string): string | null {
    return this.cells[column] ?? null
  }

  child(): string {
    const value = this.cells['CHILD'] ?? null
    if (value === null) {
      // A missing column is reported once for the file, and an unreadable cell once, not again as blank.
      if (this.present.has('CHILD') && !this.hasFailed('CHILD')) this.fail('CHILD', 'CHILD is blank: every row needs the child’s id')
      return ''
    }
    return value
  }

  date(column: string): string | null {
    const value = this.cells[column] ?? null
    if (value === null) return null
    const parsed = parseSsda903Date(value)
    if (typeof parsed === 'string') return parsed
    this.fail(column, `${column} ${quote(value)} ${parsed.problem}: use dd/mm/yyyy`)
    return null
  }

  requiredDate(column: string, why: string): string {
    const value = this.cells[column] ?? null
    if (value === null) {
      if (this.present.has(column) && !this.hasFailed(column)) this.fail(column, `${column} is blank: ${why} (dd/mm/yyyy)`)
      return ''
    }
    return this.date(column) ?? ''
  }

  number(column: string): number | null {
    const value = this.cells[column] ?? null
    if (value === null) return null
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) {
      this.fail(column, `${column} ${quote(value)} is not a number`)
      return null
    }
    return Number(value)
  }

  /** SEX as M, F or U: 1 and 2 (the code before 2024/25) become M and F. A value that is none of these reads as U and is reported by rule 101. */
  sex(column: string): 'M' | 'F' | 'U' | null {
    const value = this.cells[column] ?? null
    if (value === null) return null
    switch (value.toUpperCase()) {
      case '1':
      case 'M':
        return 'M'
      case '2':
      case 'F':
        return 'F'
      default:
        return 'U'
    }
  }
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/
const EARLIEST_YEAR = 1900
const LATEST_YEAR = 2100

/**
 * A date as written in a 903 file (dd/mm/yyyy, or ISO yyyy-mm-dd, which some exports write, with or
 * without a midnight time) as an ISO date; or why it cannot be read.
 */
export function parseSsda903Date(value: string): string | { problem: string } {
  const trimmed = value.trim()
  let day: number
  let month: number
  let year: number
  const dmy = DMY.exec(trimmed)
  const iso = dmy ? null : ISO.exec(trimmed)
  if (dmy) {
    day = Number(dmy[1])
    month = Number(dmy[2])
    year = Number(dmy[3])
  } else if (iso) {
    year = Number(iso[1])
    month = Number(iso[2])
    day = Number(iso[3])
  } else {
    return { problem: 'is not a date' }
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { problem: 'is not a real date' }
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { problem: `is not a plausible date (the year must be between ${EARLIEST_YEAR} and ${LATEST_YEAR})` }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** A value quoted for a message: shortened, with unprintable characters shown as '?'. */
export function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001F\u007F\uFFFD]/g, '?')
  return `'${printable.length > 40 ? `${printable.slice(0, 40)}…` : printable}'`
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** Recognises files that are plainly not CSV text, from their first bytes. */
function sniff(buffer: Buffer, fileName: string): string | null {
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    return `${fileName} is saved as UTF-16 text: save it as CSV UTF-8 (comma-separated) and try again`
  }
  if (buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04) {
    return `${fileName} is an Excel workbook (or another zip file), not CSV: open it in Excel and save it as CSV UTF-8 (comma-separated)`
  }
  if (buffer[0] === 0xd0 && buffer[1] === 0xcf && buffer[2] === 0x11 && buffer[3] === 0xe0) {
    return `${fileName} is an old-style Excel workbook (.xls), not CSV: open it in Excel and save it as CSV UTF-8 (comma-separated)`
  }
  const nul = buffer.subarray(0, 1024).indexOf(0)
  if (nul !== -1) return `${fileName} contains binary data (a zero byte at byte ${nul + 1}), not CSV text`
  return null
}

export interface ReadProgress {
  /** The file being read. */
  file: string
  /** Bytes read so far, over all files. */
  bytesRead: number
  /** Bytes of all the recognised files. */
  totalBytes: number
}

export interface ReadRecordsOptions {
  onProgress?: (progress: ReadProgress) => void
  /** Structural errors kept (all are counted); default 1,000. */
  maxErrors?: number
  /** Read only these tables (default: every recognised file). */
  tables?: readonly Ssda903Table[]
}

/** Reads every recognised file of a listing, in order; rows come out one at a time. */
export class Ssda903DirectoryReader {
  readonly errors: StructuralErrorLog
  readonly files: FileReadSummary[] = []
  private readonly headerChildren = new Map<string, number>()
  private bytesRead = 0

  constructor(
    readonly listing: Ssda903Listing,
    private readonly options: ReadRecordsOptions = {},
  ) {
    this.errors = new StructuralErrorLog(options.maxErrors ?? DEFAULT_MAX_ERRORS)
    for (const conflict of listing.conflicts) {
      this.errors.add({
        file: conflict.fileNames.join(', '),
        row: null,
        column: null,
        message: `${conflict.fileNames.join(' and ')} are all the ${DFE_TABLE_NAMES[conflict.table]} table: keep only one`,
      })
    }
  }

  /** The rows of every file, one at a time; structural errors accumulate in `errors` as they are met. */
  async *records(): AsyncGenerator<Ssda903Record> {
    for await (const batch of this.batches()) for (const record of batch) yield record
  }

  /** The same rows, a chunk's worth at a time (the fast way). */
  async *batches(): AsyncGenerator<Ssda903Record[]> {
    const tables = this.options.tables ? new Set(this.options.tables) : null
    const totalBytes = this.listing.files.filter((f) => !tables || tables.has(f.table)).reduce((sum, f) => sum + f.bytes, 0)
    for (const file of this.listing.files) {
      if (tables && !tables.has(file.table)) continue
      const onBytes = (n: number): void => {
        this.bytesRead += n
        this.options.onProgress?.({ file: file.fileName, bytesRead: this.bytesRead, totalBytes })
      }
      const input = createReadStream(file.path, { highWaterMark: CHUNK_BYTES })
      const batches = readSsda903Batches(input, { errors: this.errors, headerChildren: this.headerChildren, onBytes, table: file.table, fileName: file.fileName })
      let step = await batches.next()
      while (!step.done) {
        yield step.value
        step = await batches.next()
      }
      this.files.push(step.value)
    }
  }

  result(): Ssda903ReadResult {
    return {
      dir: this.listing.dir,
      files: this.files,
      ignored: this.listing.ignored,
      errors: this.errors.errors,
      errorCount: this.errors.count,
      errorsNotListed: this.errors.notListed,
      ok: this.errors.count === 0,
    }
  }
}

export interface Ssda903ReadResult {
  dir: string
  /** The recognised files read, in order, with their row counts. */
  files: FileReadSummary[]
  /** Files of the directory that are not SSDA903 tables, not read. */
  ignored: string[]
  /** The structural errors (the first `maxErrors`). */
  errors: StructuralError[]
  /** All structural errors, listed or not. */
  errorCount: number
  /** Structural errors counted but not listed: say "and N more" after the list. */
  errorsNotListed: number
  /** No structural error: the rows handed over are the whole of the files. */
  ok: boolean
}

export interface ReadDirectoryOptions extends ReadRecordsOptions {
  /** Called with each row read cleanly, in file order; a returned promise is awaited before the next row is read. */
  onRow?: (record: Ssda903Record) => void | Promise<void>
}

/**
 * Reads a directory of SSDA903 CSV files: lists it, streams every recognised file's rows to `onRow`,
 * and answers what was read, what was ignored and every structural error. Throws only when the
 * directory cannot be listed.
 */
export async function readSsda903Directory(dir: string, options: ReadDirectoryOptions = {}): Promise<Ssda903ReadResult> {
  const reader = new Ssda903DirectoryReader(await listSsda903Directory(dir), options)
  const { onRow } = options
  for await (const batch of reader.batches()) {
    if (!onRow) continue
    for (const record of batch) {
      const pending = onRow(record)
      if (pending) await pending
    }
  }
  return reader.result()
}

import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../../platform/paths.js'
import {
  listSsda903Directory,
  parseSsda903Date,
  readSsda903Directory,
  readSsda903Stream,
  Ssda903DirectoryReader,
  StructuralErrorLog,
  type Ssda903ReadResult,
  type Ssda903Record,
  type Ssda903Table,
} from './reader.js'
import { createValidator } from './rules.js'

const SAMPLES = join(projectRoot, '..', 'shared', 'data', 'ssda903-samples', 'csc-validator-be-903')

const tempDirs: string[] = []
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

/** A directory holding the given files. */
function fixture(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssda903-reader-'))
  tempDirs.push(dir)
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}

async function readAll(dir: string, options: { maxErrors?: number } = {}): Promise<{ result: Ssda903ReadResult; records: Ssda903Record[] }> {
  const records: Ssda903Record[] = []
  const result = await readSsda903Directory(dir, { ...options, onRow: (r) => void records.push(r) })
  return { result, records }
}

/** Data lines of a CSV file, counted independently of the reader: non-empty lines after the header. */
function countDataLines(path: string): number {
  return (
    readFileSync(path, 'utf8')
      .split(/\r\n|\n|\r/)
      .filter((line) => line.trim() !== '').length - 1
  )
}

const HEADER_CSV = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/02/2010,WBRI,A123,,\n102,2,03/04/2012,NOBT,A124,,\n'
const EPISODES_CSV =
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n' +
  '101,01/04/2017,S,C2,N1,U4,PR1,01/06/2017,X1,,AB1 2CD,EF3 4GH,\n' +
  '101,01/06/2017,P,C2,N1,K2,PR2,,,CARPL,AB1 2CD,IJ5 6KL,SC123456\n' +
  '102,15/09/2017,S,V2,N2,U1,PR1,20/10/2017,E11,,,,\n'
const OC2_CSV =
  'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n' +
  '101,01/02/2010,14,,0,,1,1,1,0,,\n'

describe('reading the DfE validator sample files', () => {
  it('recognises the DfE file names, lists the others as ignored, and reads every row', async () => {
    const { result, records } = await readAll(SAMPLES)
    expect(result.errors).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.ignored).toEqual(['903_2023_24_rule_info.csv', '903_2024_25_rule_info.csv', 'DoLo.csv', 'fake_903.xml', 'LICENSE', 'placed_for_adoption_errors.csv'])
    expect(result.files.map((f) => f.table)).toEqual([
      'header',
      'episodes',
      'uasc',
      'oc2',
      'reviews',
      'missing',
      'oc3',
      'ad1',
      'placed_for_adoption',
      'previous_permanence',
      'sw_episodes',
    ])
    const byTable = new Map<Ssda903Table, number>()
    for (const r of records) byTable.set(r.table, (byTable.get(r.table) ?? 0) + 1)
    // The README's figures, and the same counted from the files' lines.
    expect(byTable.get('header')).toBe(2675)
    expect(byTable.get('episodes')).toBe(5050)
    for (const file of result.files) {
      expect(file.rows, file.fileName).toBe(countDataLines(join(SAMPLES, file.fileName)))
      expect(byTable.get(file.table) ?? 0, file.fileName).toBe(file.rows)
    }
  })

  it('reads SEX 1 as M and 2 as F, and dates as ISO', async () => {
    const { records } = await readAll(SAMPLES)
    const header = records.filter((r): r is Extract<Ssda903Record, { table: 'header' }> => r.table === 'header')
    const written = (code: string): number => header.filter((r) => r.cells['SEX'] === code).length
    expect(written('1') + written('2')).toBe(2675)
    expect(header.filter((r) => r.data.sex === 'M')).toHaveLength(written('1'))
    expect(header.filter((r) => r.data.sex === 'F')).toHaveLength(written('2'))
    expect(header[0]?.data).toEqual({ child: '566910', sex: 'F', dob: '2008-03-27', ethnic: 'WROM', upn: 'D051910639385' })
    const episode = records.find((r) => r.table === 'episodes')
    expect(episode).toMatchObject({ file: 'episodes.csv', row: 2, data: { child: '566910', decom: '2016-02-15', dec: '2017-08-14', homePost: null, urn: '4244474' } })
  })

  it('reads a file with a byte-order mark and Windows line endings (sw_episodes.csv)', async () => {
    expect(readFileSync(join(SAMPLES, 'sw_episodes.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const { records } = await readAll(SAMPLES)
    const sw = records.filter((r) => r.table === 'sw_episodes')
    expect(sw.map((r) => r.data)).toEqual([{ child: 'CHILD10', dob: '1993-12-05', swId: 'SW999', swDecom: '2020-01-01', swDec: '2020-01-03', swReason: 'SWLAZY' }])
  })

  it('reports progress as bytes read of the total', async () => {
    const listing = await listSsda903Directory(SAMPLES)
    const seen: number[] = []
    await readSsda903Directory(SAMPLES, { onProgress: (p) => (expect(p.totalBytes).toBe(listing.totalBytes), seen.push(p.bytesRead)) })
    expect(seen.length).toBeGreaterThan(listing.files.length)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen.at(-1)).toBe(listing.totalBytes)
  })

  it('hands rows over one at a time, waiting for an asynchronous callback', async () => {
    let inFlight = 0
    let most = 0
    await readSsda903Directory(SAMPLES, {
      tables: ['episodes'],
      onRow: async () => {
        inFlight += 1
        most = Math.max(most, inFlight)
        await new Promise((resolve) => setImmediate(resolve))
        inFlight -= 1
      },
    })
    expect(most).toBe(1)
  })
})

describe('structural errors', () => {
  it('refuses a file missing a required column, naming it', async () => {
    const dir = fixture({ 'episodes.csv': 'CHILD,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n101,S,C2,N1,U4,PR1,,\n' })
    const { result, records } = await readAll(dir)
    expect(result.ok).toBe(false)
    expect(records).toEqual([])
    expect(result.errors).toEqual([
      {
        file: 'episodes.csv',
        row: 1,
        column: 'DECOM',
        message: 'The DECOM column is missing: the Episodes table needs CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC',
      },
    ])
    expect(result.files[0]).toMatchObject({ rows: 0, rowsWithErrors: 1, missingColumns: ['DECOM', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'] })
  })

  it('says when the columns are separated by semicolons', async () => {
    const dir = fixture({ 'header.csv': 'CHILD;SEX;DOB;ETHNIC\n101;1;01/02/2010;WBRI\n' })
    const { result } = await readAll(dir)
    expect(result.errors.map((e) => e.column)).toEqual(['CHILD', 'SEX', 'DOB', 'ETHNIC'])
    expect(result.errors[0]?.message).toContain('separated by semicolons')
  })

  it('refuses a date that does not exist, with the DfE layout in the message', async () => {
    const dir = fixture({ 'episodes.csv': EPISODES_CSV.replace('01/06/2017,P', '31/02/2017,P') })
    const { result, records } = await readAll(dir)
    expect(result.errors).toEqual([{ file: 'episodes.csv', row: 3, column: 'DECOM', message: "DECOM '31/02/2017' is not a real date: use dd/mm/yyyy" }])
    // The other rows are still handed over (the caller keeps them only to throw them away, but every error is found).
    expect(records.map((r) => r.row)).toEqual([2, 4])
  })

  it('refuses a value that is not a date at all, and a blank date that is needed', async () => {
    const dir = fixture({
      'header.csv': 'CHILD,SEX,DOB,ETHNIC\n101,1,2010/02/01,WBRI\n102,2,,WBRI\n103,1,1/2/2010,WBRI\n104,2,2010-02-01,WBRI\n105,1,2010-02-01 00:00:00,WBRI\n106,1,01/02/1850,WBRI\n',
    })
    const { result, records } = await readAll(dir)
    expect(result.errors).toEqual([
      { file: 'header.csv', row: 2, column: 'DOB', message: "DOB '2010/02/01' is not a date: use dd/mm/yyyy" },
      { file: 'header.csv', row: 3, column: 'DOB', message: 'DOB is blank: every child needs a date of birth (dd/mm/yyyy)' },
      { file: 'header.csv', row: 7, column: 'DOB', message: "DOB '01/02/1850' is not a plausible date (the year must be between 1900 and 2100): use dd/mm/yyyy" },
    ])
    expect(records.map((r) => r.data)).toEqual([
      { child: '103', sex: 'M', dob: '2010-02-01', ethnic: 'WBRI', upn: null },
      { child: '104', sex: 'F', dob: '2010-02-01', ethnic: 'WBRI', upn: null },
      { child: '105', sex: 'M', dob: '2010-02-01', ethnic: 'WBRI', upn: null },
    ])
  })

  it('refuses a number that cannot be read', async () => {
    const dir = fixture({ 'oc2.csv': OC2_CSV + '102,01/02/2010,fourteen,,0,,1,1,1,0,,\n' })
    const { result, records } = await readAll(dir)
    expect(result.errors).toEqual([{ file: 'oc2.csv', row: 3, column: 'SDQ_SCORE', message: "SDQ_SCORE 'fourteen' is not a number" }])
    expect(records).toHaveLength(1)
    expect(records[0]?.data).toMatchObject({ child: '101', sdqScore: 14, healthAssessment: 1, convicted: 0, healthCheck: null })
  })

  it('refuses a row without a child id', async () => {
    const dir = fixture({ 'episodes.csv': EPISODES_CSV + ' ,01/04/2018,S,C2,N1,U4,PR1,,,,,,\n' })
    const { result } = await readAll(dir)
    expect(result.errors).toEqual([{ file: 'episodes.csv', row: 5, column: 'CHILD', message: 'CHILD is blank: every row needs the child’s id' }])
  })

  it('refuses a second Header row for a child, pointing at the first', async () => {
    const dir = fixture({ 'header.csv': HEADER_CSV + '101,1,01/02/2010,WBRI,A123,,\n' })
    const { result } = await readAll(dir)
    expect(result.errors).toEqual([{ file: 'header.csv', row: 4, column: 'CHILD', message: "CHILD '101' already has a Header row (row 2): each child has one Header row" }])
  })

  it('ignores a byte-order mark and matches column names without case; extra columns are ignored and listed', async () => {
    const dir = fixture({ 'header.csv': '\uFEFFchild,Sex,DOB,ethnic,Notes\r\n101,2,01/02/2010,WBRI,anything\r\n' })
    const { result, records } = await readAll(dir)
    expect(result.ok).toBe(true)
    expect(records.map((r) => r.data)).toEqual([{ child: '101', sex: 'F', dob: '2010-02-01', ethnic: 'WBRI', upn: null }])
    expect(result.files[0]?.ignoredColumns).toEqual(['NOTES'])
  })

  it('lists files it does not know and reads nothing from them; file names match without case', async () => {
    const dir = fixture({ 'Header.CSV': HEADER_CSV, 'notes.txt': 'hello', 'episodes_2017.csv': EPISODES_CSV, 'DoLo.csv': 'CHILD\n1\n' })
    const { result, records } = await readAll(dir)
    expect(result.ok).toBe(true)
    expect(result.files.map((f) => f.fileName)).toEqual(['Header.CSV'])
    expect(result.ignored).toEqual(['DoLo.csv', 'episodes_2017.csv', 'notes.txt'])
    expect(records).toHaveLength(2)
  })

  it('refuses a quoted value that is never closed (a file cut short), keeping the rows before it', async () => {
    const dir = fixture({ 'episodes.csv': EPISODES_CSV + '103,"01/04/2018,S,C2,N1,U4,PR1' })
    const { result, records } = await readAll(dir)
    expect(result.ok).toBe(false)
    expect(result.errors).toEqual([
      {
        file: 'episodes.csv',
        row: 5,
        column: null,
        message:
          'A quoted value that starts on line 5 is never closed, so everything to the end of the file (line 5) is inside it: the file may have been cut short, or a quote (") is missing',
      },
    ])
    expect(records).toHaveLength(3)
  })

  it('refuses a stray quote in a value but reads on; a broken closing quote stops the file, saying so', async () => {
    const stray = await readAll(fixture({ 'header.csv': 'CHILD,SEX,DOB,ETHNIC\n101,1,01/02/2010,WB"RI\n102,2,01/02/2011,WBRI\n' }))
    expect(stray.result.errors).toEqual([
      { file: 'header.csv', row: 2, column: null, message: 'Line 2 has a quote (") in the middle of a value: put the whole value in quotes, or remove the quote' },
    ])
    expect(stray.records.map((r) => r.data.child)).toEqual(['102'])
    const closing = await readAll(fixture({ 'header.csv': 'CHILD,SEX,DOB,ETHNIC\n101,1,01/02/2010,"WBRI"x\n102,2,01/02/2011,WBRI\n' }))
    expect(closing.result.errors.map((e) => [e.row, e.message])).toEqual([
      [2, 'Line 2 has a closing quote (") followed by other characters instead of a comma, so the rows after it cannot be told apart: the rest of the file was not read'],
    ])
  })

  it('stops at a header line that cannot be read, rather than taking a data row for the header', async () => {
    const { result, records } = await readAll(fixture({ 'episodes.csv': EPISODES_CSV.replace('CHILD,DECOM', 'CH"ILD,DECOM') }))
    expect(records).toEqual([])
    expect(result.errors).toEqual([
      {
        file: 'episodes.csv',
        row: 1,
        column: null,
        message:
          'The header line cannot be read (so the file’s columns are unknown and nothing after it was read): Line 1 has a quote (") in the middle of a value: put the whole value in quotes, or remove the quote',
      },
    ])
  })

  it('refuses a line cut short (too few values) and a line with too many', async () => {
    const lines = EPISODES_CSV.trimEnd().split('\n')
    const dir = fixture({ 'episodes.csv': [...lines, '103,01/04/2018,S,C2', '104,01/04/2018,S,C2,N1,U4,PR1,,,,,,,surplus'].join('\n') + '\n' })
    const { result } = await readAll(dir)
    expect(result.errors.map((e) => [e.row, e.message])).toEqual([
      [5, 'This row has 4 values but the header has 13 columns: a value or a comma is missing, or the line was cut short'],
      [6, 'This row has 14 values but the header has 13 columns: there is an extra value or comma'],
    ])
  })

  it('collects every error, not just the first, and caps the list', async () => {
    const bad = Array.from({ length: 30 }, (_, i) => `${200 + i},1,30/02/2010,WBRI`).join('\n')
    const dir = fixture({ 'header.csv': `CHILD,SEX,DOB,ETHNIC\n${bad}\n`, 'episodes.csv': EPISODES_CSV.replace('01/04/2017', '2017-13-01') })
    const all = await readAll(dir)
    expect(all.result.errorCount).toBe(31)
    expect(all.result.errors.map((e) => e.file)).toEqual([...Array(30).fill('header.csv'), 'episodes.csv'])
    const capped = await readAll(dir, { maxErrors: 5 })
    expect(capped.result.errors).toHaveLength(5)
    expect(capped.result.errorCount).toBe(31)
    expect(capped.result.errorsNotListed).toBe(26)
  })

  it('reads a file with only a header line as no rows, and refuses an empty file', async () => {
    const dir = fixture({ 'header.csv': 'CHILD,SEX,DOB,ETHNIC\n', 'uasc.csv': '' })
    const { result, records } = await readAll(dir)
    expect(records).toEqual([])
    expect(result.files.find((f) => f.table === 'header')).toMatchObject({ rows: 0, rowsWithErrors: 0 })
    expect(result.errors).toEqual([{ file: 'uasc.csv', row: null, column: null, message: 'uasc.csv is empty: the first line must name the columns' }])
  })

  it('skips lines with no values at all (counting them), and reads mixed line endings', async () => {
    const dir = fixture({ 'header.csv': 'CHILD,SEX,DOB,ETHNIC\r\n101,1,01/02/2010,WBRI\n,,,\n\n102,2,01/02/2011,WBRI\r103,1,01/02/2012,WBRI\r\n' })
    const { result, records } = await readAll(dir)
    expect(result.ok).toBe(true)
    expect(records.map((r) => [r.row, r.data.child])).toEqual([
      [2, '101'],
      [5, '102'],
      [6, '103'],
    ])
    // ',,,' and the empty line.
    expect(result.files[0]?.blankRows).toBe(2)
  })

  it('explains files that are not CSV text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CHILD,SEX,DOB,ETHNIC\n', 'utf16le')])
    const dir = fixture({ 'header.csv': utf16, 'episodes.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]) })
    const { result } = await readAll(dir)
    expect(result.errors.map((e) => e.message)).toEqual([
      'header.csv is saved as UTF-16 text: save it as CSV UTF-8 (comma-separated) and try again',
      'episodes.csv is an Excel workbook (or another zip file), not CSV: open it in Excel and save it as CSV UTF-8 (comma-separated)',
    ])
  })

  it('refuses characters that cannot be stored: control characters and bytes that are not UTF-8', async () => {
    const latin1 = Buffer.concat([Buffer.from('CHILD,SEX,DOB,ETHNIC,UPN\n101,1,01/02/2010,WBRI,A'), Buffer.from([0xe9]), Buffer.from('\n102,1,01/02/2010,WBRI,B\u0001C\n')])
    const { result } = await readAll(fixture({ 'header.csv': latin1 }))
    expect(result.errors).toEqual([
      { file: 'header.csv', row: 2, column: 'UPN', message: "UPN 'A?' is not readable text: save the file as CSV UTF-8" },
      { file: 'header.csv', row: 3, column: 'UPN', message: "UPN 'B?C' contains an unreadable character (code 1): the file may be damaged" },
    ])
    // A zero byte near the start: not a text file at all.
    const binary = await readAll(fixture({ 'header.csv': Buffer.from('CHILD,SEX\u0000,DOB,ETHNIC\n') }))
    expect(binary.result.errors).toEqual([{ file: 'header.csv', row: null, column: null, message: 'header.csv contains binary data (a zero byte at byte 10), not CSV text' }])
  })

  it('refuses a column given twice', async () => {
    const { result } = await readAll(fixture({ 'header.csv': 'CHILD,SEX,DOB,ETHNIC,DOB\n101,1,01/02/2010,WBRI,01/02/2010\n' }))
    expect(result.errors).toEqual([{ file: 'header.csv', row: 1, column: 'DOB', message: 'The column DOB appears twice (columns 3 and 5): keep one' }])
  })

  it('numbers rows by the line they start on, counting blank lines and values that span lines', async () => {
    const dir = fixture({ 'header.csv': 'CHILD,SEX,DOB,ETHNIC,UPN\n\n101,1,01/02/2010,WBRI,"A\nB"\n102,1,31/04/2010,WBRI,\n' })
    const { result } = await readAll(dir)
    expect(result.errors).toEqual([{ file: 'header.csv', row: 5, column: 'DOB', message: "DOB '31/04/2010' is not a real date: use dd/mm/yyyy" }])
  })

  it('reads from any stream, one table at a time', async () => {
    const errors = new StructuralErrorLog()
    const rows: Ssda903Record[] = []
    const chunks = [Buffer.from('CHILD,DUC\n10'), Buffer.from('1,31/03/2020\n102,\n')]
    for await (const r of readSsda903Stream(chunks, { table: 'uasc', fileName: 'upload.csv', errors })) rows.push(r)
    expect(errors.count).toBe(0)
    expect(rows.map((r) => r.data)).toEqual([
      { child: '101', dob: null, duc: '2020-03-31' },
      { child: '102', dob: null, duc: null },
    ])
  })

  it('reports a file that cannot be read (gone since the directory was listed) instead of throwing', async () => {
    const dir = fixture({ 'header.csv': HEADER_CSV, 'episodes.csv': EPISODES_CSV })
    const reader = new Ssda903DirectoryReader(await listSsda903Directory(dir))
    rmSync(join(dir, 'header.csv'))
    const tables: string[] = []
    for await (const record of reader.records()) tables.push(record.table)
    expect(tables).toEqual(['episodes', 'episodes', 'episodes'])
    expect(reader.result().errors).toEqual([{ file: 'header.csv', row: null, column: null, message: expect.stringMatching(/^header\.csv could not be read: ENOENT/) }])
  })

  it('refuses two files for one table', async () => {
    const dir = fixture({ 'header.csv': HEADER_CSV, 'HEADER.csv': HEADER_CSV })
    const listing = await listSsda903Directory(dir)
    // On a file system that ignores case the two names are one file.
    const names = listing.conflicts[0]?.fileNames
    if (!names) return
    expect([...names].sort()).toEqual(['HEADER.csv', 'header.csv'])
    const { result, records } = await readAll(dir)
    expect(result.errors).toEqual([{ file: names.join(', '), row: null, column: null, message: `${names.join(' and ')} are all the Header table: keep only one` }])
    expect(records).toEqual([])
  })
})

describe('parseSsda903Date', () => {
  it.each([
    ['31/03/2024', '2024-03-31'],
    ['1/4/2017', '2017-04-01'],
    ['29/02/2024', '2024-02-29'],
    ['2024-03-31', '2024-03-31'],
    ['2024-03-31T00:00:00', '2024-03-31'],
    [' 05/11/2019 ', '2019-11-05'],
  ])('reads %s as %s', (input, iso) => {
    expect(parseSsda903Date(input)).toBe(iso)
  })

  it.each([
    ['29/02/2023', 'is not a real date'],
    ['31/02/2017', 'is not a real date'],
    ['00/01/2017', 'is not a real date'],
    ['12/13/2017', 'is not a real date'],
    ['2017-02-30', 'is not a real date'],
    ['03/31/2017x', 'is not a date'],
    ['31-03-2017', 'is not a date'],
    ['31/03/17', 'is not a date'],
    ['2024-03-31T10:00:00', 'is not a date'],
    ['01/01/0017', 'is not a plausible date (the year must be between 1900 and 2100)'],
  ])('refuses %s', (input, problem) => {
    expect(parseSsda903Date(input)).toEqual({ problem })
  })
})

/** Mulberry32: a small seeded generator, so that every run of the fuzz test mutates the same way. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Mutation = (text: Buffer, random: () => number) => Buffer

const MUTATIONS: Record<string, Mutation> = {
  truncate: (b, r) => b.subarray(0, Math.floor(r() * b.length)),
  flipBytes: (b, r) => {
    const copy = Buffer.from(b)
    const flips = 1 + Math.floor(r() * 6)
    for (let i = 0; i < flips; i++) copy[Math.floor(r() * copy.length)] = Math.floor(r() * 256)
    return copy
  },
  dropColumn: (b, r) => {
    const lines = b.toString('utf8').split('\n')
    const width = (lines[0] ?? '').split(',').length
    const drop = Math.floor(r() * width)
    return Buffer.from(
      lines
        .map((line) =>
          line
            .split(',')
            .filter((_, i) => i !== drop)
            .join(','),
        )
        .join('\n'),
    )
  },
  junkLines: (b, r) => {
    const lines = b.toString('utf8').split('\n')
    const junk = (): string => Array.from({ length: Math.floor(r() * 60) }, () => String.fromCharCode(Math.floor(r() * 128))).join('')
    const count = 1 + Math.floor(r() * 4)
    for (let i = 0; i < count; i++) lines.splice(Math.floor(r() * (lines.length + 1)), 0, junk())
    return Buffer.from(lines.join('\n'))
  },
  quotes: (b, r) => {
    const text = b.toString('utf8').split('')
    const count = 1 + Math.floor(r() * 3)
    for (let i = 0; i < count; i++) text.splice(Math.floor(r() * (text.length + 1)), 0, '"')
    return Buffer.from(text.join(''))
  },
  shuffleAndRepeat: (b, r) => {
    const lines = b.toString('utf8').split('\n')
    const [head, ...rows] = lines
    const out = [head ?? '']
    for (let i = 0; i < rows.length + 2; i++) out.push(rows[Math.floor(r() * rows.length)] ?? '')
    return Buffer.from(out.join(r() < 0.5 ? '\n' : '\r\n'))
  },
  binaryTail: (b, r) => Buffer.concat([b, Buffer.from(Array.from({ length: 1 + Math.floor(r() * 200) }, () => Math.floor(r() * 256)))]),
}

describe('fuzz: damaged files never crash the reader', () => {
  it('200 deterministic mutations of a small valid return: each is read or refused with explained errors', async () => {
    const random = seeded(903)
    const originals: Record<string, Buffer> = { 'header.csv': Buffer.from(HEADER_CSV), 'episodes.csv': Buffer.from(EPISODES_CSV), 'oc2.csv': Buffer.from(OC2_CSV) }
    const names = Object.keys(MUTATIONS)
    const outcomes = { read: 0, refused: 0 }
    for (let run = 0; run < 200; run++) {
      const files: Record<string, Buffer> = { ...originals }
      const target = (['header.csv', 'episodes.csv', 'oc2.csv'] as const)[run % 3] ?? 'episodes.csv'
      const mutation = names[Math.floor(random() * names.length)] ?? 'truncate'
      const original = files[target] ?? Buffer.alloc(0)
      files[target] = MUTATIONS[mutation]?.(original, random) ?? original
      const dir = fixture(files)
      const validator = createValidator()
      let result: Ssda903ReadResult | undefined
      let thrown: unknown = null
      try {
        result = await readSsda903Directory(dir, { onRow: (r) => validator.check(r) })
        validator.finish()
      } catch (e) {
        thrown = e
      }
      const label = `run ${run}: ${mutation} of ${target}`
      expect(thrown, label).toBeNull()
      if (!result) continue
      expect(result.ok, label).toBe(result.errorCount === 0)
      for (const error of result.errors) {
        expect(error.file, label).toMatch(/\.csv$/)
        expect(error.message.length, label).toBeGreaterThan(10)
        expect(error.row === null || (Number.isInteger(error.row) && error.row >= 1), label).toBe(true)
      }
      if (result.ok) outcomes.read += 1
      else outcomes.refused += 1
      rmSync(dir, { recursive: true, force: true })
    }
    // The mutations are not all harmless, nor all fatal.
    expect(outcomes.refused).toBeGreaterThan(50)
    expect(outcomes.read).toBeGreaterThan(10)
  })
})

/**
 * Memory: reading a 50 MB episodes file. Slow (it writes the file first), so only with SSDA903_BIG=1:
 *   SSDA903_BIG=1 npx vitest run server/modules/ssda903/domain/reader.test.ts -t 'memory'
 */
describe.runIf(process.env.SSDA903_BIG === '1')('memory', () => {
  it('does not grow with the size of the file', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssda903-big-'))
    tempDirs.push(dir)
    const path = join(dir, 'episodes.csv')
    const out = createWriteStream(path)
    out.write('CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n')
    let bytes = 0
    let rows = 0
    const random = seeded(1)
    const places = ['U1', 'U4', 'U6', 'K2', 'R1', 'H5', 'P1', 'T1']
    for (let child = 100000; bytes < 50 * 1024 * 1024; child++) {
      let day = Date.UTC(2010, 0, 1) / 86_400_000 + Math.floor(random() * 4000)
      const episodes = 1 + Math.floor(random() * 12)
      let chunk = ''
      for (let e = 0; e < episodes; e++) {
        const length = 1 + Math.floor(random() * 300)
        const start = new Date(day * 86_400_000).toISOString().slice(0, 10)
        const end = new Date((day + length) * 86_400_000).toISOString().slice(0, 10)
        const last = e === episodes - 1
        const dmy = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
        chunk += `${child},${dmy(start)},${e === 0 ? 'S' : 'P'},C2,N1,${places[e % places.length]},PR1,${last ? '' : dmy(end)},${last ? '' : 'X1'},,AB1 2CD,EF3 4GH,SC123456\n`
        day += length
        rows += 1
      }
      bytes += Buffer.byteLength(chunk)
      if (!out.write(chunk)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')

    // A garbage collection on demand, so that what is kept can be told from what is merely not yet collected.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10
    // The JavaScript heap and typed arrays (the rules' episode timeline is one).
    const held = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers

    const measure = async (file: string, withRules: boolean): Promise<{ rows: number; rssGrowthMb: number; keptMb: number; keptHalfwayMb: number }> => {
      gc()
      const base = process.memoryUsage()
      const baseHeld = held()
      let peakRss = base.rss
      let keptHalfway = 0
      let count = 0
      const validator = withRules ? createValidator() : null
      const listing = await listSsda903Directory(file)
      const reader = new Ssda903DirectoryReader(listing)
      for await (const record of reader.records()) {
        validator?.check(record)
        count += 1
        if (count % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
        if (count === Math.floor(rows / 2)) {
          gc()
          keptHalfway = held() - baseHeld
        }
      }
      gc()
      const kept = held() - baseHeld
      validator?.finish()
      expect(reader.result().ok).toBe(true)
      return { rows: count, rssGrowthMb: mb(peakRss - base.rss), keptMb: mb(kept), keptHalfwayMb: mb(keptHalfway) }
    }
    const readerOnly = await measure(dir, false)
    const withRules = await measure(dir, true)
    console.log(
      `${mb(bytes)} MB episodes file, ${rows} rows, ${process.memoryUsage().rss > 0 ? 'node ' + process.version : ''}\n` +
        `  reader alone:   peak RSS +${readerOnly.rssGrowthMb} MB over the start; kept after a collection: ${readerOnly.keptHalfwayMb} MB half way, ${readerOnly.keptMb} MB at the end\n` +
        `  reader + rules: peak RSS +${withRules.rssGrowthMb} MB over the start; kept after a collection: ${withRules.keptHalfwayMb} MB half way, ${withRules.keptMb} MB at the end (the per-child episode timeline)`,
    )
    expect(readerOnly.rows).toBe(rows)
    // The reader keeps nothing per row: what it holds half way through and at the end is a few MB at most,
    // and its peak (garbage not yet collected included) stays bounded, whatever the size of the file.
    expect(readerOnly.keptHalfwayMb).toBeLessThan(5)
    expect(readerOnly.keptMb).toBeLessThan(5)
    expect(readerOnly.rssGrowthMb).toBeLessThan(100)
  })
})

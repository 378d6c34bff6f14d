import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/database.js'
import { createTestOrganisation, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, ssda903Episodes, ssda903Imports } from '../../server/platform/db/schema.js'
import { projectRoot } from '../../server/platform/paths.js'
import { countSsda903Rows, importSsda903, listSsda903Imports, loadSsda903Data } from '../../server/modules/ssda903/index.js'
import { computeIndicators } from '../../server/modules/ssda903/domain/indicators.js'
import { readSsda903Directory, type Ssda903Record } from '../../server/modules/ssda903/domain/reader.js'
import type { Ssda903Data } from '../../server/modules/ssda903/domain/types.js'

/** The DfE 903 validator's sample return (synthetic), four of its tables. */
const SAMPLES = join(projectRoot, '..', 'shared', 'data', 'ssda903-samples', 'csc-validator-be-903')
const TABLES = ['header', 'episodes', 'uasc', 'oc2'] as const

let database: Database
let org: TestOrganisation
let other: TestOrganisation
const dirs: string[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eoc-903-'))
  dirs.push(dir)
  return dir
}

/** A copy of the four sample tables, so the other sample files are not read. */
function sampleCopy(): string {
  const dir = tempDir()
  for (const t of TABLES) copyFileSync(join(SAMPLES, `${t}.csv`), join(dir, `${t}.csv`))
  return dir
}

/** Data rows of a sample file (every row of these files is one line). */
function dataRows(table: string): number {
  return (
    readFileSync(join(SAMPLES, `${table}.csv`), 'utf8')
      .trim()
      .split(/\r?\n/).length - 1
  )
}

/** The same files read straight into memory, for comparing indicators. */
async function readInMemory(dir: string): Promise<Ssda903Data> {
  const data: Ssda903Data = { header: [], episodes: [], uasc: [], oc2: [] }
  const result = await readSsda903Directory(dir, {
    onRow: (r: Ssda903Record) => {
      if (r.table === 'header') data.header.push(r.data)
      else if (r.table === 'episodes') data.episodes.push(r.data)
      else if (r.table === 'uasc') data.uasc.push(r.data)
      else if (r.table === 'oc2') data.oc2.push(r.data)
    },
  })
  expect(result.ok).toBe(true)
  return data
}

beforeAll(async () => {
  database = await createTestDatabase()
  org = await createTestOrganisation(database, 'SSDA')
  other = await createTestOrganisation(database, 'SSDB')
})
afterAll(async () => {
  await database.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const expected = () => ({ header: dataRows('header'), episodes: dataRows('episodes'), uasc: dataRows('uasc'), oc2: dataRows('oc2') })

describe('SSDA903 import', () => {
  it('imports the sample return: stored row counts match the files, and one audit event is written', async () => {
    const dir = sampleCopy()
    writeFileSync(join(dir, 'notes.txt'), 'not a table')
    const progress: number[] = []
    const result = await importSsda903(database.db, { organisationId: org.id, dir, onProgress: (p) => progress.push(p.bytesRead / p.totalBytes) })
    const counts = expected()
    expect(result).toMatchObject({ status: 'succeeded', mode: 'history', errors: [], ignored: ['notes.txt'] })
    expect(result.rowsRead).toBe(counts.header + counts.episodes + counts.uasc + counts.oc2)
    expect(result.rowsImported).toBe(result.rowsRead)
    expect(await countSsda903Rows(database.db, org.id)).toEqual(counts)
    expect(await countSsda903Rows(database.db, other.id)).toEqual({ header: 0, episodes: 0, uasc: 0, oc2: 0 })
    expect(progress.at(-1)).toBe(1)

    const [history] = await listSsda903Imports(database.db, org.id)
    expect(history).toMatchObject({ id: result.importId, status: 'succeeded', mode: 'history', collectionYear: null, userId: null, rowsImported: result.rowsImported })
    expect((history?.report as { violationCount: number }).violationCount).toBe(result.violationCount)
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, org.id), eq(auditEvents.action, 'ssda903.import')))
    expect(audit).toHaveLength(1)
    expect(audit[0]?.recordId).toBe(result.importId)
  })

  it('loads back what was read: the indicators equal those computed from the files in memory', async () => {
    const dir = sampleCopy()
    const stored = await loadSsda903Data(database.db, org.id)
    const inMemory = await readInMemory(dir)
    for (const at of ['2018-03-31', '2017-03-31', '2019-12-31']) expect(computeIndicators(stored, at), at).toEqual(computeIndicators(inMemory, at))
  })

  it('a second history import replaces the data: no duplicates', async () => {
    const result = await importSsda903(database.db, { organisationId: org.id, dir: sampleCopy() })
    expect(result.status).toBe('succeeded')
    expect(await countSsda903Rows(database.db, org.id)).toEqual(expected())
    expect(await listSsda903Imports(database.db, org.id)).toHaveLength(2)
  })

  it('a file with a structural error changes nothing, and the history records the failure with file, row and column', async () => {
    const dir = sampleCopy()
    const lines = readFileSync(join(dir, 'episodes.csv'), 'utf8').split('\n')
    const cells = (lines[3] as string).split(',')
    cells[1] = '31/02/2016' // DECOM: not a real date
    lines[3] = cells.join(',')
    writeFileSync(join(dir, 'episodes.csv'), lines.join('\n'))
    const before = await countSsda903Rows(database.db, org.id)
    const auditBefore = await database.db.select().from(auditEvents).where(eq(auditEvents.organisationId, org.id))

    const result = await importSsda903(database.db, { organisationId: org.id, dir })
    expect(result.status).toBe('failed')
    expect(result.rowsImported).toBe(0)
    expect(result.errors).toEqual([expect.objectContaining({ file: 'episodes.csv', row: 4, column: 'DECOM' })])
    expect(await countSsda903Rows(database.db, org.id)).toEqual(before)
    expect(await database.db.select().from(auditEvents).where(eq(auditEvents.organisationId, org.id))).toHaveLength(auditBefore.length)

    const [failed] = await database.db.select().from(ssda903Imports).where(eq(ssda903Imports.id, result.importId))
    expect(failed).toMatchObject({ status: 'failed', rowsImported: 0 })
    expect((failed?.report as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ file: 'episodes.csv', row: 4, column: 'DECOM', message: expect.stringContaining('31/02/2016') }),
    ])
  })

  it('a year’s return replaces that year only; episodes keyed by CHILD and DECOM, the later return winning', async () => {
    const dir = tempDir()
    const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nY1,1,01/01/2010,WBRI,,,\nY2,2,01/01/2012,WBRI,,,\n'
    const episodes = (place: string, extra = '') =>
      `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nY1,01/05/2017,S,C2,N1,${place},PR1,,,,,,\n${extra}`
    writeFileSync(join(dir, 'header.csv'), header)
    writeFileSync(join(dir, 'episodes.csv'), episodes('U4', 'Y2,01/06/2017,S,C2,N1,U4,PR1,,,,,,\n'))
    expect((await importSsda903(database.db, { organisationId: other.id, dir, collectionYear: 2018 })).status).toBe('succeeded')
    // The 2019 return repeats Y1's episode with another placement: it wins.
    writeFileSync(join(dir, 'episodes.csv'), episodes('U5'))
    expect((await importSsda903(database.db, { organisationId: other.id, dir, collectionYear: 2019 })).status).toBe('succeeded')
    const rows = async () =>
      (await database.db.select().from(ssda903Episodes).where(eq(ssda903Episodes.organisationId, other.id)))
        .map((r) => `${r.child} ${r.decom} ${r.place} ${r.collectionYear}`)
        .sort()
    expect(await rows()).toEqual(['Y1 2017-05-01 U5 2019', 'Y2 2017-06-01 U4 2018'])
    // Re-importing 2018 (an earlier return) does not overwrite the 2019 row, and replaces 2018's own rows.
    writeFileSync(join(dir, 'episodes.csv'), episodes('U6'))
    expect((await importSsda903(database.db, { organisationId: other.id, dir, collectionYear: 2018 })).status).toBe('succeeded')
    expect(await rows()).toEqual(['Y1 2017-05-01 U5 2019'])
    expect((await countSsda903Rows(database.db, other.id)).header).toBe(2)
    // The sample organisation is untouched.
    expect(await countSsda903Rows(database.db, org.id)).toEqual(expected())
  })
})

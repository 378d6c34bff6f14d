import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/database.js'
import { createTestOrganisation, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { countSsda903Rows, importSsda903, loadSsda903Data } from '../../server/modules/ssda903/index.js'
import { computeIndicators } from '../../server/modules/ssda903/domain/indicators.js'
import { readSsda903Directory, type Ssda903Record } from '../../server/modules/ssda903/domain/reader.js'
import { createValidator } from '../../server/modules/ssda903/domain/rules.js'
import type { Ssda903Data } from '../../server/modules/ssda903/domain/types.js'
import { generateSsda903 } from '../../server/modules/ssda903/generator.js'

/** Generate → import → indicators, on the embedded database (PostgreSQL when DATABASE_URL is set); and a fuzz of the reader. */
let database: Database
let org: TestOrganisation
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'eoc-903-gen-'))
  dirs.push(dir)
  return dir
}

beforeAll(async () => {
  database = await createTestDatabase()
  org = await createTestOrganisation(database, 'GEN903')
})
afterAll(async () => {
  await database.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

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
  expect(result.errors).toEqual([])
  return data
}

const lines = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n').length - 1

describe('the generator', () => {
  it('is deterministic for a seed, and a different seed gives different children', () => {
    const a = tempDir()
    const b = tempDir()
    const c = tempDir()
    generateSsda903({ children: 300, years: 6, seed: 7, out: a })
    generateSsda903({ children: 300, years: 6, seed: 7, out: b })
    generateSsda903({ children: 300, years: 6, seed: 8, out: c })
    for (const f of ['header.csv', 'episodes.csv', 'uasc.csv', 'oc2.csv']) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'))
    expect(readFileSync(join(a, 'episodes.csv'), 'utf8')).not.toBe(readFileSync(join(c, 'episodes.csv'), 'utf8'))
  })

  it('round trip: generate → import → indicators equal those of the files, with the histories the issue lists', async () => {
    const dir = tempDir()
    const summary = generateSsda903({ children: 1500, years: 7, seed: 2024, out: dir })
    expect(summary.episodes).toBe(lines(dir, 'episodes.csv'))

    const result = await importSsda903(database.db, { organisationId: org.id, dir })
    expect(result.status).toBe('succeeded')
    expect(result.errors).toEqual([])
    // The generator writes clean returns: no DfE rule is broken.
    expect(result.violationsByCode).toEqual({})
    expect(await countSsda903Rows(database.db, org.id)).toEqual({ header: summary.children, episodes: summary.episodes, uasc: summary.uasc, oc2: summary.oc2 })

    const stored = await loadSsda903Data(database.db, org.id)
    const inMemory = await readInMemory(dir)
    for (const at of ['2025-03-31', '2024-03-31', '2022-12-31']) expect(computeIndicators(stored, at), at).toEqual(computeIndicators(inMemory, at))

    // Realistic histories: starts and ends, moves, legal status changes, temporary placements, re-entries, UASC and SDQ scores.
    const e = stored.episodes
    expect(new Set(e.map((x) => x.rne))).toEqual(new Set(['S', 'P', 'L', 'B']))
    expect(e.some((x) => x.place !== null && /^T[1-4]$/.test(x.place))).toBe(true)
    const starts = new Map<string, number>()
    for (const x of e) if (x.rne === 'S') starts.set(x.child, (starts.get(x.child) ?? 0) + 1)
    expect([...starts.values()].some((n) => n > 1)).toBe(true)
    const i = computeIndicators(stored, '2025-03-31')
    expect(i.lookedAfter).toBeGreaterThan(100)
    expect(i.startedInYear).toBeGreaterThan(0)
    expect(i.ceasedInYear).toBeGreaterThan(0)
    expect(i.uasc).toBeGreaterThan(0)
    expect(Object.keys(i.byAgeBand)).toEqual(['under1', '1to4', '5to9', '10to15', '16plus'])
    expect(i.sdq.withScore).toBeGreaterThan(0)
    expect(i.threeOrMorePlacements.numerator).toBeGreaterThan(0)
    expect(i.longTermStability.denominator).toBeGreaterThan(0)
  })
})

/** A small deterministic generator for the fuzz, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('fuzz: random and truncated rows and bytes', () => {
  it('never crashes, and every rejection names the file and says what is wrong', async () => {
    const source = tempDir()
    generateSsda903({ children: 60, years: 4, seed: 99, out: source })
    const files = ['header.csv', 'episodes.csv', 'uasc.csv', 'oc2.csv']
    const original = Object.fromEntries(files.map((f) => [f, readFileSync(join(source, f))]))
    const rnd = prng(1234)
    const int = (n: number) => Math.floor(rnd() * n)
    const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)))
    const mutations: Array<(b: Buffer) => Buffer> = [
      (b) => b.subarray(0, int(b.length)), // truncated anywhere, even mid-row or mid-character
      () => junk(1 + int(2000)), // random bytes
      (b) => Buffer.concat([b.subarray(0, int(b.length)), junk(1 + int(50)), b.subarray(int(b.length))]), // bytes spliced in
      (b) => {
        // a random cell replaced with random printable text, quotes and commas included
        const rows = b.toString('utf8').split('\n')
        const r = 1 + int(Math.max(1, rows.length - 1))
        const cells = (rows[r] ?? '').split(',')
        cells[int(cells.length)] = Array.from({ length: int(12) }, () => String.fromCharCode(32 + int(95))).join('')
        rows[r] = cells.join(',')
        return Buffer.from(rows.join('\n'))
      },
      (b) => {
        // a column dropped from the header line only
        const rows = b.toString('utf8').split('\n')
        const cells = (rows[0] ?? '').split(',')
        cells.splice(int(cells.length), 1)
        rows[0] = cells.join(',')
        return Buffer.from(rows.join('\n'))
      },
      (b) => {
        // rows repeated and shuffled
        const rows = b.toString('utf8').trim().split('\n')
        const body = rows.slice(1)
        for (let k = 0; k < 5; k++) body.splice(int(body.length + 1), 0, body[int(body.length)] ?? '')
        return Buffer.from([rows[0], ...body].join('\n'))
      },
      () => Buffer.alloc(0), // empty file
      (b) => Buffer.from(`\uFEFF${b.toString('utf8').replace(/\n/g, '\r\n')}`), // a byte-order mark and CRLF: still clean
    ]
    let rejected = 0
    let accepted = 0
    for (let round = 0; round < 60; round++) {
      const dir = tempDir()
      const target = files[int(files.length)] as string
      const mutate = mutations[round % mutations.length] as (b: Buffer) => Buffer
      for (const f of files) writeFileSync(join(dir, f), f === target ? mutate(original[f] as Buffer) : (original[f] as Buffer))
      const validator = createValidator({})
      const result = await readSsda903Directory(dir, { onRow: (r) => validator.check(r) })
      const report = validator.finish()
      if (result.ok) {
        accepted++
        for (const v of report.violations) {
          expect(v.code, `round ${round}`).toMatch(/\S/)
          expect(v.message, `round ${round}`).toMatch(/\S/)
        }
      } else {
        rejected++
        expect(result.errors.length, `round ${round}`).toBeGreaterThan(0)
        for (const error of result.errors) {
          expect(files, `round ${round}`).toContain(error.file)
          expect(error.message.length, `round ${round}: ${JSON.stringify(error)}`).toBeGreaterThan(10)
        }
      }
      rmSync(dir, { recursive: true, force: true })
    }
    expect(rejected).toBeGreaterThan(0)
    expect(accepted).toBeGreaterThan(0)
  })

  it('a rejected import through the database changes nothing and records the errors', async () => {
    const dir = tempDir()
    generateSsda903({ children: 40, years: 3, seed: 5, out: dir })
    const before = await countSsda903Rows(database.db, org.id)
    // Cut in the middle of the tenth row, as a file copied half way would be: DECOM, RNE and the rest are missing.
    const rows = readFileSync(join(dir, 'episodes.csv'), 'utf8').split('\n').slice(0, 11)
    rows[10] = (rows[10] ?? '').split(',').slice(0, 1).join(',') + ',0'
    writeFileSync(join(dir, 'episodes.csv'), rows.join('\n'))
    const result = await importSsda903(database.db, { organisationId: org.id, dir })
    expect(result.status).toBe('failed')
    expect(result.errors).toEqual([expect.objectContaining({ file: 'episodes.csv', row: 11 })])
    expect(await countSsda903Rows(database.db, org.id)).toEqual(before)
  })
})

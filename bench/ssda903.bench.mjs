// SSDA903 benchmark (issue 5): import plus all indicators, for one council (about 1,000 children
// looked after) and for a national-scale return (about 84,000 looked after at the date, at least
// 500,000 episodes), each compared in the same run with the floor: loading the same episode rows by
// PostgreSQL COPY into a plain table with no keys.
//
// Database: a throwaway embedded one (PGlite; its COPY reads the file from a Blob), and PostgreSQL
// too when DATABASE_URL is set (its COPY through psql's \copy, reading the file from this machine).
// Settings: BENCH_SSDA903_SCALES (default "council,national"; e.g. "council" for the quick one).
// Prints seconds, the ratio to the floor, rows a second and peak memory (RSS) for each phase.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { openDatabase } from '../dist/server/platform/db/index.js'
import { organisations } from '../dist/server/platform/db/schema.js'
import { generateSsda903 } from '../dist/server/modules/ssda903/generator.js'
import { importSsda903 } from '../dist/server/modules/ssda903/import.js'
import { loadSsda903Data } from '../dist/server/modules/ssda903/repository.js'
import { computeIndicators } from '../dist/server/modules/ssda903/domain/indicators.js'

const SCALES = {
  // 5,000 children over ten years: about 1,000 looked after on 31 March 2025, 18,000 episodes.
  council: { children: 5_000, years: 10, seed: 903 },
  // 255,000 children over five years: 84,777 looked after on 31 March 2025, 777,650 episodes.
  national: { children: 255_000, years: 5, seed: 903 },
}
const AT = '2025-03-31'
const wanted = (process.env.BENCH_SSDA903_SCALES ?? 'council,national').split(',').map((s) => s.trim())
const log = (line = '') => process.stdout.write(`${line}\n`)

/** Peak resident memory over a phase, sampled every 20 ms (and at its start and end). */
async function measured(work) {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = process.hrtime.bigint()
  try {
    const result = await work()
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    peak = Math.max(peak, process.memoryUsage().rss)
    return { result, seconds, peakMb: peak / 1024 / 1024 }
  } finally {
    clearInterval(timer)
  }
}

const FLOOR_TABLE = `create table ssda903_floor (child text, decom date, rne text, ls text, cin text, place text, place_provider text, dec date, rec text, reason_place_change text, home_post text, pl_post text, urn text)`

async function floorPglite(pglite, episodesPath) {
  await pglite.exec(`drop table if exists ssda903_floor; ${FLOOR_TABLE}; set datestyle = 'ISO, DMY'`)
  const blob = new Blob([readFileSync(episodesPath)])
  await pglite.query(`copy ssda903_floor from '/dev/blob' with (format csv, header true)`, [], { blob })
  const count = await pglite.query('select count(*)::int as n from ssda903_floor')
  await pglite.exec(`set datestyle = 'ISO, MDY'`)
  return count.rows[0].n
}

function floorPostgres(url, episodesPath) {
  const run = (command) => spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { encoding: 'utf8' })
  let r = run(`drop table if exists ssda903_floor; ${FLOOR_TABLE}`)
  if (r.status !== 0) throw new Error(r.stderr)
  r = spawnSync(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `set datestyle = 'ISO, DMY'`, '-c', `\\copy ssda903_floor from '${episodesPath}' with (format csv, header true)`],
    { encoding: 'utf8' },
  )
  if (r.status !== 0) throw new Error(r.stderr)
  run('drop table ssda903_floor')
}

async function benchOn(kind, scale, dir, summary) {
  const dataDir = kind === 'pglite' ? mkdtempSync(join(os.tmpdir(), 'eoc-903-bench-db-')) : null
  const database = await openDatabase(kind === 'pglite' ? { dataDir } : { databaseUrl: process.env.DATABASE_URL })
  try {
    await database.migrate()
    const code = `B903${Date.now().toString(36).slice(-5).toUpperCase()}`
    const [org] = await database.db
      .insert(organisations)
      .values({ code, name: `Benchmark ${scale}` })
      .returning()
    const rows = summary.children + summary.episodes + summary.uasc + summary.oc2
    const importing = await measured(() => importSsda903(database.db, { organisationId: org.id, dir }))
    if (importing.result.status !== 'succeeded') throw new Error(`The import failed: ${JSON.stringify(importing.result.errors.slice(0, 3))}`)
    const indicators = await measured(async () => computeIndicators(await loadSsda903Data(database.db, org.id), AT))
    const episodesPath = join(dir, 'episodes.csv')
    const floor = await measured(async () => (kind === 'pglite' ? floorPglite(database.pglite, episodesPath) : floorPostgres(process.env.DATABASE_URL, episodesPath)))
    if (kind === 'pglite' && floor.result !== summary.episodes) throw new Error(`COPY loaded ${floor.result} rows, expected ${summary.episodes}`)
    const total = importing.seconds + indicators.seconds
    const episodeFloorRate = summary.episodes / floor.seconds
    log(
      `\n${scale} on ${kind}: ${summary.children.toLocaleString('en-GB')} children, ${summary.episodes.toLocaleString('en-GB')} episodes, ${rows.toLocaleString('en-GB')} rows; ${indicators.result.lookedAfter.toLocaleString('en-GB')} looked after on ${AT}`,
    )
    log('| phase | seconds | ratio to floor | rows/s | peak RSS MB |')
    log('| --- | ---: | ---: | ---: | ---: |')
    const line = (name, s, n, mb) => log(`| ${name} | ${s.toFixed(2)} | ${(s / floor.seconds).toFixed(2)} | ${Math.round(n / s).toLocaleString('en-GB')} | ${Math.round(mb)} |`)
    line('import (check + write, 4 tables)', importing.seconds, rows, importing.peakMb)
    line('all indicators (load + compute)', indicators.seconds, summary.episodes, indicators.peakMb)
    line('import + indicators', total, rows, Math.max(importing.peakMb, indicators.peakMb))
    line('floor: COPY episodes into a plain table', floor.seconds, summary.episodes, floor.peakMb)
    log(
      `Floor rate ${Math.round(episodeFloorRate).toLocaleString('en-GB')} episodes/s. The import reads every file twice (check, then write) and writes Header, UASC and OC2 as well as the episodes, with their keys.`,
    )
    return { scale, kind, total, floor: floor.seconds }
  } finally {
    await database.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

log(`SSDA903 benchmark. Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`)
for (const scale of Object.keys(SCALES)) {
  if (!wanted.includes(scale)) continue
  const dir = mkdtempSync(join(os.tmpdir(), `eoc-903-bench-${scale}-`))
  try {
    const generated = await measured(async () => generateSsda903({ ...SCALES[scale], out: dir }))
    const bytes = ['header.csv', 'episodes.csv', 'uasc.csv', 'oc2.csv'].reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
    log(`\nGenerated the ${scale} return in ${generated.seconds.toFixed(1)} s: ${(bytes / 1024 / 1024).toFixed(1)} MB`)
    await benchOn('pglite', scale, dir, generated.result)
    if (process.env.DATABASE_URL) await benchOn('postgres', scale, dir, generated.result)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// Casework benchmark (issue 3, "Speed"): `npm run bench -- casework`.
//
// A throwaway embedded database (or DATABASE_URL) with the large synthetic service of
// db/seeds/large-service.ts: 2 teams, 40 workers, 5 years of history, about 3,000 closed
// and 200 open cases with their referrals, decisions, allocations, contacts, outcomes and
// follow-ups, inserted in bulk. Signed in as the North team manager, it measures:
//   dashboard  GET /team: the team manager's dashboard, every figure aggregated in SQL
//   caseload   GET /cases?scope=team&team=North: the team's open cases
//   case       GET /cases/:id: an open case with its timeline; writes a case.view audit event per view
// Settings: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50), BENCH_WARMUP_SECONDS (default 2).
// Goal: p95 under 100 ms on 2 cores.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../dist/server/config.js'
import { createServer, openConfiguredDatabase } from '../dist/server/index.js'
import { seedLargeService } from '../dist/db/seeds/large-service.js'
import { Browser, failed, log, measure, positive, printTable } from './support.mjs'

const SECONDS = positive('BENCH_SECONDS', 10)
const CONNECTIONS = Math.round(positive('BENCH_CONNECTIONS', 50))
const WARMUP_SECONDS = positive('BENCH_WARMUP_SECONDS', 2)
const GOAL_MS = 100
const resultsFolder = fileURLToPath(new URL('./results/', import.meta.url))

async function main() {
  const tmp = mkdtempSync(join(os.tmpdir(), 'eoc-bench-casework-'))
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATA_DIR: tmp, LOG_LEVEL: 'silent' })
  let database
  let app
  try {
    database = await openConfiguredDatabase(config, 'the casework benchmark')
    app = await createServer(config, database, false)
    const seedStart = performance.now()
    const code = process.env.DATABASE_URL ? `LARGE${Date.now().toString(36).toUpperCase()}` : 'LARGE'
    const large = await seedLargeService(database.db, { code })
    log(`Large service ${code} seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s: ${JSON.stringify(large.counts)}`)
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${app.server.address().port}`
    const server = { accepted: 0 }
    app.server.on('connection', () => server.accepted++)

    const browser = new Browser(base)
    await browser.signIn(large.managerEmails.North, large.password)
    const cookie = browser.cookieHeader()
    const headers = { accept: 'text/html', cookie }
    const pages = [
      { name: 'team dashboard (GET /team)', key: 'dashboard', path: '/team', headers },
      { name: 'team caseload (GET /cases?scope=team&team=North)', key: 'caseload', path: '/cases?scope=team&team=North', headers },
      { name: 'case page (GET /cases/:id)', key: 'case', path: `/cases/${large.openCaseIds[0]}`, headers },
    ]
    for (const page of pages) {
      const probe = await browser.request(page.path)
      if (probe.status !== 200) throw new Error(`${page.path} answered ${probe.status} before the run (location ${probe.location})`)
    }
    log(`Each page: all ${CONNECTIONS} connections open, ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s measured\n`)
    const results = []
    for (const page of pages) {
      process.stdout.write(`  ${page.name} ... `)
      const r = await measure(base, page, server, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS })
      results.push(r)
      log(`${Math.round(r.requestsPerSecond)} req/s`)
    }
    const cpus = os.cpus()
    const machine = { cpus: cpus.length, model: cpus[0]?.model?.trim() ?? 'unknown', node: process.version, database: database.kind }
    log('')
    log(`Machine: ${machine.cpus} CPUs, ${machine.model}; Node ${machine.node}; database ${machine.database}`)
    printTable(results, GOAL_MS)
    mkdirSync(resultsFolder, { recursive: true })
    const ignore = join(resultsFolder, '.gitignore')
    if (!existsSync(ignore)) writeFileSync(ignore, '*.json\n')
    writeFileSync(
      join(resultsFolder, 'casework.json'),
      `${JSON.stringify({ at: new Date().toISOString(), machine, settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS }, counts: large.counts, pages: results }, null, 2)}\n`,
    )
    const failures = results.filter((r) => failed(r.failures))
    for (const r of failures) log(`!!! FAILURES on ${r.page}: ${JSON.stringify(r.failures)}`)
    return failures.length ? 1 : 0
  } finally {
    if (app) await app.close().catch((e) => log(`Closing the server failed: ${e.message}`))
    if (database) await database.close().catch((e) => log(`Closing the database failed: ${e.message}`))
    rmSync(tmp, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`\n!!! BENCHMARK FAILED: ${error.stack ?? error}\n`)
    process.exit(1)
  },
)

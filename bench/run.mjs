// Page benchmark: `npm run bench` (builds first, then runs this file).
//
// One process: the app on 127.0.0.1 with a throwaway embedded database (or
// PostgreSQL when DATABASE_URL is set) seeded with the Demoshire demo, and
// autocannon driving it. Three pages, each after a warm-up:
//   bare     GET /sign-in, no cookie: the full layout, no database work
//   search   GET /children?q=<family name>, signed in
//   record   GET /children/<id>, signed in; writes one audit event per view,
//            which is real work and stays in the measurement
// Settings: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50),
// BENCH_WARMUP_SECONDS (default 2), BENCH_QUERY (default: the commonest family name).

import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { Browser, log, percentile, positive } from './support.mjs'
import { sql } from 'drizzle-orm'
import { loadConfig } from '../dist/server/config.js'
import { createServer, openConfiguredDatabase } from '../dist/server/index.js'
import { rows } from '../dist/server/platform/db/index.js'
import { SESSION_COOKIE } from '../dist/server/platform/auth/sessions.js'
import { seedDemo, DEMO_ORGANISATION, DEMO_PASSWORD } from '../dist/db/seeds/demo.js'

const EMAIL = 'fsw1.north@demoshire.example'
const PASSWORD = DEMO_PASSWORD ?? 'demo-password-2026'
const SECONDS = positive('BENCH_SECONDS', 10)
const CONNECTIONS = Math.round(positive('BENCH_CONNECTIONS', 50))
const WARMUP_SECONDS = positive('BENCH_WARMUP_SECONDS', 2)
const CHILDREN = 300
const resultsFolder = fileURLToPath(new URL('./results/', import.meta.url))

async function signIn(browser) {
  const form = await browser.request('/sign-in')
  if (form.status !== 200) throw new Error(`GET /sign-in answered ${form.status}`)
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(form.body)?.[1]
  if (!csrf) throw new Error('No _csrf hidden input on the sign-in page')
  const done = await browser.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: EMAIL, password: PASSWORD, returnTo: '/' }).toString(),
  })
  if (done.status !== 303 || !browser.cookies.has(SESSION_COOKIE)) {
    throw new Error(`Sign-in as ${EMAIL} failed: status ${done.status}, location ${done.location}, no ${SESSION_COOKIE} cookie`)
  }
}

const CHILD_LINK = /href="\/children\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/gi

/** A search that returns results, and the first child it links to. */
async function pickSearch(browser, db) {
  const candidates = process.env.BENCH_QUERY
    ? [process.env.BENCH_QUERY]
    : (
        await rows(
          db,
          sql`select c.family_name as name, count(*)::int as n from children c join organisations o on o.id = c.organisation_id
              where o.code = ${DEMO_ORGANISATION} and not c.restricted group by c.family_name order by n desc, c.family_name limit 5`,
        )
      ).map((r) => r.name)
  for (const q of candidates) {
    const page = await browser.request(`/children?q=${encodeURIComponent(q)}`)
    if (page.status !== 200) throw new Error(`GET /children?q=${q} answered ${page.status} (location ${page.location})`)
    const ids = [...new Set([...page.body.matchAll(CHILD_LINK)].map((m) => m[1]))]
    if (ids.length) return { q, childId: ids[0], resultsOnPage: ids.length }
  }
  throw new Error(`No search returned a child (tried ${candidates.join(', ')})`)
}

// ------------------------------------------------------------------ load

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const RAMP_LIMIT_SECONDS = 60
const tally = (counts, status) => {
  counts[status] = (counts[status] ?? 0) + 1
}
const not200 = (counts) => Object.entries(counts).reduce((n, [code, c]) => n + (code === '200' ? 0 : c), 0)

/**
 * One autocannon run per page, measured in a window. First the server must have
 * accepted every connection: under load Node accepts about one new connection per
 * event-loop turn, so opening 50 against a busy loop takes seconds, and a fresh
 * run's first requests would wait that long and fill the tail. Then the warm-up,
 * then SECONDS of measurement. Only responses inside the window count for the
 * figures; a non-200 or an error at any point fails the run.
 */
async function measure(base, page, server) {
  const url = new URL(page.path, base).toString()
  const all = { statuses: {}, requestErrors: 0 }
  const window = { open: false, latencies: [], statuses: {} }
  const acceptedBefore = server.accepted
  let instance
  const finished = new Promise((resolve, reject) => {
    instance = autocannon({ url, connections: CONNECTIONS, headers: page.headers, duration: RAMP_LIMIT_SECONDS + WARMUP_SECONDS + SECONDS + 60 }, (error, result) =>
      error ? reject(error) : resolve(result),
    )
  })
  instance.on('response', (_client, status, _bytes, ms) => {
    tally(all.statuses, status)
    if (window.open) {
      // Every response's time, exactly, so p95 is a real percentile rather than an interpolation.
      window.latencies.push(ms)
      tally(window.statuses, status)
    }
  })
  instance.on('reqError', () => all.requestErrors++)

  const rampStart = performance.now()
  while (server.accepted - acceptedBefore < CONNECTIONS && performance.now() - rampStart < RAMP_LIMIT_SECONDS * 1000) await sleep(20)
  const connected = server.accepted - acceptedBefore
  const rampSeconds = (performance.now() - rampStart) / 1000
  await sleep(WARMUP_SECONDS * 1000)

  window.open = true
  const startedAt = new Date()
  const start = performance.now()
  await sleep(SECONDS * 1000)
  window.open = false
  const seconds = (performance.now() - start) / 1000
  const endedAt = new Date()
  instance.stop()
  const result = await finished

  const latencies = window.latencies.sort((x, y) => x - y)
  const failures = {
    not200: not200(all.statuses),
    statuses: all.statuses,
    requestErrors: all.requestErrors,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
  }
  return {
    page: page.name,
    key: page.key,
    path: page.path,
    requestsPerSecond: (window.statuses['200'] ?? 0) / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
    windowSeconds: seconds,
    windowStartedAt: startedAt.toISOString(),
    windowEndedAt: endedAt.toISOString(),
    responsesInWindow: latencies.length,
    statusesInWindow: window.statuses,
    connections: { wanted: CONNECTIONS, accepted: connected, secondsToAcceptAll: rampSeconds },
    wholeRun: { seconds: result.duration, responses: Object.values(all.statuses).reduce((n, c) => n + c, 0) },
    failures,
  }
}

const failed = (f) => f.not200 > 0 || f.requestErrors > 0 || f.errors > 0 || f.timeouts > 0 || f.mismatches > 0

// ------------------------------------------------------------------ main

async function main() {
  const tmp = mkdtempSync(join(os.tmpdir(), 'eoc-bench-'))
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATA_DIR: tmp, LOG_LEVEL: 'silent' })
  let database
  let app
  try {
    log(`Opening the ${config.DATABASE_URL ? 'PostgreSQL database (DATABASE_URL)' : `embedded database in ${tmp}`}`)
    database = await openConfiguredDatabase(config, 'the page benchmark')
    app = await createServer(config, database, false)
    const seeded = await seedDemo(database.db, { childCount: CHILDREN })
    log(seeded.created ? `Demo seeded (${CHILDREN} children)` : 'Demo data already present: not re-seeded')
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address()
    const base = `http://127.0.0.1:${port}`
    const server = { accepted: 0 }
    app.server.on('connection', () => server.accepted++)

    const browser = new Browser(base)
    await signIn(browser)
    const search = await pickSearch(browser, database.db)
    const cookie = browser.cookieHeader()
    log(`Signed in as ${EMAIL}; search "${search.q}" lists ${search.resultsOnPage} children on its first page; record ${search.childId}`)

    const pages = [
      { name: 'bare (GET /sign-in, no cookie)', key: 'bare', path: '/sign-in', headers: { accept: 'text/html' } },
      { name: 'child search (GET /children?q=)', key: 'search', path: `/children?q=${encodeURIComponent(search.q)}`, headers: { accept: 'text/html', cookie } },
      { name: 'child record (GET /children/:id)', key: 'record', path: `/children/${search.childId}`, headers: { accept: 'text/html', cookie } },
    ]
    // Each target must answer 200 once before it is loaded, or the figures would measure a redirect.
    for (const page of pages) {
      const probe = await fetch(new URL(page.path, base), { headers: page.headers, redirect: 'manual' })
      await probe.arrayBuffer()
      if (probe.status !== 200) throw new Error(`${page.path} answered ${probe.status} before the run (location ${probe.headers.get('location')})`)
    }

    const viewsBetween = async (from, to) =>
      (await rows(database.db, sql`select count(*)::int as n from audit_events where action = 'child.view' and at >= ${from}::timestamptz and at < ${to}::timestamptz`))[0].n
    log(`Each page: all ${CONNECTIONS} connections open, ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s measured\n`)
    const results = []
    for (const page of pages) {
      process.stdout.write(`  ${page.name} ... `)
      const r = await measure(base, page, server)
      if (page.key === 'record') r.auditEventsWritten = await viewsBetween(r.windowStartedAt, r.windowEndedAt)
      results.push(r)
      const slowAccept = r.connections.accepted < CONNECTIONS ? ` (only ${r.connections.accepted} of ${CONNECTIONS} connections were accepted within ${RAMP_LIMIT_SECONDS} s)` : ''
      log(`${Math.round(r.requestsPerSecond)} req/s; ${r.connections.secondsToAcceptAll.toFixed(1)} s to open all connections${slowAccept}`)
    }
    const bare = results.find((r) => r.key === 'bare')
    for (const r of results) r.ratioToBare = r.requestsPerSecond / bare.requestsPerSecond

    const cpus = os.cpus()
    const machine = {
      cpus: cpus.length,
      model: cpus[0]?.model?.trim() ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      database: database.kind,
    }

    log('')
    log(`Machine: ${machine.cpus} CPUs, ${machine.model}; Node ${machine.node}; ${machine.platform}; ${machine.memoryGiB} GiB`)
    log(`Database: ${machine.database === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (embedded, temporary DATA_DIR)'}`)
    log(`Load: autocannon in the same process, ${CONNECTIONS} connections; per page ${SECONDS} s measured after all connections were open and ${WARMUP_SECONDS} s of warm-up`)
    log('')
    const header = ['page', 'requests/s', 'p50 ms', 'p95 ms', 'vs bare']
    const table = results.map((r) => [
      `${failed(r.failures) ? '!!! FAILED ' : ''}${r.page}`,
      r.requestsPerSecond.toFixed(0),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      `${r.ratioToBare.toFixed(2)}x`,
    ])
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)))
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
    log(line(header))
    log(line(widths.map((w) => '-'.repeat(w))))
    for (const row of table) log(line(row))
    log('')
    log('requests/s counts 200 responses in the measured window; p50/p95 are exact, from every response time in that window.')
    const record = results.find((r) => r.key === 'record')
    log(`The record page wrote ${record.auditEventsWritten} child.view audit events in its window (one per view, in the view's own transaction): that work is in its figures.`)

    const failures = results.filter((r) => failed(r.failures))
    for (const r of failures) {
      log('')
      log(`!!! FAILURES on ${r.page}: ${JSON.stringify(r.failures)}`)
    }

    mkdirSync(resultsFolder, { recursive: true })
    const ignore = join(resultsFolder, '.gitignore')
    if (!existsSync(ignore)) writeFileSync(ignore, '*.json\n')
    const out = join(resultsFolder, 'latest.json')
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          machine,
          settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, children: CHILDREN, user: EMAIL, loadGenerator: 'autocannon, same process' },
          search: { q: search.q, resultsOnFirstPage: search.resultsOnPage, childId: search.childId },
          ok: failures.length === 0,
          pages: results,
        },
        null,
        2,
      )}\n`,
    )
    log(`\nFigures written to ${out}`)

    if (failures.length) {
      log('')
      log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!')
      log('!!! BENCHMARK FAILED: some responses were not 200 (see above).       !!!')
      log('!!! The figures above do not measure the pages and must not be used. !!!')
      log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!')
      return 1
    }
    return 0
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

// Impact benchmark: `npm run bench -- impact` (builds first).
//
// One process: the app on 127.0.0.1 with a throwaway embedded database (or PostgreSQL
// when DATABASE_URL is set), seeded with the Demoshire demo, plus a synthetic service
// of five years of closed cases made here (BENCH_CASES, default 3,000: children,
// referrals, cases, outcomes and follow-ups inserted directly, all synthetic), since
// the large-service generator is not on this branch. Then, for each target, a warm-up
// and BENCH_REQUESTS requests (default 60) from BENCH_CONNECTIONS clients at once
// (default 2), and the exact p50 and p95 of their times:
//   impact, a year       GET /api/v1/impact for the current financial year (bearer token)
//   impact, five years   GET /api/v1/impact over the whole five years
//   finance dashboard    GET /finance, signed in as the finance partner (every year since the start, targets, charts)
// Target (issue 4): p95 under 200 ms.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import inspector from 'node:inspector'
import os from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { loadConfig } from '../dist/server/config.js'
import { createServer, openConfiguredDatabase } from '../dist/server/index.js'
import { caseOutcomes, cases, children, families, followUps, organisations, referralChildren, referrals, users } from '../dist/server/platform/db/schema.js'
import { createApiToken } from '../dist/server/platform/auth/tokens.js'
import { SESSION_COOKIE } from '../dist/server/platform/auth/sessions.js'
import { seedDemo, DEMO_ORGANISATION, DEMO_PASSWORD } from '../dist/db/seeds/demo.js'

const CASES = Math.round(positive('BENCH_CASES', 3000))
const REQUESTS = Math.round(positive('BENCH_REQUESTS', 60))
const CONNECTIONS = Math.round(positive('BENCH_CONNECTIONS', 2))
const FINANCE = 'finance@demoshire.example'
const log = (line = '') => process.stdout.write(`${line}\n`)

function positive(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`)
  return n
}

/** A deterministic generator, so every run measures the same service. */
function random(seed) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}
const iso = (d) => d.toISOString().slice(0, 10)
const addDays = (date, n) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + n))

/** Five years of closed cases, one young person each, with outcomes and the follow-ups due by now. */
async function seedService(db) {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, DEMO_ORGANISATION))
  const [referrer] = await db
    .select()
    .from(users)
    .where(and(eq(users.organisationId, org.id), eq(users.email, 'referrer@demoshire.example')))
  const rnd = random(20261123)
  const today = new Date()
  const start = addDays(today, -5 * 365)
  const strands = ['crisis', 'risk_of_care', 'risk_of_care', 'risk_of_care', 'reunification', 'placement_stability']
  const atRiskTypes = ['residential', 'residential', 'fostering', null]
  for (let offset = 0; offset < CASES; offset += 500) {
    const n = Math.min(500, CASES - offset)
    const fams = await db
      .insert(families)
      .values(Array.from({ length: n }, (_, i) => ({ organisationId: org.id, name: `Benchfamily ${offset + i} family` })))
      .returning({ id: families.id })
    const plans = fams.map((f, i) => {
      const closure = addDays(start, Math.floor(((offset + i) / CASES) * 5 * 365))
      const referred = addDays(closure, -(60 + Math.floor(rnd() * 150)))
      const strand = strands[(offset + i) % strands.length]
      const r = rnd()
      const outcome =
        strand === 'reunification'
          ? r < 0.7
            ? 'returned_home'
            : 'other'
          : strand === 'placement_stability'
            ? r < 0.75
              ? 'placement_stabilised'
              : 'other'
            : r < 0.7
              ? 'remained_at_home'
              : r < 0.9
                ? 'entered_care'
                : 'other'
      return {
        familyId: f.id,
        closure,
        referred,
        strand,
        outcome,
        dob: iso(addDays(referred, -Math.floor((10 + rnd() * 7) * 365.25))),
        atRisk: strand === 'reunification' ? null : atRiskTypes[Math.floor(rnd() * atRiskTypes.length)],
        current: strand === 'reunification' || strand === 'placement_stability' ? 'fostering' : null,
      }
    })
    const kids = await db
      .insert(children)
      .values(
        plans.map((p, i) => ({
          organisationId: org.id,
          familyId: p.familyId,
          givenName: 'Bench',
          familyName: `Child${offset + i}`,
          dateOfBirth: p.dob,
          sex: 'U',
          ethnicity: 'NOBT',
        })),
      )
      .returning({ id: children.id })
    const refs = await db
      .insert(referrals)
      .values(
        plans.map((p) => ({
          organisationId: org.id,
          familyId: p.familyId,
          strand: p.strand,
          status: 'accepted',
          referrerId: referrer.id,
          referrerTeam: 'child_in_need',
          reason: 'Synthetic benchmark case',
          atRiskPlacementType: p.atRisk,
          currentPlacementType: p.current,
          submittedAt: p.referred,
        })),
      )
      .returning({ id: referrals.id })
    await db.insert(referralChildren).values(refs.map((r, i) => ({ referralId: r.id, childId: kids[i].id })))
    const made = await db
      .insert(cases)
      .values(
        plans.map((p, i) => ({
          organisationId: org.id,
          familyId: p.familyId,
          referralId: refs[i].id,
          strand: p.strand,
          status: 'closed',
          acceptedAt: p.referred,
          closedAt: p.closure,
          closureDate: iso(p.closure),
        })),
      )
      .returning({ id: cases.id })
    await db
      .insert(caseOutcomes)
      .values(plans.map((p, i) => ({ caseId: made[i].id, childId: kids[i].id, outcome: p.outcome, placementType: p.outcome === 'entered_care' ? 'residential' : null })))
    const due = plans.flatMap((p, i) =>
      [3, 6, 12, 18].map((months) => {
        const dueDate = addDays(p.closure, Math.round(months * 30.44))
        const known = dueDate <= today
        const inCare = p.outcome === 'entered_care' || p.strand === 'placement_stability' || rnd() < 0.04
        return {
          caseId: made[i].id,
          childId: kids[i].id,
          monthsAfterClosure: months,
          dueDate: iso(dueDate),
          status: known ? (inCare ? 'in_care' : 'at_home') : null,
          placementType: known && inCare ? 'residential' : null,
          source: known ? 'recorded' : null,
        }
      }),
    )
    await db.insert(followUps).values(due)
  }
}

function percentile(sorted, p) {
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

async function measure(base, target) {
  const get = async () => {
    const started = performance.now()
    const response = await fetch(new URL(target.path, base), { headers: target.headers, redirect: 'manual' })
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${target.path} answered ${response.status}`)
    return performance.now() - started
  }
  for (let i = 0; i < 5; i++) await get()
  const times = []
  let next = 0
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < REQUESTS) {
        next += 1
        times.push(await get())
      }
    }),
  )
  times.sort((a, b) => a - b)
  return { name: target.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1), n: times.length }
}

async function signIn(base) {
  const jar = new Map()
  const request = async (path, init = {}) => {
    const response = await fetch(new URL(path, base), {
      ...init,
      headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eqAt = pair.indexOf('=')
      jar.set(pair.slice(0, eqAt).trim(), pair.slice(eqAt + 1).trim())
    }
    return { status: response.status, body: await response.text() }
  }
  const form = await request('/sign-in')
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(form.body)?.[1]
  const done = await request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: FINANCE, password: DEMO_PASSWORD, returnTo: '/' }).toString(),
  })
  if (done.status !== 303 || !jar.has(SESSION_COOKIE)) throw new Error(`Sign-in as ${FINANCE} failed (${done.status})`)
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

async function main() {
  const tmp = mkdtempSync(join(os.tmpdir(), 'eoc-bench-impact-'))
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATA_DIR: tmp, LOG_LEVEL: 'silent' })
  let database
  let app
  try {
    database = await openConfiguredDatabase(config, 'the impact benchmark')
    app = await createServer(config, database, false)
    const seeded = await seedDemo(database.db, { childCount: 100 })
    if (seeded.created) {
      const t = performance.now()
      await seedService(database.db)
      log(`Demo seeded, with a synthetic service of ${CASES} closed cases over five years (${((performance.now() - t) / 1000).toFixed(1)} s)`)
    } else log('Demo already present: the synthetic service is not added again')
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${app.server.address().port}`
    const [finance] = await database.db.select().from(users).where(eq(users.email, FINANCE))
    const { token } = await createApiToken(database.db, finance.id, 'impact benchmark')
    const cookie = await signIn(base)
    const now = new Date()
    const fy = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1
    const fiveYearsAgo = iso(addDays(now, -5 * 365 - 1))
    const targets = [
      { name: 'GET /api/v1/impact, the current financial year', path: `/api/v1/impact?from=${fy}-04-01&to=${fy + 1}-03-31`, headers: { authorization: `Bearer ${token}` } },
      { name: 'GET /api/v1/impact, five years', path: `/api/v1/impact?from=${fiveYearsAgo}&to=${iso(now)}`, headers: { authorization: `Bearer ${token}` } },
      { name: 'GET /finance (dashboard)', path: '/finance', headers: { accept: 'text/html', cookie } },
    ]
    log(`Each: 5 warm-up requests, then ${REQUESTS} requests from ${CONNECTIONS} clients at once\n`)
    // BENCH_PROFILE=FILE writes a CPU profile of the measured requests alone (not the seeding) to FILE.
    const profiler = process.env.BENCH_PROFILE ? new inspector.Session() : null
    if (profiler) {
      profiler.connect()
      await new Promise((resolve) => profiler.post('Profiler.enable', () => profiler.post('Profiler.start', resolve)))
    }
    const results = []
    for (const target of targets) results.push(await measure(base, target))
    if (profiler) {
      const { profile } = await new Promise((resolve, reject) => profiler.post('Profiler.stop', (error, result) => (error ? reject(error) : resolve(result))))
      writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile))
      log(`CPU profile of the measured requests written to ${process.env.BENCH_PROFILE}`)
    }
    const width = Math.max(...results.map((r) => r.name.length))
    log(`${'target'.padEnd(width)}  p50 ms  p95 ms  max ms`)
    for (const r of results)
      log(
        `${r.name.padEnd(width)}  ${r.p50.toFixed(1).padStart(6)}  ${r.p95.toFixed(1).padStart(6)}  ${r.max.toFixed(1).padStart(6)}${r.p95 >= 200 ? '  (over the 200 ms target)' : ''}`,
      )
    const cpus = os.cpus()
    log(`\nMachine: ${cpus.length} CPUs, ${cpus[0]?.model?.trim() ?? 'unknown'}; Node ${process.version}; database ${database.kind}`)
    return 0
  } finally {
    if (app) await app.close().catch(() => undefined)
    if (database) await database.close().catch(() => undefined)
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

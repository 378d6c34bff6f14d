// Service dashboard benchmark: `npm run bench -- service-dashboard` (builds first).
//
// A throwaway embedded database (or PostgreSQL when DATABASE_URL is set: it then adds the
// synthetic cases to that database's demo organisation) with the Demoshire demo and a large
// synthetic service: BENCH_CASES (default 3,000) closed cases over five years, each a family
// with one child, a referral, a panel decision, an outcome and four follow-ups. Then it times
// the dashboard's work in-process (every SQL aggregate and table, then the charts) for a
// five-year period and for one year, BENCH_RUNS times each (default 20), and prints p50 and
// p95. In-process, so the figures leave out HTTP and the page's template (a few ms).

import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { loadConfig } from '../dist/server/config.js'
import { openConfiguredDatabase } from '../dist/server/index.js'
import { rows } from '../dist/server/platform/db/index.js'
import { seedReferenceData } from '../dist/db/seeds/reference.js'
import { seedDemo, DEMO_ORGANISATION } from '../dist/db/seeds/demo.js'
import { buildServiceDashboard } from '../dist/server/modules/impact/index.js'
import { figuresOf } from '../dist/server/modules/impact/service-dashboard.js'

const CASES = Math.round(Number(process.env.BENCH_CASES || 3000))
const RUNS = Math.round(Number(process.env.BENCH_RUNS || 20))
const log = (line = '') => process.stdout.write(`${line}\n`)

const dataDir = process.env.DATABASE_URL ? null : mkdtempSync(join(os.tmpdir(), 'eoc-bench-impact-'))
const config = loadConfig({ ...process.env, NODE_ENV: 'test', ...(dataDir ? { DATA_DIR: dataDir } : {}) })
const database = await openConfiguredDatabase(config, 'the service dashboard benchmark')
try {
  await database.migrate()
  await seedReferenceData(database.db)
  await seedDemo(database.db, { childCount: 60 })
  const db = database.db
  const [org] = await rows(db, sql`select id from organisations where code = ${DEMO_ORGANISATION}`)
  const [ids] = await rows(
    db,
    sql`select (select u.id from users u join user_roles r on r.user_id = u.id where u.organisation_id = ${org.id} and r.role = 'referrer' limit 1) as referrer,
               (select u.id from users u join user_roles r on r.user_id = u.id where u.organisation_id = ${org.id} and r.role = 'panel_chair' limit 1) as chair,
               (select u.id from users u join user_roles r on r.user_id = u.id where u.organisation_id = ${org.id} and r.role = 'family_support_worker' limit 1) as worker,
               (select id from teams where organisation_id = ${org.id} order by name limit 1) as team`,
  )
  const started = performance.now()
  const already = await rows(db, sql`select count(*)::int as n from families where organisation_id = ${org.id} and name like 'Bench family %'`)
  if (!already[0].n) {
    await db.execute(sql`insert into panel_meetings (organisation_id, date) values (${org.id}, '2021-04-01')`)
    await db.execute(sql`insert into families (organisation_id, name) select ${org.id}, 'Bench family ' || g from generate_series(1, ${CASES}) g`)
    await db.execute(sql`
      insert into children (organisation_id, family_id, given_name, family_name, date_of_birth, sex, ethnicity, send, disability)
      select f.organisation_id, f.id, 'Bench', f.name, date '2006-01-01' + ((n * 37) % 2900), case when n % 2 = 0 then 'M' else 'F' end,
             (array['WBRI','WBRI','WBRI','MWBC','APKN','BAFR','OOTH'])[1 + n % 7], (array['none','none','sen_support','ehcp'])[1 + n % 4], n % 11 = 0
      from (select id, organisation_id, name, split_part(name, ' ', 3)::int as n from families where organisation_id = ${org.id} and name like 'Bench family %') f`)
    await db.execute(sql`
      insert into referrals (organisation_id, family_id, strand, status, referrer_id, referrer_team, reason, submitted_at, re_referral)
      select f.organisation_id, f.id, (array['crisis','risk_of_care','risk_of_care','risk_of_care','reunification','risk_of_care'])[1 + n % 6], 'accepted', ${ids.referrer},
             (array['front_door','child_in_need','child_protection','children_in_care','other'])[1 + n % 5], 'Bench', timestamptz '2021-04-01 09:00+00' + n * interval '14 hours', n % 13 = 0
      from (select id, organisation_id, split_part(name, ' ', 3)::int as n from families where organisation_id = ${org.id} and name like 'Bench family %') f`)
    await db.execute(sql`
      insert into referral_children (referral_id, child_id)
      select r.id, c.id from referrals r join children c on c.family_id = r.family_id where r.organisation_id = ${org.id} and r.reason = 'Bench'`)
    await db.execute(sql`
      insert into panel_decisions (referral_id, panel_meeting_id, decision, rationale, decided_by, decided_at)
      select r.id, (select id from panel_meetings where organisation_id = ${org.id} order by date limit 1), 'accepted', 'Bench', ${ids.chair}, r.submitted_at + interval '6 days'
      from referrals r where r.organisation_id = ${org.id} and r.reason = 'Bench'`)
    await db.execute(sql`
      insert into cases (organisation_id, family_id, referral_id, strand, status, team_id, lead_worker_id, accepted_at, closed_at, closure_date)
      select r.organisation_id, r.family_id, r.id, r.strand, 'closed', ${ids.team}, ${ids.worker}, r.submitted_at + interval '6 days',
             r.submitted_at + interval '186 days', (r.submitted_at + interval '186 days')::date
      from referrals r where r.organisation_id = ${org.id} and r.reason = 'Bench'`)
    await db.execute(sql`
      insert into case_outcomes (case_id, child_id, outcome)
      select k.id, rc.child_id, (array['remained_at_home','remained_at_home','remained_at_home','entered_care','returned_home','other','remained_at_home','placement_stabilised'])[1 + (abs(hashtext(k.id::text)) % 8)]
      from cases k join referral_children rc on rc.referral_id = k.referral_id join referrals r on r.id = k.referral_id where r.reason = 'Bench'`)
    await db.execute(sql`
      insert into follow_ups (case_id, child_id, months_after_closure, due_date, status, source)
      select o.case_id, o.child_id, m, (k.closure_date + m * interval '1 month')::date,
             case when (k.closure_date + m * interval '1 month')::date > current_date then null when abs(hashtext(o.child_id::text || m)) % 9 = 0 then 'in_care' else 'at_home' end, 'recorded'
      from case_outcomes o join cases k on k.id = o.case_id join referrals r on r.id = k.referral_id cross join (values (3), (6), (12), (18)) months(m) where r.reason = 'Bench'`)
  }
  const [count] = await rows(db, sql`select count(*)::int as n from cases where organisation_id = ${org.id} and status = 'closed'`)
  log(
    `${count.n.toLocaleString('en-GB')} closed cases ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})`,
  )

  const today = new Date().toISOString().slice(0, 10)
  for (const [label, period] of [
    ['five years', { from: '2021-04-01', to: '2026-03-31' }],
    ['one year', { from: '2024-04-01', to: '2025-03-31' }],
  ]) {
    const times = []
    for (let i = 0; i < RUNS + 2; i++) {
      const t = performance.now()
      const dashboard = await buildServiceDashboard(db, org.id, { ...period, teamId: null }, { kind: 'page', roles: ['analyst'] }, today)
      await figuresOf(dashboard.sections, '/impact/service?')
      if (i >= 2) times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]
    log(`service dashboard, ${label}: p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms over ${RUNS} runs (SQL, tables and charts)`)
  }
} finally {
  await database.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}

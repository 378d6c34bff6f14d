import type { PGlite } from '@electric-sql/pglite'
import { eq, sql } from 'drizzle-orm'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { completeFollowUpTask, createFollowUpTasks, followUpTasksJob, listOpenTasks } from '../../server/modules/casework/follow-up-tasks.js'
import { verifyAuditChains } from '../../server/platform/audit/index.js'
import { createPglite, openDatabase, rows, type Database } from '../../server/platform/db/index.js'
import { auditEvents, cases, children, families, followUps, organisations, tasks, teams, users } from '../../server/platform/db/schema.js'
import { createJobRunner, type JobDefinition, type JobRunner } from '../../server/platform/jobs/index.js'
import { pgliteSql, postgresSql } from '../../server/platform/jobs/sql.js'
import { addDays, todayInLondon } from '../../server/platform/time/index.js'
import { backend, createTestDatabase } from '../support/database.js'

/**
 * The job runner on the test database: in-memory PGlite (through pg-boss's `db` option), or a
 * fresh PostgreSQL database when DATABASE_URL is set. Nothing is mocked.
 */

let database: Database & { pglite?: PGlite }
let connectionString: string | undefined
let runner: JobRunner | undefined

const logs: { level: number; msg: string; err?: { message: string }; job?: string; result?: unknown }[] = []
const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) })
const errorsLogged = () => logs.filter((l) => l.level >= 50).map((l) => `${l.msg}: ${l.err?.message ?? ''}`)

beforeAll(async () => {
  if (backend === 'postgres') {
    const copy = await createTestDatabase()
    database = copy
    connectionString = copy.url ?? undefined
  } else {
    // The raw client is what pg-boss talks to; drizzle gets the same one.
    const pglite = await createPglite('memory://')
    database = { ...(await openDatabase({ pglite })), pglite }
    await database.migrate()
  }
})

afterAll(async () => {
  await runner?.stop()
  await database.close()
})

describe(`the job runner (${backend})`, () => {
  const echoed: unknown[] = []
  const echoJob: JobDefinition = {
    name: 'test-echo',
    handler: async ({ data }) => {
      echoed.push(data)
      return { echoed: data }
    },
  }
  let ticks = 0
  const everyMinuteJob: JobDefinition = { name: 'test-every-minute', cron: '* * * * *', handler: async () => ++ticks }

  async function jobState(id: string): Promise<string | undefined> {
    const [row] = await rows<{ state: string }>(database.db, sql`select state::text as state from pgboss.job where id = ${id}::uuid`)
    return row?.state
  }

  it('starts pg-boss on the service’s database and works a job sent to it', async () => {
    runner = createJobRunner(database, {
      logger,
      connectionString,
      jobs: [echoJob, everyMinuteJob, followUpTasksJob],
      pollingIntervalSeconds: 0.5,
      cronIntervalSeconds: 1,
    })
    await runner.start()
    const id = await runner.send('test-echo', { n: 42 })
    expect(id).toEqual(expect.any(String))
    await vi.waitFor(() => expect(echoed).toEqual([{ n: 42 }]), { timeout: 15_000, interval: 100 })
    await vi.waitFor(async () => expect(await jobState(id as string)).toBe('completed'), { timeout: 10_000, interval: 100 })
    expect(logs.find((l) => l.msg === 'job finished' && l.job === 'test-echo')?.result).toEqual({ echoed: { n: 42 } })
  })

  it('saves each job’s schedule in London time, and a scheduled job runs', async () => {
    const schedules = await (runner as JobRunner).schedules()
    expect(schedules).toEqual(
      expect.arrayContaining([
        { name: 'follow-up-tasks', cron: '0 6 * * *', timezone: 'Europe/London' },
        { name: 'test-every-minute', cron: '* * * * *', timezone: 'Europe/London' },
      ]),
    )
    expect(schedules.map((s) => s.name)).not.toContain('test-echo')
    await vi.waitFor(() => expect(ticks).toBeGreaterThan(0), { timeout: 20_000, interval: 200 })
  })

  it('refuses a job it does not know', async () => {
    await expect((runner as JobRunner).send('no-such-job')).rejects.toThrow(/No job is named no-such-job/)
    await expect((runner as JobRunner).runNow('no-such-job')).rejects.toThrow(/No job is named no-such-job/)
  })

  it('says what it is missing when it cannot reach the queue, and holds nothing open', async () => {
    const bare = createJobRunner({ kind: database.kind, db: database.db }, { logger, jobs: [echoJob] })
    await expect(bare.start()).rejects.toThrow(database.kind === 'pglite' ? /raw PGlite client/ : /connectionString/)
    await bare.stop()
    await expect(bare.send('test-echo')).rejects.toThrow(/not running/)
  })

  it('leaves the shared database usable when a pg-boss script fails half way', async () => {
    const script = `BEGIN; SELECT 1; SELECT 1/0; COMMIT;`
    const executor = database.pglite ? pgliteSql(database.pglite, logger) : postgresSql(connectionString as string, logger)
    try {
      await expect(executor.executeSql(script)).rejects.toThrow(/division by zero/)
      if (database.pglite) expect(database.pglite.isInTransaction()).toBe(false)
      expect(await executor.executeSql('select 2 as n')).toEqual({ rows: [{ n: 2 }] })
      expect(await rows<{ n: number }>(database.db, sql`select 3 as n`)).toEqual([{ n: 3 }])
    } finally {
      await executor.close()
    }
    expect(await executor.executeSql('select 4 as n')).toEqual({ rows: [] })
  })

  it('stops gracefully, without errors, and then sends nothing', async () => {
    await (runner as JobRunner).stop()
    await (runner as JobRunner).stop()
    await expect((runner as JobRunner).send('test-echo', {})).rejects.toThrow(/not running/)
    expect(errorsLogged()).toEqual([])
    expect(logs.some((l) => l.msg === 'job runner stopped')).toBe(true)
  })
})

describe(`follow-up tasks (${backend})`, () => {
  const today = todayInLondon()
  let organisationId: string
  let teamId: string
  let workerId: string
  let closedCaseId: string
  const followUp: Record<string, string> = {}

  beforeAll(async () => {
    const db = database.db
    const [org] = await db.insert(organisations).values({ code: 'JOBS', name: 'Jobs Council' }).returning()
    organisationId = (org as { id: string }).id
    const [team] = await db.insert(teams).values({ organisationId, name: 'North' }).returning()
    teamId = (team as { id: string }).id
    const [worker] = await db.insert(users).values({ organisationId, email: 'fsw@jobs.example', name: 'Fran Worker', teamId }).returning()
    workerId = (worker as { id: string }).id
    const [family] = await db.insert(families).values({ organisationId, name: 'Testfamily family' }).returning()
    const familyId = (family as { id: string }).id
    const child = (givenName: string) => ({ organisationId, familyId, givenName, familyName: 'Testfamily', dateOfBirth: '2011-05-04', sex: 'F', ethnicity: 'WBRI' })
    const [alex, sam] = await db
      .insert(children)
      .values([child('Alex'), child('Sam')])
      .returning()
    const closed = { organisationId, familyId, status: 'closed', teamId, leadWorkerId: workerId, closedAt: new Date(), closureDate: addDays(today, -100) }
    const [closedCase, openCase] = await db
      .insert(cases)
      .values([closed, { ...closed, status: 'active', closedAt: null, closureDate: null }])
      .returning()
    closedCaseId = (closedCase as { id: string }).id
    const made = await db
      .insert(followUps)
      .values([
        // due in the past, nothing recorded: a task
        { caseId: closedCaseId, childId: alex?.id as string, monthsAfterClosure: 3, dueDate: addDays(today, -10) },
        // due today: a task
        { caseId: closedCaseId, childId: alex?.id as string, monthsAfterClosure: 6, dueDate: today },
        // not due yet: none
        { caseId: closedCaseId, childId: alex?.id as string, monthsAfterClosure: 12, dueDate: addDays(today, 200) },
        // due, but already recorded: none
        { caseId: closedCaseId, childId: sam?.id as string, monthsAfterClosure: 3, dueDate: addDays(today, -10), status: 'at_home', source: 'recorded', recordedAt: new Date() },
        // due, but the case is not closed: none
        { caseId: (openCase as { id: string }).id, childId: sam?.id as string, monthsAfterClosure: 6, dueDate: addDays(today, -1) },
      ])
      .returning()
    for (const f of made) followUp[`${f.childId === alex?.id ? 'alex' : 'sam'}-${f.caseId === closedCaseId ? 'closed' : 'open'}-${f.monthsAfterClosure}`] = f.id
  })

  const followUpTasks = () => database.db.select().from(tasks).where(eq(tasks.kind, 'follow_up')).orderBy(tasks.dueDate)
  const runs = () => database.db.select().from(auditEvents).where(eq(auditEvents.action, 'follow-up-tasks.run')).orderBy(auditEvents.seq)

  it('makes a task for each due follow-up with no status on a closed case, for the lead worker', async () => {
    // Never started: runNow runs the handler here, outside the queue.
    const cli = createJobRunner(database, { logger, connectionString, jobs: [followUpTasksJob] })
    expect(await cli.runNow('follow-up-tasks')).toBe(2)
    const made = await followUpTasks()
    expect(
      made.map(({ organisationId, caseId, subjectId, title, dueDate, assignedTo, teamId, completedAt }) => ({
        organisationId,
        caseId,
        subjectId,
        title,
        dueDate,
        assignedTo,
        teamId,
        completedAt,
      })),
    ).toEqual([
      {
        organisationId,
        caseId: closedCaseId,
        subjectId: followUp['alex-closed-3'],
        title: 'Record where Alex is 3 months after closure',
        dueDate: addDays(today, -10),
        assignedTo: workerId,
        teamId,
        completedAt: null,
      },
      {
        organisationId,
        caseId: closedCaseId,
        subjectId: followUp['alex-closed-6'],
        title: 'Record where Alex is 6 months after closure',
        dueDate: today,
        assignedTo: workerId,
        teamId,
        completedAt: null,
      },
    ])
    const [run] = await runs()
    expect(run).toMatchObject({ chain: 'system', organisationId: null, userId: null, details: { today, created: 2, completed: 0 } })
  })

  it('makes no duplicate when run again, and audits every run', async () => {
    const cli = createJobRunner(database, { logger, connectionString, jobs: [followUpTasksJob] })
    expect(await cli.runNow('follow-up-tasks')).toBe(0)
    expect(await followUpTasks()).toHaveLength(2)
    expect((await runs()).map((r) => r.details)).toEqual([
      { today, created: 2, completed: 0 },
      { today, created: 0, completed: 0 },
    ])
    expect((await verifyAuditChains(database.db)).every((r) => r.ok)).toBe(true)
  })

  it('lists a worker’s open tasks, soonest first, and closes a task when its follow-up is recorded', async () => {
    expect((await listOpenTasks(database.db, workerId, today)).map((t) => [t.title, t.overdue])).toEqual([
      ['Record where Alex is 3 months after closure', true],
      ['Record where Alex is 6 months after closure', false],
    ])
    const recorded = await database.db.transaction(async (tx) => {
      await tx
        .update(followUps)
        .set({ status: 'at_home', source: 'recorded', recordedAt: new Date() })
        .where(eq(followUps.id, followUp['alex-closed-3'] as string))
      return completeFollowUpTask(tx, followUp['alex-closed-3'] as string)
    })
    expect(recorded).toBe(true)
    expect(await completeFollowUpTask(database.db, followUp['alex-closed-3'] as string)).toBe(false)
    expect((await listOpenTasks(database.db, workerId, today)).map((t) => t.title)).toEqual(['Record where Alex is 6 months after closure'])
  })

  it('closes, on its next run, a task whose follow-up was recorded without closing it', async () => {
    await database.db
      .update(followUps)
      .set({ status: 'in_care', placementType: 'K1', source: 'ssda903', recordedAt: new Date() })
      .where(eq(followUps.id, followUp['alex-closed-6'] as string))
    expect(await createFollowUpTasks(database.db, today)).toBe(0)
    expect(await listOpenTasks(database.db, workerId, today)).toEqual([])
    expect((await runs()).at(-1)?.details).toEqual({ today, created: 0, completed: 1 })
  })

  it('makes the later follow-up’s task once its day comes', async () => {
    expect(await createFollowUpTasks(database.db, addDays(today, 199))).toBe(0)
    expect(await createFollowUpTasks(database.db, addDays(today, 200))).toBe(1)
    expect((await listOpenTasks(database.db, workerId, addDays(today, 200))).map((t) => [t.subjectId, t.title])).toEqual([
      [followUp['alex-closed-12'], 'Record where Alex is 12 months after closure'],
    ])
  })
})

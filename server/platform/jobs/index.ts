import type { PGlite } from '@electric-sql/pglite'
import PgBoss from 'pg-boss'
import type { Logger } from 'pino'
import type { Db } from '../db/index.js'
import { SERVICE_TIME_ZONE } from '../time/index.js'
import { pgliteSql, postgresSql, type SqlExecutor } from './sql.js'

/**
 * Background and scheduled jobs, on pg-boss.
 *
 * Why pg-boss: its queue is a few tables (schema `pgboss`) in the service's own database, so
 * there is nothing else to run, secure or back up, and every instance of the service shares
 * one queue. A job sent is worked by exactly one instance (workers claim jobs with
 * `FOR UPDATE SKIP LOCKED`). A cron schedule runs once per slot however many instances are
 * running: one instance at a time evaluates the schedules (pg-boss takes turns through a
 * timestamp in its own tables) and the job it sends carries a singleton key for that minute.
 * A job that throws is retried; one whose instance dies part way expires and is retried by
 * another. Handlers should still be idempotent: retries and `runNow` may repeat a run.
 *
 * On the embedded database (PGlite: one process, one session) the same code runs through
 * pg-boss's `db` option, see `./sql.ts`.
 */

export interface JobContext {
  db: Db
  logger: Logger
  /** The pg-boss job id; null when run by `runNow`. */
  jobId: string | null
  data: Record<string, unknown>
}

export interface JobDefinition<Result = unknown> {
  /** The queue name: letters, digits, hyphens. */
  name: string
  /** Five-field cron, in London time (e.g. '0 6 * * *': 06:00 every day, GMT or BST). None: runs only when sent. */
  cron?: string
  handler(context: JobContext): Promise<Result>
  /** Retries after a failure (default 3, 1 minute apart, doubling). */
  retryLimit?: number
}

/** The database to run jobs against: `pglite` is the raw client behind `db` on the embedded database. */
export interface JobDatabase {
  kind: 'pglite' | 'postgres'
  db: Db
  pglite?: PGlite
}

export interface JobRunnerOptions {
  logger: Logger
  jobs: JobDefinition[]
  /** PostgreSQL: the service's DATABASE_URL. pg-boss keeps a small pool of its own. */
  connectionString?: string
  /**
   * PostgreSQL with a separate owner role (docs/database-roles.md): pg-boss's schema and
   * queues are created as this role at start, and the service's role only reads and writes rows.
   */
  migrationConnectionString?: string
  /** Default 'pgboss'. */
  schema?: string
  /** false: send jobs and run them now, but work none and fire no schedules (a command-line process). */
  work?: boolean
  /** How often an idle worker looks for a job (default 2 seconds; tests use less). */
  pollingIntervalSeconds?: number
  /** How often schedules are checked and their jobs sent (default 30 and 5 seconds; tests use 1). */
  cronIntervalSeconds?: number
  /** How long `stop()` waits for running jobs (default 30 seconds). */
  stopTimeoutSeconds?: number
}

export interface JobSchedule {
  name: string
  cron: string
  timezone: string
}

export interface JobRunner {
  /** Installs or updates pg-boss's schema, creates the queues, saves the schedules and starts the workers. */
  start(): Promise<void>
  /** Queues a job for whichever instance is free. Needs `start()`. */
  send(name: string, data?: Record<string, unknown>): Promise<string | null>
  /** Runs a job's handler here and now, outside the queue (tests, the command line); returns what it returns. */
  runNow(name: string, data?: Record<string, unknown>): Promise<unknown>
  /** The schedules saved in the queue (every instance's). Needs `start()`. */
  schedules(): Promise<JobSchedule[]>
  /** Stops taking jobs, waits for running ones, then lets go of the database. Call before closing the database. */
  stop(): Promise<void>
}

const DEFAULT_SCHEMA = 'pgboss'
/** pg-boss's own queue for the jobs its schedules send (pg-boss 10); created with the others when an owner role installs. */
const PGBOSS_SCHEDULE_QUEUE = '__pgboss__send-it'

export function createJobRunner(database: JobDatabase, options: JobRunnerOptions): JobRunner {
  const logger = options.logger.child({ component: 'jobs' })
  const schema = options.schema ?? DEFAULT_SCHEMA
  const work = options.work ?? true
  const jobs = new Map<string, JobDefinition>()
  for (const job of options.jobs) {
    if (jobs.has(job.name)) throw new Error(`Two jobs are named ${job.name}`)
    jobs.set(job.name, job)
  }
  let boss: PgBoss | null = null
  let sql: SqlExecutor | null = null
  let starting = false
  let stopping = false

  function definition(name: string): JobDefinition {
    const job = jobs.get(name)
    if (!job) throw new Error(`No job is named ${name} (known: ${[...jobs.keys()].join(', ')})`)
    return job
  }

  function started(): PgBoss {
    if (!boss || stopping) throw new Error('The job runner is not running: call start() first')
    return boss
  }

  async function run(job: JobDefinition, jobId: string | null, data: Record<string, unknown>): Promise<unknown> {
    const log = logger.child({ job: job.name, jobId })
    const startedAt = Date.now()
    log.info('job started')
    try {
      const result = await job.handler({ db: database.db, logger: log, jobId, data })
      log.info({ ms: Date.now() - startedAt, result }, 'job finished')
      return result
    } catch (err) {
      log.error({ err, ms: Date.now() - startedAt }, 'job failed')
      throw err
    }
  }

  function queueOptions(job: JobDefinition): PgBoss.Queue {
    return { name: job.name, policy: 'standard', retryLimit: job.retryLimit ?? 3, retryDelay: 60, retryBackoff: true }
  }

  /** With an owner role: pg-boss's schema, migrations and queues (which are tables) are made by the owner, once, under pg-boss's own lock. */
  async function installAsOwner(connectionString: string) {
    const owner = new PgBoss({ connectionString, schema, migrate: true, supervise: false, schedule: false, max: 1, application_name: 'edge-of-care jobs install' })
    owner.on('error', (err) => logger.error({ err }, 'job queue install error'))
    await owner.start()
    try {
      await owner.createQueue(PGBOSS_SCHEDULE_QUEUE)
      for (const job of jobs.values()) await owner.createQueue(job.name, queueOptions(job))
    } finally {
      await owner.stop({ graceful: false })
    }
  }

  return {
    async start() {
      if (boss || starting) throw new Error('The job runner has already been started')
      starting = true
      let executor: SqlExecutor | null = null
      let instance: PgBoss | null = null
      try {
        if (database.kind === 'postgres') {
          if (!options.connectionString) throw new Error('The job runner needs connectionString (DATABASE_URL) on PostgreSQL')
          if (options.migrationConnectionString) await installAsOwner(options.migrationConnectionString)
          executor = postgresSql(options.connectionString, logger)
        } else {
          if (!database.pglite) throw new Error('The job runner needs the raw PGlite client (database.pglite) on the embedded database')
          executor = pgliteSql(database.pglite, logger)
        }
        const cron = options.cronIntervalSeconds
        instance = new PgBoss({
          db: executor,
          schema,
          migrate: !options.migrationConnectionString,
          supervise: work,
          schedule: work,
          ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
          ...(cron ? { cronMonitorIntervalSeconds: cron, cronWorkerIntervalSeconds: cron } : {}),
        })
        // pg-boss reports trouble (a lost connection, a failed poll) as 'error' events: unheard, they would end the process.
        instance.on('error', (err) => (stopping ? logger.debug({ err }, 'job queue error while stopping') : logger.error({ err }, 'job queue error')))
        await instance.start()
        for (const job of jobs.values()) {
          await instance.createQueue(job.name, queueOptions(job))
          // A job that lost its schedule must not keep firing from the one saved by an earlier version.
          if (job.cron) await instance.schedule(job.name, job.cron, {}, { tz: SERVICE_TIME_ZONE })
          else await instance.unschedule(job.name)
          if (work) {
            await instance.work<Record<string, unknown>>(job.name, { batchSize: 1 }, async ([queued]) => {
              if (!queued) return null
              // A poll in flight when stop() was called can still hand over a job: fail it, to be retried by a running instance.
              if (stopping) throw new Error('The job runner is stopping')
              return run(job, queued.id, queued.data ?? {})
            })
          }
        }
      } catch (error) {
        await instance?.stop({ graceful: false }).catch(() => undefined)
        await executor?.close()
        throw error
      } finally {
        starting = false
      }
      boss = instance
      sql = executor
      logger.info({ jobs: [...jobs.values()].map((j) => ({ name: j.name, cron: j.cron ?? null })), work, database: database.kind }, 'job runner started')
    },

    async send(name, data = {}) {
      definition(name)
      return started().send(name, data)
    },

    async runNow(name, data = {}) {
      return run(definition(name), null, data)
    },

    async schedules() {
      const rows = (await started().getSchedules()) as unknown as { name: string; cron: string; timezone: string }[]
      return rows.map(({ name, cron, timezone }) => ({ name, cron, timezone }))
    },

    async stop() {
      if (!boss || stopping) return
      stopping = true
      await boss.stop({ graceful: true, wait: true, timeout: (options.stopTimeoutSeconds ?? 30) * 1000 })
      await sql?.close()
      logger.info('job runner stopped')
    },
  }
}

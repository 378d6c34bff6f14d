import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppDeps } from './app.js'
import type { Config } from './config.js'
import { openDatabase, type Database } from './platform/db/index.js'
import { acquireDataDirLock } from './platform/db/data-dir-lock.js'
import { projectRoot } from './platform/paths.js'
import { allRoutes } from './routes.js'
import { seedReferenceData } from '../db/seeds/reference.js'
import { createJobRunner, type JobRunner } from './platform/jobs/index.js'
import { followUpTasksJob } from './modules/casework/index.js'
import { ssda903ImportJob } from './modules/ssda903/index.js'

export const version: string = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else the
 * embedded one in DATA_DIR, locked so no other process opens it at the same time.
 */
export async function openConfiguredDatabase(config: Config, purpose: string, port?: number): Promise<Database> {
  if (config.DATABASE_URL) return openDatabase({ databaseUrl: config.DATABASE_URL, migrationDatabaseUrl: config.MIGRATION_DATABASE_URL })
  const release = acquireDataDirLock(config.DATA_DIR, purpose, port)
  try {
    const database = await openDatabase({ dataDir: config.DATA_DIR })
    return {
      ...database,
      async close() {
        await database.close()
        release()
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

/** Composition root: database → migrations and reference data → app with every module's routes. */
export async function createServer(config: Config, database: Database, logger: pino.Logger | false, jobs?: AppDeps['jobs']): Promise<FastifyInstance> {
  await database.migrate()
  await seedReferenceData(database.db)
  return buildApp({ config, database, logger: logger || false, version, ...(jobs ? { jobs } : {}) }, allRoutes)
}

export function createLogger(config: Config) {
  return pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] })
}

/** Every scheduled and background job the service runs. */
export const jobs = [followUpTasksJob, ssda903ImportJob]

/**
 * Background jobs on the service's own database (pg-boss: several instances share one queue,
 * and a schedule fires once across them). Call after migrations; stop before closing the database.
 */
export async function startJobs(config: Config, database: Database, logger: pino.Logger): Promise<JobRunner> {
  const runner = createJobRunner(database, { logger, jobs, connectionString: config.DATABASE_URL, migrationConnectionString: config.MIGRATION_DATABASE_URL })
  await runner.start()
  return runner
}

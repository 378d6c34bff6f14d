import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { openDatabase } from '../server/platform/db/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null
  }
}

/**
 * With DATABASE_URL set, the suite runs on PostgreSQL: one database is migrated
 * here as a template, and every test database is a fresh copy of it, so parallel
 * test files never share rows. Without it, each test file gets its own PGlite.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL
  if (!url) {
    project.provide('pgTemplate', null)
    return
  }
  const template = `eoc_template_${process.pid}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${template}`)
  await admin.query(`CREATE DATABASE ${template}`)
  const templateUrl = withDatabase(url, template)
  const database = await openDatabase({ databaseUrl: templateUrl })
  await database.migrate()
  await database.close()
  project.provide('pgTemplate', template)
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`eoc_test_${process.pid}_%`])
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`)
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)
    await admin.end()
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

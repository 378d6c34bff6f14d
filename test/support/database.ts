import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../../server/platform/db/index.js'
import { seedReferenceData } from '../../db/seeds/reference.js'
import { withDatabase } from '../global-setup.js'

/**
 * A fresh, migrated database for one test file: a copy of the migrated template on
 * PostgreSQL when DATABASE_URL is set, else an in-memory PGlite. Never a mock.
 */
export async function createTestDatabase(): Promise<Database & { url: string | null }> {
  const url = process.env.DATABASE_URL
  const template = inject('pgTemplate')
  if (url && template) {
    const name = `eoc_test_${template.replace('eoc_template_', '')}_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
    } finally {
      await admin.end()
    }
    const dbUrl = withDatabase(url, name)
    const database = await openDatabase({ databaseUrl: dbUrl })
    await seedReferenceData(database.db)
    return { ...database, url: dbUrl }
  }
  const database = await openDatabase({ dataDir: 'memory://' })
  await database.migrate()
  await seedReferenceData(database.db)
  return { ...database, url: null }
}

export const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite'

import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import pg from 'pg'
import { migrationsFolder } from '../paths.js'
import * as schema from './schema.js'

export { schema }
export type Schema = typeof schema
/** The database as the rest of the app sees it: the same type on PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  /** The raw embedded client, for pg-boss, which talks to it directly. */
  pglite?: PGlite
  /** Applies the migrations under an advisory lock, so several instances may start together. */
  migrate(): Promise<void>
  close(): Promise<void>
}

/** Any fixed number: the key every instance takes before migrating. */
const MIGRATION_LOCK_KEY = 727_001

export interface OpenOptions {
  databaseUrl?: string
  migrationDatabaseUrl?: string
  /** PGlite data directory; `memory://` for a throwaway database. */
  dataDir?: string
  /** An already-open PGlite (tests share one that was migrated once). */
  pglite?: PGlite
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.migrationDatabaseUrl)
  return openPglite(options.pglite ?? (await createPglite(options.dataDir ?? './data')))
}

export async function createPglite(dataDir: string): Promise<PGlite> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir.startsWith('memory://') ? undefined : dataDir)
  await client.exec(`SET TIME ZONE 'Europe/London'`)
  return client
}

function openPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    pglite: client,
    async migrate() {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
      try {
        await migratePglite(drizzlePglite(client), { migrationsFolder })
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      }
    },
    async close() {
      if (!client.closed) await client.close()
    },
  }
}

function openPostgres(url: string, migrationUrl?: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c TimeZone=Europe/London' })
  const db = drizzlePg(pool, { schema }) as unknown as Db
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = new pg.Client({ connectionString: migrationUrl ?? url })
      await client.connect()
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
        try {
          await migratePg(drizzlePg(client), { migrationsFolder })
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
        }
      } finally {
        await client.end()
      }
    },
    async close() {
      await pool.end()
    },
  }
}

/** Rows of a raw query, the same on both drivers. */
export async function rows<T>(executor: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`)
}

import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Logger } from 'pino'

/**
 * What pg-boss's `db` option needs: one function that runs SQL and returns its rows.
 * `close` is ours: it waits for the SQL pg-boss has in flight, then shuts the door.
 */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
  close(): Promise<void>
}

type Run = (text: string, values: unknown[] | undefined) => Promise<{ rows: unknown[] }>

/**
 * Counts the SQL in flight so `close` can wait for it. After `close`, SQL is answered with no
 * rows instead of an error: pg-boss's worker loops may run once more after `stop()` (a poll in
 * flight, or the completion of a job, which pg-boss does not await), and an error there would
 * surface as an unhandled rejection; no rows means "no job", and the loop ends.
 */
function tracked(run: Run, logger: Logger, onClose: () => Promise<void> = async () => undefined): SqlExecutor {
  const inFlight = new Set<Promise<unknown>>()
  let closed = false
  return {
    executeSql(text, values) {
      if (closed) {
        logger.debug({ sql: text.trim().slice(0, 80) }, 'job queue SQL after stop ignored')
        return Promise.resolve({ rows: [] })
      }
      const running = run(text, values)
      inFlight.add(running)
      const forget = () => void inFlight.delete(running)
      running.then(forget, forget)
      return running
    },
    async close() {
      closed = true
      while (inFlight.size) await Promise.allSettled([...inFlight])
      await onClose()
    },
  }
}

function lastRows(result: pg.QueryResult | pg.QueryResult[]): unknown[] {
  return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows
}

/**
 * pg-boss on the embedded database. PGlite is one session shared with the whole service, so:
 *
 * - parameterless SQL goes through `exec` (the simple protocol), because pg-boss sends scripts
 *   of several statements (its schema, and maintenance wrapped in BEGIN … COMMIT); the rest
 *   goes through `query` (the extended protocol, with parameters);
 * - a script runs inside a PGlite transaction. A statement failing half way through a script
 *   that opened its own BEGIN would otherwise leave the one session in an aborted transaction,
 *   failing every query the service made after it. Inside `transaction()`, PGlite rolls back
 *   on error and holds its transaction lock throughout, so nothing else runs in between. (The
 *   script's own BEGIN and COMMIT only raise warnings there, which PGlite does not print.)
 */
export function pgliteSql(pglite: PGlite, logger: Logger): SqlExecutor {
  return tracked(async (text, values) => {
    if (!values?.length) {
      const results = await pglite.transaction((tx) => tx.exec(text))
      return { rows: results.at(-1)?.rows ?? [] }
    }
    // pg sends undefined as NULL; say so rather than rely on PGlite doing the same.
    const result = await pglite.query(
      text,
      values.map((v) => (v === undefined ? null : v)),
    )
    return { rows: result.rows }
  }, logger)
}

/**
 * pg-boss on PostgreSQL, on a small pool of its own. A script that fails leaves its connection
 * in an aborted transaction (pg-boss's scripts open their own BEGIN), so that connection is
 * discarded rather than handed back to the pool.
 */
export function postgresSql(connectionString: string, logger: Logger): SqlExecutor {
  const pool = new pg.Pool({ connectionString, max: 3, application_name: 'edge-of-care jobs' })
  pool.on('error', (err) => logger.warn({ err }, 'job queue database connection lost'))
  return tracked(
    async (text, values) => {
      const client = await pool.connect()
      let discard = false
      try {
        return { rows: lastRows(await client.query(text, values)) }
      } catch (error) {
        discard = !values?.length
        throw error
      } finally {
        client.release(discard)
      }
    },
    logger,
    () => pool.end(),
  )
}

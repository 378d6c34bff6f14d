import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * PGlite is one process's database. Whoever opens DATA_DIR writes this lock file
 * first; anyone else finds it and refuses, rather than opening the directory twice
 * and corrupting it. A lock left by a process that no longer runs is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holder: { pid: number; purpose: string; port?: number },
  ) {
    super(
      `The embedded database in ${resolve(dataDir)} is in use by process ${holder.pid} (${holder.purpose}${holder.port ? ` on port ${holder.port}` : ''}). ` +
        'Stop the service first, or run this against PostgreSQL with DATABASE_URL.',
    )
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function acquireDataDirLock(dataDir: string, purpose: string, port?: number): () => void {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'edge-of-care.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, JSON.stringify({ pid: process.pid, purpose, port, at: new Date().toISOString() }))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        rmSync(file, { force: true })
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let holder: { pid: number; purpose: string; port?: number } | null = null
      try {
        holder = JSON.parse(readFileSync(file, 'utf8'))
      } catch {
        holder = null
      }
      if (holder && holder.pid !== process.pid && alive(holder.pid)) throw new DataDirLockedError(dataDir, holder)
      rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not lock ${dataDir}`)
}

import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The checkout's root: the same whether running from TypeScript sources (tests) or from dist/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('Cannot find the project root (no package.json above this file)')
    dir = parent
  }
  return dir
}

export const projectRoot = findRoot()
export const migrationsFolder = join(projectRoot, 'db', 'migrations')
export const viewsFolder = join(projectRoot, 'server')
export const publicFolder = join(projectRoot, 'dist', 'public')

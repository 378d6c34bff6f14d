import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import nunjucks from 'nunjucks'
import { formatDate, londonDate, londonDateTime, ageOn, todayInLondon } from '../time/index.js'
import { projectRoot, viewsFolder } from '../paths.js'

/**
 * One Nunjucks environment for the whole app. Templates are compiled once, at start,
 * and kept: rendering dominates a page's cost, and re-reading and re-compiling
 * templates on every request is what made the naive stack slow.
 */
export function createViews(options: { watch?: boolean } = {}) {
  const loader = new nunjucks.FileSystemLoader(
    [viewsFolder, join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'), join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend')],
    { noCache: Boolean(options.watch), watch: false },
  )
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true })
  env.addFilter('date', (value: unknown) =>
    typeof value === 'string' && value ? formatDate(value.slice(0, 10)) : value instanceof Date ? formatDate(value.toISOString().slice(0, 10)) : '',
  )
  env.addFilter('dateTime', (value: unknown) => (value instanceof Date ? londonDateTime(value) : typeof value === 'string' && value ? londonDateTime(new Date(value)) : ''))
  env.addFilter('age', (dateOfBirth: unknown) => (typeof dateOfBirth === 'string' ? ageOn(dateOfBirth, todayInLondon()) : ''))
  env.addFilter('count', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-GB') : n))
  // MOJ Frontend's timeline formats its dates with this filter; ours shows them in Europe/London.
  env.addFilter('mojDate', (timestamp: unknown, type: unknown) => {
    const at = typeof timestamp === 'string' || timestamp instanceof Date ? new Date(timestamp) : null
    if (!at || Number.isNaN(at.getTime())) return ''
    return type === 'date' ? formatDate(londonDate(at)) : londonDateTime(at)
  })
  env.addGlobal('serviceName', 'Edge of Care')

  // Compile every service template now, so the first request pays nothing and a broken template stops the start.
  for (const file of walk(viewsFolder)) {
    if (file.endsWith('.njk')) env.getTemplate(relative(viewsFolder, file).split(sep).join('/'), true)
  }

  return {
    env,
    render(template: string, context: Record<string, unknown>): string {
      return env.render(template, context)
    },
  }
}
export type Views = ReturnType<typeof createViews>

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path)
    else yield path
  }
}

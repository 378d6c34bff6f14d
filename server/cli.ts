#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { loadConfig, ConfigError, type Config } from './config.js'
import { createLogger, createServer, openConfiguredDatabase, startJobs, version } from './index.js'
import { DataDirLockedError } from './platform/db/data-dir-lock.js'
import { ConflictError, NotFoundError, ValidationError } from './platform/http/errors.js'
import { verifyAuditChains } from './platform/audit/index.js'
import { createOrganisation, createTeam, createUserAccount } from './platform/tenancy/admin.js'
import { findUserByEmail } from './platform/auth/users.js'
import { createApiToken, listApiTokens, revokeApiToken } from './platform/auth/tokens.js'
import { seedReferenceData } from '../db/seeds/reference.js'
import { DEMO_PASSWORD, demoAccounts, seedDemo } from '../db/seeds/demo.js'
import type { Database } from './platform/db/index.js'
import type { JobRunner } from './platform/jobs/index.js'

/** The `edge-of-care` command line (API.md "Command line"). Every command takes --help. */

const USAGE = `Usage: edge-of-care <command> [options]

Commands:
  start                        migrate, seed the demo (embedded database or DEMO=true; never in production), then serve
  serve                        migrate, then run the service (PORT, default 3000)
  migrate                      apply database migrations
  seed --demo                  load the synthetic Demoshire organisation, staff and children (idempotent)
  organisations create --code C --name N
  teams create --organisation C --name T [--districts D1,D2]
  users create --email E --name N --role R [--role R2] [--team T] [--organisation C] [--password-stdin] [--json]
  tokens create --email E [--name N]
  audit verify [--json]        check every organisation's audit hash chain
  ssda903 import DIR [--organisation C] [--year YYYY] [--json]
  ssda903 indicators --at YYYY-MM-DD [--organisation C] [--population FILE] --json
  report evaluation|quarterly --from YYYY-MM-DD --to YYYY-MM-DD --format docx|html --out FILE [--organisation C]

Settings come from the environment: DATABASE_URL (PostgreSQL), else DATA_DIR (embedded, default ./data).`

const HELP: Record<string, string> = {
  start:
    'Usage: edge-of-care start\n\nMigrates, seeds the demo when running on the embedded database (or DEMO=true; never when NODE_ENV=production), then serves on PORT (default 3000).',
  serve: 'Usage: edge-of-care serve\n\nMigrates, then serves on PORT (default 3000).',
  migrate: 'Usage: edge-of-care migrate\n\nApplies the database migrations (under an advisory lock, so several instances may start together).',
  seed: 'Usage: edge-of-care seed --demo\n\nLoads the synthetic Demoshire organisation, its staff and about 300 synthetic children. Does nothing if it is already there. Refused when NODE_ENV=production.',
  organisations: 'Usage: edge-of-care organisations create --code C --name N\n\nCreates an organisation with no people or cases and prints its code.',
  teams: 'Usage: edge-of-care teams create --organisation C --name T [--districts D1,D2]\n\nCreates a team, optionally with the districts it covers.',
  users:
    'Usage: edge-of-care users create --email E --name N --role R [--role R2] [--team T] [--organisation C] [--password-stdin] [--json]\n\n' +
    'Creates a user. The organisation defaults to the only one, or the demo one. With --password-stdin the password (12 characters or more) is read from standard input; without it the user signs in by single sign-on or after a reset.',
  tokens:
    'Usage: edge-of-care tokens create --email E [--name N]\n       edge-of-care tokens list --email E\n       edge-of-care tokens revoke --email E --id ID\n\n' +
    'create prints a new API token for that user, once, as the only line on standard output (only its hash is stored). ' +
    'list shows the user’s tokens (id, name, created, last used, revoked). revoke stops a token working at once.',
  audit:
    'Usage: edge-of-care audit verify [--json]\n\nRecomputes every audit hash chain and reports any event that was changed, removed or reordered. Exits 1 if a chain is broken.',
  ssda903:
    'Usage: edge-of-care ssda903 import DIR [--organisation C] [--year YYYY] [--json]\n       edge-of-care ssda903 indicators --at YYYY-MM-DD [--organisation C] [--population FILE] --json\n\n' +
    'import reads the SSDA903 CSV files in DIR (the DfE validator’s file names: header.csv, episodes.csv, uasc.csv, oc2.csv, ...; other files are listed and ignored). ' +
    'With --year, they are that collection year’s return (year ending 31 March YYYY) and replace that year; without it, they are a full history and replace the organisation’s SSDA903 data. ' +
    'Any structural error (a missing column, an unreadable date or number, a row without a child id, a duplicate Header child) rejects the whole import and changes nothing; the import exits 1. ' +
    'Rule violations are imported and listed. --json prints { status, rowsRead, rowsImported, errors, violations }.\n' +
    'indicators prints the indicators at that date (the year ending that date) as one JSON object.',
  report:
    'Usage: edge-of-care report evaluation --from YYYY-MM-DD --to YYYY-MM-DD --format docx|html --out FILE [--organisation C]\n       edge-of-care report quarterly --from YYYY-MM-DD --to YYYY-MM-DD --format docx|html --out FILE [--organisation C]\n\n' +
    'evaluation writes the first full-year evaluation (purpose, activity, outcomes, finance, equality, risks) for cases and referrals in the period; quarterly writes the quarterly performance pack. ' +
    'docx is a Word document; html is one self-contained printable page. Counts from 1 to 4 are hidden, as in any published figures. The organisation defaults to the only one, or the demo one.',
}

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

async function withDatabase<T>(config: Config, purpose: string, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config, purpose)
  try {
    await database.migrate()
    await seedReferenceData(database.db)
    return await work(database)
  } finally {
    await database.close()
  }
}

function progress(label: string) {
  const tty = process.stderr.isTTY
  return {
    update(done: number) {
      if (tty) process.stderr.write(`\r${label}: ${done.toLocaleString('en-GB')} events checked`)
    },
    end() {
      if (tty) process.stderr.write('\n')
    },
  }
}

async function serve(config: Config, seed: boolean) {
  const logger = createLogger(config)
  const database = await openConfiguredDatabase(config, 'the service', config.PORT)
  // The app queues jobs (SSDA903 uploads) on the runner, which starts once the app has migrated the database.
  let runner: JobRunner | null = null
  const app = await createServer(config, database, logger, {
    send: (name, data) => {
      if (!runner) throw new Error('The job runner has not started yet: try again in a moment')
      return runner.send(name, data)
    },
  })
  if (seed && config.demo) {
    const { created } = await seedDemo(database.db)
    logger.info(created ? 'Demo data seeded' : 'Demo data already present')
  }
  const started = await startJobs(config, database, logger)
  runner = started
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down')
    await app.close()
    await started.stop()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  await app.listen({ port: config.PORT, host: config.HOST })
  const address = `http://localhost:${config.PORT}`
  if (config.demo) {
    const accounts = demoAccounts()
    const list = accounts.filter((a) => !a.email.match(/^(sp2|fsw[2-8])\./)).map((a) => `    ${a.email.padEnd(36)} ${a.role}`)
    process.stdout.write(
      `\nEdge of Care is running at ${address}\n\nSign in with any demo account; every one has the password: ${DEMO_PASSWORD}\n${list.join('\n')}\n    (and sp2, fsw2 to fsw8 in each team)\n\nDemo data is synthetic. Stop with Ctrl+C.\n\n`,
    )
  } else {
    process.stdout.write(`\nEdge of Care is running at ${address}\n`)
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return command ? 0 : 2
  }
  if (command === '--version') {
    process.stdout.write(`${version}\n`)
    return 0
  }
  const args = sub && !sub.startsWith('--') ? rest : [sub, ...rest].filter((a): a is string => a !== undefined)
  if (args.includes('--help') || args.includes('-h')) {
    const help = HELP[command]
    if (!help) throw new UsageError(`Unknown command: ${command}`)
    process.stdout.write(`${help}\n`)
    return 0
  }
  const config = loadConfig()
  const options = (spec: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>) => parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values
  const needSub = (expected: string) => {
    if (sub !== expected) throw new UsageError(`Use: edge-of-care ${command} ${expected} (see edge-of-care ${command} --help)`)
  }
  const required = (values: Record<string, unknown>, names: string[]) => {
    const missing = names.filter((n) => !values[n])
    if (missing.length) throw new UsageError(`Missing ${missing.map((m) => `--${m}`).join(', ')} (see edge-of-care ${command} --help)`)
  }

  switch (command) {
    case 'start':
      await serve(config, true)
      return -1
    case 'serve':
      await serve(config, false)
      return -1
    case 'migrate':
      await withDatabase(config, 'edge-of-care migrate', async () => undefined)
      process.stdout.write('Migrations applied\n')
      return 0
    case 'seed': {
      const values = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), options: { demo: { type: 'boolean' } }, strict: true }).values
      if (!values.demo) throw new UsageError('Use: edge-of-care seed --demo')
      if (config.NODE_ENV === 'production') throw new UsageError('Demo data is never seeded when NODE_ENV=production')
      const { created } = await withDatabase(config, 'edge-of-care seed', (d) => seedDemo(d.db))
      process.stdout.write(created ? 'Demo data seeded\n' : 'Demo data already present: nothing changed\n')
      return 0
    }
    case 'organisations': {
      needSub('create')
      const values = options({ code: { type: 'string' }, name: { type: 'string' } })
      required(values, ['code', 'name'])
      const org = await withDatabase(config, 'edge-of-care organisations create', (d) => createOrganisation(d.db, { code: String(values.code), name: String(values.name) }, 'cli'))
      process.stdout.write(`${org.code}\n`)
      return 0
    }
    case 'teams': {
      needSub('create')
      const values = options({ organisation: { type: 'string' }, name: { type: 'string' }, districts: { type: 'string' } })
      required(values, ['name'])
      const team = await withDatabase(config, 'edge-of-care teams create', (d) =>
        createTeam(
          d.db,
          { organisationCode: values.organisation as string | undefined, name: String(values.name), districts: values.districts ? String(values.districts).split(',') : [] },
          'cli',
        ),
      )
      process.stdout.write(`Team ${team.name} created in ${team.organisationCode}${team.districts.length ? ` covering ${team.districts.join(', ')}` : ''}\n`)
      return 0
    }
    case 'users': {
      needSub('create')
      const values = options({
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        team: { type: 'string' },
        organisation: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        json: { type: 'boolean' },
      })
      required(values, ['email', 'name', 'role'])
      const password = values['password-stdin'] ? await readStdin() : undefined
      const user = await withDatabase(config, 'edge-of-care users create', (d) =>
        createUserAccount(
          d.db,
          {
            email: String(values.email),
            name: String(values.name),
            roles: (values.role as string[]) ?? [],
            team: values.team as string | undefined,
            organisationCode: values.organisation as string | undefined,
            password,
          },
          'cli',
        ),
      )
      process.stdout.write(values.json ? `${JSON.stringify(user)}\n` : `User ${user.email} created in ${user.organisation} with roles ${user.roles.join(', ')}\n`)
      return 0
    }
    case 'tokens': {
      if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') throw new UsageError('Use: edge-of-care tokens create|list|revoke (see edge-of-care tokens --help)')
      const values = options({ email: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } })
      required(values, sub === 'revoke' ? ['email', 'id'] : ['email'])
      const output = await withDatabase(config, `edge-of-care tokens ${sub}`, async (d) => {
        const user = await findUserByEmail(d.db, String(values.email))
        if (!user) throw new NotFoundError(`user with email ${values.email}`)
        if (sub === 'create') return (await createApiToken(d.db, user.id, String(values.name ?? 'command line'))).token
        if (sub === 'list') {
          const tokens = await listApiTokens(d.db, user.id)
          if (!tokens.length) return `${user.email} has no API tokens`
          return tokens
            .map(
              (t) =>
                `${t.id}  ${t.name}  created ${t.createdAt.toISOString()}  last used ${t.lastUsedAt?.toISOString() ?? 'never'}${t.revokedAt ? `  REVOKED ${t.revokedAt.toISOString()}` : ''}`,
            )
            .join('\n')
        }
        if (!(await revokeApiToken(d.db, user.id, String(values.id)))) throw new NotFoundError(`active token ${values.id} for ${user.email}`)
        return `Token ${values.id} revoked`
      })
      process.stdout.write(`${output}\n`)
      return 0
    }
    case 'audit': {
      needSub('verify')
      const values = options({ json: { type: 'boolean' } })
      const bar = progress('Verifying the audit trail')
      const reports = await withDatabase(config, 'edge-of-care audit verify', (d) => verifyAuditChains(d.db, (n) => bar.update(n)))
      bar.end()
      const ok = reports.every((r) => r.ok)
      if (values.json) process.stdout.write(`${JSON.stringify({ ok, chains: reports })}\n`)
      else {
        for (const r of reports)
          process.stdout.write(`${r.ok ? 'ok    ' : 'BROKEN'} chain ${r.chain}: ${r.events} events${r.ok ? '' : `\n  ${r.problems.slice(0, 20).join('\n  ')}`}\n`)
        process.stdout.write(ok ? `All ${reports.length} audit chains verified\n` : 'The audit trail has been tampered with: see above\n')
      }
      return ok ? 0 : 1
    }
    case 'ssda903': {
      const { organisationByCode } = await import('./platform/tenancy/admin.js')
      if (sub === 'import') {
        const parsed = parseArgs({
          args: rest,
          options: { organisation: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
          strict: true,
          allowPositionals: true,
        })
        const [dir, ...extra] = parsed.positionals
        if (!dir || extra.length) throw new UsageError('Use: edge-of-care ssda903 import DIR [--organisation C] [--year YYYY] [--json] (see edge-of-care ssda903 --help)')
        const yearText = parsed.values.year
        if (yearText !== undefined && !/^(19|20|21)\d\d$/.test(yearText)) throw new UsageError('--year is the collection year by the year it ends, as YYYY: 2024 for 2023/24')
        const { importSsda903, resolveFollowUpsFromSsda903 } = await import('./modules/ssda903/index.js')
        const tty = process.stderr.isTTY
        let shown = -1
        const result = await withDatabase(config, 'edge-of-care ssda903 import', async (d) => {
          const org = await organisationByCode(d.db, parsed.values.organisation)
          const imported = await importSsda903(d.db, {
            organisationId: org.id,
            dir,
            ...(yearText !== undefined ? { collectionYear: Number(yearText) } : {}),
            onProgress: (p) => {
              if (!tty || p.totalBytes === 0) return
              const percent = Math.floor((p.bytesRead / p.totalBytes) * 100)
              if (percent === shown) return
              shown = percent
              const width = 30
              const filled = Math.round((percent / 100) * width)
              process.stderr.write(
                `\r${p.phase === 'checking' ? 'Checking ' : 'Importing'} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${p.file.padEnd(24).slice(0, 24)}`,
              )
            },
          })
          // Follow-ups the new return answers (the child in care on the due date) are resolved at once.
          if (imported.status === 'succeeded') await resolveFollowUpsFromSsda903(d.db, org.id)
          return imported
        })
        if (tty && shown >= 0) process.stderr.write('\n')
        if (parsed.values.json) {
          process.stdout.write(
            `${JSON.stringify({ status: result.status, rowsRead: result.rowsRead, rowsImported: result.rowsImported, errors: result.errors, violations: result.violationCount })}\n`,
          )
        } else {
          const lines = [
            `Files read: ${result.files.map((f) => `${f.fileName} (${f.rows + f.rowsWithErrors} rows)`).join(', ') || 'none'}`,
            ...(result.ignored.length ? [`Ignored: ${result.ignored.join(', ')}`] : []),
          ]
          if (result.status === 'failed') {
            lines.push(`Import failed: ${result.errorCount} structural ${result.errorCount === 1 ? 'error' : 'errors'}; nothing was changed`)
            for (const e of result.errors) lines.push(`  ${e.file}${e.row !== null ? ` row ${e.row}` : ''}${e.column ? ` ${e.column}` : ''}: ${e.message}`)
            if (result.errorsNotListed) lines.push(`  and ${result.errorsNotListed} more`)
          } else {
            lines.push(
              `Imported ${result.rowsImported} of ${result.rowsRead} rows ${result.collectionYear ? `as the ${result.collectionYear - 1}/${String(result.collectionYear % 100).padStart(2, '0')} return` : 'as the full history'}`,
            )
            lines.push(`Rule violations: ${result.violationCount}`)
            for (const [code, n] of Object.entries(result.violationsByCode).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${code}: ${n}`)
          }
          process.stdout.write(`${lines.join('\n')}\n`)
        }
        return result.status === 'failed' ? 1 : 0
      }
      if (sub === 'indicators') {
        const values = options({ at: { type: 'string' }, organisation: { type: 'string' }, population: { type: 'string' }, json: { type: 'boolean' } })
        required(values, ['at'])
        const at = String(values.at)
        if (!/^\d{4}-\d{2}-\d{2}$/.test(at) || Number.isNaN(Date.parse(`${at}T00:00:00Z`)) || new Date(`${at}T00:00:00Z`).toISOString().slice(0, 10) !== at)
          throw new UsageError('--at is a date, as YYYY-MM-DD')
        const { computeIndicators, loadPopulation, loadSsda903Data, parsePopulationCsv } = await import('./modules/ssda903/index.js')
        // --population FILE: the denominators from a CSV file; otherwise those loaded on the population page.
        let fromFile: Awaited<ReturnType<typeof loadPopulation>> | null = null
        if (typeof values.population === 'string') {
          const { readFile } = await import('node:fs/promises')
          const parsed = parsePopulationCsv(await readFile(values.population, 'utf8').catch(() => ''))
          if (!parsed.ok) throw new UsageError(`--population ${values.population}: ${parsed.errors.join('; ')}`)
          fromFile = parsed.rows
        }
        const { data, population } = await withDatabase(config, 'edge-of-care ssda903 indicators', async (d) => {
          const org = await organisationByCode(d.db, values.organisation as string | undefined)
          return { data: await loadSsda903Data(d.db, org.id), population: fromFile ?? (await loadPopulation(d.db, org.id)) }
        })
        const indicators = computeIndicators(data, at, population.length ? { population } : {})
        process.stdout.write(values.json ? `${JSON.stringify(indicators)}\n` : `${JSON.stringify(indicators, null, 2)}\n`)
        return 0
      }
      throw new UsageError('Use: edge-of-care ssda903 import|indicators (see edge-of-care ssda903 --help)')
    }
    case 'report': {
      if (sub !== 'evaluation' && sub !== 'quarterly') throw new UsageError('Use: edge-of-care report evaluation|quarterly (see edge-of-care report --help)')
      const values = options({ from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, organisation: { type: 'string' } })
      required(values, ['from', 'to', 'format', 'out'])
      const { periodInput } = await import('./modules/impact/domain/period.js')
      const period = periodInput.safeParse({ from: values.from, to: values.to })
      if (!period.success)
        throw new UsageError(
          `${period.error.issues.map((i) => i.message.replace('Enter the start date', '--from must be').replace('Enter the end date', '--to must be')).join('\n')}`,
        )
      const format = String(values.format)
      if (format !== 'docx' && format !== 'html') throw new UsageError('--format is docx or html')
      const out = String(values.out)
      const { organisationByCode } = await import('./platform/tenancy/admin.js')
      const { renderReport } = await import('./modules/impact/reports/index.js')
      const { createViews } = await import('./platform/views/index.js')
      const { todayInLondon } = await import('./platform/time/index.js')
      const { writeFile } = await import('node:fs/promises')
      const body = await withDatabase(config, `edge-of-care report ${sub}`, async (d) => {
        const org = await organisationByCode(d.db, values.organisation as string | undefined)
        return renderReport(d.db, createViews(), { organisationId: org.id, organisationName: org.name, kind: sub, period: period.data, today: todayInLondon(), format })
      })
      await writeFile(out, body)
      process.stdout.write(`Wrote the ${sub === 'evaluation' ? 'evaluation report' : 'quarterly performance pack'} for ${period.data.from} to ${period.data.to} to ${out}\n`)
      return 0
    }
    default:
      throw new UsageError(`Unknown command: ${command}\n\n${USAGE}`)
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n`)
      process.exit(2)
    }
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.errors.map((e) => e.message).join('\n')}\n`)
      process.exit(2)
    }
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof ConflictError || error instanceof NotFoundError) {
      process.stderr.write(`${(error as Error).message}\n`)
      process.exit(1)
    }
    process.stderr.write(`Unexpected error: ${(error as Error).stack ?? String(error)}\n`)
    process.exit(1)
  },
)

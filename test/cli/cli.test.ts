import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acquireDataDirLock } from '../../server/platform/db/data-dir-lock.js'
import { projectRoot } from '../../server/platform/paths.js'

/**
 * The compiled command line (`npm test` builds it first), run as a user would, on an
 * embedded database in a temporary DATA_DIR: the lock on that directory is a PGlite
 * matter, so these always run on the embedded database.
 */
const cli = join(projectRoot, 'dist', 'server', 'cli.js')
let dataDir: string

function run(args: string[], input?: string) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const env = { ...inherited, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' }
  const result = spawnSync(process.execPath, [cli, ...args], { env, input, encoding: 'utf8', timeout: 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('Build first: npm run build (npm test does this)')
  dataDir = mkdtempSync(join(tmpdir(), 'eoc-cli-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('edge-of-care', () => {
  it('prints help for the program and for each command', () => {
    const help = run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('users create')
    for (const command of ['serve', 'migrate', 'seed', 'organisations', 'teams', 'users', 'tokens', 'audit']) {
      const r = run([command, '--help'])
      expect(r.code, command).toBe(0)
      expect(r.stdout).toContain(`edge-of-care ${command}`)
    }
  })

  it('sets up an organisation, team, user and token from nothing, then verifies the audit trail', () => {
    expect(run(['migrate']).stdout).toContain('Migrations applied')
    const org = run(['organisations', 'create', '--code', 'NEWTOWN', '--name', 'Newtown Council'])
    expect(org).toMatchObject({ code: 0, stdout: 'NEWTOWN\n' })
    expect(run(['teams', 'create', '--organisation', 'NEWTOWN', '--name', 'North', '--districts', 'Hilltop,Riverside']).code).toBe(0)
    const user = run(
      [
        'users',
        'create',
        '--email',
        'worker@newtown.example',
        '--name',
        'Pat Worker',
        '--role',
        'family_support_worker',
        '--role',
        'senior_practitioner',
        '--team',
        'North',
        '--organisation',
        'NEWTOWN',
        '--password-stdin',
        '--json',
      ],
      'a-long-enough-password\n',
    )
    expect(user.code, user.stderr).toBe(0)
    expect(JSON.parse(user.stdout)).toMatchObject({ email: 'worker@newtown.example', roles: ['family_support_worker', 'senior_practitioner'], organisation: 'NEWTOWN' })
    const token = run(['tokens', 'create', '--email', 'worker@newtown.example'])
    expect(token.code).toBe(0)
    expect(token.stdout.trim().split('\n')).toHaveLength(1)
    expect(token.stdout).toMatch(/^eoc_[A-Za-z0-9_-]{40,}\n$/)
    const list = run(['tokens', 'list', '--email', 'worker@newtown.example'])
    expect(list.code).toBe(0)
    expect(list.stdout).not.toContain(token.stdout.trim())
    const id = list.stdout.split(' ')[0] as string
    expect(run(['tokens', 'revoke', '--email', 'worker@newtown.example', '--id', id])).toMatchObject({ code: 0, stdout: `Token ${id} revoked\n` })
    expect(run(['tokens', 'list', '--email', 'worker@newtown.example']).stdout).toContain('REVOKED')
    expect(run(['tokens', 'revoke', '--email', 'worker@newtown.example', '--id', id]).code).toBe(1)
    const verify = run(['audit', 'verify', '--json'])
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout).ok).toBe(true)
  })

  it('explains bad input and exits non-zero', () => {
    expect(run(['organisations', 'create', '--code', 'NEWTOWN', '--name', 'Again'])).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') })
    expect(run(['users', 'create', '--email', 'x@newtown.example', '--name', 'X', '--role', 'wizard', '--organisation', 'NEWTOWN'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('wizard is not a role'),
    })
    expect(run(['users', 'create', '--email', 'y@newtown.example', '--name', 'Y', '--role', 'referrer', '--organisation', 'NEWTOWN', '--password-stdin'], 'short')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('12 characters or more'),
    })
    expect(run(['teams', 'create'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--name') })
    expect(run(['frobnicate']).code).toBe(2)
    expect(run(['tokens', 'create', '--email', 'nobody@newtown.example'])).toMatchObject({ code: 1, stderr: expect.stringContaining('No such user') })
  })

  it('refuses to open the embedded database while another process holds it', () => {
    const release = acquireDataDirLock(dataDir, 'a test standing in for the running service', 3999)
    try {
      const r = run(['migrate'])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('is in use by process')
      expect(r.stderr).toContain('on port 3999')
    } finally {
      release()
    }
    expect(run(['migrate']).code).toBe(0)
  })
})

import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../server/platform/paths.js'
import { computeIndicators } from '../../server/modules/ssda903/domain/indicators.js'
import { readSsda903Directory } from '../../server/modules/ssda903/domain/reader.js'
import type { Ssda903Data } from '../../server/modules/ssda903/domain/types.js'

/**
 * `edge-of-care ssda903 import` and `indicators`, compiled (`npm test` builds first), on an embedded
 * database in a temporary DATA_DIR.
 */
const cli = join(projectRoot, 'dist', 'server', 'cli.js')
const SAMPLES = join(projectRoot, '..', 'shared', 'data', 'ssda903-samples', 'csc-validator-be-903')
const TABLES = ['header', 'episodes', 'uasc', 'oc2'] as const
let dataDir: string
let filesDir: string
let brokenDir: string

function run(args: string[]) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const env = { ...inherited, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' }
  const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 120_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('Build first: npm run build (npm test does this)')
  dataDir = mkdtempSync(join(tmpdir(), 'eoc-903-cli-'))
  filesDir = mkdtempSync(join(tmpdir(), 'eoc-903-files-'))
  brokenDir = mkdtempSync(join(tmpdir(), 'eoc-903-broken-'))
  for (const t of TABLES) {
    copyFileSync(join(SAMPLES, `${t}.csv`), join(filesDir, `${t}.csv`))
    copyFileSync(join(SAMPLES, `${t}.csv`), join(brokenDir, `${t}.csv`))
  }
  const lines = readFileSync(join(brokenDir, 'episodes.csv'), 'utf8').split('\n')
  lines[2] = (lines[2] as string).replace(/^([^,]*),[^,]*,/, '$1,not-a-date,')
  writeFileSync(join(brokenDir, 'episodes.csv'), lines.join('\n'))
})
afterAll(() => {
  for (const dir of [dataDir, filesDir, brokenDir]) rmSync(dir, { recursive: true, force: true })
})

describe('edge-of-care ssda903', () => {
  it('prints its help', () => {
    const r = run(['ssda903', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('edge-of-care ssda903 import DIR')
    expect(r.stdout).toContain('edge-of-care ssda903 indicators --at')
  })

  it('imports the sample return, refuses a broken one, and prints the indicators the files give', async () => {
    expect(run(['organisations', 'create', '--code', 'CARETOWN', '--name', 'Caretown Council']).code).toBe(0)

    const imported = run(['ssda903', 'import', filesDir, '--organisation', 'CARETOWN', '--json'])
    expect(imported.code, imported.stderr).toBe(0)
    const report = JSON.parse(imported.stdout) as { status: string; rowsRead: number; rowsImported: number; errors: unknown[]; violations: number }
    expect(report).toMatchObject({ status: 'succeeded', errors: [] })
    expect(report.rowsImported).toBe(report.rowsRead)
    expect(report.rowsRead).toBeGreaterThan(10_000)
    expect(typeof report.violations).toBe('number')

    const broken = run(['ssda903', 'import', brokenDir, '--organisation', 'CARETOWN', '--json'])
    expect(broken.code).toBe(1)
    expect(JSON.parse(broken.stdout)).toMatchObject({
      status: 'failed',
      rowsImported: 0,
      errors: [expect.objectContaining({ file: 'episodes.csv', row: 3, column: 'DECOM' })],
    })
    const summary = run(['ssda903', 'import', brokenDir, '--organisation', 'CARETOWN'])
    expect(summary.code).toBe(1)
    expect(summary.stdout).toContain('episodes.csv row 3 DECOM')

    const printed = run(['ssda903', 'indicators', '--at', '2018-03-31', '--organisation', 'CARETOWN', '--json'])
    expect(printed.code, printed.stderr).toBe(0)
    expect(printed.stdout.trim().split('\n')).toHaveLength(1)
    const indicators = JSON.parse(printed.stdout) as { at: string; lookedAfter: number }

    const data: Ssda903Data = { header: [], episodes: [], uasc: [], oc2: [] }
    await readSsda903Directory(filesDir, {
      onRow: (r) => {
        if (r.table === 'header') data.header.push(r.data)
        else if (r.table === 'episodes') data.episodes.push(r.data)
        else if (r.table === 'uasc') data.uasc.push(r.data)
        else if (r.table === 'oc2') data.oc2.push(r.data)
      },
    })
    const expected = computeIndicators(data, '2018-03-31')
    expect(expected.lookedAfter).toBeGreaterThan(0)
    expect(indicators.at).toBe('2018-03-31')
    expect(indicators.lookedAfter).toBe(expected.lookedAfter)
    expect(indicators).toEqual(JSON.parse(JSON.stringify(expected)))

    // --population FILE: 2017's 20,000 under-18s (the latest year not after 2018 here) give the rate.
    const populationFile = join(filesDir, 'population.txt')
    writeFileSync(populationFile, 'year,age_band,sex,population\n2017,all,all,20000\n2019,all,all,1\n')
    const withRate = run(['ssda903', 'indicators', '--at', '2018-03-31', '--organisation', 'CARETOWN', '--population', populationFile, '--json'])
    expect(withRate.code, withRate.stderr).toBe(0)
    expect((JSON.parse(withRate.stdout) as { ratePer10000: number }).ratePer10000).toBe(Math.floor((expected.lookedAfter * 100_000) / 20_000 + 0.5) / 10)
  })

  it('refuses bad arguments with exit code 2', () => {
    expect(run(['ssda903', 'import']).code).toBe(2)
    expect(run(['ssda903', 'import', filesDir, '--year', '18']).code).toBe(2)
    expect(run(['ssda903', 'indicators', '--at', '2018-02-30', '--json']).code).toBe(2)
    expect(run(['ssda903', 'frobnicate']).code).toBe(2)
    const badPopulation = run(['ssda903', 'indicators', '--at', '2018-03-31', '--population', join(filesDir, 'no-such-file.csv'), '--json'])
    expect(badPopulation.code).toBe(2)
    expect(badPopulation.stderr).toContain('Enter the population as CSV')
  })
})

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../server/platform/paths.js'
import { docxText } from '../support/unzip.js'

/** `edge-of-care report`, compiled (`npm test` builds first), on an empty embedded database in a temporary DATA_DIR. */
const cli = join(projectRoot, 'dist', 'server', 'cli.js')
let dataDir: string
let outDir: string

function run(args: string[]) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const env = { ...inherited, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' }
  const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 120_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('Build first: npm run build (npm test does this)')
  dataDir = mkdtempSync(join(tmpdir(), 'eoc-report-cli-'))
  outDir = mkdtempSync(join(tmpdir(), 'eoc-report-out-'))
})
afterAll(() => {
  for (const dir of [dataDir, outDir]) rmSync(dir, { recursive: true, force: true })
})

describe('edge-of-care report', () => {
  it('prints its help and refuses bad input', () => {
    expect(run(['report', '--help']).stdout).toContain('edge-of-care report evaluation --from YYYY-MM-DD')
    expect(run(['report', 'evaluation', '--from', '2025-04-01', '--to', '2026-03-31', '--format', 'pdf', '--out', join(outDir, 'x')]).stderr).toContain('--format is docx or html')
    const backwards = run(['report', 'evaluation', '--from', '2026-04-01', '--to', '2025-03-31', '--format', 'html', '--out', join(outDir, 'x')])
    expect(backwards.code).toBe(2)
    expect(backwards.stderr).toContain('The end date must be the same as or after the start date')
    expect(run(['report', 'evaluation', '--from', '2025-04-01']).stderr).toContain('Missing --to, --format, --out')
  })

  it('writes the evaluation as Word and as a page for an organisation with no cases yet', () => {
    expect(run(['organisations', 'create', '--code', 'NEWTOWN', '--name', 'Newtown Council']).code).toBe(0)
    const docx = join(outDir, 'evaluation.docx')
    const written = run(['report', 'evaluation', '--from', '2025-04-01', '--to', '2026-03-31', '--format', 'docx', '--out', docx, '--organisation', 'NEWTOWN'])
    expect(written.code, written.stderr).toBe(0)
    expect(written.stdout).toContain(`to ${docx}`)
    const text = docxText(readFileSync(docx))
    expect(text).toContain('Newtown Council, 1 April 2025 to 31 March 2026')
    expect(text).toContain('0 referrals were received')
    expect(text).toContain('No crisis or risk-of-care case with a child counted closed')
    const html = join(outDir, 'evaluation.html')
    expect(run(['report', 'evaluation', '--from', '2025-04-01', '--to', '2026-03-31', '--format', 'html', '--out', html, '--organisation', 'NEWTOWN']).code).toBe(0)
    expect(readFileSync(html, 'utf8')).toContain('<h2>6. Risks</h2>')
  })
})

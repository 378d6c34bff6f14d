/**
 * The analyst's SSDA903 journey in a real browser: from the service navigation to the upload,
 * the status page refreshing itself until the import ends, the validation report, the history,
 * and the indicators with their trend and projections. Every page is scanned with axe.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateSsda903 } from '../server/modules/ssda903/generator.js'
import { account, clickThrough, expectAccessible, hasChromium, pathOf, qa, serviceNavigation, signIn, textOf, useBrowserSuite, visit } from './support.js'

const dir = mkdtempSync(join(tmpdir(), 'eoc-903-e2e-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!hasChromium)('SSDA903 in the browser', () => {
  const suite = useBrowserSuite()

  it('the analyst uploads the return, sees the report, then the indicators', async () => {
    const summary = generateSsda903({ children: 600, years: 6, seed: 11, out: dir })
    const page = await suite.newPage()
    await signIn(page, account('analyst'))
    await clickThrough(page, serviceNavigation(page).getByRole('link', { name: 'Children in care' }))
    expect(pathOf(page)).toBe('/ssda903/indicators')

    await clickThrough(page, qa(page, 'imports-link'))
    await clickThrough(page, qa(page, 'new-upload'))
    // Sending nothing says what to do.
    await clickThrough(page, qa(page, 'upload'))
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Select the SSDA903 CSV files to upload')

    await page.locator('input[type=file][name=files]').setInputFiles(['header.csv', 'episodes.csv', 'uasc.csv', 'oc2.csv'].map((f) => join(dir, f)))
    await page.getByLabel('The full history').check()
    await clickThrough(page, qa(page, 'upload'))
    expect(pathOf(page)).toMatch(/^\/ssda903\/uploads\//)
    // The status page refreshes itself (no script) until the import ends.
    await qa(page, 'upload-done').waitFor({ timeout: 90_000 })
    await page.waitForLoadState('load')
    await expectAccessible(page)
    expect(await textOf(qa(page, 'upload-done'))).toContain(`${(summary.children + summary.episodes + summary.uasc + summary.oc2).toLocaleString('en-GB')} rows imported`)

    await clickThrough(page, qa(page, 'report-link'))
    expect(await textOf(qa(page, 'rule-violations'))).toContain('0 rows break a DfE validation rule')
    await visit(page, '/ssda903/imports')
    expect(await textOf(qa(page, 'imports'))).toContain('episodes.csv')

    await visit(page, '/ssda903/indicators?at=2025-03-31')
    const headline = await textOf(qa(page, 'headline'))
    expect(headline).toMatch(/Children looked after\s*[1-9]/)
    expect(await page.locator('svg.app-chart__svg').count()).toBe(2)
    expect(await textOf(qa(page, 'projection-method'))).toContain('compound annual growth rate')
    // Another quarter, chosen from the list.
    await page.locator('select#at').selectOption('2024-12-31')
    await clickThrough(page, qa(page, 'show-quarter'))
    expect(pathOf(page)).toBe('/ssda903/indicators?at=2024-12-31')
    await visit(page, '/ssda903/comparators?at=2025-03-31')
    await visit(page, '/ssda903/population')
  })
})

/**
 * The performance pages in a real browser: a board viewer reads the service dashboard and
 * the equality page (read-only, small counts hidden), an analyst reads exact figures and
 * reaches the child population form. Every page visited is scanned with axe.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { account, clickThrough, hasChromium, pathOf, qa, serviceNavigation, signIn, textOf, useBrowserSuite, visit } from './support.js'

/** Table cells showing the suppression symbol. */
const hiddenCells = (page: Page) =>
  page
    .locator('[data-qa="section-referrals"] td')
    .filter({ hasText: /^\s*c\s*$/ })
    .count()
const subNavigation = (page: Page) => page.getByRole('navigation', { name: 'Performance and impact' })

describe.skipIf(!hasChromium)('performance and impact in the browser', () => {
  const suite = useBrowserSuite()

  it('a board viewer reads the dashboard and equality page with small counts hidden, and can change nothing', async () => {
    const page = await suite.newPage()
    await signIn(page, account('board'))
    await clickThrough(page, serviceNavigation(page).getByRole('link', { name: 'Performance', exact: true }))
    expect(pathOf(page)).toBe('/impact/service')
    await expect(textOf(qa(page, 'suppression-note'))).resolves.toContain('c: a count from 1 to 4')
    // The demo's few referrals spread over referring teams and strands: some cells are 1 to 4, shown as c.
    await expect(textOf(qa(page, 'headline-referrals'))).resolves.toMatch(/^\d+$/)
    expect(await hiddenCells(page)).toBeGreaterThan(0)
    // Read-only: no form on the page posts anything but signing out.
    expect(await page.locator('form[method="post"]:not([action="/sign-out"])').count()).toBe(0)

    // Another period, by the GET form, comes back to the same page.
    await page.getByLabel('From', { exact: true }).fill('2020-04-01')
    await page.getByLabel('To', { exact: true }).fill('2021-03-31')
    await clickThrough(page, qa(page, 'show-figures'))
    await expect(textOf(qa(page, 'headline-referrals'))).resolves.toBe('0')

    await clickThrough(page, subNavigation(page).getByRole('link', { name: 'Equality' }))
    expect(pathOf(page)).toMatch(/^\/impact\/equality/)
    await expect(textOf(qa(page, 'suppression-note'))).resolves.toContain('c: a count from 1 to 4')
    expect(await qa(page, 'population-link').count()).toBe(0)
    expect(await visit(page, '/impact/equality/population')).toBe(403)

    await visit(page, '/impact/reports')
    await expect(textOf(page.locator('h1'))).resolves.toBe('Reports')
    // The printable evaluation: a page of its own, checked like any other.
    await clickThrough(page, qa(page, 'evaluation-links').getByRole('link', { name: /Printable page for this financial year/ }))
    await expect(textOf(page.locator('h1'))).resolves.toBe('Edge of Care and Prevention service: first full-year evaluation')
    await expect(textOf(qa(page, 'report-risks'))).resolves.toContain('Standing risk')
  })

  it('an analyst reads exact figures and reaches the child population form', async () => {
    const page = await suite.newPage()
    await signIn(page, account('analyst'))
    await clickThrough(page, serviceNavigation(page).getByRole('link', { name: 'Performance', exact: true }))
    expect(await qa(page, 'suppression-note').count()).toBe(0)
    // The same tables, exact.
    expect(await hiddenCells(page)).toBe(0)
    await clickThrough(page, subNavigation(page).getByRole('link', { name: 'Equality' }))
    await expect(textOf(qa(page, 'reference-source'))).resolves.toContain('Synthetic demo figures')
    await clickThrough(page, qa(page, 'population-link'))
    expect(pathOf(page)).toBe('/impact/equality/population')
    await page.getByLabel('Where the figures come from').fill('')
    await clickThrough(page, qa(page, 'save-population'))
    await expect(textOf(page.locator('.govuk-error-summary'))).resolves.toContain('Enter where the figures come from')
  })
})

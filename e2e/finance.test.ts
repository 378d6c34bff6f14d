/**
 * The finance partner in a real browser, with an axe scan of every page: reads the
 * dashboard, changes the residential unit cost, and sees the dashboard's figures change;
 * then the scenario page and the placement ledger. A board viewer sees the settings
 * read-only.
 */
import { describe, expect, it } from 'vitest'
import { account, clickThrough, hasChromium, qa, signIn, textOf, useBrowserSuite, visit } from './support.js'

describe.skipIf(!hasChromium)('finance in the browser', () => {
  const suite = useBrowserSuite()

  it('the finance partner changes a unit cost and sees the dashboard change', async () => {
    const page = await suite.newPage()
    await signIn(page, account('finance'))
    await clickThrough(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Finance' }))
    // The demo's historic cases of 2024/25 give that year figures to show.
    await page.getByLabel('Financial year', { exact: true }).selectOption('2024/25')
    await clickThrough(page, qa(page, 'period-submit'))
    const before = await textOf(qa(page, 'avoidance'))
    expect(before).toMatch(/^£[\d,.]+ \(central\); range £[\d,.]+ to £[\d,.]+$/)
    expect(await textOf(qa(page, 'service-cost'))).toBe('£979,216')

    await clickThrough(page, page.getByRole('link', { name: 'Settings' }))
    expect(await textOf(qa(page, 'unit-cost-residential'))).toBe('£298,000 a year')
    await clickThrough(page, qa(page, 'change-unit-cost-residential'))
    await page.getByLabel('Amount').fill('350000')
    await page.getByLabel('Source').fill('Placements budget review, residential average')
    await clickThrough(page, qa(page, 'save'))
    expect(await textOf(qa(page, 'unit-cost-residential'))).toBe('£350,000 a year')

    await visit(page, '/finance?year=2024/25')
    const after = await textOf(qa(page, 'avoidance'))
    const central = (text: string) => Number((/^£([\d,.]+)/.exec(text)?.[1] ?? '').replaceAll(',', ''))
    expect(central(after)).toBeGreaterThan(central(before))

    // A mistake is explained beside the field, and nothing changes.
    await visit(page, '/finance/settings/unit-costs/new')
    await page.getByLabel('Amount').fill('-10')
    await clickThrough(page, qa(page, 'save'))
    expect(await page.title()).toMatch(/^Error: /)
    await expect(page.getByText('The unit cost must not be negative').first().isVisible()).resolves.toBe(true)

    await visit(page, '/finance/scenario?year=2024/25&successRate=60')
    expect(await textOf(qa(page, 'projected-net'))).toMatch(/£/)
    await visit(page, '/finance/placement-ledger')
    await visit(page, '/finance/historic-cases')
  })

  it('a board viewer reads the settings and cannot change them', async () => {
    const page = await suite.newPage()
    await signIn(page, account('board'))
    await visit(page, '/finance')
    await visit(page, '/finance/settings')
    await expect(qa(page, 'read-only').isVisible()).resolves.toBe(true)
    expect(await qa(page, 'change-unit-cost-residential').count()).toBe(0)
    expect(await visit(page, '/finance/settings/unit-costs/new')).toBe(403)
  })
})

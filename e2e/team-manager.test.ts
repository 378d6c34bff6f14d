/**
 * The team manager's and the administrator's casework pages in a real browser, with an axe
 * scan of every page: the dashboard, caseload caps, the duty rota, notifications, and the
 * casework settings (eligibility rules, districts and teams, capacity per strand).
 */
import { describe, expect, it } from 'vitest'
import { account, clickThrough, hasChromium, qa, signIn, textOf, visit } from './support.js'
import { useBrowserSuite } from './support.js'
import { todayInLondon, addDays } from '../server/platform/time/index.js'

describe.skipIf(!hasChromium)('team manager and casework settings in the browser', () => {
  const suite = useBrowserSuite()

  it('team manager: dashboard, caseload caps, duty rota, notifications', async () => {
    const page = await suite.newPage()
    await signIn(page, account('tm.north'))
    expect(await visit(page, '/team')).toBe(200)
    expect(await qa(page, 'caseloads').count()).toBe(1)
    expect(await textOf(qa(page, 'decision-summary'))).toMatch(/decided within 10 working days/)
    await expect(qa(page, 'capacity').count()).resolves.toBe(1)

    await clickThrough(page, page.getByRole('link', { name: 'Caseload caps' }))
    const firstCap = page.locator('[data-qa="worker-cap"] input[name="cap"]').first()
    await firstCap.fill('9')
    await clickThrough(page, qa(page, 'save-cap').first())
    expect(await textOf(qa(page, 'error-summary'))).toContain('Enter a cap from 5 to 7 families')
    await page.locator('[data-qa="worker-cap"] input[name="cap"]').first().fill('7')
    await clickThrough(page, qa(page, 'save-cap').first())
    expect(await page.locator('[data-qa="worker-cap"] input[name="cap"]').first().inputValue()).toBe('7')

    await clickThrough(page, page.getByRole('link', { name: 'Duty rota' }))
    const [y, m, d] = todayInLondon().split('-')
    const [ey, em, ed] = addDays(todayInLondon(), 1).split('-')
    await page.getByLabel('Who is on duty').selectOption({ index: 1 })
    await page.locator('#startsOn-day').fill(d as string)
    await page.locator('#startsOn-month').fill(m as string)
    await page.locator('#startsOn-year').fill(y as string)
    await page.locator('#endsOn-day').fill(ed as string)
    await page.locator('#endsOn-month').fill(em as string)
    await page.locator('#endsOn-year').fill(ey as string)
    await clickThrough(page, qa(page, 'add-rota-submit'))
    expect(await qa(page, 'rota-entry').count()).toBe(1)

    await clickThrough(page, page.getByRole('link', { name: /^Notifications/ }))
    expect(await page.locator('h1').textContent()).toBe('Notifications')
  })

  it('administrator: eligibility rules, districts and teams, capacity per strand', async () => {
    const page = await suite.newPage()
    await signIn(page, account('admin'))
    expect(await visit(page, '/settings/eligibility')).toBe(200)
    await page.getByLabel('Youngest age').fill('11')
    await clickThrough(page, qa(page, 'save-eligibility'))
    expect(await page.getByLabel('Youngest age').inputValue()).toBe('11')

    await clickThrough(page, page.getByRole('link', { name: 'Districts and teams' }))
    await page.getByLabel('District', { exact: true }).fill('Testbrook')
    await page.getByLabel('Team that covers it').selectOption({ label: 'North' })
    await clickThrough(page, qa(page, 'add-district-submit'))
    expect(await page.locator('[data-district="Testbrook"]').count()).toBe(1)

    await clickThrough(page, page.getByRole('link', { name: 'Capacity per strand' }))
    await page.locator('#capacity-crisis').fill('55')
    await clickThrough(page, qa(page, 'save-capacity').first())
    expect(await page.locator('#capacity-crisis').inputValue()).toBe('55')

    expect(await visit(page, '/notifications')).toBe(200)
  })
})

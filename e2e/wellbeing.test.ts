/**
 * The wellbeing service in a real browser, with an axe scan of every page: a practitioner
 * from the ICB (a partner in the jointly commissioned service) refers a young person placed
 * by another authority, enters an SDQ item by item, triages, records a session, refers on and
 * closes; a session after closure is refused. The County's analyst sees the dashboard.
 */
import { describe, expect, it } from 'vitest'
import { account, clickThrough, hasChromium, pathOf, qa, serviceNavigation, signIn, textOf, useBrowserSuite, visit } from './support.js'

describe.skipIf(!hasChromium)('wellbeing in the browser', () => {
  const suite = useBrowserSuite()

  it('referral → SDQ → triage → session and onward referral → closure', async () => {
    const page = await suite.newPage()
    await signIn(page, 'wellbeing.icb@demoshire.example')
    await clickThrough(page, serviceNavigation(page).getByRole('link', { name: 'Wellbeing', exact: true }))
    expect(pathOf(page)).toBe('/wellbeing')
    await clickThrough(page, qa(page, 'new-referral'))

    // Sent empty first: the error summary, then the form filled in.
    await clickThrough(page, qa(page, 'submit-referral'))
    expect(await page.title()).toMatch(/^Error: /)
    await page.getByLabel('First name').fill('Rowan')
    await page.getByLabel('Last name').fill('Browsertest')
    await page.locator('#dateOfBirth-day').fill('14')
    await page.locator('#dateOfBirth-month').fill('6')
    await page.locator('#dateOfBirth-year').fill('2012')
    await page.getByLabel('In care', { exact: true }).check()
    await page.getByLabel('Another authority (placed here from elsewhere)').check()
    await page.getByLabel('If another authority, its name').fill('Farshire County Council')
    await page.getByLabel('Foster care').check()
    await page.getByLabel('Name of the person referring').fill('Demo social worker')
    await page.getByLabel('Reason for the referral').fill('Nightmares and angry outbursts since moving placement')
    await page.getByLabel('Placement at risk of breakdown').check()
    await page.getByLabel('Persistently absent from school').check()
    await page.getByLabel('Given', { exact: true }).check()
    await page.getByLabel('Agreed', { exact: true }).check()
    await clickThrough(page, qa(page, 'submit-referral'))
    const referralUrl = pathOf(page)
    expect(referralUrl).toMatch(/^\/wellbeing\/referrals\/[0-9a-f-]{36}$/)
    expect(await textOf(qa(page, 'referral-status'))).toBe('Awaiting triage')
    expect(await textOf(qa(page, 'flags'))).toContain('Persistent absence from school')

    await clickThrough(page, qa(page, 'enter-sdq'))
    await page.getByLabel('Carer', { exact: true }).check()
    await page.getByLabel('Start of work').check()
    for (let item = 1; item <= 25; item++) await page.locator(`input[name="item${item}"][value="1"]`).check()
    await clickThrough(page, qa(page, 'save-sdq'))
    // Every answer "somewhat true": every scale 5, total 20, a carer's cause for concern, and a flag.
    expect(await textOf(qa(page, 'sdq-band'))).toBe('Cause for concern')
    expect(await textOf(qa(page, 'flags'))).toContain('SDQ cause for concern')

    await clickThrough(page, qa(page, 'triage'))
    for (const [level, answer] of [
      ['safety', 'yes'],
      ['relationships', 'no'],
      ['regulation', 'yes'],
      ['trauma', 'no'],
    ]) {
      await page.locator(`input[name="${level}"][value="${answer}"]`).check()
    }
    await clickThrough(page, qa(page, 'save-triage'))
    expect(await textOf(qa(page, 'triage-summary'))).toContain('Both direct and indirect work')

    await clickThrough(page, qa(page, 'record-session'))
    await page.getByLabel('Session', { exact: true }).check()
    await page.getByLabel('Direct (with the young person)').check()
    await page.getByLabel('Nurse-led').check()
    await clickThrough(page, qa(page, 'save-session'))
    expect(await textOf(qa(page, 'total-cost'))).toBe('£287.00')

    await clickThrough(page, qa(page, 'refer-on'))
    await page.getByLabel('Kooth', { exact: true }).check()
    await page.getByLabel('Why this service, for this young person').fill('Wants to talk to someone online between sessions')
    await clickThrough(page, qa(page, 'save-onward'))
    expect(await textOf(qa(page, 'onward'))).toContain('Kooth')

    await clickThrough(page, qa(page, 'respond-flag').first())
    await page.getByLabel('What was done').fill('Spoke to the designated teacher; attendance plan agreed')
    await clickThrough(page, qa(page, 'save-flag-response'))
    expect(await textOf(qa(page, 'flags'))).toContain('On time')

    await clickThrough(page, qa(page, 'record-outcome'))
    await page.getByLabel('4 – stable').check()
    await clickThrough(page, qa(page, 'save-outcome'))
    expect(await textOf(qa(page, 'outcome'))).toContain('4 – stable')
    await visit(page, `${referralUrl}/edit`)
    await visit(page, referralUrl)

    await clickThrough(page, qa(page, 'close'))
    await page.getByLabel('Work completed').check()
    await page.getByLabel('Closing summary').fill('Carers confident with the therapeutic parenting plan')
    await clickThrough(page, qa(page, 'save-closure'))
    expect(await textOf(qa(page, 'referral-status'))).toBe('Closed')

    expect(await visit(page, `${referralUrl}/sessions/new`)).toBe(409)
    expect(await textOf(qa(page, 'error-summary'))).toContain('so no session can be recorded')

    await visit(page, '/wellbeing?view=closed')
    await visit(page, '/wellbeing/directory')
    await visit(page, '/wellbeing/tariffs')
    await visit(page, '/wellbeing/settings')
    // SDQ bands with a gap: the error names the band, and the page with the error passes axe.
    await page.locator('#sdq-carer-concern-from').fill('18')
    await clickThrough(page, qa(page, 'save-settings'))
    expect(await textOf(qa(page, 'error-summary'))).toContain('The cause for concern band for carers leaves a gap after the borderline band')
    await visit(page, '/wellbeing/dashboard')
  })

  it('the County’s analyst sees the dashboard but not the records', async () => {
    const page = await suite.newPage()
    await signIn(page, account('analyst'))
    await clickThrough(page, serviceNavigation(page).getByRole('link', { name: 'Wellbeing', exact: true }))
    expect(pathOf(page)).toBe('/wellbeing/dashboard')
    expect(await textOf(qa(page, 'by-authority'))).toContain('Farshire County Council')
    expect(await visit(page, '/wellbeing')).toBe(403)
  })
})

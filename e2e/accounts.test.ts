/**
 * Signing in and out in a real browser: what each role is offered, signing out,
 * lockout after repeated failures, and work kept across an expired session.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { demoAccounts } from '../db/seeds/demo.js'
import { signInAttempts } from '../server/platform/db/schema.js'
import type { Role } from '../server/platform/auth/roles.js'
import {
  account,
  clickThrough,
  DEMO_PASSWORD,
  expectAccessible,
  hasChromium,
  pathOf,
  qa,
  serviceNavigation,
  signIn,
  submitSignIn,
  textOf,
  useBrowserSuite,
  visit,
} from './support.js'

/** Who may read children's records, as the product says (not read from the code under test). */
const READS_CHILDREN: readonly Role[] = ['referrer', 'family_support_worker', 'senior_practitioner', 'team_manager', 'panel_chair', 'wellbeing_practitioner']
const READS_AUDIT: readonly Role[] = ['administrator']

describe.skipIf(!hasChromium)('accounts in the browser', () => {
  const suite = useBrowserSuite()

  it('every role signs in, and the navigation offers Children and Audit trail only to the roles allowed them', async () => {
    // One demo account for each role: the first the demo lists.
    const byRole = new Map<Role, string>()
    for (const a of demoAccounts()) if (!byRole.has(a.role)) byRole.set(a.role, a.email)
    expect([...byRole.keys()].sort()).toEqual([
      'administrator',
      'analyst',
      'board_viewer',
      'family_support_worker',
      'finance_partner',
      'panel_chair',
      'referrer',
      'senior_practitioner',
      'team_manager',
      'wellbeing_practitioner',
    ])

    for (const [role, email] of byRole) {
      const page = await suite.newPage()
      await signIn(page, email)
      expect(pathOf(page), role).toBe('/')
      expect(await textOf(qa(page, 'signed-in-as')), role).toMatch(/^Signed in as .+ \(Demoshire County Council: .+\)$/)

      const nav = serviceNavigation(page)
      const childrenLink = nav.getByRole('link', { name: 'Children', exact: true })
      const auditLink = nav.getByRole('link', { name: 'Audit trail', exact: true })
      expect(await childrenLink.count(), `${role}: Children in the navigation`).toBe(READS_CHILDREN.includes(role) ? 1 : 0)
      expect(await auditLink.count(), `${role}: Audit trail in the navigation`).toBe(READS_AUDIT.includes(role) ? 1 : 0)

      if (READS_CHILDREN.includes(role)) {
        await clickThrough(page, childrenLink)
        expect(pathOf(page), role).toBe('/children')
        expect(await textOf(page.getByRole('heading', { level: 1 })), role).toBe('Children')
      } else {
        // Not offered, and not reachable by typing the address either.
        expect(await visit(page, '/children'), `${role} opening /children`).toBe(403)
        expect(await textOf(page.getByRole('heading', { level: 1 })), role).toBe('You do not have access to this page')
      }
      if (READS_AUDIT.includes(role)) {
        await clickThrough(page, serviceNavigation(page).getByRole('link', { name: 'Audit trail', exact: true }))
        expect(pathOf(page), role).toBe('/admin/audit')
        expect(await textOf(page.getByRole('heading', { level: 1 })), role).toBe('Audit trail')
      }
      await page.context().close()
    }
  }, 240_000) // ten sign-ins, each page scanned by axe: well over a minute on a loaded 2-core machine

  it('Sign out ends the session: the children list then asks to sign in again', async () => {
    const page = await suite.newPage()
    await signIn(page, account('sp1.north'))
    await visit(page, '/children')
    expect(await textOf(qa(page, 'result-count'))).toMatch(/^Showing 1 to \d+ of [\d,]+ children$/)

    await clickThrough(page, qa(page, 'sign-out'))
    expect(pathOf(page)).toBe('/sign-in?reason=signed-out')
    expect(await textOf(qa(page, 'sign-in-message'))).toBe('You have signed out.')
    expect(await qa(page, 'signed-in-as').count()).toBe(0)
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('eoc_session')

    await visit(page, '/children')
    expect(pathOf(page)).toBe(`/sign-in?reason=required&returnTo=${encodeURIComponent('/children')}`)
    expect(await textOf(qa(page, 'sign-in-message'))).toBe('Sign in to use the service.')
    expect(await qa(page, 'children-table').count()).toBe(0)
  })

  // Pages are sent with Cache-Control: no-store, so Back after signing out cannot show a child's details from the cache.
  it('after signing out, Back does not show the children list again', async () => {
    const page = await suite.newPage()
    await signIn(page, account('sp2.north'))
    await visit(page, '/children')
    await clickThrough(page, qa(page, 'sign-out'))
    expect(pathOf(page)).toBe('/sign-in?reason=signed-out')
    await page.goBack()
    await expectAccessible(page)
    expect(pathOf(page)).toBe(`/sign-in?reason=required&returnTo=${encodeURIComponent('/children')}`)
    expect(await qa(page, 'children-table').count()).toBe(0)
  })

  it('five wrong passwords lock the account: the sixth attempt is refused even with the right password', async () => {
    const email = account('referrer')
    // The lockout lives in the database; lift it afterwards so other tests can sign in as the referrer.
    onTestFinished(async () => {
      await suite.database.db.delete(signInAttempts).where(eq(signInAttempts.email, email))
    })
    const page = await suite.newPage()
    await visit(page, '/sign-in')
    const summary = page.locator('.govuk-error-summary')
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitSignIn(page, email, `wrong-password-${attempt}`)
      expect(pathOf(page)).toBe('/sign-in')
      expect(await page.title()).toMatch(/^Error: Sign in/)
      const message = await textOf(summary)
      // The fifth failure is the one that locks, and says so at once.
      if (attempt < 5) expect(message, `attempt ${attempt}`).toContain('Enter a correct email address and password')
      else expect(message, `attempt ${attempt}`).toContain('Too many failed attempts')
    }

    await submitSignIn(page, email, DEMO_PASSWORD)
    expect(pathOf(page)).toBe('/sign-in')
    expect(await textOf(summary)).toMatch(/Too many failed attempts to sign in with this email address\. You can try again after .+\./)
    expect(await textOf(page.locator('#email-error'))).toContain('Too many failed attempts')
    expect(await qa(page, 'signed-in-as').count()).toBe(0)
  })

  it('a form sent after the session expired is kept, offered after signing in again, and restored', async () => {
    const email = account('referrer')
    const page = await suite.newPage()
    await signIn(page, email)
    await visit(page, '/children/new')
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Add a child')
    await page.getByLabel('First name').fill('Marigold')
    await page.getByLabel('Last name').fill('Pennywhistle')
    await page.getByLabel('Day').fill('14')
    await page.getByLabel('Month').fill('2')
    await page.getByLabel('Year').fill('2012')
    await page.getByRole('group', { name: 'Sex' }).getByLabel('Female').check()
    await page.getByLabel('Postcode (optional)').fill('DM1 4AB')

    // Thirty-one idle minutes pass (the idle limit is 30): only this user's open session is touched.
    await suite.database.db.execute(
      sql`update sessions set last_seen_at = now() - interval '31 minutes' where ended_at is null and user_id = (select id from users where email = ${email})`,
    )

    await clickThrough(page, qa(page, 'save-child'))
    expect(pathOf(page)).toBe(`/sign-in?reason=form-saved&returnTo=${encodeURIComponent('/children/new')}`)
    expect(await textOf(qa(page, 'sign-in-message'))).toBe('Your session ended before you saved. What you entered has been kept: sign in again to get it back.')

    await submitSignIn(page, email, DEMO_PASSWORD)
    expect(pathOf(page)).toBe('/saved-forms')
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('You have unsaved work')
    const savedLinks = qa(page, 'saved-forms').getByRole('link')
    expect(await savedLinks.count()).toBe(1)
    expect(await textOf(savedLinks)).toBe('Form at /children/new')

    await clickThrough(page, savedLinks)
    expect(pathOf(page)).toMatch(/^\/children\/new\?restore=[0-9a-f-]{36}$/)
    expect(await textOf(qa(page, 'restored-form'))).toContain('This is what you entered before your session ended')
    expect(await page.getByLabel('First name').inputValue()).toBe('Marigold')
    expect(await page.getByLabel('Last name').inputValue()).toBe('Pennywhistle')
    expect(await page.getByLabel('Day').inputValue()).toBe('14')
    expect(await page.getByLabel('Month').inputValue()).toBe('2')
    expect(await page.getByLabel('Year').inputValue()).toBe('2012')
    expect(await page.getByRole('group', { name: 'Sex' }).getByLabel('Female').isChecked()).toBe(true)
    expect(await page.getByLabel('Postcode (optional)').inputValue()).toBe('DM1 4AB')

    // The kept form is offered once: the list is empty now.
    await visit(page, '/saved-forms')
    expect(await qa(page, 'saved-forms').count()).toBe(0)
    expect(await textOf(page.getByText('You have no unsaved work.'))).toBe('You have no unsaved work.')
  })
})

/**
 * The edge-of-care lifecycle in a real browser, each role doing its part, with an axe scan
 * of every page: the referrer refers a family with its other children and network, the panel chair decides, the team manager allocates, the family support
 * worker records a contact and closes, the team manager signs off, the worker records a follow-up.
 */
import { describe, expect, it } from 'vitest'
import { and, asc, between, desc, eq } from 'drizzle-orm'
import { children, users } from '../server/platform/db/schema.js'
import { loadCurrentUser } from '../server/platform/auth/users.js'
import { createCaseworkService } from '../server/modules/casework/index.js'
import { account, clickThrough, hasChromium, pathOf, qa, signIn, visit } from './support.js'
import { useBrowserSuite } from './support.js'

describe.skipIf(!hasChromium)('casework in the browser', () => {
  const suite = useBrowserSuite()

  it('referral → panel → allocation → contact → closure → sign-off → follow-up', async () => {
    const db = suite.database.db
    const [child] = await db
      .select()
      .from(children)
      .where(and(eq(children.restricted, false), eq(children.uasc, false), between(children.dateOfBirth, '2010-01-01', '2014-12-31')))
      .orderBy(asc(children.localChildId))
      .limit(1)
    if (!child) throw new Error('The demo has no young person aged 12 to 16')
    const [referrer] = await db
      .select()
      .from(users)
      .where(eq(users.email, account('referrer')))
    const user = await loadCurrentUser(db, referrer?.id as string)
    const referral = await createCaseworkService(db).createReferral(
      { user: user as NonNullable<typeof user>, correlationId: 'e2e' },
      { strand: 'risk_of_care', childIds: [child.id], referrerTeam: 'child_in_need', reason: 'Going missing overnight', atRiskPlacementType: 'residential', consent: 'given' },
    )

    const chair = await suite.newPage()
    await signIn(chair, account('panel.chair'))
    await visit(chair, '/panel')
    await clickThrough(chair, qa(chair, 'panel-referral').first())
    await chair.getByLabel('Accept').check()
    await chair.getByLabel('High').check()
    await chair.getByLabel('Rationale').fill('Meets the criteria; high risk of residential care')
    await clickThrough(chair, qa(chair, 'decide'))
    const caseUrl = pathOf(chair)
    expect(caseUrl).toMatch(/^\/cases\/[0-9a-f-]{36}$/)
    expect(referral.status).toBe('awaiting_panel')

    const manager = await suite.newPage()
    await signIn(manager, account('tm.north'))
    await visit(manager, '/cases?view=waiting')
    await visit(manager, caseUrl)
    await clickThrough(manager, qa(manager, 'allocate'))
    await manager.getByLabel('North', { exact: true }).check()
    await manager.locator('input[name="leadWorkerId"]').first().check()
    const leadId = await manager.locator('input[name="leadWorkerId"]:checked').getAttribute('value')
    await clickThrough(manager, qa(manager, 'allocate-submit'))
    expect(pathOf(manager)).toBe(caseUrl)

    const [lead] = await db
      .select()
      .from(users)
      .where(eq(users.id, leadId as string))
    const worker = await suite.newPage()
    await signIn(worker, lead?.email as string)
    await visit(worker, '/cases')
    await visit(worker, caseUrl)
    await clickThrough(worker, qa(worker, 'record-contact'))
    await worker.getByLabel('Home visit').check()
    await worker.getByLabel('Day').fill('20')
    await worker.getByLabel('Month').fill('11')
    await worker.getByLabel('Year').fill('2026')
    await worker.getByLabel('Time').fill('18:45')
    await worker.getByLabel('Duration in minutes').fill('60')
    await worker.getByLabel('Note').fill('Talked through the family safety plan')
    await clickThrough(worker, qa(worker, 'save-contact'))
    expect(await qa(worker, 'timeline').textContent()).toContain('Talked through the family safety plan')
    await clickThrough(worker, qa(worker, 'close-case'))
    await worker.getByLabel('Remained at home or in the family network').check()
    await worker.getByLabel('Closing summary').fill('Young person says things are calmer at home')
    await clickThrough(worker, qa(worker, 'close-submit'))
    expect(await qa(worker, 'case-status').textContent()).toContain('Closure waiting for sign-off')

    await visit(manager, caseUrl)
    await clickThrough(manager, qa(manager, 'sign-off'))
    expect(await qa(manager, 'case-status').textContent()).toContain('Closed')

    await visit(worker, caseUrl)
    await clickThrough(worker, qa(worker, 'follow-ups').getByRole('link').first())
    await worker.getByLabel('At home').check()
    await clickThrough(worker, qa(worker, 'save-follow-up'))
    expect(await qa(worker, 'follow-ups').textContent()).toContain('At home')
  })

  it('referral journey: the young person, the family’s other children and network, check your answers, submitted', async () => {
    const db = suite.database.db
    const [child] = await db
      .select()
      .from(children)
      .where(and(eq(children.restricted, false), eq(children.uasc, false), between(children.dateOfBirth, '2010-01-01', '2014-12-31')))
      .orderBy(desc(children.localChildId))
      .limit(1)
    if (!child) throw new Error('The demo has no young person aged 12 to 16')
    const page = await suite.newPage()
    await signIn(page, account('referrer'))
    await visit(page, '/referrals')
    await clickThrough(page, qa(page, 'start-referral'))
    await page.getByLabel('Name, date of birth or council child ID').fill(child.localChildId ?? child.familyName)
    await clickThrough(page, qa(page, 'search'))
    await clickThrough(page, qa(page, `add-${child.id}`))
    await clickThrough(page, qa(page, 'save-and-continue'))

    // The family's other children: an error, then one added, changed and kept.
    expect(pathOf(page)).toMatch(/\/siblings$/)
    await clickThrough(page, qa(page, 'save-and-continue'))
    expect(await qa(page, 'error-summary').textContent()).toContain('Select yes if the family has other children')
    await page.getByLabel('Yes').check()
    await clickThrough(page, qa(page, 'save-and-continue'))
    await page.getByLabel('First name').fill('Zebedee')
    await page.getByLabel('Last name').fill(child.familyName)
    await page.getByLabel('Day').fill('14')
    await page.getByLabel('Month').fill('2')
    await page.getByLabel('Year').fill('2019')
    await page.getByLabel('Yes').check()
    await clickThrough(page, qa(page, 'save-and-continue'))
    expect(await qa(page, 'siblings-added').textContent()).toContain(`Zebedee ${child.familyName}`)
    await clickThrough(page, qa(page, 'change-1'))
    await page.getByLabel('First name').fill('Zebedee-Jon')
    await clickThrough(page, qa(page, 'save-and-continue'))
    await page.getByLabel('No').check()
    await clickThrough(page, qa(page, 'save-and-continue'))

    // The network: one person added and one removed after asking.
    expect(pathOf(page)).toMatch(/\/network$/)
    for (const [name, relationship] of [
      ['Philippa Marchbank', 'Grandmother'],
      ['Osric Marchbank', 'Grandfather'],
    ]) {
      await page.getByLabel('Yes').check()
      await clickThrough(page, qa(page, 'save-and-continue'))
      await page.getByLabel('Name', { exact: true }).fill(name as string)
      await page.getByLabel('Relationship to the young person').fill(relationship as string)
      await page.getByLabel('Yes').check()
      await page.getByLabel('Role in the safety plan (optional)').fill('The young person can stay overnight')
      await clickThrough(page, qa(page, 'save-and-continue'))
    }
    await clickThrough(page, qa(page, 'remove-2'))
    await page.getByLabel('Yes').check()
    await clickThrough(page, qa(page, 'save-and-continue'))
    expect(await qa(page, 'network-added').textContent()).not.toContain('Osric')
    await page.getByLabel('No').check()
    await clickThrough(page, qa(page, 'save-and-continue'))

    await page.locator('input[name="strand"][value="risk_of_care"]').check()
    await clickThrough(page, qa(page, 'save-and-continue'))
    await page.locator('input[name="referrerTeam"][value="child_in_need"]').check()
    await clickThrough(page, qa(page, 'save-and-continue'))
    await page.locator('textarea[name="reason"]').fill('Arguments at home are getting worse')
    await page.locator('input[name="presentingNeeds"][value="missing"]').check()
    await clickThrough(page, qa(page, 'save-and-continue'))
    await page.locator('textarea[name="riskSummary"]').fill('Missing overnight twice this month')
    await clickThrough(page, qa(page, 'save-and-continue'))
    await page.locator('input[name="atRiskPlacementType"][value="fostering"]').check()
    await clickThrough(page, qa(page, 'save-and-continue'))
    await page.locator('input[name="consent"][value="given"]').check()
    await clickThrough(page, qa(page, 'save-and-continue'))

    expect(pathOf(page)).toMatch(/\/check-answers$/)
    const answers = await qa(page, 'answers').textContent()
    expect(answers).toContain(`Zebedee-Jon ${child.familyName}`)
    expect(answers).toContain('Philippa Marchbank: Grandmother')
    await clickThrough(page, qa(page, 'submit-referral'))
    expect(pathOf(page)).toMatch(/\/confirmation$/)
  })
})

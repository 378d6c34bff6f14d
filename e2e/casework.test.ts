/**
 * The edge-of-care lifecycle in a real browser, each role doing its part, with an axe scan
 * of every page: the panel chair decides, the team manager allocates, the family support
 * worker records a contact and closes, the team manager signs off, the worker records a follow-up.
 */
import { describe, expect, it } from 'vitest'
import { and, asc, between, eq } from 'drizzle-orm'
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
})

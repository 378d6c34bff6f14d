/**
 * The active case in a real browser, with an axe scan of every page: the lead worker adds a
 * goal, records and reviews a risk, escalates to statutory safeguarding, records a step down,
 * holds a review from the tasks page and opens the family's printable plan.
 */
import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { cases, users } from '../server/platform/db/schema.js'
import { escalations } from '../server/modules/interventions/schema.js'
import { clickThrough, hasChromium, pathOf, qa, signIn, visit } from './support.js'
import { useBrowserSuite } from './support.js'

describe.skipIf(!hasChromium)('the active case in the browser', () => {
  const suite = useBrowserSuite()

  it('plan, risks, escalation, step down, review and the printable plan', async () => {
    const db = suite.database.db
    // The demo's case with an escalation (db/seeds/demo-plan.ts), and its lead worker.
    const [found] = await db
      .select({ caseId: cases.id, email: users.email })
      .from(escalations)
      .innerJoin(cases, eq(cases.id, escalations.caseId))
      .innerJoin(users, eq(users.id, cases.leadWorkerId))
      .limit(1)
    if (!found) throw new Error('The demo has no escalated case')
    const caseUrl = `/cases/${found.caseId}`
    const worker = await suite.newPage()
    await signIn(worker, found.email)

    await visit(worker, caseUrl)
    expect(await qa(worker, 'timeline').textContent()).toContain('Escalated to statutory safeguarding')
    expect(await qa(worker, 'plan-overdue').textContent()).toContain('overdue')
    expect(await qa(worker, 'risk-overdue').count()).toBeGreaterThan(0)

    // A goal, refused once with the error summary, then saved.
    await clickThrough(worker, qa(worker, 'add-goal'))
    await clickThrough(worker, qa(worker, 'save-goal'))
    expect(await worker.title()).toMatch(/^Error: /)
    await worker.getByLabel('The goal, in the family’s own words').fill('Nobody storms out during family meals')
    await worker.getByLabel('Score at the start, from 0 to 10').fill('4')
    await clickThrough(worker, qa(worker, 'save-goal'))
    expect(await qa(worker, 'goals').textContent()).toContain('Nobody storms out during family meals')

    // A risk, then the worker's list of risks to review, and a review of the overdue one.
    await clickThrough(worker, qa(worker, 'add-risk'))
    await worker.getByLabel('Describe the risk').fill('Staying out past midnight with older friends')
    await worker.getByLabel('Medium').check()
    await worker.getByLabel('Day').fill('1')
    await worker.getByLabel('Month').fill('6')
    await worker.getByLabel('Year').fill('2027')
    await clickThrough(worker, qa(worker, 'save-risk'))
    expect(await qa(worker, 'case-risks').textContent()).toContain('Staying out past midnight')
    await visit(worker, '/risks')
    await clickThrough(
      worker,
      qa(worker, 'risks')
        .getByRole('link', { name: /Review/ })
        .first(),
    )
    await worker.getByLabel('Low').check()
    await worker.getByLabel('Day').fill('1')
    await worker.getByLabel('Month').fill('7')
    await worker.getByLabel('Year').fill('2027')
    await clickThrough(worker, qa(worker, 'save-risk-review'))
    expect(pathOf(worker)).toBe(caseUrl)

    // Escalation: who was told, how and when.
    await clickThrough(worker, qa(worker, 'escalate'))
    await worker.getByLabel('The safeguarding concern').fill('New injury seen today; explanation did not fit')
    await worker.getByLabel('The allocated social worker').check()
    await worker.getByLabel('The team manager in this service').check()
    await worker.getByLabel('In person').check()
    await worker.getByLabel('Time').fill('09:30')
    await clickThrough(worker, qa(worker, 'save-escalation'))
    expect(await qa(worker, 'timeline').textContent()).toContain('New injury seen today')

    // Step down, with what happens next on the form.
    await clickThrough(worker, qa(worker, 'record-step'))
    expect(await qa(worker, 'what-next').textContent()).toContain('does not close the case')
    await worker.getByLabel('Step down to youth mentoring').check()
    await worker.getByLabel('Reason').fill('The young person asked for a mentor outside the family')
    await clickThrough(worker, qa(worker, 'save-step'))
    expect(await qa(worker, 'timeline').textContent()).toContain('Stepped down to youth mentoring')

    // A review from the tasks page.
    await visit(worker, '/tasks')
    const reviewLink = worker.locator(`a[href^="${caseUrl}/reviews/"]`).first()
    await clickThrough(worker, reviewLink)
    for (const input of await worker.locator('input[name^="score-"]').all()) await input.fill('6')
    await worker.getByLabel('Note of the review').fill('The family feel more settled')
    await clickThrough(worker, qa(worker, 'save-review'))
    expect(await qa(worker, 'timeline').textContent()).toContain('review held')

    // The family's plan, printable, in plain words.
    await clickThrough(worker, qa(worker, 'print-plan'))
    const printed = (await qa(worker, 'printable-plan').textContent()) ?? ''
    expect(printed).toContain('Nobody storms out during family meals')
    expect(printed).not.toMatch(/\b(FSW|EoC|FGC|CiC|LAC|CIN|CP)\b/)

    // The closure form now asks for the closing scores.
    await visit(worker, `${caseUrl}/closure`)
    expect(await worker.getByText('Closing scores').count()).toBeGreaterThan(0)
  })
})

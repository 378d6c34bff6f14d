/**
 * Children's records in a real browser: searching, filtering, sorting and paging,
 * opening a record and its family, restricted records, and adding a child.
 */
import { describe, expect, it } from 'vitest'
import { asc, eq } from 'drizzle-orm'
import type { Locator, Page } from 'playwright-core'
import { children, families } from '../server/platform/db/schema.js'
import { account, clickThrough, hasChromium, pathOf, qa, serviceNavigation, signIn, textOf, useBrowserSuite, visit } from './support.js'

const PAGE_SIZE = 25

interface ResultCount {
  from: number
  to: number
  total: number
}

/** Reads "Showing 1 to 25 of 60 children", or "No children match your search" as a total of 0. */
async function resultCount(page: Page): Promise<ResultCount> {
  const text = await textOf(qa(page, 'result-count'))
  if (text === 'No children match your search') return { from: 0, to: 0, total: 0 }
  const match = /^Showing (\d+) to (\d+) of ([\d,]+) children$/.exec(text)
  if (!match) throw new Error(`Unexpected result count text: "${text}"`)
  return { from: Number(match[1]), to: Number(match[2]), total: Number(match[3]?.replaceAll(',', '')) }
}

/** The results table's rows as text: name, date of birth, sex and the link to the record. */
async function resultRows(page: Page): Promise<{ name: string; dateOfBirth: string; sex: string; href: string }[]> {
  const table = qa(page, 'children-table')
  if (!(await table.count())) return []
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim()
      const cells = row.querySelectorAll('td')
      const link = row.querySelector('[data-qa="child-link"]')
      return { name: text(link), dateOfBirth: text(cells[1]), sex: text(cells[2]), href: link?.getAttribute('href') ?? '' }
    }),
  )
}

const time = (displayed: string) => {
  const t = Date.parse(`${displayed} 12:00 UTC`)
  if (Number.isNaN(t)) throw new Error(`Not a displayed date: "${displayed}"`)
  return t
}
const isSorted = (values: number[], order: 'ascending' | 'descending') =>
  values.every((v, i) => i === 0 || (order === 'ascending' ? (values[i - 1] ?? v) <= v : (values[i - 1] ?? v) >= v))

const sortHeader = (page: Page, column: string): Locator => qa(page, `sort-${column}`).locator('xpath=ancestor::th')

describe.skipIf(!hasChromium)('children in the browser', () => {
  const suite = useBrowserSuite()

  it('a worker searches by family name, filters by sex, sorts by date of birth and pages through results', async () => {
    const page = await suite.newPage()
    await signIn(page, account('fsw1.north'))
    await clickThrough(page, serviceNavigation(page).getByRole('link', { name: 'Children', exact: true }))
    const all = await resultCount(page)
    expect(all.from).toBe(1)
    expect(all.to).toBe(PAGE_SIZE)
    expect(all.total).toBeGreaterThan(PAGE_SIZE)
    const firstPage = await resultRows(page)
    expect(firstPage).toHaveLength(PAGE_SIZE)

    // Search by a family name read from the table (the last word of the first child's name).
    const familyName = firstPage[0]?.name.split(' ').at(-1) ?? ''
    expect(familyName).not.toBe('')
    await qa(page, 'search-input').fill(familyName)
    await clickThrough(page, qa(page, 'apply-filters'))
    expect(new URL(page.url()).searchParams.get('q')).toBe(familyName)
    const searched = await resultCount(page)
    expect(searched.total).toBeGreaterThanOrEqual(1)
    expect(searched.total).toBeLessThan(all.total)
    const found = await resultRows(page)
    expect(found).toHaveLength(Math.min(searched.total, PAGE_SIZE))
    for (const row of found) expect(row.name.toLowerCase()).toContain(familyName.toLowerCase())
    expect(await qa(page, 'search-input').inputValue()).toBe(familyName)

    // Filter by the sex of the first match, so at least one child stays.
    const sex = found[0]?.sex ?? ''
    expect(['Male', 'Female', 'Not known']).toContain(sex)
    await page.getByRole('group', { name: 'Sex' }).getByLabel(sex, { exact: true }).check()
    await clickThrough(page, qa(page, 'apply-filters'))
    const filtered = await resultCount(page)
    expect(filtered.total).toBeGreaterThanOrEqual(1)
    expect(filtered.total).toBeLessThanOrEqual(searched.total)
    const filteredRows = await resultRows(page)
    for (const row of filteredRows) {
      expect(row.sex).toBe(sex)
      expect(row.name.toLowerCase()).toContain(familyName.toLowerCase())
    }
    expect(await page.getByRole('group', { name: 'Sex' }).getByLabel(sex, { exact: true }).isChecked()).toBe(true)

    // Sort by date of birth: the header link sorts ascending, then descending; the search and filter stay.
    expect(await sortHeader(page, 'dateOfBirth').getAttribute('aria-sort')).toBe('none')
    await clickThrough(page, qa(page, 'sort-dateOfBirth'))
    let params = new URL(page.url()).searchParams
    expect([params.get('q'), params.getAll('sex').length, params.get('sort'), params.get('order')]).toEqual([familyName, 1, 'dateOfBirth', 'ascending'])
    expect(await resultCount(page)).toEqual(filtered)
    expect(await sortHeader(page, 'dateOfBirth').getAttribute('aria-sort')).toBe('ascending')
    expect(await sortHeader(page, 'name').getAttribute('aria-sort')).toBe('none')
    const ascending = await resultRows(page)
    expect(
      isSorted(
        ascending.map((r) => time(r.dateOfBirth)),
        'ascending',
      ),
    ).toBe(true)
    expect(ascending.map((r) => r.href).sort()).toEqual(filteredRows.map((r) => r.href).sort())

    await clickThrough(page, qa(page, 'sort-dateOfBirth'))
    params = new URL(page.url()).searchParams
    expect(params.get('order')).toBe('descending')
    expect(await sortHeader(page, 'dateOfBirth').getAttribute('aria-sort')).toBe('descending')
    expect(
      isSorted(
        (await resultRows(page)).map((r) => time(r.dateOfBirth)),
        'descending',
      ),
    ).toBe(true)

    const pagination = page.getByRole('navigation', { name: 'Pagination' })
    if (filtered.total > PAGE_SIZE) {
      await clickThrough(page, pagination.getByRole('link', { name: 'Page 2', exact: true }))
      expect(await resultCount(page)).toEqual({ from: PAGE_SIZE + 1, to: Math.min(2 * PAGE_SIZE, filtered.total), total: filtered.total })
    } else {
      expect(await pagination.count()).toBe(0)
    }

    // Clear the search and the filter, keeping the sort: every child again, and a second page of them.
    await qa(page, 'search-input').fill('')
    await page.getByRole('group', { name: 'Sex' }).getByLabel(sex, { exact: true }).uncheck()
    await clickThrough(page, qa(page, 'apply-filters'))
    expect(await resultCount(page)).toEqual(all)
    const lastOnFirstPage = (await resultRows(page)).at(-1)
    expect(await pagination.count()).toBe(1)
    await clickThrough(page, pagination.getByRole('link', { name: 'Page 2', exact: true }))
    params = new URL(page.url()).searchParams
    expect([params.get('page'), params.get('sort'), params.get('order')]).toEqual(['2', 'dateOfBirth', 'descending'])
    expect(await resultCount(page)).toEqual({ from: PAGE_SIZE + 1, to: Math.min(2 * PAGE_SIZE, all.total), total: all.total })
    const secondPage = await resultRows(page)
    const dates = [lastOnFirstPage, ...secondPage].map((r) => time(r?.dateOfBirth ?? ''))
    expect(isSorted(dates, 'descending')).toBe(true)
    expect(secondPage.map((r) => r.href)).not.toContain(lastOnFirstPage?.href)
  })

  it('a worker opens a child from the results, sees the identity bar and details, and follows to the family', async () => {
    const page = await suite.newPage()
    await signIn(page, account('fsw1.north'))
    await visit(page, '/children')
    const first = qa(page, 'child-link').first()
    const name = await textOf(first)
    const href = (await first.getAttribute('href')) ?? ''
    expect(href).toMatch(/^\/children\/[0-9a-f-]{36}$/)

    await clickThrough(page, first)
    expect(pathOf(page)).toBe(href)
    expect(await page.title()).toBe(`${name} – Edge of Care`)
    const identity = qa(page, 'identity-bar')
    await identity.waitFor()
    expect(await textOf(qa(identity, 'identity-name'))).toBe(name)
    expect(await textOf(identity)).toMatch(/Born \d{1,2} \w+ \d{4} \(age \d+\)/)
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(name)
    const details = qa(page, 'child-details')
    for (const key of ['Date of birth', 'Sex', 'Ethnicity', 'Council child ID', 'Family']) {
      expect(await details.locator('.govuk-summary-list__key', { hasText: key }).count(), key).toBeGreaterThan(0)
    }
    const recordNav = page.getByRole('navigation', { name: 'Child record navigation' })
    expect(await recordNav.getByRole('link', { name: 'Details' }).getAttribute('aria-current')).toBe('page')

    await clickThrough(page, recordNav.getByRole('link', { name: 'Family and network' }))
    expect(pathOf(page)).toMatch(/^\/families\/[0-9a-f-]{36}$/)
    const familyName = await textOf(page.getByRole('heading', { level: 1 }))
    expect(familyName).toMatch(/ family$/)
    expect(await textOf(qa(qa(page, 'identity-bar'), 'identity-name'))).toBe(familyName)
    const familyChildren = qa(page, 'family-children')
    const backToChild = familyChildren.getByRole('link', { name, exact: true })
    expect(await backToChild.getAttribute('href')).toBe(href)

    await clickThrough(page, backToChild)
    expect(pathOf(page)).toBe(href)
  })

  it('a restricted child exists only for the staff named on it', async () => {
    const [restricted] = await suite.database.db
      .select({ id: children.id, localChildId: children.localChildId, givenName: children.givenName, familyName: children.familyName, familyId: children.familyId })
      .from(children)
      .innerJoin(families, eq(families.id, children.familyId))
      .where(eq(families.restricted, true))
      .orderBy(asc(children.localChildId))
      .limit(1)
    if (!restricted?.localChildId || !restricted.familyId) throw new Error('The demo seeded no restricted child with a council child ID and a family')
    const name = `${restricted.givenName} ${restricted.familyName}`
    const hrefSelector = `a[href="/children/${restricted.id}"]`
    const linkToIt = (page: Page) => qa(page, 'children-table').locator(hrefSelector)

    // Not named on the family: the child cannot be found or opened.
    const outsider = await suite.newPage()
    await signIn(outsider, account('fsw2.north'))
    await visit(outsider, `/children?q=${encodeURIComponent(name)}`)
    expect(await linkToIt(outsider).count()).toBe(0)
    expect(await outsider.getByText('Restricted', { exact: true }).count()).toBe(0)
    await visit(outsider, `/children?q=${encodeURIComponent(restricted.localChildId)}`)
    expect(await textOf(qa(outsider, 'result-count'))).toBe('No children match your search')
    expect(await visit(outsider, `/children/${restricted.id}`)).toBe(404)
    expect(await textOf(outsider.getByRole('heading', { level: 1 }))).toBe('Page not found')
    expect(await outsider.content()).not.toContain(restricted.familyName)
    expect(await visit(outsider, `/families/${restricted.familyId}`)).toBe(404)
    expect(await textOf(outsider.getByRole('heading', { level: 1 }))).toBe('Page not found')

    // Named on it: found by name, tagged, and opened.
    const named = await suite.newPage()
    await signIn(named, account('tm.north'))
    await clickThrough(named, serviceNavigation(named).getByRole('link', { name: 'Children', exact: true }))
    await qa(named, 'search-input').fill(name)
    await clickThrough(named, qa(named, 'apply-filters'))
    const link = linkToIt(named)
    expect(await link.count()).toBe(1)
    expect(await textOf(link)).toBe(name)
    const row = qa(named, 'children-table').locator('tbody tr', { has: named.locator(hrefSelector) })
    expect(await textOf(row.locator('.govuk-tag'))).toBe('Restricted')

    await clickThrough(named, link)
    expect(pathOf(named)).toBe(`/children/${restricted.id}`)
    const identity = qa(named, 'identity-bar')
    expect(await textOf(qa(identity, 'identity-name'))).toBe(name)
    expect(await textOf(identity.locator('.govuk-tag'))).toBe('Restricted')
  })

  it('adding a child shows the GOV.UK error summary for a missing last name, then saves and opens the record', async () => {
    const page = await suite.newPage()
    await signIn(page, account('referrer'))
    await visit(page, '/children')
    await clickThrough(page, qa(page, 'add-child'))
    expect(pathOf(page)).toBe('/children/new')
    expect(await page.title()).toBe('Add a child – Edge of Care')

    await page.getByLabel('First name').fill('Tamsin')
    await page.getByLabel('Day').fill('3')
    await page.getByLabel('Month').fill('9')
    await page.getByLabel('Year').fill('2013')
    await page.getByRole('group', { name: 'Sex' }).getByLabel('Female').check()
    await page.getByLabel('Ethnicity').selectOption({ label: 'White British' })
    await clickThrough(page, qa(page, 'save-child'))

    expect(pathOf(page)).toBe('/children/new')
    expect(await page.title()).toMatch(/^Error: Add a child/)
    const summary = page.locator('.govuk-error-summary')
    expect(await textOf(summary.locator('.govuk-error-summary__title'))).toBe('There is a problem')
    const summaryLinks = summary.getByRole('link')
    expect(await summaryLinks.count()).toBe(1)
    expect(await textOf(summaryLinks)).toBe('Enter the last name')
    expect(await summaryLinks.getAttribute('href')).toBe('#familyName')
    expect(await textOf(page.locator('#familyName-error'))).toBe('Error: Enter the last name')
    // GOV.UK Frontend moves focus to the summary, and its link to the field.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary') ?? false)).toBe(true)
    await summaryLinks.click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('familyName')
    // What was typed is kept.
    expect(await page.getByLabel('First name').inputValue()).toBe('Tamsin')
    expect(await page.getByLabel('Year').inputValue()).toBe('2013')
    expect(await page.getByLabel('Ethnicity').inputValue()).toBe('WBRI')

    await page.getByLabel('Last name').fill('Quillfeather')
    await clickThrough(page, qa(page, 'save-child'))
    expect(pathOf(page)).toMatch(/^\/children\/[0-9a-f-]{36}$/)
    expect(await page.title()).toBe('Tamsin Quillfeather – Edge of Care')
    expect(await textOf(qa(qa(page, 'identity-bar'), 'identity-name'))).toBe('Tamsin Quillfeather')
    const details = await textOf(qa(page, 'child-details'))
    expect(details).toContain('3 September 2013')
    expect(details).toContain('Female')
    expect(details).toContain('White British (WBRI)')

    const id = pathOf(page).split('/').at(-1) ?? ''
    const [saved] = await suite.database.db.select().from(children).where(eq(children.id, id))
    expect(saved).toMatchObject({ givenName: 'Tamsin', familyName: 'Quillfeather', dateOfBirth: '2013-09-03', sex: 'F', ethnicity: 'WBRI' })
  })

  // The error summary's link for a date of birth error focuses the Day box (GOV.UK date input pattern).
  it('the error summary link for the date of birth moves focus to the Day box', async () => {
    const page = await suite.newPage()
    await signIn(page, account('sp1.south'))
    await visit(page, '/children/new')
    await page.getByLabel('First name').fill('Rowan')
    await page.getByLabel('Last name').fill('Ellery')
    await clickThrough(page, qa(page, 'save-child'))
    const link = page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the date of birth' })
    expect(await link.count()).toBe(1)
    await link.click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dateOfBirth-day')
  })
})

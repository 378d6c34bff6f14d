/**
 * Real-browser test support: serves the app with a seeded Demoshire on a random port,
 * drives Debian's Chromium through playwright-core, and checks every page with axe.
 *
 * Use `useBrowserSuite()` inside a `describe.skipIf(!hasChromium)` block: it starts the
 * database, the app and the browser in `beforeAll`, gives each test a fresh browser
 * context through `suite.newPage()`, and closes everything in `afterAll`.
 */
import { closeSync, existsSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { createTestDatabase } from '../test/support/database.js'
import { createTestApp } from '../test/support/app.js'
import { DEMO_PASSWORD, seedDemo } from '../db/seeds/demo.js'
import type { Database } from '../server/platform/db/index.js'
import { publicFolder } from '../server/platform/paths.js'

export { DEMO_PASSWORD }

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM_PATH)

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

/** The demo's address book: every account the journeys use. */
export const DEMO_DOMAIN = 'demoshire.example'
export const account = (local: string) => `${local}@${DEMO_DOMAIN}`

/** Fewer children than the full demo keeps the seed fast and still gives three pages of results. */
const CHILD_COUNT = 60

/** The WCAG levels every page must meet; only `serious` and `critical` violations fail a test. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const FAILING_IMPACTS = new Set(['serious', 'critical'])

// CI sets E2E_REQUIRE_BROWSER: there a missing browser is a failure, never a quiet skip.
if (!hasChromium && process.env.E2E_REQUIRE_BROWSER) throw new Error(`${CHROMIUM_PATH} not found, and E2E_REQUIRE_BROWSER is set: install it with apt-get install -y chromium`)
if (!hasChromium) announceOnce(`Browser tests skipped: ${CHROMIUM_PATH} not found. Install it with: apt-get install -y chromium (CI installs it)`)

/**
 * Says it once per run, not once per test file: every file imports this module, each in
 * its own worker, so the first worker to create the marker (named for the vitest process,
 * the workers' parent) prints the line.
 */
function announceOnce(line: string) {
  try {
    closeSync(openSync(join(tmpdir(), `edge-of-care-e2e-skip-${process.ppid}`), 'wx'))
  } catch {
    return
  }
  console.warn(line)
}

export interface BrowserSuite {
  /** The app's origin, e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string
  /** The test database, for arranging and checking rows directly. */
  readonly database: Database
  readonly app: FastifyInstance
  /** A page in a fresh browser context (no cookies), closed after the test. */
  newPage(): Promise<Page>
}

/**
 * Registers the hooks that serve the app for a browser and returns the running suite.
 * Call it at the top of a `describe` block; its fields are ready inside tests.
 */
export function useBrowserSuite(env: Record<string, string> = {}): BrowserSuite {
  let database: (Database & { url: string | null }) | undefined
  let app: FastifyInstance | undefined
  let launching: Promise<Browser> | undefined
  let browser: Browser | undefined
  let baseUrl = ''
  const contexts: BrowserContext[] = []
  const problems: string[] = []

  beforeAll(async () => {
    if (!existsSync(join(publicFolder, 'stylesheets', 'govuk-frontend.min.css'))) {
      throw new Error(`The app's built assets are missing from ${publicFolder}: run "npm run build" first (npm run test:browser does)`)
    }
    // The browser starts while the database is seeded; afterAll closes it even if the set-up fails.
    launching = chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
    database = await createTestDatabase()
    await seedDemo(database.db, { childCount: CHILD_COUNT })
    app = await createTestApp(database, {
      SIGN_IN_MAX_FAILURES: '5',
      SIGN_IN_WINDOW_MINUTES: '15',
      SIGN_IN_LOCKOUT_MINUTES: '15',
      SESSION_IDLE_MINUTES: '30',
      SESSION_WARNING_MINUTES: '5',
      ...env,
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address() as AddressInfo | null
    if (!address || typeof address !== 'object') throw new Error('The app is not listening on a TCP port')
    baseUrl = `http://127.0.0.1:${address.port}`
    browser = await launching
  })

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()))
    // Broken assets, script errors and CSP refusals fail the test that met them.
    const met = problems.splice(0)
    expect(met, 'Browser problems while the test ran (failed sub-resources, script errors, CSP violations)').toEqual([])
  })

  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close()
    await app?.close()
    await database?.close()
  })

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`The browser suite's ${name} is not ready: use it inside a test, after beforeAll`)
    return value
  }

  return {
    get baseUrl() {
      return ready(baseUrl || undefined, 'baseUrl')
    },
    get database() {
      return ready(database, 'database')
    },
    get app() {
      return ready(app, 'app')
    },
    async newPage() {
      const context = await ready(browser, 'browser').newContext({ baseURL: baseUrl, locale: 'en-GB', timezoneId: 'Europe/London' })
      context.setDefaultTimeout(15_000)
      contexts.push(context)
      const page = await context.newPage()
      page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`))
      page.on('console', (message) => {
        // A page served with an error status (404, 401, 429) logs "Failed to load resource" for itself: that is expected.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error on ${page.url()}: ${message.text()}`)
      })
      page.on('response', (response) => {
        if (response.request().resourceType() !== 'document' && response.status() >= 400) problems.push(`${response.status()} for ${response.url()} on ${page.url()}`)
      })
      page.on('requestfailed', (request) => {
        // A sub-resource still loading when the page moves on is aborted by the browser: not a fault.
        const reason = request.failure()?.errorText ?? 'unknown'
        if (request.resourceType() !== 'document' && reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${reason})`)
      })
      return page
    },
  }
}

// ---------------------------------------------------------------- accessibility

/**
 * Fails the test when axe finds a `serious` or `critical` WCAG 2.2 AA violation on the
 * page as it is now, naming each rule, its impact, the help text and the first targets.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()
  const serious = results.violations.filter((v) => v.impact && FAILING_IMPACTS.has(v.impact))
  const failing = serious
  if (!failing.length) return
  const lines = failing.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => n.target.map(String).join(' '))
      .join(' | ')
    return `  - ${v.id} [${v.impact}]: ${v.help}\n      at ${targets}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''}`
  })
  const title = await page.title().catch(() => '')
  throw new Error(`${failing.length} serious or critical accessibility violation(s) on ${page.url()} ("${title}"):\n${lines.join('\n')}`)
}

// ---------------------------------------------------------------- navigation, each followed by an axe scan

/** Goes to a path (relative to the app) and checks the page; answers the HTTP status. */
export async function visit(page: Page, path: string): Promise<number> {
  const response = await page.goto(path)
  await expectAccessible(page)
  return response?.status() ?? 0
}

/**
 * Does something that loads a new document (a link, a form submission, redirects and all),
 * waits for that document to load and checks it. Works when the URL does not change, as
 * when a form is shown again with errors.
 */
export async function follow(page: Page, action: () => Promise<unknown>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() })
  // If the action fails, its error is the one to report; the wait then fails too when the page closes.
  navigated.catch(() => undefined)
  await action()
  await navigated
  await page.waitForLoadState('load')
  await expectAccessible(page)
}

/** Clicks a link or button that loads a new page, and checks that page. */
export async function clickThrough(page: Page, target: Locator): Promise<void> {
  await follow(page, () => target.click())
}

/** The path and query of the page's URL, e.g. "/children?q=Hart". */
export function pathOf(page: Page): string {
  const url = new URL(page.url())
  return url.pathname + url.search
}

export const qa = (page: Page | Locator, name: string): Locator => page.locator(`[data-qa="${name}"]`)

// ---------------------------------------------------------------- signing in

/** Fills in and sends the sign-in form on the current page (which must be the sign-in page). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await clickThrough(page, qa(page, 'sign-in'))
}

/** Opens the sign-in page, signs in and checks the result is a signed-in page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await visit(page, '/sign-in')
  await submitSignIn(page, email, password)
  const signedInAs = qa(page, 'signed-in-as')
  if (!(await signedInAs.isVisible())) {
    throw new Error(`Signing in as ${email} did not reach a signed-in page: at ${pathOf(page)}, "${await page.title()}"`)
  }
}

/** The trimmed text of the one element a locator finds (waiting for it to appear). */
export async function textOf(target: Locator): Promise<string> {
  await target.waitFor()
  return ((await target.textContent()) ?? '').replace(/\s+/g, ' ').trim()
}

/** The service navigation's links, by their visible text. */
export function serviceNavigation(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Menu' })
}

// Shared by the *.bench.mjs files: a cookie-keeping browser for signing in, and one
// measured autocannon run per page (the method bench/run.mjs describes in bench/README.md).

import autocannon from 'autocannon'

export const log = (line = '') => process.stdout.write(`${line}\n`)

export function positive(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`)
  return n
}

export class Browser {
  constructor(base) {
    this.base = base
    this.cookies = new Map()
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  async request(path, init = {}) {
    const headers = { accept: 'text/html', ...(init.headers ?? {}) }
    if (this.cookies.size) headers.cookie = this.cookieHeader()
    const response = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { status: response.status, location: response.headers.get('location'), body: await response.text() }
  }
  async signIn(email, password) {
    const form = await this.request('/sign-in')
    const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(form.body)?.[1]
    if (!csrf) throw new Error('No _csrf hidden input on the sign-in page')
    const done = await this.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email, password, returnTo: '/' }).toString(),
    })
    if (done.status !== 303) throw new Error(`Sign-in as ${email} failed: status ${done.status}, location ${done.location}`)
  }
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const tally = (counts, status) => {
  counts[status] = (counts[status] ?? 0) + 1
}

/** One page: all connections open, a warm-up, then `seconds` measured; every response must be a 200. */
export async function measure(base, page, server, { connections, seconds, warmupSeconds, rampLimitSeconds = 60 }) {
  const url = new URL(page.path, base).toString()
  const all = { statuses: {}, requestErrors: 0 }
  const window = { open: false, latencies: [], statuses: {} }
  const acceptedBefore = server.accepted
  let instance
  const finished = new Promise((resolve, reject) => {
    instance = autocannon({ url, connections, headers: page.headers, timeout: 120, duration: rampLimitSeconds + warmupSeconds + seconds + 60 }, (error, result) =>
      error ? reject(error) : resolve(result),
    )
  })
  instance.on('response', (_client, status, _bytes, ms) => {
    tally(all.statuses, status)
    if (window.open) {
      window.latencies.push(ms)
      tally(window.statuses, status)
    }
  })
  instance.on('reqError', () => all.requestErrors++)
  const rampStart = performance.now()
  while (server.accepted - acceptedBefore < connections && performance.now() - rampStart < rampLimitSeconds * 1000) await sleep(20)
  const rampSeconds = (performance.now() - rampStart) / 1000
  await sleep(warmupSeconds * 1000)
  window.open = true
  const start = performance.now()
  await sleep(seconds * 1000)
  window.open = false
  const measured = (performance.now() - start) / 1000
  instance.stop()
  const result = await finished
  const latencies = window.latencies.sort((x, y) => x - y)
  const not200 = Object.entries(all.statuses).reduce((n, [code, c]) => n + (code === '200' ? 0 : c), 0)
  return {
    page: page.name,
    key: page.key,
    path: page.path,
    requestsPerSecond: (window.statuses['200'] ?? 0) / measured,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    responsesInWindow: latencies.length,
    secondsToAcceptAll: rampSeconds,
    failures: { not200, statuses: all.statuses, requestErrors: all.requestErrors, errors: result.errors, timeouts: result.timeouts },
  }
}

export const failed = (f) => f.not200 > 0 || f.requestErrors > 0 || f.errors > 0 || f.timeouts > 0

export function printTable(results, goalMs) {
  const header = ['page', 'requests/s', 'p50 ms', 'p95 ms', `p95 < ${goalMs} ms`]
  const table = results.map((r) => [
    `${failed(r.failures) ? '!!! FAILED ' : ''}${r.page}`,
    r.requestsPerSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p95 < goalMs ? 'yes' : 'no',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)))
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  log(line(header))
  log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of table) log(line(row))
}

import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

describe('config', () => {
  it('defaults to the embedded database with demo data, outside production', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: './data', demo: true, secureCookies: false, SESSION_IDLE_MINUTES: 30, SIGN_IN_MAX_FAILURES: 5 })
  })

  it('does not seed the demo on PostgreSQL unless DEMO=true', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@localhost/db' }).demo).toBe(false)
    expect(loadConfig({ DATABASE_URL: 'postgres://x@localhost/db', DEMO: 'true' }).demo).toBe(true)
  })

  it('fails fast in production without a database or session secret, naming them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL[\s\S]*SESSION_SECRET/)
  })

  it('refuses demo data in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@localhost/db', SESSION_SECRET: 'x'.repeat(32), DEMO: 'true' })).toThrow(
      /never goes into production/,
    )
  })

  it('uses secure cookies in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@localhost/db', SESSION_SECRET: 'x'.repeat(32) })).toMatchObject({ secureCookies: true, demo: false })
  })

  it('explains a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
  })
})

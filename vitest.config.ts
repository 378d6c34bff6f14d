import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'db/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Browser journeys scan every page with axe; on a busy 2-core machine one can take a minute.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: two workers keep PGlite start-ups and the browser from starving each other.
    maxWorkers: 2,
    env: { TZ: 'Europe/London', NODE_ENV: 'test' },
  },
})

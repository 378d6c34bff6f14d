import { z } from 'zod'

/**
 * The one typed configuration module. Every setting comes from the environment;
 * in production a missing or unsafe setting stops the service at start, with a
 * message naming it, rather than failing later on a live request.
 */
const booleanish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

const positiveInt = z.coerce.number().int().positive()

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(32).optional(),
  DEMO: booleanish.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: positiveInt.default(30),
  SESSION_WARNING_MINUTES: positiveInt.default(5),
  SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  SIGN_IN_MAX_FAILURES: positiveInt.default(5),
  SIGN_IN_WINDOW_MINUTES: positiveInt.default(15),
  SIGN_IN_LOCKOUT_MINUTES: positiveInt.default(15),
  SAVED_FORM_HOURS: positiveInt.default(24),
  BREAK_GLASS_MINUTES: positiveInt.default(60),
  BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  TRUST_PROXY: booleanish.default(false),
})

export type Config = z.infer<typeof schema> & {
  sessionSecret: string
  secureCookies: boolean
  demo: boolean
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  const production = c.NODE_ENV === 'production'
  if (production) {
    const missing: string[] = []
    if (!c.DATABASE_URL) missing.push('DATABASE_URL (production runs on PostgreSQL)')
    if (!c.SESSION_SECRET) missing.push('SESSION_SECRET (at least 32 characters)')
    if (missing.length) throw new ConfigError(`Missing required settings in production:\n  ${missing.join('\n  ')}`)
    if (c.DEMO) throw new ConfigError('DEMO=true is refused when NODE_ENV=production: demo data never goes into production.')
  }
  // Outside production a fixed development secret keeps sessions across restarts;
  // it signs nothing of value because there is no real data outside production.
  const sessionSecret = c.SESSION_SECRET ?? 'development-only-secret-not-for-production-use'
  return {
    ...c,
    sessionSecret,
    secureCookies: production,
    demo: !production && (c.DEMO ?? !c.DATABASE_URL),
  }
}

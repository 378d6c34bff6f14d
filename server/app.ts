import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import type { Logger } from 'pino'
import type { Config } from './config.js'
import type { Database } from './platform/db/index.js'
import { ping } from './platform/db/index.js'
import { can } from './platform/auth/roles.js'
import { ROLE_NAMES } from './platform/auth/roles.js'
import { resolveSession, saveForm, SESSION_COOKIE, setFlash, type SessionSettings } from './platform/auth/sessions.js'
import { loadCurrentUser } from './platform/auth/users.js'
import { userIdForToken } from './platform/auth/tokens.js'
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from './platform/http/errors.js'
import { sendProblem } from './platform/http/problem.js'
import { createApiRegistry, type ApiRegistry } from './platform/http/api.js'
import { createViews, type Views } from './platform/views/index.js'
import { unreadCount } from './platform/notifications/index.js'
import { publicFolder } from './platform/paths.js'
import './platform/http/types.js'

export interface AppDeps {
  config: Config
  database: Database
  logger?: Logger | boolean
  version: string
  /** Queues background jobs (the service's pg-boss runner); absent in tests and one-process tools, where work queued runs in the process. */
  jobs?: { send(name: string, data?: Record<string, unknown>): Promise<string | null> }
}

export interface Modules {
  views: Views
  api: ApiRegistry
  sessionSettings: SessionSettings
}

/** Routes every module adds: pages and API routes, each naming its permission. */
export type RegisterRoutes = (app: FastifyInstance, modules: Modules, deps: AppDeps) => void

const STATIC_PREFIXES = ['/assets/', '/stylesheets/', '/javascripts/']
const CORRELATION_ID = /^[A-Za-z0-9._-]{8,100}$/

/**
 * Builds the app. Middleware runs in one visible order: correlation id, health,
 * security headers, cookies, body parsing, static files, views, identity, the
 * saved-form catch for expired sessions, permission, CSRF, routes, 404, errors.
 */
export async function buildApp(deps: AppDeps, register: RegisterRoutes[]): Promise<FastifyInstance> {
  const { config, database } = deps
  const db = database.db
  const app = Fastify({
    ...(deps.logger && typeof deps.logger === 'object' ? { loggerInstance: deps.logger as FastifyBaseLogger } : { logger: Boolean(deps.logger) }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers['x-correlation-id']
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID()
    },
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
  }) as unknown as FastifyInstance
  const sessionSettings: SessionSettings = {
    idleMinutes: config.SESSION_IDLE_MINUTES,
    absoluteHours: config.SESSION_ABSOLUTE_HOURS,
    savedFormHours: config.SAVED_FORM_HOURS,
  }
  const views = createViews()
  const api = createApiRegistry()
  const modules: Modules = { views, api, sessionSettings }

  app.decorateRequest('ctx', null)
  app.decorateRequest('session', null as never)
  app.decorateRequest('isApi', false)
  app.addHook('onRequest', async (request, reply) => {
    request.isApi = request.url.startsWith('/api/')
    request.session = { state: 'none' }
    reply.header('x-correlation-id', request.id)
    // Pages and answers hold children's records: no browser or proxy keeps a copy, so Back
    // after sign-out shows nothing. Only the static assets are cacheable.
    if (!STATIC_PREFIXES.some((p) => request.url.startsWith(p))) reply.header('cache-control', 'no-store')
  })

  // Deny by default: a route that names neither a permission nor `public` stops the app from starting.
  const routeTable: FastifyInstance['routeTable'] = []
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', (route) => {
    const config = route.config ?? {}
    if (STATIC_PREFIXES.some((p) => route.url.startsWith(p)) || route.url === '*') {
      route.config = { ...config, public: true }
      return
    }
    if (!config.permission && !config.public) {
      throw new Error(`Route ${route.method} ${route.url} names no permission: every route must say who may use it`)
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, permission: config.permission ?? null, public: Boolean(config.public) })
    }
  })

  app.get('/health', { config: { public: true } }, async (_request, reply) => {
    try {
      await ping(db)
      return { status: 'ok', database: database.kind }
    } catch (error) {
      app.log.error({ err: error }, 'health check failed')
      return reply.code(503).send({ status: 'unavailable', database: database.kind })
    }
  })
  app.get('/info', { config: { public: true } }, async () => ({
    name: 'edge-of-care',
    version: deps.version,
    node: process.version,
    database: database.kind,
    timeZone: 'Europe/London',
  }))

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // 'self' must stay beside the nonce helmet adds, or the stylesheets themselves are blocked.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies,
  })
  await app.register(fastifyCookie, { secret: config.sessionSecret })
  await app.register(fastifyFormbody, { bodyLimit: config.BODY_LIMIT_BYTES })
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifyStatic, { root: publicFolder, prefix: '/', wildcard: false, index: false, maxAge: config.NODE_ENV === 'production' ? '1d' : 0 })
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
    // A token is good only for the session it was issued in.
    csrfOpts: { hmacKey: config.sessionSecret },
    getUserInfo: csrfUserInfo,
  })

  app.decorateReply('view', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200) {
    const request = this.request
    const ctx = request.ctx
    let flash: Record<string, unknown> | null = null
    if (request.session.state === 'active' && request.session.flash) {
      flash = request.session.flash
      await setFlash(db, request.session.idHash, null)
    }
    const html = views.render(template, {
      ...data,
      user: ctx?.user ?? null,
      roleNames: ctx ? ctx.user.roles.map((r) => ROLE_NAMES[r]) : [],
      can: (permission: Parameters<typeof can>[1]) => (ctx ? can(ctx.user.roles, permission) : false),
      csrfToken: this.generateCsrf({ userInfo: csrfUserInfo(request) }),
      cspNonce: (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
      currentPath: request.url.split('?')[0],
      correlationId: request.id,
      flash,
      // The header's count of unread notifications (one indexed count per page).
      unreadNotifications: ctx ? await unreadCount(db, ctx.user.id) : 0,
      idleMinutes: config.SESSION_IDLE_MINUTES,
      warningMinutes: config.SESSION_WARNING_MINUTES,
    })
    this.code(status).type('text/html; charset=utf-8')
    return html
  })

  // Identity, then the saved-form catch, then permission, then CSRF: one hook, so the order cannot drift.
  app.addHook('preHandler', async (request, reply) => {
    const routeConfig = request.routeOptions.config as { permission?: Parameters<typeof can>[1]; public?: boolean }
    await identify(request)
    if (routeConfig.public) return
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method)
    if (!request.ctx) {
      if (request.isApi) return sendProblem(reply, 401, { detail: 'Send an API token as "Authorization: Bearer <token>"' })
      if (unsafe && request.session.state === 'expired' && request.body && typeof request.body === 'object') {
        // The session ended while the user was typing: keep what they sent, for them alone, and offer it back after sign-in.
        await saveForm(db, request.session.userId, request.url.split('?')[0] ?? '/', request.body as Record<string, unknown>, sessionSettings)
        return reply.redirect(`/sign-in?reason=form-saved&returnTo=${encodeURIComponent(request.url)}`, 303)
      }
      const reason = request.session.state === 'expired' ? 'timeout' : 'required'
      return reply.redirect(`/sign-in?reason=${reason}&returnTo=${encodeURIComponent(request.method === 'GET' ? request.url : '/')}`, 303)
    }
    // An unknown path: signed-in users get the not-found page, never a permission error.
    if (request.is404) return
    if (!routeConfig.permission || !can(request.ctx.user.roles, routeConfig.permission)) {
      throw new ForbiddenError()
    }
    if (unsafe && !request.isApi) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()))
      })
    }
  })

  async function identify(request: FastifyRequest) {
    if (request.isApi) {
      // The API takes bearer tokens only; a session cookie is ignored, which is why it needs no CSRF token.
      const header = request.headers.authorization
      const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null
      const userId = match?.[1] ? await userIdForToken(db, match[1]) : null
      const user = userId ? await loadCurrentUser(db, userId) : null
      request.ctx = user ? { user, correlationId: request.id } : null
      return
    }
    const session = await resolveSession(db, request.cookies[SESSION_COOKIE], sessionSettings)
    request.session = session
    if (session.state === 'active') request.ctx = session.user ? { user: session.user, correlationId: request.id } : null
  }

  for (const add of register) add(app, modules, deps)

  app.get('/api/v1/openapi.json', { config: { public: true } }, async () => api.openApiDocument({ version: deps.version }))

  app.setNotFoundHandler(async (request, reply) => {
    if (request.isApi) return sendProblem(reply, 404, { detail: 'No such resource' })
    return reply.view('platform/views/pages/not-found.njk', {}, 404)
  })

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = errorStatus(error)
    if (status >= 500) request.log.error({ err: error }, 'unexpected error')
    else request.log.info({ err: { message: error.message, code: error.code } }, 'request refused')
    if (request.isApi || !acceptsHtml(request)) {
      if (error instanceof ValidationError) return sendProblem(reply, 422, { detail: 'The request is not valid: see errors', errors: error.errors })
      if (error instanceof ConflictError) return sendProblem(reply, 409, { type: `/problems/${error.type}`, title: 'Conflict', detail: error.message, ...error.extra })
      return sendProblem(reply, status, { detail: status >= 500 ? 'Something went wrong. Quote the correlation id if you report it.' : safeDetail(error, status) })
    }
    if (status === 404) return reply.view('platform/views/pages/not-found.njk', {}, 404)
    if (status === 403) return reply.view('platform/views/pages/forbidden.njk', {}, 403)
    if (status === 409 && error instanceof ConflictError) return reply.view('platform/views/pages/conflict.njk', { message: error.message }, 409)
    return reply.view('platform/views/pages/error.njk', { status, message: status >= 500 ? null : safeDetail(error, status) }, status)
  })

  return app
}

/** A CSRF token is bound to the session it was issued in; before sign-in, to the signed-out state. */
function csrfUserInfo(request: FastifyRequest): string {
  return request.session.state === 'active' ? request.session.idHash : 'signed-out'
}

function acceptsHtml(request: FastifyRequest) {
  const accept = request.headers.accept ?? ''
  return accept.includes('text/html') || accept === '' || accept.includes('*/*')
}

/** Client mistakes keep their own status; anything else is a 500 with no detail leaked. */
function errorStatus(error: Error & { statusCode?: number; code?: string }): number {
  if (error instanceof NotFoundError) return 404
  if (error instanceof ForbiddenError) return 403
  if (error instanceof ValidationError) return 422
  if (error instanceof ConflictError) return 409
  if (error instanceof DomainError) return 400
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') return 403
  // API.md: a body of the wrong content type cannot be parsed, so it is a 400 like malformed JSON.
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 400
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return error.statusCode
  return 500
}

function safeDetail(error: Error & { code?: string }, status: number): string {
  if (error instanceof DomainError) return error.message
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The request body is too large'
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) return 'The request body is not valid JSON'
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Send the request body as application/json'
  if (error.code?.startsWith('FST_CSRF')) return 'The form has expired. Go back, reload the page and try again.'
  if (status === 429) return 'Too many requests. Wait a minute and try again.'
  return 'The request could not be handled'
}

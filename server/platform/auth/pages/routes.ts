import type { FastifyInstance } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import { recordAuditNow } from '../../audit/index.js'
import { formBody, safeReturnTo } from '../../http/forms.js'
import { createSession, endSession, pendingSavedForms, resolveSession, SESSION_COOKIE } from '../sessions.js'
import { signIn } from '../sign-in.js'
import { sessions } from '../../db/schema.js'
import { eq } from 'drizzle-orm'
import { londonDateTime } from '../../time/index.js'

const REASONS: Record<string, string> = {
  timeout: 'You were signed out because you had not used the service for a while. Sign in again to carry on.',
  'form-saved': 'Your session ended before you saved. What you entered has been kept: sign in again to get it back.',
  required: 'Sign in to use the service.',
  'signed-out': 'You have signed out.',
}

export function authRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const { config } = deps
  const lockout = { maxFailures: config.SIGN_IN_MAX_FAILURES, windowMinutes: config.SIGN_IN_WINDOW_MINUTES, lockoutMinutes: config.SIGN_IN_LOCKOUT_MINUTES }
  const template = 'platform/auth/pages/sign-in.njk'

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>
    if (request.ctx) return reply.redirect('/', 303)
    return reply.view(template, { pageTitle: 'Sign in', message: REASONS[query.reason ?? ''], returnTo: safeReturnTo(query.returnTo), values: {} })
  })

  app.post('/sign-in', { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    // The sign-in form is public, but still needs its CSRF token (login CSRF).
    await new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (e?: Error) => (e ? reject(e) : resolve())))
    const body = formBody(request)
    const email = typeof body.email === 'string' ? body.email.trim() : ''
    const password = typeof body.password === 'string' ? body.password : ''
    const returnTo = safeReturnTo(body.returnTo)
    const fieldErrors: Record<string, string> = {}
    if (!email) fieldErrors.email = 'Enter your email address'
    if (!password) fieldErrors.password = 'Enter your password'
    if (Object.keys(fieldErrors).length) {
      return reply.view(
        template,
        { pageTitle: 'Sign in', returnTo, values: { email }, fieldErrors, errors: Object.entries(fieldErrors).map(([f, text]) => ({ text, href: `#${f}` })) },
        422,
      )
    }
    const result = await signIn(db, { email, password, ip: request.ip, correlationId: request.id }, lockout)
    if (!result.ok) {
      const text =
        result.reason === 'locked'
          ? `Too many failed attempts to sign in with this email address. You can try again after ${result.lockedUntil ? londonDateTime(result.lockedUntil) : 'a while'}.`
          : 'Enter a correct email address and password'
      return reply.view(
        template,
        { pageTitle: 'Sign in', returnTo, values: { email }, locked: result.reason === 'locked', errors: [{ text, href: '#email' }], fieldErrors: { email: text } },
        result.reason === 'locked' ? 429 : 401,
      )
    }
    if (request.session.state !== 'none') await endSession(db, request.session.idHash, 'replaced')
    const token = await createSession(db, result.userId, modules.sessionSettings)
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies || request.protocol === 'https', path: '/' })
    const saved = await pendingSavedForms(db, result.userId)
    return reply.redirect(saved.length ? '/saved-forms' : returnTo, 303)
  })

  app.post('/sign-out', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (request.session.state === 'active' && request.ctx) {
      await endSession(db, request.session.idHash, 'signed-out')
      await recordAuditNow(db, {
        organisationId: request.ctx.user.organisationId,
        userId: request.ctx.user.id,
        action: 'sign-out',
        recordType: 'user',
        recordId: request.ctx.user.id,
        correlationId: request.id,
      })
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/sign-in?reason=signed-out', 303)
  })

  app.get('/session/keep-alive', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (request.session.state === 'active') await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.idHash, request.session.idHash))
    const fresh = await resolveSession(db, request.cookies[SESSION_COOKIE], modules.sessionSettings)
    return reply.send({ active: fresh.state === 'active' })
  })

  app.get('/saved-forms', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const ctx = request.ctx
    if (!ctx) return reply.redirect('/sign-in', 303)
    const forms = await pendingSavedForms(db, ctx.user.id)
    return reply.view('platform/auth/pages/saved-forms.njk', { pageTitle: 'You have unsaved work', forms })
  })
}

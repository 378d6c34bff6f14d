import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import type { AppDeps, Modules } from '../../app.js'
import { requireCtx } from '../context.js'
import { safeReturnTo } from '../http/forms.js'
import { isUuid } from '../validation.js'
import { listNotifications, markRead } from './index.js'
import { notifications } from './schema.js'

const VIEW = 'platform/notifications/view.njk'

/** The notifications page: the user's own, newest first, unread marked; opening one marks it read. */
export function notificationRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const db = deps.database.db

  app.get('/notifications', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const rows = await listNotifications(db, ctx.user.id)
    return reply.view(VIEW, { pageTitle: 'Notifications', notifications: rows, unread: rows.filter((n) => !n.readAt).length })
  })

  /** Open a notification: mark it read, then go where it points (or back to the list). */
  app.post('/notifications/:id/read', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id } = request.params as { id: string }
    if (!isUuid(id)) return reply.callNotFound()
    const [own] = await db
      .select({ link: notifications.link })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, ctx.user.id)))
    if (!own) return reply.callNotFound()
    await markRead(db, ctx.user.id, [id])
    return reply.redirect(own.link ? safeReturnTo(own.link) : '/notifications', 303)
  })

  app.post('/notifications/read', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    await markRead(db, ctx.user.id, 'all')
    return reply.redirect('/notifications', 303)
  })
}

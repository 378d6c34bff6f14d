import type { Ctx } from '../context.js'
import type { Permission } from '../auth/roles.js'
import type { SessionState } from '../auth/sessions.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The one permission this route needs. Every route names one, or is marked public. */
    permission?: Permission
    public?: boolean
  }
  interface FastifyRequest {
    /** The signed-in user's context, or null. Set by the platform before any handler runs. */
    ctx: Ctx | null
    session: SessionState
    isApi: boolean
  }
  interface FastifyInstance {
    /** Every route with who may use it: read by the access-control matrix test and the README. */
    routeTable: { method: string; url: string; permission: Permission | null; public: boolean }[]
  }
  interface FastifyReply {
    /** Renders a page with the layout's common data (user, CSRF token, navigation). */
    view(template: string, data?: Record<string, unknown>, status?: number): Promise<string>
  }
}

export {}

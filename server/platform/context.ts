import type { Role } from './auth/roles.js'

/** Who is asking: loaded once per request by the platform, passed first to every service call. */
export interface CurrentUser {
  id: string
  email: string
  name: string
  organisationId: string
  organisationCode: string
  organisationName: string
  roles: Role[]
  /** Jointly commissioned services the user holds a role in, where their organisation is a partner. */
  serviceIds: string[]
  teamId: string | null
  teamName: string | null
}

export interface Ctx {
  user: CurrentUser
  correlationId: string
}

/** The signed-in user's context in a handler whose route needs a permission: the platform guarantees it. */
export function requireCtx(ctx: Ctx | null): Ctx {
  if (!ctx) throw new Error('Signed-in route reached without a user')
  return ctx
}

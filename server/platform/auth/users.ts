import { eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/index.js'
import { organisations, teams, userRoles, users } from '../db/schema.js'
import type { CurrentUser } from '../context.js'
import { isRole, type Role } from './roles.js'

/** The columns a CurrentUser is made from; selected with users joined to organisations and (left) teams. */
export const currentUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  disabled: users.disabled,
  organisationId: users.organisationId,
  organisationCode: organisations.code,
  organisationName: organisations.name,
  teamId: users.teamId,
  teamName: teams.name,
  roles: sql<
    { role: string; serviceId: string | null }[]
  >`coalesce((select json_agg(json_build_object('role', r.role, 'serviceId', r.service_id)) from user_roles r where r.user_id = ${users.id}), '[]'::json)`,
  partnerServiceIds: sql<string[]>`coalesce((select json_agg(sp.service_id) from service_partners sp where sp.organisation_id = ${users.organisationId}), '[]'::json)`,
}

interface CurrentUserRow extends Omit<CurrentUser, 'roles' | 'serviceIds'> {
  disabled: boolean
  roles: { role: string; serviceId: string | null }[]
  partnerServiceIds: string[]
}

/** A CurrentUser from its row, or null for a disabled user. */
export function toCurrentUser(row: CurrentUserRow): CurrentUser | null {
  if (row.disabled) return null
  // A service role counts only where the user's own organisation is a partner in that service.
  const serviceIds = [...new Set(row.roles.flatMap((r) => (r.serviceId && row.partnerServiceIds.includes(r.serviceId) ? [r.serviceId] : [])))]
  const roles = [
    ...new Set(
      row.roles
        .filter((r) => r.serviceId === null || serviceIds.includes(r.serviceId))
        .map((r) => r.role)
        .filter(isRole),
    ),
  ] as Role[]
  const { disabled: _disabled, roles: _roleRows, partnerServiceIds: _partners, ...user } = row
  return { ...user, roles, serviceIds }
}

/** Loads everything the platform needs to know about a user, or null if they cannot sign in. One query. */
export async function loadCurrentUser(db: Executor, userId: string): Promise<CurrentUser | null> {
  const [row] = await db
    .select(currentUserColumns)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(eq(users.id, userId))
  return row ? toCurrentUser(row) : null
}

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
  return row ?? null
}

export interface NewUser {
  organisationId: string
  email: string
  name: string
  roles: Role[]
  teamId?: string | null
  passwordHash?: string | null
  serviceRoles?: { role: Role; serviceId: string }[]
}

export async function insertUser(db: Executor, input: NewUser): Promise<string> {
  const [created] = await db
    .insert(users)
    .values({
      organisationId: input.organisationId,
      email: input.email.trim(),
      name: input.name.trim(),
      teamId: input.teamId ?? null,
      passwordHash: input.passwordHash ?? null,
    })
    .returning({ id: users.id })
  if (!created) throw new Error('User was not created')
  const roleRows = [
    ...input.roles.map((role) => ({ userId: created.id, role, serviceId: null })),
    ...(input.serviceRoles ?? []).map((r) => ({ userId: created.id, role: r.role, serviceId: r.serviceId })),
  ]
  if (roleRows.length) await db.insert(userRoles).values(roleRows)
  return created.id
}

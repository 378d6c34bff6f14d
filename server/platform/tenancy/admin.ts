import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/index.js'
import { organisations, teamDistricts, teams, users } from '../db/schema.js'
import { recordAudit } from '../audit/index.js'
import { ConflictError, NotFoundError } from '../http/errors.js'
import { hashPassword, passwordProblem } from '../auth/passwords.js'
import { insertUser } from '../auth/users.js'
import { ROLES, type Role } from '../auth/roles.js'
import { parseOrThrow } from '../validation.js'
import { ValidationError } from '../http/errors.js'
import { insertDefaultFinanceSettings } from '../../modules/finance/settings.js'

/** Administration used by the command line and the seed: organisations, teams and users. Each change is audited. */

const code = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,19}$/, 'Enter a code of 2 to 20 capital letters, digits, hyphens or underscores')

export async function createOrganisation(db: Db, input: { code: string; name: string; kind?: string }, actor: string) {
  const parsed = parseOrThrow(z.object({ code, name: z.string().trim().min(1, 'Enter the organisation name').max(200) }), input)
  const [existing] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, parsed.code))
  if (existing) throw new ConflictError('invalid-state', `Organisation ${parsed.code} already exists`)
  return db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organisations)
      .values({ code: parsed.code, name: parsed.name, kind: input.kind ?? 'local_authority' })
      .returning()
    if (!org) throw new Error('Organisation was not created')
    // PRODUCT.md §3: every new organisation starts with the default unit costs and parameters.
    await insertDefaultFinanceSettings(tx, org.id)
    await recordAudit(tx, {
      organisationId: org.id,
      userId: null,
      action: 'organisation.create',
      recordType: 'organisation',
      recordId: org.id,
      details: { code: org.code, by: actor, financeDefaults: 'PRODUCT.md §3 unit costs and parameters' },
    })
    return org
  })
}

export async function organisationByCode(db: Db, orgCode?: string) {
  if (orgCode) {
    const [org] = await db.select().from(organisations).where(eq(organisations.code, orgCode))
    if (!org) throw new NotFoundError(`organisation ${orgCode}`)
    return org
  }
  // API.md: the organisation defaults to the only one, or the demo one.
  const all = await db.select().from(organisations).orderBy(organisations.code)
  const only = all.length === 1 ? all[0] : all.find((o) => o.code === 'DEMOSHIRE')
  if (!only) throw new ValidationError([{ field: '/organisation', message: 'Name the organisation with --organisation: there is more than one' }])
  return only
}

export async function createTeam(db: Db, input: { organisationCode?: string; name: string; districts?: string[] }, actor: string) {
  const org = await organisationByCode(db, input.organisationCode)
  const name = input.name.trim()
  if (!name) throw new ValidationError([{ field: '/name', message: 'Enter the team name' }])
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organisationId, org.id), eq(teams.name, name)))
    if (existing) throw new ConflictError('invalid-state', `Team ${name} already exists in ${org.code}`)
    const [team] = await tx.insert(teams).values({ organisationId: org.id, name }).returning()
    if (!team) throw new Error('Team was not created')
    const districts = [...new Set((input.districts ?? []).map((d) => d.trim()).filter(Boolean))]
    for (const district of districts) {
      const [taken] = await tx
        .select({ teamId: teamDistricts.teamId })
        .from(teamDistricts)
        .where(and(eq(teamDistricts.organisationId, org.id), eq(teamDistricts.district, district)))
      if (taken) throw new ConflictError('invalid-state', `District ${district} is already covered by another team`)
      await tx.insert(teamDistricts).values({ organisationId: org.id, district, teamId: team.id })
    }
    await recordAudit(tx, { organisationId: org.id, userId: null, action: 'team.create', recordType: 'team', recordId: team.id, details: { name, districts, by: actor } })
    return { ...team, organisationCode: org.code, districts }
  })
}

export async function createUserAccount(
  db: Db,
  input: { email: string; name: string; roles: string[]; team?: string; organisationCode?: string; password?: string },
  actor: string,
) {
  const errors: { field: string; message: string }[] = []
  const email = input.email.trim()
  if (!z.email().safeParse(email).success) errors.push({ field: '/email', message: 'Enter an email address in the correct format, like name@example.com' })
  if (!input.name.trim()) errors.push({ field: '/name', message: 'Enter the user’s name' })
  if (!input.roles.length) errors.push({ field: '/roles', message: `Give at least one role: ${ROLES.join(', ')}` })
  for (const r of input.roles) if (!(ROLES as readonly string[]).includes(r)) errors.push({ field: '/roles', message: `${r} is not a role. Roles are: ${ROLES.join(', ')}` })
  const problem = input.password !== undefined ? passwordProblem(input.password) : null
  if (problem) errors.push({ field: '/password', message: problem })
  if (errors.length) throw new ValidationError(errors)
  const org = await organisationByCode(db, input.organisationCode)
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
  if (taken) throw new ConflictError('invalid-state', `A user with email ${email} already exists`)
  let teamId: string | null = null
  if (input.team) {
    const [team] = await db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organisationId, org.id), eq(teams.name, input.team)))
    if (!team) throw new ValidationError([{ field: '/team', message: `There is no team called ${input.team} in ${org.code}` }])
    teamId = team.id
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null
  return db.transaction(async (tx) => {
    const id = await insertUser(tx, { organisationId: org.id, email, name: input.name, roles: input.roles as Role[], teamId, passwordHash })
    await recordAudit(tx, { organisationId: org.id, userId: null, action: 'user.create', recordType: 'user', recordId: id, details: { email, roles: input.roles, by: actor } })
    return { id, email, roles: input.roles, organisation: org.code }
  })
}

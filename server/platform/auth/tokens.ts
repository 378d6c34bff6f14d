import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/index.js'
import { apiTokens } from '../db/schema.js'
import { newSecret, sha256 } from './sessions.js'
import { isUuid } from '../validation.js'

/** A new API token: returned once, stored only as its hash. */
export async function createApiToken(db: Db, userId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `eoc_${newSecret()}`
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: sha256(token) })
    .returning({ id: apiTokens.id })
  if (!row) throw new Error('Token was not created')
  return { id: row.id, token }
}

/** The user a live token acts as, or null; records when the token was last used, in the same statement. */
export async function userIdForToken(db: Db, token: string): Promise<string | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .returning({ userId: apiTokens.userId })
  return row?.userId ?? null
}

/** A user's tokens, newest first: never the token itself, which is not stored. */
export async function listApiTokens(db: Db, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt))
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  if (!isUuid(tokenId)) return false
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return revoked.length > 0
}

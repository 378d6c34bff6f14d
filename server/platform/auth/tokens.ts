import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/index.js'
import { apiTokens } from '../db/schema.js'
import { newSecret, sha256 } from './sessions.js'

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

export async function userIdForToken(db: Db, token: string): Promise<string | null> {
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
  return row?.userId ?? null
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return revoked.length > 0
}

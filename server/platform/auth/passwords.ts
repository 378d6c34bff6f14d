import { Algorithm, hash, verify } from '@node-rs/argon2'

export const MIN_PASSWORD_LENGTH = 12

/** argon2id with the library's defaults (19 MiB, 2 passes), the OWASP password storage minimum. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id })
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** Checked against an unknown email so that a wrong email takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing-only')
  return dummyHash
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`
  if (password.length > 256) return 'Password must be 256 characters or fewer'
  return null
}

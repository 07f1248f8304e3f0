/** Session and invitation tokens: random, given to the user once, stored only as a hash. */
import { createHash, randomBytes } from 'node:crypto'

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function newId(): string {
  return randomBytes(12).toString('base64url')
}

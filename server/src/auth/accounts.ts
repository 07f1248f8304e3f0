/**
 * Account operations shared by the HTTP routes and the command line, so both create
 * people and invitations the same way.
 */
import type { Storage, UserRecord } from '../storage/storage.ts'
import { hashPassword } from './passwords.ts'
import { hashToken, newId, newToken } from './tokens.ts'

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000

export const normaliseEmail = (value: string): string => value.trim().toLowerCase()
export const cleanName = (value: string): string => value.trim().replace(/\s+/g, ' ')

export async function newUserRecord(fields: {
  email: string
  name: string
  delegation: string
  admin: boolean
  password: string
}): Promise<UserRecord> {
  return {
    id: newId(),
    email: normaliseEmail(fields.email),
    name: cleanName(fields.name),
    delegation: fields.delegation,
    admin: fields.admin,
    disabled: false,
    passwordHash: await hashPassword(fields.password),
    createdAt: new Date().toISOString(),
  }
}

/** Stores a new invitation and returns its token (shown once, never stored). */
export async function createInvitation(
  storage: Storage,
  fields: { delegation: string; email: string | null; admin: boolean; createdBy: string | null },
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const token = newToken()
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS).toISOString()
  await storage.accounts.createInvitation({
    tokenHash: hashToken(token),
    delegation: fields.delegation,
    email: fields.email === null ? null : normaliseEmail(fields.email),
    admin: fields.admin,
    createdBy: fields.createdBy,
    createdAt: now.toISOString(),
    expiresAt,
    acceptedAt: null,
    acceptedBy: null,
  })
  return { token, expiresAt }
}

export function invitationUrl(origin: string, token: string): string {
  return `${origin.replace(/\/$/, '')}/invite/${token}`
}

/**
 * Sessions: a random token in an HttpOnly, SameSite=Strict cookie; storage holds only its
 * hash. Every request and every websocket upgrade resolves the cookie to a user here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SessionUser } from '@consenso/protocol'
import { findDelegation } from '@consenso/protocol'
import type { Storage, UserRecord } from '../storage/storage.ts'
import { hashToken, newToken } from './tokens.ts'

export const SESSION_COOKIE = 'consenso_session'
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60_000

export interface AuthenticatedUser {
  user: UserRecord
  sessionHash: string
}

export function sessionUser(user: UserRecord, color: string): SessionUser {
  return { id: user.id, email: user.email, name: user.name, delegation: user.delegation, admin: user.admin, color }
}

/** The delegation's colour, from storage or the built-in list. */
export async function delegationColor(storage: Storage, code: string): Promise<string> {
  return (await storage.delegations.getDelegation(code))?.color ?? findDelegation(code)?.color ?? '#4b5563'
}

/** A fresh session for the user (a new token at every sign-in), set as the cookie. */
export async function startSession(storage: Storage, reply: FastifyReply, user: UserRecord, now: Date, secure: boolean): Promise<string> {
  const token = newToken()
  const tokenHash = hashToken(token)
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS)
  await storage.accounts.createSession({ tokenHash, userId: user.id, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: expiresAt,
  })
  return tokenHash
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' })
}

/** Resolves the request's cookie to an active user, or null. */
export async function authenticate(storage: Storage, request: FastifyRequest, now: Date): Promise<AuthenticatedUser | null> {
  const token = request.cookies[SESSION_COOKIE]
  if (!token || token.length > 200) return null
  const sessionHash = hashToken(token)
  const session = await storage.accounts.getSession(sessionHash)
  if (!session || session.expiresAt <= now.toISOString()) return null
  const user = await storage.accounts.getUser(session.userId)
  if (!user || user.disabled) return null
  return { user, sessionHash }
}

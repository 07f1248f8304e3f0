/**
 * Signing in and out, the first administrator, password changes and invitations. Answers
 * never reveal whether an account exists.
 */
import type { FastifyInstance } from 'fastify'
import {
  AcceptInvitationRequest,
  ChangePasswordRequest,
  LoginRequest,
  SetupRequest,
  type AuthState,
  type InvitationInfo,
} from '@consenso/protocol'
import { hashPassword, UNUSABLE_HASH, verifyPassword } from '../auth/passwords.ts'
import { cleanName, newUserRecord, normaliseEmail } from '../auth/accounts.ts'
import { clearSessionCookie, delegationColor, sessionUser, startSession } from '../auth/sessions.ts'
import { LoginThrottle } from '../auth/login-throttle.ts'
import { hashToken } from '../auth/tokens.ts'
import { requireUser } from '../auth/plugin.ts'
import { sendError } from '../errors.ts'


const INVITATION_REFUSED =
  'This invitation could not create an account with these details and can no longer be used. If you already have an account, sign in; otherwise ask for a new invitation.'

export interface AuthRouteOptions {
  secureCookies: boolean
  throttle: LoginThrottle
}

export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  const { secureCookies, throttle } = options

  app.get('/api/auth/state', async (request): Promise<AuthState> => {
    const firstRun = (await app.storage.accounts.countUsers()) === 0
    const auth = request.auth
    return { firstRun, user: auth ? sessionUser(auth.user, await delegationColor(app.storage, auth.user.delegation)) : null }
  })

  app.get('/api/delegations', async () => ({ delegations: await app.storage.delegations.listDelegations() }))

  app.post<{ Body: SetupRequest }>(
    '/api/auth/setup',
    { schema: { body: SetupRequest } },
    async (request, reply) => {
      if ((await app.storage.accounts.countUsers()) > 0) {
        return sendError(reply, 409, 'already_set_up', 'An administrator already exists; sign in instead.')
      }
      if (!cleanName(request.body.name)) return sendError(reply, 400, 'invalid_request', 'The name must not be blank.')
      if (!(await app.storage.delegations.getDelegation(request.body.delegation))) {
        return sendError(reply, 400, 'unknown_delegation', `There is no delegation with the code ${request.body.delegation}.`)
      }
      const user = await newUserRecord({ ...request.body, admin: true })
      await app.storage.accounts.createUser(user)
      const tokenHash = await startSession(app.storage, reply, user, new Date(), secureCookies)
      request.auth = { user, sessionHash: tokenHash }
      await app.audit(request, { action: 'auth.setup', target: user.email })
      return reply.code(201).send(sessionUser(user, await delegationColor(app.storage, user.delegation)))
    },
  )

  app.post<{ Body: LoginRequest }>(
    '/api/auth/login',
    { schema: { body: LoginRequest } },
    async (request, reply) => {
      const account = normaliseEmail(request.body.email)
      // Counted before the hash: parallel attempts see each other (AUTH-10).
      if (!throttle.attempt(account, request.ip)) {
        await app.audit(request, { action: 'auth.login_failed', target: account, details: { reason: 'throttled' } })
        return sendError(reply, 429, 'too_many_attempts', 'Too many failed sign-ins. Wait a few minutes and try again.')
      }
      const user = await app.storage.accounts.getUserByEmail(account)
      // Hash even for unknown accounts so the answer takes as long either way. Too many
      // hashes at once throw HashBusyError: 503 (errors.ts), the attempt still counted.
      const matches = await verifyPassword(request.body.password, user?.passwordHash ?? UNUSABLE_HASH)
      if (!user || !matches || user.disabled) {
        await app.audit(request, { action: 'auth.login_failed', target: account, details: { reason: user?.disabled ? 'disabled' : 'credentials' } })
        return sendError(reply, 401, 'invalid_credentials', 'The email or the password is not right.')
      }
      throttle.succeed(account, request.ip)
      // Sign-ins are rare and cheap to piggyback on: expired sessions go here, no timer needed.
      await app.storage.accounts.deleteExpiredSessions(new Date())
      const tokenHash = await startSession(app.storage, reply, user, new Date(), secureCookies)
      request.auth = { user, sessionHash: tokenHash }
      await app.audit(request, { action: 'auth.login' })
      return sessionUser(user, await delegationColor(app.storage, user.delegation))
    },
  )

  app.post('/api/auth/logout', async (request, reply) => {
    const auth = request.auth
    if (auth) {
      await app.storage.accounts.deleteSession(auth.sessionHash)
      app.collab.disconnectSessions([auth.sessionHash])
      await app.audit(request, { action: 'auth.logout' })
    }
    clearSessionCookie(reply, secureCookies)
    return reply.code(204).send()
  })

  app.post('/api/auth/logout-all', async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const revoked = await app.storage.accounts.deleteUserSessions(auth.user.id)
    app.collab.disconnectSessions(revoked)
    await app.audit(request, { action: 'auth.logout_all', details: { sessions: revoked.length } })
    clearSessionCookie(reply, secureCookies)
    return reply.code(204).send()
  })

  app.post<{ Body: ChangePasswordRequest }>(
    '/api/auth/password',
    { schema: { body: ChangePasswordRequest } },
    async (request, reply) => {
      const auth = requireUser(request, reply)
      if (!auth) return
      if (!(await verifyPassword(request.body.currentPassword, auth.user.passwordHash))) {
        return sendError(reply, 400, 'wrong_password', 'The current password is not right.')
      }
      await app.storage.accounts.updateUser(auth.user.id, { passwordHash: await hashPassword(request.body.newPassword) })
      // Whoever knew the old password is signed out everywhere else.
      const revoked = await app.storage.accounts.deleteUserSessions(auth.user.id, auth.sessionHash)
      app.collab.disconnectSessions(revoked)
      await app.audit(request, { action: 'auth.password_changed', details: { sessionsRevoked: revoked.length } })
      return reply.code(204).send()
    },
  )

  const findInvitation = async (token: string) => {
    const invitation = token.length <= 200 ? await app.storage.accounts.getInvitation(hashToken(token)) : undefined
    if (!invitation) return { status: 404 as const }
    if (invitation.acceptedAt || invitation.expiresAt <= new Date().toISOString()) return { status: 410 as const }
    return { status: 200 as const, invitation }
  }

  app.get<{ Params: { token: string } }>('/api/invitations/:token', async (request, reply) => {
    const found = await findInvitation(request.params.token)
    if (found.status === 404) return sendError(reply, 404, 'invitation_not_found', 'This invitation link is not valid.')
    if (found.status === 410) return sendError(reply, 410, 'invitation_used_or_expired', 'This invitation has been used or has expired; ask for a new one.')
    const delegationRecord = await app.storage.delegations.getDelegation(found.invitation.delegation)
    if (!delegationRecord) return sendError(reply, 410, 'invitation_used_or_expired', 'The delegation of this invitation no longer exists.')
    return { delegation: delegationRecord, email: found.invitation.email, expiresAt: found.invitation.expiresAt } satisfies InvitationInfo
  })

  app.post<{ Params: { token: string }; Body: AcceptInvitationRequest }>(
    '/api/invitations/:token/accept',
    { schema: { body: AcceptInvitationRequest } },
    async (request, reply) => {
      const found = await findInvitation(request.params.token)
      if (found.status === 404) return sendError(reply, 404, 'invitation_not_found', 'This invitation link is not valid.')
      if (found.status === 410) return sendError(reply, 410, 'invitation_used_or_expired', 'This invitation has been used or has expired; ask for a new one.')
      const { invitation } = found
      if (invitation.email && invitation.email !== normaliseEmail(request.body.email)) {
        return sendError(reply, 400, 'email_mismatch', 'This invitation is for another email address.')
      }
      if (!cleanName(request.body.name)) return sendError(reply, 400, 'invalid_request', 'The name must not be blank.')
      if (await app.storage.accounts.getUserByEmail(request.body.email)) {
        // One generic answer, and the link is spent: an invitation must not be a way to ask,
        // again and again, which addresses have accounts (AUTH-15).
        await app.storage.accounts.spendInvitation(invitation.tokenHash, new Date())
        await app.audit(request, { action: 'invitation.refused', target: normaliseEmail(request.body.email), details: { reason: 'email_taken' } })
        return sendError(reply, 410, 'invitation_refused', INVITATION_REFUSED)
      }
      const user = await newUserRecord({ ...request.body, delegation: invitation.delegation, admin: invitation.admin })
      if (!(await app.storage.accounts.acceptInvitation(invitation.tokenHash, user, new Date()))) {
        return sendError(reply, 410, 'invitation_used_or_expired', 'This invitation has been used or has expired; ask for a new one.')
      }
      const tokenHash = await startSession(app.storage, reply, user, new Date(), secureCookies)
      request.auth = { user, sessionHash: tokenHash }
      await app.audit(request, { action: 'invitation.accepted', target: user.email, details: { delegation: user.delegation } })
      return reply.code(201).send(sessionUser(user, await delegationColor(app.storage, user.delegation)))
    },
  )
}

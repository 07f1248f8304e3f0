/** Instance administration: people, invitations, delegations and the audit log. */
import { invitationMail } from '../notify/wording.ts'
import type { FastifyInstance } from 'fastify'
import {
  AuditQuery,
  CreateInvitationRequest,
  DelegationRecord,
  delegationColourProblems,
  describeColourProblem,
  IdParams,
  UpdateUserRequest,
  type AdminUser,
  type AuditEntry,
  type InvitationCreated,
} from '@consenso/protocol'
import { requireAdmin } from '../auth/plugin.ts'
import { delegationColor, sessionUser } from '../auth/sessions.ts'
import { createInvitation, invitationUrl } from '../auth/accounts.ts'
import type { UserRecord } from '../storage/storage.ts'
import { sendError } from '../errors.ts'
import { toCsv } from '../csv.ts'

export async function adminRoutes(app: FastifyInstance, options: { publicOrigin: string | null }): Promise<void> {
  const adminUser = async (user: UserRecord): Promise<AdminUser> => ({
    ...sessionUser(user, await delegationColor(app.storage, user.delegation)),
    disabled: user.disabled,
    createdAt: user.createdAt,
  })

  app.get('/api/admin/users', async (request, reply) => {
    if (!requireAdmin(request, reply)) return
    return { users: await Promise.all((await app.storage.accounts.listUsers()).map(adminUser)) }
  })

  app.patch<{ Params: IdParams; Body: UpdateUserRequest }>(
    '/api/admin/users/:id',
    { schema: { params: IdParams, body: UpdateUserRequest } },
    async (request, reply) => {
      const auth = requireAdmin(request, reply)
      if (!auth) return
      const user = await app.storage.accounts.getUser(request.params.id)
      if (!user) return sendError(reply, 404, 'not_found', 'No such user.')
      if (user.id === auth.user.id && (request.body.disabled === true || request.body.admin === false)) {
        return sendError(reply, 409, 'self_lockout', 'You cannot disable yourself or remove your own administrator rights.')
      }
      await app.storage.accounts.updateUser(user.id, request.body)
      if (request.body.disabled) app.collab.disconnectSessions(await app.storage.accounts.deleteUserSessions(user.id))
      await app.audit(request, { action: 'user.updated', target: user.id, details: { ...request.body } })
      return adminUser((await app.storage.accounts.getUser(user.id))!)
    },
  )

  app.post<{ Body: CreateInvitationRequest }>(
    '/api/admin/invitations',
    { schema: { body: CreateInvitationRequest } },
    async (request, reply) => {
      const auth = requireAdmin(request, reply)
      if (!auth) return
      if (!(await app.storage.delegations.getDelegation(request.body.delegation))) {
        return sendError(reply, 400, 'unknown_delegation', `There is no delegation with the code ${request.body.delegation}.`)
      }
      const email = request.body.email ?? null
      const { token, expiresAt } = await createInvitation(app.storage, {
        delegation: request.body.delegation,
        email,
        admin: request.body.admin ?? false,
        createdBy: auth.user.id,
      })
      await app.audit(request, { action: 'invitation.created', target: email, details: { delegation: request.body.delegation, admin: request.body.admin ?? false } })
      const origin = options.publicOrigin ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`
      const url = invitationUrl(origin, token)
      // NOTIFY-8: with SMTP the invitee gets the link by e-mail; the answer still carries it.
      let emailed = false
      if (email && app.mailer) {
        try {
          await app.mailer.send(invitationMail(email, request.body.language ?? 'es', request.body.delegation, url, expiresAt))
          emailed = true
        } catch (error) {
          request.log.warn({ err: error }, 'could not e-mail an invitation')
        }
      }
      return reply.code(201).send({ token, url, expiresAt, emailed } satisfies InvitationCreated)
    },
  )

  app.post<{ Body: DelegationRecord }>(
    '/api/admin/delegations',
    { schema: { body: DelegationRecord } },
    async (request, reply) => {
      if (!requireAdmin(request, reply)) return
      // A colour every screen must read its suggestions in: refused when any use falls short (ADMIN-COLOUR-1).
      const problem = delegationColourProblems(request.body.color)[0]
      if (problem) return sendError(reply, 400, 'colour_contrast', `The colour ${describeColourProblem(request.body.color, problem)}.`)
      if (await app.storage.delegations.getDelegation(request.body.code)) {
        return sendError(reply, 409, 'delegation_exists', `The delegation ${request.body.code} already exists.`)
      }
      await app.storage.delegations.createDelegation(request.body)
      await app.audit(request, { action: 'delegation.created', target: request.body.code })
      return reply.code(201).send(request.body)
    },
  )

  app.get<{ Querystring: AuditQuery }>('/api/admin/audit', { schema: { querystring: AuditQuery } }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return
    return { entries: await app.storage.audit.listAudit(request.query) }
  })

  app.get<{ Querystring: AuditQuery }>('/api/admin/audit.csv', { schema: { querystring: AuditQuery } }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return
    const entries: AuditEntry[] = await app.storage.audit.listAudit({ limit: 10_000, ...request.query })
    const rows = entries.map((e) => [e.id, e.at, e.action, e.actorId, e.actorDelegation, e.documentId, e.target, e.ip, JSON.stringify(e.details)])
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="consenso-audit.csv"')
      .send(toCsv(['id', 'at', 'action', 'actor', 'delegation', 'document', 'target', 'ip', 'details'], rows))
  })
}

/**
 * Drafts and who may open them. Every route checks the caller's effective role on the
 * draft; a draft the caller may not read answers 404, like one that does not exist, so ids
 * of confidential drafts cannot be probed.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  LANGUAGES,
  LIMITS,
  ROLES,
  TEMPLATES,
  may,
  type Action,
  type CreateDocumentRequest,
  type CreateDocumentResponse,
  type DocumentListResponse,
  type DocumentSummary,
  type MemberEntry,
  type MembersResponse,
  type Principal,
  type RemoveMemberRequest,
  type Role,
  type SetMemberRequest,
} from '@consenso/protocol'
import { jsonToYUpdate, templateDocument } from '@consenso/schema'
import type { DocumentRecord, MemberRecord } from '../storage/storage.ts'
import { isDocumentId } from '../document-id.ts'
import { sendError } from '../errors.ts'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { roleFromMembers } from '../auth/document-access.ts'

const createBody = {
  type: 'object',
  required: ['title', 'template'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: LIMITS.titleMaxLength },
    template: { type: 'string', enum: [...TEMPLATES] },
    language: { type: 'string', enum: [...LANGUAGES] },
  },
} as const

const principal = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'id'],
  properties: { type: { type: 'string', enum: ['user', 'delegation'] }, id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const

interface Access {
  auth: AuthenticatedUser
  record: DocumentRecord
  members: MemberRecord[]
  role: Role
}

export async function documentRoutes(app: FastifyInstance): Promise<void> {
  const summary = (record: DocumentRecord, role: Role): DocumentSummary => ({
    ...record,
    role,
    present: app.collab.presence(record.id),
  })

  /** Resolves the draft and the caller's role, or answers 401/403/404 and returns null. */
  const access = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: Action): Promise<Access | null> => {
    const auth = requireUser(request, reply)
    if (!auth) return null
    const record = isDocumentId(request.params.id) ? await app.storage.getDocument(request.params.id) : undefined
    const members = record ? await app.storage.listMembers(record.id) : []
    const role = roleFromMembers(members, auth.user)
    if (!record || !role) {
      void sendError(reply, 404, 'not_found', 'No draft with this id exists, or it has not been shared with you.')
      return null
    }
    if (!may(role, action)) {
      void sendError(reply, 403, 'forbidden', `Your role on this draft (${role}) does not allow this.`)
      return null
    }
    return { auth, record, members, role }
  }

  const memberEntries = async (members: MemberRecord[]): Promise<MemberEntry[]> => {
    const entries: MemberEntry[] = []
    for (const member of members) {
      let label = member.principalId
      if (member.principalType === 'user') label = (await app.storage.getUser(member.principalId))?.name ?? label
      else {
        const delegation = await app.storage.getDelegation(member.principalId)
        if (delegation) label = `${delegation.code} — ${delegation.nameEs}`
      }
      entries.push({ principal: { type: member.principalType, id: member.principalId }, role: member.role, label })
    }
    return entries
  }

  app.get('/api/documents', async (request, reply): Promise<DocumentListResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const memberships = await app.storage.membershipsOf(auth.user.id, auth.user.delegation)
    const byDocument = new Map<string, MemberRecord[]>()
    for (const m of memberships) byDocument.set(m.documentId, [...(byDocument.get(m.documentId) ?? []), m])
    const documents: DocumentSummary[] = []
    for (const record of await app.storage.listDocuments()) {
      const role = roleFromMembers(byDocument.get(record.id) ?? [], auth.user)
      if (role) documents.push(summary(record, role))
    }
    return { documents }
  })

  app.get<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    const found = await access(request, reply, 'read')
    if (found) return summary(found.record, found.role)
  })

  app.post<{ Body: CreateDocumentRequest }>(
    '/api/documents',
    { schema: { body: createBody }, bodyLimit: 16 * 1024 },
    async (request, reply): Promise<CreateDocumentResponse | undefined> => {
      const auth = requireUser(request, reply)
      if (!auth) return
      const title = request.body.title.trim().replace(/\s+/g, ' ')
      if (!title) return sendError(reply, 400, 'invalid_request', 'The title must not be blank.')
      const now = new Date().toISOString()
      const record: DocumentRecord = {
        id: randomBytes(12).toString('base64url'),
        title,
        template: request.body.template,
        createdBy: auth.user.id,
        createdAt: now,
        updatedAt: now,
      }
      const body = jsonToYUpdate(templateDocument(request.body.template, request.body.language ?? 'es', title))
      await app.storage.createDocument(record, body)
      await app.audit(request, { action: 'document.created', documentId: record.id, details: { template: record.template } })
      return reply.code(201).send({ id: record.id })
    },
  )

  app.delete<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    const found = await access(request, reply, 'manage')
    if (!found) return
    await app.storage.deleteDocument(found.record.id)
    app.collab.closeDocument(found.record.id)
    await app.audit(request, { action: 'document.deleted', documentId: found.record.id })
    return reply.code(204).send()
  })

  app.get<{ Params: { id: string } }>('/api/documents/:id/members', async (request, reply): Promise<MembersResponse | undefined> => {
    const found = await access(request, reply, 'read')
    if (found) return { members: await memberEntries(found.members) }
  })

  const samePrincipal = (m: MemberRecord, p: Principal): boolean => m.principalType === p.type && m.principalId === p.id
  const leavesAnOwner = (members: MemberRecord[], change: Principal, role: Role | null): boolean =>
    members.some((m) => m.role === 'owner' && !samePrincipal(m, change)) || role === 'owner'

  app.put<{ Params: { id: string }; Body: SetMemberRequest }>(
    '/api/documents/:id/members',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['principal', 'role'],
          properties: { principal, role: { type: 'string', enum: [...ROLES] } },
        },
      },
    },
    async (request, reply) => {
      const found = await access(request, reply, 'manage')
      if (!found) return
      const { principal: who, role } = request.body
      const exists = who.type === 'user' ? await app.storage.getUser(who.id) : await app.storage.getDelegation(who.id)
      if (!exists) return sendError(reply, 400, 'unknown_principal', `There is no ${who.type} ${who.id}.`)
      if (!leavesAnOwner(found.members, who, role)) {
        return sendError(reply, 409, 'last_owner', 'A draft must keep at least one owner.')
      }
      await app.storage.setMember({ documentId: found.record.id, principalType: who.type, principalId: who.id, role })
      await app.collab.refreshAccess(found.record.id)
      await app.audit(request, { action: 'member.set', documentId: found.record.id, target: `${who.type}:${who.id}`, details: { role } })
      return { members: await memberEntries(await app.storage.listMembers(found.record.id)) }
    },
  )

  app.delete<{ Params: { id: string }; Body: RemoveMemberRequest }>(
    '/api/documents/:id/members',
    { schema: { body: { type: 'object', additionalProperties: false, required: ['principal'], properties: { principal } } } },
    async (request, reply) => {
      const found = await access(request, reply, 'manage')
      if (!found) return
      const who = request.body.principal
      if (!leavesAnOwner(found.members, who, null)) {
        return sendError(reply, 409, 'last_owner', 'A draft must keep at least one owner.')
      }
      await app.storage.removeMember(found.record.id, who.type, who.id)
      await app.collab.refreshAccess(found.record.id)
      await app.audit(request, { action: 'member.removed', documentId: found.record.id, target: `${who.type}:${who.id}` })
      return { members: await memberEntries(await app.storage.listMembers(found.record.id)) }
    },
  )
}

/**
 * Drafts and who may open them. Every route checks the caller's effective role on the
 * draft; a draft the caller may not read answers 404, like one that does not exist, so ids
 * of confidential drafts cannot be probed.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import {
  REVIEW_SETTINGS_KEY,
  may,
  type Action,
  CreateDocumentRequest,
  type CreateDocumentResponse,
  type DocumentListResponse,
  type DocumentSummary,
  type MemberEntry,
  type MembersResponse,
  type Principal,
  RemoveMemberRequest,
  RenameDocumentRequest,
  type Role,
  SetMemberRequest,
  type TrashedDocumentSummary,
  type TrashListResponse,
  type LinkableParagraphsResponse,
} from '@consenso/protocol'
import { jsonToYUpdate, templateDocument, yDocToJSON } from '@consenso/schema'
import { linkableBlocks } from '../register/block-labels.ts'
import type { DocumentRecord, MemberRecord } from '../storage/storage.ts'
import { isDocumentId } from '../document-id.ts'
import { refuseOverDraftQuota, sendError } from '../errors.ts'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { roleFromMembers } from '../auth/document-access.ts'
import { accessNotice, readerIds } from '../notify/notices.ts'
import { authorOf, draftAccess } from './draft-access.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Deletes for good the drafts past their time in the trash (run hourly; tests call it). */
    purgeTrash: () => Promise<void>
  }
}

interface Access {
  auth: AuthenticatedUser
  record: DocumentRecord
  members: MemberRecord[]
  role: Role
}

/** One title as stored: spaces folded, never blank. */
const cleanTitle = (title: string): string => title.trim().replace(/\s+/g, ' ')

const DAY_MS = 86_400_000
/** How often the trash is emptied of drafts past their time. */
const PURGE_EVERY_MS = 60 * 60 * 1000

export interface DocumentRoutesOptions {
  /** Days a deleted draft stays restorable (DOC-3). */
  trashDays: number
  now?: () => Date
}

/** Wrapped (fastify-plugin) so that `purgeTrash` is seen from the app, as tests use it. */
export const documentRoutes = fp(async (app: FastifyInstance, options: DocumentRoutesOptions): Promise<void> => {
  const now = options.now ?? (() => new Date())
  const summary = (record: DocumentRecord, role: Role, members: readonly MemberRecord[], user: AuthenticatedUser['user']): DocumentSummary => ({
    ...record,
    role,
    sharedWithDelegation: members.some((m) => m.principalType === 'delegation' && m.principalId === user.delegation),
    present: app.collab.presence(record.id),
  })

  /** Resolves the draft, its members and the caller's role, or answers 401/403/404 and returns null. */
  const draft = draftAccess(app)
  const access = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: Action): Promise<Access | null> => {
    const caller = await draft(request, reply, action)
    return caller && { auth: caller, record: caller.document, members: caller.members, role: caller.role }
  }

  const memberEntries = async (members: MemberRecord[]): Promise<MemberEntry[]> => {
    const entries: MemberEntry[] = []
    for (const member of members) {
      let label = member.principalId
      if (member.principalType === 'user') label = (await app.storage.accounts.getUser(member.principalId))?.name ?? label
      else {
        const delegation = await app.storage.delegations.getDelegation(member.principalId)
        if (delegation) label = `${delegation.code} — ${delegation.nameEs}`
      }
      entries.push({ principal: { type: member.principalType, id: member.principalId }, role: member.role, label })
    }
    return entries
  }

  app.get('/api/documents', async (request, reply): Promise<DocumentListResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const memberships = await app.storage.members.membershipsOf(auth.user.id, auth.user.delegation)
    const byDocument = new Map<string, MemberRecord[]>()
    for (const m of memberships) byDocument.set(m.documentId, [...(byDocument.get(m.documentId) ?? []), m])
    const documents: DocumentSummary[] = []
    for (const record of await app.storage.listDocuments()) {
      const role = roleFromMembers(byDocument.get(record.id) ?? [], auth.user)
      if (role) documents.push(summary(record, role, byDocument.get(record.id) ?? [], auth.user))
    }
    return { documents }
  })

  app.get<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    const found = await access(request, reply, 'read')
    if (found) return summary(found.record, found.role, found.members, found.auth.user)
  })

  app.post<{ Body: CreateDocumentRequest }>(
    '/api/documents',
    { schema: { body: CreateDocumentRequest }, bodyLimit: 16 * 1024 },
    async (request, reply): Promise<CreateDocumentResponse | undefined> => {
      const auth = requireUser(request, reply)
      if (!auth) return
      const title = cleanTitle(request.body.title)
      if (!title) return sendError(reply, 400, 'invalid_request', 'The title must not be blank.')
      if (refuseOverDraftQuota(app, auth.user.id, reply)) return
      const now = new Date().toISOString()
      const record: DocumentRecord = {
        id: randomBytes(12).toString('base64url'),
        title,
        template: request.body.template,
        createdBy: auth.user.id,
        createdAt: now,
        updatedAt: now,
      }
      const language = request.body.language ?? 'es'
      const body = jsonToYUpdate(templateDocument(request.body.template, language, title))
      await app.storage.createDocument(record, body)
      // The language the text is written in, declared by the editor (UI-LANG-1); owners change it in the settings.
      await app.collab.write({ documentId: record.id, name: 'meta' }, (doc) => doc.getMap(REVIEW_SETTINGS_KEY).set('language', language))
      await app.audit(request, { action: 'document.created', documentId: record.id, details: { template: record.template } })
      return reply.code(201).send({ id: record.id })
    },
  )

  /** An owner renames the draft (DOC-1). */
  app.patch<{ Params: { id: string }; Body: RenameDocumentRequest }>(
    '/api/documents/:id',
    { schema: { body: RenameDocumentRequest }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      const found = await access(request, reply, 'manage')
      if (!found) return
      const title = cleanTitle(request.body.title)
      if (!title) return sendError(reply, 400, 'invalid_request', 'The title must not be blank.')
      if (!(await app.storage.renameDocument(found.record.id, title))) return sendError(reply, 404, 'not_found', 'No draft with this id exists, or it has not been shared with you.')
      app.collab.announceDetails(found.record.id)
      app.searchIndex.touchDraft(found.record.id)
      await app.audit(request, { action: 'document.renamed', documentId: found.record.id })
      return summary({ ...found.record, title }, found.role, found.members, found.auth.user)
    },
  )

  /**
   * Deleting moves the draft to the trash (DOC-2): closed for everyone at once, restorable by
   * its owners for `trashDays`, then purged (DOC-3).
   */
  app.delete<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    const found = await access(request, reply, 'manage')
    if (!found) return
    await app.storage.trashDocument(found.record.id, now().toISOString(), found.auth.user.id)
    app.collab.closeDocument(found.record.id)
    await app.audit(request, { action: 'document.deleted', documentId: found.record.id, details: { trash: true } })
    return reply.code(204).send()
  })

  /** The caller's trash: drafts they own that were deleted, with when they will be purged. */
  app.get('/api/documents/trash', async (request, reply): Promise<TrashListResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const trashed: TrashedDocumentSummary[] = []
    for (const record of await app.storage.listTrashedDocuments()) {
      const members = await app.storage.members.listMembers(record.id)
      const role = roleFromMembers(members, auth.user)
      if (!role || !may(role, 'manage')) continue
      const { deletedBy: _deletedBy, ...rest } = record
      trashed.push({ ...summary(rest, role, members, auth.user), deletedAt: record.deletedAt, present: [], purgeAt: new Date(Date.parse(record.deletedAt) + options.trashDays * DAY_MS).toISOString() })
    }
    return { documents: trashed }
  })

  app.post<{ Params: { id: string } }>('/api/documents/:id/restore', async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const id = request.params.id
    const trashed = isDocumentId(id) ? await app.storage.getTrashedDocument(id) : undefined
    const members = trashed ? await app.storage.members.listMembers(id) : []
    const role = trashed ? roleFromMembers(members, auth.user) : null
    if (!trashed || !role || !may(role, 'manage')) return sendError(reply, 404, 'not_found', 'There is no deleted draft with this id that you could restore.')
    await app.storage.restoreDocument(id)
    await app.audit(request, { action: 'document.restored', documentId: id })
    const record = await app.storage.getDocument(id)
    return record ? summary(record, role, members, auth.user) : sendError(reply, 404, 'not_found', 'There is no deleted draft with this id that you could restore.')
  })

  /** Drafts in the trash longer than `trashDays` are deleted for good, on every instance alike. */
  const purge = async (): Promise<void> => {
    const cutoff = new Date(now().getTime() - options.trashDays * DAY_MS).toISOString()
    for (const record of await app.storage.listTrashedDocuments()) {
      if (record.deletedAt > cutoff) continue
      await app.storage.deleteDocument(record.id)
      await app.storage.search.remove(`draft:${record.id}`)
      await app.storage.audit.appendAudit({ at: now().toISOString(), action: 'document.purged', actorId: null, actorDelegation: null, documentId: record.id, target: null, ip: null, details: { deletedAt: record.deletedAt } })
      app.log.info({ documentId: record.id }, 'purged a draft from the trash')
    }
  }
  const runPurge = (): void => {
    purge().catch((error: unknown) => app.log.warn({ err: error }, 'could not empty the trash; trying again later'))
  }
  const timer = setInterval(runPurge, PURGE_EVERY_MS)
  timer.unref()
  app.addHook('onReady', async () => runPurge())
  app.addHook('onClose', async () => clearInterval(timer))
  app.decorate('purgeTrash', purge)

  /** The draft's blocks an agreement may be linked to, numbered, for the register's paragraph picker. */
  app.get<{ Params: { id: string } }>('/api/documents/:id/paragraphs', async (request, reply): Promise<LinkableParagraphsResponse | undefined> => {
    const found = await access(request, reply, 'read')
    if (!found) return
    const body = await app.collab.read({ documentId: found.record.id, name: 'body' }, (doc) => yDocToJSON(doc))
    return { paragraphs: linkableBlocks(body) }
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
      schema: { body: SetMemberRequest },
    },
    async (request, reply) => {
      const found = await access(request, reply, 'manage')
      if (!found) return
      const { principal: who, role } = request.body
      const exists = who.type === 'user' ? await app.storage.accounts.getUser(who.id) : await app.storage.delegations.getDelegation(who.id)
      if (!exists) return sendError(reply, 400, 'unknown_principal', `There is no ${who.type} ${who.id}.`)
      if (!leavesAnOwner(found.members, who, role)) {
        return sendError(reply, 409, 'last_owner', 'A draft must keep at least one owner.')
      }
      const readersBefore = await readerIds(app, found.record.id)
      await app.storage.members.setMember({ documentId: found.record.id, principalType: who.type, principalId: who.id, role })
      await app.collab.refreshAccess(found.record.id)
      await app.audit(request, { action: 'member.set', documentId: found.record.id, target: `${who.type}:${who.id}`, details: { role } })
      // NOTIFY-20: whoever can read the draft now and could not before is told, in the inbox and by e-mail.
      app.notifier.later(accessNotice(app, found.record.id, readersBefore, role, authorOf(found.auth)))
      return { members: await memberEntries(await app.storage.members.listMembers(found.record.id)) }
    },
  )

  app.delete<{ Params: { id: string }; Body: RemoveMemberRequest }>(
    '/api/documents/:id/members',
    { schema: { body: RemoveMemberRequest } },
    async (request, reply) => {
      const found = await access(request, reply, 'manage')
      if (!found) return
      const who = request.body.principal
      if (!leavesAnOwner(found.members, who, null)) {
        return sendError(reply, 409, 'last_owner', 'A draft must keep at least one owner.')
      }
      await app.storage.members.removeMember(found.record.id, who.type, who.id)
      await app.collab.refreshAccess(found.record.id)
      await app.audit(request, { action: 'member.removed', documentId: found.record.id, target: `${who.type}:${who.id}` })
      return { members: await memberEntries(await app.storage.members.listMembers(found.record.id)) }
    },
  )
})

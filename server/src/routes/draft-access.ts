/**
 * What every draft route asks first: is the caller signed in, may they see this draft (404
 * if not, so drafts nobody shared with them stay invisible), and does their role allow the
 * action (403). Shared by the review, consensus, export and version routes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { may, type Action, type Author, type Role } from '@consenso/protocol'
import { requireUser } from '../auth/plugin.ts'
import { roleFromMembers } from '../auth/document-access.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { isDocumentId } from '../document-id.ts'
import { sendError } from '../errors.ts'
import type { DocumentRecord, MemberRecord } from '../storage/storage.ts'

export interface DraftCaller extends AuthenticatedUser {
  role: Role
  /** The draft, as read for the check. */
  document: DocumentRecord
  /** Its members, from which the role was found. */
  members: MemberRecord[]
}

/** An answer other than success, decided inside a server write. */
export interface Refusal {
  refusal: { status: number; error: string; message: string }
}
export const refuse = (status: number, error: string, message: string): Refusal => ({ refusal: { status, error, message } })
export const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'refusal' in value

export function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return sendError(reply, refusal.refusal.status, refusal.refusal.error, refusal.refusal.message)
}

export const authorOf = (auth: AuthenticatedUser): Author => ({ id: auth.user.id, name: auth.user.name, delegation: auth.user.delegation })

/** The caller with their role on the draft `request.params.id`, or null once an error is sent. */
export function draftAccess(app: FastifyInstance) {
  return async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: Action): Promise<DraftCaller | null> => {
    const auth = requireUser(request, reply)
    if (!auth) return null
    const id = request.params.id
    const document = isDocumentId(id) ? await app.storage.getDocument(id) : undefined
    const members = document ? await app.storage.members.listMembers(id) : []
    const role = roleFromMembers(members, auth.user)
    if (!document || !role) {
      void sendError(reply, 404, 'not_found', 'No draft with this id exists, or it has not been shared with you.')
      return null
    }
    if (!may(role, action)) {
      void sendError(reply, 403, 'forbidden', `Your role on this draft (${role}) does not allow this.`)
      return null
    }
    return { ...auth, role, document, members }
  }
}

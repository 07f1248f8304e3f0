/**
 * The plenary view's focus ([PLENARY-*] in server/SPEC.md): the chair (the draft's owners, or
 * a technical secretariat's members with comment rights) moves the paragraph under discussion;
 * the server checks who asks and that the paragraph is a numbered one of the body, then writes
 * the focus into the review document, which nobody else may write (SYNC-7) and every reader
 * receives live. So the channel needs no trust in clients: a participant's page can only read
 * the focus, never set it.
 */
import type { FastifyInstance } from 'fastify'
import type * as Y from 'yjs'
import {
  PLENARY_FOCUS_FIELD,
  REVIEW_PLENARY_KEY,
  mayChair,
  readPlenaryFocus,
  type PlenaryFocus,
  PlenaryFocusRequest,
  type PlenaryState,
} from '@consenso/protocol'
import { sendError } from '../errors.ts'
import { paragraphHashes } from '../consensus/reopen.ts'
import { authorOf, draftAccess, type DraftCaller } from './draft-access.ts'

type Params = { id: string }

const focusOf = (meta: Y.Doc): PlenaryFocus | null => readPlenaryFocus(meta.getMap(REVIEW_PLENARY_KEY).get(PLENARY_FOCUS_FIELD))

export async function plenaryRoutes(app: FastifyInstance, options: { now?: (() => Date) | undefined }): Promise<void> {
  const access = draftAccess(app)
  const now = options.now ?? (() => new Date())
  const meta = (documentId: string) => ({ documentId, name: 'meta' as const })
  const body = (documentId: string) => ({ documentId, name: 'body' as const })
  const chairs = async (caller: DraftCaller): Promise<boolean> =>
    mayChair(caller.role, (await app.storage.delegations.getDelegation(caller.user.delegation))?.kind)

  app.get<{ Params: Params }>('/api/documents/:id/plenary', async (request, reply): Promise<PlenaryState | undefined> => {
    const caller = await access(request, reply, 'read')
    if (!caller) return
    return { focus: await app.collab.read(meta(request.params.id), focusOf), mayChair: await chairs(caller) }
  })

  app.put<{ Params: Params; Body: PlenaryFocusRequest }>('/api/documents/:id/plenary', { schema: { body: PlenaryFocusRequest } }, async (request, reply) => {
    const caller = await access(request, reply, 'read')
    if (!caller) return
    if (!(await chairs(caller))) {
      return sendError(reply, 403, 'not_chair', 'Only the chair (an owner of the draft, or a technical secretariat) moves the plenary view.')
    }
    const { paragraphId } = request.body
    if (paragraphId !== null) {
      const numbered = await app.collab.read(body(request.params.id), paragraphHashes)
      if (!numbered.has(paragraphId)) return sendError(reply, 400, 'unknown_paragraph', 'No numbered paragraph (PP or OP) with this id in the draft.')
    }
    const focus: PlenaryFocus = { paragraphId, by: authorOf(caller), at: now().toISOString() }
    await app.collab.write(meta(request.params.id), (doc) => {
      doc.getMap(REVIEW_PLENARY_KEY).set(PLENARY_FOCUS_FIELD, focus)
    })
    return focus
  })
}

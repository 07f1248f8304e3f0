/**
 * Comment threads, written by the server into the draft's review document in answer to
 * authorised calls: commenters and above comment, reply and resolve; authors edit or delete
 * their own comments; everyone who may read the draft reads the threads (live, over
 * `/collab/:id/meta`, or here).
 */
import { mentionNotice } from '../notify/notices.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import * as Y from 'yjs'
import {
  CommentRequest,
  CreateThreadRequest,
  REVIEW_THREADS_KEY,
  REVIEW_SETTINGS_KEY,
  DEFAULT_REVIEW_SETTINGS,
  type ReviewSettings,
  type MentionsResponse,
  type Thread,
  type ThreadComment,
  type ThreadsResponse,
  ReviewSettingsChange,
} from '@consenso/protocol'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { newId } from '../auth/tokens.ts'
import { sendError } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'
import { authorOf, draftAccess, refuse, type Refusal } from './draft-access.ts'

type Params = { id: string; threadId?: string; commentId?: string }

const threadsOf = (doc: Y.Doc): Y.Map<Thread> => doc.getMap<Thread>(REVIEW_THREADS_KEY)

/** `@PAN` names a delegation, `@user:ID` a person (the client inserts the id when picking a name). */
async function mentionsIn(storage: Storage, value: string): Promise<string[]> {
  const found = new Set<string>()
  for (const match of value.matchAll(/@([A-Z][A-Z0-9-]{1,15})(?![A-Za-z0-9-])/g)) {
    if (await storage.delegations.getDelegation(match[1]!)) found.add(`delegation:${match[1]}`)
  }
  for (const match of value.matchAll(/@user:([A-Za-z0-9_-]{8,64})/g)) {
    if (await storage.accounts.getUser(match[1]!)) found.add(`user:${match[1]}`)
  }
  return [...found]
}

/** True when both ends of the anchor resolve to places in this body. */
function anchorResolves(body: Y.Doc, anchor: { start: unknown; end: unknown }): boolean {
  try {
    return [anchor.start, anchor.end].every((json) => {
      const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), body)
      return absolute !== null && absolute.type.doc === body
    })
  } catch {
    return false
  }
}

export async function reviewRoutes(app: FastifyInstance): Promise<void> {
  const meta = (documentId: string) => ({ documentId, name: 'meta' as const })

  const access = draftAccess(app)

  /**
   * Changes one thread inside a server write. `change` returns the new thread, or an error
   * status to answer; the thread is replaced whole.
   */
  const updateThread = async (
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    change: (thread: Thread) => Thread | Refusal,
  ) => {
    const documentId = request.params.id
    const threadId = request.params.threadId ?? ''
    const outcome = await app.collab.write(meta(documentId), (doc) => {
      const threads = threadsOf(doc)
      const thread = threads.get(threadId)
      if (!thread) return refuse(404, 'not_found', 'No such thread on this draft.')
      const next = change(thread)
      if ('refusal' in next) return next
      threads.set(threadId, next)
      return next
    })
    if ('refusal' in outcome) return sendError(reply, outcome.refusal.status, outcome.refusal.error, outcome.refusal.message)
    return outcome
  }

  const settingsOf = (doc: Y.Doc): ReviewSettings => {
    const map = doc.getMap<unknown>(REVIEW_SETTINGS_KEY)
    const language = map.get('language')
    return {
      requireSuggesting: map.get('requireSuggesting') === true,
      lockAgreed: map.get('lockAgreed') === true,
      language: language === 'es' || language === 'en' ? language : DEFAULT_REVIEW_SETTINGS.language,
    }
  }

  /**
   * Who comments, and their comment's text, trimmed, with the mentions it makes; null once
   * answered (no right to comment, or a blank comment: 400).
   */
  const commenting = async (
    request: FastifyRequest<{ Params: Params; Body: { text: string } }>,
    reply: FastifyReply,
  ): Promise<{ auth: AuthenticatedUser; body: string; mentions: string[] } | null> => {
    const auth = await access(request, reply, 'comment')
    if (!auth) return null
    const body = request.body.text.trim()
    if (!body) {
      void sendError(reply, 400, 'invalid_request', 'The comment must not be blank.')
      return null
    }
    return { auth, body, mentions: await mentionsIn(app.storage, body) }
  }

  /** A thread's mentions with `more` added, each once. */
  const mentioning = (thread: Thread, more: string[]): string[] => [...new Set([...thread.mentions, ...more])]

  /** The caller's own, live comment in the thread, or why it may not be changed. */
  const ownComment = (thread: Thread, commentId: string | undefined, auth: AuthenticatedUser, verb: 'edit' | 'delete'): ThreadComment | Refusal => {
    const comment = thread.comments.find((c) => c.id === commentId)
    if (!comment || comment.deleted) return refuse(404, 'not_found', 'No such comment in this thread.')
    if (comment.author.id !== auth.user.id) return refuse(403, 'forbidden', `Only its author may ${verb} a comment.`)
    return comment
  }

  app.get<{ Params: Params }>('/api/documents/:id/settings', async (request, reply) => {
    if (!(await access(request, reply, 'read'))) return
    return app.collab.read(meta(request.params.id), settingsOf)
  })

  /** Owners set draft-wide review settings; clients follow them live from the review document. */
  app.put<{ Params: Params; Body: ReviewSettingsChange }>(
    '/api/documents/:id/settings',
    { schema: { body: ReviewSettingsChange } },
    async (request, reply) => {
      if (!(await access(request, reply, 'manage'))) return
      const settings = await app.collab.write(meta(request.params.id), (doc) => {
        const map = doc.getMap(REVIEW_SETTINGS_KEY)
        for (const [key, value] of Object.entries(request.body)) map.set(key, value)
        return settingsOf(doc)
      })
      // Open body connections follow the setting at their next frame, on every instance (TRUST-5).
      await app.collab.refreshAccess(request.params.id)
      await app.audit(request, { action: 'document.settings', documentId: request.params.id, details: { ...request.body } })
      return settings
    },
  )

  app.get<{ Params: Params }>('/api/documents/:id/threads', async (request, reply): Promise<ThreadsResponse | undefined> => {
    if (!(await access(request, reply, 'read'))) return
    const threads = await app.collab.read(meta(request.params.id), (doc) => [...threadsOf(doc).values()])
    return { threads: threads.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)) }
  })

  app.post<{ Params: Params; Body: CreateThreadRequest }>(
    '/api/documents/:id/threads',
    { schema: { body: CreateThreadRequest } },
    async (request, reply) => {
      const written = await commenting(request, reply)
      if (!written) return
      const { auth, body, mentions } = written
      const { anchor, quote, suggestionId } = request.body
      if (anchor && !(await app.collab.read({ documentId: request.params.id, name: 'body' }, (doc) => anchorResolves(doc, anchor)))) {
        return sendError(reply, 400, 'invalid_anchor', 'The comment is anchored to a place that is not in this draft.')
      }
      const now = new Date().toISOString()
      const author = authorOf(auth)
      const thread: Thread = {
        id: newId(),
        anchor,
        quote,
        suggestionId: suggestionId ?? null,
        status: 'open',
        author,
        createdAt: now,
        resolvedBy: null,
        resolvedAt: null,
        mentions,
        comments: [{ id: newId(), author, text: body, createdAt: now, editedAt: null, deleted: false }],
      }
      await app.collab.write(meta(request.params.id), (doc) => threadsOf(doc).set(thread.id, thread))
      app.notifier.later(mentionNotice(app, request.params.id, mentions, body, author))
      return reply.code(201).send(thread)
    },
  )

  app.post<{ Params: Params; Body: CommentRequest }>(
    '/api/documents/:id/threads/:threadId/comments',
    { schema: { body: CommentRequest } },
    async (request, reply) => {
      const written = await commenting(request, reply)
      if (!written) return
      const { auth, body, mentions } = written
      const now = new Date().toISOString()
      const result = await updateThread(request, reply, (thread) => ({
        ...thread,
        mentions: mentioning(thread, mentions),
        comments: [...thread.comments, { id: newId(), author: authorOf(auth), text: body, createdAt: now, editedAt: null, deleted: false }],
      }))
      if (reply.sent) return undefined
      app.notifier.later(mentionNotice(app, request.params.id, mentions, body, authorOf(auth)))
      return reply.code(201).send(result)
    },
  )

  app.patch<{ Params: Params; Body: CommentRequest }>(
    '/api/documents/:id/threads/:threadId/comments/:commentId',
    { schema: { body: CommentRequest } },
    async (request, reply) => {
      const written = await commenting(request, reply)
      if (!written) return
      const { auth, body, mentions } = written
      return updateThread(request, reply, (thread) => {
        const comment = ownComment(thread, request.params.commentId, auth, 'edit')
        if ('refusal' in comment) return comment
        const edited = { ...comment, text: body, editedAt: new Date().toISOString() }
        return {
          ...thread,
          mentions: mentioning(thread, mentions),
          comments: thread.comments.map((c) => (c.id === comment.id ? edited : c)),
        }
      })
    },
  )

  app.delete<{ Params: Params }>('/api/documents/:id/threads/:threadId/comments/:commentId', async (request, reply) => {
    const auth = await access(request, reply, 'comment')
    if (!auth) return
    return updateThread(request, reply, (thread) => {
      const comment = ownComment(thread, request.params.commentId, auth, 'delete')
      if ('refusal' in comment) return comment
      // The comment stays as a placeholder so the replies after it keep their context.
      return { ...thread, comments: thread.comments.map((c) => (c.id === comment.id ? { ...c, text: '', deleted: true } : c)) }
    })
  })

  for (const [verb, status] of [
    ['resolve', 'resolved'],
    ['reopen', 'open'],
  ] as const) {
    app.post<{ Params: Params }>(`/api/documents/:id/threads/:threadId/${verb}`, async (request, reply) => {
      const auth = await access(request, reply, 'comment')
      if (!auth) return
      const now = new Date().toISOString()
      return updateThread(request, reply, (thread) => ({
        ...thread,
        status,
        resolvedBy: status === 'resolved' ? authorOf(auth) : null,
        resolvedAt: status === 'resolved' ? now : null,
      }))
    })
  }

  /** Threads that mention the caller or their delegation, in every draft they may read. */
  app.get('/api/mentions', async (request, reply): Promise<MentionsResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const mine = new Set([`user:${auth.user.id}`, `delegation:${auth.user.delegation}`])
    const memberships = await app.storage.members.membershipsOf(auth.user.id, auth.user.delegation)
    const documentIds = [...new Set(memberships.map((m) => m.documentId))]
    const mentions: MentionsResponse['mentions'] = []
    for (const documentId of documentIds) {
      const record = await app.storage.getDocument(documentId)
      if (!record) continue
      const threads = await app.collab.read(meta(documentId), (doc) => [...threadsOf(doc).values()])
      for (const thread of threads) {
        if (thread.mentions.some((m) => mine.has(m))) mentions.push({ documentId, documentTitle: record.title, thread })
      }
    }
    mentions.sort((a, b) => b.thread.createdAt.localeCompare(a.thread.createdAt))
    return { mentions }
  })
}

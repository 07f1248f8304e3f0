/**
 * Export a draft (`GET /api/documents/:id/export`, everyone who may read it) and import a
 * Word or Markdown file as a new draft (`POST /api/documents/import`, any signed-in person)
 * or as a new named version of a draft (`POST /api/documents/:id/import`, its owners).
 * Both are audited. An import is parsed and checked whole before anything is stored, so a
 * broken file leaves no draft behind.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import * as Y from 'yjs'
import { ExportQuery, ImportQuery, ImportVersionQuery, LIMITS, REVIEW_BRACKETS_KEY, REVIEW_THREADS_KEY, VersionParams, type Author } from '@consenso/protocol'
import { ConversionLimitError, draftLanguage, IMPORT_MAX_BYTES, type ImportedDocs, type ImportedDraft } from '@consenso/convert'
import { requireUser } from '../auth/plugin.ts'
import { refuseOverDraftQuota, sendError } from '../errors.ts'
import type { DocumentRecord } from '../storage/storage.ts'
import { sendConversionLimit, sendExport } from '../export/export.ts'
import { summaryOf } from '../versions/service.ts'
import { authorOf, draftAccess } from './draft-access.ts'

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const MARKDOWN_CONTENT_TYPES = ['text/markdown', 'text/x-markdown', 'text/plain']

/**
 * The uploaded file read in a conversion worker ([CONV-15]), or undefined once the error is
 * sent: the format from `format` or the content type, and an unreadable file refused whole
 * ([IMPORT-3]). With `docs`, the worker also builds the new draft's body and review data.
 */
async function parseUpload(
  app: FastifyInstance,
  request: FastifyRequest<{ Querystring: ImportQuery; Body: Buffer }>,
  reply: FastifyReply,
  fallbackTitle: string,
  docs?: { importer: Author; now: string },
): Promise<{ draft: ImportedDraft; docs: ImportedDocs | null; format: 'docx' | 'md' } | undefined> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  const format = request.query.format ?? (contentType === DOCX_CONTENT_TYPE ? 'docx' : MARKDOWN_CONTENT_TYPES.includes(contentType) ? 'md' : null)
  if (!format) return void sendError(reply, 415, 'unsupported_media_type', 'Send a Word (.docx) or Markdown (.md) file.')
  if (!Buffer.isBuffer(request.body)) return void sendError(reply, 415, 'unsupported_media_type', 'Send the file itself as the request body.')
  if (request.body.byteLength === 0) return void sendError(reply, 400, 'empty_file', 'The file is empty.')
  if (request.body.byteLength > IMPORT_MAX_BYTES) return void sendError(reply, 413, 'import_too_large', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`)
  try {
    // Copied to the worker (at most IMPORT_MAX_BYTES): the request's buffer may share memory with others.
    const bytes = new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength)
    const answer = await app.conversions.run({ kind: 'import', format, bytes, fallbackTitle, ...(docs ? { docs } : {}) })
    if (answer.kind === 'refused') {
      const status = answer.code === 'too_large' ? 413 : 422
      return void sendError(reply, status, `import_${answer.code}`, answer.message)
    }
    if (answer.kind !== 'import') throw new Error(`import answered ${answer.kind}`)
    return { format, draft: answer.draft, docs: answer.docs }
  } catch (error) {
    if (error instanceof ConversionLimitError) return void sendConversionLimit(reply, error, 'import')
    throw error
  }
}

/** The audit names the text exported only when it is not the body (BILING-7). */
const textOf = (query: ExportQuery): { text?: string } => (query.text && query.text !== 'source' ? { text: query.text } : {})

export async function convertRoutes(app: FastifyInstance): Promise<void> {
  const access = draftAccess(app)
  app.get<{ Params: { id: string }; Querystring: ExportQuery }>(
    '/api/documents/:id/export',
    { schema: { querystring: ExportQuery } },
    async (request, reply) => {
      const caller = await access(request, reply, 'read')
      if (!caller) return
      const id = request.params.id
      const record = caller.document
      // Both documents as they are now in memory; the review data is copied so the body read stays one synchronous step.
      const reviewState = await app.collab.read({ documentId: id, name: 'meta' }, (doc) => Y.encodeStateAsUpdate(doc))
      const review = new Y.Doc()
      Y.applyUpdate(review, reviewState)
      const body = await app.collab.read({ documentId: id, name: 'body' }, (doc) => Y.encodeStateAsUpdate(doc))
      try {
        await app.audit(request, { action: 'export', documentId: id, details: { format: request.query.format, view: request.query.view, ...textOf(request.query) } })
        return await sendExport(app.storage, app.conversions, reply, { documentId: id, title: record.title, body, review, versionName: null, date: record.updatedAt }, request.query)
      } finally {
        review.destroy()
      }
    },
  )

  /** A saved version exports through the same seam, from its frozen body and review document. */
  app.get<{ Params: VersionParams; Querystring: ExportQuery }>(
    '/api/documents/:id/versions/:versionId/export',
    { schema: { querystring: ExportQuery, params: VersionParams } },
    async (request, reply) => {
      const caller = await access(request, reply, 'read')
      if (!caller) return
      const { id, versionId } = request.params
      const record = caller.document
      const version = await app.storage.versions.getVersion(id, versionId)
      const content = version && (await app.storage.versions.loadVersion(id, versionId))
      if (!version || !content) return sendError(reply, 404, 'not_found', 'This draft has no such version.')
      const review = new Y.Doc()
      try {
        Y.applyUpdate(review, content.meta)
        // ADOPT-2: the adopted text says so, in the draft's language (as the export's labels, EXPORT-120), and carries no review marks.
        const adoption = await app.storage.silence.getAdoption(id)
        const adopted = adoption?.versionId === versionId ? adoption : null
        const query = adopted ? { ...request.query, view: 'clean' as const } : request.query
        const versionName = version.name || ((draftLanguage(review) ?? request.query.lang) === 'es' ? 'Punto de control' : 'Checkpoint')
        // Said once: "Adoptado el 7 de diciembre de 2026" stands for the version's name and its date.
        const stamp = adopted ? adoptedOn(adopted.adoptedAt, draftLanguage(review) ?? query.lang) : null
        await app.audit(request, { action: 'export', documentId: id, details: { format: query.format, view: query.view, ...textOf(query), version: versionId } })
        return await sendExport(app.storage, app.conversions, reply, { documentId: id, title: record.title, body: content.body, review, versionName, date: version.createdAt, stamp }, query)
      } finally {
        review.destroy()
      }
    },
  )

  // The import takes the file itself as the request body, so only this route reads binary bodies.
  await app.register(async (scoped) => {
    // Any type is read as bytes here, so the route itself can say which files it takes.
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body))

    scoped.post<{ Querystring: ImportQuery; Body: Buffer }>(
      '/api/documents/import',
      { schema: { querystring: ImportQuery }, bodyLimit: IMPORT_MAX_BYTES },
      async (request, reply) => {
        const auth = requireUser(request, reply)
        if (!auth) return
        // Counted before the file is read: a refused import costs no conversion (ABUSE-6).
        if (refuseOverDraftQuota(app, auth.user.id, reply)) return
        const fallbackTitle = (request.query.filename ?? '').replace(/\.(docx|md|markdown|txt)$/iu, '').trim()
        const now = new Date().toISOString()
        const importer: Author = { id: auth.user.id, name: auth.user.name, delegation: auth.user.delegation }
        const parsed = await parseUpload(app, request, reply, fallbackTitle, { importer, now })
        if (!parsed?.docs) return
        const { draft, format, docs } = parsed
        const record: DocumentRecord = {
          id: randomBytes(12).toString('base64url'),
          title: draft.title.slice(0, LIMITS.titleMaxLength),
          template: docs.template,
          createdBy: auth.user.id,
          createdAt: now,
          updatedAt: now,
        }
        await app.storage.createDocument(record, docs.bodyUpdate)
        if (docs.threads.length || docs.brackets.length) {
          try {
            await app.collab.write({ documentId: record.id, name: 'meta' }, (doc) => {
              const threads = doc.getMap(REVIEW_THREADS_KEY)
              for (const thread of docs.threads) threads.set(thread.id, thread)
              const brackets = doc.getMap(REVIEW_BRACKETS_KEY)
              for (const bracket of docs.brackets) brackets.set(bracket.id, bracket)
            })
          } catch (error) {
            // Without its comments the draft is not what was sent: take it back.
            await app.storage.deleteDocument(record.id).catch(() => {})
            app.collab.closeDocument(record.id)
            throw error
          }
        }
        await app.audit(request, {
          action: 'import',
          documentId: record.id,
          details: { format, threads: docs.threads.length, brackets: docs.brackets.length, bytes: request.body.byteLength },
        })
        // What the file held that the draft cannot keep, for the person importing to be told ([CONV-17]).
        return reply.code(201).send({ id: record.id, title: record.title, threads: docs.threads.length, brackets: docs.brackets.length, lost: draft.lost })
      },
    )

    // [IMPORT-4] The file as the next version of a draft its owner already has.
    scoped.post<{ Params: { id: string }; Querystring: ImportVersionQuery; Body: Buffer }>(
      '/api/documents/:id/import',
      { schema: { querystring: ImportVersionQuery }, bodyLimit: IMPORT_MAX_BYTES },
      async (request, reply) => {
        const caller = await access(request, reply, 'manage')
        if (!caller) return
        const name = request.query.name.trim()
        if (!name) return sendError(reply, 400, 'invalid_request', 'The imported version needs a name, such as "Rev.2".')
        const parsed = await parseUpload(app, request, reply, name)
        if (!parsed) return
        const documentId = request.params.id
        const imported = await app.versions.importVersion(documentId, parsed.draft, {
          name,
          note: (request.query.note ?? '').trim(),
          by: authorOf(caller),
        })
        await app.audit(request, {
          action: 'import',
          documentId,
          target: imported.version.id,
          details: { name, format: parsed.format, threads: imported.threads, brackets: imported.brackets, bytes: request.body.byteLength },
        })
        const people = new Map<string, Author | null>()
        return reply.code(201).send({
          version: await summaryOf(app.storage, imported.version, people),
          checkpoint: await summaryOf(app.storage, imported.checkpoint, people),
          threads: imported.threads,
          brackets: imported.brackets,
          lost: parsed.draft.lost,
        })
      },
    )
  })
}

/** "Adoptado el 7 de diciembre de 2026" / "Adopted on 7 December 2026" (UTC day). */
function adoptedOn(at: string, lang: 'es' | 'en' | undefined): string {
  const day = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'es', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(at))
  return lang === 'en' ? `Adopted on ${day}` : `Adoptado el ${day}`
}

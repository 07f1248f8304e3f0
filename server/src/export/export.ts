/**
 * Exports and imports on the server, between the live documents and @consenso/convert.
 * `sendExport` takes any `ExportSource` — today the live draft; a saved version (issue #6)
 * passes its frozen body and review document the same way, with its name and time.
 */
import type { FastifyReply } from 'fastify'
import * as Y from 'yjs'
import {
  CONTENT_TYPES,
  ConversionLimitError,
  draftLanguage,
  mentionedPeople,
  EXTENSIONS,
  type ConversionPool,
} from '@consenso/convert'
import type { ExportQuery } from '@consenso/protocol'
import { exportDocsFor } from '@consenso/convert'
import type { Storage } from '../storage/storage.ts'
import { sendError } from '../errors.ts'
import { languagesOf } from '../bilingual/settings.ts'

export interface ExportSource {
  documentId: string
  title: string
  /**
   * The body as one encoded update: it goes to the conversion worker as it is (a saved version's
   * stored bytes, or the live draft encoded once), without a Y.Doc on the server's thread.
   */
  body: Uint8Array
  /** The review document, small, read here for the languages and the people mentioned. */
  review: Y.Doc
  /** Null for the live draft; the version's name otherwise. */
  versionName: string | null
  /** ISO time the text stands at. */
  date: string
  /** Said in the header instead of version and date (an adopted text, ADOPT-2). */
  stamp?: string | null
}

/** A file name from the title: readable, with an ASCII fallback for old clients. */
export function exportFileName(title: string, source: Pick<ExportSource, 'versionName'>, query: ExportQuery): { utf8: string; ascii: string } {
  const base = [title, source.versionName, query.view === 'review' ? (query.lang === 'es' ? 'revision' : 'review') : query.view === 'proposals' ? (query.lang === 'es' ? 'con propuestas' : 'with proposals') : null]
    .filter(Boolean)
    .join(' - ')
    .replace(/[\\/:*?"<>|]+/gu, ' ')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, 120) || 'draft'
  const name = `${base}.${EXTENSIONS[query.format]}`
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/[^\x20-\x7e]/gu, '_').replace(/"/gu, "'")
  return { utf8: name, ascii }
}

/** Writes the export in a conversion worker ([CONV-15]); only the two documents' updates cross over. */
export async function sendExport(storage: Storage, conversions: ConversionPool, reply: FastifyReply, asked: ExportSource, requested: ExportQuery): Promise<FastifyReply> {
  // The second language alone, or both side by side (BILING-7), read from the same two documents.
  const text = requested.text ?? 'source'
  let source = asked
  if (text !== 'source') {
    const languages = languagesOf(asked.review)
    if (!languages) return sendError(reply, 409, 'no_translation', 'This draft has no second language to export.')
    const body = new Y.Doc()
    try {
      Y.applyUpdate(body, asked.body)
      const docs = exportDocsFor(text, body, asked.review, languages)
      const suffix = text === 'translation' ? languages.target.toUpperCase() : `${languages.source.toUpperCase()}-${languages.target.toUpperCase()}`
      source = { ...asked, body: Y.encodeStateAsUpdate(docs.body), review: docs.review, title: `${asked.title} (${suffix})` }
    } finally {
      body.destroy()
    }
  }
  // Labels, names and the Akoma Ntoso language follow the text's language when the draft keeps
  // one (REVIEW-6); the request's `lang` (the interface's) only for drafts that do not.
  const query: ExportQuery = { ...requested, lang: draftLanguage(source.review) ?? requested.lang }
  const delegations = await storage.delegations.listDelegations()
  const people: Record<string, string> = {}
  for (const id of mentionedPeople(source.review).slice(0, 1000)) {
    const user = await storage.accounts.getUser(id)
    if (user) people[id] = user.name
  }
  const delegationNames = Object.fromEntries(delegations.map((d) => [d.code, query.lang === 'es' ? d.nameEs : d.nameEn]))
  // Transferred to the worker below, so a copy with a buffer of its own: the caller's may be a
  // view into a larger one (a Buffer from storage; Buffer's slice() would be a view too).
  const body = new Uint8Array(source.body)
  const review = Y.encodeStateAsUpdate(source.review)
  // A person who cancels the download stops a long PDF instead of leaving it to finish.
  const abort = new AbortController()
  const onClose = () => {
    if (!reply.raw.writableFinished) abort.abort()
  }
  reply.raw.on('close', onClose)
  try {
    const answer = await conversions.run(
      {
        kind: 'export',
        format: query.format,
        body,
        review,
        view: query.view,
        meta: { title: source.title, versionName: source.versionName, date: source.date, stamp: source.stamp ?? null, language: query.lang, documentId: source.documentId },
        delegationNames,
        people,
      },
      { transfer: [body.buffer as ArrayBuffer, review.buffer as ArrayBuffer], signal: abort.signal },
    )
    if (answer.kind !== 'export') throw new Error(`export answered ${answer.kind}`)
    const result = answer.result
    const name = exportFileName(source.title, source, query)
    return reply
      .header('content-type', CONTENT_TYPES[query.format])
      .header('content-disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`)
      .header('content-length', result.data.byteLength)
      .header('cache-control', 'no-store')
      .send(Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength))
  } catch (error) {
    if (error instanceof ConversionLimitError) return sendConversionLimit(reply, error, 'export')
    throw error
  } finally {
    reply.raw.off('close', onClose)
  }
}

/** A conversion the pool refused: too much memory or time is the file's size (413/422), busy or stopping a 503. */
export function sendConversionLimit(reply: FastifyReply, error: ConversionLimitError, what: 'import' | 'export'): FastifyReply {
  const [status, code] =
    error.limit === 'memory' ? [413, `${what}_too_large`] : error.limit === 'time' ? [422, `${what}_too_slow`] : error.limit === 'crashed' ? [422, `${what}_failed`] : [503, 'busy']
  if (status === 503) reply.header('retry-after', '30')
  return sendError(reply, status, code, error.message)
}

/**
 * The conversions the server hands to its worker pool, as plain data in and out (what crosses
 * a thread is copied or transferred, never shared). `runJob` is the same function in a worker
 * and in process, so the tests of the converters and the pool exercise one code path.
 */
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { Author } from '@consenso/protocol'
import { ConvertError, type ConvertErrorCode, type ExportFormat, type ExportMeta, type ExportResult, type ExportView, type ImportedDraft, type ImportFormat } from './model.ts'
import { importDocx } from './import-docx.ts'
import { importMarkdown } from './import-markdown.ts'
import { exportDocument } from './exporters.ts'
import { exportInputFromDocs, importedToDocs, type ImportedDocs } from './review-data.ts'
import { extractText, type TextFormat, type TextLimits } from './extract-text.ts'

export type ConvertJob =
  /** A file read as a draft; with `docs`, also built into the new draft's body update and review data. */
  | { kind: 'import'; format: ImportFormat; bytes: Uint8Array; fallbackTitle: string; docs?: { importer: Author; now: string } }
  /** A draft (its two Yjs documents as updates) written in one format. */
  | {
      kind: 'export'
      format: ExportFormat
      body: Uint8Array
      review: Uint8Array
      view: ExportView
      meta: ExportMeta
      delegationNames: Record<string, string>
      /** Account id → name of the people mentioned in comments (written as names, not ids). */
      people?: Record<string, string>
    }
  /** A repository file's plain text, for search (FILES-7). */
  | { kind: 'text'; format: TextFormat; bytes: Uint8Array; limits: TextLimits }

export type ConvertJobResult =
  | { kind: 'import'; draft: ImportedDraft; docs: ImportedDocs | null }
  | { kind: 'export'; result: ExportResult }
  | { kind: 'text'; text: string }
  | { kind: 'refused'; code: ConvertErrorCode; message: string }

const newId = () => randomBytes(12).toString('base64url')

export async function runJob(job: ConvertJob): Promise<ConvertJobResult> {
  try {
    if (job.kind === 'text') return { kind: 'text', text: await extractText(job.format, job.bytes, job.limits) }
    if (job.kind === 'import') {
      const draft = job.format === 'docx' ? importDocx(job.bytes, { fallbackTitle: job.fallbackTitle }) : importMarkdown(job.bytes, { fallbackTitle: job.fallbackTitle })
      const docs = job.docs ? importedToDocs(draft, { importer: job.docs.importer, now: job.docs.now, newId }) : null
      // A new draft needs only its update and review data: the JSON would be copied back for nothing.
      return { kind: 'import', draft: docs ? { ...draft, doc: { type: 'doc' } } : draft, docs }
    }
    const body = new Y.Doc()
    const review = new Y.Doc()
    try {
      Y.applyUpdate(body, job.body)
      Y.applyUpdate(review, job.review)
      const input = exportInputFromDocs(body, review, { view: job.view, meta: job.meta, delegationNames: job.delegationNames, people: job.people ?? {} })
      return { kind: 'export', result: await exportDocument(job.format, input) }
    } finally {
      body.destroy()
      review.destroy()
    }
  } catch (error) {
    if (error instanceof ConvertError) return { kind: 'refused', code: error.code, message: error.message }
    // A file deep enough to exhaust the stack is refused like any other unreadable file.
    if (error instanceof RangeError && /call stack/u.test(error.message)) {
      return { kind: 'refused', code: 'unsupported', message: 'The file is nested too deeply to be read as a draft.' }
    }
    throw error
  }
}

/** Byte arrays in a result that can move to the other thread instead of being copied. */
export function transferablesOf(result: ConvertJobResult): ArrayBuffer[] {
  const bytes = result.kind === 'import' ? result.docs?.bodyUpdate : result.kind === 'export' ? result.result.data : undefined
  return bytes && bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer] : []
}

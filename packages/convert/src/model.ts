/**
 * What the converters take and give. Exporters receive the body as ProseMirror JSON plus the
 * review data already read from the review document (threads with their anchors resolved to
 * positions in that body), so they never touch Yjs, the network or the UI; importers give
 * back a body and threads anchored by positions in it, which the server turns into Yjs
 * relative positions once the body exists.
 */
import type { JSONContent } from '@tiptap/core'
import { EXPORT_FORMATS, EXPORT_VIEWS, type Author, type BracketRecord, type ExportFormat, type ExportLanguage, type ExportView, type ParagraphConsensus, type Thread, type ThreadStatus } from '@consenso/protocol'

// The lists live in the protocol, where the route and the Export menu read them too.
export { EXPORT_FORMATS, EXPORT_VIEWS, type ExportFormat, type ExportLanguage, type ExportView } from '@consenso/protocol'

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)
}
export function isExportView(value: unknown): value is ExportView {
  return typeof value === 'string' && (EXPORT_VIEWS as readonly string[]).includes(value)
}

/** A range of the body in ProseMirror positions. */
export interface Range {
  from: number
  to: number
}

/** A thread with its anchor resolved against the body being exported (null: its words are gone). */
export interface ExportThread extends Thread {
  range: Range | null
}

export interface ExportMeta {
  title: string
  /** The saved version's name, or null for the live draft. */
  versionName: string | null
  /** ISO time the exported text stands at. */
  date: string
  /**
   * What the text is, said once in the header instead of "version · date" (an adopted text:
   * "Adoptado el 7 de diciembre de 2026", which already carries its day); optional.
   */
  stamp?: string | null
  language: ExportLanguage
  /** Used for identifiers (Akoma Ntoso FRBR URIs); optional. */
  documentId?: string
}

export interface ExportInput {
  doc: JSONContent
  view: ExportView
  meta: ExportMeta
  threads: ExportThread[]
  /** Bracket records by id. */
  brackets: Record<string, BracketRecord>
  /** Paragraph consensus by paragraph (block) id. */
  consensus: Record<string, ParagraphConsensus>
  /** Delegation codes whose agreement a paragraph needs. */
  parties: string[]
  /** Delegation code → name in the export's language. */
  delegationNames: Record<string, string>
}

export interface ExportResult {
  data: Uint8Array
  contentType: string
  /** File extension without the dot. */
  extension: string
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  akn: 'application/akn+xml; charset=utf-8',
}

export const EXTENSIONS: Record<ExportFormat, string> = { docx: 'docx', pdf: 'pdf', html: 'html', md: 'md', akn: 'xml' }

export interface ImportedComment {
  author: Author
  text: string
  createdAt: string
}

export interface ImportedThread {
  /** Where the comment is anchored in the imported body; null when it points nowhere. */
  range: Range | null
  quote: string
  status: ThreadStatus
  comments: ImportedComment[]
}

export interface ImportedBracket {
  id: string
  sponsors: string[]
  alternatives: string[]
}

/** What a file held that a draft cannot keep yet: its text stays, the thing itself is dropped ([CONV-17]). */
export const LOST_KINDS = ['footnotes', 'tables', 'links', 'images', 'superscript'] as const
export type LostKind = (typeof LOST_KINDS)[number]
export interface LostItem {
  kind: LostKind
  count: number
}

/** Counts what an importer drops, for the import's answer. */
export class LostTally {
  readonly #counts = new Map<LostKind, number>()
  add(kind: LostKind, count = 1): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + count)
  }
  list(): LostItem[] {
    return LOST_KINDS.filter((kind) => this.#counts.has(kind)).map((kind) => ({ kind, count: this.#counts.get(kind)! }))
  }
}

export interface ImportedDraft {
  /** What the file held that the draft does not keep (empty when nothing was lost). */
  lost: LostItem[]
  title: string
  /** A valid document of the Consenso schema, block ids included. */
  doc: JSONContent
  threads: ImportedThread[]
  brackets: ImportedBracket[]
}

export const IMPORT_FORMATS = ['docx', 'md'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** Largest file accepted by an importer (also the server's body limit for the import route). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024
/** Largest total of the parts read out of a .docx (a zip bomb stops here). */
export const DOCX_MAX_UNZIPPED_BYTES = 64 * 1024 * 1024

export type ConvertErrorCode = 'too_large' | 'corrupt' | 'unsupported' | 'empty'

/** A file an importer refuses, with a reason safe to show the person who sent it. */
export class ConvertError extends Error {
  constructor(
    readonly code: ConvertErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ConvertError'
  }
}

/** "CHL — Ana Pérez": how a person acting for a delegation signs tracked changes and comments. */
export function authorLabel(author: { delegation: string; name: string }): string {
  return author.delegation ? `${author.delegation} — ${author.name}` : author.name
}

/** Reads `authorLabel` back; a plain Word user name becomes a person without a delegation. */
export function parseAuthorLabel(label: string): { delegation: string; name: string } {
  const match = /^([A-Z][A-Z0-9-]{1,15}) [—–-] (.+)$/u.exec(label.trim())
  return match ? { delegation: match[1]!, name: match[2]!.trim() } : { delegation: '', name: label.trim() || '?' }
}

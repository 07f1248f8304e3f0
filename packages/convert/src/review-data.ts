/**
 * The bridge between the live Yjs documents and the converters: reads a draft's body and
 * review document into an `ExportInput` (thread anchors, which are Yjs relative positions,
 * resolved to positions in the body), and turns an `ImportedDraft` into a body update plus
 * review records whose anchors are relative positions into exactly that body.
 */
import * as Y from 'yjs'
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap'
import { BODY_FIELD, BRACKET, consensoSchema, jsonToYDoc, templateOfContent, type TemplateName } from '@consenso/schema'
import {
  COMMENT_MAX_LENGTH,
  PARTIES_SETTING,
  QUOTE_MAX_LENGTH,
  REVIEW_BRACKETS_KEY,
  REVIEW_CONSENSUS_KEY,
  REVIEW_SETTINGS_KEY,
  REVIEW_THREADS_KEY,
  type Author,
  type BracketRecord,
  type ParagraphConsensus,
  type Thread,
} from '@consenso/protocol'
import type { ExportInput, ExportMeta, ExportThread, ExportView, ImportedDraft, Range } from './model.ts'
import { mentionsAsNames } from './mentions.ts'

type Mapping = Parameters<typeof absolutePositionToRelativePosition>[2]

function rangeOf(body: Y.Doc, fragment: Y.XmlFragment, mapping: Mapping, size: number, anchor: Thread['anchor']): Range | null {
  if (!anchor) return null
  try {
    const from = relativePositionToAbsolutePosition(body, fragment, Y.createRelativePositionFromJSON(anchor.start), mapping)
    const to = relativePositionToAbsolutePosition(body, fragment, Y.createRelativePositionFromJSON(anchor.end), mapping)
    if (from === null || to === null) return null
    const range = { from: Math.max(0, Math.min(from, size)), to: Math.max(0, Math.min(to, size)) }
    return range.from < range.to ? range : null
  } catch {
    return null
  }
}

/** Everything an exporter needs from a draft's two Yjs documents, read at one moment. */
export function exportInputFromDocs(
  body: Y.Doc,
  review: Y.Doc,
  options: { view: ExportView; meta: ExportMeta; delegationNames: Record<string, string>; people?: Record<string, string> },
): ExportInput {
  const people = options.people ?? {}
  const fragment = body.getXmlFragment(BODY_FIELD)
  const { doc, mapping } = initProseMirrorDoc(fragment, consensoSchema())
  const size = doc.content.size
  const threads: ExportThread[] = [...review.getMap<Thread>(REVIEW_THREADS_KEY).values()]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((thread) => ({
      ...thread,
      comments: thread.comments.map((comment) => ({ ...comment, text: mentionsAsNames(comment.text, people) })),
      range: rangeOf(body, fragment, mapping as Mapping, size, thread.anchor),
    }))
  const parties = review.getMap(REVIEW_SETTINGS_KEY).get(PARTIES_SETTING)
  return {
    doc: doc.toJSON(),
    view: options.view,
    meta: options.meta,
    threads,
    brackets: Object.fromEntries(review.getMap<BracketRecord>(REVIEW_BRACKETS_KEY).entries()),
    consensus: Object.fromEntries(review.getMap<ParagraphConsensus>(REVIEW_CONSENSUS_KEY).entries()),
    parties: Array.isArray(parties) ? parties.filter((p): p is string => typeof p === 'string') : [],
    delegationNames: options.delegationNames,
  }
}

export interface ImportedDocs {
  /** Applied to an empty document, gives the imported body. */
  bodyUpdate: Uint8Array
  threads: Thread[]
  brackets: BracketRecord[]
  /** What kind of draft the body reads as (numbered paragraphs: a declaration; an agreements section: minutes). */
  template: TemplateName
}

export interface ImportedReviewOptions {
  importer: Author
  now: string
  newId: () => string
}

/**
 * The imported comment threads and bracket records, anchored into `body`, a Y.Doc that holds
 * the imported text now: a fresh one for a new draft, or a live draft's body just rewritten
 * to it (an imported version), so the anchors point at that body's own items.
 */
export function importedReviewData(draft: ImportedDraft, body: Y.Doc, options: ImportedReviewOptions): Omit<ImportedDocs, 'bodyUpdate' | 'template'> {
  const fragment = body.getXmlFragment(BODY_FIELD)
  const { doc, mapping } = initProseMirrorDoc(fragment, consensoSchema())
  const relative = (pos: number, assoc: 0 | -1): unknown => {
    const made = absolutePositionToRelativePosition(pos, fragment, mapping as Mapping) as Y.RelativePosition
    const absolute = Y.createAbsolutePositionFromRelativePosition(made, body)
    const rel = absolute ? Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, assoc) : made
    return Y.relativePositionToJSON(rel)
  }
  const threads: Thread[] = draft.threads.map((imported) => {
    const first = imported.comments[0]!
    const anchor = imported.range ? { start: relative(imported.range.from, 0), end: relative(imported.range.to, -1) } : null
    return {
      id: options.newId(),
      anchor,
      // The same limits as comments made in the editor.
      quote: imported.quote.length > QUOTE_MAX_LENGTH ? `${imported.quote.slice(0, QUOTE_MAX_LENGTH - 1)}…` : imported.quote,
      suggestionId: null,
      status: imported.status,
      author: first.author,
      createdAt: first.createdAt,
      resolvedBy: imported.status === 'resolved' ? options.importer : null,
      resolvedAt: imported.status === 'resolved' ? options.now : null,
      mentions: [],
      comments: imported.comments.map((c) => ({ id: options.newId(), author: c.author, text: c.text.slice(0, COMMENT_MAX_LENGTH), createdAt: c.createdAt, editedAt: null, deleted: false })),
    }
  })
  // A bracket's quote and paragraph come from where its mark ended up in the body.
  const quotes = new Map<string, { text: string; paragraphId: string | null }>()
  doc.descendants((node, _pos, parent) => {
    const id = node.marks.find((m) => m.type.name === BRACKET)?.attrs.bracketId
    if (typeof id === 'string') {
      const entry = quotes.get(id) ?? { text: '', paragraphId: typeof parent?.attrs.id === 'string' ? (parent.attrs.id as string) : null }
      entry.text += node.text ?? ''
      quotes.set(id, entry)
    }
    return true
  })
  const brackets: BracketRecord[] = draft.brackets
    .filter((b) => quotes.has(b.id))
    .map((b) => ({
      id: b.id,
      sponsors: b.sponsors,
      alternatives: b.alternatives,
      status: 'open',
      quote: quotes.get(b.id)!.text.slice(0, 2000),
      paragraphId: quotes.get(b.id)!.paragraphId,
      createdBy: options.importer,
      createdAt: options.now,
      resolution: null,
    }))
  return { threads, brackets }
}

/**
 * The imported draft as a body update and review records. Anchors are made against the very
 * Y.Doc whose update is returned, so they resolve once that update is stored.
 */
export function importedToDocs(draft: ImportedDraft, options: ImportedReviewOptions): ImportedDocs {
  const body = jsonToYDoc(draft.doc)
  const { threads, brackets } = importedReviewData(draft, body, options)
  const bodyUpdate = Y.encodeStateAsUpdate(body)
  body.destroy()
  return { bodyUpdate, threads, brackets, template: templateOfContent(draft.doc) }
}

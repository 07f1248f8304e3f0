/**
 * Exports of a draft with a second language (BILING-7): either text alone, or both as one
 * document holding a two-column table, one row per block of the source in its order, the
 * counterpart (same block id) beside it, so every exporter that writes tables (Word, PDF,
 * HTML, Markdown) writes the bilingual text with its rows aligned. Pure: Y.Doc in, Y.Doc out.
 */
import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { REVIEW_SETTINGS_KEY } from '@consenso/protocol'
import { BODY_FIELD, jsonToYDoc, numberJSON, renderableJSON, TRANSLATION_FIELD, type TextLanguage } from '@consenso/schema'

/** Which text an export holds: the body, the second language, or both side by side. */
// The list lives in the protocol, where the export route's query reads it.
export type { ExportText } from '@consenso/protocol'
import type { ExportText } from '@consenso/protocol'

const LANGUAGE_NAMES: Record<TextLanguage, string> = { es: 'Español', en: 'English' }

const INLINE = new Set(['text', 'hardBreak', 'footnote'])

/** The paragraphs a block becomes inside a cell (cells hold only paragraphs, SCHEMA-130): its textblocks in order, headings in bold. */
function cellParagraphs(block: JSONContent | undefined, label: string | null): JSONContent[] {
  const paragraphs: JSONContent[] = []
  const visit = (node: JSONContent): void => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      let content = (node.content ?? []).filter((child) => INLINE.has(child.type ?? ''))
      if (node.type === 'heading') content = content.map((child) => (child.type === 'text' ? { ...child, marks: [...(child.marks ?? []), { type: 'bold' }] } : child))
      paragraphs.push({ type: 'paragraph', content })
      return
    }
    node.content?.forEach(visit)
  }
  if (block) visit(block)
  if (paragraphs.length === 0) paragraphs.push({ type: 'paragraph' })
  if (label) {
    const first = paragraphs[0]!
    first.content = [{ type: 'text', text: `${label} `, marks: [{ type: 'bold' }] }, ...(first.content ?? [])]
  }
  return paragraphs
}

const fragmentJSON = (doc: Y.Doc, field: string): JSONContent =>
  doc.share.has(field) ? renderableJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(field)) as JSONContent) : { type: 'doc', content: [] }

/** The bilingual text as one document: a header row naming the languages, then one row per source block. */
export function bilingualJSON(body: Y.Doc, languages: { source: TextLanguage; target: TextLanguage }): JSONContent {
  const source = fragmentJSON(body, BODY_FIELD)
  const target = fragmentJSON(body, TRANSLATION_FIELD)
  const labels = numberJSON(source)
  const counterparts = new Map<string, JSONContent>()
  for (const block of target.content ?? []) {
    const id = block.attrs?.id
    if (typeof id === 'string' && !counterparts.has(id)) counterparts.set(id, block)
  }
  const header: JSONContent = {
    type: 'tableRow',
    content: [languages.source, languages.target].map((language) => ({
      type: 'tableHeader',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: LANGUAGE_NAMES[language] }] }],
    })),
  }
  const rows: JSONContent[] = [header]
  for (const block of source.content ?? []) {
    const id = typeof block.attrs?.id === 'string' ? block.attrs.id : null
    const label = id ? (labels.get(id) ?? null) : null
    rows.push({
      type: 'tableRow',
      content: [
        { type: 'tableCell', content: cellParagraphs(block, label) },
        { type: 'tableCell', content: cellParagraphs(id ? counterparts.get(id) : undefined, label) },
      ],
    })
  }
  return { type: 'doc', content: [{ type: 'table', content: rows }] }
}

/** A review document that says only the language of the text (EXPORT-120): FRBR language, labels, names. */
function reviewIn(language: TextLanguage): Y.Doc {
  const review = new Y.Doc()
  review.getMap(REVIEW_SETTINGS_KEY).set('language', language)
  return review
}

/**
 * The body and review documents an export of `text` reads: the source as it is; the translation
 * as a body of its own (comments are anchored in the source, so none come along); or the
 * bilingual table. Languages: the draft's (source) and its second one (target).
 */
export function exportDocsFor(text: ExportText, body: Y.Doc, review: Y.Doc, languages: { source: TextLanguage; target: TextLanguage }): { body: Y.Doc; review: Y.Doc } {
  if (text === 'source') return { body, review }
  if (text === 'translation') return { body: jsonToYDoc(fragmentJSON(body, TRANSLATION_FIELD)), review: reviewIn(languages.target) }
  return { body: jsonToYDoc(bilingualJSON(body, languages)), review: reviewIn(languages.source) }
}

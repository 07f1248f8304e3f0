/**
 * What both importers share: turning the blocks they read into a valid Consenso document with
 * block ids, and comment boundaries (zero-width markers placed among the text while reading)
 * into ranges of that document. A file that does not give a valid document is refused whole.
 */
import type { JSONContent } from '@tiptap/core'
import { FOOTNOTE, assertValidDocument, consensoSchema, withBlockIds } from '@consenso/schema'
import type { Author } from '@consenso/protocol'
import { ConvertError, parseAuthorLabel, type LostItem, type ImportedBracket, type ImportedComment, type ImportedDraft, type ImportedThread } from './model.ts'

export const MARKER = '__commentMarker'

export function commentMarker(threadKey: string, edge: 'start' | 'end'): JSONContent {
  return { type: MARKER, attrs: { threadKey, edge } }
}

export interface PendingThread {
  key: string
  status: ImportedThread['status']
  comments: ImportedComment[]
}

export function importedAuthor(label: string): Author {
  const { delegation, name } = parseAuthorLabel(label)
  return { id: `import:${delegation ? `${delegation}:` : ''}${name}`, name, delegation }
}

const sameMarks = (a: JSONContent, b: JSONContent) => JSON.stringify(a.marks ?? []) === JSON.stringify(b.marks ?? [])

/**
 * Marks as the schema allows them: one of each kind (the innermost wins; format suggestions one
 * per format), and no text that is both a suggested insertion and a deletion — someone struck
 * out a pending insertion, which in Consenso withdraws it (SUGG-5), so it is left out.
 */
function allowedMarks(marks: JSONContent['marks']): NonNullable<JSONContent['marks']> | null {
  const byKey = new Map<string, NonNullable<JSONContent['marks']>[number]>()
  for (const mark of marks ?? []) byKey.set(mark.type === 'formatChange' ? `formatChange:${String(mark.attrs?.mark)}` : mark.type, mark)
  if (byKey.has('insertion') && byKey.has('deletion')) return null
  return [...byKey.values()]
}

/**
 * Removes the markers (noting where they stood, in ProseMirror positions), joins neighbouring
 * text with the same marks, and drops empty text.
 */
function placeMarkers(doc: JSONContent): Map<string, { start?: number; end?: number }> {
  const found = new Map<string, { start?: number; end?: number }>()
  const visit = (node: JSONContent, contentStart: number): number => {
    let pos = contentStart
    const content: JSONContent[] = []
    for (const child of node.content ?? []) {
      if (child.type === MARKER) {
        const key = String(child.attrs?.threadKey)
        const entry = found.get(key) ?? {}
        if (child.attrs?.edge === 'start') entry.start ??= pos
        else entry.end = pos
        found.set(key, entry)
        continue
      }
      if (child.type === 'text') {
        if (!child.text) continue
        const marks = allowedMarks(child.marks)
        if (!marks) continue
        const text: JSONContent = { type: 'text', text: child.text, ...(marks.length ? { marks } : {}) }
        const last = content.at(-1)
        if (last?.type === 'text' && sameMarks(last, text)) last.text = (last.text ?? '') + text.text
        else content.push(text)
        pos += child.text.length
        continue
      }
      if (child.type === 'hardBreak' || child.type === FOOTNOTE) {
        content.push(child)
        pos += 1
        continue
      }
      const copy = { ...child }
      content.push(copy)
      pos = visit(copy, pos + 1) + 1
    }
    if (node.content) node.content = content
    return pos
  }
  visit(doc, 0)
  return found
}

export function finishDraft(
  blocks: JSONContent[],
  options: {
    title: string
    threads: PendingThread[]
    brackets: ImportedBracket[]
    /**
     * Comments on exactly the same words are one thread, the later ones replies: for Word files
     * that lost their reply links (LibreOffice drops commentsExtended.xml).
     */
    repliesBySameRange?: boolean
    lost?: LostItem[]
  },
): ImportedDraft {
  if (!blocks.length) throw new ConvertError('empty', 'The file holds no text.')
  const raw: JSONContent = { type: 'doc', content: blocks }
  const positions = placeMarkers(raw)
  let doc: JSONContent
  try {
    doc = withBlockIds(raw)
    assertValidDocument(doc)
  } catch (error) {
    throw new ConvertError('unsupported', `The file's structure cannot be represented as a draft (${(error as Error).message}).`)
  }
  const node = consensoSchema().nodeFromJSON(doc)
  const threads: ImportedThread[] = []
  const byRange = new Map<string, ImportedThread>()
  for (const pending of options.threads) {
    if (!pending.comments.length) continue
    const at = positions.get(pending.key)
    const range = at?.start !== undefined && at.end !== undefined && at.start < at.end ? { from: at.start, to: at.end } : null
    const quote = range ? node.textBetween(range.from, range.to, ' ', ' ').replace(/\s+/gu, ' ').trim() : ''
    const key = options.repliesBySameRange && range && quote ? `${range.from}:${range.to}` : null
    const same = key ? byRange.get(key) : undefined
    if (same) {
      for (const comment of pending.comments) same.comments.push(comment)
      continue
    }
    const thread: ImportedThread = { range: quote ? range : null, quote, status: pending.status, comments: pending.comments }
    threads.push(thread)
    if (key) byRange.set(key, thread)
  }
  const title = options.title.trim().replace(/\s+/gu, ' ').slice(0, 200) || 'Draft'
  return { title, doc, threads, brackets: options.brackets, lost: options.lost ?? [] }
}

/** "PP3. ", "OP 12) " at the start of a paragraph: the numbering negotiators type by hand. */
export const TYPED_NUMBER = /^\s*(PP|OP)\s?\d+(?:[.)]\s*|\s+)/u

/**
 * Strips a typed PP/OP number from the start of a paragraph's inline content; returns the kind
 * it named. The number may span runs ("PP1." then an italic " Recordando", or "PP" "1. "), so
 * the leading text of the first runs is read as one ([CONV-16]); markers between are skipped.
 */
export function stripTypedNumber(content: JSONContent[]): 'preamble' | 'operative' | null {
  const leading: JSONContent[] = []
  for (const piece of content) {
    if (piece.type === MARKER) continue
    if (piece.type !== 'text' || leading.length >= 6) break
    if (piece.text) leading.push(piece)
  }
  const match = TYPED_NUMBER.exec(leading.map((piece) => piece.text).join(''))
  if (!match) return null
  let remove = match[0].length
  for (const piece of leading) {
    const cut = Math.min(remove, piece.text!.length)
    piece.text = piece.text!.slice(cut)
    remove -= cut
    if (!remove) break
  }
  return match[1] === 'PP' ? 'preamble' : 'operative'
}

/** First heading's text, for the draft's title. */
export function firstHeadingText(blocks: JSONContent[]): string {
  const heading = blocks.find((b) => b.type === 'heading')
  return (heading?.content ?? []).map((c) => (c.type === 'text' ? (c.text ?? '') : ' ')).join('')
}

/**
 * The few places where the server changes a draft's body itself for consensus: putting a
 * bracket mark on words, and resolving a bracket (keep, delete, or replace by an
 * alternative). They work on the Yjs document directly, in the shape the editor's binding
 * (y-prosemirror) gives it: a mark is a formatting attribute named after the mark whose value
 * is the mark's attributes.
 */
import * as Y from 'yjs'
import { BODY_FIELD, BRACKET } from '@consenso/schema'

export interface TextRange {
  text: Y.XmlText
  index: number
  length: number
}

/** The paragraph (its block id) a piece of text sits in, or null outside numbered blocks. */
export function blockIdOf(text: Y.XmlText): string | null {
  const parent = text.parent
  if (parent instanceof Y.XmlElement) {
    const id = parent.getAttribute('id')
    return typeof id === 'string' ? id : null
  }
  return null
}

/**
 * The range two relative positions (JSON, as the client sends them) delimit, when both fall
 * in the same run of text of this body and the range is not empty; null otherwise.
 */
export function rangeFromAnchor(body: Y.Doc, anchor: { start: unknown; end: unknown }): TextRange | null {
  try {
    const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.start), body)
    const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.end), body)
    if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText) || start.type.doc !== body) return null
    // The end position sticks to the last bracketed character (assoc -1), so it is inclusive of it.
    const length = end.index - start.index
    if (length <= 0) return null
    return { text: start.type, index: start.index, length }
  } catch {
    return null
  }
}

type Delta = { insert: string | object; attributes?: Record<string, unknown> }

const deltaOf = (text: Y.XmlText): Delta[] => text.toDelta() as Delta[]
const lengthOf = (op: Delta): number => (typeof op.insert === 'string' ? op.insert.length : 1)

/** The plain text of a range. */
export function textOf(range: TextRange): string {
  let out = ''
  let at = 0
  for (const op of deltaOf(range.text)) {
    const length = lengthOf(op)
    if (typeof op.insert === 'string') {
      const from = Math.max(range.index, at)
      const to = Math.min(range.index + range.length, at + length)
      if (to > from) out += op.insert.slice(from - at, to - at)
    }
    at += length
  }
  return out
}

/** True when some character of the range already carries a bracket mark. */
export function rangeHasBracket(range: TextRange): boolean {
  let at = 0
  for (const op of deltaOf(range.text)) {
    const length = lengthOf(op)
    if (at < range.index + range.length && at + length > range.index && op.attributes?.[BRACKET]) return true
    at += length
  }
  return false
}

function* textsIn(node: Y.XmlFragment | Y.XmlElement): Generator<Y.XmlText> {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) yield child
    else if (child instanceof Y.XmlElement) yield* textsIn(child)
  }
}

export interface BracketSpan extends TextRange {
  /** Formatting of the first bracketed character, without the bracket itself. */
  attributes: Record<string, unknown>
}

/**
 * Where the words of bracket `bracketId` are now: from its first to its last marked
 * character (text typed inside the bracket belongs to it), or null when they are gone.
 */
export function findBracket(body: Y.Doc, bracketId: string): BracketSpan | null {
  for (const text of textsIn(body.getXmlFragment(BODY_FIELD))) {
    let at = 0
    let first = -1
    let last = -1
    let attributes: Record<string, unknown> = {}
    for (const op of deltaOf(text)) {
      const length = lengthOf(op)
      const mark = op.attributes?.[BRACKET] as { bracketId?: unknown } | undefined
      if (mark?.bracketId === bracketId) {
        if (first < 0) {
          first = at
          const { [BRACKET]: _bracket, ...rest } = op.attributes ?? {}
          attributes = rest
        }
        last = at + length
      }
      at += length
    }
    if (first >= 0) return { text, index: first, length: last - first, attributes }
  }
  return null
}

export function markBracket(range: TextRange, bracketId: string): void {
  range.text.format(range.index, range.length, { [BRACKET]: { bracketId } })
}

export function unmarkBracket(range: TextRange): void {
  range.text.format(range.index, range.length, { [BRACKET]: null })
}

export function replaceBracket(span: BracketSpan, replacement: string): void {
  span.text.delete(span.index, span.length)
  // Formatting must be given explicitly: a null attribute keeps neighbours' marks out.
  if (replacement) span.text.insert(span.index, replacement, { ...span.attributes, [BRACKET]: null })
}

/**
 * The text of the paragraphs with the given block ids, read straight from the Yjs body: the
 * same characters `numberedParagraphs` reads from JSON (text, and a line break per hard
 * break), without converting the whole document on every keystroke.
 */
export function paragraphTexts(body: Y.Doc, ids: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>()
  const visit = (node: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'paragraph') {
        const id = child.getAttribute('id')
        if (typeof id === 'string' && ids.has(id)) found.set(id, inlineText(child))
      } else {
        visit(child)
      }
    }
  }
  visit(body.getXmlFragment(BODY_FIELD))
  return found
}

function inlineText(paragraph: Y.XmlElement): string {
  let text = ''
  for (const child of paragraph.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of deltaOf(child)) if (typeof op.insert === 'string') text += op.insert
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') {
      text += '\n'
    }
  }
  return text
}

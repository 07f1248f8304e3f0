/**
 * Finding words in a draft's Yjs body and pointing at them as the editor would: Yjs relative
 * positions for comment anchors and brackets, direct edits for typing, a block's text.
 */
import * as Y from 'yjs'
import { BODY_FIELD } from '@consenso/schema'

/** The XmlText of the first paragraph whose text contains `word`, and where the word starts. */
export function locate(doc: Y.Doc, word: string): { text: Y.XmlText; index: number } {
  const visit = (node: Y.XmlElement | Y.XmlFragment): { text: Y.XmlText; index: number } | null => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        // Not toString(): it renders formatting (marks) as XML tags.
        const plain = (child.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('')
        const index = plain.indexOf(word)
        if (index >= 0) return { text: child, index }
      } else if (child instanceof Y.XmlElement) {
        const found = visit(child)
        if (found) return found
      }
    }
    return null
  }
  const found = visit(doc.getXmlFragment(BODY_FIELD))
  if (!found) throw new Error(`"${word}" is not in the document`)
  return found
}

/** Relative positions around `word`; the end sticks to its last character (assoc -1). */
export function anchorOn(doc: Y.Doc, word: string): { start: unknown; end: unknown } {
  const { text, index } = locate(doc, word)
  return {
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index)),
    // The end sticks to the character before it, so text typed right after the words stays outside.
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index + word.length, -1)),
  }
}

/** Inserts `insertion` right after `word`, as typing there would. */
export function typeAfter(doc: Y.Doc, word: string, insertion: string): void {
  const { text, index } = locate(doc, word)
  text.insert(index + word.length, insertion)
}

/** A block's text, the XmlText the editor binding writes into (made when the block has none yet). */
export function textIn(element: Y.XmlElement): Y.XmlText {
  const first = element.get(0)
  if (first instanceof Y.XmlText) return first
  const text = new Y.XmlText()
  element.insert(0, [text])
  return text
}

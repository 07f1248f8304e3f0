/**
 * Which paragraphs a client's change touched (AUTHOR-1), read off the Yjs transaction that
 * applied it, before its deleted content is collected: the structs it added (from the state
 * before to the state after) and the ones it deleted, each traced up to the nearest paragraph
 * or heading with a block id (or, for a list's own structure, the top-level block). Cheap: it
 * visits only what the change holds, plus the touched paragraphs' text.
 */
import * as Y from 'yjs'
import type { AuthorshipTouch } from '../storage/storage.ts'

const TEXTBLOCKS = new Set(['paragraph', 'heading'])

/** The block id of an element, even when its attribute was deleted in this very transaction. */
function blockId(element: Y.XmlElement): string | null {
  const live = element.getAttribute('id')
  if (typeof live === 'string') return live
  const item = element._map.get('id')
  const content = item?.content.getContent()
  const last = content?.[content.length - 1]
  return typeof last === 'string' ? last : null
}

/** The nearest paragraph or heading with an id around `type` (or `type` itself), else the top-level block. */
function owningBlock(type: Y.AbstractType<unknown> | null, fragment: Y.XmlFragment): Y.XmlElement | null {
  let top: Y.XmlElement | null = null
  for (let current = type; current && current !== fragment; current = (current._item?.parent as Y.AbstractType<unknown> | null) ?? null) {
    if (current instanceof Y.XmlElement) {
      if (TEXTBLOCKS.has(current.nodeName) && blockId(current) !== null) return current
      top = current
    }
  }
  return top && blockId(top) !== null ? top : null
}

/** The element a struct belongs to: the type it is in, or (for a struct holding a type) that type. */
function structOwner(item: Y.Item, fragment: Y.XmlFragment): Y.XmlElement | null {
  if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) {
    const inside = owningBlock(item.content.type as unknown as Y.AbstractType<unknown>, fragment)
    if (inside) return inside
  }
  return owningBlock(item.parent as Y.AbstractType<unknown>, fragment)
}

/** The plain text of a paragraph: its text nodes' strings, suggested and struck words included. */
export function paragraphText(element: Y.XmlElement): string {
  let text = ''
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      // The strings of its live items, as toDelta() would join them, without building the
      // delta's attribute objects: read at every client commit (PERF-8).
      for (let item = child._start; item; item = item.right) {
        if (!item.deleted && item.content instanceof Y.ContentString) text += item.content.str
      }
    } else if (child instanceof Y.XmlElement) {
      text += child.nodeName === 'hardBreak' ? '\n' : paragraphText(child)
    }
  }
  return text
}

export function touchedParagraphs(transaction: Y.Transaction, fragment: Y.XmlFragment): AuthorshipTouch[] {
  const touched = new Map<Y.XmlElement, string>()
  const note = (element: Y.XmlElement | null): void => {
    if (!element || touched.has(element)) return
    const id = blockId(element)
    if (id !== null) touched.set(element, id)
  }
  const store = transaction.doc.store
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = store.clients.get(client) ?? []
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!
      if (struct instanceof Y.Item) note(structOwner(struct, fragment))
    }
  }
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (struct instanceof Y.Item) note(structOwner(struct, fragment))
  })
  const touches: AuthorshipTouch[] = []
  for (const [element, paragraphId] of touched) {
    // Removed when its own item is deleted (a move re-inserts another element with the same id).
    const removed = element._item?.deleted ?? false
    touches.push({ paragraphId, text: removed ? null : paragraphText(element) })
  }
  // An id removed and inserted again (a move) reads as its new element's text.
  const byId = new Map<string, AuthorshipTouch>()
  for (const touch of touches) {
    const seen = byId.get(touch.paragraphId)
    if (!seen || seen.text === null) byId.set(touch.paragraphId, touch)
  }
  return [...byId.values()]
}

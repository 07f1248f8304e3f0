/**
 * Drafts stored before every update was checked (TRUST-6) may hold what the editor cannot
 * render; y-tiptap, meeting such a paragraph, deletes it for everyone. When a draft's Y.Doc is
 * built, what the schema cannot render is deleted as a server change (committed and broadcast
 * like any other), the rest kept, and what was dropped is logged.
 */
import * as Y from 'yjs'
import { BODY_FIELD, bodyShape, markNameOfFormatKey, markValueProblem, MAX_ELEMENT_DEPTH, nodeAttributeProblem } from '@consenso/schema'

/** Deletes from `doc`'s body what the schema cannot render; returns what it deleted, described. */
export function dropUnrenderable(doc: Y.Doc, origin: unknown): string[] {
  const shape = bodyShape()
  const dropped: string[] = []
  const fragment = doc.getXmlFragment(BODY_FIELD)
  doc.transact((transaction) => {
    const drop = (item: Y.Item | null, what: string): void => {
      if (!item || item.deleted) return
      dropped.push(what)
      item.delete(transaction)
    }
    // Iterative: a crafted draft may nest thousands deep.
    const stack: { type: Y.XmlFragment | Y.XmlElement; name: string; depth: number }[] = [{ type: fragment, name: 'doc', depth: 0 }]
    while (stack.length > 0) {
      const { type, name, depth } = stack.pop()!
      if (type instanceof Y.XmlElement) {
        for (const [key, value] of Object.entries(type.getAttributes() as Record<string, unknown>)) {
          const problem = nodeAttributeProblem(shape, name, key, value)
          if (problem) {
            dropped.push(problem)
            type.removeAttribute(key)
          }
        }
      }
      for (let item = type._start; item; item = item.right) {
        if (item.deleted) continue
        const content = item.content
        const child = content instanceof Y.ContentType ? content.type : null
        if (child instanceof Y.XmlElement) {
          if (!shape.children.get(name)?.has(child.nodeName)) drop(item, `${child.nodeName} inside ${name}`)
          else if (depth + 1 > MAX_ELEMENT_DEPTH) drop(item, `${child.nodeName} nested deeper than ${MAX_ELEMENT_DEPTH}`)
          else stack.push({ type: child, name: child.nodeName, depth: depth + 1 })
        } else if (child instanceof Y.XmlText) {
          if (!shape.textblocks.has(name)) drop(item, `text inside ${name}`)
          else cleanText(child, name)
        } else {
          drop(item, `${content.constructor.name} inside ${name}`)
        }
      }
    }
    function cleanText(text: Y.XmlText, block: string): void {
      const allowed = shape.marks.get(block)
      for (let item = text._start; item; item = item.right) {
        if (item.deleted) continue
        const content = item.content
        if (content instanceof Y.ContentString) continue
        if (content instanceof Y.ContentFormat) {
          const mark = markNameOfFormatKey(content.key)
          const problem = allowed?.has(mark) ? markValueProblem(shape, mark, content.value) : `mark ${mark} in ${block}`
          if (problem) drop(item, problem)
          continue
        }
        drop(item, `${content.constructor.name} inside the text of ${block}`)
      }
    }
  }, origin)
  return dropped
}

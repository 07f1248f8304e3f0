/**
 * Writing a whole body into a live Yjs document as a change (restoring a version), so that
 * what the version shares with the current text keeps its Yjs items — and the comments,
 * brackets and carets anchored there stay put.
 *
 * y-prosemirror's `updateYFragment` diffs by position: a paragraph inserted or removed in the
 * middle would make it rewrite every paragraph after it with its neighbour's text. So the top
 * level is first aligned by block id (the longest run of ids in the same order is kept; other
 * blocks are removed, and a placeholder carrying the id is put where each new or moved block
 * goes); `updateYFragment` then only fills the placeholders and rewrites, word by word, the
 * blocks whose content changed.
 */
import type { JSONContent } from '@tiptap/core'
import { updateYFragment } from '@tiptap/y-tiptap'
import { diffArrays } from 'diff'
import * as Y from 'yjs'
import { BODY_FIELD, consensoSchema } from './headless.ts'

const idOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

export function writeBody(doc: Y.Doc, json: JSONContent): void {
  const target = consensoSchema().nodeFromJSON(json)
  target.check()
  const fragment = doc.getXmlFragment(BODY_FIELD)
  doc.transact(() => {
    const current = fragment.toArray().map((node) => ({
      id: node instanceof Y.XmlElement ? idOf(node.getAttribute('id')) : null,
      name: node instanceof Y.XmlElement ? node.nodeName : null,
    }))
    const wanted: { id: string | null; name: string }[] = []
    target.forEach((node) => wanted.push({ id: idOf(node.attrs.id), name: node.type.name }))
    const same = (a: { id: string | null; name: string | null }, b: { id: string | null; name: string | null }): boolean =>
      a.id !== null && a.id === b.id && a.name === b.name
    const keep = new Set<number>()
    const placeholders: number[] = []
    let i = 0
    let j = 0
    for (const part of diffArrays(current, wanted, { comparator: same })) {
      if (part.removed) i += part.count
      else if (part.added) {
        for (let k = 0; k < part.count; k++) placeholders.push(j + k)
        j += part.count
      } else {
        for (let k = 0; k < part.count; k++) keep.add(i + k)
        i += part.count
        j += part.count
      }
    }
    for (let index = current.length - 1; index >= 0; index--) if (!keep.has(index)) fragment.delete(index, 1)
    // Ascending: each placeholder lands at its final index, as those before it are in place.
    for (const index of placeholders) {
      const placeholder = new Y.XmlElement(wanted[index]!.name)
      const id = wanted[index]!.id
      if (id !== null) placeholder.setAttribute('id', id)
      fragment.insert(index, [placeholder])
    }
    updateYFragment(doc, fragment, target, { mapping: new Map(), isOMark: new Map() })
  })
}

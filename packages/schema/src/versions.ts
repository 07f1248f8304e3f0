/**
 * Writing a whole body into a live Yjs document as a change (restoring a version): only the
 * blocks, attributes and text that differ are rewritten, with y-prosemirror's own diffing, so
 * what the version shares with the current text keeps its Yjs items — and the comments,
 * brackets and carets anchored there stay put.
 */
import type { JSONContent } from '@tiptap/core'
import { updateYFragment } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { BODY_FIELD, consensoSchema } from './headless.ts'

export function writeBody(doc: Y.Doc, json: JSONContent): void {
  const target = consensoSchema().nodeFromJSON(json)
  target.check()
  doc.transact(() => {
    updateYFragment(doc, doc.getXmlFragment(BODY_FIELD), target, { mapping: new Map(), isOMark: new Map() })
  })
}

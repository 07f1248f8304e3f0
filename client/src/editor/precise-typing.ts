/**
 * Writes plain typing into Yjs at the caret, before y-sync does it by diffing.
 *
 * y-sync (y-tiptap) learns what changed in a paragraph by comparing its old and new text,
 * without knowing where the caret was. When the typed character equals the one after the
 * caret ("…conferen|consolidar" + "c"), or a deleted one equals its neighbour, the comparison
 * picks the wrong character: the text reads the same, but the Yjs item that stood for the
 * existing letter now stands for the typed one. Everything anchored to Yjs items moves with
 * it: a comment's highlight gains the typed text, others' carets jump by one.
 *
 * ProseMirror's own step knows the exact place. For the common case — one step replacing a
 * range inside one paragraph with plain text, possibly marked as a suggestion (with other text
 * struck or formatted in the same transaction) — this plugin applies that step to the
 * paragraph's Y.XmlText itself, just before y-sync's turn, which then finds nothing left to
 * do. Anything else (structure, several steps, inline nodes, overlapping marks) is left to
 * y-sync as before.
 */
import { Extension } from '@tiptap/core'
import { Mark, type Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { AddMarkStep, RemoveMarkStep, ReplaceStep } from '@tiptap/pm/transform'
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'

interface SyncState {
  type: Y.XmlFragment
  binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2]; mux: (f: () => void) => void } | null
  snapshot: unknown
  prevSnapshot: unknown
}

/** What a Y.XmlText holds, as ProseMirror text (inline embeds count one, as their node size does). */
function yText(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '\ufffc')).join('')
}

/** y-sync's attributes for these marks; null when it would use hashed names (overlapping marks). */
function attributesOf(marks: readonly Mark[]): Record<string, unknown> | null {
  const attributes: Record<string, unknown> = {}
  for (const mark of marks) {
    if (!mark.type.excludes(mark.type)) return null
    attributes[mark.type.name] = mark.attrs
  }
  return attributes
}

interface Edit {
  from: number
  to: number
  text: string
  marks: readonly Mark[]
}

/**
 * The transaction as a plain-text edit inside one textblock of `doc`, or null. One
 * ReplaceStep, with mark steps before or after it: what suggesting mode makes of a keystroke
 * (the letter, then its `insertion` mark), or of typing over a selection (the selection struck,
 * then the letter after it).
 */
function plainEdit(tr: Transaction, doc: PMNode): Edit | null {
  // One ReplaceStep; mark steps (which move no position) before or after it.
  const replaces = tr.steps.filter((step) => step instanceof ReplaceStep)
  const step = replaces[0]
  if (replaces.length !== 1 || !(step instanceof ReplaceStep)) return null
  const rest = tr.steps.filter((other) => other !== step)
  const { from, to, slice } = step
  if (slice.openStart !== 0 || slice.openEnd !== 0) return null
  let text = ''
  let marks: readonly Mark[] | null = null
  let plain = true
  slice.content.forEach((node) => {
    // One run of text with one set of marks: what a keystroke, a deletion or a paste of plain words makes.
    if (!node.isText || (marks !== null && !Mark.sameSet(node.marks, marks))) plain = false
    text += node.text ?? ''
    marks ??= node.marks
  })
  if (!plain || (from === to && !text)) return null
  const end = from + text.length
  for (const other of rest) {
    // Marks elsewhere (suggesting mode striking the words a replacement types over) are left
    // to y-sync, which only formats where the text already reads the same.
    if (!(other instanceof AddMarkStep || other instanceof RemoveMarkStep) || from === end) return null
  }
  if (rest.length > 0) {
    // The marks the text ends up with, all alike, or this is not one run.
    marks = null
    tr.doc.nodesBetween(from, end, (node) => {
      if (!node.isText) return true
      if (marks !== null && !Mark.sameSet(node.marks, marks)) plain = false
      marks ??= node.marks
      return false
    })
    if (!plain) return null
  }
  const $from = doc.resolve(from)
  const $to = doc.resolve(to)
  if (!$from.parent.isTextblock || !$from.sameParent($to)) return null
  return { from, to, text, marks: marks ?? $from.marks() }
}

export const PreciseTyping = Extension.create({
  name: 'consensoPreciseTyping',
  // Above Collaboration (1000): this plugin's view update must run before y-sync's.
  priority: 1001,

  addProseMirrorPlugins() {
    /** Local transactions applied since the last view update, and the document before them. */
    let pending: { before: PMNode; transactions: Transaction[] } | null = null
    return [
      new Plugin({
        key: new PluginKey('consensoPreciseTyping'),
        appendTransaction: (transactions, oldState) => {
          if (!pending) pending = { before: oldState.doc, transactions: [] }
          pending.transactions.push(...transactions)
          return null
        },
        view: () => ({
          update: (view, previous) => {
            const batch = pending
            pending = null
            if (!batch || batch.before !== previous.doc) return
            const changes = batch.transactions.filter((tr) => tr.docChanged)
            const tr = changes[0]
            if (changes.length !== 1 || !tr || tr.doc !== view.state.doc || tr.getMeta(ySyncPluginKey) !== undefined) return
            const sync = ySyncPluginKey.getState(previous) as SyncState | undefined
            const ydoc = sync?.type.doc
            if (!sync?.binding || !ydoc || sync.snapshot != null || sync.prevSnapshot != null) return
            const edit = plainEdit(tr, previous.doc)
            if (!edit) return
            const attributes = edit.text ? attributesOf(edit.marks) : {}
            if (!attributes) return

            // Find the paragraph's Y.XmlText and check it holds exactly the paragraph's text,
            // so the index means the same character on both sides.
            const $from = previous.doc.resolve(edit.from)
            const made = absolutePositionToRelativePosition(edit.from, sync.type, sync.binding.mapping) as Y.RelativePosition
            const where = Y.createAbsolutePositionFromRelativePosition(made, ydoc)
            if (!where || !(where.type instanceof Y.XmlText)) return
            const ytext = where.type
            const paragraph = $from.parent.textBetween(0, $from.parent.content.size, undefined, '\ufffc')
            if (yText(ytext) !== paragraph || where.index !== edit.from - $from.start()) return

            const addToHistory = tr.getMeta('addToHistory') !== false
            sync.binding.mux(() => {
              ydoc.transact((ytr) => {
                ytr.meta.set('addToHistory', addToHistory)
                if (edit.to > edit.from) ytext.delete(where.index, edit.to - edit.from)
                if (edit.text) ytext.insert(where.index, edit.text, attributes)
              }, ySyncPluginKey)
            })
          },
        }),
      }),
    ]
  },
})

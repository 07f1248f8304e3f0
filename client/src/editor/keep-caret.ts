/**
 * Keeps the local caret right after the person's own last letter when someone else's change
 * arrives, so that two people typing at one spot never weave their letters together.
 *
 * y-sync (@tiptap/y-tiptap 3.0.9) rebuilds the whole ProseMirror document on each remote
 * change and puts the selection back from Yjs relative positions taken just before. Those are
 * exact: they name the letter before the caret (association -1), so the caret stays after the
 * person's own letter whatever was inserted around it. But since 3.0.x y-tiptap then second-
 * guesses them (`recoverSelectionEndpoint`, written for blocks moved by drag and drop): when
 * the caret's paragraph has different text than before — which is always the case when
 * someone else typed in it — it calls the position "misresolved" and puts the caret back at
 * the same numeric offset in the paragraph found by its attributes (our block ids always
 * find it). When the other person's letter landed before the caret, that offset is now one
 * letter too early: the next letter goes before the previous one. Two people typing "chile"
 * and "panama" at one spot then get "canama … elihp": one word reversed, letters traded.
 *
 * So, after y-sync's transaction, this plugin resolves the same relative positions again
 * and, where the letter they name still exists, puts the caret exactly there. Where it was
 * deleted (the paragraph was split or joined, a block moved), y-sync's recovery stays in
 * charge. Remove this when y-tiptap trusts live relative positions again (upstream state:
 * 3.0.9, `restoreRelativeSelection` → `recoverSelectionEndpoint` in sync-plugin.js).
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'

interface RelativeSelection {
  type: string
  anchor: Y.RelativePosition | null
  head: Y.RelativePosition | null
  /** Where the selection was in the document before the Yjs transaction. */
  absAnchor?: number
  absHead?: number
}

interface Binding {
  doc: Y.Doc
  type: Y.XmlFragment
  mapping: Parameters<typeof relativePositionToAbsolutePosition>[3]
  beforeTransactionSelection: RelativeSelection | null
}

interface SyncState {
  binding: Binding | null
  snapshot: unknown
  prevSnapshot: unknown
}

/** Whether the Yjs item `id` exists in `doc` and is not deleted. */
function alive(doc: Y.Doc, id: Y.ID): boolean {
  if (Y.getState(doc.store, id.client) <= id.clock) return false
  const struct = Y.getItem(doc.store, id)
  return struct instanceof Y.Item && !struct.deleted
}

/** The absolute position of `rel` when what it names is still in the document; else null. */
function exactPosition(binding: Binding, rel: Y.RelativePosition | null): number | null {
  if (!rel) return null
  // A position names the letter before it, or (at a text's start) the text itself.
  const named = rel.item ?? rel.type
  if (named && !alive(binding.doc, named)) return null
  return relativePositionToAbsolutePosition(binding.doc, binding.type, rel, binding.mapping)
}

/**
 * Where a caret goes when the letter it named was deleted because its paragraph was split or
 * joined: y-sync writes a split as "delete the text after the break, insert a new paragraph
 * with that text" (Yjs cannot move text), so a caret in the moved text follows the text into
 * the new paragraph, and one in a paragraph joined to the previous one follows it there.
 * Null when the change was something else.
 */
function followMovedText(oldDoc: PMNode, newDoc: PMNode, oldPos: number): number | null {
  const $old = oldDoc.resolve(oldPos)
  const block = $old.parent
  const id: unknown = block.attrs.id
  if (!block.isTextblock || typeof id !== 'string') return null
  const text = block.textContent
  const offset = $old.parentOffset
  const blocks: Array<{ node: PMNode; pos: number }> = []
  newDoc.descendants((node, pos) => {
    if (node.isTextblock) blocks.push({ node, pos })
    return !node.isTextblock
  })
  const index = blocks.findIndex(({ node }) => node.attrs.id === id)
  if (index >= 0) {
    // Split: the paragraph kept the text before the break, the next one holds the rest.
    const kept = blocks[index]!.node.textContent
    const next = blocks[index + 1]
    if (!next || kept.length >= offset || !text.startsWith(kept)) return null
    return next.node.textContent.startsWith(text.slice(kept.length)) ? next.pos + 1 + offset - kept.length : null
  }
  // Joined: the paragraph is gone and its text now ends the one that was before it.
  const $before = oldDoc.resolve($old.before())
  const previousId: unknown = $before.nodeBefore?.attrs.id
  const into = blocks.find(({ node }) => node.attrs.id === previousId)
  if (!into || typeof previousId !== 'string') return null
  const joined = into.node.textContent
  return joined.endsWith(text) ? into.pos + 1 + joined.length - text.length + offset : null
}

export const keepCaretKey = new PluginKey('consensoKeepCaret')

function fromRemote(transactions: readonly Transaction[]): boolean {
  return transactions.some((tr) => tr.docChanged && (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true)
}

export function keepCaret(transactions: readonly Transaction[], state: EditorState): Transaction | null {
  if (!fromRemote(transactions)) return null
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined
  const binding = sync?.binding
  // Only while y-sync is putting back a selection it took before a Yjs transaction.
  const before = binding?.beforeTransactionSelection
  if (!binding || !before || before.type !== 'text' || sync.snapshot != null || sync.prevSnapshot != null) return null
  const oldDoc = transactions[0]!.before
  const place = (rel: Y.RelativePosition | null, abs: number | undefined): number | null =>
    exactPosition(binding, rel) ?? (abs === undefined || abs > oldDoc.content.size ? null : followMovedText(oldDoc, state.doc, abs))
  const anchor = place(before.anchor, before.absAnchor)
  const head = place(before.head, before.absHead)
  if (anchor === null || head === null) return null
  const size = state.doc.content.size
  if (anchor < 0 || head < 0 || anchor > size || head > size) return null
  const { selection } = state
  if (selection.anchor === anchor && selection.head === head) return null
  const tr = state.tr.setSelection(TextSelection.between(state.doc.resolve(anchor), state.doc.resolve(head)))
  // Part of the remote change: not an edit of ours, not undoable, not to be suggested.
  return tr.setMeta('addToHistory', false).setMeta(ySyncPluginKey, { isChangeOrigin: true })
}

export const KeepCaret = Extension.create({
  name: 'consensoKeepCaret',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: keepCaretKey,
        appendTransaction: (transactions, _oldState, newState) => keepCaret(transactions, newState),
      }),
    ]
  },
})

/**
 * Undo never makes someone else's words agreed text (TRUST-4). Words written inside a pending
 * insertion take its mark without marks of their own: Yjs formats a text by boundary items, and
 * another editor typing inside PAN's proposed words (a fix of a typo, or any client writing
 * there) adds characters between PAN's boundaries. y-undo takes back what PAN's step wrote,
 * boundaries included, so undoing PAN's words turned the other editor's words into plain text:
 * an edit no one may make without accepting, which the server refuses from a proposer, and a
 * proposal quietly accepted from anyone else. Here y-undo leaves such a boundary in place: an
 * insertion boundary of this editor's own stays while it marks, or closes the mark over, a
 * live character of another client. Those words stay proposed, under the attribution they were
 * shown with, for anyone to accept or reject; the rest of the step is undone as before.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { yUndoPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { INSERTION, markNameOfFormatKey } from '@consenso/schema'
import { keepRestoredSelectionCurrent, keepUndoOriginsReachable } from './undo-upstream.ts'

/** Boundaries y-undo deleted in the transaction under way: still boundaries for the others' decision. */
let undoing: { transaction: Y.Transaction | null; deleted: WeakSet<Y.Item> } = { transaction: null, deleted: new WeakSet() }

const isInsertionBoundary = (item: Y.Item | null): item is Y.Item & { content: Y.ContentFormat } =>
  item !== null && item.content instanceof Y.ContentFormat && markNameOfFormatKey(item.content.key) === INSERTION

/** Whether a same-key boundary ends the run: a live one, or one this undo removes. */
const bounds = (item: Y.Item, key: string): boolean =>
  isInsertionBoundary(item) && item.content.key === key && (!item.deleted || undoing.deleted.has(item))

/** Whether a live character of a client other than `own` lies between `from` and the next boundary of `key`. */
function othersWordsAfter(from: Y.Item, key: string, own: number): boolean {
  for (let item = from.right; item && !bounds(item, key); item = item.right) {
    if (!item.deleted && item.countable && item.id.client !== own) return true
  }
  return false
}

/** Whether y-undo may delete `item` without changing the mark on another client's words. */
export function undoMayDelete(item: Y.Item): boolean {
  if (!isInsertionBoundary(item)) return true
  const transaction = item.parent instanceof Y.AbstractType ? (item.parent.doc?._transaction ?? null) : null
  if (undoing.transaction !== transaction) undoing = { transaction, deleted: new WeakSet() }
  const { key, value } = item.content
  const own = item.id.client
  // An opening of the mark over others' words.
  if (value !== null && othersWordsAfter(item, key, own)) return false
  // The closing of an own opening kept for others' words: without it the mark runs on.
  let before = item.left
  while (before && !bounds(before, key)) before = before.left
  if (isInsertionBoundary(before) && before.id.client === own && before.content.value !== null && othersWordsAfter(before, key, own)) return false
  undoing.deleted.add(item)
  return true
}

export const UndoKeepsProposals = Extension.create({
  name: 'undoKeepsProposals',

  addProseMirrorPlugins() {
    return [
      // At the view's creation, before any undo: the editor's own `create` comes a tick later.
      new Plugin({
        key: new PluginKey('undoKeepsProposals'),
        view: (view) => {
          const undoManager = yUndoPluginKey.getState(view.state)?.undoManager as Y.UndoManager | undefined
          // Before any undo too: restored words land where every copy puts them.
          keepUndoOriginsReachable()
          if (undoManager && !patched.has(undoManager)) {
            patched.add(undoManager)
            // y-tiptap's own filter (it keeps paragraphs others typed into) still decides first.
            const theirs = undoManager.deleteFilter
            undoManager.deleteFilter = (item) => theirs(item) && undoMayDelete(item)
          }
          // After y-tiptap's own handler, registered when its plugin's view was made.
          const stop = undoManager ? keepRestoredSelectionCurrent(view, undoManager) : () => {}
          return { destroy: stop }
        },
      }),
    ]
  },
})

/** Undo managers already filtered (a view created again keeps its manager). */
const patched = new WeakSet<Y.UndoManager>()

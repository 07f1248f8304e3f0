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
import { BREAK_CHANGE, INSERTION, markNameOfFormatKey, readBreakChange } from '@consenso/schema'
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

/** One undo step (yjs does not export its type). */
type StackItem = Y.UndoManager['undoStack'][number]

/** Whether a live character of a client other than `own` stands in `block`. */
function holdsOthersWords(block: Y.XmlElement, own: number): boolean {
  for (const node of block.createTreeWalker((child) => child instanceof Y.XmlText)) {
    for (let item = (node as Y.XmlText)._start; item; item = item.right) {
      if (!item.deleted && item.countable && item.id.client !== own) return true
    }
  }
  return false
}

/**
 * A block the undone step wrote (the second half of one's own Enter) that another editor has
 * typed into since stays, with their words, its kind, level and id: only one's own paragraph
 * break on it is taken back, and one's own words in it go. y-undo cannot move their words back
 * into the first half, and removing the block would delete them, which the server refuses
 * (TRUST-4); y-tiptap spares only paragraphs, and drops their attributes, so a heading lost its
 * level and the editor wrote one back later, refused as a level change.
 */
function keptForOthers(item: Y.Item, step: StackItem | null): boolean {
  const content = item.content
  if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) return ownNewHalf(content.type, item.id.client) && holdsOthersWords(content.type, item.id.client)
  if (item.parentSub === null || item.parentSub === BREAK_CHANGE || !(item.parent instanceof Y.XmlElement)) return false
  const block = item.parent._item
  return block !== null && step !== null && !block.deleted && Y.isDeleted(step.insertions, block.id) && ownNewHalf(item.parent, item.id.client) && holdsOthersWords(item.parent, item.id.client)
}

/** Break suggestions an undo took back: their block may be judged after them. */
const undoneBreaks = new WeakSet<Y.Item>()

/**
 * Whether `block` carries a paragraph break this client wrote: the second half of its own Enter,
 * not a block written again in another's place (a suggested heading), whose undo brings back
 * the block it replaced under the same id.
 */
function ownNewHalf(block: Y.XmlElement, own: number): boolean {
  const split = block._map.get(BREAK_CHANGE)
  // Taken back by this very undo, as attributes go before their block.
  if (split === undefined || (split.deleted && !undoneBreaks.has(split)) || split.id.client !== own || !(split.content instanceof Y.ContentAny)) return false
  // readBreakChange reads a node's attributes: the element's one attribute, as the node would hold it.
  return readBreakChange({ attrs: { [BREAK_CHANGE]: split.content.arr[0] } } as unknown as Parameters<typeof readBreakChange>[0])?.op === 'split'
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
            // y-tiptap's own filter (it keeps paragraphs others typed into) still applies.
            const theirs = undoManager.deleteFilter
            // The step being undone or redone, read before y-undo takes it off its stack.
            let step: StackItem | null = null
            const { undo, redo } = undoManager
            undoManager.undo = () => ((step = undoManager.undoStack.at(-1) ?? null), undo.call(undoManager))
            undoManager.redo = () => ((step = undoManager.redoStack.at(-1) ?? null), redo.call(undoManager))
            undoManager.deleteFilter = (item) => {
              const deletes = !keptForOthers(item, step) && theirs(item) && undoMayDelete(item)
              if (deletes && item.parentSub === BREAK_CHANGE) undoneBreaks.add(item)
              return deletes
            }
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

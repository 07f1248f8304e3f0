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
 * Only words written since the step began count: a character that stood in the draft before
 * it is text the step itself marked (y-tiptap's diff may reuse a letter of the original as the
 * first letter of one's typed word, "d" of "Encomendamos" for "dicho"), and keeping the mark
 * on it would show a letter of the agreed text as one's own proposal (seed 3190).
 * Nor does undo delete their words: undoing one's own block suggestion moves the words others
 * wrote into the block since into the block it brings back (`movedOthersWords`).
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { yUndoPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { BREAK_CHANGE, INSERTION, markNameOfFormatKey, readBreakChange, type SuggestionAuthor } from '@consenso/schema'
import { keepRestoredSelectionCurrent, keepUndoOriginsReachable, splitAlongRedone } from './undo-upstream.ts'

/** Boundaries y-undo deleted in the transaction under way: still boundaries for the others' decision. */
let undoing: { transaction: Y.Transaction | null; deleted: WeakSet<Y.Item> } = { transaction: null, deleted: new WeakSet() }

const isInsertionBoundary = (item: Y.Item | null): item is Y.Item & { content: Y.ContentFormat } =>
  item !== null && item.content instanceof Y.ContentFormat && markNameOfFormatKey(item.content.key) === INSERTION

/** Whether a same-key boundary ends the run: a live one, or one this undo removes. */
const bounds = (item: Y.Item, key: string): boolean =>
  isInsertionBoundary(item) && item.content.key === key && (!item.deleted || undoing.deleted.has(item))

/** Per client, the clock the draft had reached when a step began (Y.encodeStateVector's map). */
type State = Map<number, number>

/**
 * Whether a live character another client wrote since `since` (every one, without it) lies
 * between `from` and the next boundary of `key`.
 */
function othersWordsAfter(from: Y.Item, key: string, own: number, since: State | null): boolean {
  for (let item = from.right; item && !bounds(item, key); item = item.right) {
    if (!item.deleted && item.countable && item.id.client !== own && item.id.clock >= (since?.get(item.id.client) ?? 0)) return true
  }
  return false
}

/** Whether y-undo may delete `item` without changing the mark on words another client wrote since the step began (`since`). */
export function undoMayDelete(item: Y.Item, since: State | null = null): boolean {
  if (!isInsertionBoundary(item)) return true
  const transaction = item.parent instanceof Y.AbstractType ? (item.parent.doc?._transaction ?? null) : null
  if (undoing.transaction !== transaction) undoing = { transaction, deleted: new WeakSet() }
  const { key, value } = item.content
  const own = item.id.client
  // An opening of the mark over others' words.
  if (value !== null && othersWordsAfter(item, key, own, since)) return false
  // The closing of an own opening kept for others' words: without it the mark runs on.
  let before = item.left
  while (before && !bounds(before, key)) before = before.left
  if (isInsertionBoundary(before) && before.id.client === own && before.content.value !== null && othersWordsAfter(before, key, own, since)) return false
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

/**
 * A block one's own step wrote again in another's place (a suggested heading or paragraph: the
 * binding deletes the element and writes a new one with the same id), written into since by
 * another editor: undoing the step brings the old block back and removes the new one, and their
 * words with it (a heading; y-tiptap spares a paragraph that still holds words, which left the
 * old block and the new one side by side, their words alone in the second). The server refuses
 * both (TRUST-4: words are deleted, or leave a block without a break). Here, when y-undo is
 * about to remove the new block's text and words it did not write remain there, the words the
 * new block reads (outside one's own proposed words) and the old block coming back lacks are
 * written into the old block at the same place and with the formatting they had; the new block
 * then goes whole, and the same words leave as arrive (seeds 3057, 3069, 3156, 3192, 3255).
 * What wrote those words does not matter (another editor, or an earlier undo of one's own
 * bringing theirs back). Returns whether it did so (the text may then go).
 */
function movedOthersWords(item: Y.Item, author: string | null): boolean {
  const content = item.content
  const block = item.parent
  if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.XmlText) || !(block instanceof Y.XmlElement) || !block.doc) return false
  const transaction = block.doc._transaction
  if (!transaction) return false
  // y-undo removes the step's own words first (children before their text): what is left stays.
  let left = false
  for (let piece = content.type._start; piece && !left; piece = piece.right) left = !piece.deleted && piece.countable
  if (!left) return false
  const twin = restoredTwin(block, transaction)
  if (!twin) return false
  const ownInsertion = (format: Map<string, unknown>): boolean => {
    for (const [key, value] of format) if (markNameOfFormatKey(key) === INSERTION && (value as { authorId?: unknown } | null)?.authorId === author) return true
    return false
  }
  // What the old block reads coming back, outside one's own proposed words: each letter and its index.
  const back: { char: string; index: number }[] = []
  let format = new Map<string, unknown>()
  let index = 0
  let target: Y.XmlText | undefined = twin.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText)
  for (let piece = target?._start ?? null; piece; piece = piece.right) {
    if (piece.deleted) continue
    const c = piece.content
    if (c instanceof Y.ContentFormat) format = formatted(format, c)
    else if (piece.countable) {
      const own = ownInsertion(format)
      for (let i = 0; i < piece.length; i++) if (!own) back.push({ char: c instanceof Y.ContentString ? c.str[i]! : '\uFFFC', index: index + i })
      index += piece.length
    }
  }
  // The new block as it read before this undo (what the undo deletes still counts, one's own
  // proposed words apart), walked beside the old one: a letter it lacks is written after the
  // last letter matched. The old block's letters stand in the new one in order (Suggesting mode
  // strikes, never removes, others' words): otherwise nothing is moved.
  const moves: { at: number; text: string; attributes: Record<string, unknown> }[] = []
  format = new Map()
  let matched = 0
  for (let piece = content.type._start; piece; piece = piece.right) {
    const live = !piece.deleted
    if (!live && !deletedNow(transaction, piece.id)) continue
    const c = piece.content
    if (c instanceof Y.ContentFormat) format = formatted(format, c)
    else if (piece.countable) {
      if (!(c instanceof Y.ContentString)) return false // an inline node: not a word to write again
      if (!live && ownInsertion(format)) continue
      for (const char of c.str) {
        if (matched < back.length && back[matched]!.char === char && (!live || !ownInsertion(format))) {
          matched++
          continue
        }
        const at = matched > 0 ? back[matched - 1]!.index + 1 : 0
        const last = moves.at(-1)
        const attributes = Object.fromEntries(format)
        if (last && last.at === at && sameAttributes(last.attributes, attributes)) last.text += char
        else moves.push({ at, text: char, attributes })
      }
    }
  }
  if (matched < back.length) return false
  if (!target) twin.insert(twin.length, [(target = new Y.XmlText())])
  let shift = 0
  for (const move of moves) {
    target.insert(move.at + shift, move.text, move.attributes)
    shift += move.text.length
  }
  return true
}

/** Format attributes alike (mark values are flat objects of plain values, compared as JSON). */
const sameAttributes = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The formatting in force after a boundary (a new map: the one before stays as it was). */
function formatted(format: Map<string, unknown>, boundary: Y.ContentFormat): Map<string, unknown> {
  const next = new Map(format)
  if (boundary.value === null) next.delete(boundary.key)
  else next.set(boundary.key, boundary.value)
  return next
}

/** Whether `transaction` deleted `id`: its delete set is sorted only once it ends (Y.isDeleted searches it). */
function deletedNow(transaction: Y.Transaction, id: Y.ID): boolean {
  return transaction.deleteSet.clients.get(id.client)?.some((range) => id.clock >= range.clock && id.clock < range.clock + range.len) ?? false
}

/** The block this transaction wrote under `block`'s parent with `block`'s id: the one an undo brings back in its place. */
function restoredTwin(block: Y.XmlElement, transaction: Y.Transaction): Y.XmlElement | null {
  const own = block._item
  // Its id attribute may already be undone (attributes go before their block): still readable.
  const idItem = block._map.get('id')
  const id = idItem?.content instanceof Y.ContentAny ? idItem.content.arr[0] : undefined
  if (!own || typeof id !== 'string') return null
  const client = transaction.doc.clientID
  const from = transaction.beforeState.get(client) ?? 0
  for (let item = (own.parent as Y.XmlElement | Y.XmlFragment)._start; item; item = item.right) {
    if (item === own || item.deleted || item.id.client !== client || item.id.clock < from) continue
    if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement && item.content.type.getAttribute('id') === id) return item.content.type
  }
  return null
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

export const UndoKeepsProposals = Extension.create<{ author: () => SuggestionAuthor | null }>({
  name: 'undoKeepsProposals',

  addOptions() {
    return { author: () => null }
  },

  addProseMirrorPlugins() {
    const { author } = this.options
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
            undoManager.undo = () => ((step = undoManager.undoStack.at(-1) ?? null), splitAlongRedone(undoManager.doc, step ?? undefined), undo.call(undoManager))
            undoManager.redo = () => ((step = undoManager.redoStack.at(-1) ?? null), splitAlongRedone(undoManager.doc, step ?? undefined), redo.call(undoManager))
            // The draft's state as each step began: its first change is already in, others' words after it are not.
            undoManager.on('stack-item-added', ({ stackItem }) => void began.set(stackItem, Y.decodeStateVector(Y.encodeStateVector(undoManager.doc))))
            undoManager.deleteFilter = (item) => {
              if (movedOthersWords(item, author()?.id ?? null)) return true
              const since = step ? (began.get(step) ?? null) : null
              const deletes = !keptForOthers(item, step) && theirs(item) && undoMayDelete(item, since)
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

/** When each undo step began (see `undoMayDelete`). */
const began = new WeakMap<StackItem, State>()

/** Undo managers already filtered (a view created again keeps its manager). */
const patched = new WeakSet<Y.UndoManager>()

/**
 * Find and replace in the draft: the matches of a query, drawn as decorations.
 *
 * The matches are found per textblock, in the text as the page shows it minus struck text
 * (a suggested deletion is not the text anyone is proposing, and replacing inside it would
 * suggest changing words already suggested away); struck text, inline nodes and block
 * boundaries never form part of a match.
 *
 * A keystroke must not cost a search of the whole draft: while a query is open, each change
 * searches again only the textblocks it touched (redecorate.ts) and carries the
 * other highlights over; with no query the plugin does nothing at all.
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { isSuggesting } from '@consenso/schema'
import { yUndoPluginKey } from '@tiptap/y-tiptap'
import { blockText, GAP, redecorateChange } from '../redecorate.ts'

export interface FindQuery {
  text: string
  matchCase: boolean
  wholeWord: boolean
}

export interface FindMatch {
  from: number
  to: number
}

interface FindState {
  query: FindQuery | null
  decorations: DecorationSet
}

/** More would only slow the page; the count then reads "10000+". */
export const MAX_MATCHES = 10_000

export const findKey = new PluginKey<FindState>('consensoFind')
const currentKey = new PluginKey('consensoFindCurrent')

const WORD = /[\p{L}\p{N}\p{M}_]/u

/** Case folding that keeps every index: a character whose lower case is longer stays as it is. */
function fold(text: string, matchCase: boolean): string {
  if (matchCase) return text
  let out = ''
  for (const char of text) {
    const lower = char.toLowerCase()
    out += lower.length === char.length ? lower : char
  }
  return out
}

function isWordAt(text: string, index: number): boolean {
  const char = text[index]
  return char !== undefined && char !== GAP && WORD.test(char)
}

/** The matches in one textblock whose content starts at `start`. */
function searchBlock(block: PMNode, start: number, query: FindQuery, out: FindMatch[]): void {
  const needle = fold(query.text, query.matchCase)
  if (!needle || needle.includes(GAP)) return
  const haystack = fold(blockText(block), query.matchCase)
  let index = haystack.indexOf(needle)
  while (index >= 0 && out.length < MAX_MATCHES) {
    const end = index + needle.length
    const whole = !query.wholeWord || (!isWordAt(haystack, index - 1) && !isWordAt(haystack, end))
    if (whole) out.push({ from: start + index, to: start + end })
    index = haystack.indexOf(needle, whole ? end : index + 1)
  }
}

/** Every match in `doc` between `from` and `to` (whole textblocks touching the range). */
export function findMatches(doc: PMNode, query: FindQuery, from = 0, to = doc.content.size): FindMatch[] {
  const out: FindMatch[] = []
  if (!query.text) return out
  doc.nodesBetween(from, to, (node, pos) => {
    if (out.length >= MAX_MATCHES) return false
    if (!node.isTextblock) return true
    searchBlock(node, pos + 1, query, out)
    return false
  })
  return out
}

const decoration = (match: FindMatch): Decoration => Decoration.inline(match.from, match.to, { class: 'find-match' })

function decorateAll(doc: PMNode, query: FindQuery): DecorationSet {
  return DecorationSet.create(doc, findMatches(doc, query).map(decoration))
}

function apply(tr: Transaction, previous: FindState, oldState: EditorState, newState: EditorState): FindState {
  const meta = tr.getMeta(findKey) as { query: FindQuery | null } | undefined
  if (meta) {
    const query = meta.query?.text ? meta.query : null
    return { query, decorations: query ? decorateAll(newState.doc, query) : DecorationSet.empty }
  }
  const query = previous.query
  if (!query || !tr.docChanged) return previous
  const decorations = redecorateChange(previous.decorations, oldState.doc, newState.doc, (doc, from, to) => findMatches(doc, query, from, to).map(decoration))
  return decorations ? { query, decorations } : previous
}

export function findState(state: EditorState): FindState | undefined {
  return findKey.getState(state)
}

/** The matches now highlighted, in document order. */
export function currentMatches(state: EditorState): FindMatch[] {
  const found = findKey.getState(state)
  if (!found?.query) return []
  return found.decorations
    .find()
    .map((d) => ({ from: d.from, to: d.to }))
    .sort((a, b) => a.from - b.from)
}

/** The index of the match the selection is exactly on, or -1. */
export function selectedMatch(state: EditorState, matches: readonly FindMatch[]): number {
  const { from, to } = state.selection
  return matches.findIndex((m) => m.from === from && m.to === to)
}

export function setFindQuery(view: EditorView, query: FindQuery | null): void {
  view.dispatch(view.state.tr.setMeta(findKey, { query }).setMeta('addToHistory', false))
}

function reveal(view: EditorView, pos: number): void {
  const { node } = view.domAtPos(pos)
  const element = node instanceof HTMLElement ? node : node.parentElement
  element?.scrollIntoView?.({ block: 'center', inline: 'nearest' })
}

/** Selects the next (or previous) match after the selection, wrapping around; its index or -1. */
export function goToMatch(view: EditorView, direction: 1 | -1): number {
  const matches = currentMatches(view.state)
  if (matches.length === 0) return -1
  const { from, to } = view.state.selection
  let index: number
  if (direction === 1) {
    index = matches.findIndex((m) => m.from >= to && !(m.from === from && m.to === to))
    if (index < 0) index = 0
  } else {
    index = -1
    for (let i = matches.length - 1; i >= 0; i--) {
      if (matches[i]!.to <= from && !(matches[i]!.from === from && matches[i]!.to === to)) {
        index = i
        break
      }
    }
    if (index < 0) index = matches.length - 1
  }
  const match = matches[index]!
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, match.from, match.to)))
  reveal(view, match.from)
  return index
}

/**
 * Replaces the selected match, then selects the next one. When the selection is not on a
 * match, only selects the next (a first press shows what will be replaced). While
 * suggesting, the replacement goes through suggesting mode like typed text: the words stay,
 * struck, with the new ones after them, by this person.
 */
export function replaceMatch(view: EditorView, replacement: string): boolean {
  const matches = currentMatches(view.state)
  const index = selectedMatch(view.state, matches)
  if (index < 0) {
    goToMatch(view, 1)
    return false
  }
  const match = matches[index]!
  asOwnUndoStep(view, () => view.dispatch(view.state.tr.insertText(replacement, match.from, match.to)))
  // The caret is now after what was written (and, suggesting, after the struck words).
  const after = view.state.selection.to
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, after)))
  goToMatch(view, 1)
  return true
}

/**
 * Replaces every match; returns how many. Editing, one change (one undo). Suggesting, one
 * suggestion per place, so each can be accepted or rejected on its own; from the last to the
 * first, so earlier places keep their positions.
 */
export function replaceAll(view: EditorView, replacement: string): number {
  const matches = currentMatches(view.state)
  if (matches.length === 0) return 0
  asOwnUndoStep(view, () => {
    if (isSuggesting(view.state)) {
      for (let i = matches.length - 1; i >= 0; i--) {
        const match = matches[i]!
        view.dispatch(view.state.tr.insertText(replacement, match.from, match.to))
      }
    } else {
      const tr = view.state.tr
      for (let i = matches.length - 1; i >= 0; i--) tr.insertText(replacement, matches[i]!.from, matches[i]!.to)
      view.dispatch(tr)
    }
  })
  return matches.length
}

/**
 * A replacement is an undo step of its own, as in word processors: Yjs' undo manager merges
 * changes less than half a second apart, so a replacement right after typing (or a "Replace
 * all" right after a "Replace") was taken back together with them by one Ctrl+Z.
 */
function asOwnUndoStep(view: EditorView, change: () => void): void {
  const undoManager = yUndoPluginKey.getState(view.state)?.undoManager as { stopCapturing(): void } | undefined
  undoManager?.stopCapturing()
  change()
  undoManager?.stopCapturing()
}

/** The plugins, without Tiptap (the unit tests build a bare editor state with them). */
export function findPlugins(): Plugin[] {
  return [
    new Plugin<FindState>({
      key: findKey,
      state: {
        init: () => ({ query: null, decorations: DecorationSet.empty }),
        apply,
      },
      props: {
        decorations: (state) => findKey.getState(state)?.decorations,
      },
    }),
    // The match the selection is on, drawn stronger: looked up in the set, not searched for.
    new Plugin({
      key: currentKey,
      props: {
        decorations: (state) => {
          const found = findKey.getState(state)
          const { from, to, empty } = state.selection
          if (!found?.query || empty) return null
          const on = found.decorations.find(from, to).some((d) => d.from === from && d.to === to)
          return on ? DecorationSet.create(state.doc, [Decoration.inline(from, to, { class: 'find-match--current' })]) : null
        },
      },
    }),
  ]
}

export const FindReplace = Extension.create({
  name: 'consensoFind',

  addProseMirrorPlugins() {
    return findPlugins()
  },
})

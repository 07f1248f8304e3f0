/**
 * The suggestion plugin holds whether this editor is suggesting, and tells which transactions
 * the suggestion transform may touch: only local edits of the user, never what arrives from
 * collaboration, undo/redo, accept/reject, or programmatic non-history changes.
 */
import { Plugin, PluginKey, TextSelection, type Command, type EditorState, type Transaction } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { crossesTable, nextTextblock, previousTextblock } from './blocks.ts'

export interface SuggestionPluginState {
  suggesting: boolean
}

/** Meta on transactions: `{ setSuggesting }` toggles the mode; `{ resolved }` and `{ tracked }` mark our own output. */
export interface SuggestionMeta {
  setSuggesting?: boolean
  /** An accept/reject edit: it applies as it is, even while suggesting. */
  resolved?: 'accept' | 'reject'
  /** Already the output of the transform. */
  tracked?: boolean
  /**
   * Asks suggesting mode to suggest removing the paragraph break before the textblock at this
   * position (see `suggestJoinBackward`); the transaction itself changes no content.
   */
  joinBefore?: number
  /**
   * A structural edit the editor makes as it is, even while suggesting: moving a block to
   * another place (client/src/editor/paragraph-move.ts), which cannot be a suggestion yet.
   */
  structural?: boolean
}

export const suggestionPluginKey = new PluginKey<SuggestionPluginState>('suggestions')

export function suggestionPlugin(options: { suggesting?: boolean } = {}): Plugin<SuggestionPluginState> {
  return new Plugin<SuggestionPluginState>({
    key: suggestionPluginKey,
    state: {
      init: () => ({ suggesting: options.suggesting ?? false }),
      apply: (tr, value) => {
        const meta = tr.getMeta(suggestionPluginKey) as SuggestionMeta | undefined
        return typeof meta?.setSuggesting === 'boolean' && meta.setSuggesting !== value.suggesting
          ? { suggesting: meta.setSuggesting }
          : value
      },
    },
  })
}

export function isSuggesting(state: EditorState): boolean {
  return suggestionPluginKey.getState(state)?.suggesting ?? false
}

/**
 * Whether `tr` is a local edit that suggesting mode should turn into a suggestion.
 * - y-sync meta (what Tiptap's `isChangeOrigin` checks) marks remote changes and y-undo's
 *   undo/redo, which replays the Yjs history: transforming it again would double it.
 * - `history$` is prosemirror-history's undo/redo, for editors without collaboration.
 * - `addToHistory: false` marks programmatic changes (loading content, re-rendering), not typing.
 */
export function isLocalUserEdit(tr: Transaction): boolean {
  if (!tr.docChanged) return false
  if (tr.getMeta(ySyncPluginKey)) return false
  if (tr.getMeta('history$')) return false
  if (tr.getMeta('addToHistory') === false) return false
  const meta = tr.getMeta(suggestionPluginKey) as SuggestionMeta | undefined
  return !meta?.resolved && !meta?.tracked && !meta?.structural
}

/**
 * Backspace at the start of a textblock while suggesting: suggest joining it to the textblock
 * before. ProseMirror's own joinBackward moves blocks into or out of lists and quotes there
 * (structural steps that cannot be suggested), so suggesting mode asks for the join directly.
 */
export const suggestJoinBackward: Command = (state, dispatch) => joinRequest(state, -1, dispatch)
/** Delete at the end of a textblock while suggesting: suggest joining the next one to it. */
export const suggestJoinForward: Command = (state, dispatch) => joinRequest(state, 1, dispatch)

function joinRequest(state: EditorState, dir: -1 | 1, dispatch?: (tr: Transaction) => void): boolean {
  const { $head, empty } = state.selection
  if (!isSuggesting(state) || !empty || !$head.parent.isTextblock) return false
  const atEdge = dir < 0 ? $head.parentOffset === 0 : $head.parentOffset === $head.parent.content.size
  if (!atEdge) return false
  const target = dir < 0 ? { pos: $head.before(), other: previousTextblock(state.doc, $head.before()) } : null
  const next = dir > 0 ? nextTextblock(state.doc, $head.after()) : null
  const blockPos = target ? target.pos : next?.pos
  const caret = target ? target.other?.end : next?.start
  if (blockPos === undefined || caret === undefined || (target && !target.other)) return false
  // At a table cell's edge there is nothing to join: the key does nothing (SCHEMA-133).
  if (crossesTable(state.doc, Math.min(caret, $head.pos), Math.max(caret, $head.pos))) return true
  if (dispatch) {
    const tr = state.tr.setSelection(TextSelection.create(state.doc, caret))
    dispatch(tr.setMeta(suggestionPluginKey, { joinBefore: blockPos } satisfies SuggestionMeta).scrollIntoView())
  }
  return true
}

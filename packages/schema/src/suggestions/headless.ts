/**
 * Suggestions without a browser: an editor state over the Consenso schema, the transactions the
 * editor builds for the keys people press, and a bridge to a Yjs document. Server jobs (accept
 * all from a delegation, the clean view of an export) and the tests use these, with the same
 * ProseMirror copy as the schema, so they need no ProseMirror dependency of their own.
 */
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { chainCommands, deleteSelection, joinBackward, joinForward, selectNodeBackward, selectNodeForward, splitBlock } from '@tiptap/pm/commands'
import { EditorState, TextSelection, type Command, type Transaction } from '@tiptap/pm/state'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { BODY_FIELD, consensoSchema } from '../headless.ts'
import { isSuggesting, suggestJoinBackward, suggestJoinForward, suggestionPlugin, suggestionPluginKey, type SuggestionMeta } from './plugin.ts'
import { suggestTransaction, type SuggestTransformOptions } from './transform.ts'

export function toNode(doc: JSONContent | PMNode): PMNode {
  return 'nodeSize' in doc ? (doc as PMNode) : consensoSchema().nodeFromJSON(doc)
}

/** An editor state over the Consenso schema with the suggestion plugin; no DOM needed. */
export function createSuggestionState(
  doc: JSONContent | PMNode,
  options: { suggesting?: boolean; anchor?: number; head?: number } = {},
): EditorState {
  const node = toNode(doc)
  const selection = options.anchor === undefined ? undefined : TextSelection.create(node, options.anchor, options.head ?? options.anchor)
  return EditorState.create({ doc: node, selection, plugins: [suggestionPlugin({ suggesting: options.suggesting ?? false })] })
}

/** `state` with the text selection (or caret) moved. */
export function selectText(state: EditorState, anchor: number, head: number = anchor): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, anchor, head)))
}

export function setSuggestingTransaction(state: EditorState, on: boolean): Transaction {
  return state.tr.setMeta(suggestionPluginKey, { setSuggesting: on } satisfies SuggestionMeta)
}

function run(state: EditorState, command: Command): Transaction | null {
  let result: Transaction | null = null
  command(state, (tr) => (result = tr))
  return result
}

/** Removing one character next to a caret inside text is done by the browser, not a command. */
const deleteChar =
  (dir: -1 | 1): Command =>
  (state, dispatch) => {
    const { $head, empty } = state.selection
    if (!empty || !$head.parent.inlineContent) return false
    const [from, to] = dir < 0 ? [$head.pos - 1, $head.pos] : [$head.pos, $head.pos + 1]
    if (from < $head.start() || to > $head.end()) return false
    dispatch?.(state.tr.delete(from, to))
    return true
  }

/**
 * The transaction each key or action produces in the editor (SuggestionMode's keys, then
 * ProseMirror's base keymap, which Tiptap's keyboard shortcuts follow), or null where the key
 * does nothing.
 */
export const headlessEdits = {
  type: (state: EditorState, text: string): Transaction => state.tr.insertText(text),
  backspace: (state: EditorState) => run(state, chainCommands(suggestJoinBackward, deleteSelection, deleteChar(-1), joinBackward, selectNodeBackward)),
  deleteForward: (state: EditorState) => run(state, chainCommands(suggestJoinForward, deleteSelection, deleteChar(1), joinForward, selectNodeForward)),
  enter: (state: EditorState) => run(state, chainCommands(splitBlock)),
  /** Pastes blocks as the clipboard delivers them: open at both ends, so text flows into the paragraph. */
  paste: (state: EditorState, blocks: JSONContent[]): Transaction => {
    const source = consensoSchema().nodeFromJSON({ type: 'doc', content: blocks })
    return state.tr.replaceSelection(source.slice(1, source.content.size - 1))
  },
}

/** Applies `tr` as the editor would: turned into a suggestion when the state is suggesting. */
export function applyEdit(
  state: EditorState,
  tr: Transaction | null,
  options: Omit<SuggestTransformOptions, 'suggesting'>,
): EditorState {
  if (!tr) return state
  const tracked = suggestTransaction(state, tr, { ...options, suggesting: isSuggesting(state) })
  return tracked ? state.apply(tracked) : state
}

/** The body of a Yjs document as a ProseMirror document of the Consenso schema. */
export function readYDoc(ydoc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(BODY_FIELD), consensoSchema())
}

/**
 * Writes `doc` into the Yjs body as the editor's sync does: a minimal diff, as one Yjs
 * transaction with `origin` (what Y.UndoManager tracks or ignores).
 */
export function writeYDoc(ydoc: Y.Doc, doc: PMNode, origin: unknown = null): void {
  updateYFragment({ transact: (f: () => void) => ydoc.transact(f, origin) }, ydoc.getXmlFragment(BODY_FIELD), doc, {
    mapping: new Map(),
    isOMark: new Map(),
  })
}

/** y-sync's key, whose meta marks a transaction as coming from Yjs (remote or undo); for headless callers and tests. */
export { ySyncPluginKey } from '@tiptap/y-tiptap'

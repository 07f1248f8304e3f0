/**
 * The suggestions (tracked changes) of the draft as the review interface sees them. They live
 * in the body itself (marks and block attributes, see @consenso/schema), so the list is read
 * from the editor's document, never stored apart: every screen derives the same list from
 * the same Yjs text.
 */
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import type { Node as PMNode } from '@tiptap/pm/model'
import { DELETION, FORMAT_CHANGE, INSERTION, listSuggestions, type SuggestionSummary } from '@consenso/schema'
import { plainTextChange } from '../editor/incremental.ts'
import type { DelegationCount } from './threads.ts'

const EMPTY: readonly SuggestionSummary[] = []

/** Everything shown of a suggestion except where it is: typing elsewhere moves positions only. */
function signature(list: readonly SuggestionSummary[]): string {
  return JSON.stringify(list.map((s) => [s.id, s.kind, s.text, s.insertedText, s.deletedText, s.authorName, s.delegation, s.at, s.formats, s.blockChanges.length]))
}

const SUGGESTION_MARKS: ReadonlySet<string> = new Set([INSERTION, DELETION, FORMAT_CHANGE])
/** The last list read per editor, and the document it was read from. */
const lastRead = new WeakMap<Editor, { doc: PMNode; list: readonly SuggestionSummary[] }>()

/**
 * The list, read again only when the document changed near a suggestion or in its structure:
 * the selector runs on every transaction, and reading the whole draft per keystroke is what
 * made typing slow in long drafts.
 */
function currentSuggestions(editor: Editor): readonly SuggestionSummary[] {
  const doc = editor.state.doc
  const last = lastRead.get(editor)
  if (last && (last.doc === doc || plainTextChange(last.doc, doc, SUGGESTION_MARKS))) {
    last.doc = doc
    return last.list
  }
  const list = listSuggestions(doc)
  lastRead.set(editor, { doc, list })
  return list
}

/** The draft's open suggestions, in the order of the text; re-rendered only when they change. */
export function useSuggestions(editor: Editor | null): readonly SuggestionSummary[] {
  const list = useEditorState({
    editor,
    selector: ({ editor: current }) => (current && !current.isDestroyed ? currentSuggestions(current) : EMPTY),
    equalityFn: (a, b) => a === b || (b !== null && signature(a) === signature(b)),
  })
  return list ?? EMPTY
}

/** Open suggestions per delegation that made them, most first, then by code. */
export function suggestionsByDelegation(list: readonly SuggestionSummary[]): DelegationCount[] {
  const counts = new Map<string, number>()
  for (const s of list) counts.set(s.delegation, (counts.get(s.delegation) ?? 0) + 1)
  return [...counts].map(([delegation, count]) => ({ delegation, count })).sort((a, b) => b.count - a.count || a.delegation.localeCompare(b.delegation))
}

/** Where a suggestion is now (positions from a list read earlier may be stale). */
export function findSuggestion(editor: Editor, id: string): SuggestionSummary | null {
  return listSuggestions(editor.state.doc).find((s) => s.id === id) ?? null
}

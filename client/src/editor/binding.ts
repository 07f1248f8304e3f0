/**
 * The editor's extension list without React: the schema, suggesting mode, the Yjs binding and
 * our plugins that sit on it. DraftEditor builds the browser editor from it, and the headless
 * typing tests (tests/unit/typing-*.test.ts) build theirs from the very same list, so what they
 * check is the code people type into.
 */
import type { Extensions } from '@tiptap/core'
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { Person } from '../people.ts'
import { BODY_FIELD, consensoExtensions, type SuggestionAttrs, type SuggestionAuthor } from '@consenso/schema'
import { ConsensusView, type ConsensusHandlers } from '../consensus/consensus-view.ts'
import { ReviewHighlights } from '../review/highlights.ts'
import { ReadOnlyCaret } from './read-only-caret.ts'
import { CaretAwareness, CaretRedraw } from './caret-awareness.ts'
import { renderCaret, renderSelection } from './carets.ts'
import { FindReplace } from './find/find-plugin.ts'
import { GlossaryTerms } from '../glossary/glossary-plugin.ts'
import { KeepCaret } from './keep-caret.ts'
import { ParagraphMove } from './paragraph-move.ts'
import { ParagraphNumbers } from './paragraph-numbers.ts'
import { PreciseTyping } from './precise-typing.ts'
import { UndoKeepsProposals } from './undo-keeps-proposals.ts'
import { SuggestionView, type SuggestionPiece } from './suggestion-view.ts'
import { AlignRows } from '../bilingual/align-rows.ts'

export interface EditorBindingOptions {
  ydoc: Y.Doc
  /**
   * The websocket provider: its awareness carries the carets, and block ids for content that
   * arrived without them are given once it has synced (UniqueID listens for `synced`).
   */
  provider: { awareness: Awareness }
  user: Person
  suggesting: boolean
  author: () => SuggestionAuthor | null
  /** Suggestion times, on the server's clock (see server-clock.ts). */
  now?: () => string
  color: (delegation: string) => string
  describe: { current: (attrs: SuggestionAttrs, piece: SuggestionPiece) => string }
  /** What a screen reader says at a suggestion's edges (A11Y-40); absent: nothing. */
  spoken?: { current: (attrs: SuggestionAttrs, piece: SuggestionPiece, edge: 'start' | 'end') => string }
  onClickThread: { current: (threadId: string) => void }
  onOpenParagraph: { current: ConsensusHandlers } | null
  /** Whether this person may move blocks now (MOVE-1), read at each move; off when absent. */
  canMove?: { current: boolean }
  /** The drag handle's tooltip, in the interface language. */
  moveHandleLabel?: { current: string }
}

/**
 * The provider as the caret extension sees it: its awareness behind CaretAwareness (our own
 * caret moves go out at most every 100 ms, TYPE-4, and redraw nothing, PERF-14), the rest
 * as is (UniqueID finds the provider through this extension and waits for its `synced`).
 */
function withCaretAwareness<P extends { awareness: Awareness }>(provider: P): P {
  const awareness = new CaretAwareness(provider.awareness) as unknown as Awareness
  return new Proxy(provider, { get: (target, key) => (key === 'awareness' ? awareness : Reflect.get(target, key, target)) })
}

export function editorExtensions(options: EditorBindingOptions): Extensions {
  return [
    ...consensoExtensions({
      filterIdTransaction: (tr) => !isChangeOrigin(tr),
      suggestions: { suggesting: options.suggesting, author: options.author, ...(options.now ? { now: options.now } : {}) },
    }),
    SuggestionView.configure({ color: options.color, describe: options.describe, spoken: options.spoken ?? { current: () => '' } }),
    Collaboration.configure({ document: options.ydoc, field: BODY_FIELD }),
    UndoKeepsProposals.configure({ author: options.author }),
    PreciseTyping,
    KeepCaret,
    CollaborationCaret.configure({
      provider: withCaretAwareness(options.provider),
      user: { ...options.user },
      render: renderCaret,
      selectionRender: renderSelection,
    }),
    CaretRedraw,
    ParagraphNumbers,
    ParagraphMove.configure({ enabled: options.canMove ?? { current: false }, handleLabel: options.moveHandleLabel ?? { current: '' } }),
    ReviewHighlights.configure({ onClickThread: options.onClickThread }),
    ConsensusView.configure({ onOpenParagraph: options.onOpenParagraph }),
    FindReplace,
    GlossaryTerms,
    ReadOnlyCaret,
    // Rows padded to line up with a second language beside it (UI-BILING-2); inert otherwise.
    AlignRows,
  ]
}

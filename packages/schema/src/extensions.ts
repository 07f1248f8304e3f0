/**
 * The one extension list that defines Consenso's document. The editor in the browser, the
 * converters on the server and the tests all build from `consensoExtensions()`; nothing else
 * defines a node or a mark.
 */
import type { Extensions } from '@tiptap/core'
import Paragraph from '@tiptap/extension-paragraph'
import UniqueID from '@tiptap/extension-unique-id'
import StarterKit from '@tiptap/starter-kit'
import type { Transaction } from '@tiptap/pm/state'
import { Deletion, FormatChange, Insertion, SuggestionBlockAttributes } from './suggestions/marks.ts'
import { SuggestionMode, type SuggestionModeOptions } from './suggestions/extension.ts'
import { Bracket } from './brackets.ts'
import { isSafeLinkHref } from './links.ts'
import { Footnote } from './footnotes.ts'
import { tableExtensions } from './tables.ts'

/** Block types that carry a stable `id` (what comments, consensus and exports refer to). */
export const BLOCK_TYPES_WITH_ID = [
  'heading',
  'paragraph',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'table',
] as const

/** The negotiators' paragraph kinds: preambular (PP) and operative (OP) paragraphs. */
export const PARAGRAPH_KINDS = ['preamble', 'operative'] as const
export type ParagraphKind = (typeof PARAGRAPH_KINDS)[number]

export function isParagraphKind(value: unknown): value is ParagraphKind {
  return typeof value === 'string' && (PARAGRAPH_KINDS as readonly string[]).includes(value)
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    paragraphKind: {
      /** Marks the selected paragraphs as preambular, operative, or plain (null). */
      setParagraphKind: (kind: ParagraphKind | null) => ReturnType
    }
  }
}

/** A paragraph that may be a numbered preambular or operative paragraph. */
export const ConsensoParagraph = Paragraph.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      kind: {
        default: null,
        parseHTML: (element: HTMLElement) => {
          const kind = element.getAttribute('data-kind')
          return isParagraphKind(kind) ? kind : null
        },
        renderHTML: (attributes: Record<string, unknown>) =>
          isParagraphKind(attributes.kind) ? { 'data-kind': attributes.kind } : {},
      },
    }
  },
  addCommands() {
    return {
      // Keep Paragraph's own commands (setParagraph) next to ours.
      ...this.parent?.(),
      setParagraphKind:
        (kind) =>
        ({ commands }) =>
          commands.updateAttributes('paragraph', { kind }),
    }
  },
})

export interface ConsensoExtensionOptions {
  /**
   * Lets the editor skip id generation for transactions that came from other clients
   * (Tiptap's `isChangeOrigin`), so two clients never race to re-id the same block.
   */
  filterIdTransaction?: (transaction: Transaction) => boolean
  /** Suggesting mode: who suggests, and whether the editor starts suggesting. */
  suggestions?: Partial<SuggestionModeOptions>
}

export function consensoExtensions(options: ConsensoExtensionOptions = {}): Extensions {
  return [
    StarterKit.configure({
      // Collaboration brings its own undo that only reverts the local user's changes.
      undoRedo: false,
      paragraph: false,
      codeBlock: false,
      code: false,
      horizontalRule: false,
      // Links come in from Word and Markdown files and from pasting; where they point is kept
      // and shown, but typing a web address does not turn into a link (no autolink) and a click
      // places the caret instead of leaving the draft.
      link: {
        openOnClick: false,
        autolink: false,
        linkOnPaste: false,
        enableClickSelection: false,
        protocols: [],
        isAllowedUri: (url) => isSafeLinkHref(url),
        HTMLAttributes: { target: null, rel: 'noopener noreferrer nofollow', class: null },
      },
      heading: { levels: [1, 2, 3] },
      // No empty paragraph appended after a last heading or table: it would be an edit nobody
      // made, written on every screen that renders such a draft, and from a proposer a direct
      // edit the server refuses (TRUST-4). Enter at the heading's end makes the paragraph.
      trailingNode: false,
    }),
    ConsensoParagraph,
    UniqueID.configure({
      types: [...BLOCK_TYPES_WITH_ID],
      filterTransaction: options.filterIdTransaction ?? null,
    }),
    Insertion,
    Deletion,
    FormatChange,
    SuggestionBlockAttributes,
    Bracket,
    Footnote,
    ...tableExtensions,
    SuggestionMode.configure(options.suggestions ?? {}),
  ]
}

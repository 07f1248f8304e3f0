/**
 * The review document of a draft (`/collab/:id/meta`): comment threads anchored to the
 * text. Only the server writes it, in answer to authorised HTTP calls; clients read it live.
 * Each thread is one JSON value in the map `threads`, replaced whole on every change: one
 * writer means no conflicts to merge, and a value is always a complete, valid thread.
 */
import { Type, type Static } from 'typebox'
import { LANGUAGES } from './api.ts'
import { TextAnchor } from './shapes.ts'

export const REVIEW_THREADS_KEY = 'threads'
/** Map of draft-wide review settings in the review document (see `ReviewSettings`). */
export const REVIEW_SETTINGS_KEY = 'settings'

export interface ReviewSettings {
  /** The owner requires every change to the text to be made as a suggestion. */
  requireSuggesting: boolean
  /** Agreed paragraphs change only through suggestions; the server refuses other edits to them. */
  lockAgreed: boolean
  /**
   * The language the text is written in (chosen at creation, changed by owners): the editor
   * declares it (`lang`) for spellcheck and screen readers. Null for drafts from before it was
   * kept, or imported: the interface's language is then assumed.
   */
  language: 'es' | 'en' | null
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = { requireSuggesting: false, lockAgreed: false, language: null }

/** `PUT /api/documents/:id/settings`: any of the settings an owner changes, at least one. */
export const ReviewSettingsChange = Type.Object(
  {
    requireSuggesting: Type.Optional(Type.Boolean()),
    lockAgreed: Type.Optional(Type.Boolean()),
    language: Type.Optional(Type.Unsafe<'es' | 'en'>({ type: 'string', enum: [...LANGUAGES] })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ReviewSettingsChange = Static<typeof ReviewSettingsChange>

export interface Author {
  id: string
  name: string
  delegation: string
}

/**
 * Where a thread points in the body: two Yjs relative positions (as produced by
 * `Y.relativePositionToJSON`), so the anchor follows the words through concurrent edits.
 * Make `end` with assoc -1 (it sticks to the last anchored character), so text typed just
 * after the words does not join the anchor.
 */
export interface Anchor {
  start: unknown
  end: unknown
}

/**
 * An anchor in a request: checked as two relative positions (TextAnchor), typed as the
 * `Anchor` the client builds from `Y.relativePositionToJSON` and the review document stores.
 */
export const AnchorRequest = Type.Unsafe<Anchor>(TextAnchor)

export interface ThreadComment {
  id: string
  author: Author
  /** Empty once deleted. */
  text: string
  createdAt: string
  editedAt: string | null
  deleted: boolean
}

export type ThreadStatus = 'open' | 'resolved'

export interface Thread {
  id: string
  anchor: Anchor | null
  /** The anchored text when the thread was opened, shown when that text is gone. */
  quote: string
  /** The suggestion this thread discusses ("why"), if any. */
  suggestionId: string | null
  status: ThreadStatus
  author: Author
  createdAt: string
  resolvedBy: Author | null
  resolvedAt: string | null
  /** Who is mentioned: `delegation:CODE` or `user:ID`. */
  mentions: string[]
  comments: ThreadComment[]
}

export const COMMENT_MAX_LENGTH = 10_000
export const QUOTE_MAX_LENGTH = 2_000

const CommentText = Type.String({ minLength: 1, maxLength: COMMENT_MAX_LENGTH })

export const CreateThreadRequest = Type.Object(
  {
    /** Null for a comment on the whole draft. */
    anchor: Type.Union([Type.Null(), AnchorRequest]),
    quote: Type.String({ maxLength: QUOTE_MAX_LENGTH }),
    text: CommentText,
    suggestionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
)
export type CreateThreadRequest = Static<typeof CreateThreadRequest>

export const CommentRequest = Type.Object({ text: CommentText }, { additionalProperties: false })
export type CommentRequest = Static<typeof CommentRequest>

export interface ThreadsResponse {
  threads: Thread[]
}

export interface MentionEntry {
  documentId: string
  documentTitle: string
  thread: Thread
}

export interface MentionsResponse {
  mentions: MentionEntry[]
}

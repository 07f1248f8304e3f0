/**
 * The vocabulary of suggestions (tracked changes), shared by the marks, the transform, the
 * accept/reject commands and the list. A suggestion is identified by its `id`; every piece of
 * it (inserted text, deleted text, a paragraph break, a format or block change) carries the
 * same attribution, so accepting, rejecting or listing works by scanning the document for the
 * id at call time and never by remembered positions.
 */
import type { Node as PMNode } from '@tiptap/pm/model'

/** Who makes a suggestion: a person acting for a delegation (the principal). */
export interface SuggestionAuthor {
  id: string
  name: string
  /** Delegation code, e.g. `CHL`, `PAN`, `ST-CSM`. */
  delegation: string
}

/** What every piece of a suggestion carries. */
export interface SuggestionAttrs {
  id: string
  authorId: string
  authorName: string
  delegation: string
  /** ISO 8601 time the suggestion was started. */
  at: string
}

export const INSERTION = 'insertion'
export const DELETION = 'deletion'
export const FORMAT_CHANGE = 'formatChange'
/** Node attribute of textblocks: a suggested paragraph break before this block (split or join). */
export const BREAK_CHANGE = 'breakChange'
/** Node attribute of textblocks: a suggested change of the block's type or attributes (e.g. its kind). */
export const BLOCK_CHANGE = 'blockChange'

/** Textblocks that carry `breakChange` and `blockChange`. */
export const SUGGESTION_BLOCK_TYPES = ['paragraph', 'heading'] as const

/**
 * `split`: the break before this block was inserted (Enter, or pasted paragraphs); rejecting it
 * joins this block to the previous textblock. `join`: the break before this block is suggested
 * for deletion (Backspace at the start, or a deletion across blocks); accepting it joins.
 */
export interface BreakChange extends SuggestionAttrs {
  op: 'split' | 'join'
}

/** The block's type and attributes are the suggested ones; `previous` is what rejecting restores. */
export interface BlockChange extends SuggestionAttrs {
  previous: { type: string; attrs: Record<string, unknown> }
}

/** One formatting mark added to or removed from plain text, kept so it can be undone on reject. */
export interface FormatChangeAttrs extends SuggestionAttrs {
  /** Name of the formatting mark, e.g. `bold`. */
  mark: string
  action: 'add' | 'remove'
}

export function suggestionAttrs(author: SuggestionAuthor, id: string, at: string): SuggestionAttrs {
  return { id, authorId: author.id, authorName: author.name, delegation: author.delegation, at }
}

const isString = (value: unknown): value is string => typeof value === 'string'

function isSuggestionAttrs(value: unknown): value is SuggestionAttrs {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return isString(v.id) && isString(v.authorId) && isString(v.authorName) && isString(v.delegation) && isString(v.at)
}

/*
 * Block attributes are stored as JSON strings, not objects: y-prosemirror compares node
 * attributes with `!==` before writing them to Yjs, so an object value would be rewritten on
 * every edit of its paragraph, and a stale copy from one client could resurrect a suggestion
 * that another client had just accepted.
 */
function parseJSONAttr(value: unknown): unknown {
  if (!isString(value)) return null
  try {
    return JSON.parse(value) as unknown
  } catch {
    return null
  }
}

export function readBreakChange(node: PMNode): BreakChange | null {
  const value = parseJSONAttr(node.attrs[BREAK_CHANGE])
  if (!isSuggestionAttrs(value)) return null
  const op = (value as unknown as Record<string, unknown>).op
  return op === 'split' || op === 'join' ? (value as BreakChange) : null
}

export function readBlockChange(node: PMNode): BlockChange | null {
  const value = parseJSONAttr(node.attrs[BLOCK_CHANGE])
  if (!isSuggestionAttrs(value)) return null
  const previous = (value as unknown as Record<string, unknown>).previous as Record<string, unknown> | undefined
  if (!previous || !isString(previous.type) || typeof previous.attrs !== 'object' || previous.attrs === null) return null
  return value as BlockChange
}

export function encodeBlockAttr(value: BreakChange | BlockChange | null): string | null {
  return value ? JSON.stringify(value) : null
}

/** Reads a block attribute value coming from HTML or JSON, keeping it only if it is well formed. */
export function normaliseBlockAttr(kind: typeof BREAK_CHANGE | typeof BLOCK_CHANGE, value: unknown): string | null {
  const parsed = parseJSONAttr(value)
  if (!isSuggestionAttrs(parsed)) return null
  if (kind === BREAK_CHANGE) {
    const op = (parsed as unknown as Record<string, unknown>).op
    return op === 'split' || op === 'join' ? JSON.stringify(parsed) : null
  }
  const previous = (parsed as unknown as Record<string, unknown>).previous as Record<string, unknown> | undefined
  return previous && isString(previous.type) ? JSON.stringify(parsed) : null
}

/** The attribution of a suggestion mark, or null if the mark is not one. */
export function markSuggestion(mark: { type: { name: string }; attrs: Record<string, unknown> }): SuggestionAttrs | null {
  if (mark.type.name !== INSERTION && mark.type.name !== DELETION && mark.type.name !== FORMAT_CHANGE) return null
  return isSuggestionAttrs(mark.attrs) ? (mark.attrs as unknown as SuggestionAttrs) : null
}

/** Random suggestion id; `crypto.randomUUID` is missing on plain-http origins, `getRandomValues` is not. */
export function defaultSuggestionId(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return 's-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** What the review interface derives from the threads: counts, filters, order, mentions. */
import type { Author, Thread } from '@consenso/protocol'

export type StatusFilter = 'open' | 'resolved' | 'all'

export interface ThreadFilters {
  status: StatusFilter
  /** A delegation code, or '' for all. */
  delegation: string
  /** An author's id, or '' for all. */
  author: string
}

export const NO_FILTERS: ThreadFilters = { status: 'open', delegation: '', author: '' }

/** Who took part in a thread: its author and everyone who replied. */
export function participants(thread: Thread): Author[] {
  const seen = new Map<string, Author>()
  for (const author of [thread.author, ...thread.comments.map((c) => c.author)]) {
    if (!seen.has(author.id)) seen.set(author.id, author)
  }
  return [...seen.values()]
}

/**
 * "By delegation" and "by author" both mean anyone who wrote in the thread: a reply by
 * Panamá makes the thread one of Panamá's to look at.
 */
export function matches(thread: Thread, filters: ThreadFilters): boolean {
  if (filters.status !== 'all' && thread.status !== filters.status) return false
  const people = participants(thread)
  if (filters.delegation && !people.some((p) => p.delegation === filters.delegation)) return false
  if (filters.author && !people.some((p) => p.id === filters.author)) return false
  return true
}

export interface DelegationCount {
  delegation: string
  count: number
}

/** Open threads per delegation that opened them, most first, then by code. */
export function openThreadsByDelegation(threads: readonly Thread[]): DelegationCount[] {
  const counts = new Map<string, number>()
  for (const thread of threads) {
    if (thread.status !== 'open') continue
    counts.set(thread.author.delegation, (counts.get(thread.author.delegation) ?? 0) + 1)
  }
  return [...counts].map(([delegation, count]) => ({ delegation, count })).sort((a, b) => b.count - a.count || a.delegation.localeCompare(b.delegation))
}

/** Threads in the order of their words in the text; those on deleted text last, oldest first. */
export function inTextOrder(threads: readonly Thread[], positions: ReadonlyMap<string, number>): Thread[] {
  return [...threads].sort((a, b) => {
    const pa = positions.get(a.id)
    const pb = positions.get(b.id)
    if (pa !== undefined && pb !== undefined && pa !== pb) return pa - pb
    if (pa !== undefined && pb === undefined) return -1
    if (pa === undefined && pb !== undefined) return 1
    return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)
  })
}

export type CommentPart =
  | { kind: 'text'; text: string }
  | { kind: 'user'; id: string; raw: string }
  | { kind: 'delegation'; code: string; raw: string }

/** The server's own mention syntax (server/src/routes/review.ts). */
const MENTION = /@user:([A-Za-z0-9_-]{8,64})|@([A-Z][A-Z0-9-]{1,15})(?![A-Za-z0-9-])/gu

/** Splits a comment into text and mentions; `isDelegation` says which `@CODE` are real. */
export function commentParts(text: string, isDelegation: (code: string) => boolean): CommentPart[] {
  const parts: CommentPart[] = []
  let last = 0
  for (const match of text.matchAll(MENTION)) {
    const index = match.index
    const [raw, userId, code] = match
    if (code !== undefined && !isDelegation(code)) continue
    if (index > last) parts.push({ kind: 'text', text: text.slice(last, index) })
    parts.push(userId !== undefined ? { kind: 'user', id: userId, raw } : { kind: 'delegation', code: code!, raw })
    last = index + raw.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}

/** The `@` word being typed just before the caret, if any: where it starts and what it says. */
export function mentionQuery(value: string, caret: number): { start: number; query: string } | null {
  const before = value.slice(0, caret)
  const match = /(^|[\s([{"'«¿¡])@([\p{L}\p{N}:_-]{0,30})$/u.exec(before)
  if (!match) return null
  const query = match[2] ?? ''
  return { start: caret - query.length - 1, query }
}

/**
 * The search index (SEARCH-*): what search finds, one entry per paragraph of a draft, per
 * comment, per draft title, per agreement and meeting of the register, per term, definition and note of the glossary
 * and per file. Part of
 * every Storage as `storage.search`; SQLite keeps it in FTS5 (sqlite/search.ts), Postgres in a
 * tsvector column with a GIN index (postgres/search.ts), both from migration 16.
 *
 * Entries are written a source at a time (`draft:ID`, `register`, `glossary`, `file:ID`): a source's
 * entries are replaced together, so a reindex never leaves half of a draft. Each entry carries
 * one access key (`all`, `draft:ID`, `file:ID`); a search names the keys the person holds and
 * finds nothing else (SEARCH-3).
 */
import { fold, parseQuery, stemText, type QueryWord } from '../search/text.ts'

export type SearchKind = 'title' | 'paragraph' | 'comment' | 'agreement' | 'meeting' | 'term' | 'file'

export interface SearchEntry {
  kind: SearchKind
  /** `all` (everyone signed in), `draft:ID` or `file:ID`. */
  access: string
  /** What a result opens: a draft id, a file id, a register entry's id. */
  target: string
  /** Within it: a paragraph's block id (also for comments on a paragraph), or null. */
  ref: string | null
  /** The paragraph's number (PP2, OP3) or another short label; null when none. */
  label: string | null
  /** The title of what holds it (the draft, the file). */
  title: string
  text: string
}

/** A hit as both SQL stores read it: the entry with its text as `body`, and its rank. */
export interface EntryRow extends Omit<SearchEntry, 'text'> {
  body: string
  score: number
}

export interface SearchHit extends SearchEntry {
  /** Higher is better; comparable only within one answer. */
  score: number
}

export interface SearchQuery {
  text: string
  /** The access keys of the person searching. */
  access: readonly string[]
  limit: number
}

export interface SearchStore {
  /** Replaces every entry of `source` (all or none). */
  replace(source: string, entries: readonly SearchEntry[], at: string): Promise<void>
  remove(source: string): Promise<void>
  /** Sources indexed, with when, whose name starts with `prefix`. */
  sources(prefix: string): Promise<Map<string, string>>
  /** Best first; nothing outside `access`. */
  search(query: SearchQuery): Promise<SearchHit[]>
}

/** Whether stemmed text holds every query word (by a stem, or the last as a prefix); memory's rule, FTS5's too. */
export function stemsMatch(stems: readonly string[], words: readonly QueryWord[]): number {
  let score = 0
  for (const word of words) {
    let found = 0
    for (const s of stems) if (word.stems.includes(s) || (word.prefix && s.startsWith(word.folded))) found += 1
    if (found === 0) return 0
    score += found
  }
  return score / Math.sqrt(stems.length + 1)
}

export class MemorySearchStore implements SearchStore {
  readonly #sources = new Map<string, { at: string; entries: { entry: SearchEntry; stems: string[] }[] }>()

  async replace(source: string, entries: readonly SearchEntry[], at: string): Promise<void> {
    this.#sources.set(source, { at, entries: entries.map((entry) => ({ entry: { ...entry }, stems: stemText(entry.text).split(' ') })) })
  }

  async remove(source: string): Promise<void> {
    this.#sources.delete(source)
  }

  async sources(prefix: string): Promise<Map<string, string>> {
    return new Map([...this.#sources].filter(([name]) => name.startsWith(prefix)).map(([name, { at }]) => [name, at]))
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const words = parseQuery(query.text)
    if (words.length === 0) return []
    const access = new Set(query.access)
    const hits: SearchHit[] = []
    for (const { entries } of this.#sources.values()) {
      for (const { entry, stems } of entries) {
        if (!access.has(entry.access)) continue
        const score = stemsMatch(stems, words)
        if (score > 0) hits.push({ ...entry, score })
      }
    }
    return hits.sort((a, b) => b.score - a.score || fold(a.title).localeCompare(fold(b.title))).slice(0, query.limit)
  }
}

/**
 * SQLite's search index (SEARCH-1): entries in `search_entries`, their stems (search/text.ts) in
 * the FTS5 table `search_fts` (tokenizer unicode61 with remove_diacritics 2) under the same
 * rowid, ranked by bm25. A source is replaced in one synchronous transaction.
 */
import type Database from 'better-sqlite3'
import { fts5Query, parseQuery, stemText } from '../../search/text.ts'
import type { SearchEntry, SearchHit, SearchKind, SearchQuery, SearchStore } from '../search.ts'

export const SQLITE_SEARCH_MIGRATION_SQL = `
  -- The search index (SEARCH-1): one row per paragraph, comment, title, register entry or file;
  -- source groups the rows replaced together, access is the one key a reader must hold.
  CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    access TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    ref TEXT NULL,
    label TEXT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX search_entries_source ON search_entries (source);
  CREATE TABLE search_sources (
    source TEXT PRIMARY KEY,
    indexed_at TEXT NOT NULL
  );
  -- The stems of each entry's text (Spanish and English Snowball, folded), rowid = search_entries.id.
  CREATE VIRTUAL TABLE search_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2');
`

interface EntryRow {
  kind: SearchKind
  access: string
  target: string
  ref: string | null
  label: string | null
  title: string
  body: string
  score: number
}

export class SqliteSearch implements SearchStore {
  readonly #open: () => void
  readonly #replace: (source: string, entries: readonly SearchEntry[], at: string) => void
  readonly #remove: (source: string) => void
  readonly #sources: Database.Statement<[string, string], { source: string; indexed_at: string }>
  readonly #search: Database.Statement<[string, string, number], EntryRow>

  constructor(db: Database.Database, open: () => void) {
    this.#open = open
    const ftsDelete = db.prepare('DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entries WHERE source = ?)')
    const entriesDelete = db.prepare('DELETE FROM search_entries WHERE source = ?')
    const sourceDelete = db.prepare('DELETE FROM search_sources WHERE source = ?')
    const insert = db.prepare(
      'INSERT INTO search_entries (source, access, kind, target, ref, label, title, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const insertFts = db.prepare('INSERT INTO search_fts (rowid, stems) VALUES (?, ?)')
    const sourceUpsert = db.prepare(
      'INSERT INTO search_sources (source, indexed_at) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET indexed_at = excluded.indexed_at',
    )
    const remove = (source: string): void => {
      ftsDelete.run(source)
      entriesDelete.run(source)
    }
    this.#remove = db.transaction((source: string) => {
      remove(source)
      sourceDelete.run(source)
    })
    this.#replace = db.transaction((source: string, entries: readonly SearchEntry[], at: string) => {
      remove(source)
      for (const e of entries) {
        const { lastInsertRowid } = insert.run(source, e.access, e.kind, e.target, e.ref, e.label, e.title, e.text)
        insertFts.run(lastInsertRowid, stemText(e.text))
      }
      sourceUpsert.run(source, at)
    })
    this.#sources = db.prepare('SELECT source, indexed_at FROM search_sources WHERE substr(source, 1, length(?)) = ?')
    this.#search = db.prepare(
      `SELECT e.kind, e.access, e.target, e.ref, e.label, e.title, e.body, -bm25(search_fts) AS score
       FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid
       WHERE search_fts MATCH ? AND e.access IN (SELECT value FROM json_each(?))
       ORDER BY bm25(search_fts) LIMIT ?`,
    )
  }

  async replace(source: string, entries: readonly SearchEntry[], at: string): Promise<void> {
    this.#open()
    this.#replace(source, entries, at)
  }

  async remove(source: string): Promise<void> {
    this.#open()
    this.#remove(source)
  }

  async sources(prefix: string): Promise<Map<string, string>> {
    this.#open()
    return new Map(this.#sources.all(prefix, prefix).map((r) => [r.source, r.indexed_at]))
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    this.#open()
    const words = parseQuery(query.text)
    if (words.length === 0 || query.access.length === 0) return []
    return this.#search
      .all(fts5Query(words), JSON.stringify(query.access), query.limit)
      .map(({ body, ...row }) => ({ ...row, text: body }))
  }
}

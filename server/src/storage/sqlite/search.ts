/**
 * SQLite's search index (SEARCH-1): entries in `search_entries`, their stems (search/text.ts) in
 * the FTS5 table `search_fts` (tokenizer unicode61 with remove_diacritics 2) under the same
 * rowid, ranked by bm25. A source is replaced in one synchronous transaction, writing only the
 * entries that changed.
 *
 * Access before ranking (SEARCH-7, migration 19): each access key has a number in
 * `search_access`, and an entry's rowid is that number times 2^28 plus a sequence, so the
 * access filter reads only the rowids FTS5 yields (no lookup of the entry per match) and bm25
 * is computed for the readable matches alone; the entries are read for the LIMIT's rows only.
 * Prefix indexes of 2, 3 and 4 characters make the word being typed (a prefix) one lookup.
 */
import type Database from 'better-sqlite3'
import { fts5Query, parseQuery, stemText } from '../../search/text.ts'
import type { EntryRow, SearchEntry, SearchHit, SearchQuery, SearchStore } from '../search.ts'

/** The entries' table, as migration 16 made it and migration 19 makes it again. */
const ENTRIES_TABLE = `
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
`

export const SQLITE_SEARCH_MIGRATION_SQL = `
  -- The search index (SEARCH-1): one row per paragraph, comment, title, register entry or file;
  -- source groups the rows replaced together, access is the one key a reader must hold.
${ENTRIES_TABLE}  CREATE TABLE search_sources (
    source TEXT PRIMARY KEY,
    indexed_at TEXT NOT NULL
  );
  -- The stems of each entry's text (Spanish and English Snowball, folded), rowid = search_entries.id.
  CREATE VIRTUAL TABLE search_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2');
`

/**
 * Migration 19 (SEARCH-7): the access numbers, the entries renumbered by them, and the FTS5
 * table rebuilt with prefix indexes; what was indexed is kept (copied, not reindexed).
 */
export const SQLITE_SEARCH_ACCESS_MIGRATION_SQL = `
  CREATE TABLE search_access (
    ord INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
  );
  INSERT INTO search_access (key) SELECT DISTINCT access FROM search_entries ORDER BY access;
  CREATE TEMP TABLE search_renumber AS
    SELECT e.id AS old, (a.ord << 28) + row_number() OVER (PARTITION BY e.access ORDER BY e.id) AS new
    FROM search_entries e JOIN search_access a ON a.key = e.access;
  ALTER TABLE search_entries RENAME TO search_entries_old;
  DROP INDEX search_entries_source;
${ENTRIES_TABLE}  INSERT INTO search_entries (id, source, access, kind, target, ref, label, title, body)
    SELECT r.new, o.source, o.access, o.kind, o.target, o.ref, o.label, o.title, o.body
    FROM search_entries_old o JOIN search_renumber r ON r.old = o.id;
  CREATE VIRTUAL TABLE search_fts_new USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
  INSERT INTO search_fts_new (rowid, stems) SELECT r.new, f.stems FROM search_fts f JOIN search_renumber r ON r.old = f.rowid;
  DROP TABLE search_fts;
  ALTER TABLE search_fts_new RENAME TO search_fts;
  DROP TABLE search_entries_old;
  DROP TABLE search_renumber;
`

/** A row of `search_entries` as `replace` compares it with the new entries. */
interface StoredEntry {
  id: number
  access: string
  kind: SearchEntry['kind']
  target: string
  ref: string | null
  label: string | null
  title: string
  body: string
}

/** Every field of an entry, unambiguously joined (null is not '', whatever the texts hold). */
const entryKey = (...fields: (string | null)[]): string => JSON.stringify(fields)

/** An entry's rowid: its access key's number times 2^28, plus a sequence within it. */
const ACCESS_SHIFT = 2 ** 28

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
      'INSERT INTO search_entries (id, source, access, kind, target, ref, label, title, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const insertFts = db.prepare('INSERT INTO search_fts (rowid, stems) VALUES (?, ?)')
    const sourceUpsert = db.prepare(
      'INSERT INTO search_sources (source, indexed_at) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET indexed_at = excluded.indexed_at',
    )
    const accessOrd = db.prepare<[string], number>('SELECT ord FROM search_access WHERE key = ?').pluck()
    const accessInsert = db.prepare('INSERT INTO search_access (key) VALUES (?)')
    const lastId = db.prepare<[number, number], number | null>('SELECT max(id) FROM search_entries WHERE id >= ? AND id < ?').pluck()
    /** The next free rowid under an access key (a draft's range is empty again once its source is removed). */
    const nextIds = (): ((access: string) => number) => {
      const next = new Map<string, number>()
      return (access) => {
        let id = next.get(access)
        if (id === undefined) {
          const ord = accessOrd.get(access) ?? Number(accessInsert.run(access).lastInsertRowid)
          const base = ord * ACCESS_SHIFT
          id = (lastId.get(base, base + ACCESS_SHIFT) ?? base) + 1
          if (id >= base + ACCESS_SHIFT) throw new Error(`search: the rowids of access key ${access} are used up`)
        }
        next.set(access, id + 1)
        return id
      }
    }
    const remove = (source: string): void => {
      ftsDelete.run(source)
      entriesDelete.run(source)
    }
    this.#remove = db.transaction((source: string) => {
      remove(source)
      sourceDelete.run(source)
    })
    const existing = db.prepare<[string], StoredEntry>('SELECT id, access, kind, target, ref, label, title, body FROM search_entries WHERE source = ?')
    const ftsDeleteOne = db.prepare('DELETE FROM search_fts WHERE rowid = ?')
    const entryDeleteOne = db.prepare('DELETE FROM search_entries WHERE id = ?')
    // Only what changed is written: a draft is indexed again whole after each burst of typing,
    // and rewriting (and stemming) every paragraph each time was over a third of the server's
    // CPU with 800 people typing (the capacity bench's profile). An entry the same in every
    // field keeps its row; the others are deleted and inserted.
    this.#replace = db.transaction((source: string, entries: readonly SearchEntry[], at: string) => {
      const kept = new Map<string, number[]>()
      for (const row of existing.all(source)) {
        const key = entryKey(row.access, row.kind, row.target, row.ref, row.label, row.title, row.body)
        const ids = kept.get(key)
        if (ids) ids.push(row.id)
        else kept.set(key, [row.id])
      }
      const idOf = nextIds()
      const fresh: SearchEntry[] = []
      for (const e of entries) {
        const same = kept.get(entryKey(e.access, e.kind, e.target, e.ref, e.label, e.title, e.text))
        if (same && same.length > 0) same.pop()
        else fresh.push(e)
      }
      for (const ids of kept.values()) {
        for (const id of ids) {
          ftsDeleteOne.run(id)
          entryDeleteOne.run(id)
        }
      }
      for (const e of fresh) {
        const id = idOf(e.access)
        insert.run(id, source, e.access, e.kind, e.target, e.ref, e.label, e.title, e.text)
        insertFts.run(id, stemText(e.text))
      }
      sourceUpsert.run(source, at)
    })
    this.#sources = db.prepare('SELECT source, indexed_at FROM search_sources WHERE substr(source, 1, length(?)) = ?')
    // The access filter on the rowid's high part, before bm25 and before the entries are read.
    this.#search = db.prepare(
      `SELECT e.kind, e.access, e.target, e.ref, e.label, e.title, e.body, hit.score
       FROM (
         SELECT rowid AS id, -bm25(search_fts) AS score FROM search_fts
         WHERE search_fts MATCH ? AND (rowid >> 28) IN (SELECT ord FROM search_access WHERE key IN (SELECT value FROM json_each(?)))
         ORDER BY bm25(search_fts) LIMIT ?
       ) hit JOIN search_entries e ON e.id = hit.id
       ORDER BY hit.score DESC`,
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

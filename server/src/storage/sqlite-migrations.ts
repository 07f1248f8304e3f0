/**
 * Forward-only schema migrations for the SQLite store. A migration, once released, is never
 * edited: add a new one. `schema_migrations` records which have run.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'documents and yjs logs',
    sql: `
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        template TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX documents_updated_at ON documents (updated_at DESC);

      -- The append-only log. seq orders every write across all documents.
      CREATE TABLE doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL REFERENCES documents (id),
        name TEXT NOT NULL CHECK (name IN ('body', 'meta')),
        data BLOB NOT NULL
      );
      CREATE INDEX doc_updates_by_doc ON doc_updates (document_id, name, seq);

      CREATE TABLE doc_snapshots (
        document_id TEXT NOT NULL REFERENCES documents (id),
        name TEXT NOT NULL CHECK (name IN ('body', 'meta')),
        data BLOB NOT NULL,
        PRIMARY KEY (document_id, name)
      );
    `,
  },
]

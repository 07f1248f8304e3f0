/**
 * The default store: one SQLite file in DATA_DIR, in WAL mode with synchronous=FULL, so a
 * committed transaction survives a crash of the process or of the machine. better-sqlite3 is
 * synchronous; a group commit of many updates costs one fsync.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { TemplateId } from '@consenso/protocol'
import { SQLITE_MIGRATIONS, type Migration } from './sqlite-migrations.ts'
import { StorageClosedError, type DocKey, type DocumentRecord, type PendingWrite, type Storage, type StoredLog } from './storage.ts'

interface DocumentRow {
  id: string
  title: string
  template: string
  created_at: string
  updated_at: string
}

const toRecord = (row: DocumentRow): DocumentRecord => ({
  id: row.id,
  title: row.title,
  template: row.template as TemplateId,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export const SQLITE_FILE_NAME = 'consenso.sqlite'

/** Applies the migrations not yet recorded; returns the versions it applied. */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = SQLITE_MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
  const applied: number[] = []
  for (const migration of migrations) {
    if (done.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      )
    })()
    applied.push(migration.version)
  }
  return applied
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite'
  readonly #db: Database.Database
  #closed = false
  readonly #stmt

  /** Opens (creating if needed) `<dataDir>/consenso.sqlite`, or `:memory:`, and migrates it. */
  constructor(dataDir: string | ':memory:') {
    if (dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true })
    this.#db = new Database(dataDir === ':memory:' ? ':memory:' : join(dataDir, SQLITE_FILE_NAME))
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma('synchronous = FULL')
    this.#db.pragma('foreign_keys = ON')
    this.#db.pragma('busy_timeout = 5000')
    migrateSqlite(this.#db)
    const db = this.#db
    this.#stmt = {
      insertDocument: db.prepare(
        'INSERT INTO documents (id, title, template, created_at, updated_at) VALUES (@id, @title, @template, @createdAt, @updatedAt)',
      ),
      getDocument: db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ?'),
      listDocuments: db.prepare<[], DocumentRow>('SELECT * FROM documents ORDER BY updated_at DESC, id ASC'),
      touchDocument: db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?'),
      insertUpdate: db.prepare('INSERT INTO doc_updates (document_id, name, data) VALUES (?, ?, ?)'),
      selectUpdates: db.prepare<[string, string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE document_id = ? AND name = ? ORDER BY seq',
      ),
      selectSnapshot: db.prepare<[string, string], { data: Buffer }>(
        'SELECT data FROM doc_snapshots WHERE document_id = ? AND name = ?',
      ),
      upsertSnapshot: db.prepare(
        'INSERT INTO doc_snapshots (document_id, name, data) VALUES (?, ?, ?) ON CONFLICT (document_id, name) DO UPDATE SET data = excluded.data',
      ),
      deleteUpdatesUpTo: db.prepare('DELETE FROM doc_updates WHERE document_id = ? AND name = ? AND seq <= ?'),
    }
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError()
  }

  async createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void> {
    this.#open()
    this.#db.transaction(() => {
      this.#stmt.insertDocument.run(record)
      this.#stmt.insertUpdate.run(record.id, 'body', initialBody)
    })()
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    this.#open()
    const row = this.#stmt.getDocument.get(id)
    return row && toRecord(row)
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    this.#open()
    return this.#stmt.listDocuments.all().map(toRecord)
  }

  async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    this.#open()
    if (writes.length === 0) return
    const when = at.toISOString()
    this.#db.transaction(() => {
      const touched = new Set<string>()
      for (const { key, update } of writes) {
        this.#stmt.insertUpdate.run(key.documentId, key.name, update)
        if (key.name === 'body') touched.add(key.documentId)
      }
      for (const id of touched) this.#stmt.touchDocument.run(when, id)
    })()
  }

  async loadLog(key: DocKey): Promise<StoredLog> {
    this.#open()
    const snapshot = this.#stmt.selectSnapshot.get(key.documentId, key.name)
    const rows = this.#stmt.selectUpdates.all(key.documentId, key.name)
    return { snapshot: snapshot ? new Uint8Array(snapshot.data) : null, updates: rows.map((row) => new Uint8Array(row.data)) }
  }

  async compact(key: DocKey, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    this.#open()
    return this.#db.transaction(() => {
      const rows = this.#stmt.selectUpdates.all(key.documentId, key.name)
      const last = rows.at(-1)
      if (!last) return 0
      const snapshot = this.#stmt.selectSnapshot.get(key.documentId, key.name)
      const parts = rows.map((row) => new Uint8Array(row.data))
      if (snapshot) parts.unshift(new Uint8Array(snapshot.data))
      this.#stmt.upsertSnapshot.run(key.documentId, key.name, merge(parts))
      this.#stmt.deleteUpdatesUpTo.run(key.documentId, key.name, last.seq)
      return rows.length
    })()
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#db.close()
  }
}

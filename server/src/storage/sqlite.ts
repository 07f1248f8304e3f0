/**
 * The default store: one SQLite file in DATA_DIR, in WAL mode with synchronous=FULL, so a
 * committed transaction survives a crash of the process or of the machine. better-sqlite3 is
 * synchronous; a group commit of many updates costs one fsync.
 *
 * This file is the core (drafts, the trash, the update logs, compaction, authorship) and opens
 * the database; the other concerns are the stores in sqlite/, each preparing its statements on
 * the same connection. A transaction is a synchronous `db.transaction`, so nothing interleaves.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SQLITE_MIGRATIONS, type Migration } from './sqlite-migrations.ts'
import { sqlitePartyGroups, type PartyGroupStore } from './party-groups.ts'
import {
  authorshipLimit,
  authorshipRows,
  StorageClosedError,
  type AuthorshipQuery,
  type AuthorshipRecord,
  type DocKey,
  type DocumentRecord,
  type TrashedDocumentRecord,
  type PendingWrite,
  type Storage,
  type StoredLog,
} from './storage.ts'
import { SqlNotificationStore } from './notifications-sql.ts'
import { SqlSilenceStore } from './silence-sql.ts'
import { SqlAliasStore } from './aliases-sql.ts'
import { SqlGlossaryStore } from './glossary-sql.ts'
import { SqlFocalPointStore } from './focal-points-sql.ts'
import { SqlPracticeStore } from './practices-sql.ts'
import { SqlFileStore } from './files-sql.ts'
import { SqlQuestionnaireStore } from './questionnaires-sql.ts'
import { SqliteSearch } from './sqlite/search.ts'
import { sqliteRunner } from './sql-runner.ts'
import type { NotificationStore } from './notifications.ts'
import type { SilenceStore } from './silence.ts'
import { authorshipRecord, type AuthorshipRow, toRecord, toTrashedRecord, type DocumentRow } from './sql-rows.ts'
import { SqliteDelegations } from './sqlite/delegations.ts'
import { SqliteAccounts } from './sqlite/accounts.ts'
import { SqliteMembers, UPSERT_MEMBER } from './sqlite/members.ts'
import { SqliteVersions } from './sqlite/versions.ts'
import { SqliteAudit } from './sqlite/audit.ts'
import { SqliteRegister } from './sqlite/register.ts'
import { DraftTouches, TOUCH_EVERY_MS } from './draft-touches.ts'

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
      migration.run?.(db)
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
  readonly notifications: NotificationStore
  readonly silence: SilenceStore
  readonly delegations: SqliteDelegations
  readonly accounts: SqliteAccounts
  readonly members: SqliteMembers
  readonly versions: SqliteVersions
  readonly audit: SqliteAudit
  readonly register: SqliteRegister
  readonly partyGroups: PartyGroupStore
  readonly aliases: SqlAliasStore
  readonly glossary: SqlGlossaryStore
  readonly focalPoints: SqlFocalPointStore
  readonly practices: SqlPracticeStore
  readonly files: SqlFileStore
  readonly questionnaires: SqlQuestionnaireStore
  readonly search: SqliteSearch

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
    const open = (): void => this.#open()
    const runner = sqliteRunner(db, open)
    this.notifications = new SqlNotificationStore(runner)
    this.silence = new SqlSilenceStore(runner)
    this.delegations = new SqliteDelegations(db, open)
    this.accounts = new SqliteAccounts(db, open)
    this.members = new SqliteMembers(db, open)
    this.versions = new SqliteVersions(db, open)
    this.audit = new SqliteAudit(db, open)
    this.register = new SqliteRegister(db, open)
    this.partyGroups = sqlitePartyGroups(db, open)
    this.aliases = new SqlAliasStore(runner)
    this.glossary = new SqlGlossaryStore(runner)
    this.focalPoints = new SqlFocalPointStore(runner)
    this.practices = new SqlPracticeStore(runner)
    this.files = new SqlFileStore(runner)
    this.questionnaires = new SqlQuestionnaireStore(runner)
    this.search = new SqliteSearch(db, open)
    this.#stmt = {
      insertDocument: db.prepare(
        'INSERT INTO documents (id, title, template, created_by, created_at, updated_at) VALUES (@id, @title, @template, @createdBy, @createdAt, @updatedAt)',
      ),
      getDocument: db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ? AND deleted_at IS NULL'),
      listDocuments: db.prepare<[], DocumentRow>('SELECT * FROM documents WHERE deleted_at IS NULL ORDER BY updated_at DESC, id ASC'),
      renameDocument: db.prepare('UPDATE documents SET title = ? WHERE id = ? AND deleted_at IS NULL'),
      trashDocument: db.prepare('UPDATE documents SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL'),
      restoreDocument: db.prepare('UPDATE documents SET deleted_at = NULL, deleted_by = NULL WHERE id = ? AND deleted_at IS NOT NULL'),
      getTrashedDocument: db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ? AND deleted_at IS NOT NULL'),
      listTrashedDocuments: db.prepare<[], DocumentRow>('SELECT * FROM documents WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id ASC'),
      // max(): with several writers (or a clock step back) the last change never moves earlier.
      touchDocument: db.prepare('UPDATE documents SET updated_at = max(updated_at, ?) WHERE id = ?'),
      insertUpdate: db.prepare('INSERT INTO doc_updates (document_id, name, data) VALUES (?, ?, ?)'),
      insertAuthorship: db.prepare(
        'INSERT INTO document_authorship (document_id, paragraph_id, user_id, delegation, at, text) VALUES (@documentId, @paragraphId, @userId, @delegation, @at, @text)',
      ),
      deleteDocumentAuthorship: db.prepare('DELETE FROM document_authorship WHERE document_id = ?'),
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
      deleteDocument: db.prepare('DELETE FROM documents WHERE id = ?'),
      deleteDocumentUpdates: db.prepare('DELETE FROM doc_updates WHERE document_id = ?'),
      deleteDocumentSnapshots: db.prepare('DELETE FROM doc_snapshots WHERE document_id = ?'),
      deleteDocumentMembers: db.prepare('DELETE FROM document_members WHERE document_id = ?'),
      deleteDocumentVersions: db.prepare('DELETE FROM document_versions WHERE document_id = ?'),
      // created_by has no foreign key, so createDocument checks the user exists.
      userExists: db.prepare<[string], number>('SELECT 1 FROM users WHERE id = ?').pluck(),
      upsertMember: db.prepare(UPSERT_MEMBER),
    }
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError()
  }

  async createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void> {
    this.#open()
    const createdBy = record.createdBy ?? null
    this.#db.transaction(() => {
      // created_by has no foreign key (drafts from before accounts have none), so check here.
      if (createdBy !== null && this.#stmt.userExists.get(createdBy) === undefined) throw new Error(`unknown user ${createdBy}`)
      this.#stmt.insertDocument.run({ ...record, createdBy })
      this.#stmt.insertUpdate.run(record.id, 'body', initialBody)
      if (createdBy !== null) {
        this.#stmt.upsertMember.run({ documentId: record.id, principalType: 'user', principalId: createdBy, role: 'owner' })
      }
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

  async renameDocument(id: string, title: string): Promise<boolean> {
    this.#open()
    return this.#stmt.renameDocument.run(title, id).changes > 0
  }

  async trashDocument(id: string, at: string, by: string | null): Promise<boolean> {
    this.#open()
    return this.#stmt.trashDocument.run(at, by, id).changes > 0
  }

  async restoreDocument(id: string): Promise<boolean> {
    this.#open()
    return this.#stmt.restoreDocument.run(id).changes > 0
  }

  async getTrashedDocument(id: string): Promise<TrashedDocumentRecord | undefined> {
    this.#open()
    const row = this.#stmt.getTrashedDocument.get(id)
    return row && toTrashedRecord(row)
  }

  async listTrashedDocuments(): Promise<TrashedDocumentRecord[]> {
    this.#open()
    return this.#stmt.listTrashedDocuments.all().map(toTrashedRecord)
  }

  async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    this.#open()
    if (writes.length === 0) return
    const when = at.toISOString()
    const bodies = new Set<string>()
    for (const { key } of writes) if (key.name === 'body') bodies.add(key.documentId)
    // updatedAt is rewritten at most once per draft every few seconds (PERF-7).
    const touch = this.#touches.due(bodies, at)
    this.#db.transaction(() => {
      for (const { key, update } of writes) this.#stmt.insertUpdate.run(key.documentId, key.name, update)
      for (const id of touch) this.#stmt.touchDocument.run(when, id)
      for (const row of authorshipRows(writes, at)) this.#stmt.insertAuthorship.run(row)
    })()
    this.#touches.committed(bodies, touch, at)
  }

  /** Body commits whose time is not in their draft's updatedAt yet (PERF-7). */
  readonly #touches = new DraftTouches(TOUCH_EVERY_MS, (owed) => {
    if (this.#closed) return
    this.#db.transaction(() => {
      for (const [id, when] of owed) this.#stmt.touchDocument.run(when, id)
    })()
  })

  async listAuthorship(documentId: string, query: AuthorshipQuery = {}): Promise<AuthorshipRecord[]> {
    this.#open()
    const where = ['document_id = ?']
    const params: (string | number)[] = [documentId]
    if (query.paragraphId !== undefined) {
      where.push('paragraph_id = ?')
      params.push(query.paragraphId)
    }
    if (query.since !== undefined) {
      where.push('at >= ?')
      params.push(query.since)
    }
    if (query.until !== undefined) {
      where.push('at <= ?')
      params.push(query.until)
    }
    params.push(authorshipLimit(query.limit))
    const rows = this.#db
      .prepare<(string | number)[], AuthorshipRow>(
        `SELECT seq, document_id, paragraph_id, user_id, delegation, at, text FROM document_authorship WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...params)
    return rows.reverse().map(authorshipRecord)
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

  async deleteDocument(id: string): Promise<void> {
    this.#open()
    await Promise.all([this.notifications.forgetDocument(id), this.silence.forgetDocument(id)])
    this.#db.transaction(() => {
      // Children first: they reference the draft.
      this.#stmt.deleteDocumentMembers.run(id)
      this.#stmt.deleteDocumentAuthorship.run(id)
      this.#stmt.deleteDocumentVersions.run(id)
      this.#stmt.deleteDocumentSnapshots.run(id)
      this.#stmt.deleteDocumentUpdates.run(id)
      this.#stmt.deleteDocument.run(id)
    })()
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#touches.flush()
    this.#closed = true
    this.#db.close()
  }
}

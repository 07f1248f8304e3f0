/**
 * The store for several server instances: one Postgres database (selected by DATABASE_URL)
 * shared by all of them. Commits use the server's `synchronous_commit` (on by default), so a
 * resolved write is as durable as Postgres makes it, and "saved" keeps meaning committed.
 *
 * Unlike SQLite in one process, other instances write between any two statements here, so
 * every operation that reads and then writes runs in one transaction that locks what it reads,
 * and every read that must be consistent across tables is one statement (one snapshot).
 *
 * This file opens the pool, migrates, and is the core (drafts, the trash, the update logs,
 * compaction, authorship); the other concerns are the stores in postgres/, which share the
 * pool and the transaction helper through one Pg object (postgres/client.ts).
 */
import pg from 'pg'
import { postgresPartyGroups, type PartyGroupStore } from './party-groups.ts'
import { SqlNotificationStore } from './notifications-sql.ts'
import { SqlSilenceStore } from './silence-sql.ts'
import { SqlAliasStore } from './aliases-sql.ts'
import { SqlGlossaryStore } from './glossary-sql.ts'
import { SqlFocalPointStore } from './focal-points-sql.ts'
import { SqlPracticeStore } from './practices-sql.ts'
import { SqlQuestionnaireStore } from './questionnaires-sql.ts'
import { PostgresSearch } from './postgres/search.ts'
import { postgresRunner } from './sql-runner.ts'
import type { NotificationStore } from './notifications.ts'
import type { SilenceStore } from './silence.ts'
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './postgres-migrations.ts'
import {
  authorshipLimit,
  authorshipRows,
  type AuthorshipQuery,
  type AuthorshipRecord,
  type DocKey,
  type DocumentRecord,
  type TrashedDocumentRecord,
  type PendingWrite,
  type Storage,
  type StoredLog,
} from './storage.ts'
import { authorshipRecord, type AuthorshipRow, toRecord, toTrashedRecord, type DocumentRow } from './sql-rows.ts'
import { Pg } from './postgres/client.ts'
import { PostgresDelegations } from './postgres/delegations.ts'
import { PostgresAccounts } from './postgres/accounts.ts'
import { PostgresMembers, UPSERT_MEMBER } from './postgres/members.ts'
import { PostgresVersions } from './postgres/versions.ts'
import { PostgresAudit } from './postgres/audit.ts'
import { PostgresRegister } from './postgres/register.ts'

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database`, as DATABASE_URL gives it. */
  connectionString: string
  /**
   * Schema to keep the tables in (set as `search_path` on every connection); it must exist.
   * Without it the server's default search_path applies (usually `public`).
   */
  schema?: string
  /** Connections in the pool (default 10). */
  max?: number
  /** How long to wait for a new connection before failing, in milliseconds (default: no limit). */
  connectionTimeoutMillis?: number
}

/** A lower-case SQL identifier: it needs no quoting in the `-c search_path=` option. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * A pool whose connections all use `options.schema`, if given. Exported for the tests and the
 * tools that need the same connection settings as the store.
 */
export function createPostgresPool(options: PostgresOptions): pg.Pool {
  const { connectionString, schema, max, connectionTimeoutMillis } = options
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`)
  }
  const pool = new pg.Pool({
    connectionString,
    application_name: 'consenso',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    ...(max === undefined ? {} : { max }),
    ...(connectionTimeoutMillis === undefined ? {} : { connectionTimeoutMillis }),
  })
  // An idle connection that breaks (Postgres restarted, network cut) is dropped by the pool;
  // without a listener the 'error' event would end the process. The next query opens a new one.
  pool.on('error', () => {})
  return pool
}

/**
 * Key of the migration lock: the two-integer form of pg_advisory_lock, which lives apart from
 * the one-bigint keys that compaction takes, so the two can never collide. Exported so tests
 * (and an operator reading pg_locks) can recognise it.
 */
export const POSTGRES_MIGRATION_LOCK: readonly [number, number] = [0x636f6e73, 1]

/**
 * Applies the migrations not yet recorded, each in its own transaction; returns the versions
 * it applied. Holds a session advisory lock throughout, so instances starting together apply
 * each migration once: the others wait, then find it recorded.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect()
  const onError = (): void => {}
  client.on('error', onError)
  let broken = false
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...POSTGRES_MIGRATION_LOCK])
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations')
    const done = new Set(rows.map((row) => row.version))
    const applied: number[] = []
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await migration.run?.(client)
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name])
        await client.query('COMMIT')
      } catch (error) {
        // A failed ROLLBACK must not hide why the migration failed; the connection is closed below.
        await client.query('ROLLBACK').catch(() => {})
        throw error
      }
      applied.push(migration.version)
    }
    await client.query('SELECT pg_advisory_unlock($1, $2)', [...POSTGRES_MIGRATION_LOCK])
    return applied
  } catch (error) {
    // Closing the connection releases the session lock whatever state it was left in.
    broken = true
    throw error
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}

/**
 * The snapshot (part 0) and the log (part 1, by seq) of one Yjs document in ONE statement, so
 * both come from the same snapshot of the database: read in two statements, a compaction
 * committed in between would show the old snapshot without the updates folded into the new one.
 */
const SELECT_LOG = `
  SELECT 0 AS part, 0::bigint AS seq, data FROM doc_snapshots WHERE document_id = $1 AND name = $2
  UNION ALL
  SELECT 1 AS part, seq, data FROM doc_updates WHERE document_id = $1 AND name = $2
  ORDER BY part, seq`

interface LogRow {
  part: number
  seq: string
  data: Buffer
}

/** A copy in a plain Uint8Array, not a view of pg's buffer. */
const bytes = (data: Buffer): Uint8Array => new Uint8Array(data)

export class PostgresStorage implements Storage {
  readonly kind = 'postgres'
  readonly #pg: Pg

  /** Connects and applies every pending migration; the only way to get a store. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const pool = createPostgresPool(options)
    try {
      await migratePostgres(pool)
    } catch (error) {
      await pool.end()
      throw error
    }
    return new PostgresStorage(pool)
  }

  readonly notifications: NotificationStore
  readonly silence: SilenceStore
  readonly delegations: PostgresDelegations
  readonly accounts: PostgresAccounts
  readonly members: PostgresMembers
  readonly versions: PostgresVersions
  readonly audit: PostgresAudit
  readonly register: PostgresRegister
  readonly partyGroups: PartyGroupStore
  readonly aliases: SqlAliasStore
  readonly glossary: SqlGlossaryStore
  readonly focalPoints: SqlFocalPointStore
  readonly practices: SqlPracticeStore
  readonly questionnaires: SqlQuestionnaireStore
  readonly search: PostgresSearch

  private constructor(pool: pg.Pool) {
    const shared = new Pg(pool)
    this.#pg = shared
    const open = (): void => shared.open()
    const runner = postgresRunner(pool, open)
    this.notifications = new SqlNotificationStore(runner)
    this.silence = new SqlSilenceStore(runner)
    this.delegations = new PostgresDelegations(shared)
    this.accounts = new PostgresAccounts(shared)
    this.members = new PostgresMembers(shared)
    this.versions = new PostgresVersions(shared)
    this.audit = new PostgresAudit(shared)
    this.register = new PostgresRegister(shared)
    this.partyGroups = postgresPartyGroups(async (sql, params) => {
      open()
      const result = await pool.query(sql, params)
      return { rows: result.rows as never[], rowCount: result.rowCount }
    })
    this.aliases = new SqlAliasStore(runner)
    this.glossary = new SqlGlossaryStore(runner)
    this.focalPoints = new SqlFocalPointStore(runner)
    this.practices = new SqlPracticeStore(runner)
    this.questionnaires = new SqlQuestionnaireStore(runner)
    this.search = new PostgresSearch(shared)
  }

  async createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void> {
    this.#pg.open()
    const createdBy = record.createdBy ?? null
    const body = Buffer.from(initialBody)
    await this.#pg.transaction(async (client) => {
      // created_by has no foreign key (drafts from before accounts have none), so check here;
      // the share lock keeps the user from vanishing before the commit.
      if (createdBy !== null && (await this.#pg.rows('SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE', [createdBy], client)).length === 0) {
        throw new Error(`unknown user ${createdBy}`)
      }
      await client.query(
        'INSERT INTO documents (id, title, template, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [record.id, record.title, record.template, createdBy, record.createdAt, record.updatedAt],
      )
      await client.query("INSERT INTO doc_updates (document_id, name, data) VALUES ($1, 'body', $2)", [record.id, body])
      if (createdBy !== null) await client.query(UPSERT_MEMBER, [record.id, 'user', createdBy, 'owner'])
    })
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    this.#pg.open()
    const [row] = await this.#pg.rows<DocumentRow>('SELECT * FROM documents WHERE id = $1 AND deleted_at IS NULL', [id])
    return row && toRecord(row)
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    this.#pg.open()
    return (await this.#pg.rows<DocumentRow>('SELECT * FROM documents WHERE deleted_at IS NULL ORDER BY updated_at DESC, id ASC')).map(toRecord)
  }

  async renameDocument(id: string, title: string): Promise<boolean> {
    this.#pg.open()
    return ((await this.#pg.pool.query('UPDATE documents SET title = $1 WHERE id = $2 AND deleted_at IS NULL', [title, id])).rowCount ?? 0) > 0
  }

  async trashDocument(id: string, at: string, by: string | null): Promise<boolean> {
    this.#pg.open()
    const result = await this.#pg.pool.query('UPDATE documents SET deleted_at = $1, deleted_by = $2 WHERE id = $3 AND deleted_at IS NULL', [at, by, id])
    return (result.rowCount ?? 0) > 0
  }

  async restoreDocument(id: string): Promise<boolean> {
    this.#pg.open()
    const result = await this.#pg.pool.query('UPDATE documents SET deleted_at = NULL, deleted_by = NULL WHERE id = $1 AND deleted_at IS NOT NULL', [id])
    return (result.rowCount ?? 0) > 0
  }

  async getTrashedDocument(id: string): Promise<TrashedDocumentRecord | undefined> {
    this.#pg.open()
    const [row] = await this.#pg.rows<DocumentRow>('SELECT * FROM documents WHERE id = $1 AND deleted_at IS NOT NULL', [id])
    return row && toTrashedRecord(row)
  }

  async listTrashedDocuments(): Promise<TrashedDocumentRecord[]> {
    this.#pg.open()
    return (await this.#pg.rows<DocumentRow>('SELECT * FROM documents WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id ASC')).map(toTrashedRecord)
  }

  async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    this.#pg.open()
    if (writes.length === 0) return
    // Copied now: the caller may reuse its arrays before the query is sent.
    const documentIds = writes.map((w) => w.key.documentId)
    const names = writes.map((w) => w.key.name)
    const data = writes.map((w) => Buffer.from(w.update))
    const touched = [...new Set(writes.filter((w) => w.key.name === 'body').map((w) => w.key.documentId))]
    const authorship = authorshipRows(writes, at)
    await this.#pg.transaction(async (client) => {
      // One statement for the whole batch, whatever its size (no limit on parameters); the
      // ordinality keeps seq in the order of the call.
      await client.query(
        `INSERT INTO doc_updates (document_id, name, data)
         SELECT document_id, name, data
         FROM unnest($1::text[], $2::text[], $3::bytea[]) WITH ORDINALITY AS w (document_id, name, data, position)
         ORDER BY position`,
        [documentIds, names, data],
      )
      if (touched.length > 0) {
        // Rows locked in id order: two instances committing batches over the same drafts then
        // wait for each other instead of deadlocking.
        await client.query(
          // GREATEST: instances' clocks differ; the last change must never move earlier.
          `UPDATE documents SET updated_at = GREATEST(updated_at, $1)
           WHERE id IN (SELECT id FROM documents WHERE id = ANY($2::text[]) ORDER BY id FOR NO KEY UPDATE)`,
          [at.toISOString(), touched],
        )
      }
      if (authorship.length > 0) {
        // Who wrote it (AUTHOR-1), one statement per batch, in the batch's order.
        await client.query(
          `INSERT INTO document_authorship (document_id, paragraph_id, user_id, delegation, at, text)
           SELECT document_id, paragraph_id, user_id, delegation, at, text
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
             AS a (document_id, paragraph_id, user_id, delegation, at, text, position)
           ORDER BY position`,
          [
            authorship.map((r) => r.documentId),
            authorship.map((r) => r.paragraphId),
            authorship.map((r) => r.userId),
            authorship.map((r) => r.delegation),
            authorship.map((r) => r.at),
            authorship.map((r) => r.text),
          ],
        )
      }
    })
  }

  async listAuthorship(documentId: string, query: AuthorshipQuery = {}): Promise<AuthorshipRecord[]> {
    this.#pg.open()
    const where = ['document_id = $1']
    const params: unknown[] = [documentId]
    const add = (sql: string, value: string): void => {
      params.push(value)
      where.push(`${sql} $${params.length}`)
    }
    if (query.paragraphId !== undefined) add('paragraph_id =', query.paragraphId)
    if (query.since !== undefined) add('at >=', query.since)
    if (query.until !== undefined) add('at <=', query.until)
    params.push(authorshipLimit(query.limit))
    const rows = await this.#pg.rows<AuthorshipRow>(
      `SELECT seq, document_id, paragraph_id, user_id, delegation, at, text FROM document_authorship
       WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    )
    return rows.reverse().map(authorshipRecord)
  }

  async loadLog(key: DocKey): Promise<StoredLog> {
    this.#pg.open()
    const rows = await this.#pg.rows<LogRow>(SELECT_LOG, [key.documentId, key.name])
    const snapshot = rows[0]?.part === 0 ? rows[0] : undefined
    return {
      snapshot: snapshot ? bytes(snapshot.data) : null,
      updates: rows.filter((row) => row.part === 1).map((row) => bytes(row.data)),
    }
  }

  async compact(key: DocKey, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    this.#pg.open()
    return this.#pg.transaction(async (client) => {
      // Two instances never compact the same log at once: the second waits here, then reads
      // the first one's snapshot. Released by COMMIT or ROLLBACK.
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))", [key.documentId, key.name])
      const rows = await this.#pg.rows<LogRow>(SELECT_LOG, [key.documentId, key.name], client)
      const log = rows.filter((row) => row.part === 1)
      if (log.length === 0) return 0
      const parts = rows.map((row) => bytes(row.data))
      const merged = Buffer.from(merge(parts))
      await client.query(
        `INSERT INTO doc_snapshots (document_id, name, data) VALUES ($1, $2, $3)
         ON CONFLICT (document_id, name) DO UPDATE SET data = excluded.data`,
        [key.documentId, key.name, merged],
      )
      // Exactly the rows folded in, not "seq <= the last one": a concurrent append can commit a
      // lower seq after this read (seqs are taken at insert, visible at commit), and a range
      // would delete it unmerged.
      await client.query('DELETE FROM doc_updates WHERE document_id = $1 AND name = $2 AND seq = ANY($3::bigint[])', [
        key.documentId,
        key.name,
        log.map((row) => row.seq),
      ])
      return log.length
    })
  }

  async deleteDocument(id: string): Promise<void> {
    this.#pg.open()
    await Promise.all([this.notifications.forgetDocument(id), this.silence.forgetDocument(id)])
    await this.#pg.transaction(async (client) => {
      // Locking the draft first makes a concurrent append either commit before (and its rows
      // are deleted below) or wait and then fail its foreign key, never leave orphans.
      if ((await this.#pg.rows('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [id], client)).length === 0) return
      // Children first: they reference the draft.
      await client.query('DELETE FROM document_members WHERE document_id = $1', [id])
      await client.query('DELETE FROM document_authorship WHERE document_id = $1', [id])
      await client.query('DELETE FROM document_versions WHERE document_id = $1', [id])
      await client.query('DELETE FROM doc_snapshots WHERE document_id = $1', [id])
      await client.query('DELETE FROM doc_updates WHERE document_id = $1', [id])
      await client.query('DELETE FROM documents WHERE id = $1', [id])
    })
  }

  async close(): Promise<void> {
    if (this.#pg.closed) return
    this.#pg.closed = true
    await this.#pg.pool.end()
  }
}

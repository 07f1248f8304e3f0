/**
 * The store for several server instances: one Postgres database (selected by DATABASE_URL)
 * shared by all of them. Commits use the server's `synchronous_commit` (on by default), so a
 * resolved write is as durable as Postgres makes it, and "saved" keeps meaning committed.
 *
 * Unlike SQLite in one process, other instances write between any two statements here, so
 * every operation that reads and then writes runs in one transaction that locks what it reads,
 * and every read that must be consistent across tables is one statement (one snapshot).
 */
import pg from 'pg'
import type {
  Agreement,
  AgreementQuery,
  AuditEntry,
  AuditQuery,
  DelegationRecord,
  Meeting,
  PrincipalType,
} from '@consenso/protocol'
import { postgresPartyGroups, type PartyGroupStore } from './party-groups.ts'
import { SqlNotificationStore } from './notifications-sql.ts'
import { SqlSilenceStore } from './silence-sql.ts'
import { postgresRunner } from './sql-runner.ts'
import type { NotificationStore } from './notifications.ts'
import type { SilenceStore } from './silence.ts'
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './postgres-migrations.ts'
import {
  auditLimit,
  authorshipLimit,
  authorshipRows,
  StorageClosedError,
  type AuthorshipQuery,
  type AuthorshipRecord,
  type AgreementPatch,
  type MeetingPatch,
  type DocKey,
  type DocumentRecord,
  type TrashedDocumentRecord,
  type InvitationRecord,
  type MemberRecord,
  type NewAuditEntry,
  type PendingWrite,
  type SessionRecord,
  type Storage,
  type StoredLog,
  type UserRecord,
  type VersionContent,
  type VersionRecord,
} from './storage.ts'
import { toVersion, VERSION_COLUMNS, versionParams, type VersionRow } from './version-rows.ts'
import {
  authorshipRecord,
  type AuthorshipRow,
  toAudit,
  toDelegation,
  toInvitation,
  toMember,
  toRecord,
  toTrashedRecord,
  toSession,
  toUser,
  type AuditRow,
  type DelegationRow,
  type DocumentRow,
  type InvitationRow,
  type MemberRow,
  type SessionRow,
  type UserRow,
} from './sql-rows.ts'
import {
  agreementParams,
  definedFields,
  meetingParams,
  sortedCodes,
  toAgreement,
  toMeeting,
  type AgreementRow,
  type MeetingRow,
} from './register-rows.ts'

/** An agreement row with its responsible delegations as one JSON array, in one statement. */
const SELECT_AGREEMENTS = `SELECT a.*,
  (SELECT coalesce(json_agg(r.delegation), '[]'::json) FROM agreement_responsibles r WHERE r.agreement_id = a.id) AS responsible
  FROM agreements a`
const SELECT_MEETINGS = `SELECT m.*,
  (SELECT coalesce(json_agg(d.delegation), '[]'::json) FROM meeting_delegations d WHERE d.meeting_id = m.id) AS delegations
  FROM meetings m`

const INSERT_AGREEMENT = `INSERT INTO agreements (id, text, status, due_date, meeting_id, document_id, block_id, created_by, created_at, updated_by, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
const agreementValues = (a: Agreement): unknown[] => Object.values(agreementParams(a))
const INSERT_MEETING = `INSERT INTO meetings (id, title, starts_on, ends_on, place, minutes_document_id, created_by, created_at, updated_by, updated_at,
    start_time, end_time, time_zone)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
const meetingValues = (m: Meeting): unknown[] => Object.values(meetingParams(m))

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

/** Parameters of INSERT_USER; the email is lower-cased here, once for both paths. */
const userParams = (user: UserRecord): unknown[] => [
  user.id,
  user.email.toLowerCase(),
  user.name,
  user.delegation,
  user.admin,
  user.disabled,
  user.passwordHash,
  user.createdAt,
]

const INSERT_USER = `INSERT INTO users (id, email, name, delegation, admin, disabled, password_hash, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`

const UPSERT_MEMBER = `INSERT INTO document_members (document_id, principal_type, principal_id, role)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (document_id, principal_type, principal_id) DO UPDATE SET role = excluded.role`

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

type Queryable = Pick<pg.PoolClient, 'query'>

export class PostgresStorage implements Storage {
  readonly kind = 'postgres'
  readonly #pool: pg.Pool
  #closed = false

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

  private constructor(pool: pg.Pool) {
    this.#pool = pool
    const runner = postgresRunner(pool, () => this.#open())
    this.notifications = new SqlNotificationStore(runner)
    this.silence = new SqlSilenceStore(runner)
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError()
  }

  async #rows<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = [], on: Queryable = this.#pool): Promise<Row[]> {
    return (await on.query<Row>(sql, params)).rows
  }

  /** Runs `work` in one transaction (READ COMMITTED) on one connection; rolls back if it throws. */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect()
    // While checked out, a broken connection emits 'error' on the client as well as failing
    // the query; unheard, that event would end the process.
    const onError = (): void => {}
    client.on('error', onError)
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch {
        broken = true
      }
      throw error
    } finally {
      client.off('error', onError)
      client.release(broken)
    }
  }

  async createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void> {
    this.#open()
    const createdBy = record.createdBy ?? null
    const body = Buffer.from(initialBody)
    await this.#transaction(async (client) => {
      // created_by has no foreign key (drafts from before accounts have none), so check here;
      // the share lock keeps the user from vanishing before the commit.
      if (createdBy !== null && (await this.#rows('SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE', [createdBy], client)).length === 0) {
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
    this.#open()
    const [row] = await this.#rows<DocumentRow>('SELECT * FROM documents WHERE id = $1 AND deleted_at IS NULL', [id])
    return row && toRecord(row)
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    this.#open()
    return (await this.#rows<DocumentRow>('SELECT * FROM documents WHERE deleted_at IS NULL ORDER BY updated_at DESC, id ASC')).map(toRecord)
  }

  async renameDocument(id: string, title: string): Promise<boolean> {
    this.#open()
    return ((await this.#pool.query('UPDATE documents SET title = $1 WHERE id = $2 AND deleted_at IS NULL', [title, id])).rowCount ?? 0) > 0
  }

  async trashDocument(id: string, at: string, by: string | null): Promise<boolean> {
    this.#open()
    const result = await this.#pool.query('UPDATE documents SET deleted_at = $1, deleted_by = $2 WHERE id = $3 AND deleted_at IS NULL', [at, by, id])
    return (result.rowCount ?? 0) > 0
  }

  async restoreDocument(id: string): Promise<boolean> {
    this.#open()
    const result = await this.#pool.query('UPDATE documents SET deleted_at = NULL, deleted_by = NULL WHERE id = $1 AND deleted_at IS NOT NULL', [id])
    return (result.rowCount ?? 0) > 0
  }

  async getTrashedDocument(id: string): Promise<TrashedDocumentRecord | undefined> {
    this.#open()
    const [row] = await this.#rows<DocumentRow>('SELECT * FROM documents WHERE id = $1 AND deleted_at IS NOT NULL', [id])
    return row && toTrashedRecord(row)
  }

  async listTrashedDocuments(): Promise<TrashedDocumentRecord[]> {
    this.#open()
    return (await this.#rows<DocumentRow>('SELECT * FROM documents WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id ASC')).map(toTrashedRecord)
  }

  async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    this.#open()
    if (writes.length === 0) return
    // Copied now: the caller may reuse its arrays before the query is sent.
    const documentIds = writes.map((w) => w.key.documentId)
    const names = writes.map((w) => w.key.name)
    const data = writes.map((w) => Buffer.from(w.update))
    const touched = [...new Set(writes.filter((w) => w.key.name === 'body').map((w) => w.key.documentId))]
    const authorship = authorshipRows(writes, at)
    await this.#transaction(async (client) => {
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
    this.#open()
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
    const rows = await this.#rows<AuthorshipRow>(
      `SELECT seq, document_id, paragraph_id, user_id, delegation, at, text FROM document_authorship
       WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    )
    return rows.reverse().map(authorshipRecord)
  }

  async loadLog(key: DocKey): Promise<StoredLog> {
    this.#open()
    const rows = await this.#rows<LogRow>(SELECT_LOG, [key.documentId, key.name])
    const snapshot = rows[0]?.part === 0 ? rows[0] : undefined
    return {
      snapshot: snapshot ? bytes(snapshot.data) : null,
      updates: rows.filter((row) => row.part === 1).map((row) => bytes(row.data)),
    }
  }

  async compact(key: DocKey, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    this.#open()
    return this.#transaction(async (client) => {
      // Two instances never compact the same log at once: the second waits here, then reads
      // the first one's snapshot. Released by COMMIT or ROLLBACK.
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))", [key.documentId, key.name])
      const rows = await this.#rows<LogRow>(SELECT_LOG, [key.documentId, key.name], client)
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

  // --- delegations -------------------------------------------------------------------

  async createDelegation(delegation: DelegationRecord): Promise<void> {
    this.#open()
    const { code, nameEs, nameEn, kind, color } = delegation
    await this.#pool.query('INSERT INTO delegations (code, name_es, name_en, kind, color) VALUES ($1, $2, $3, $4, $5)', [
      code,
      nameEs,
      nameEn,
      kind,
      color,
    ])
  }

  async getDelegation(code: string): Promise<DelegationRecord | undefined> {
    this.#open()
    const [row] = await this.#rows<DelegationRow>('SELECT * FROM delegations WHERE code = $1', [code])
    return row && toDelegation(row)
  }

  async listDelegations(): Promise<DelegationRecord[]> {
    this.#open()
    return (await this.#rows<DelegationRow>('SELECT * FROM delegations ORDER BY code')).map(toDelegation)
  }

  // --- party groups ------------------------------------------------------------------

  readonly #groups: PartyGroupStore = postgresPartyGroups(async (sql, params) => {
    const result = await this.#pool.query(sql, params)
    return { rows: result.rows as never[], rowCount: result.rowCount }
  })
  listPartyGroups: PartyGroupStore['listPartyGroups'] = async () => (this.#open(), this.#groups.listPartyGroups())
  getPartyGroup: PartyGroupStore['getPartyGroup'] = async (id) => (this.#open(), this.#groups.getPartyGroup(id))
  createPartyGroup: PartyGroupStore['createPartyGroup'] = async (group) => (this.#open(), this.#groups.createPartyGroup(group))
  updatePartyGroup: PartyGroupStore['updatePartyGroup'] = async (id, patch) => (this.#open(), this.#groups.updatePartyGroup(id, patch))
  deletePartyGroup: PartyGroupStore['deletePartyGroup'] = async (id) => (this.#open(), this.#groups.deletePartyGroup(id))

  // --- users -------------------------------------------------------------------------

  async countUsers(): Promise<number> {
    this.#open()
    const [row] = await this.#rows<{ n: number }>('SELECT count(*)::integer AS n FROM users')
    return row?.n ?? 0
  }

  async createUser(user: UserRecord): Promise<void> {
    this.#open()
    await this.#pool.query(INSERT_USER, userParams(user))
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    this.#open()
    const [row] = await this.#rows<UserRow>('SELECT * FROM users WHERE id = $1', [id])
    return row && toUser(row)
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    this.#open()
    // Lower-cased in JavaScript, as stored, so both stores fold letters alike.
    const [row] = await this.#rows<UserRow>('SELECT * FROM users WHERE email = $1', [email.toLowerCase()])
    return row && toUser(row)
  }

  async listUsers(): Promise<UserRecord[]> {
    this.#open()
    return (await this.#rows<UserRow>('SELECT * FROM users ORDER BY name, id')).map(toUser)
  }

  async updateUser(id: string, patch: Partial<Pick<UserRecord, 'name' | 'admin' | 'disabled' | 'passwordHash'>>): Promise<void> {
    this.#open()
    // None of these columns is nullable, so NULL can stand for "not in the patch".
    const { rowCount } = await this.#pool.query(
      `UPDATE users SET
         name = coalesce($2, name),
         admin = coalesce($3::boolean, admin),
         disabled = coalesce($4::boolean, disabled),
         password_hash = coalesce($5, password_hash)
       WHERE id = $1`,
      [id, patch.name ?? null, patch.admin ?? null, patch.disabled ?? null, patch.passwordHash ?? null],
    )
    if (rowCount === 0) throw new Error(`unknown user ${id}`)
  }

  // --- sessions ----------------------------------------------------------------------

  async createSession(session: SessionRecord): Promise<void> {
    this.#open()
    const { tokenHash, userId, createdAt, expiresAt } = session
    await this.#pool.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      tokenHash,
      userId,
      createdAt,
      expiresAt,
    ])
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    this.#open()
    const [row] = await this.#rows<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash])
    return row && toSession(row)
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.#open()
    await this.#pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<string[]> {
    this.#open()
    const rows = await this.#rows<{ token_hash: string }>(
      'DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR token_hash <> $2) RETURNING token_hash',
      [userId, keep ?? null],
    )
    // RETURNING gives the rows in no defined order; sorted as SQLite's store sorts them.
    return rows.map((row) => row.token_hash).sort()
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    this.#open()
    const { rowCount } = await this.#pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now.toISOString()])
    return rowCount ?? 0
  }

  // --- invitations -------------------------------------------------------------------

  async createInvitation(invitation: InvitationRecord): Promise<void> {
    this.#open()
    await this.#pool.query(
      `INSERT INTO invitations (token_hash, delegation, email, admin, created_by, created_at, expires_at, accepted_at, accepted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        invitation.tokenHash,
        invitation.delegation,
        invitation.email ?? null,
        invitation.admin,
        invitation.createdBy ?? null,
        invitation.createdAt,
        invitation.expiresAt,
        invitation.acceptedAt ?? null,
        invitation.acceptedBy ?? null,
      ],
    )
  }

  async getInvitation(tokenHash: string): Promise<InvitationRecord | undefined> {
    this.#open()
    const [row] = await this.#rows<InvitationRow>('SELECT * FROM invitations WHERE token_hash = $1', [tokenHash])
    return row && toInvitation(row)
  }

  async acceptInvitation(tokenHash: string, user: UserRecord, now: Date): Promise<boolean> {
    this.#open()
    const params = userParams(user)
    return this.#transaction(async (client) => {
      // The conditions live in the UPDATE: a second accept blocks on the row lock until the
      // first commits, then re-checks them against the committed row and changes nothing.
      const marked = await client.query(
        `UPDATE invitations SET accepted_at = $2, accepted_by = $3
         WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2
         RETURNING token_hash`,
        [tokenHash, now.toISOString(), user.id],
      )
      if (marked.rowCount === 0) return false
      // Throws if the user cannot be created, which rolls the mark back as well.
      await client.query(INSERT_USER, params)
      return true
    })
  }

  async spendInvitation(tokenHash: string, now: Date): Promise<boolean> {
    this.#open()
    const spent = await this.#pool.query(
      `UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2`,
      [tokenHash, now.toISOString()],
    )
    return (spent.rowCount ?? 0) > 0
  }

  // --- document membership -----------------------------------------------------------

  async setMember(member: MemberRecord): Promise<void> {
    this.#open()
    const { documentId, principalType, principalId, role } = member
    await this.#transaction(async (client) => {
      // principal_id can have no foreign key (it names a user or a delegation), so the
      // principal is checked here, and share-locked as a foreign key would; the draft, the
      // type and the role by the schema.
      const lookup =
        principalType === 'user'
          ? 'SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE'
          : principalType === 'delegation'
            ? 'SELECT 1 FROM delegations WHERE code = $1 FOR KEY SHARE'
            : null
      if (lookup !== null && (await this.#rows(lookup, [principalId], client)).length === 0) {
        throw new Error(`unknown ${principalType} ${principalId}`)
      }
      await client.query(UPSERT_MEMBER, [documentId, principalType, principalId, role])
    })
  }

  async removeMember(documentId: string, principalType: PrincipalType, principalId: string): Promise<void> {
    this.#open()
    await this.#pool.query('DELETE FROM document_members WHERE document_id = $1 AND principal_type = $2 AND principal_id = $3', [
      documentId,
      principalType,
      principalId,
    ])
  }

  async listMembers(documentId: string): Promise<MemberRecord[]> {
    this.#open()
    return (
      await this.#rows<MemberRow>('SELECT * FROM document_members WHERE document_id = $1 ORDER BY principal_type, principal_id', [documentId])
    ).map(toMember)
  }

  async membershipsOf(userId: string, delegation: string): Promise<MemberRecord[]> {
    this.#open()
    return (
      await this.#rows<MemberRow>(
        `SELECT * FROM document_members
         WHERE (principal_type = 'user' AND principal_id = $1) OR (principal_type = 'delegation' AND principal_id = $2)
         ORDER BY document_id, principal_type`,
        [userId, delegation],
      )
    ).map(toMember)
  }

  async deleteDocument(id: string): Promise<void> {
    this.#open()
    await Promise.all([this.notifications.forgetDocument(id), this.silence.forgetDocument(id)])
    await this.#transaction(async (client) => {
      // Locking the draft first makes a concurrent append either commit before (and its rows
      // are deleted below) or wait and then fail its foreign key, never leave orphans.
      if ((await this.#rows('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [id], client)).length === 0) return
      // Children first: they reference the draft.
      await client.query('DELETE FROM document_members WHERE document_id = $1', [id])
      await client.query('DELETE FROM document_authorship WHERE document_id = $1', [id])
      await client.query('DELETE FROM document_versions WHERE document_id = $1', [id])
      await client.query('DELETE FROM doc_snapshots WHERE document_id = $1', [id])
      await client.query('DELETE FROM doc_updates WHERE document_id = $1', [id])
      await client.query('DELETE FROM documents WHERE id = $1', [id])
    })
  }

  // --- versions ----------------------------------------------------------------------

  async createVersion(version: VersionRecord, content: VersionContent): Promise<void> {
    this.#open()
    await this.#pool.query(`INSERT INTO document_versions (${VERSION_COLUMNS}, body, meta) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
      ...versionParams(version),
      Buffer.from(content.body),
      Buffer.from(content.meta),
    ])
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    this.#open()
    const rows = await this.#rows<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = $1 ORDER BY created_at DESC, id DESC`,
      [documentId],
    )
    return rows.map(toVersion)
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.#open()
    const [row] = await this.#rows<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = $1 AND id = $2`, [documentId, versionId])
    return row && toVersion(row)
  }

  async loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined> {
    this.#open()
    const [row] = await this.#rows<{ body: Buffer; meta: Buffer }>('SELECT body, meta FROM document_versions WHERE document_id = $1 AND id = $2', [documentId, versionId])
    return row && { body: new Uint8Array(row.body), meta: new Uint8Array(row.meta) }
  }

  // --- audit log ---------------------------------------------------------------------

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.#open()
    await this.#pool.query(
      `INSERT INTO audit_log (at, action, actor_id, actor_delegation, document_id, target, ip, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        entry.at,
        entry.action,
        entry.actorId ?? null,
        entry.actorDelegation ?? null,
        entry.documentId ?? null,
        entry.target ?? null,
        entry.ip ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    )
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    this.#open()
    // One statement for every combination of filters: a NULL parameter switches its filter off.
    const rows = await this.#rows<AuditRow>(
      `SELECT * FROM audit_log
       WHERE ($1::text IS NULL OR action = $1)
         AND ($2::text IS NULL OR actor_id = $2)
         AND ($3::text IS NULL OR document_id = $3)
         AND ($4::text IS NULL OR at >= $4)
         AND ($5::text IS NULL OR at <= $5)
       ORDER BY id DESC
       LIMIT $6`,
      [query.action ?? null, query.actorId ?? null, query.documentId ?? null, query.since ?? null, query.until ?? null, auditLimit(query.limit)],
    )
    return rows.map(toAudit)
  }

  // --- register: agreements and meetings ---------------------------------------------

  async #insertAgreement(client: Queryable, agreement: Agreement): Promise<void> {
    await client.query(INSERT_AGREEMENT, agreementValues(agreement))
    await this.#setCodes(client, 'agreement_responsibles', 'agreement_id', agreement.id, agreement.responsible)
  }

  /** Replaces a row's delegations; the foreign key refuses unknown codes. */
  async #setCodes(client: Queryable, table: 'agreement_responsibles' | 'meeting_delegations', column: string, id: string, list: readonly string[]): Promise<void> {
    await client.query(`DELETE FROM ${table} WHERE ${column} = $1`, [id])
    const codes = sortedCodes(list)
    if (codes.length > 0) await client.query(`INSERT INTO ${table} (${column}, delegation) SELECT $1, unnest($2::text[])`, [id, codes])
  }

  async createAgreement(agreement: Agreement): Promise<void> {
    this.#open()
    await this.#transaction((client) => this.#insertAgreement(client, agreement))
  }

  async createLinkedAgreements(agreements: readonly Agreement[]): Promise<Agreement[]> {
    this.#open()
    return this.#transaction(async (client) => {
      const created: Agreement[] = []
      const linked = new Map<string, Set<string>>()
      for (const agreement of agreements) {
        const { documentId, blockId } = agreement
        if (documentId === null || blockId === null) throw new Error('a linked agreement needs a draft and a block')
        let blocks = linked.get(documentId)
        if (!blocks) {
          // Another instance running the same minutes waits here until this one commits, then
          // sees its rows: no block gets two agreements. Released by COMMIT or ROLLBACK.
          await client.query("SELECT pg_advisory_xact_lock(hashtextextended('register/' || $1, 0))", [documentId])
          const rows = await this.#rows<{ block_id: string }>(
            'SELECT block_id FROM agreements WHERE document_id = $1 AND block_id IS NOT NULL',
            [documentId],
            client,
          )
          blocks = new Set(rows.map((row) => row.block_id))
          linked.set(documentId, blocks)
        }
        if (blocks.has(blockId)) continue
        blocks.add(blockId)
        await this.#insertAgreement(client, agreement)
        created.push({ ...agreement, responsible: sortedCodes(agreement.responsible) })
      }
      return created
    })
  }

  async getAgreement(id: string): Promise<Agreement | undefined> {
    this.#open()
    const [row] = await this.#rows<AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = $1`, [id])
    return row && toAgreement(row)
  }

  async listAgreements(query: AgreementQuery): Promise<Agreement[]> {
    this.#open()
    // One statement for every combination of filters: a NULL parameter switches its filter off.
    const rows = await this.#rows<AgreementRow>(
      `${SELECT_AGREEMENTS}
       WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM agreement_responsibles r WHERE r.agreement_id = a.id AND r.delegation = $1))
         AND ($2::text IS NULL OR a.status = $2)
         AND ($3::text IS NULL OR a.meeting_id = $3)
         AND ($4::text IS NULL OR a.document_id = $4)
         AND ($5::text IS NULL OR (a.due_date < $5 AND a.status NOT IN ('done', 'cancelled')))
       ORDER BY a.due_date ASC NULLS LAST, a.seq`,
      [query.responsible ?? null, query.status ?? null, query.meetingId ?? null, query.documentId ?? null, query.overdueOn ?? null],
    )
    return rows.map(toAgreement)
  }

  async updateAgreement(id: string, patch: AgreementPatch): Promise<Agreement | undefined> {
    this.#open()
    return this.#transaction(async (client) => {
      const [row] = await this.#rows<AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = $1 FOR UPDATE OF a`, [id], client)
      if (!row) return undefined
      const current = toAgreement(row)
      const next: Agreement = { ...current, ...definedFields(patch), id, createdBy: current.createdBy, createdAt: current.createdAt }
      await client.query(
        `UPDATE agreements SET text = $2, status = $3, due_date = $4, meeting_id = $5, document_id = $6, block_id = $7,
           updated_by = $8, updated_at = $9
         WHERE id = $1`,
        [id, next.text, next.status, next.dueDate, next.meetingId, next.documentId, next.blockId, next.updatedBy, next.updatedAt],
      )
      if (patch.responsible !== undefined) await this.#setCodes(client, 'agreement_responsibles', 'agreement_id', id, patch.responsible)
      const [stored] = await this.#rows<AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = $1`, [id], client)
      return toAgreement(stored!)
    })
  }

  async deleteAgreement(id: string): Promise<boolean> {
    this.#open()
    const { rowCount } = await this.#pool.query('DELETE FROM agreements WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    this.#open()
    await this.#transaction(async (client) => {
      await client.query(INSERT_MEETING, meetingValues(meeting))
      await this.#setCodes(client, 'meeting_delegations', 'meeting_id', meeting.id, meeting.delegations)
    })
  }

  async getMeeting(id: string): Promise<Meeting | undefined> {
    this.#open()
    const [row] = await this.#rows<MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = $1`, [id])
    return row && toMeeting(row)
  }

  async listMeetings(): Promise<Meeting[]> {
    this.#open()
    return (await this.#rows<MeetingRow>(`${SELECT_MEETINGS} ORDER BY m.starts_on, m.seq`)).map(toMeeting)
  }

  async updateMeeting(id: string, patch: MeetingPatch): Promise<Meeting | undefined> {
    this.#open()
    return this.#transaction(async (client) => {
      const [row] = await this.#rows<MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = $1 FOR UPDATE OF m`, [id], client)
      if (!row) return undefined
      const current = toMeeting(row)
      const next: Meeting = { ...current, ...definedFields(patch), id, createdBy: current.createdBy, createdAt: current.createdAt }
      await client.query(
        `UPDATE meetings SET title = $2, starts_on = $3, ends_on = $4, place = $5, minutes_document_id = $6,
           updated_by = $7, updated_at = $8, start_time = $9, end_time = $10, time_zone = $11
         WHERE id = $1`,
        [id, next.title, next.startsOn, next.endsOn, next.place, next.minutesDocumentId, next.updatedBy, next.updatedAt, next.startTime, next.endTime, next.timeZone],
      )
      if (patch.delegations !== undefined) await this.#setCodes(client, 'meeting_delegations', 'meeting_id', id, patch.delegations)
      const [stored] = await this.#rows<MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = $1`, [id], client)
      return toMeeting(stored!)
    })
  }

  async deleteMeeting(id: string): Promise<boolean> {
    this.#open()
    // The foreign keys cascade to its participants and unlink its agreements.
    const { rowCount } = await this.#pool.query('DELETE FROM meetings WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end()
  }
}

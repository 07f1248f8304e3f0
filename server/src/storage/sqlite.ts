/**
 * The default store: one SQLite file in DATA_DIR, in WAL mode with synchronous=FULL, so a
 * committed transaction survives a crash of the process or of the machine. better-sqlite3 is
 * synchronous; a group commit of many updates costs one fsync.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type {
  Agreement,
  AgreementQuery,
  AuditEntry,
  AuditQuery,
  DelegationRecord,
  Meeting,
  PrincipalType,
} from '@consenso/protocol'
import { SQLITE_MIGRATIONS, type Migration } from './sqlite-migrations.ts'
import { sqlitePartyGroups, type PartyGroupStore } from './party-groups.ts'
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
import { SqlNotificationStore } from './notifications-sql.ts'
import { SqlSilenceStore } from './silence-sql.ts'
import { sqliteRunner } from './sql-runner.ts'
import type { NotificationStore } from './notifications.ts'
import type { SilenceStore } from './silence.ts'
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

/** An agreement row with its responsible delegations as one JSON array. */
const SELECT_AGREEMENTS = `SELECT a.*,
  (SELECT json_group_array(r.delegation) FROM agreement_responsibles r WHERE r.agreement_id = a.id) AS responsible
  FROM agreements a`
const SELECT_MEETINGS = `SELECT m.*,
  (SELECT json_group_array(d.delegation) FROM meeting_delegations d WHERE d.meeting_id = m.id) AS delegations
  FROM meetings m`

interface AgreementFilter {
  responsible: string | null
  status: string | null
  meetingId: string | null
  documentId: string | null
  overdueOn: string | null
}

/** Named parameters for the users insert; the email is lower-cased here, once for both paths. */
const userParams = (user: UserRecord) => ({
  id: user.id,
  email: user.email.toLowerCase(),
  name: user.name,
  delegation: user.delegation,
  admin: user.admin ? 1 : 0,
  disabled: user.disabled ? 1 : 0,
  passwordHash: user.passwordHash,
  createdAt: user.createdAt,
})

interface AuditFilter {
  action: string | null
  actorId: string | null
  documentId: string | null
  since: string | null
  until: string | null
  limit: number
}

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
    const runner = sqliteRunner(db, () => {
      if (this.#closed) throw new StorageClosedError()
    })
    this.notifications = new SqlNotificationStore(runner)
    this.silence = new SqlSilenceStore(runner)
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
      insertVersion: db.prepare(
        `INSERT INTO document_versions (${VERSION_COLUMNS}, body, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      listVersions: db.prepare<[string], VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? ORDER BY created_at DESC, id DESC`,
      ),
      getVersion: db.prepare<[string, string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? AND id = ?`),
      loadVersion: db.prepare<[string, string], { body: Buffer; meta: Buffer }>(
        'SELECT body, meta FROM document_versions WHERE document_id = ? AND id = ?',
      ),

      insertDelegation: db.prepare(
        'INSERT INTO delegations (code, name_es, name_en, kind, color) VALUES (@code, @nameEs, @nameEn, @kind, @color)',
      ),
      getDelegation: db.prepare<[string], DelegationRow>('SELECT * FROM delegations WHERE code = ?'),
      listDelegations: db.prepare<[], DelegationRow>('SELECT * FROM delegations ORDER BY code'),

      countUsers: db.prepare<[], number>('SELECT count(*) FROM users').pluck(),
      insertUser: db.prepare(
        `INSERT INTO users (id, email, name, delegation, admin, disabled, password_hash, created_at)
         VALUES (@id, @email, @name, @delegation, @admin, @disabled, @passwordHash, @createdAt)`,
      ),
      getUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      getUserByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      listUsers: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name, id'),
      // None of these columns is nullable, so NULL can stand for "not in the patch".
      updateUser: db.prepare(
        `UPDATE users SET
           name = coalesce(@name, name),
           admin = coalesce(@admin, admin),
           disabled = coalesce(@disabled, disabled),
           password_hash = coalesce(@passwordHash, password_hash)
         WHERE id = @id`,
      ),

      insertSession: db.prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (@tokenHash, @userId, @createdAt, @expiresAt)',
      ),
      getSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteUserSessions: db
        .prepare<{ userId: string; keep: string | null }, string>(
          'DELETE FROM sessions WHERE user_id = @userId AND (@keep IS NULL OR token_hash <> @keep) RETURNING token_hash',
        )
        .pluck(),
      deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),

      insertInvitation: db.prepare(
        `INSERT INTO invitations (token_hash, delegation, email, admin, created_by, created_at, expires_at, accepted_at, accepted_by)
         VALUES (@tokenHash, @delegation, @email, @admin, @createdBy, @createdAt, @expiresAt, @acceptedAt, @acceptedBy)`,
      ),
      getInvitation: db.prepare<[string], InvitationRow>('SELECT * FROM invitations WHERE token_hash = ?'),
      // The conditions live in the UPDATE itself, so of two accepts of one token only the
      // first can change the row, whatever else runs between them.
      spendInvitation: db.prepare(
        `UPDATE invitations SET accepted_at = @now
         WHERE token_hash = @tokenHash AND accepted_at IS NULL AND expires_at > @now`,
      ),
      markInvitationAccepted: db.prepare(
        `UPDATE invitations SET accepted_at = @now, accepted_by = @userId
         WHERE token_hash = @tokenHash AND accepted_at IS NULL AND expires_at > @now`,
      ),

      upsertMember: db.prepare(
        `INSERT INTO document_members (document_id, principal_type, principal_id, role)
         VALUES (@documentId, @principalType, @principalId, @role)
         ON CONFLICT (document_id, principal_type, principal_id) DO UPDATE SET role = excluded.role`,
      ),
      deleteMember: db.prepare('DELETE FROM document_members WHERE document_id = ? AND principal_type = ? AND principal_id = ?'),
      listMembers: db.prepare<[string], MemberRow>(
        'SELECT * FROM document_members WHERE document_id = ? ORDER BY principal_type, principal_id',
      ),
      membershipsOf: db.prepare<[string, string], MemberRow>(
        `SELECT * FROM document_members
         WHERE (principal_type = 'user' AND principal_id = ?) OR (principal_type = 'delegation' AND principal_id = ?)
         ORDER BY document_id, principal_type`,
      ),

      insertAudit: db.prepare(
        `INSERT INTO audit_log (at, action, actor_id, actor_delegation, document_id, target, ip, details)
         VALUES (@at, @action, @actorId, @actorDelegation, @documentId, @target, @ip, @details)`,
      ),
      // One statement for every combination of filters: a NULL parameter switches its filter off.
      listAudit: db.prepare<AuditFilter, AuditRow>(
        `SELECT * FROM audit_log
         WHERE (@action IS NULL OR action = @action)
           AND (@actorId IS NULL OR actor_id = @actorId)
           AND (@documentId IS NULL OR document_id = @documentId)
           AND (@since IS NULL OR at >= @since)
           AND (@until IS NULL OR at <= @until)
         ORDER BY id DESC
         LIMIT @limit`,
      ),
      insertAgreement: db.prepare(
        `INSERT INTO agreements (id, text, status, due_date, meeting_id, document_id, block_id, created_by, created_at, updated_by, updated_at)
         VALUES (@id, @text, @status, @dueDate, @meetingId, @documentId, @blockId, @createdBy, @createdAt, @updatedBy, @updatedAt)`,
      ),
      updateAgreement: db.prepare(
        `UPDATE agreements SET text = @text, status = @status, due_date = @dueDate, meeting_id = @meetingId,
           document_id = @documentId, block_id = @blockId, updated_by = @updatedBy, updated_at = @updatedAt
         WHERE id = @id`,
      ),
      insertResponsible: db.prepare('INSERT INTO agreement_responsibles (agreement_id, delegation) VALUES (?, ?)'),
      deleteResponsibles: db.prepare('DELETE FROM agreement_responsibles WHERE agreement_id = ?'),
      getAgreement: db.prepare<[string], AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = ?`),
      // One statement for every combination of filters: a NULL parameter switches its filter off.
      listAgreements: db.prepare<AgreementFilter, AgreementRow>(
        `${SELECT_AGREEMENTS}
         WHERE (@responsible IS NULL OR EXISTS (SELECT 1 FROM agreement_responsibles r WHERE r.agreement_id = a.id AND r.delegation = @responsible))
           AND (@status IS NULL OR a.status = @status)
           AND (@meetingId IS NULL OR a.meeting_id = @meetingId)
           AND (@documentId IS NULL OR a.document_id = @documentId)
           AND (@overdueOn IS NULL OR (a.due_date < @overdueOn AND a.status NOT IN ('done', 'cancelled')))
         ORDER BY a.due_date IS NULL, a.due_date, a.seq`,
      ),
      linkedBlocks: db.prepare<[string], string>('SELECT block_id FROM agreements WHERE document_id = ? AND block_id IS NOT NULL').pluck(),
      deleteAgreement: db.prepare('DELETE FROM agreements WHERE id = ?'),

      insertMeeting: db.prepare(
        `INSERT INTO meetings (id, title, starts_on, ends_on, place, minutes_document_id, created_by, created_at, updated_by, updated_at,
           start_time, end_time, time_zone)
         VALUES (@id, @title, @startsOn, @endsOn, @place, @minutesDocumentId, @createdBy, @createdAt, @updatedBy, @updatedAt,
           @startTime, @endTime, @timeZone)`,
      ),
      updateMeeting: db.prepare(
        `UPDATE meetings SET title = @title, starts_on = @startsOn, ends_on = @endsOn, place = @place,
           minutes_document_id = @minutesDocumentId, updated_by = @updatedBy, updated_at = @updatedAt,
           start_time = @startTime, end_time = @endTime, time_zone = @timeZone
         WHERE id = @id`,
      ),
      insertParticipant: db.prepare('INSERT INTO meeting_delegations (meeting_id, delegation) VALUES (?, ?)'),
      deleteParticipants: db.prepare('DELETE FROM meeting_delegations WHERE meeting_id = ?'),
      getMeeting: db.prepare<[string], MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = ?`),
      listMeetings: db.prepare<[], MeetingRow>(`${SELECT_MEETINGS} ORDER BY m.starts_on, m.seq`),
      deleteMeeting: db.prepare('DELETE FROM meetings WHERE id = ?'),
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
      if (createdBy !== null && !this.#stmt.getUser.get(createdBy)) throw new Error(`unknown user ${createdBy}`)
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
    this.#db.transaction(() => {
      const touched = new Set<string>()
      for (const { key, update } of writes) {
        this.#stmt.insertUpdate.run(key.documentId, key.name, update)
        if (key.name === 'body') touched.add(key.documentId)
      }
      for (const id of touched) this.#stmt.touchDocument.run(when, id)
      for (const row of authorshipRows(writes, at)) this.#stmt.insertAuthorship.run(row)
    })()
  }

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

  // --- delegations -------------------------------------------------------------------

  async createDelegation(delegation: DelegationRecord): Promise<void> {
    this.#open()
    const { code, nameEs, nameEn, kind, color } = delegation
    this.#stmt.insertDelegation.run({ code, nameEs, nameEn, kind, color })
  }

  async getDelegation(code: string): Promise<DelegationRecord | undefined> {
    this.#open()
    const row = this.#stmt.getDelegation.get(code)
    return row && toDelegation(row)
  }

  async listDelegations(): Promise<DelegationRecord[]> {
    this.#open()
    return this.#stmt.listDelegations.all().map(toDelegation)
  }

  // --- party groups ------------------------------------------------------------------

  #groups: PartyGroupStore | null = null
  /** Prepared on first use (after the migrations have made the table). */
  get #partyGroups(): PartyGroupStore {
    this.#open()
    return (this.#groups ??= sqlitePartyGroups(this.#db))
  }
  listPartyGroups: PartyGroupStore['listPartyGroups'] = async () => this.#partyGroups.listPartyGroups()
  getPartyGroup: PartyGroupStore['getPartyGroup'] = async (id) => this.#partyGroups.getPartyGroup(id)
  createPartyGroup: PartyGroupStore['createPartyGroup'] = async (group) => this.#partyGroups.createPartyGroup(group)
  updatePartyGroup: PartyGroupStore['updatePartyGroup'] = async (id, patch) => this.#partyGroups.updatePartyGroup(id, patch)
  deletePartyGroup: PartyGroupStore['deletePartyGroup'] = async (id) => this.#partyGroups.deletePartyGroup(id)

  // --- users -------------------------------------------------------------------------

  async countUsers(): Promise<number> {
    this.#open()
    return this.#stmt.countUsers.get() ?? 0
  }

  async createUser(user: UserRecord): Promise<void> {
    this.#open()
    this.#stmt.insertUser.run(userParams(user))
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    this.#open()
    const row = this.#stmt.getUser.get(id)
    return row && toUser(row)
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    this.#open()
    // Lower-cased in JavaScript, as stored: SQLite's lower() folds only ASCII.
    const row = this.#stmt.getUserByEmail.get(email.toLowerCase())
    return row && toUser(row)
  }

  async listUsers(): Promise<UserRecord[]> {
    this.#open()
    return this.#stmt.listUsers.all().map(toUser)
  }

  async updateUser(id: string, patch: Partial<Pick<UserRecord, 'name' | 'admin' | 'disabled' | 'passwordHash'>>): Promise<void> {
    this.#open()
    const flag = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0)
    const { changes } = this.#stmt.updateUser.run({
      id,
      name: patch.name ?? null,
      admin: flag(patch.admin),
      disabled: flag(patch.disabled),
      passwordHash: patch.passwordHash ?? null,
    })
    if (changes === 0) throw new Error(`unknown user ${id}`)
  }

  // --- sessions ----------------------------------------------------------------------

  async createSession(session: SessionRecord): Promise<void> {
    this.#open()
    const { tokenHash, userId, createdAt, expiresAt } = session
    this.#stmt.insertSession.run({ tokenHash, userId, createdAt, expiresAt })
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    this.#open()
    const row = this.#stmt.getSession.get(tokenHash)
    return row && toSession(row)
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.#open()
    this.#stmt.deleteSession.run(tokenHash)
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<string[]> {
    this.#open()
    // RETURNING gives the rows in no defined order; sorted, both stores answer alike.
    return this.#stmt.deleteUserSessions.all({ userId, keep: keep ?? null }).sort()
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    this.#open()
    return this.#stmt.deleteExpiredSessions.run(now.toISOString()).changes
  }

  // --- invitations -------------------------------------------------------------------

  async createInvitation(invitation: InvitationRecord): Promise<void> {
    this.#open()
    this.#stmt.insertInvitation.run({
      tokenHash: invitation.tokenHash,
      delegation: invitation.delegation,
      email: invitation.email ?? null,
      admin: invitation.admin ? 1 : 0,
      createdBy: invitation.createdBy ?? null,
      createdAt: invitation.createdAt,
      expiresAt: invitation.expiresAt,
      acceptedAt: invitation.acceptedAt ?? null,
      acceptedBy: invitation.acceptedBy ?? null,
    })
  }

  async getInvitation(tokenHash: string): Promise<InvitationRecord | undefined> {
    this.#open()
    const row = this.#stmt.getInvitation.get(tokenHash)
    return row && toInvitation(row)
  }

  async acceptInvitation(tokenHash: string, user: UserRecord, now: Date): Promise<boolean> {
    this.#open()
    return this.#db.transaction(() => {
      const marked = this.#stmt.markInvitationAccepted.run({ tokenHash, now: now.toISOString(), userId: user.id })
      if (marked.changes === 0) return false
      // Throws if the user cannot be created, which rolls the mark back as well.
      this.#stmt.insertUser.run(userParams(user))
      return true
    })()
  }

  async spendInvitation(tokenHash: string, now: Date): Promise<boolean> {
    this.#open()
    return this.#stmt.spendInvitation.run({ tokenHash, now: now.toISOString() }).changes > 0
  }

  // --- document membership -----------------------------------------------------------

  async setMember(member: MemberRecord): Promise<void> {
    this.#open()
    const { documentId, principalType, principalId, role } = member
    this.#db.transaction(() => {
      // principal_id can have no foreign key (it names a user or a delegation), so the
      // principal is checked here; the draft, the type and the role by the schema.
      const exists =
        principalType === 'user'
          ? this.#stmt.getUser.get(principalId) !== undefined
          : principalType === 'delegation'
            ? this.#stmt.getDelegation.get(principalId) !== undefined
            : true
      if (!exists) throw new Error(`unknown ${principalType} ${principalId}`)
      this.#stmt.upsertMember.run({ documentId, principalType, principalId, role })
    })()
  }

  async removeMember(documentId: string, principalType: PrincipalType, principalId: string): Promise<void> {
    this.#open()
    this.#stmt.deleteMember.run(documentId, principalType, principalId)
  }

  async listMembers(documentId: string): Promise<MemberRecord[]> {
    this.#open()
    return this.#stmt.listMembers.all(documentId).map(toMember)
  }

  async membershipsOf(userId: string, delegation: string): Promise<MemberRecord[]> {
    this.#open()
    return this.#stmt.membershipsOf.all(userId, delegation).map(toMember)
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

  // --- versions ----------------------------------------------------------------------

  async createVersion(version: VersionRecord, content: VersionContent): Promise<void> {
    this.#open()
    this.#stmt.insertVersion.run(...versionParams(version), Buffer.from(content.body), Buffer.from(content.meta))
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    this.#open()
    return this.#stmt.listVersions.all(documentId).map(toVersion)
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.#open()
    const row = this.#stmt.getVersion.get(documentId, versionId)
    return row && toVersion(row)
  }

  async loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined> {
    this.#open()
    const row = this.#stmt.loadVersion.get(documentId, versionId)
    return row && { body: new Uint8Array(row.body), meta: new Uint8Array(row.meta) }
  }

  // --- audit log ---------------------------------------------------------------------

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.#open()
    this.#stmt.insertAudit.run({
      at: entry.at,
      action: entry.action,
      actorId: entry.actorId ?? null,
      actorDelegation: entry.actorDelegation ?? null,
      documentId: entry.documentId ?? null,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    this.#open()
    return this.#stmt.listAudit
      .all({
        action: query.action ?? null,
        actorId: query.actorId ?? null,
        documentId: query.documentId ?? null,
        since: query.since ?? null,
        until: query.until ?? null,
        limit: auditLimit(query.limit),
      })
      .map(toAudit)
  }

  // --- register: agreements and meetings ---------------------------------------------

  /** Inside a transaction: the row, then its delegations (foreign keys refuse unknown ones). */
  #insertAgreement(agreement: Agreement): void {
    this.#stmt.insertAgreement.run(agreementParams(agreement))
    for (const code of sortedCodes(agreement.responsible)) this.#stmt.insertResponsible.run(agreement.id, code)
  }

  async createAgreement(agreement: Agreement): Promise<void> {
    this.#open()
    this.#db.transaction(() => this.#insertAgreement(agreement))()
  }

  async createLinkedAgreements(agreements: readonly Agreement[]): Promise<Agreement[]> {
    this.#open()
    return this.#db.transaction(() => {
      const created: Agreement[] = []
      const linked = new Map<string, Set<string>>()
      for (const agreement of agreements) {
        const { documentId, blockId } = agreement
        if (documentId === null || blockId === null) throw new Error('a linked agreement needs a draft and a block')
        let blocks = linked.get(documentId)
        if (!blocks) {
          blocks = new Set(this.#stmt.linkedBlocks.all(documentId))
          linked.set(documentId, blocks)
        }
        if (blocks.has(blockId)) continue
        blocks.add(blockId)
        this.#insertAgreement(agreement)
        created.push({ ...agreement, responsible: sortedCodes(agreement.responsible) })
      }
      return created
    })()
  }

  async getAgreement(id: string): Promise<Agreement | undefined> {
    this.#open()
    const row = this.#stmt.getAgreement.get(id)
    return row && toAgreement(row)
  }

  async listAgreements(query: AgreementQuery): Promise<Agreement[]> {
    this.#open()
    return this.#stmt.listAgreements
      .all({
        responsible: query.responsible ?? null,
        status: query.status ?? null,
        meetingId: query.meetingId ?? null,
        documentId: query.documentId ?? null,
        overdueOn: query.overdueOn ?? null,
      })
      .map(toAgreement)
  }

  async updateAgreement(id: string, patch: AgreementPatch): Promise<Agreement | undefined> {
    this.#open()
    return this.#db.transaction(() => {
      const row = this.#stmt.getAgreement.get(id)
      if (!row) return undefined
      const current = toAgreement(row)
      const next: Agreement = { ...current, ...definedFields(patch), id, createdBy: current.createdBy, createdAt: current.createdAt }
      this.#stmt.updateAgreement.run(agreementParams(next))
      if (patch.responsible !== undefined) {
        this.#stmt.deleteResponsibles.run(id)
        for (const code of sortedCodes(patch.responsible)) this.#stmt.insertResponsible.run(id, code)
      }
      return toAgreement(this.#stmt.getAgreement.get(id)!)
    })()
  }

  async deleteAgreement(id: string): Promise<boolean> {
    this.#open()
    return this.#stmt.deleteAgreement.run(id).changes > 0
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    this.#open()
    this.#db.transaction(() => {
      this.#stmt.insertMeeting.run(meetingParams(meeting))
      for (const code of sortedCodes(meeting.delegations)) this.#stmt.insertParticipant.run(meeting.id, code)
    })()
  }

  async getMeeting(id: string): Promise<Meeting | undefined> {
    this.#open()
    const row = this.#stmt.getMeeting.get(id)
    return row && toMeeting(row)
  }

  async listMeetings(): Promise<Meeting[]> {
    this.#open()
    return this.#stmt.listMeetings.all().map(toMeeting)
  }

  async updateMeeting(id: string, patch: MeetingPatch): Promise<Meeting | undefined> {
    this.#open()
    return this.#db.transaction(() => {
      const row = this.#stmt.getMeeting.get(id)
      if (!row) return undefined
      const current = toMeeting(row)
      const next: Meeting = { ...current, ...definedFields(patch), id, createdBy: current.createdBy, createdAt: current.createdAt }
      this.#stmt.updateMeeting.run(meetingParams(next))
      if (patch.delegations !== undefined) {
        this.#stmt.deleteParticipants.run(id)
        for (const code of sortedCodes(patch.delegations)) this.#stmt.insertParticipant.run(id, code)
      }
      return toMeeting(this.#stmt.getMeeting.get(id)!)
    })()
  }

  async deleteMeeting(id: string): Promise<boolean> {
    this.#open()
    // The foreign keys cascade to its participants and unlink its agreements.
    return this.#stmt.deleteMeeting.run(id).changes > 0
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#db.close()
  }
}

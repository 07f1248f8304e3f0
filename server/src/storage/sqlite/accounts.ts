/**
 * SQLite's users, sessions and invitations (AccountStore). Accepting an invitation marks it
 * and creates the user in one synchronous transaction, so of two accepts only one can win.
 */
import type { AccountStore, UserPatch } from '../accounts.ts'
import type { InvitationRecord, SessionRecord, UserRecord } from '../storage.ts'
import { toInvitation, toSession, toUser, type InvitationRow, type SessionRow, type UserRow } from '../sql-rows.ts'
import { SqliteStore } from './store.ts'

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

export class SqliteAccounts extends SqliteStore implements AccountStore {
  readonly #stmt = {
    countUsers: this.db.prepare<[], number>('SELECT count(*) FROM users').pluck(),
    insertUser: this.db.prepare(
      `INSERT INTO users (id, email, name, delegation, admin, disabled, password_hash, created_at)
       VALUES (@id, @email, @name, @delegation, @admin, @disabled, @passwordHash, @createdAt)`,
    ),
    getUser: this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    getUserByEmail: this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    listUsers: this.db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name, id'),
    // None of these columns is nullable, so NULL can stand for "not in the patch".
    updateUser: this.db.prepare(
      `UPDATE users SET
         name = coalesce(@name, name),
         admin = coalesce(@admin, admin),
         disabled = coalesce(@disabled, disabled),
         password_hash = coalesce(@passwordHash, password_hash)
       WHERE id = @id`,
    ),

    insertSession: this.db.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (@tokenHash, @userId, @createdAt, @expiresAt)',
    ),
    getSession: this.db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    deleteSession: this.db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteUserSessions: this.db
      .prepare<{ userId: string; keep: string | null }, string>(
        'DELETE FROM sessions WHERE user_id = @userId AND (@keep IS NULL OR token_hash <> @keep) RETURNING token_hash',
      )
      .pluck(),
    deleteExpiredSessions: this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),

    insertInvitation: this.db.prepare(
      `INSERT INTO invitations (token_hash, delegation, email, admin, created_by, created_at, expires_at, accepted_at, accepted_by)
       VALUES (@tokenHash, @delegation, @email, @admin, @createdBy, @createdAt, @expiresAt, @acceptedAt, @acceptedBy)`,
    ),
    getInvitation: this.db.prepare<[string], InvitationRow>('SELECT * FROM invitations WHERE token_hash = ?'),
    // The conditions live in the UPDATE itself, so of two accepts of one token only the
    // first can change the row, whatever else runs between them.
    spendInvitation: this.db.prepare(
      `UPDATE invitations SET accepted_at = @now
       WHERE token_hash = @tokenHash AND accepted_at IS NULL AND expires_at > @now`,
    ),
    markInvitationAccepted: this.db.prepare(
      `UPDATE invitations SET accepted_at = @now, accepted_by = @userId
       WHERE token_hash = @tokenHash AND accepted_at IS NULL AND expires_at > @now`,
    ),
  }

  async countUsers(): Promise<number> {
    this.open()
    return this.#stmt.countUsers.get() ?? 0
  }

  async createUser(user: UserRecord): Promise<void> {
    this.open()
    this.#stmt.insertUser.run(userParams(user))
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    this.open()
    const row = this.#stmt.getUser.get(id)
    return row && toUser(row)
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    this.open()
    // Lower-cased in JavaScript, as stored: SQLite's lower() folds only ASCII.
    const row = this.#stmt.getUserByEmail.get(email.toLowerCase())
    return row && toUser(row)
  }

  async listUsers(): Promise<UserRecord[]> {
    this.open()
    return this.#stmt.listUsers.all().map(toUser)
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    this.open()
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
    this.open()
    const { tokenHash, userId, createdAt, expiresAt } = session
    this.#stmt.insertSession.run({ tokenHash, userId, createdAt, expiresAt })
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    this.open()
    const row = this.#stmt.getSession.get(tokenHash)
    return row && toSession(row)
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.open()
    this.#stmt.deleteSession.run(tokenHash)
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<string[]> {
    this.open()
    // RETURNING gives the rows in no defined order; sorted, both stores answer alike.
    return this.#stmt.deleteUserSessions.all({ userId, keep: keep ?? null }).sort()
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    this.open()
    return this.#stmt.deleteExpiredSessions.run(now.toISOString()).changes
  }

  // --- invitations -------------------------------------------------------------------

  async createInvitation(invitation: InvitationRecord): Promise<void> {
    this.open()
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
    this.open()
    const row = this.#stmt.getInvitation.get(tokenHash)
    return row && toInvitation(row)
  }

  async acceptInvitation(tokenHash: string, user: UserRecord, now: Date): Promise<boolean> {
    this.open()
    return this.db.transaction(() => {
      const marked = this.#stmt.markInvitationAccepted.run({ tokenHash, now: now.toISOString(), userId: user.id })
      if (marked.changes === 0) return false
      // Throws if the user cannot be created, which rolls the mark back as well.
      this.#stmt.insertUser.run(userParams(user))
      return true
    })()
  }

  async spendInvitation(tokenHash: string, now: Date): Promise<boolean> {
    this.open()
    return this.#stmt.spendInvitation.run({ tokenHash, now: now.toISOString() }).changes > 0
  }
}

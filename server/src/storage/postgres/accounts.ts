/**
 * Postgres's users, sessions and invitations (AccountStore). Accepting an invitation is one
 * transaction whose UPDATE carries the conditions, so concurrent accepts on several instances
 * wait for the row lock and only the first one wins.
 */
import type { AccountStore, UserPatch } from '../accounts.ts'
import type { InvitationRecord, SessionRecord, UserRecord } from '../storage.ts'
import { toInvitation, toSession, toUser, type InvitationRow, type SessionRow, type UserRow } from '../sql-rows.ts'
import { PgStore } from './client.ts'

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

export class PostgresAccounts extends PgStore implements AccountStore {
  async countUsers(): Promise<number> {
    this.pg.open()
    const [row] = await this.pg.rows<{ n: number }>('SELECT count(*)::integer AS n FROM users')
    return row?.n ?? 0
  }

  async createUser(user: UserRecord): Promise<void> {
    this.pg.open()
    await this.pg.pool.query(INSERT_USER, userParams(user))
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    this.pg.open()
    const [row] = await this.pg.rows<UserRow>('SELECT * FROM users WHERE id = $1', [id])
    return row && toUser(row)
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    this.pg.open()
    // Lower-cased in JavaScript, as stored, so both stores fold letters alike.
    const [row] = await this.pg.rows<UserRow>('SELECT * FROM users WHERE email = $1', [email.toLowerCase()])
    return row && toUser(row)
  }

  async listUsers(): Promise<UserRecord[]> {
    this.pg.open()
    return (await this.pg.rows<UserRow>('SELECT * FROM users ORDER BY name, id')).map(toUser)
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    this.pg.open()
    // None of these columns is nullable, so NULL can stand for "not in the patch".
    const { rowCount } = await this.pg.pool.query(
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
    this.pg.open()
    const { tokenHash, userId, createdAt, expiresAt } = session
    await this.pg.pool.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      tokenHash,
      userId,
      createdAt,
      expiresAt,
    ])
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    this.pg.open()
    const [row] = await this.pg.rows<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash])
    return row && toSession(row)
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.pg.open()
    await this.pg.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<string[]> {
    this.pg.open()
    const rows = await this.pg.rows<{ token_hash: string }>(
      'DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR token_hash <> $2) RETURNING token_hash',
      [userId, keep ?? null],
    )
    // RETURNING gives the rows in no defined order; sorted as SQLite's store sorts them.
    return rows.map((row) => row.token_hash).sort()
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    this.pg.open()
    const { rowCount } = await this.pg.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now.toISOString()])
    return rowCount ?? 0
  }

  // --- invitations -------------------------------------------------------------------

  async createInvitation(invitation: InvitationRecord): Promise<void> {
    this.pg.open()
    await this.pg.pool.query(
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
    this.pg.open()
    const [row] = await this.pg.rows<InvitationRow>('SELECT * FROM invitations WHERE token_hash = $1', [tokenHash])
    return row && toInvitation(row)
  }

  async acceptInvitation(tokenHash: string, user: UserRecord, now: Date): Promise<boolean> {
    this.pg.open()
    const params = userParams(user)
    return this.pg.transaction(async (client) => {
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
    this.pg.open()
    const spent = await this.pg.pool.query(
      `UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2`,
      [tokenHash, now.toISOString()],
    )
    return (spent.rowCount ?? 0) > 0
  }
}

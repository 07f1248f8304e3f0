/**
 * Postgres's memberships (MemberStore): table `document_members`. UPSERT_MEMBER is shared with
 * the core, whose createDocument makes the creator owner in the same transaction.
 */
import type { PrincipalType } from '@consenso/protocol'
import type { MemberStore } from '../members.ts'
import type { MemberRecord } from '../storage.ts'
import { toMember, type MemberRow } from '../sql-rows.ts'
import { PgStore } from './client.ts'

export const UPSERT_MEMBER = `INSERT INTO document_members (document_id, principal_type, principal_id, role)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (document_id, principal_type, principal_id) DO UPDATE SET role = excluded.role`

export class PostgresMembers extends PgStore implements MemberStore {
  async setMember(member: MemberRecord): Promise<void> {
    this.pg.open()
    const { documentId, principalType, principalId, role } = member
    await this.pg.transaction(async (client) => {
      // principal_id can have no foreign key (it names a user or a delegation), so the
      // principal is checked here, and share-locked as a foreign key would; the draft, the
      // type and the role by the schema.
      const lookup =
        principalType === 'user'
          ? 'SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE'
          : principalType === 'delegation'
            ? 'SELECT 1 FROM delegations WHERE code = $1 FOR KEY SHARE'
            : null
      if (lookup !== null && (await this.pg.rows(lookup, [principalId], client)).length === 0) {
        throw new Error(`unknown ${principalType} ${principalId}`)
      }
      await client.query(UPSERT_MEMBER, [documentId, principalType, principalId, role])
    })
  }

  async removeMember(documentId: string, principalType: PrincipalType, principalId: string): Promise<void> {
    this.pg.open()
    await this.pg.pool.query('DELETE FROM document_members WHERE document_id = $1 AND principal_type = $2 AND principal_id = $3', [
      documentId,
      principalType,
      principalId,
    ])
  }

  async listMembers(documentId: string): Promise<MemberRecord[]> {
    this.pg.open()
    return (
      await this.pg.rows<MemberRow>('SELECT * FROM document_members WHERE document_id = $1 ORDER BY principal_type, principal_id', [documentId])
    ).map(toMember)
  }

  async membershipsOf(userId: string, delegation: string): Promise<MemberRecord[]> {
    this.pg.open()
    return (
      await this.pg.rows<MemberRow>(
        `SELECT * FROM document_members
         WHERE (principal_type = 'user' AND principal_id = $1) OR (principal_type = 'delegation' AND principal_id = $2)
         ORDER BY document_id, principal_type`,
        [userId, delegation],
      )
    ).map(toMember)
  }
}

/**
 * SQLite's memberships (MemberStore): table `document_members`. UPSERT_MEMBER is shared with
 * the core, whose createDocument makes the creator owner in the same transaction.
 */
import type { PrincipalType } from '@consenso/protocol'
import type { MemberStore } from '../members.ts'
import type { MemberRecord } from '../storage.ts'
import { toMember, type MemberRow } from '../sql-rows.ts'
import { SqliteStore } from './store.ts'

export const UPSERT_MEMBER = `INSERT INTO document_members (document_id, principal_type, principal_id, role)
  VALUES (@documentId, @principalType, @principalId, @role)
  ON CONFLICT (document_id, principal_type, principal_id) DO UPDATE SET role = excluded.role`

export class SqliteMembers extends SqliteStore implements MemberStore {
  readonly #stmt = {
    upsertMember: this.db.prepare(UPSERT_MEMBER),
    userExists: this.db.prepare<[string], number>('SELECT 1 FROM users WHERE id = ?').pluck(),
    delegationExists: this.db.prepare<[string], number>('SELECT 1 FROM delegations WHERE code = ?').pluck(),
    deleteMember: this.db.prepare('DELETE FROM document_members WHERE document_id = ? AND principal_type = ? AND principal_id = ?'),
    listMembers: this.db.prepare<[string], MemberRow>(
      'SELECT * FROM document_members WHERE document_id = ? ORDER BY principal_type, principal_id',
    ),
    membershipsOf: this.db.prepare<[string, string], MemberRow>(
      `SELECT * FROM document_members
       WHERE (principal_type = 'user' AND principal_id = ?) OR (principal_type = 'delegation' AND principal_id = ?)
       ORDER BY document_id, principal_type`,
    ),
  }

  async setMember(member: MemberRecord): Promise<void> {
    this.open()
    const { documentId, principalType, principalId, role } = member
    this.db.transaction(() => {
      // principal_id can have no foreign key (it names a user or a delegation), so the
      // principal is checked here; the draft, the type and the role by the schema.
      const exists =
        principalType === 'user'
          ? this.#stmt.userExists.get(principalId) !== undefined
          : principalType === 'delegation'
            ? this.#stmt.delegationExists.get(principalId) !== undefined
            : true
      if (!exists) throw new Error(`unknown ${principalType} ${principalId}`)
      this.#stmt.upsertMember.run({ documentId, principalType, principalId, role })
    })()
  }

  async removeMember(documentId: string, principalType: PrincipalType, principalId: string): Promise<void> {
    this.open()
    this.#stmt.deleteMember.run(documentId, principalType, principalId)
  }

  async listMembers(documentId: string): Promise<MemberRecord[]> {
    this.open()
    return this.#stmt.listMembers.all(documentId).map(toMember)
  }

  async membershipsOf(userId: string, delegation: string): Promise<MemberRecord[]> {
    this.open()
    return this.#stmt.membershipsOf.all(userId, delegation).map(toMember)
  }
}

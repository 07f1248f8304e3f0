/** The memory store's memberships (MemberStore; the rows live in the shared Tables). */
import { isRole, type PrincipalType } from '@consenso/protocol'
import type { MemberStore } from '../members.ts'
import type { MemberRecord } from '../storage.ts'
import { byCodePoint, memberKey, TablesStore } from './tables.ts'

const PRINCIPAL_TYPES: readonly string[] = ['user', 'delegation']

export class MemoryMembers extends TablesStore implements MemberStore {
  async setMember(member: MemberRecord): Promise<void> {
    this.t.open()
    const { documentId, principalType, principalId, role } = member
    if (!this.t.documents.has(documentId)) throw new Error(`unknown document ${documentId}`)
    if (!PRINCIPAL_TYPES.includes(principalType)) throw new Error(`unknown principal type ${String(principalType)}`)
    if (!isRole(role)) throw new Error(`unknown role ${String(role)}`)
    const exists = principalType === 'user' ? this.t.users.has(principalId) : this.t.delegations.has(principalId)
    if (!exists) throw new Error(`unknown ${principalType} ${principalId}`)
    this.t.members.set(memberKey(documentId, principalType, principalId), { documentId, principalType, principalId, role })
  }

  async removeMember(documentId: string, principalType: PrincipalType, principalId: string): Promise<void> {
    this.t.open()
    this.t.members.delete(memberKey(documentId, principalType, principalId))
  }

  async listMembers(documentId: string): Promise<MemberRecord[]> {
    this.t.open()
    return [...this.t.members.values()]
      .filter((m) => m.documentId === documentId)
      .map((m) => ({ ...m }))
      .sort((a, b) => byCodePoint(a.principalType, b.principalType) || byCodePoint(a.principalId, b.principalId))
  }

  async membershipsOf(userId: string, delegation: string): Promise<MemberRecord[]> {
    this.t.open()
    return [...this.t.members.values()]
      .filter((m) => (m.principalType === 'user' ? m.principalId === userId : m.principalId === delegation))
      .map((m) => ({ ...m }))
      .sort((a, b) => byCodePoint(a.documentId, b.documentId) || byCodePoint(a.principalType, b.principalType))
  }
}

/**
 * Who may do what on a draft: roles given to a user or to a whole delegation. Part
 * of every Storage as `storage.members`. A draft's creator becomes its owner inside
 * createDocument (the core), and deleteDocument removes a draft's memberships with it.
 * Implemented in memory/, sqlite/ and postgres/ (members.ts in each).
 */
import type { PrincipalType } from '@consenso/protocol'
import type { MemberRecord } from './storage.ts'

export interface MemberStore {
  /**
   * Creates or replaces the principal's role on the draft. Throws, changing nothing, if the
   * draft, the user or the delegation does not exist, or the type or role is not one we know.
   */
  setMember(member: MemberRecord): Promise<void>
  /** A no-op if there is no such membership. */
  removeMember(documentId: string, principalType: PrincipalType, principalId: string): Promise<void>
  /** Ordered by principal type ('delegation' before 'user'), then principal id. */
  listMembers(documentId: string): Promise<MemberRecord[]>
  /**
   * Memberships that name this user or this delegation, across all drafts; ordered by draft
   * id, then principal type.
   */
  membershipsOf(userId: string, delegation: string): Promise<MemberRecord[]>
}

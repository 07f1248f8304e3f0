/**
 * A user's effective role on a draft: the stronger of the role granted to them and the role
 * granted to their delegation. Instance administrators get no implicit access to drafts:
 * negotiating texts are confidential to their parties.
 */
import { strongerRole, type Role } from '@consenso/protocol'
import type { MemberRecord, Storage, UserRecord } from '../storage/storage.ts'

export function roleFromMembers(members: readonly MemberRecord[], user: Pick<UserRecord, 'id' | 'delegation'>): Role | null {
  let role: Role | null = null
  for (const member of members) {
    const applies =
      (member.principalType === 'user' && member.principalId === user.id) ||
      (member.principalType === 'delegation' && member.principalId === user.delegation)
    if (applies) role = strongerRole(role, member.role)
  }
  return role
}

export async function effectiveRole(storage: Storage, user: Pick<UserRecord, 'id' | 'delegation'>, documentId: string): Promise<Role | null> {
  return roleFromMembers(await storage.members.listMembers(documentId), user)
}

/**
 * Whether the person keeps the workspace's shared records (the register, questionnaires, good
 * practices, the glossary): a member of a technical secretariat (delegation kind
 * `secretariat`) or an instance administrator.
 */
export async function managesWorkspace(storage: Storage, user: Pick<UserRecord, 'admin' | 'delegation'>): Promise<boolean> {
  return user.admin || (await storage.delegations.getDelegation(user.delegation))?.kind === 'secretariat'
}

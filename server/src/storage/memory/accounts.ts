/**
 * The memory store's users, sessions and invitations (AccountStore). Users live in the shared
 * Tables (memberships and drafts name them); sessions and invitations only here. Every method
 * checks everything before it changes anything, as a rolled-back transaction would leave it.
 */
import type { AccountStore, UserPatch } from '../accounts.ts'
import type { InvitationRecord, SessionRecord, UserRecord } from '../storage.ts'
import { byCodePoint, TablesStore } from './tables.ts'

const copyUser = (user: UserRecord): UserRecord => ({ ...user })

export class MemoryAccounts extends TablesStore implements AccountStore {
  readonly #sessions = new Map<string, SessionRecord>()
  readonly #invitations = new Map<string, InvitationRecord>()

  async countUsers(): Promise<number> {
    this.t.open()
    return this.t.users.size
  }

  /** Throws unless `user` could be inserted; returns the copy to insert. */
  #checkNewUser(user: UserRecord): UserRecord {
    const stored: UserRecord = { ...user, email: user.email.toLowerCase() }
    if (this.t.users.has(stored.id)) throw new Error(`user ${stored.id} already exists`)
    if (this.#findByEmail(stored.email)) throw new Error('a user with this email already exists')
    if (!this.t.delegations.has(stored.delegation)) throw new Error(`unknown delegation ${stored.delegation}`)
    return stored
  }

  #findByEmail(lowerCased: string): UserRecord | undefined {
    for (const user of this.t.users.values()) if (user.email === lowerCased) return user
    return undefined
  }

  async createUser(user: UserRecord): Promise<void> {
    this.t.open()
    const stored = this.#checkNewUser(user)
    this.t.users.set(stored.id, stored)
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    this.t.open()
    const user = this.t.users.get(id)
    return user && copyUser(user)
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    this.t.open()
    const user = this.#findByEmail(email.toLowerCase())
    return user && copyUser(user)
  }

  async listUsers(): Promise<UserRecord[]> {
    this.t.open()
    return [...this.t.users.values()].map(copyUser).sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id))
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    this.t.open()
    const user = this.t.users.get(id)
    if (!user) throw new Error(`unknown user ${id}`)
    // Field by field, so a wider object passed in (say, with an email) changes nothing else.
    if (patch.name !== undefined) user.name = patch.name
    if (patch.admin !== undefined) user.admin = patch.admin
    if (patch.disabled !== undefined) user.disabled = patch.disabled
    if (patch.passwordHash !== undefined) user.passwordHash = patch.passwordHash
  }

  // --- sessions ----------------------------------------------------------------------

  async createSession(session: SessionRecord): Promise<void> {
    this.t.open()
    if (this.#sessions.has(session.tokenHash)) throw new Error('session already exists')
    if (!this.t.users.has(session.userId)) throw new Error(`unknown user ${session.userId}`)
    this.#sessions.set(session.tokenHash, { ...session })
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    this.t.open()
    const session = this.#sessions.get(tokenHash)
    return session && { ...session }
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.t.open()
    this.#sessions.delete(tokenHash)
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<string[]> {
    this.t.open()
    const deleted: string[] = []
    for (const session of this.#sessions.values()) {
      if (session.userId === userId && session.tokenHash !== keep) deleted.push(session.tokenHash)
    }
    for (const tokenHash of deleted) this.#sessions.delete(tokenHash)
    return deleted.sort()
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    this.t.open()
    const cutoff = now.toISOString()
    let count = 0
    for (const [tokenHash, session] of this.#sessions) {
      if (session.expiresAt <= cutoff) {
        this.#sessions.delete(tokenHash)
        count++
      }
    }
    return count
  }

  // --- invitations -------------------------------------------------------------------

  async createInvitation(invitation: InvitationRecord): Promise<void> {
    this.t.open()
    if (this.#invitations.has(invitation.tokenHash)) throw new Error('invitation already exists')
    if (!this.t.delegations.has(invitation.delegation)) throw new Error(`unknown delegation ${invitation.delegation}`)
    this.#invitations.set(invitation.tokenHash, { ...invitation })
  }

  async getInvitation(tokenHash: string): Promise<InvitationRecord | undefined> {
    this.t.open()
    const invitation = this.#invitations.get(tokenHash)
    return invitation && { ...invitation }
  }

  async acceptInvitation(tokenHash: string, user: UserRecord, now: Date): Promise<boolean> {
    this.t.open()
    const at = now.toISOString()
    const invitation = this.#invitations.get(tokenHash)
    if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt <= at) return false
    const stored = this.#checkNewUser(user)
    this.t.users.set(stored.id, stored)
    invitation.acceptedAt = at
    invitation.acceptedBy = stored.id
    return true
  }

  async spendInvitation(tokenHash: string, now: Date): Promise<boolean> {
    this.t.open()
    const at = now.toISOString()
    const invitation = this.#invitations.get(tokenHash)
    if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt <= at) return false
    invitation.acceptedAt = at
    return true
  }
}

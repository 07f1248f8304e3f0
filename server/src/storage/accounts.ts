/**
 * User accounts, their sign-in sessions and the invitations that create them (AUTH-*). Part
 * of every Storage as `storage.accounts`; kept apart from the drafts because the auth routes
 * and the session check are its only users. Implemented in memory/, sqlite/ and postgres/
 * (accounts.ts in each).
 */
import type { InvitationRecord, SessionRecord, UserRecord } from './storage.ts'

export type UserPatch = Partial<Pick<UserRecord, 'name' | 'admin' | 'disabled' | 'passwordHash'>>

export interface AccountStore {
  // --- users -------------------------------------------------------------------------
  /** Every account, disabled ones included. */
  countUsers(): Promise<number>
  /**
   * Stores the email lower-cased. Throws, creating nothing, if the id or the (lower-cased)
   * email exists, or the delegation does not.
   */
  createUser(user: UserRecord): Promise<void>
  getUser(id: string): Promise<UserRecord | undefined>
  /** Case-insensitive. */
  getUserByEmail(email: string): Promise<UserRecord | undefined>
  /** Ordered by name, then id (by code point). */
  listUsers(): Promise<UserRecord[]>
  /** Changes only the fields present in `patch`; throws if the user does not exist. */
  updateUser(id: string, patch: UserPatch): Promise<void>

  // --- sessions ----------------------------------------------------------------------
  /** Throws if the token hash exists or the user does not. */
  createSession(session: SessionRecord): Promise<void>
  /** Expired sessions are returned too: the caller compares `expiresAt` with its clock. */
  getSession(tokenHash: string): Promise<SessionRecord | undefined>
  /** A no-op for an unknown hash. */
  deleteSession(tokenHash: string): Promise<void>
  /**
   * Deletes every session of the user except `keep` (if given); returns the deleted token
   * hashes, sorted.
   */
  deleteUserSessions(userId: string, keep?: string): Promise<string[]>
  /**
   * Deletes the sessions whose `expiresAt` is at or before `now` (the instant from which they
   * no longer sign anyone in); returns how many.
   */
  deleteExpiredSessions(now: Date): Promise<number>

  // --- invitations -------------------------------------------------------------------
  /** Throws if the token hash exists or the delegation does not. */
  createInvitation(invitation: InvitationRecord): Promise<void>
  getInvitation(tokenHash: string): Promise<InvitationRecord | undefined>
  /**
   * Creates the user and marks the invitation used (`acceptedAt` = `now`, `acceptedBy` = the
   * user's id), atomically, only if it exists, is unused and is unexpired at `now`
   * (`expiresAt` after `now`). Returns false, and changes nothing, otherwise; of two
   * concurrent accepts at most one returns true.
   *
   * If the invitation is usable but the user cannot be created (its id or email is taken, its
   * delegation unknown) it throws, as createUser does, and changes nothing: the invitation
   * stays unused, so the invitee can retry with another address. The caller builds `user`
   * from the invitation (delegation, admin) and checks the invitation's email itself.
   */
  acceptInvitation(tokenHash: string, user: UserRecord, now: Date): Promise<boolean>
  /**
   * Marks a usable invitation used without creating anyone (`acceptedAt` = `now`,
   * `acceptedBy` null): after an attempt that failed in a way that must not be probed again.
   * Returns false, changing nothing, if it is unknown, used or expired at `now`.
   */
  spendInvitation(tokenHash: string, now: Date): Promise<boolean>
}

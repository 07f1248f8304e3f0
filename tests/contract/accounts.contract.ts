/*
 * The accounts part of the storage contract (`storage.accounts`: users, sessions, invitations),
 * registered inside `storageContract` for every implementation (memory, SQLite, Postgres; see
 * storage.test.ts). Rules, cited by id in the test names:
 *
 * [STORE-20] createUser stores the user with the email lower-cased; getUser and getUserByEmail
 *            (in any letter case) return it; countUsers counts every account.
 * [STORE-21] createUser refuses, changing nothing, a taken id, a taken email in any letter case,
 *            and an unknown delegation.
 * [STORE-22] listUsers orders by name, then id.
 * [STORE-23] updateUser changes exactly the fields in the patch and nothing else; an unknown
 *            user is refused.
 * [STORE-24] Sessions read back as created, expired ones too; deleteSession removes one (and
 *            ignores an unknown hash); a taken hash or an unknown user is refused.
 * [STORE-25] deleteUserSessions removes all of one user's sessions but `keep` and returns their
 *            hashes, sorted; deleteExpiredSessions removes those expiring at or before `now`,
 *            of every user, and returns how many.
 * [STORE-26] Invitations read back as created; a taken hash or an unknown delegation is refused.
 * [STORE-27] acceptInvitation creates the user and marks the invitation accepted (at `now`, by
 *            that user) once only: a second accept, even concurrent, returns false and creates
 *            no second user.
 * [STORE-28] acceptInvitation of an expired (expiresAt at or before `now`) or unknown invitation
 *            returns false and creates nothing; if the user cannot be created (email taken) it
 *            rejects, the invitation stays unused and can still be accepted.
 * [STORE-51] spendInvitation marks a usable invitation used (acceptedAt `now`, acceptedBy null)
 *            without creating anyone, once; an unknown, used or expired one returns false.
 */
import { describe, expect, it } from 'vitest'
import { type Storage, type UserRecord } from '@consenso/server/storage'
import { user, session, invitation, storeOfEachTest } from './fixtures.ts'

export function accountContract(current: () => Storage): void {
  const storage = storeOfEachTest(current)

  describe('users', () => {
    it('[STORE-20] createUser stores the email lower-cased; lookups by id and by email in any case', async () => {
      expect(await storage.accounts.countUsers()).toBe(0)
      const ana = user('u1', { email: 'Ana.Pérez@Example.ORG', name: 'Ana Pérez', admin: true })
      await storage.accounts.createUser(ana)
      const stored = { ...ana, email: 'ana.pérez@example.org' }
      expect(await storage.accounts.getUser('u1')).toEqual(stored)
      expect(await storage.accounts.getUser('U1')).toBeUndefined()
      // Non-ASCII letters fold too, which SQLite's own lower() would not do.
      for (const email of ['ana.pérez@example.org', 'ANA.PÉREZ@EXAMPLE.ORG', 'Ana.Pérez@Example.ORG']) {
        expect(await storage.accounts.getUserByEmail(email), email).toEqual(stored)
      }
      expect(await storage.accounts.getUserByEmail('ana@example.org')).toBeUndefined()
      await storage.accounts.createUser(user('u2', { disabled: true }))
      expect(await storage.accounts.countUsers()).toBe(2)
      expect((await storage.accounts.getUser('u2'))?.disabled).toBe(true)
    })

    it('[STORE-21] a taken id, a taken email in any case or an unknown delegation is refused', async () => {
      const ana = user('u1', { email: 'ana@example.org' })
      await storage.accounts.createUser(ana)
      const attempts: UserRecord[] = [
        user('u1', { email: 'other@example.org' }),
        user('u2', { email: 'ana@example.org' }),
        user('u2', { email: 'ANA@Example.Org' }),
        user('u2', { delegation: 'XXX' }),
        user('u2', { delegation: 'mex' }),
      ]
      for (const attempt of attempts) {
        await expect(storage.accounts.createUser(attempt), JSON.stringify(attempt)).rejects.toThrow()
      }
      expect(await storage.accounts.countUsers()).toBe(1)
      expect(await storage.accounts.listUsers()).toEqual([ana])
      expect(await storage.accounts.getUser('u2')).toBeUndefined()
      expect(await storage.accounts.getUserByEmail('other@example.org')).toBeUndefined()
    })

    it('[STORE-22] listUsers orders by name, then id', async () => {
      expect(await storage.accounts.listUsers()).toEqual([])
      for (const [id, name] of [
        ['u3', 'Beatriz'],
        ['u1', 'Carlos'],
        ['u4', 'Ana'],
        ['u2', 'Beatriz'],
      ] as const) {
        await storage.accounts.createUser(user(id, { name }))
      }
      expect((await storage.accounts.listUsers()).map((u) => u.id)).toEqual(['u4', 'u2', 'u3', 'u1'])
    })

    it('[STORE-23] updateUser changes exactly the fields in the patch', async () => {
      const ana = user('u1', { email: 'ana@example.org' })
      const other = user('u2')
      await storage.accounts.createUser(ana)
      await storage.accounts.createUser(other)

      await storage.accounts.updateUser('u1', { disabled: true })
      expect(await storage.accounts.getUser('u1')).toEqual({ ...ana, disabled: true })
      await storage.accounts.updateUser('u1', { admin: true, name: 'Ana María' })
      expect(await storage.accounts.getUser('u1')).toEqual({ ...ana, disabled: true, admin: true, name: 'Ana María' })
      // false must be applied, not mistaken for "absent".
      await storage.accounts.updateUser('u1', { disabled: false, passwordHash: 'scrypt$new' })
      const expected = { ...ana, admin: true, name: 'Ana María', passwordHash: 'scrypt$new' }
      expect(await storage.accounts.getUser('u1')).toEqual(expected)
      await storage.accounts.updateUser('u1', {})
      expect(await storage.accounts.getUser('u1')).toEqual(expected)
      // Fields outside the patch type (reaching it through a wider object) are not written.
      await storage.accounts.updateUser('u1', { email: 'x@example.org', delegation: 'USA', name: 'Ana' } as Parameters<Storage['accounts']['updateUser']>[1])
      expect(await storage.accounts.getUser('u1')).toEqual({ ...expected, name: 'Ana' })
      expect(await storage.accounts.getUser('u2')).toEqual(other)

      await expect(storage.accounts.updateUser('ghost', { admin: true })).rejects.toThrow()
      await expect(storage.accounts.updateUser('ghost', {})).rejects.toThrow()
      expect(await storage.accounts.countUsers()).toBe(2)
    })
  })

  describe('sessions', () => {
    it('[STORE-24] sessions read back as created; a taken hash or an unknown user is refused', async () => {
      await storage.accounts.createUser(user('u1'))
      const live = session('aa11', 'u1')
      const expired = session('bb22', 'u1', '2020-01-01T00:00:00.000Z')
      await storage.accounts.createSession(live)
      await storage.accounts.createSession(expired)
      expect(await storage.accounts.getSession('aa11')).toEqual(live)
      // Expired sessions are still returned: the caller decides with its own clock.
      expect(await storage.accounts.getSession('bb22')).toEqual(expired)
      expect(await storage.accounts.getSession('cc33')).toBeUndefined()

      await expect(storage.accounts.createSession(session('aa11', 'u1', '2031-01-01T00:00:00.000Z'))).rejects.toThrow()
      await expect(storage.accounts.createSession(session('dd44', 'ghost'))).rejects.toThrow()
      expect(await storage.accounts.getSession('aa11')).toEqual(live)
      expect(await storage.accounts.getSession('dd44')).toBeUndefined()

      await storage.accounts.deleteSession('aa11')
      await storage.accounts.deleteSession('never-existed')
      expect(await storage.accounts.getSession('aa11')).toBeUndefined()
      expect(await storage.accounts.getSession('bb22')).toEqual(expired)
    })

    it('[STORE-25] deleteUserSessions keeps one if asked; deleteExpiredSessions removes the expired', async () => {
      await storage.accounts.createUser(user('u1'))
      await storage.accounts.createUser(user('u2'))
      for (const hash of ['c3', 'a1', 'b2']) await storage.accounts.createSession(session(hash, 'u1'))
      await storage.accounts.createSession(session('z9', 'u2'))

      expect(await storage.accounts.deleteUserSessions('u1', 'b2')).toEqual(['a1', 'c3'])
      expect(await storage.accounts.getSession('b2')).toEqual(session('b2', 'u1'))
      expect(await storage.accounts.getSession('a1')).toBeUndefined()
      expect(await storage.accounts.getSession('z9')).toEqual(session('z9', 'u2'))
      expect(await storage.accounts.deleteUserSessions('u1')).toEqual(['b2'])
      expect(await storage.accounts.deleteUserSessions('u1')).toEqual([])
      expect(await storage.accounts.deleteUserSessions('ghost')).toEqual([])
      expect(await storage.accounts.getSession('z9')).toEqual(session('z9', 'u2'))

      const now = new Date('2024-06-01T12:00:00.000Z')
      await storage.accounts.createSession(session('past', 'u1', '2024-06-01T11:59:59.999Z'))
      await storage.accounts.createSession(session('exact', 'u2', '2024-06-01T12:00:00.000Z'))
      await storage.accounts.createSession(session('future', 'u1', '2024-06-01T12:00:00.001Z'))
      expect(await storage.accounts.deleteExpiredSessions(now)).toBe(2)
      expect(await storage.accounts.getSession('past')).toBeUndefined()
      expect(await storage.accounts.getSession('exact')).toBeUndefined()
      expect(await storage.accounts.getSession('future')).toEqual(session('future', 'u1', '2024-06-01T12:00:00.001Z'))
      expect(await storage.accounts.getSession('z9')).toEqual(session('z9', 'u2'))
      expect(await storage.accounts.deleteExpiredSessions(now)).toBe(0)
    })
  })

  describe('invitations', () => {
    const before = new Date('2024-01-05T00:00:00.000Z')

    it('[STORE-26] invitations read back as created; a taken hash or an unknown delegation is refused', async () => {
      await storage.accounts.createUser(user('admin'))
      const open = invitation('inv1', { email: 'ana@example.org', admin: true, createdBy: 'admin' })
      const plain = invitation('inv2', { delegation: 'ST-CRM' })
      await storage.accounts.createInvitation(open)
      await storage.accounts.createInvitation(plain)
      expect(await storage.accounts.getInvitation('inv1')).toEqual(open)
      expect(await storage.accounts.getInvitation('inv2')).toEqual(plain)
      expect(await storage.accounts.getInvitation('inv3')).toBeUndefined()

      await expect(storage.accounts.createInvitation(invitation('inv1', { delegation: 'USA' }))).rejects.toThrow()
      await expect(storage.accounts.createInvitation(invitation('inv3', { delegation: 'XXX' }))).rejects.toThrow()
      expect(await storage.accounts.getInvitation('inv1')).toEqual(open)
      expect(await storage.accounts.getInvitation('inv3')).toBeUndefined()
    })

    it('[STORE-27] an invitation is accepted once only', async () => {
      await storage.accounts.createInvitation(invitation('inv1', { admin: true }))
      const ana = user('u1', { email: 'Ana@Example.org', delegation: 'GTM', admin: true })
      expect(await storage.accounts.acceptInvitation('inv1', ana, before)).toBe(true)
      expect(await storage.accounts.getUser('u1')).toEqual({ ...ana, email: 'ana@example.org' })
      expect(await storage.accounts.getInvitation('inv1')).toEqual(
        invitation('inv1', { admin: true, acceptedAt: before.toISOString(), acceptedBy: 'u1' }),
      )

      expect(await storage.accounts.acceptInvitation('inv1', user('u2', { delegation: 'GTM' }), before)).toBe(false)
      expect(await storage.accounts.getUser('u2')).toBeUndefined()
      expect(await storage.accounts.countUsers()).toBe(1)
      expect((await storage.accounts.getInvitation('inv1'))?.acceptedBy).toBe('u1')

      // Two accepts in flight at once: exactly one wins.
      await storage.accounts.createInvitation(invitation('inv2'))
      const results = await Promise.all([
        storage.accounts.acceptInvitation('inv2', user('u3', { delegation: 'GTM' }), before),
        storage.accounts.acceptInvitation('inv2', user('u4', { delegation: 'GTM' }), before),
      ])
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await storage.accounts.countUsers()).toBe(2)
      const winner = results[0] ? 'u3' : 'u4'
      expect((await storage.accounts.getInvitation('inv2'))?.acceptedBy).toBe(winner)
    })

    it('[STORE-28] an expired or unknown invitation creates nothing; a taken email rejects and keeps it usable', async () => {
      await storage.accounts.createInvitation(invitation('inv1', { expiresAt: '2024-01-08T00:00:00.000Z' }))
      const ana = user('u1', { delegation: 'GTM' })
      for (const now of ['2024-01-08T00:00:00.000Z', '2024-01-09T00:00:00.000Z']) {
        expect(await storage.accounts.acceptInvitation('inv1', ana, new Date(now)), now).toBe(false)
      }
      expect(await storage.accounts.acceptInvitation('unknown', ana, before)).toBe(false)
      expect(await storage.accounts.countUsers()).toBe(0)
      expect(await storage.accounts.getInvitation('inv1')).toEqual(invitation('inv1'))

      await storage.accounts.createUser(user('taken', { email: 'ana@example.org' }))
      await expect(storage.accounts.acceptInvitation('inv1', user('u1', { email: 'ANA@example.org', delegation: 'GTM' }), before)).rejects.toThrow()
      await expect(storage.accounts.acceptInvitation('inv1', user('taken', { email: 'new@example.org', delegation: 'GTM' }), before)).rejects.toThrow()
      expect(await storage.accounts.countUsers()).toBe(1)
      expect(await storage.accounts.getUser('u1')).toBeUndefined()
      expect(await storage.accounts.getInvitation('inv1')).toEqual(invitation('inv1'))

      // Still usable, just before it expires.
      const lastMoment = new Date('2024-01-07T23:59:59.999Z')
      expect(await storage.accounts.acceptInvitation('inv1', ana, lastMoment)).toBe(true)
      expect(await storage.accounts.getUser('u1')).toEqual(ana)
    })

    it('[STORE-51] spending an invitation makes it used without creating anyone', async () => {
      await storage.accounts.createInvitation(invitation('inv1', { expiresAt: '2024-01-08T00:00:00.000Z' }))
      expect(await storage.accounts.spendInvitation('inv1', before)).toBe(true)
      expect(await storage.accounts.getInvitation('inv1')).toEqual(invitation('inv1', { expiresAt: '2024-01-08T00:00:00.000Z', acceptedAt: before.toISOString() }))
      expect(await storage.accounts.spendInvitation('inv1', before)).toBe(false)
      expect(await storage.accounts.acceptInvitation('inv1', user('u1', { delegation: 'GTM' }), before)).toBe(false)
      expect(await storage.accounts.countUsers()).toBe(0)
      await storage.accounts.createInvitation(invitation('inv2', { expiresAt: '2024-01-08T00:00:00.000Z' }))
      expect(await storage.accounts.spendInvitation('inv2', new Date('2024-01-08T00:00:00.000Z'))).toBe(false)
      expect(await storage.accounts.spendInvitation('unknown', before)).toBe(false)
    })
  })
}

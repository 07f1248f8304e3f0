/*
 * The membership part of the storage contract (`storage.members`, and the owner createDocument
 * makes), registered inside `storageContract` for every implementation (memory, SQLite,
 * Postgres; see storage.test.ts). Rules, cited by id in the test names:
 *
 * [STORE-29] createDocument with createdBy makes that user the draft's owner; without, the draft
 *            has no members; a createdBy naming no user is refused and creates nothing.
 * [STORE-30] setMember creates or replaces a role; removeMember removes one (and ignores what is
 *            not there); listMembers orders by principal type, then id; an unknown draft, user,
 *            delegation, type or role is refused and changes nothing.
 * [STORE-31] membershipsOf returns, across drafts, the memberships naming the user or the
 *            delegation and none other, ordered by draft.
 * [STORE-32] deleteDocument removes the record, both logs, the snapshots and the memberships of
 *            that draft only, keeps the audit entries naming it, and ignores an unknown id.
 */
import { describe, expect, it } from 'vitest'
import type { Storage } from '@consenso/server/storage'
import { record, user, audit, Draft, merge, seed, body, meta, storeOfEachTest } from './fixtures.ts'

export function memberContract(current: () => Storage): void {
  const storage = storeOfEachTest(current)

  describe('membership', () => {
    it('[STORE-29] createDocument with createdBy makes its owner; without, no members', async () => {
      await storage.accounts.createUser(user('u1'))
      const owned = record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1')
      await storage.createDocument(owned, new Draft().paragraph('x'))
      expect(await storage.getDocument('d1')).toEqual(owned)
      expect(await storage.members.listMembers('d1')).toEqual([{ documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'owner' }])

      await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))
      expect((await storage.getDocument('d2'))?.createdBy).toBeNull()
      expect(await storage.members.listMembers('d2')).toEqual([])

      await expect(storage.createDocument(record('d3', '2024-01-01T00:00:00.000Z', 'blank', 'ghost'), new Draft().paragraph('z'))).rejects.toThrow()
      expect(await storage.getDocument('d3')).toBeUndefined()
      expect(await storage.loadLog(body('d3'))).toEqual({ snapshot: null, updates: [] })
      expect(await storage.members.listMembers('d3')).toEqual([])
      expect((await storage.listDocuments()).map((r) => r.id)).toEqual(['d1', 'd2'])
    })

    it('[STORE-30] setMember creates or replaces; removeMember removes; refusals change nothing', async () => {
      await storage.accounts.createUser(user('u1'))
      await storage.accounts.createUser(user('u2'))
      await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
      await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))

      await storage.members.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' })
      await storage.members.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'viewer' })
      await storage.members.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'ARG', role: 'viewer' })
      await storage.members.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'editor' })
      await storage.members.setMember({ documentId: 'd2', principalType: 'user', principalId: 'u2', role: 'owner' })
      const d1 = [
        { documentId: 'd1', principalType: 'delegation', principalId: 'ARG', role: 'viewer' },
        { documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' },
        { documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'owner' },
        { documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'editor' },
      ]
      expect(await storage.members.listMembers('d1')).toEqual(d1)

      const refused = [
        { documentId: 'ghost', principalType: 'user', principalId: 'u2', role: 'viewer' },
        { documentId: 'd1', principalType: 'user', principalId: 'ghost', role: 'viewer' },
        { documentId: 'd1', principalType: 'delegation', principalId: 'XXX', role: 'viewer' },
        // A user id is not a delegation code, nor the other way round.
        { documentId: 'd1', principalType: 'delegation', principalId: 'u2', role: 'viewer' },
        { documentId: 'd1', principalType: 'user', principalId: 'PAN', role: 'viewer' },
        { documentId: 'd1', principalType: 'group', principalId: 'u2', role: 'viewer' },
        { documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'admin' },
      ] as unknown as Parameters<Storage['members']['setMember']>[0][]
      for (const member of refused) {
        await expect(storage.members.setMember(member), JSON.stringify(member)).rejects.toThrow()
      }
      expect(await storage.members.listMembers('d1')).toEqual(d1)
      expect(await storage.members.listMembers('ghost')).toEqual([])

      await storage.members.removeMember('d1', 'delegation', 'PAN')
      await storage.members.removeMember('d1', 'user', 'PAN')
      await storage.members.removeMember('d1', 'delegation', 'USA')
      await storage.members.removeMember('ghost', 'user', 'u2')
      expect(await storage.members.listMembers('d1')).toEqual(d1.filter((m) => m.principalId !== 'PAN'))
      expect(await storage.members.listMembers('d2')).toEqual([{ documentId: 'd2', principalType: 'user', principalId: 'u2', role: 'owner' }])
    })

    it('[STORE-31] membershipsOf finds the user and the delegation across drafts', async () => {
      await storage.accounts.createUser(user('u1', { delegation: 'PAN' }))
      await storage.accounts.createUser(user('u2', { delegation: 'PAN' }))
      await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
      await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u2'), new Draft().paragraph('y'))
      await storage.createDocument(record('d3', '2024-01-01T00:00:00.000Z', 'blank', 'u2'), new Draft().paragraph('z'))
      await storage.members.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' })
      await storage.members.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'viewer' })
      await storage.members.setMember({ documentId: 'd3', principalType: 'delegation', principalId: 'ARG', role: 'editor' })
      // A user whose id equals a delegation code must not match that delegation's grants.
      await storage.accounts.createUser(user('ARG', { delegation: 'MEX', email: 'arg@example.org' }))

      expect(await storage.members.membershipsOf('u1', 'PAN')).toEqual([
        { documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' },
        { documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'viewer' },
        { documentId: 'd2', principalType: 'user', principalId: 'u1', role: 'owner' },
      ])
      expect(await storage.members.membershipsOf('u2', 'ARG')).toEqual([
        { documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'owner' },
        { documentId: 'd3', principalType: 'delegation', principalId: 'ARG', role: 'editor' },
        { documentId: 'd3', principalType: 'user', principalId: 'u2', role: 'owner' },
      ])
      expect(await storage.members.membershipsOf('ARG', 'MEX')).toEqual([])
      expect(await storage.members.membershipsOf('nobody', 'USA')).toEqual([])
    })

    it('[STORE-32] deleteDocument removes the draft, its logs, snapshots and members, not the audit', async () => {
      await storage.accounts.createUser(user('u1'))
      const { draft } = await seed(storage)
      await storage.compact(body('d1'), merge)
      await storage.compact(meta('d1'), merge)
      await storage.appendUpdates([{ key: body('d1'), update: draft.paragraph('después') }], new Date('2024-03-01T00:00:00.000Z'))
      await storage.members.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'owner' })
      await storage.members.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'viewer' })
      const keep = new Draft()
      await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), keep.paragraph('sigue'))
      await storage.appendUpdates([{ key: meta('d2'), update: new Draft().comment('t', 'nota') }], new Date('2024-03-01T00:00:00.000Z'))
      await storage.compact(body('d2'), merge)
      const d2 = { record: await storage.getDocument('d2'), body: await storage.loadLog(body('d2')), meta: await storage.loadLog(meta('d2')) }
      await storage.audit.appendAudit(audit('2024-03-02T00:00:00.000Z', { action: 'document.created', documentId: 'd1', actorId: 'u1' }))

      await storage.deleteDocument('d1')
      await storage.deleteDocument('d1')
      await storage.deleteDocument('ghost')

      expect(await storage.getDocument('d1')).toBeUndefined()
      expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [] })
      expect(await storage.loadLog(meta('d1'))).toEqual({ snapshot: null, updates: [] })
      expect(await storage.members.listMembers('d1')).toEqual([])
      expect(await storage.members.membershipsOf('u1', 'PAN')).toEqual([{ documentId: 'd2', principalType: 'user', principalId: 'u1', role: 'owner' }])
      expect(await storage.listDocuments()).toEqual([d2.record])
      expect(await storage.loadLog(body('d2'))).toEqual(d2.body)
      expect(await storage.loadLog(meta('d2'))).toEqual(d2.meta)
      expect((await storage.audit.listAudit({ documentId: 'd1' })).map((e) => e.action)).toEqual(['document.created'])

      // The id is free again, and the new draft starts empty and unshared.
      const again = new Draft().paragraph('nuevo')
      await storage.createDocument(record('d1', '2024-04-01T00:00:00.000Z'), again)
      expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [again] })
      expect(await storage.members.listMembers('d1')).toEqual([])
    })
  })
}

/*
 * The party-groups part of the storage contract (PARTY-*), registered inside `storageContract`
 * for every implementation. Rules, cited by id in the test names:
 *
 * [STORE-160] A new store holds PARTY_GROUPS (migration 9 for SQLite and Postgres), in their
 *             order; createPartyGroup adds a group at the end of listPartyGroups and
 *             getPartyGroup reads it back; a taken id is refused and changes nothing; an
 *             unknown id reads undefined; changing a returned group changes nothing stored.
 * [STORE-161] updatePartyGroup changes exactly the fields in the patch (members replaced whole)
 *             and returns the group; an unknown id gives undefined; deletePartyGroup removes a
 *             group and answers false for an unknown id; (durable stores) groups survive close
 *             and reopen.
 */
import { describe, expect, it } from 'vitest'
import { PARTY_GROUPS } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'

const TROIKA = { id: 'troika-crm', nameEs: 'Troika de la CRM', nameEn: 'CRM troika', members: ['CRI', 'MEX', 'PAN'] }

export function partyGroupContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('party groups', () => {
    it('[STORE-160] the built-in groups first; created groups follow, read back; a taken id is refused', async () => {
      const storage = current()
      const builtIn = PARTY_GROUPS.map((g) => ({ id: g.id, nameEs: g.nameEs, nameEn: g.nameEn, members: [...g.members] }))
      expect(await storage.partyGroups.listPartyGroups()).toEqual(builtIn)
      await storage.partyGroups.createPartyGroup(TROIKA)
      expect(await storage.partyGroups.getPartyGroup('troika-crm')).toEqual(TROIKA)
      expect((await storage.partyGroups.listPartyGroups()).map((g) => g.id)).toEqual([...builtIn.map((g) => g.id), 'troika-crm'])
      await expect(storage.partyGroups.createPartyGroup({ ...TROIKA, nameEn: 'Other', members: ['CHL'] })).rejects.toThrow()
      expect(await storage.partyGroups.getPartyGroup('troika-crm')).toEqual(TROIKA)
      expect(await storage.partyGroups.getPartyGroup('nope')).toBeUndefined()
      const read = (await storage.partyGroups.getPartyGroup('troika-crm'))!
      ;(read.members as string[]).push('USA')
      expect((await storage.partyGroups.getPartyGroup('troika-crm'))!.members).toEqual(TROIKA.members)
    })

    it('[STORE-161] updates change exactly the fields given; deletes remove; groups survive a reopen', async () => {
      let storage = current()
      await storage.partyGroups.createPartyGroup(TROIKA)
      expect(await storage.partyGroups.updatePartyGroup('troika-crm', { members: ['CRI', 'GTM'] })).toEqual({ ...TROIKA, members: ['CRI', 'GTM'] })
      expect(await storage.partyGroups.updatePartyGroup('troika-crm', { nameEn: 'CRM troika 2027' })).toEqual({ ...TROIKA, nameEn: 'CRM troika 2027', members: ['CRI', 'GTM'] })
      expect(await storage.partyGroups.updatePartyGroup('nope', { nameEn: 'x' })).toBeUndefined()
      expect(await storage.partyGroups.deletePartyGroup('ad-hoc')).toBe(true)
      expect(await storage.partyGroups.deletePartyGroup('ad-hoc')).toBe(false)
      expect((await storage.partyGroups.listPartyGroups()).map((g) => g.id)).toEqual(['crm', 'csm', 'troika-crm'])
      if (reopen) {
        storage = await reopen()
        expect((await storage.partyGroups.listPartyGroups()).map((g) => g.id)).toEqual(['crm', 'csm', 'troika-crm'])
        expect((await storage.partyGroups.getPartyGroup('troika-crm'))!.members).toEqual(['CRI', 'GTM'])
      }
    })
  })
}

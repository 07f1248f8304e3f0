/*
 * The delegations part of the storage contract (`storage.delegations`), registered inside
 * `storageContract` for every implementation (memory, SQLite, Postgres; see storage.test.ts).
 * Rules, cited by id in the test names:
 *
 * [STORE-18] A new store already holds every delegation of DELEGATIONS (code, names, kind,
 *            colour), and listDelegations orders them by code.
 * [STORE-19] createDelegation adds a delegation that getDelegation and listDelegations return;
 *            a code that exists, or an unknown kind, is refused and changes nothing; an unknown
 *            code reads as undefined.
 */
import { describe, expect, it } from 'vitest'
import { type DelegationRecord } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'
import { SEEDED, storeOfEachTest } from './fixtures.ts'

export function delegationContract(current: () => Storage): void {
  const storage = storeOfEachTest(current)

  describe('delegations', () => {
    it('[STORE-18] a new store holds every built-in delegation, ordered by code', async () => {
      expect(await storage.delegations.listDelegations()).toEqual(SEEDED)
      for (const delegation of SEEDED) expect(await storage.delegations.getDelegation(delegation.code)).toEqual(delegation)
    })

    it('[STORE-19] createDelegation adds one; a taken code or an unknown kind changes nothing', async () => {
      const observer: DelegationRecord = { code: 'ACNUR', nameEs: 'Alto Comisionado', nameEn: 'UNHCR', kind: 'organisation', color: '#0072bc' }
      await storage.delegations.createDelegation(observer)
      expect(await storage.delegations.getDelegation('ACNUR')).toEqual(observer)
      expect(await storage.delegations.getDelegation('acnur')).toBeUndefined()
      expect(await storage.delegations.getDelegation('XYZ')).toBeUndefined()
      // 'ACNUR' sorts between the seeded codes, so the order is checked and not just appended.
      const expected = [...SEEDED, observer].sort((a, b) => (a.code < b.code ? -1 : 1))
      expect(await storage.delegations.listDelegations()).toEqual(expected)

      await expect(storage.delegations.createDelegation({ ...observer, nameEs: 'Otro' })).rejects.toThrow()
      await expect(storage.delegations.createDelegation({ ...SEEDED[0]!, color: '#000000' })).rejects.toThrow()
      const badKind = { code: 'NEW', nameEs: 'Nueva', nameEn: 'New', kind: 'club', color: '#111111' } as unknown as DelegationRecord
      await expect(storage.delegations.createDelegation(badKind)).rejects.toThrow()
      expect(await storage.delegations.getDelegation('NEW')).toBeUndefined()
      expect(await storage.delegations.listDelegations()).toEqual(expected)
    })
  })
}

/*
 * The delegation-aliases part of the storage contract (REGISTER-32, MINUTES-4), registered
 * inside `storageContract` for every implementation. Rules, cited by id in the test names:
 *
 * [STORE-170] A new store has no aliases; create stores one and list reads it back, by
 *             delegation code then alias; an alias whose words (without case, accents or
 *             hyphens) are already an alias is refused (false) and changes nothing, even for
 *             another delegation; changing a returned alias changes nothing stored.
 * [STORE-171] delete removes one and answers false for an unknown id, after which its words
 *             may be an alias again; (durable stores) aliases survive close and reopen.
 */
import { describe, expect, it } from 'vitest'
import type { DelegationAlias } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'

const alias = (id: string, code: string, words: string): DelegationAlias => ({ id, code, alias: words, createdBy: 'u1', createdAt: '2026-12-07T10:00:00.000Z' })

export function aliasContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('delegation aliases', () => {
    it('[STORE-170] stored, listed by code then alias, unique by their folded words', async () => {
      const storage = current()
      expect(await storage.aliases.list()).toEqual([])
      expect(await storage.aliases.create(alias('a1', 'PAN', 'Presidencia Pro Tempore'))).toBe(true)
      expect(await storage.aliases.create(alias('a2', 'CHL', 'Troika saliente'))).toBe(true)
      expect(await storage.aliases.create(alias('a3', 'CHL', 'Anfitrión'))).toBe(true)
      for (const taken of ['presidencia pro-tempore', 'PRESIDENCIA  PRO TEMPORE', 'troika sáliente']) {
        expect(await storage.aliases.create(alias('a4', 'MEX', taken)), taken).toBe(false)
      }
      const listed = await storage.aliases.list()
      expect(listed.map((a) => [a.id, a.code, a.alias])).toEqual([
        ['a3', 'CHL', 'Anfitrión'],
        ['a2', 'CHL', 'Troika saliente'],
        ['a1', 'PAN', 'Presidencia Pro Tempore'],
      ])
      expect(listed[2]).toEqual(alias('a1', 'PAN', 'Presidencia Pro Tempore'))
      listed[2]!.alias = 'changed'
      expect((await storage.aliases.list())[2]!.alias).toBe('Presidencia Pro Tempore')
    })

    it('[STORE-171] deleted by id, freeing the words; durable stores keep them over a reopen', async () => {
      let storage = current()
      await storage.aliases.create(alias('a1', 'PAN', 'Presidencia Pro Tempore'))
      await storage.aliases.create(alias('a2', 'CHL', 'Troika saliente'))
      expect(await storage.aliases.delete('a1')).toBe(true)
      expect(await storage.aliases.delete('a1')).toBe(false)
      expect(await storage.aliases.create(alias('a5', 'CHL', 'presidencia pro tempore'))).toBe(true)
      const before = await storage.aliases.list()
      expect(before.map((a) => a.id)).toEqual(['a5', 'a2'])
      if (!reopen) return
      storage = await reopen()
      expect(await storage.aliases.list()).toEqual(before)
    })
  })
}

/*
 * The workspace glossary's part of the storage contract (server/SPEC.md GLOSS-1..4),
 * registered inside `storageContract` for every implementation. Rules cited by id:
 *
 * [GLOSS-1] A new store has no entries; write stores entries whole and list reads them back in
 *           the order of their Spanish term folded (their English one without it), then id;
 *           get finds one by id (null for none); changing a returned entry changes nothing stored.
 * [GLOSS-2] Writing an entry whose id exists replaces it whole; one write puts and removes
 *           together; removing (in a write, or by delete) clears every preferredId that
 *           pointed at the removed entry; delete answers false for an unknown id.
 * [GLOSS-3] A write that fails changes nothing (all or none); durable stores keep entries
 *           over a close and reopen.
 */
import { describe, expect, it } from 'vitest'
import type { GlossaryEntry } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'
import { glossaryEntry } from '../helpers/records.ts'

export function glossaryContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('glossary', () => {
    it('[GLOSS-1] stored whole, listed by folded term then id, found by id, copies out', async () => {
      const storage = current()
      expect(await storage.glossary.list()).toEqual([])
      const migrante = glossaryEntry('g1', 'migrante', 'migrant', {
        definitionEs: 'Término genérico…',
        definitionEn: 'An umbrella term…',
        source: 'OIM, Glosario de la OIM sobre Migración (2019)',
        notes: 'Nota "con comillas", y coma',
      })
      await storage.glossary.write({
        put: [
          migrante,
          glossaryEntry('g2', 'Ámbito', 'scope'),
          glossaryEntry('g3', '', 'asylum seeker'),
          glossaryEntry('g0', 'ilegal', 'illegal', { status: 'deprecated', preferredId: 'g4' }),
          glossaryEntry('g4', 'irregular', 'irregular'),
        ],
        remove: [],
      })
      const listed = await storage.glossary.list()
      expect(listed.map((e) => e.id)).toEqual(['g2', 'g3', 'g0', 'g4', 'g1'])
      expect(listed[4]).toEqual(migrante)
      expect(await storage.glossary.get('g0')).toEqual(glossaryEntry('g0', 'ilegal', 'illegal', { status: 'deprecated', preferredId: 'g4' }))
      expect(await storage.glossary.get('nope')).toBeNull()
      listed[4]!.termEs = 'changed'
      const got = (await storage.glossary.get('g1'))!
      got.termEs = 'changed'
      expect((await storage.glossary.get('g1'))!.termEs).toBe('migrante')
    })

    it('[GLOSS-2] replaced by id; puts and removals in one write; removal clears the pointers to it', async () => {
      const storage = current()
      await storage.glossary.write({
        put: [
          glossaryEntry('g1', 'irregular', 'irregular'),
          glossaryEntry('g2', 'ilegal', 'illegal', { status: 'deprecated', preferredId: 'g1' }),
          glossaryEntry('g3', 'indocumentado', 'undocumented', { status: 'deprecated', preferredId: 'g1' }),
          glossaryEntry('g4', 'migrante', 'migrant'),
        ],
        remove: [],
      })
      const edited = glossaryEntry('g4', 'persona migrante', 'migrant', { notes: 'n', updatedBy: 'u2', updatedAt: '2026-12-08T09:00:00.000Z' })
      await storage.glossary.write({ put: [edited], remove: ['g3'] })
      expect(await storage.glossary.get('g4')).toEqual(edited)
      expect(await storage.glossary.get('g3')).toBeNull()
      expect(await storage.glossary.delete('g1')).toBe(true)
      expect(await storage.glossary.delete('g1')).toBe(false)
      expect((await storage.glossary.get('g2'))!.preferredId).toBeNull()
      expect((await storage.glossary.list()).map((e) => e.id)).toEqual(['g2', 'g4'])
    })

    it('[GLOSS-3] all or none; durable stores keep entries over a reopen', async () => {
      let storage = current()
      await storage.glossary.write({ put: [glossaryEntry('g1', 'irregular', 'irregular')], remove: [] })
      // A status the database refuses: nothing of the write is kept (the memory store has no such check).
      const bad = { ...glossaryEntry('g2', 'x', 'x'), status: 'wrong' } as unknown as GlossaryEntry
      const failed = await storage.glossary.write({ put: [glossaryEntry('g3', 'migrante', 'migrant'), bad], remove: ['g1'] }).then(
        () => false,
        () => true,
      )
      if (storage.kind !== 'memory') {
        expect(failed).toBe(true)
        expect((await storage.glossary.list()).map((e) => e.id)).toEqual(['g1'])
      }
      await storage.glossary.write({ put: [glossaryEntry('g4', 'refugiado', 'refugee')], remove: ['g3', 'g2'] })
      const before = await storage.glossary.list()
      if (!reopen) return
      storage = await reopen()
      expect(await storage.glossary.list()).toEqual(before)
    })
  })
}

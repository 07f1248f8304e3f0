/*
 * The search index's part of the storage contract ([SEARCH-1], [SEARCH-2] in server/SPEC.md),
 * registered inside `storageContract` for memory, SQLite and Postgres: a source is replaced
 * whole and removed; only entries under the access keys given are found; accents, case and
 * plurals (Spanish and English) do not matter; every word must match, the last also as a
 * beginning; (durable stores) the index survives a reopen.
 */
import { describe, expect, it } from 'vitest'
import type { Storage } from '@consenso/server/storage'

type Entry = Parameters<Storage['search']['replace']>[1][number]

const entry = (access: string, ref: string, text: string): Entry => ({ kind: 'paragraph', access, target: access.split(':')[1] ?? access, ref, label: null, title: `Título ${access}`, text })
const AT = '2026-12-07T10:00:00.000Z'

export function searchContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('search index', () => {
    it('[SEARCH-1] sources replaced whole and removed; only the access keys given are searched', async () => {
      const storage = current()
      expect(await storage.search.search({ text: 'cooperación', access: ['all'], limit: 10 })).toEqual([])
      await storage.search.replace('draft:d1', [entry('draft:d1', 'p1', 'La cooperación regional'), entry('draft:d1', 'p2', 'Otro párrafo')], AT)
      await storage.search.replace('draft:d2', [entry('draft:d2', 'q1', 'Cooperación técnica')], AT)
      await storage.search.replace('register', [entry('all', 'a1', 'Informe de cooperación')], AT)
      const refs = async (text: string, access: string[]) => (await storage.search.search({ text, access, limit: 10 })).map((h) => h.ref).sort()
      expect(await refs('cooperación', ['all', 'draft:d1', 'draft:d2'])).toEqual(['a1', 'p1', 'q1'])
      expect(await refs('cooperación', ['all', 'draft:d2'])).toEqual(['a1', 'q1'])
      expect(await refs('cooperación', ['draft:d1'])).toEqual(['p1'])
      expect(await refs('cooperación', [])).toEqual([])
      const [hit] = await storage.search.search({ text: 'técnica', access: ['draft:d2'], limit: 10 })
      expect(hit).toMatchObject({ kind: 'paragraph', access: 'draft:d2', target: 'd2', ref: 'q1', label: null, title: 'Título draft:d2', text: 'Cooperación técnica' })
      expect(hit!.score).toBeGreaterThan(0)

      await storage.search.replace('draft:d1', [entry('draft:d1', 'p3', 'Texto nuevo sin la palabra')], AT)
      expect(await refs('cooperación', ['all', 'draft:d1', 'draft:d2'])).toEqual(['a1', 'q1'])
      expect(await refs('nuevo', ['draft:d1'])).toEqual(['p3'])
      expect([...(await storage.search.sources('draft:')).keys()].sort()).toEqual(['draft:d1', 'draft:d2'])
      await storage.search.remove('draft:d2')
      expect(await refs('cooperación', ['all', 'draft:d1', 'draft:d2'])).toEqual(['a1'])
      expect([...(await storage.search.sources('draft:')).keys()]).toEqual(['draft:d1'])
      expect((await storage.search.search({ text: 'cooperación', access: ['all', 'draft:d1'], limit: 0 + 1 })).length).toBe(1)
      if (reopen) {
        const again = await reopen()
        expect((await again.search.search({ text: 'palabra', access: ['draft:d1'], limit: 10 })).map((h) => h.ref)).toEqual(['p3'])
      }
    })

    it('[SEARCH-1] a source replaced again with some entries the same, some changed, some twice: exactly the new entries are found', async () => {
      const storage = current()
      const d = (ref: string, text: string, label: string | null = null): Entry => ({ ...entry('draft:d9', ref, text), label })
      await storage.search.replace('draft:d9', [d('p1', 'Migración ordenada'), d('p2', 'Migración segura', 'OP1'), d('p3', 'Migración regular'), d('p3', 'Migración regular')], AT)
      const found = async (text: string) => (await storage.search.search({ text, access: ['draft:d9'], limit: 20 })).map((h) => `${h.ref}:${h.label ?? '-'}:${h.text}`).sort()
      expect(await found('migración')).toEqual(['p1:-:Migración ordenada', 'p2:OP1:Migración segura', 'p3:-:Migración regular', 'p3:-:Migración regular'])
      // p1 the same; p2 renumbered (same words, another label); one of the two p3 gone; p4 new; the title changed for p5 only.
      await storage.search.replace('draft:d9', [d('p1', 'Migración ordenada'), d('p2', 'Migración segura', 'OP2'), d('p3', 'Migración regular'), d('p4', 'Migración circular'), { ...d('p5', 'Migración laboral'), title: 'Otro título' }], AT)
      expect(await found('migración')).toEqual(['p1:-:Migración ordenada', 'p2:OP2:Migración segura', 'p3:-:Migración regular', 'p4:-:Migración circular', 'p5:-:Migración laboral'])
      expect((await storage.search.search({ text: 'laboral', access: ['draft:d9'], limit: 5 }))[0]).toMatchObject({ ref: 'p5', title: 'Otro título' })
      await storage.search.replace('draft:d9', [d('p4', 'Migración circular')], AT)
      expect(await found('migración')).toEqual(['p4:-:Migración circular'])
      expect(await found('ordenada')).toEqual([])
      await storage.search.replace('draft:d9', [], AT)
      expect(await found('migración')).toEqual([])
    })

    it('[SEARCH-2] accents, case and plurals in Spanish and English; every word; the last as a beginning', async () => {
      const storage = current()
      await storage.search.replace('draft:d', [
        entry('draft:d', 'es1', 'Recordando las negociaciones sobre los países miembros'),
        entry('draft:d', 'es2', 'La información compartida'),
        entry('draft:d', 'en1', 'Urges the countries to share their resolutions'),
      ], AT)
      const refs = async (text: string) => (await storage.search.search({ text, access: ['draft:d'], limit: 10 })).map((h) => h.ref).sort()
      expect(await refs('NEGOCIACIÓN')).toEqual(['es1'])
      expect(await refs('pais')).toEqual(['es1'])
      expect(await refs('informaciones')).toEqual(['es2'])
      expect(await refs('resolution country')).toEqual(['en1'])
      expect(await refs('países información')).toEqual([])
      expect(await refs('compart')).toEqual(['es2'])
      expect(await refs('"(*')).toEqual([])
    })

    it('[SEARCH-7] the access filter comes before ranking and the limit: better matches the person may not read never crowd out one they may', async () => {
      const storage = current()
      // Sixty unreadable drafts, each saying the word three times (better ranked), and one readable draft saying it once among other words.
      for (let i = 0; i < 60; i++) await storage.search.replace(`draft:x${i}`, [entry(`draft:x${i}`, `x${i}`, 'Mangle mangle mangle')], AT)
      await storage.search.replace('draft:mine', [entry('draft:mine', 'm1', 'El mangle del golfo, con sus aguas, sus pesquerías y sus puertos')], AT)
      // One source holding entries under several keys, replaced again and again: each key keeps its own entries.
      for (let round = 0; round < 3; round++) {
        await storage.search.replace('register', [entry('all', `a${round}`, 'Un acuerdo sobre el mangle'), entry('draft:mine', `r${round}`, 'Una nota sobre el mangle')], AT)
      }
      const refs = async (access: string[], limit: number) => (await storage.search.search({ text: 'mangle', access, limit })).map((h) => h.ref)
      expect(await refs(['draft:mine'], 1)).toHaveLength(1)
      expect((await refs(['draft:mine'], 5)).sort()).toEqual(['m1', 'r2'])
      expect(await refs(['all'], 5)).toEqual(['a2'])
      expect(await refs(['draft:x7'], 5)).toEqual(['x7'])
      // Best first within what may be read: the word three times before it once.
      const ranked = await refs(['draft:x3', 'draft:mine'], 5)
      expect(ranked[0]).toBe('x3')
      expect(ranked.sort()).toEqual(['m1', 'r2', 'x3'])
      expect(await refs(['all', ...Array.from({ length: 60 }, (_, i) => `draft:x${i}`)], 61)).toHaveLength(61)
    })
  })
}

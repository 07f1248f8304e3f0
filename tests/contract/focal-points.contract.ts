/*
 * The focal-point directory's part of the storage contract (server/SPEC.md FOCAL-1..3),
 * registered inside `storageContract` for every implementation (memory, SQLite, Postgres).
 *
 * [FOCAL-1] A new store has no entries; put stores an entry whole (lists, accents, null until
 *           and userId included) and get reads it back; list orders by delegation code, process
 *           (without case or accents), focal points before alternates, family then given name;
 *           changing a returned entry (its phones too) changes nothing stored.
 * [FOCAL-2] put with an existing id replaces the entry whole; delete removes one and answers
 *           false for an unknown id.
 * [FOCAL-3] Durable stores keep entries over a close and reopen.
 */
import { describe, expect, it } from 'vitest'
import type { FocalPoint } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'

export const focalPoint = (id: string, delegation: string, process: string, more: Partial<FocalPoint> = {}): FocalPoint => ({
  id,
  delegation,
  process,
  role: 'focal',
  givenName: 'María José',
  familyName: 'Núñez Ávila',
  title: 'Embajadora',
  institution: 'Ministerio de Relaciones Exteriores',
  email: 'mjnunez@minrel.gob.cl',
  phones: ['+56 2 2827 4200', '+56 9 8765 4321'],
  languages: ['es', 'en'],
  since: '2026-01-15',
  until: null,
  notes: '',
  userId: null,
  updatedBy: 'u1',
  updatedAt: '2026-12-07T10:00:00.000Z',
  ...more,
})

export function focalPointContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('focal points', () => {
    it('[FOCAL-1] stored whole, listed by delegation, process, role and name, copies out', async () => {
      const storage = current()
      expect(await storage.focalPoints.list()).toEqual([])
      const chile = focalPoint('f1', 'CHL', 'Troika', { until: '2027-06-30', userId: 'user-7', notes: 'Línea 1; «urgente», coma, punto y coma' })
      await storage.focalPoints.put(chile)
      await storage.focalPoints.put(focalPoint('f2', 'CHL', 'troika', { role: 'alternate', familyName: 'Aguirre', givenName: 'Íñigo' }))
      await storage.focalPoints.put(focalPoint('f3', 'CHL', 'Grupo ad hoc CRM–CSM / CRM–CSM ad-hoc group', { familyName: 'Zúñiga' }))
      await storage.focalPoints.put(focalPoint('f4', 'CHL', 'Troika', { familyName: 'Álvarez' }))
      await storage.focalPoints.put(focalPoint('f5', 'BLZ', 'Troika', { phones: [], languages: [] }))
      await storage.focalPoints.put(focalPoint('f6', 'CHL', 'Troika', { familyName: 'Álvarez', givenName: 'Ana' }))
      const listed = await storage.focalPoints.list()
      // Within CHL/Troika: focal points (Álvarez Ana, Álvarez María José, Núñez) then the alternate.
      expect(listed.map((e) => e.id)).toEqual(['f5', 'f3', 'f6', 'f4', 'f1', 'f2'])
      expect(await storage.focalPoints.get('f1')).toEqual(chile)
      expect(await storage.focalPoints.get('f5')).toMatchObject({ phones: [], languages: [], until: null, userId: null })
      expect(await storage.focalPoints.get('nope')).toBeNull()
      const got = (await storage.focalPoints.get('f1'))!
      got.phones.push('+1 555 0100')
      got.familyName = 'changed'
      listed[4]!.phones.pop()
      expect(await storage.focalPoints.get('f1')).toEqual(chile)
    })

    it('[FOCAL-2] replaced whole by id; deleted by id, false for an unknown one', async () => {
      const storage = current()
      await storage.focalPoints.put(focalPoint('f1', 'CHL', 'Troika'))
      await storage.focalPoints.put(focalPoint('f2', 'PAN', 'Troika'))
      const replaced = focalPoint('f1', 'CHL', 'Troika', { role: 'alternate', phones: ['+56 2 1234 5678'], languages: ['pt'], until: '2026-12-31', userId: 'u9', updatedBy: 'u2', updatedAt: '2026-12-08T09:00:00.000Z' })
      await storage.focalPoints.put(replaced)
      expect(await storage.focalPoints.get('f1')).toEqual(replaced)
      expect(await storage.focalPoints.delete('f2')).toBe(true)
      expect(await storage.focalPoints.delete('f2')).toBe(false)
      expect(await storage.focalPoints.list()).toEqual([replaced])
    })

    it('[FOCAL-3] durable stores keep entries over a close and reopen', async () => {
      if (!reopen) return
      const storage = current()
      await storage.focalPoints.put(focalPoint('f1', 'CHL', 'Troika', { familyName: 'Peña Ñúñez' }))
      const before = await storage.focalPoints.list()
      const again = await reopen()
      expect(await again.focalPoints.list()).toEqual(before)
    })
  })
}

/*
 * The good-practices part of the storage contract ([PRACT-*] in server/SPEC.md), registered
 * inside `storageContract` for every implementation. Rules, cited by id in the test names:
 *
 * [PRACT-50] A new store holds the six seeded themes (gcm-1…gcm-6) by position; createTheme
 *            adds one, updateTheme changes only the fields given (undefined for an unknown id).
 * [PRACT-51] createPractice stores a practice that reads back equal; listPractices is oldest
 *            first; updatePractice changes only the fields given, and only from the statuses
 *            named (undefined, nothing changed, otherwise); deletePractice takes its attachments.
 * [PRACT-52] Attachments keep their bytes exactly; addAttachment refuses (false) past `max`;
 *            a returned array changed by its reader changes nothing stored.
 * [PRACT-53] Rounds read back equal, newest first; updateRound sets closedAt and documentId;
 *            castBallot stores one ballot per delegation and round (false for a second one).
 * [PRACT-54] (durable stores) all of it survives close and reopen.
 */
import { describe, expect, it } from 'vitest'
import type { Practice, PracticeRound } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'

const practice = (id: string, createdAt: string, delegation = 'PAN'): Practice => ({
  id,
  delegation,
  status: 'draft',
  title: `Práctica ${id}`,
  country: 'Panamá',
  themeId: 'gcm-3',
  description: 'Descripción con "comillas" y \'apóstrofos\'',
  why: 'Por qué',
  how: 'Cómo',
  contact: 'pf@example.org',
  links: ['https://example.org/a', 'mailto:pf@example.org'],
  reviewComment: null,
  createdBy: 'u1',
  createdAt,
  updatedAt: createdAt,
  submittedAt: null,
  reviewedBy: null,
  reviewedAt: null,
})

const round = (id: string, createdAt: string): PracticeRound => ({
  id,
  title: `Ronda ${id}`,
  practiceIds: ['p1', 'p2'],
  voters: ['PAN', 'MEX'],
  priorities: 2,
  deadline: '2026-12-31T12:00:00.000Z',
  createdBy: 'u1',
  createdAt,
  closedAt: null,
  documentId: null,
})

export function practiceContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('good practices', () => {
    it('[PRACT-50] seeded with the six thematic sessions; themes added and changed', async () => {
      const store = current().practices
      const themes = await store.listThemes()
      expect(themes.map((t) => [t.id, t.position, t.archived])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [`gcm-${n}`, n, false]))
      expect(themes[4]!.nameEs).toMatch(/^Tráfico ilícito de migrantes/)
      await store.createTheme({ id: 't7', nameEs: 'Retorno', nameEn: 'Return', position: 0, archived: false })
      expect((await store.listThemes())[0]!.id).toBe('t7')
      expect(await store.updateTheme('t7', { archived: true, position: 9 })).toEqual({ id: 't7', nameEs: 'Retorno', nameEn: 'Return', position: 9, archived: true })
      expect(await store.updateTheme('nope', { archived: true })).toBeUndefined()
      expect((await store.listThemes()).map((t) => t.id).at(-1)).toBe('t7')
    })

    it('[PRACT-51] practices stored, listed oldest first, changed only from the statuses named, deleted with their attachments', async () => {
      const store = current().practices
      await store.createPractice(practice('p2', '2026-12-07T10:00:01.000Z'))
      await store.createPractice(practice('p1', '2026-12-07T10:00:00.000Z', 'MEX'))
      expect((await store.listPractices()).map((p) => p.id)).toEqual(['p1', 'p2'])
      expect(await store.getPractice('p2')).toEqual(practice('p2', '2026-12-07T10:00:01.000Z'))
      await expect(store.createPractice(practice('p2', '2026-12-07T10:00:09.000Z'))).rejects.toThrow()
      const submitted = await store.updatePractice('p2', { status: 'submitted', submittedAt: '2026-12-07T11:00:00.000Z' }, ['draft', 'changes_requested'])
      expect(submitted).toMatchObject({ status: 'submitted', submittedAt: '2026-12-07T11:00:00.000Z', title: 'Práctica p2' })
      expect(await store.updatePractice('p2', { title: 'x' }, ['draft', 'changes_requested'])).toBeUndefined()
      expect((await store.getPractice('p2'))!.title).toBe('Práctica p2')
      expect(await store.updatePractice('p2', { links: [], reviewComment: 'ok', status: 'accepted' }, ['submitted'])).toMatchObject({ links: [], reviewComment: 'ok', status: 'accepted' })
      expect(await store.updatePractice('zz', { title: 'x' })).toBeUndefined()
      await store.addAttachment({ id: 'a1', practiceId: 'p1', name: 'a.pdf', type: 'application/pdf', size: 3, createdAt: '2026-12-07T10:00:00.000Z', createdBy: 'u1' }, new Uint8Array([1, 2, 3]), 5)
      expect(await store.deletePractice('p1')).toBe(true)
      expect(await store.deletePractice('p1')).toBe(false)
      expect(await store.getAttachment('a1')).toBeUndefined()
      expect((await store.listPractices()).map((p) => p.id)).toEqual(['p2'])
    })

    it('[PRACT-52] attachments keep their bytes and stop at the limit', async () => {
      const store = current().practices
      await store.createPractice(practice('p1', '2026-12-07T10:00:00.000Z'))
      const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256)
      const info = (id: string, at: string) => ({ id, practiceId: 'p1', name: `${id}.bin`, type: 'application/octet-stream', size: bytes.length, createdAt: at, createdBy: 'u1' })
      expect(await store.addAttachment(info('a1', '2026-12-07T10:00:01.000Z'), bytes, 2)).toBe(true)
      expect(await store.addAttachment(info('a2', '2026-12-07T10:00:02.000Z'), new Uint8Array([0, 255]), 2)).toBe(true)
      expect(await store.addAttachment(info('a3', '2026-12-07T10:00:03.000Z'), bytes, 2)).toBe(false)
      expect((await store.listAttachments('p1')).map((a) => a.id)).toEqual(['a1', 'a2'])
      expect((await store.listAttachments()).map((a) => a.id)).toEqual(['a1', 'a2'])
      const got = await store.getAttachment('a1')
      expect(got!.info).toEqual(info('a1', '2026-12-07T10:00:01.000Z'))
      expect(got!.data).toEqual(bytes)
      got!.data[0] = 99
      expect((await store.getAttachment('a1'))!.data[0]).toBe(0)
      expect((await store.getAttachment('a2'))!.data).toEqual(new Uint8Array([0, 255]))
      expect(await store.deleteAttachment('a2')).toBe(true)
      expect(await store.deleteAttachment('a2')).toBe(false)
    })

    it('[PRACT-53] rounds and one ballot per delegation; [PRACT-54] durable stores keep everything over a reopen', async () => {
      let store = current().practices
      await store.createRound(round('r1', '2026-12-07T10:00:00.000Z'))
      await store.createRound(round('r2', '2026-12-07T11:00:00.000Z'))
      expect((await store.listRounds()).map((r) => r.id)).toEqual(['r2', 'r1'])
      expect(await store.getRound('r1')).toEqual(round('r1', '2026-12-07T10:00:00.000Z'))
      expect(await store.updateRound('r1', { closedAt: '2026-12-07T12:00:00.000Z', documentId: 'd1' })).toMatchObject({ closedAt: '2026-12-07T12:00:00.000Z', documentId: 'd1' })
      const ballot = { roundId: 'r1', delegation: 'PAN', ranking: ['p2', 'p1'], castBy: 'u1', castAt: '2026-12-07T10:30:00.000Z' }
      expect(await store.castBallot(ballot)).toBe(true)
      expect(await store.castBallot({ ...ballot, ranking: ['p1'], castBy: 'u2' })).toBe(false)
      const two = await Promise.all([store.castBallot({ ...ballot, delegation: 'MEX' }), store.castBallot({ ...ballot, delegation: 'MEX', ranking: ['p1'] })])
      expect(two.sort()).toEqual([false, true])
      expect((await store.listBallots('r1')).map((b) => [b.delegation, b.ranking.length])).toHaveLength(2)
      expect((await store.listBallots('r1'))[1]).toEqual(ballot)
      expect(await store.listBallots('r2')).toEqual([])
      await store.createPractice(practice('p1', '2026-12-07T10:00:00.000Z'))
      await store.addAttachment({ id: 'a1', practiceId: 'p1', name: 'a', type: 't', size: 2, createdAt: '2026-12-07T10:00:00.000Z', createdBy: 'u1' }, new Uint8Array([7, 8]), 5)
      await store.createTheme({ id: 't7', nameEs: 'Retorno', nameEn: 'Return', position: 7, archived: false })
      if (!reopen) return
      const before = { rounds: await store.listRounds(), ballots: await store.listBallots('r1'), practices: await store.listPractices(), themes: await store.listThemes() }
      store = (await reopen()).practices
      expect({ rounds: await store.listRounds(), ballots: await store.listBallots('r1'), practices: await store.listPractices(), themes: await store.listThemes() }).toEqual(before)
      expect((await store.getAttachment('a1'))!.data).toEqual(new Uint8Array([7, 8]))
    })
  })
}

/*
 * The authorship part of the storage contract (AUTHOR-1), registered inside `storageContract`
 * for every implementation. Rules, cited by id in the test names:
 *
 * [STORE-52] appendUpdates writes, in the same transaction as the updates, one authorship
 *            record per writer and paragraph of the batch (several writes by one person to one
 *            paragraph are one record holding the last text); writes without an author, and
 *            meta writes, record nothing. listAuthorship reads them oldest first with every
 *            field; `seq` increases.
 * [STORE-53] listAuthorship filters by paragraph and by time (since and until inclusive) and
 *            gives the most recent `limit`; another draft's records never show; a batch that
 *            fails (an unknown draft) records nothing; deleteDocument removes the draft's
 *            records; (durable stores) records survive close and reopen.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocumentRecord, Storage, WriteAuthor } from '@consenso/server/storage'

function draftRecord(id: string): DocumentRecord {
  return { id, title: `Borrador ${id}`, template: 'declaration', createdBy: null, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' }
}

let counter = 0
/** A real update (its bytes are not read for authorship). */
function update(): Uint8Array {
  const doc = new Y.Doc()
  doc.getXmlFragment('default').push([new Y.XmlText(`cambio ${++counter}`)])
  return Y.encodeStateAsUpdate(doc)
}

const carlos = (touches: WriteAuthor['touches']): WriteAuthor => ({ userId: 'u-carlos', delegation: 'PAN', touches })
const lucia = (touches: WriteAuthor['touches']): WriteAuthor => ({ userId: 'u-lucia', delegation: 'MEX', touches })

export function authorshipContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('authorship', () => {
    const body = (documentId: string) => ({ documentId, name: 'body' as const })
    const seed = async (...ids: string[]): Promise<void> => {
      for (const id of ids) await current().createDocument(draftRecord(id), update())
    }

    it('[STORE-52] one record per writer and paragraph per batch, with the last text; none without an author', async () => {
      await seed('d1')
      const storage = current()
      await storage.appendUpdates(
        [
          { key: body('d1'), update: update(), author: carlos([{ paragraphId: 'op1', text: 'regular' }]) },
          { key: body('d1'), update: update(), author: carlos([{ paragraphId: 'op1', text: 'regular y' }, { paragraphId: 'op2', text: 'otro' }]) },
          { key: body('d1'), update: update(), author: lucia([{ paragraphId: 'op1', text: 'regular y ordenada' }]) },
          { key: body('d1'), update: update(), author: carlos([{ paragraphId: 'op1', text: 'regular y segura' }]) },
          { key: body('d1'), update: update() },
          { key: { documentId: 'd1', name: 'meta' }, update: update(), author: lucia([{ paragraphId: 'op9', text: 'x' }]) },
        ],
        new Date('2026-12-07T10:42:00.000Z'),
      )
      await storage.appendUpdates([{ key: body('d1'), update: update(), author: lucia([{ paragraphId: 'op2', text: null }]) }], new Date('2026-12-07T10:50:00.000Z'))
      const records = await storage.listAuthorship('d1')
      expect(records.map(({ seq: _seq, ...rest }) => rest)).toEqual([
        { documentId: 'd1', paragraphId: 'op1', userId: 'u-carlos', delegation: 'PAN', at: '2026-12-07T10:42:00.000Z', text: 'regular y segura' },
        { documentId: 'd1', paragraphId: 'op2', userId: 'u-carlos', delegation: 'PAN', at: '2026-12-07T10:42:00.000Z', text: 'otro' },
        { documentId: 'd1', paragraphId: 'op1', userId: 'u-lucia', delegation: 'MEX', at: '2026-12-07T10:42:00.000Z', text: 'regular y ordenada' },
        { documentId: 'd1', paragraphId: 'op2', userId: 'u-lucia', delegation: 'MEX', at: '2026-12-07T10:50:00.000Z', text: null },
      ])
      const seqs = records.map((r) => r.seq)
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
      expect(new Set(seqs).size).toBe(seqs.length)
    })

    it('[STORE-53] filters by paragraph and time, keeps the newest `limit`, per draft; failed batches and deleted drafts leave nothing', async () => {
      await seed('d1', 'd2')
      const storage = current()
      for (const [minute, who] of [
        [1, carlos],
        [2, lucia],
        [3, carlos],
      ] as const) {
        await storage.appendUpdates([{ key: body('d1'), update: update(), author: who([{ paragraphId: 'op1', text: `t${minute}` }]) }], new Date(`2026-12-07T10:0${minute}:00.000Z`))
      }
      await storage.appendUpdates([{ key: body('d2'), update: update(), author: carlos([{ paragraphId: 'op1', text: 'otro borrador' }]) }], new Date('2026-12-07T10:02:00.000Z'))
      await storage.appendUpdates([{ key: body('d1'), update: update(), author: lucia([{ paragraphId: 'pp1', text: 'preámbulo' }]) }], new Date('2026-12-07T10:04:00.000Z'))
      const texts = async (query: Parameters<Storage['listAuthorship']>[1]): Promise<(string | null)[]> => (await storage.listAuthorship('d1', query)).map((r) => r.text)
      expect(await texts({ paragraphId: 'op1' })).toEqual(['t1', 't2', 't3'])
      expect(await texts({ since: '2026-12-07T10:02:00.000Z', until: '2026-12-07T10:03:00.000Z' })).toEqual(['t2', 't3'])
      expect(await texts({ limit: 2 })).toEqual(['t3', 'preámbulo'])
      expect(await texts({ paragraphId: 'nope' })).toEqual([])
      expect((await storage.listAuthorship('d2')).map((r) => r.text)).toEqual(['otro borrador'])

      await expect(
        storage.appendUpdates(
          [
            { key: body('d1'), update: update(), author: carlos([{ paragraphId: 'op7', text: 'nunca' }]) },
            { key: body('ghost'), update: update(), author: carlos([{ paragraphId: 'op7', text: 'nunca' }]) },
          ],
          new Date('2026-12-07T11:00:00.000Z'),
        ),
      ).rejects.toThrow()
      expect(await texts({ paragraphId: 'op7' })).toEqual([])

      let store = storage
      if (reopen) {
        store = await reopen()
        expect((await store.listAuthorship('d1')).map((r) => r.text)).toEqual(['t1', 't2', 't3', 'preámbulo'])
      }
      await store.deleteDocument('d1')
      expect(await store.listAuthorship('d1')).toEqual([])
      expect((await store.listAuthorship('d2')).map((r) => r.text)).toEqual(['otro borrador'])
    })
  })
}

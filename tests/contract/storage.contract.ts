/*
 * The storage contract: every implementation of `Storage` (memory, sqlite, later postgres)
 * registers this one suite. Rules, cited by id in the test names:
 *
 * [STORE-1]  createDocument stores the record and the body's first update together: the record
 *            reads back unchanged, the body log holds exactly that update, the meta log is empty.
 * [STORE-2]  createDocument with an id that exists is refused and leaves the first record and
 *            its logs exactly as they were.
 * [STORE-3]  getDocument of an unknown id resolves to undefined.
 * [STORE-4]  listDocuments lists every draft, most recently changed (updatedAt) first; drafts
 *            with the same updatedAt are ordered by id, so the list is stable.
 * [STORE-5]  appendUpdates writes updates for several drafts and both channels (body, meta) in
 *            one call; each update lands in its own log, in the order of the call. An empty
 *            batch is a no-op.
 * [STORE-6]  A body write sets the draft's updatedAt to the `at` passed to appendUpdates; a meta
 *            write leaves updatedAt alone.
 * [STORE-7]  A batch that names an unknown draft rejects and writes nothing of the batch, not
 *            even the entries for drafts that exist, and moves no updatedAt.
 * [STORE-8]  loadLog returns the updates oldest first; body and meta are separate logs; a log
 *            never written is {snapshot: null, updates: []}.
 * [STORE-9]  Storage keeps its own copy of the bytes: changing an array after handing it over,
 *            or an array it returned, does not change what is stored.
 * [STORE-10] compact folds the snapshot and the whole log into one snapshot holding the same
 *            Yjs document (same state vector, same delete set, same content), empties the log,
 *            returns how many log entries it folded, and leaves the other channel alone.
 * [STORE-11] Updates appended after a compaction stay in the log; snapshot + log loads the full
 *            document; the next compaction folds the previous snapshot in as well.
 * [STORE-12] An update appended while a compaction is running is never lost: it is in the new
 *            snapshot or still in the log.
 * [STORE-13] compact of an empty log returns 0, does not call merge and leaves any snapshot
 *            as it was.
 * [STORE-14] Compaction is atomic: if merge throws, compact rejects with that error and the
 *            snapshot and log are exactly as before.
 * [STORE-15] After close every method rejects with StorageClosedError; close may be called twice.
 * [STORE-16] (durable stores) Everything committed survives close and reopen: records, their
 *            order, logs and snapshots.
 * [STORE-17] (sqlite) migrateSqlite applies each migration once: a second run applies nothing;
 *            a migration that fails leaves no trace and is not recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { TemplateId } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { StorageClosedError, type DocKey, type DocumentRecord, type Storage } from '@consenso/server/storage'

export interface StorageHarness {
  storage: Storage
  /** Closes the store and opens a new one on the same data; only for durable stores. */
  reopen?: () => Promise<Storage>
  /** Closes whatever is still open and removes the data. */
  cleanup: () => Promise<void>
}

const FIELD = BODY_FIELD

function record(id: string, updatedAt: string, template: TemplateId = 'blank'): DocumentRecord {
  return { id, title: `Borrador ${id}`, template, createdAt: '2024-01-01T00:00:00.000Z', updatedAt }
}

/** A Yjs document that remembers every update it emits, so tests store real updates. */
class Draft {
  readonly doc = new Y.Doc()
  readonly #emitted: Uint8Array[] = []

  constructor() {
    this.doc.on('update', (update: Uint8Array) => this.#emitted.push(update))
  }

  paragraph(text: string): Uint8Array {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(text)])
    this.doc.getXmlFragment(FIELD).push([paragraph])
    return this.#last()
  }

  /** Deletes the first block, so the delete set is part of what must survive. */
  deleteFirst(): Uint8Array {
    this.doc.getXmlFragment(FIELD).delete(0, 1)
    return this.#last()
  }

  comment(id: string, text: string): Uint8Array {
    this.doc.getMap('threads').set(id, text)
    return this.#last()
  }

  #last(): Uint8Array {
    const update = this.#emitted.at(-1)
    if (!update) throw new Error('the edit emitted no update')
    return update
  }
}

async function load(storage: Storage, key: DocKey): Promise<Y.Doc> {
  const { snapshot, updates } = await storage.loadLog(key)
  const doc = new Y.Doc()
  if (snapshot) Y.applyUpdate(doc, snapshot)
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected))
  expect(actual.getXmlFragment(FIELD).toString()).toBe(expected.getXmlFragment(FIELD).toString())
  expect(actual.getMap('threads').toJSON()).toEqual(expected.getMap('threads').toJSON())
  // The snapshot compares the delete sets too, which the content alone does not show.
  expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true)
  // Nothing may be left pending (content whose dependencies never arrived).
  expect(actual.store.pendingStructs).toBeNull()
  expect(actual.store.pendingDs).toBeNull()
}

const merge = (updates: Uint8Array[]): Uint8Array => Y.mergeUpdates(updates)

export interface StorageCapabilities {
  /** Survives close and reopen (registers [STORE-16]); the memory store does not. */
  durable: boolean
}

export function storageContract(name: string, open: () => Promise<StorageHarness>, capabilities: StorageCapabilities): void {
  describe(`storage contract: ${name}`, () => {
    let harness: StorageHarness
    let storage: Storage

    beforeEach(async () => {
      harness = await open()
      storage = harness.storage
    })
    afterEach(async () => {
      await harness.cleanup()
    })

    const body = (documentId: string): DocKey => ({ documentId, name: 'body' })
    const meta = (documentId: string): DocKey => ({ documentId, name: 'meta' })

    describe('documents', () => {
      it('[STORE-1] createDocument stores the record and the first body update together', async () => {
        const draft = new Draft()
        const first = draft.paragraph('PP1 Reconociendo')
        const rec = record('d1', '2024-02-01T10:00:00.000Z', 'declaration')
        await storage.createDocument(rec, first)
        expect(await storage.getDocument('d1')).toEqual(rec)
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [first] })
        expect(await storage.loadLog(meta('d1'))).toEqual({ snapshot: null, updates: [] })
      })

      it('[STORE-2] a duplicate id is refused and leaves the first draft intact', async () => {
        const original = new Draft()
        const first = original.paragraph('original')
        const rec = record('d1', '2024-02-01T10:00:00.000Z', 'declaration')
        await storage.createDocument(rec, first)
        const intruder = new Draft().paragraph('intruder')
        await expect(storage.createDocument({ ...record('d1', '2024-09-09T09:09:09.000Z'), title: 'Otro' }, intruder)).rejects.toThrow()
        expect(await storage.getDocument('d1')).toEqual(rec)
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [first] })
        expect(await storage.listDocuments()).toEqual([rec])
      })

      it('[STORE-3] getDocument of an unknown id is undefined', async () => {
        expect(await storage.getDocument('nope')).toBeUndefined()
        await storage.createDocument(record('d1', '2024-02-01T10:00:00.000Z'), new Draft().paragraph('x'))
        expect(await storage.getDocument('D1')).toBeUndefined()
      })

      it('[STORE-4] listDocuments puts the most recently changed first, ties by id', async () => {
        expect(await storage.listDocuments()).toEqual([])
        // Created out of id order, so neither creation order nor id order alone passes.
        for (const [id, at] of [
          ['b', '2024-01-10T00:00:00.000Z'],
          ['c', '2024-03-10T00:00:00.000Z'],
          ['a', '2024-02-10T00:00:00.000Z'],
        ] as const) {
          await storage.createDocument(record(id, at), new Draft().paragraph(id))
        }
        const ids = async (): Promise<string[]> => (await storage.listDocuments()).map((r) => r.id)
        expect(await ids()).toEqual(['c', 'a', 'b'])

        await storage.appendUpdates([{ key: body('b'), update: new Draft().paragraph('later') }], new Date('2024-04-01T00:00:00.000Z'))
        expect(await ids()).toEqual(['b', 'c', 'a'])

        // Same instant for two drafts: ordered by id, whatever the order of the writes.
        await storage.appendUpdates(
          [
            { key: body('c'), update: new Draft().paragraph('c') },
            { key: body('a'), update: new Draft().paragraph('a') },
          ],
          new Date('2024-05-01T00:00:00.000Z'),
        )
        expect(await ids()).toEqual(['a', 'c', 'b'])
      })
    })

    describe('appending', () => {
      it('[STORE-5] one call appends to several drafts and both channels, each in order', async () => {
        const one = new Draft()
        const two = new Draft()
        const review = new Draft()
        await storage.createDocument(record('one', '2024-01-01T00:00:00.000Z'), one.paragraph('one-0'))
        await storage.createDocument(record('two', '2024-01-01T00:00:00.000Z'), two.paragraph('two-0'))
        const writes = [
          { key: body('one'), update: one.paragraph('one-1') },
          { key: meta('one'), update: review.comment('t1', 'una observación') },
          { key: body('two'), update: two.paragraph('two-1') },
          { key: body('one'), update: one.paragraph('one-2') },
          { key: meta('one'), update: review.comment('t2', 'otra') },
        ]
        await storage.appendUpdates(writes, new Date('2024-06-01T00:00:00.000Z'))
        await storage.appendUpdates([], new Date('2030-01-01T00:00:00.000Z'))

        expect((await storage.loadLog(body('one'))).updates).toHaveLength(3)
        expectSameDocument(await load(storage, body('one')), one.doc)
        expectSameDocument(await load(storage, body('two')), two.doc)
        expectSameDocument(await load(storage, meta('one')), review.doc)
        expect((await storage.loadLog(meta('one'))).updates).toEqual([writes[1]!.update, writes[4]!.update])
        expect((await storage.loadLog(meta('two'))).updates).toEqual([])
        expect((await storage.getDocument('one'))?.updatedAt).toBe('2024-06-01T00:00:00.000Z')
      })

      it('[STORE-6] body writes move updatedAt to the time passed; meta writes do not', async () => {
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('x'))
        await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))

        await storage.appendUpdates([{ key: meta('d1'), update: new Draft().comment('t', 'c') }], new Date('2024-07-01T00:00:00.000Z'))
        expect((await storage.getDocument('d1'))?.updatedAt).toBe('2024-01-01T00:00:00.000Z')

        await storage.appendUpdates(
          [
            { key: body('d1'), update: new Draft().paragraph('z') },
            { key: meta('d2'), update: new Draft().comment('t', 'c') },
          ],
          new Date('2024-08-15T12:30:45.123Z'),
        )
        expect(await storage.getDocument('d1')).toEqual(record('d1', '2024-08-15T12:30:45.123Z'))
        expect(await storage.getDocument('d2')).toEqual(record('d2', '2024-01-01T00:00:00.000Z'))
      })

      it('[STORE-7] a batch naming an unknown draft rejects and writes nothing of the batch', async () => {
        const draft = new Draft()
        const first = draft.paragraph('first')
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z'), first)
        for (const unknown of [body('ghost'), meta('ghost')]) {
          await expect(
            storage.appendUpdates(
              [
                { key: body('d1'), update: draft.paragraph('lost') },
                { key: meta('d1'), update: new Draft().comment('t', 'lost') },
                { key: unknown, update: new Draft().paragraph('ghost') },
              ],
              new Date('2024-09-01T00:00:00.000Z'),
            ),
          ).rejects.toThrow()
        }
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [first] })
        expect(await storage.loadLog(meta('d1'))).toEqual({ snapshot: null, updates: [] })
        expect(await storage.loadLog(body('ghost'))).toEqual({ snapshot: null, updates: [] })
        expect(await storage.getDocument('d1')).toEqual(record('d1', '2024-01-01T00:00:00.000Z'))
        expect(await storage.getDocument('ghost')).toBeUndefined()
      })

      it('[STORE-8] loadLog returns oldest first, body and meta apart, empty when never written', async () => {
        const draft = new Draft()
        const review = new Draft()
        const expectedBody = [draft.paragraph('0')]
        const expectedMeta: Uint8Array[] = []
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z'), expectedBody[0]!)
        for (let i = 1; i <= 6; i++) {
          const update = i % 2 ? draft.paragraph(String(i)) : review.comment(`t${i}`, String(i))
          const key = i % 2 ? body('d1') : meta('d1')
          ;(i % 2 ? expectedBody : expectedMeta).push(update)
          await storage.appendUpdates([{ key, update }], new Date(Date.UTC(2024, 1, i)))
        }
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: expectedBody })
        expect(await storage.loadLog(meta('d1'))).toEqual({ snapshot: null, updates: expectedMeta })
        expect(await storage.loadLog(meta('never'))).toEqual({ snapshot: null, updates: [] })
      })

      it('[STORE-9] storage keeps its own copy of the bytes', async () => {
        const draft = new Draft()
        const first = draft.paragraph('first')
        const second = draft.paragraph('second')
        const firstCopy = first.slice()
        const secondCopy = second.slice()
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z'), first)
        await storage.appendUpdates([{ key: body('d1'), update: second }], new Date('2024-02-01T00:00:00.000Z'))
        first.fill(0)
        second.fill(0)
        const read = await storage.loadLog(body('d1'))
        expect(read.updates).toEqual([firstCopy, secondCopy])
        read.updates[0]!.fill(7)
        expect((await storage.loadLog(body('d1'))).updates).toEqual([firstCopy, secondCopy])
      })
    })

    describe('compaction', () => {
      it('[STORE-10] compact folds the log into one snapshot holding the same document', async () => {
        const { draft, review } = await seed()
        const metaBefore = await storage.loadLog(meta('d1'))
        const calls: number[] = []
        const folded = await storage.compact(body('d1'), (parts) => {
          calls.push(parts.length)
          return merge(parts)
        })
        expect(folded).toBe(4)
        expect(calls).toEqual([4])
        const after = await storage.loadLog(body('d1'))
        expect(after.snapshot).not.toBeNull()
        expect(after.updates).toEqual([])
        const loaded = await load(storage, body('d1'))
        expectSameDocument(loaded, draft.doc)
        expect(loaded.getXmlFragment(FIELD).toString()).not.toContain('Reconociendo')
        expect(await storage.loadLog(meta('d1'))).toEqual(metaBefore)
        expectSameDocument(await load(storage, meta('d1')), review.doc)
      })

      it('[STORE-11] updates after a compaction stay in the log and load on top of the snapshot', async () => {
        const { draft } = await seed()
        await storage.compact(body('d1'), merge)
        const firstSnapshot = (await storage.loadLog(body('d1'))).snapshot
        const later = [draft.paragraph('Encomendamos'), draft.paragraph('Solicitamos')]
        await storage.appendUpdates(
          later.map((update) => ({ key: body('d1'), update })),
          new Date('2024-03-01T00:00:00.000Z'),
        )
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: firstSnapshot, updates: later })
        expectSameDocument(await load(storage, body('d1')), draft.doc)

        const seen: Uint8Array[][] = []
        expect(
          await storage.compact(body('d1'), (parts) => {
            seen.push(parts)
            return merge(parts)
          }),
        ).toBe(2)
        // The old snapshot must be folded in, or the new one would lose everything before it.
        expect(seen[0]).toHaveLength(3)
        expect((await storage.loadLog(body('d1'))).updates).toEqual([])
        expectSameDocument(await load(storage, body('d1')), draft.doc)
      })

      it('[STORE-12] an update appended while a compaction runs is not lost', async () => {
        const { draft } = await seed()
        const racing = draft.paragraph('llegó durante la compactación')
        let appended: Promise<void> | undefined
        // merge runs in the middle of compaction, between reading the log and replacing it:
        // the closest a test can get to a commit landing while a compaction is under way.
        await storage.compact(body('d1'), (parts) => {
          appended = storage.appendUpdates([{ key: body('d1'), update: racing }], new Date('2024-03-01T00:00:00.000Z'))
          return merge(parts)
        })
        await appended
        expect((await load(storage, body('d1'))).getXmlFragment(FIELD).toString()).toContain('llegó durante la compactación')
        expectSameDocument(await load(storage, body('d1')), draft.doc)
        expect(await storage.compact(body('d1'), merge)).toBeGreaterThanOrEqual(0)
        expectSameDocument(await load(storage, body('d1')), draft.doc)
      })

      it('[STORE-13] compacting an empty log returns 0 and changes nothing', async () => {
        const neverCalled = (): Uint8Array => {
          throw new Error('merge must not be called for an empty log')
        }
        expect(await storage.compact(body('unknown'), neverCalled)).toBe(0)
        const { draft } = await seed()
        expect(await storage.compact(meta('d1'), merge)).toBe(1)
        const compacted = await storage.loadLog(meta('d1'))
        expect(await storage.compact(meta('d1'), neverCalled)).toBe(0)
        expect(await storage.loadLog(meta('d1'))).toEqual(compacted)
        await storage.compact(body('d1'), merge)
        expect(await storage.compact(body('d1'), neverCalled)).toBe(0)
        expectSameDocument(await load(storage, body('d1')), draft.doc)
      })

      it('[STORE-14] if merge throws, compact rejects and the log is exactly as before', async () => {
        const { draft } = await seed()
        const boom = new Error('merge failed')
        const failing = (): Uint8Array => {
          throw boom
        }
        const before = await storage.loadLog(body('d1'))
        await expect(storage.compact(body('d1'), failing)).rejects.toBe(boom)
        expect(await storage.loadLog(body('d1'))).toEqual(before)

        // Again with a snapshot already in place, which a failed compaction must not touch.
        await storage.compact(body('d1'), merge)
        await storage.appendUpdates([{ key: body('d1'), update: draft.paragraph('después') }], new Date('2024-03-01T00:00:00.000Z'))
        const withSnapshot = await storage.loadLog(body('d1'))
        await expect(storage.compact(body('d1'), failing)).rejects.toBe(boom)
        expect(await storage.loadLog(body('d1'))).toEqual(withSnapshot)
        expectSameDocument(await load(storage, body('d1')), draft.doc)
      })
    })

    describe('lifecycle', () => {
      it('[STORE-15] after close every method rejects with StorageClosedError', async () => {
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('x'))
        await storage.close()
        await storage.close()
        const calls: Array<[string, () => Promise<unknown>]> = [
          ['createDocument', () => storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))],
          ['getDocument', () => storage.getDocument('d1')],
          ['listDocuments', () => storage.listDocuments()],
          ['appendUpdates', () => storage.appendUpdates([{ key: body('d1'), update: new Draft().paragraph('z') }], new Date())],
          ['loadLog', () => storage.loadLog(body('d1'))],
          ['compact', () => storage.compact(body('d1'), merge)],
        ]
        for (const [method, call] of calls) {
          await expect(call(), method).rejects.toBeInstanceOf(StorageClosedError)
        }
      })

      if (capabilities.durable) it('[STORE-16] everything committed survives close and reopen', async () => {
        const reopen = harness.reopen
        if (!reopen) throw new Error(`${name} claims to be durable but its harness cannot reopen it`)
        const { draft, review } = await seed()
        await storage.compact(body('d1'), merge)
        const tail = draft.paragraph('tras la compactación')
        await storage.appendUpdates([{ key: body('d1'), update: tail }], new Date('2024-05-01T00:00:00.000Z'))
        await storage.createDocument(record('d2', '2024-04-01T00:00:00.000Z', 'minutes'), new Draft().paragraph('acta'))
        const before = {
          list: await storage.listDocuments(),
          body: await storage.loadLog(body('d1')),
          meta: await storage.loadLog(meta('d1')),
          other: await storage.loadLog(body('d2')),
        }

        storage = await reopen()

        expect(await storage.listDocuments()).toEqual(before.list)
        expect(before.list.map((r) => r.id)).toEqual(['d1', 'd2'])
        expect(await storage.loadLog(body('d1'))).toEqual(before.body)
        expect(await storage.loadLog(meta('d1'))).toEqual(before.meta)
        expect(await storage.loadLog(body('d2'))).toEqual(before.other)
        expectSameDocument(await load(storage, body('d1')), draft.doc)
        expectSameDocument(await load(storage, meta('d1')), review.doc)
      })
    })

    /** A draft with several edits, a deletion and review data, stored as separate updates. */
    async function seed(): Promise<{ draft: Draft; review: Draft }> {
      const draft = new Draft()
      const review = new Draft()
      await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z'), draft.paragraph('Reconociendo'))
      const at = new Date('2024-02-01T00:00:00.000Z')
      await storage.appendUpdates([{ key: body('d1'), update: draft.paragraph('Destacando') }], at)
      await storage.appendUpdates(
        [
          { key: body('d1'), update: draft.paragraph('Acordamos') },
          { key: meta('d1'), update: review.comment('t1', 'reserva de PAN') },
        ],
        at,
      )
      await storage.appendUpdates([{ key: body('d1'), update: draft.deleteFirst() }], at)
      return { draft, review }
    }
  })
}

/*
 * The storage contract: every implementation of `Storage` (memory, SQLite, Postgres) registers
 * this one suite (storage.test.ts). This file holds the core (drafts, update logs, compaction,
 * closing and reopening) and registers the suite of each store, one file per concern:
 * delegations, accounts, members, audit, register, versions, authorship and party-groups
 * (.contract.ts). Rules, cited by id in the test names:
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
 * [STORE-6]  A body write sets the draft's updatedAt to the `at` passed to appendUpdates, unless
 *            that is earlier than what it holds (instances' clocks differ); a meta write leaves
 *            updatedAt alone.
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
 *            order, logs and snapshots; users, sessions, invitations, memberships, delegations
 *            and the audit log.
 * [STORE-17] (sqlite) migrateSqlite applies each migration once: a second run applies nothing;
 *            a migration that fails leaves no trace and is not recorded.
 * [STORE-60] trashDocument hides a draft from getDocument and listDocuments and keeps all it
 *            holds; getTrashedDocument and listTrashedDocuments read it; restoreDocument brings
 *            it back unchanged; deleteDocument also removes a trashed draft.
 * [STORE-61] renameDocument changes only the title; false for an unknown or trashed draft.
 * [STORE-36] (sqlite) Migration 2 on a database created at version 1 keeps its drafts, their
 *            logs and snapshots (createdBy null, no members) and seeds the delegations.
 * [STORE-18…19] delegations: see delegations.contract.ts.
 * [STORE-20…28, 51] users, sessions, invitations: see accounts.contract.ts.
 * [STORE-29…32] membership: see members.contract.ts.
 * [STORE-33…35] audit log: see audit.contract.ts.
 * [STORE-37…43] register: see register.contract.ts.
 * [STORE-44…49] versions: see versions.contract.ts.
 * [STORE-52…53] authorship: see authorship.contract.ts.
 * [STORE-160…161] party groups: see party-groups.contract.ts.
 * [PRACT-50…54] good practices: see practices.contract.ts.
 * [FILES-50…53] the file repository: see files.contract.ts.
 * [STORE-180…182] notifications, silence procedures and their removal with a purged draft: see notify-silence.contract.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StorageClosedError, type Storage } from '@consenso/server/storage'
import { record, user, session, invitation, audit, agreement, meeting, Draft, load, expectSameDocument, merge, FIELD, seed, body, meta } from './fixtures.ts'
import { delegationContract } from './delegations.contract.ts'
import { accountContract } from './accounts.contract.ts'
import { memberContract } from './members.contract.ts'
import { auditContract } from './audit.contract.ts'
import { registerContract } from './register.contract.ts'
import { versionContract } from './versions.contract.ts'
import { authorshipContract } from './authorship.contract.ts'
import { partyGroupContract } from './party-groups.contract.ts'
import { aliasContract } from './aliases.contract.ts'
import { glossaryContract } from './glossary.contract.ts'
import { focalPointContract } from './focal-points.contract.ts'
import { practiceContract } from './practices.contract.ts'
import { fileContract } from './files.contract.ts'
import { searchContract } from './search.contract.ts'
import { notifySilenceContract } from './notify-silence.contract.ts'
import { questionnaireContract } from './questionnaires.contract.ts'

export interface StorageHarness {
  storage: Storage
  /** Closes the store and opens a new one on the same data; only for durable stores. */
  reopen?: () => Promise<Storage>
  /** Closes whatever is still open and removes the data. */
  cleanup: () => Promise<void>
}

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

      it('[STORE-60] a trashed draft is neither found nor listed, keeps everything, and comes back whole', async () => {
        await storage.accounts.createUser(user('u1'))
        await seed(storage)
        await storage.members.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'editor' })
        const before = { record: await storage.getDocument('d1'), body: await storage.loadLog(body('d1')), members: await storage.members.listMembers('d1') }
        expect(before.record).toBeDefined()

        expect(await storage.trashDocument('d1', '2024-03-05T10:00:00.000Z', 'u1')).toBe(true)
        expect(await storage.trashDocument('d1', '2024-03-06T10:00:00.000Z', 'u1')).toBe(false)
        expect(await storage.trashDocument('ghost', '2024-03-06T10:00:00.000Z', null)).toBe(false)
        expect(await storage.getDocument('d1')).toBeUndefined()
        expect((await storage.listDocuments()).map((d) => d.id)).not.toContain('d1')
        expect(await storage.renameDocument('d1', 'Otro')).toBe(false)
        expect(await storage.getTrashedDocument('d1')).toEqual({ ...before.record, deletedAt: '2024-03-05T10:00:00.000Z', deletedBy: 'u1' })
        expect(await storage.listTrashedDocuments()).toEqual([{ ...before.record, deletedAt: '2024-03-05T10:00:00.000Z', deletedBy: 'u1' }])
        // Its content and its sharing wait in the trash.
        expect(await storage.loadLog(body('d1'))).toEqual(before.body)
        expect(await storage.members.listMembers('d1')).toEqual(before.members)

        expect(await storage.restoreDocument('d1')).toBe(true)
        expect(await storage.restoreDocument('d1')).toBe(false)
        expect(await storage.getDocument('d1')).toEqual(before.record)
        expect(await storage.getTrashedDocument('d1')).toBeUndefined()
        expect(await storage.listTrashedDocuments()).toEqual([])

        // Purging a trashed draft is deleting it.
        await storage.trashDocument('d1', '2024-03-07T10:00:00.000Z', null)
        await storage.deleteDocument('d1')
        expect(await storage.getTrashedDocument('d1')).toBeUndefined()
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [] })
      })

      it('[STORE-61] renameDocument changes the title only; false for an unknown id', async () => {
        await storage.accounts.createUser(user('u1'))
        await seed(storage)
        const before = (await storage.getDocument('d1'))!
        expect(await storage.renameDocument('d1', 'Declaración conjunta (rev. 2)')).toBe(true)
        expect(await storage.getDocument('d1')).toEqual({ ...before, title: 'Declaración conjunta (rev. 2)' })
        expect(await storage.renameDocument('ghost', 'x')).toBe(false)
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

        // A batch stamped earlier (another instance's slower clock) does not move it back.
        await storage.appendUpdates([{ key: body('d1'), update: new Draft().paragraph('w') }], new Date('2024-08-15T12:30:44.000Z'))
        expect((await storage.getDocument('d1'))?.updatedAt).toBe('2024-08-15T12:30:45.123Z')
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
        const { draft, review } = await seed(storage)
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
        const { draft } = await seed(storage)
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
        const { draft } = await seed(storage)
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
        const { draft } = await seed(storage)
        expect(await storage.compact(meta('d1'), merge)).toBe(1)
        const compacted = await storage.loadLog(meta('d1'))
        expect(await storage.compact(meta('d1'), neverCalled)).toBe(0)
        expect(await storage.loadLog(meta('d1'))).toEqual(compacted)
        await storage.compact(body('d1'), merge)
        expect(await storage.compact(body('d1'), neverCalled)).toBe(0)
        expectSameDocument(await load(storage, body('d1')), draft.doc)
      })

      it('[STORE-14] if merge throws, compact rejects and the log is exactly as before', async () => {
        const { draft } = await seed(storage)
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

    const reopen = capabilities.durable ? () => harness.reopen!() : undefined
    const parts: ((current: () => Storage, reopen: (() => Promise<Storage>) | undefined) => void)[] = [
      delegationContract,
      accountContract,
      memberContract,
      auditContract,
      registerContract,
      versionContract,
      authorshipContract,
      partyGroupContract,
      aliasContract,
      glossaryContract,
      focalPointContract,
      practiceContract,
      fileContract,
      searchContract,
      notifySilenceContract,
      questionnaireContract,
    ]
    for (const part of parts) part(() => storage, reopen)

    describe('lifecycle', () => {
      it('[STORE-15] after close every method rejects with StorageClosedError', async () => {
        // Everything the calls below name exists, so only the closing can make them fail.
        await storage.accounts.createUser(user('u1'))
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
        await storage.accounts.createSession(session('s1', 'u1'))
        await storage.accounts.createInvitation(invitation('i1'))
        await storage.close()
        await storage.close()
        const calls: Array<[string, () => Promise<unknown>]> = [
          ['createDocument', () => storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))],
          ['getDocument', () => storage.getDocument('d1')],
          ['listDocuments', () => storage.listDocuments()],
          ['listPartyGroups', () => storage.partyGroups.listPartyGroups()],
          ['getPartyGroup', () => storage.partyGroups.getPartyGroup('crm')],
          ['createPartyGroup', () => storage.partyGroups.createPartyGroup({ id: 'g1', nameEs: 'G', nameEn: 'G', members: ['CHL'] })],
          ['updatePartyGroup', () => storage.partyGroups.updatePartyGroup('crm', { nameEn: 'x' })],
          ['deletePartyGroup', () => storage.partyGroups.deletePartyGroup('crm')],
          ['appendUpdates', () => storage.appendUpdates([{ key: body('d1'), update: new Draft().paragraph('z') }], new Date())],
          ['loadLog', () => storage.loadLog(body('d1'))],
          ['compact', () => storage.compact(body('d1'), merge)],
          ['createDelegation', () => storage.delegations.createDelegation({ code: 'NEW', nameEs: 'N', nameEn: 'N', kind: 'country', color: '#000000' })],
          ['getDelegation', () => storage.delegations.getDelegation('MEX')],
          ['listDelegations', () => storage.delegations.listDelegations()],
          ['countUsers', () => storage.accounts.countUsers()],
          ['createUser', () => storage.accounts.createUser(user('u2'))],
          ['getUser', () => storage.accounts.getUser('u1')],
          ['getUserByEmail', () => storage.accounts.getUserByEmail('u1@example.org')],
          ['listUsers', () => storage.accounts.listUsers()],
          ['updateUser', () => storage.accounts.updateUser('u1', { admin: true })],
          ['createSession', () => storage.accounts.createSession(session('s2', 'u1'))],
          ['getSession', () => storage.accounts.getSession('s1')],
          ['deleteSession', () => storage.accounts.deleteSession('s1')],
          ['deleteUserSessions', () => storage.accounts.deleteUserSessions('u1')],
          ['deleteExpiredSessions', () => storage.accounts.deleteExpiredSessions(new Date())],
          ['createInvitation', () => storage.accounts.createInvitation(invitation('i2'))],
          ['getInvitation', () => storage.accounts.getInvitation('i1')],
          ['acceptInvitation', () => storage.accounts.acceptInvitation('i1', user('u3', { delegation: 'GTM' }), new Date('2024-01-02T00:00:00.000Z'))],
          ['setMember', () => storage.members.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'MEX', role: 'viewer' })],
          ['removeMember', () => storage.members.removeMember('d1', 'user', 'u1')],
          ['listMembers', () => storage.members.listMembers('d1')],
          ['membershipsOf', () => storage.members.membershipsOf('u1', 'MEX')],
          ['deleteDocument', () => storage.deleteDocument('d1')],
          ['appendAudit', () => storage.audit.appendAudit(audit('2024-01-01T00:00:00.000Z'))],
          ['listAudit', () => storage.audit.listAudit({})],
          ['createAgreement', () => storage.register.createAgreement(agreement('a1'))],
          ['createLinkedAgreements', () => storage.register.createLinkedAgreements([agreement('a2', { documentId: 'd1', blockId: 'b1' })])],
          ['getAgreement', () => storage.register.getAgreement('a1')],
          ['listAgreements', () => storage.register.listAgreements({})],
          ['updateAgreement', () => storage.register.updateAgreement('a1', { status: 'done' })],
          ['deleteAgreement', () => storage.register.deleteAgreement('a1')],
          ['createMeeting', () => storage.register.createMeeting(meeting('m1'))],
          ['getMeeting', () => storage.register.getMeeting('m1')],
          ['listMeetings', () => storage.register.listMeetings()],
          ['updateMeeting', () => storage.register.updateMeeting('m1', { title: 'x' })],
          ['deleteMeeting', () => storage.register.deleteMeeting('m1')],
          ['createVersion', () => storage.versions.createVersion({ id: 'v1', documentId: 'd1', kind: 'named', name: 'v', note: '', reason: null, restoring: null, createdBy: null, createdAt: '2024-01-01T00:00:00.000Z' }, { body: new Uint8Array([0, 0]), meta: new Uint8Array([0, 0]) })],
          ['listVersions', () => storage.versions.listVersions('d1')],
          ['getVersion', () => storage.versions.getVersion('d1', 'v1')],
          ['loadVersion', () => storage.versions.loadVersion('d1', 'v1')],
          ['listAuthorship', () => storage.listAuthorship('d1')],
        ]
        for (const [method, call] of calls) {
          await expect(call(), method).rejects.toBeInstanceOf(StorageClosedError)
        }
      })

      if (capabilities.durable) it('[STORE-16] everything committed survives close and reopen', async () => {
        const reopen = harness.reopen
        if (!reopen) throw new Error(`${name} claims to be durable but its harness cannot reopen it`)
        const { draft, review } = await seed(storage)
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

      if (capabilities.durable) it('[STORE-16] accounts, sessions, invitations, members and the audit log survive reopen', async () => {
        const reopen = harness.reopen
        if (!reopen) throw new Error(`${name} claims to be durable but its harness cannot reopen it`)
        await storage.delegations.createDelegation({ code: 'ACNUR', nameEs: 'Alto Comisionado', nameEn: 'UNHCR', kind: 'organisation', color: '#0072bc' })
        await storage.accounts.createUser(user('u1', { admin: true }))
        await storage.accounts.createUser(user('u2', { delegation: 'ACNUR', disabled: true }))
        await storage.accounts.createSession(session('s1', 'u1'))
        await storage.accounts.createInvitation(invitation('i1'))
        await storage.accounts.createInvitation(invitation('i2', { email: 'x@example.org', admin: true, createdBy: 'u1' }))
        expect(await storage.accounts.acceptInvitation('i1', user('u3', { delegation: 'GTM' }), new Date('2024-01-02T00:00:00.000Z'))).toBe(true)
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
        await storage.members.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'ACNUR', role: 'commenter' })
        await storage.audit.appendAudit(audit('2024-01-02T00:00:00.000Z', { action: 'export', details: { format: 'docx', pages: 2 } }))
        const before = {
          delegations: await storage.delegations.listDelegations(),
          users: await storage.accounts.listUsers(),
          session: await storage.accounts.getSession('s1'),
          invitations: [await storage.accounts.getInvitation('i1'), await storage.accounts.getInvitation('i2')],
          documents: await storage.listDocuments(),
          members: await storage.members.listMembers('d1'),
          audit: await storage.audit.listAudit({}),
        }

        storage = await reopen()

        expect(await storage.delegations.listDelegations()).toEqual(before.delegations)
        expect(await storage.accounts.listUsers()).toEqual(before.users)
        expect(await storage.accounts.getSession('s1')).toEqual(before.session)
        expect([await storage.accounts.getInvitation('i1'), await storage.accounts.getInvitation('i2')]).toEqual(before.invitations)
        expect(await storage.listDocuments()).toEqual(before.documents)
        expect(await storage.members.listMembers('d1')).toEqual(before.members)
        expect(await storage.audit.listAudit({})).toEqual(before.audit)
        // Appending after reopening continues the ids rather than reusing one.
        await storage.audit.appendAudit(audit('2024-01-03T00:00:00.000Z'))
        expect((await storage.audit.listAudit({}))[0]!.id).toBeGreaterThan(before.audit[0]!.id)
      })
    })
  })
}

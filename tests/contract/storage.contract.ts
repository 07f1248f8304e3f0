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
 * [STORE-18] A new store already holds every delegation of DELEGATIONS (code, names, kind,
 *            colour), and listDelegations orders them by code.
 * [STORE-19] createDelegation adds a delegation that getDelegation and listDelegations return;
 *            a code that exists, or an unknown kind, is refused and changes nothing; an unknown
 *            code reads as undefined.
 * [STORE-20] createUser stores the user with the email lower-cased; getUser and getUserByEmail
 *            (in any letter case) return it; countUsers counts every account.
 * [STORE-21] createUser refuses, changing nothing, a taken id, a taken email in any letter case,
 *            and an unknown delegation.
 * [STORE-22] listUsers orders by name, then id.
 * [STORE-23] updateUser changes exactly the fields in the patch and nothing else; an unknown
 *            user is refused.
 * [STORE-24] Sessions read back as created, expired ones too; deleteSession removes one (and
 *            ignores an unknown hash); a taken hash or an unknown user is refused.
 * [STORE-25] deleteUserSessions removes all of one user's sessions but `keep` and returns their
 *            hashes, sorted; deleteExpiredSessions removes those expiring at or before `now`,
 *            of every user, and returns how many.
 * [STORE-26] Invitations read back as created; a taken hash or an unknown delegation is refused.
 * [STORE-27] acceptInvitation creates the user and marks the invitation accepted (at `now`, by
 *            that user) once only: a second accept, even concurrent, returns false and creates
 *            no second user.
 * [STORE-28] acceptInvitation of an expired (expiresAt at or before `now`) or unknown invitation
 *            returns false and creates nothing; if the user cannot be created (email taken) it
 *            rejects, the invitation stays unused and can still be accepted.
 * [STORE-51] spendInvitation marks a usable invitation used (acceptedAt `now`, acceptedBy null)
 *            without creating anyone, once; an unknown, used or expired one returns false.
 * [STORE-29] createDocument with createdBy makes that user the draft's owner; without, the draft
 *            has no members; a createdBy naming no user is refused and creates nothing.
 * [STORE-30] setMember creates or replaces a role; removeMember removes one (and ignores what is
 *            not there); listMembers orders by principal type, then id; an unknown draft, user,
 *            delegation, type or role is refused and changes nothing.
 * [STORE-31] membershipsOf returns, across drafts, the memberships naming the user or the
 *            delegation and none other, ordered by draft.
 * [STORE-32] deleteDocument removes the record, both logs, the snapshots and the memberships of
 *            that draft only, keeps the audit entries naming it, and ignores an unknown id.
 * [STORE-33] appendAudit assigns increasing ids; listAudit returns entries newest first with
 *            every field, details included, as appended.
 * [STORE-34] listAudit filters by action, actor, draft, since and until (both inclusive), and
 *            by all of them at once.
 * [STORE-35] listAudit returns at most `limit` entries, the newest; 500 when not given; a
 *            negative limit gives none, and no more than 10,000 are ever returned.
 * [STORE-36] (sqlite) Migration 2 on a database created at version 1 keeps its drafts, their
 *            logs and snapshots (createdBy null, no members) and seeds the delegations.
 * [STORE-37] createAgreement and createMeeting store records that read back as created, their
 *            delegations once each, sorted by code; an unknown id reads as undefined.
 * [STORE-38] createAgreement refuses, changing nothing, a taken id, an unknown status, an unknown
 *            delegation or an unknown meeting; createMeeting a taken id or an unknown delegation.
 * [STORE-39] listAgreements orders by due date (none last), then creation; it filters by
 *            responsible delegation, status, meeting, draft and overdueOn (due before that date
 *            and neither done nor cancelled), and by all of them at once.
 * [STORE-40] updateAgreement and updateMeeting change exactly the fields in the patch (a
 *            delegation list is replaced whole) and return the stored record; an unknown id gives
 *            undefined; a refused patch changes nothing.
 * [STORE-41] deleteAgreement and deleteMeeting remove the record and return false for an unknown
 *            id; a deleted meeting's agreements stay, without a meeting.
 * [STORE-44…49] versions: see versions.contract.ts.
 * [STORE-52…53] authorship: see authorship.contract.ts.
 * [STORE-160…161] party groups: see party-groups.contract.ts.
 * [STORE-180…182] notifications, silence procedures and their removal with a purged draft: see notify-silence.contract.ts.
 * [STORE-42] createLinkedAgreements creates, in order, only the agreements whose draft and block
 *            no stored agreement has, and returns them; concurrent calls never create two for a
 *            block; a refused batch creates nothing.
 * [STORE-43] listMeetings orders by first day, then creation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { AUDIT_ACTIONS, DELEGATIONS, type Agreement, type AuditEntry, type DelegationRecord, type Meeting, type TemplateId } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { versionContract } from './versions.contract.ts'
import { authorshipContract } from './authorship.contract.ts'
import { partyGroupContract } from './party-groups.contract.ts'
import { notifySilenceContract } from './notify-silence.contract.ts'
import {
  AUDIT_LIMIT_MAX,
  auditLimit,
  StorageClosedError,
  type DocKey,
  type DocumentRecord,
  type InvitationRecord,
  type NewAuditEntry,
  type SessionRecord,
  type Storage,
  type UserRecord,
} from '@consenso/server/storage'

export interface StorageHarness {
  storage: Storage
  /** Closes the store and opens a new one on the same data; only for durable stores. */
  reopen?: () => Promise<Storage>
  /** Closes whatever is still open and removes the data. */
  cleanup: () => Promise<void>
}

const FIELD = BODY_FIELD

function record(id: string, updatedAt: string, template: TemplateId = 'blank', createdBy: string | null = null): DocumentRecord {
  return { id, title: `Borrador ${id}`, template, createdBy, createdAt: '2024-01-01T00:00:00.000Z', updatedAt }
}

function user(id: string, fields: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    email: `${id}@example.org`,
    name: `Persona ${id}`,
    delegation: 'MEX',
    admin: false,
    disabled: false,
    passwordHash: `scrypt$16384$8$1$salt-${id}$hash-${id}`,
    createdAt: '2024-01-01T00:00:00.000Z',
    ...fields,
  }
}

function session(tokenHash: string, userId: string, expiresAt = '2030-01-01T00:00:00.000Z'): SessionRecord {
  return { tokenHash, userId, createdAt: '2024-01-01T00:00:00.000Z', expiresAt }
}

function invitation(tokenHash: string, fields: Partial<InvitationRecord> = {}): InvitationRecord {
  return {
    tokenHash,
    delegation: 'GTM',
    email: null,
    admin: false,
    createdBy: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    expiresAt: '2024-01-08T00:00:00.000Z',
    acceptedAt: null,
    acceptedBy: null,
    ...fields,
  }
}

function audit(at: string, fields: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    at,
    action: 'auth.login',
    actorId: null,
    actorDelegation: null,
    documentId: null,
    target: null,
    ip: null,
    details: {},
    ...fields,
  }
}

function agreement(id: string, fields: Partial<Agreement> = {}): Agreement {
  return {
    id,
    text: `Acuerdo ${id}: circular el borrador revisado`,
    responsible: ['PAN'],
    dueDate: null,
    status: 'pending',
    meetingId: null,
    documentId: null,
    blockId: null,
    createdBy: 'u1',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedBy: 'u1',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...fields,
  }
}

function meeting(id: string, fields: Partial<Meeting> = {}): Meeting {
  return {
    id,
    title: `Reunión ${id}`,
    startsOn: '2024-05-11',
    endsOn: null,
    startTime: null,
    endTime: null,
    timeZone: null,
    place: 'Videoconferencia',
    delegations: ['CHL', 'PAN'],
    minutesDocumentId: null,
    createdBy: 'u1',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedBy: 'u1',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...fields,
  }
}

/** The seeded delegations as the store must hold them: DELEGATIONS without the conference. */
const SEEDED: DelegationRecord[] = DELEGATIONS.map(({ code, nameEs, nameEn, kind, color }) => ({ code, nameEs, nameEn, kind, color })).sort(
  (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
)

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

    describe('delegations', () => {
      it('[STORE-18] a new store holds every built-in delegation, ordered by code', async () => {
        expect(await storage.listDelegations()).toEqual(SEEDED)
        for (const delegation of SEEDED) expect(await storage.getDelegation(delegation.code)).toEqual(delegation)
      })

      it('[STORE-19] createDelegation adds one; a taken code or an unknown kind changes nothing', async () => {
        const observer: DelegationRecord = { code: 'ACNUR', nameEs: 'Alto Comisionado', nameEn: 'UNHCR', kind: 'organisation', color: '#0072bc' }
        await storage.createDelegation(observer)
        expect(await storage.getDelegation('ACNUR')).toEqual(observer)
        expect(await storage.getDelegation('acnur')).toBeUndefined()
        expect(await storage.getDelegation('XYZ')).toBeUndefined()
        // 'ACNUR' sorts between the seeded codes, so the order is checked and not just appended.
        const expected = [...SEEDED, observer].sort((a, b) => (a.code < b.code ? -1 : 1))
        expect(await storage.listDelegations()).toEqual(expected)

        await expect(storage.createDelegation({ ...observer, nameEs: 'Otro' })).rejects.toThrow()
        await expect(storage.createDelegation({ ...SEEDED[0]!, color: '#000000' })).rejects.toThrow()
        const badKind = { code: 'NEW', nameEs: 'Nueva', nameEn: 'New', kind: 'club', color: '#111111' } as unknown as DelegationRecord
        await expect(storage.createDelegation(badKind)).rejects.toThrow()
        expect(await storage.getDelegation('NEW')).toBeUndefined()
        expect(await storage.listDelegations()).toEqual(expected)
      })
    })

    describe('users', () => {
      it('[STORE-20] createUser stores the email lower-cased; lookups by id and by email in any case', async () => {
        expect(await storage.countUsers()).toBe(0)
        const ana = user('u1', { email: 'Ana.Pérez@Example.ORG', name: 'Ana Pérez', admin: true })
        await storage.createUser(ana)
        const stored = { ...ana, email: 'ana.pérez@example.org' }
        expect(await storage.getUser('u1')).toEqual(stored)
        expect(await storage.getUser('U1')).toBeUndefined()
        // Non-ASCII letters fold too, which SQLite's own lower() would not do.
        for (const email of ['ana.pérez@example.org', 'ANA.PÉREZ@EXAMPLE.ORG', 'Ana.Pérez@Example.ORG']) {
          expect(await storage.getUserByEmail(email), email).toEqual(stored)
        }
        expect(await storage.getUserByEmail('ana@example.org')).toBeUndefined()
        await storage.createUser(user('u2', { disabled: true }))
        expect(await storage.countUsers()).toBe(2)
        expect((await storage.getUser('u2'))?.disabled).toBe(true)
      })

      it('[STORE-21] a taken id, a taken email in any case or an unknown delegation is refused', async () => {
        const ana = user('u1', { email: 'ana@example.org' })
        await storage.createUser(ana)
        const attempts: UserRecord[] = [
          user('u1', { email: 'other@example.org' }),
          user('u2', { email: 'ana@example.org' }),
          user('u2', { email: 'ANA@Example.Org' }),
          user('u2', { delegation: 'XXX' }),
          user('u2', { delegation: 'mex' }),
        ]
        for (const attempt of attempts) {
          await expect(storage.createUser(attempt), JSON.stringify(attempt)).rejects.toThrow()
        }
        expect(await storage.countUsers()).toBe(1)
        expect(await storage.listUsers()).toEqual([ana])
        expect(await storage.getUser('u2')).toBeUndefined()
        expect(await storage.getUserByEmail('other@example.org')).toBeUndefined()
      })

      it('[STORE-22] listUsers orders by name, then id', async () => {
        expect(await storage.listUsers()).toEqual([])
        for (const [id, name] of [
          ['u3', 'Beatriz'],
          ['u1', 'Carlos'],
          ['u4', 'Ana'],
          ['u2', 'Beatriz'],
        ] as const) {
          await storage.createUser(user(id, { name }))
        }
        expect((await storage.listUsers()).map((u) => u.id)).toEqual(['u4', 'u2', 'u3', 'u1'])
      })

      it('[STORE-23] updateUser changes exactly the fields in the patch', async () => {
        const ana = user('u1', { email: 'ana@example.org' })
        const other = user('u2')
        await storage.createUser(ana)
        await storage.createUser(other)

        await storage.updateUser('u1', { disabled: true })
        expect(await storage.getUser('u1')).toEqual({ ...ana, disabled: true })
        await storage.updateUser('u1', { admin: true, name: 'Ana María' })
        expect(await storage.getUser('u1')).toEqual({ ...ana, disabled: true, admin: true, name: 'Ana María' })
        // false must be applied, not mistaken for "absent".
        await storage.updateUser('u1', { disabled: false, passwordHash: 'scrypt$new' })
        const expected = { ...ana, admin: true, name: 'Ana María', passwordHash: 'scrypt$new' }
        expect(await storage.getUser('u1')).toEqual(expected)
        await storage.updateUser('u1', {})
        expect(await storage.getUser('u1')).toEqual(expected)
        // Fields outside the patch type (reaching it through a wider object) are not written.
        await storage.updateUser('u1', { email: 'x@example.org', delegation: 'USA', name: 'Ana' } as Parameters<Storage['updateUser']>[1])
        expect(await storage.getUser('u1')).toEqual({ ...expected, name: 'Ana' })
        expect(await storage.getUser('u2')).toEqual(other)

        await expect(storage.updateUser('ghost', { admin: true })).rejects.toThrow()
        await expect(storage.updateUser('ghost', {})).rejects.toThrow()
        expect(await storage.countUsers()).toBe(2)
      })
    })

    describe('sessions', () => {
      it('[STORE-24] sessions read back as created; a taken hash or an unknown user is refused', async () => {
        await storage.createUser(user('u1'))
        const live = session('aa11', 'u1')
        const expired = session('bb22', 'u1', '2020-01-01T00:00:00.000Z')
        await storage.createSession(live)
        await storage.createSession(expired)
        expect(await storage.getSession('aa11')).toEqual(live)
        // Expired sessions are still returned: the caller decides with its own clock.
        expect(await storage.getSession('bb22')).toEqual(expired)
        expect(await storage.getSession('cc33')).toBeUndefined()

        await expect(storage.createSession(session('aa11', 'u1', '2031-01-01T00:00:00.000Z'))).rejects.toThrow()
        await expect(storage.createSession(session('dd44', 'ghost'))).rejects.toThrow()
        expect(await storage.getSession('aa11')).toEqual(live)
        expect(await storage.getSession('dd44')).toBeUndefined()

        await storage.deleteSession('aa11')
        await storage.deleteSession('never-existed')
        expect(await storage.getSession('aa11')).toBeUndefined()
        expect(await storage.getSession('bb22')).toEqual(expired)
      })

      it('[STORE-25] deleteUserSessions keeps one if asked; deleteExpiredSessions removes the expired', async () => {
        await storage.createUser(user('u1'))
        await storage.createUser(user('u2'))
        for (const hash of ['c3', 'a1', 'b2']) await storage.createSession(session(hash, 'u1'))
        await storage.createSession(session('z9', 'u2'))

        expect(await storage.deleteUserSessions('u1', 'b2')).toEqual(['a1', 'c3'])
        expect(await storage.getSession('b2')).toEqual(session('b2', 'u1'))
        expect(await storage.getSession('a1')).toBeUndefined()
        expect(await storage.getSession('z9')).toEqual(session('z9', 'u2'))
        expect(await storage.deleteUserSessions('u1')).toEqual(['b2'])
        expect(await storage.deleteUserSessions('u1')).toEqual([])
        expect(await storage.deleteUserSessions('ghost')).toEqual([])
        expect(await storage.getSession('z9')).toEqual(session('z9', 'u2'))

        const now = new Date('2024-06-01T12:00:00.000Z')
        await storage.createSession(session('past', 'u1', '2024-06-01T11:59:59.999Z'))
        await storage.createSession(session('exact', 'u2', '2024-06-01T12:00:00.000Z'))
        await storage.createSession(session('future', 'u1', '2024-06-01T12:00:00.001Z'))
        expect(await storage.deleteExpiredSessions(now)).toBe(2)
        expect(await storage.getSession('past')).toBeUndefined()
        expect(await storage.getSession('exact')).toBeUndefined()
        expect(await storage.getSession('future')).toEqual(session('future', 'u1', '2024-06-01T12:00:00.001Z'))
        expect(await storage.getSession('z9')).toEqual(session('z9', 'u2'))
        expect(await storage.deleteExpiredSessions(now)).toBe(0)
      })
    })

    describe('invitations', () => {
      const before = new Date('2024-01-05T00:00:00.000Z')

      it('[STORE-26] invitations read back as created; a taken hash or an unknown delegation is refused', async () => {
        await storage.createUser(user('admin'))
        const open = invitation('inv1', { email: 'ana@example.org', admin: true, createdBy: 'admin' })
        const plain = invitation('inv2', { delegation: 'ST-CRM' })
        await storage.createInvitation(open)
        await storage.createInvitation(plain)
        expect(await storage.getInvitation('inv1')).toEqual(open)
        expect(await storage.getInvitation('inv2')).toEqual(plain)
        expect(await storage.getInvitation('inv3')).toBeUndefined()

        await expect(storage.createInvitation(invitation('inv1', { delegation: 'USA' }))).rejects.toThrow()
        await expect(storage.createInvitation(invitation('inv3', { delegation: 'XXX' }))).rejects.toThrow()
        expect(await storage.getInvitation('inv1')).toEqual(open)
        expect(await storage.getInvitation('inv3')).toBeUndefined()
      })

      it('[STORE-27] an invitation is accepted once only', async () => {
        await storage.createInvitation(invitation('inv1', { admin: true }))
        const ana = user('u1', { email: 'Ana@Example.org', delegation: 'GTM', admin: true })
        expect(await storage.acceptInvitation('inv1', ana, before)).toBe(true)
        expect(await storage.getUser('u1')).toEqual({ ...ana, email: 'ana@example.org' })
        expect(await storage.getInvitation('inv1')).toEqual(
          invitation('inv1', { admin: true, acceptedAt: before.toISOString(), acceptedBy: 'u1' }),
        )

        expect(await storage.acceptInvitation('inv1', user('u2', { delegation: 'GTM' }), before)).toBe(false)
        expect(await storage.getUser('u2')).toBeUndefined()
        expect(await storage.countUsers()).toBe(1)
        expect((await storage.getInvitation('inv1'))?.acceptedBy).toBe('u1')

        // Two accepts in flight at once: exactly one wins.
        await storage.createInvitation(invitation('inv2'))
        const results = await Promise.all([
          storage.acceptInvitation('inv2', user('u3', { delegation: 'GTM' }), before),
          storage.acceptInvitation('inv2', user('u4', { delegation: 'GTM' }), before),
        ])
        expect(results.filter(Boolean)).toHaveLength(1)
        expect(await storage.countUsers()).toBe(2)
        const winner = results[0] ? 'u3' : 'u4'
        expect((await storage.getInvitation('inv2'))?.acceptedBy).toBe(winner)
      })

      it('[STORE-28] an expired or unknown invitation creates nothing; a taken email rejects and keeps it usable', async () => {
        await storage.createInvitation(invitation('inv1', { expiresAt: '2024-01-08T00:00:00.000Z' }))
        const ana = user('u1', { delegation: 'GTM' })
        for (const now of ['2024-01-08T00:00:00.000Z', '2024-01-09T00:00:00.000Z']) {
          expect(await storage.acceptInvitation('inv1', ana, new Date(now)), now).toBe(false)
        }
        expect(await storage.acceptInvitation('unknown', ana, before)).toBe(false)
        expect(await storage.countUsers()).toBe(0)
        expect(await storage.getInvitation('inv1')).toEqual(invitation('inv1'))

        await storage.createUser(user('taken', { email: 'ana@example.org' }))
        await expect(storage.acceptInvitation('inv1', user('u1', { email: 'ANA@example.org', delegation: 'GTM' }), before)).rejects.toThrow()
        await expect(storage.acceptInvitation('inv1', user('taken', { email: 'new@example.org', delegation: 'GTM' }), before)).rejects.toThrow()
        expect(await storage.countUsers()).toBe(1)
        expect(await storage.getUser('u1')).toBeUndefined()
        expect(await storage.getInvitation('inv1')).toEqual(invitation('inv1'))

        // Still usable, just before it expires.
        const lastMoment = new Date('2024-01-07T23:59:59.999Z')
        expect(await storage.acceptInvitation('inv1', ana, lastMoment)).toBe(true)
        expect(await storage.getUser('u1')).toEqual(ana)
      })

      it('[STORE-51] spending an invitation makes it used without creating anyone', async () => {
        await storage.createInvitation(invitation('inv1', { expiresAt: '2024-01-08T00:00:00.000Z' }))
        expect(await storage.spendInvitation('inv1', before)).toBe(true)
        expect(await storage.getInvitation('inv1')).toEqual(invitation('inv1', { expiresAt: '2024-01-08T00:00:00.000Z', acceptedAt: before.toISOString() }))
        expect(await storage.spendInvitation('inv1', before)).toBe(false)
        expect(await storage.acceptInvitation('inv1', user('u1', { delegation: 'GTM' }), before)).toBe(false)
        expect(await storage.countUsers()).toBe(0)
        await storage.createInvitation(invitation('inv2', { expiresAt: '2024-01-08T00:00:00.000Z' }))
        expect(await storage.spendInvitation('inv2', new Date('2024-01-08T00:00:00.000Z'))).toBe(false)
        expect(await storage.spendInvitation('unknown', before)).toBe(false)
      })
    })

    describe('membership', () => {
      it('[STORE-29] createDocument with createdBy makes its owner; without, no members', async () => {
        await storage.createUser(user('u1'))
        const owned = record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1')
        await storage.createDocument(owned, new Draft().paragraph('x'))
        expect(await storage.getDocument('d1')).toEqual(owned)
        expect(await storage.listMembers('d1')).toEqual([{ documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'owner' }])

        await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))
        expect((await storage.getDocument('d2'))?.createdBy).toBeNull()
        expect(await storage.listMembers('d2')).toEqual([])

        await expect(storage.createDocument(record('d3', '2024-01-01T00:00:00.000Z', 'blank', 'ghost'), new Draft().paragraph('z'))).rejects.toThrow()
        expect(await storage.getDocument('d3')).toBeUndefined()
        expect(await storage.loadLog(body('d3'))).toEqual({ snapshot: null, updates: [] })
        expect(await storage.listMembers('d3')).toEqual([])
        expect((await storage.listDocuments()).map((r) => r.id)).toEqual(['d1', 'd2'])
      })

      it('[STORE-30] setMember creates or replaces; removeMember removes; refusals change nothing', async () => {
        await storage.createUser(user('u1'))
        await storage.createUser(user('u2'))
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
        await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))

        await storage.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' })
        await storage.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'viewer' })
        await storage.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'ARG', role: 'viewer' })
        await storage.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'editor' })
        await storage.setMember({ documentId: 'd2', principalType: 'user', principalId: 'u2', role: 'owner' })
        const d1 = [
          { documentId: 'd1', principalType: 'delegation', principalId: 'ARG', role: 'viewer' },
          { documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' },
          { documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'owner' },
          { documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'editor' },
        ]
        expect(await storage.listMembers('d1')).toEqual(d1)

        const refused = [
          { documentId: 'ghost', principalType: 'user', principalId: 'u2', role: 'viewer' },
          { documentId: 'd1', principalType: 'user', principalId: 'ghost', role: 'viewer' },
          { documentId: 'd1', principalType: 'delegation', principalId: 'XXX', role: 'viewer' },
          // A user id is not a delegation code, nor the other way round.
          { documentId: 'd1', principalType: 'delegation', principalId: 'u2', role: 'viewer' },
          { documentId: 'd1', principalType: 'user', principalId: 'PAN', role: 'viewer' },
          { documentId: 'd1', principalType: 'group', principalId: 'u2', role: 'viewer' },
          { documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'admin' },
        ] as unknown as Parameters<Storage['setMember']>[0][]
        for (const member of refused) {
          await expect(storage.setMember(member), JSON.stringify(member)).rejects.toThrow()
        }
        expect(await storage.listMembers('d1')).toEqual(d1)
        expect(await storage.listMembers('ghost')).toEqual([])

        await storage.removeMember('d1', 'delegation', 'PAN')
        await storage.removeMember('d1', 'user', 'PAN')
        await storage.removeMember('d1', 'delegation', 'USA')
        await storage.removeMember('ghost', 'user', 'u2')
        expect(await storage.listMembers('d1')).toEqual(d1.filter((m) => m.principalId !== 'PAN'))
        expect(await storage.listMembers('d2')).toEqual([{ documentId: 'd2', principalType: 'user', principalId: 'u2', role: 'owner' }])
      })

      it('[STORE-31] membershipsOf finds the user and the delegation across drafts', async () => {
        await storage.createUser(user('u1', { delegation: 'PAN' }))
        await storage.createUser(user('u2', { delegation: 'PAN' }))
        await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u2'), new Draft().paragraph('y'))
        await storage.createDocument(record('d3', '2024-01-01T00:00:00.000Z', 'blank', 'u2'), new Draft().paragraph('z'))
        await storage.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' })
        await storage.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'viewer' })
        await storage.setMember({ documentId: 'd3', principalType: 'delegation', principalId: 'ARG', role: 'editor' })
        // A user whose id equals a delegation code must not match that delegation's grants.
        await storage.createUser(user('ARG', { delegation: 'MEX', email: 'arg@example.org' }))

        expect(await storage.membershipsOf('u1', 'PAN')).toEqual([
          { documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'commenter' },
          { documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'viewer' },
          { documentId: 'd2', principalType: 'user', principalId: 'u1', role: 'owner' },
        ])
        expect(await storage.membershipsOf('u2', 'ARG')).toEqual([
          { documentId: 'd1', principalType: 'user', principalId: 'u2', role: 'owner' },
          { documentId: 'd3', principalType: 'delegation', principalId: 'ARG', role: 'editor' },
          { documentId: 'd3', principalType: 'user', principalId: 'u2', role: 'owner' },
        ])
        expect(await storage.membershipsOf('ARG', 'MEX')).toEqual([])
        expect(await storage.membershipsOf('nobody', 'USA')).toEqual([])
      })

      it('[STORE-32] deleteDocument removes the draft, its logs, snapshots and members, not the audit', async () => {
        await storage.createUser(user('u1'))
        const { draft } = await seed()
        await storage.compact(body('d1'), merge)
        await storage.compact(meta('d1'), merge)
        await storage.appendUpdates([{ key: body('d1'), update: draft.paragraph('después') }], new Date('2024-03-01T00:00:00.000Z'))
        await storage.setMember({ documentId: 'd1', principalType: 'user', principalId: 'u1', role: 'owner' })
        await storage.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'viewer' })
        const keep = new Draft()
        await storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), keep.paragraph('sigue'))
        await storage.appendUpdates([{ key: meta('d2'), update: new Draft().comment('t', 'nota') }], new Date('2024-03-01T00:00:00.000Z'))
        await storage.compact(body('d2'), merge)
        const d2 = { record: await storage.getDocument('d2'), body: await storage.loadLog(body('d2')), meta: await storage.loadLog(meta('d2')) }
        await storage.appendAudit(audit('2024-03-02T00:00:00.000Z', { action: 'document.created', documentId: 'd1', actorId: 'u1' }))

        await storage.deleteDocument('d1')
        await storage.deleteDocument('d1')
        await storage.deleteDocument('ghost')

        expect(await storage.getDocument('d1')).toBeUndefined()
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [] })
        expect(await storage.loadLog(meta('d1'))).toEqual({ snapshot: null, updates: [] })
        expect(await storage.listMembers('d1')).toEqual([])
        expect(await storage.membershipsOf('u1', 'PAN')).toEqual([{ documentId: 'd2', principalType: 'user', principalId: 'u1', role: 'owner' }])
        expect(await storage.listDocuments()).toEqual([d2.record])
        expect(await storage.loadLog(body('d2'))).toEqual(d2.body)
        expect(await storage.loadLog(meta('d2'))).toEqual(d2.meta)
        expect((await storage.listAudit({ documentId: 'd1' })).map((e) => e.action)).toEqual(['document.created'])

        // The id is free again, and the new draft starts empty and unshared.
        const again = new Draft().paragraph('nuevo')
        await storage.createDocument(record('d1', '2024-04-01T00:00:00.000Z'), again)
        expect(await storage.loadLog(body('d1'))).toEqual({ snapshot: null, updates: [again] })
        expect(await storage.listMembers('d1')).toEqual([])
      })

      it('[STORE-60] a trashed draft is neither found nor listed, keeps everything, and comes back whole', async () => {
        await storage.createUser(user('u1'))
        await seed()
        await storage.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'PAN', role: 'editor' })
        const before = { record: await storage.getDocument('d1'), body: await storage.loadLog(body('d1')), members: await storage.listMembers('d1') }
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
        expect(await storage.listMembers('d1')).toEqual(before.members)

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
        await storage.createUser(user('u1'))
        await seed()
        const before = (await storage.getDocument('d1'))!
        expect(await storage.renameDocument('d1', 'Declaración conjunta (rev. 2)')).toBe(true)
        expect(await storage.getDocument('d1')).toEqual({ ...before, title: 'Declaración conjunta (rev. 2)' })
        expect(await storage.renameDocument('ghost', 'x')).toBe(false)
      })
    })

    describe('audit log', () => {
      it('[STORE-33] entries come back newest first, every field as appended', async () => {
        expect(await storage.listAudit({})).toEqual([])
        const first = audit('2024-05-01T10:00:00.000Z', {
          action: 'member.set',
          actorId: 'u1',
          actorDelegation: 'MEX',
          documentId: 'd1',
          target: 'delegation:PAN',
          ip: '203.0.113.7',
          details: { role: 'editor', previous: null, count: 3, notified: false, note: 'comillas "dobles" y \'simples\', ñ' },
        })
        // Appended with an earlier time: order is that of appending, not of `at`.
        const second = audit('2024-05-01T09:00:00.000Z', { action: 'auth.login_failed', target: 'nadie@example.org', ip: '::1' })
        const third = audit('2024-05-01T11:00:00.000Z', { action: 'export', actorId: 'u2', details: { format: 'docx' } })
        for (const entry of [first, second, third]) await storage.appendAudit(entry)

        const listed = await storage.listAudit({})
        expect(listed.map(({ id: _id, ...rest }) => rest)).toEqual([third, second, first])
        const ids = listed.map((e) => e.id)
        expect(ids[0]!).toBeGreaterThan(ids[1]!)
        expect(ids[1]!).toBeGreaterThan(ids[2]!)

        // What was handed over or handed back can be changed without changing the log.
        first.details.role = 'owner'
        listed[2]!.details.count = 99
        expect((await storage.listAudit({}))[2]!.details).toEqual({
          role: 'editor',
          previous: null,
          count: 3,
          notified: false,
          note: 'comillas "dobles" y \'simples\', ñ',
        })
      })

      it('[STORE-34] listAudit filters by action, actor, draft and time, inclusively and together', async () => {
        const entries: NewAuditEntry[] = [
          audit('2024-05-01T00:00:00.000Z', { action: 'auth.login', actorId: 'u1' }),
          audit('2024-05-02T00:00:00.000Z', { action: 'member.set', actorId: 'u1', documentId: 'd1' }),
          audit('2024-05-03T00:00:00.000Z', { action: 'member.set', actorId: 'u2', documentId: 'd1' }),
          audit('2024-05-04T00:00:00.000Z', { action: 'member.set', actorId: 'u1', documentId: 'd2' }),
          audit('2024-05-05T00:00:00.000Z', { action: 'auth.login', actorId: 'u2' }),
          audit('2024-05-06T00:00:00.000Z', { action: 'write.denied', actorId: 'u1', documentId: 'd1' }),
        ]
        for (const entry of entries) await storage.appendAudit(entry)
        const days = async (query: Parameters<Storage['listAudit']>[0]): Promise<number[]> =>
          (await storage.listAudit(query)).map((e: AuditEntry) => Number(e.at.slice(8, 10)))

        expect(await days({})).toEqual([6, 5, 4, 3, 2, 1])
        expect(await days({ action: 'member.set' })).toEqual([4, 3, 2])
        expect(await days({ action: 'document.deleted' })).toEqual([])
        expect(await days({ actorId: 'u2' })).toEqual([5, 3])
        expect(await days({ documentId: 'd1' })).toEqual([6, 3, 2])
        expect(await days({ since: '2024-05-03T00:00:00.000Z' })).toEqual([6, 5, 4, 3])
        expect(await days({ until: '2024-05-03T00:00:00.000Z' })).toEqual([3, 2, 1])
        expect(await days({ since: '2024-05-02T00:00:00.000Z', until: '2024-05-04T00:00:00.000Z' })).toEqual([4, 3, 2])
        expect(await days({ action: 'member.set', actorId: 'u1', documentId: 'd1', since: '2024-05-02T00:00:00.000Z', until: '2024-05-02T00:00:00.000Z' })).toEqual([2])
        expect(await days({ action: 'member.set', actorId: 'u1', until: '2024-05-01T23:59:59.999Z' })).toEqual([])
        expect(await days({ actorId: 'u1', limit: 2 })).toEqual([6, 4])
      })

      it('[STORE-35] listAudit returns the newest `limit` entries: 500 by default, clamped to 0…10,000', async () => {
        // Enough entries to see the default; the 10,000 ceiling itself is `auditLimit`'s, which
        // every store applies (checked below without writing ten thousand rows per store).
        const total = 600
        for (let i = 0; i < total; i++) {
          const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()
          await storage.appendAudit(audit(at, { action: AUDIT_ACTIONS[i % AUDIT_ACTIONS.length]!, details: { i } }))
        }
        const positions = async (query: Parameters<Storage['listAudit']>[0]): Promise<number[]> =>
          (await storage.listAudit(query)).map((e) => e.details.i as number)
        const newest = (n: number): number[] => Array.from({ length: n }, (_, k) => total - 1 - k)

        expect(await positions({})).toEqual(newest(500))
        expect(await positions({ limit: 3 })).toEqual(newest(3))
        expect(await positions({ limit: 0 })).toEqual([])
        // SQLite reads a negative LIMIT as "no limit": it must not leak through.
        expect(await positions({ limit: -1 })).toEqual([])
        expect(await positions({ limit: AUDIT_LIMIT_MAX + 1 })).toEqual(newest(total))
        expect(await positions({ limit: Number.POSITIVE_INFINITY })).toEqual(newest(total))
        expect([auditLimit(undefined), auditLimit(AUDIT_LIMIT_MAX + 1), auditLimit(Number.POSITIVE_INFINITY), auditLimit(-4)]).toEqual([
          500,
          AUDIT_LIMIT_MAX,
          AUDIT_LIMIT_MAX,
          0,
        ])
      })
    })

    describe('register', () => {
      const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id)

      it('[STORE-37] agreements and meetings read back as created, delegations sorted once each', async () => {
        const m = meeting('m1', { delegations: ['PAN', 'CHL', 'PAN', 'ST-CRM'], endsOn: '2024-05-12', minutesDocumentId: 'd9' })
        await storage.createMeeting(m)
        expect(await storage.getMeeting('m1')).toEqual({ ...m, delegations: ['CHL', 'PAN', 'ST-CRM'] })
        const a = agreement('a1', { responsible: ['URY', 'ARG', 'URY'], dueDate: '2024-06-30', meetingId: 'm1', documentId: 'd9', blockId: 'b1' })
        await storage.createAgreement(a)
        expect(await storage.getAgreement('a1')).toEqual({ ...a, responsible: ['ARG', 'URY'] })
        const bare = agreement('a2', { responsible: [], createdBy: null, updatedBy: null })
        await storage.createAgreement(bare)
        expect(await storage.getAgreement('a2')).toEqual(bare)
        expect(await storage.getAgreement('nope')).toBeUndefined()
        expect(await storage.getMeeting('nope')).toBeUndefined()
        // The store keeps its own copy.
        a.responsible.push('MEX')
        expect((await storage.getAgreement('a1'))!.responsible).toEqual(['ARG', 'URY'])
      })

      it('[STORE-38] a taken id, unknown status, delegation or meeting is refused and changes nothing', async () => {
        await storage.createMeeting(meeting('m1'))
        await storage.createAgreement(agreement('a1'))
        const before = await storage.listAgreements({})
        await expect(storage.createAgreement(agreement('a1', { text: 'otro' }))).rejects.toThrow()
        await expect(storage.createAgreement(agreement('a2', { status: 'maybe' as Agreement['status'] }))).rejects.toThrow()
        await expect(storage.createAgreement(agreement('a3', { responsible: ['PAN', 'XXX'] }))).rejects.toThrow()
        await expect(storage.createAgreement(agreement('a4', { meetingId: 'm404' }))).rejects.toThrow()
        expect(await storage.listAgreements({})).toEqual(before)
        for (const id of ['a2', 'a3', 'a4']) expect(await storage.getAgreement(id)).toBeUndefined()
        await expect(storage.createMeeting(meeting('m1', { title: 'otra' }))).rejects.toThrow()
        await expect(storage.createMeeting(meeting('m2', { delegations: ['CHL', 'XXX'] }))).rejects.toThrow()
        expect(ids(await storage.listMeetings())).toEqual(['m1'])
        expect((await storage.getMeeting('m1'))!.title).toBe('Reunión m1')
      })

      it('[STORE-39] listAgreements orders by due date (none last), then creation, and filters', async () => {
        await storage.createMeeting(meeting('m1'))
        await storage.createMeeting(meeting('m2'))
        await storage.createAgreement(agreement('z-none', { responsible: ['CHL'] }))
        await storage.createAgreement(agreement('y-late', { dueDate: '2024-09-01', responsible: ['CHL', 'PAN'], meetingId: 'm1' }))
        await storage.createAgreement(agreement('x-early', { dueDate: '2024-03-01', status: 'done', meetingId: 'm1', documentId: 'd1' }))
        await storage.createAgreement(agreement('w-early', { dueDate: '2024-03-01', status: 'in_progress', responsible: ['MEX'], documentId: 'd1' }))
        await storage.createAgreement(agreement('v-none', { status: 'cancelled', dueDate: null, meetingId: 'm2' }))
        await storage.createAgreement(agreement('u-past', { dueDate: '2024-01-15', status: 'cancelled', responsible: ['CHL'] }))
        expect(ids(await storage.listAgreements({}))).toEqual(['u-past', 'x-early', 'w-early', 'y-late', 'z-none', 'v-none'])
        expect(ids(await storage.listAgreements({ responsible: 'CHL' }))).toEqual(['u-past', 'y-late', 'z-none'])
        expect(ids(await storage.listAgreements({ status: 'cancelled' }))).toEqual(['u-past', 'v-none'])
        expect(ids(await storage.listAgreements({ meetingId: 'm1' }))).toEqual(['x-early', 'y-late'])
        expect(ids(await storage.listAgreements({ documentId: 'd1' }))).toEqual(['x-early', 'w-early'])
        // Due before the day, not done or cancelled: the day itself is not overdue yet.
        expect(ids(await storage.listAgreements({ overdueOn: '2024-03-01' }))).toEqual([])
        expect(ids(await storage.listAgreements({ overdueOn: '2024-03-02' }))).toEqual(['w-early'])
        expect(ids(await storage.listAgreements({ overdueOn: '2025-01-01' }))).toEqual(['w-early', 'y-late'])
        expect(ids(await storage.listAgreements({ overdueOn: '2025-01-01', responsible: 'CHL', status: 'pending', meetingId: 'm1' }))).toEqual([
          'y-late',
        ])
        expect(ids(await storage.listAgreements({ responsible: 'CHL', documentId: 'd1' }))).toEqual([])
        expect(await storage.listAgreements({ responsible: 'NOBODY' })).toEqual([])
      })

      it('[STORE-40] updates change exactly the patch; unknown ids give undefined; refusals change nothing', async () => {
        await storage.createMeeting(meeting('m1'))
        const a = agreement('a1', { responsible: ['CHL', 'PAN'], dueDate: '2024-06-01', documentId: 'd1', blockId: 'b1' })
        await storage.createAgreement(a)
        const patched = await storage.updateAgreement('a1', {
          status: 'in_progress',
          dueDate: null,
          meetingId: 'm1',
          updatedBy: 'u2',
          updatedAt: '2024-02-02T00:00:00.000Z',
        })
        const expected: Agreement = { ...a, status: 'in_progress', dueDate: null, meetingId: 'm1', updatedBy: 'u2', updatedAt: '2024-02-02T00:00:00.000Z' }
        expect(patched).toEqual(expected)
        expect(await storage.getAgreement('a1')).toEqual(expected)
        const replaced = await storage.updateAgreement('a1', { responsible: ['URY', 'ARG'] })
        expect(replaced).toEqual({ ...expected, responsible: ['ARG', 'URY'] })
        expect(await storage.updateAgreement('nope', { status: 'done' })).toBeUndefined()
        expect(await storage.getAgreement('nope')).toBeUndefined()
        const stored = await storage.getAgreement('a1')
        await expect(storage.updateAgreement('a1', { text: 'cambiado', responsible: ['XXX'] })).rejects.toThrow()
        await expect(storage.updateAgreement('a1', { text: 'cambiado', meetingId: 'm404' })).rejects.toThrow()
        expect(await storage.getAgreement('a1')).toEqual(stored)

        const m = meeting('m2', { delegations: ['CHL'] })
        await storage.createMeeting(m)
        const moved = await storage.updateMeeting('m2', { startsOn: '2024-07-01', endsOn: '2024-07-02', delegations: ['PAN', 'MEX'] })
        expect(moved).toEqual({ ...m, startsOn: '2024-07-01', endsOn: '2024-07-02', delegations: ['MEX', 'PAN'] })
        expect(await storage.getMeeting('m2')).toEqual(moved)
        expect(await storage.updateMeeting('nope', { title: 'x' })).toBeUndefined()
        await expect(storage.updateMeeting('m2', { title: 'cambiado', delegations: ['XXX'] })).rejects.toThrow()
        expect(await storage.getMeeting('m2')).toEqual(moved)
      })

      it('[STORE-41] deletes remove the record; a deleted meeting keeps its agreements, unlinked', async () => {
        await storage.createMeeting(meeting('m1'))
        await storage.createMeeting(meeting('m2'))
        await storage.createAgreement(agreement('a1', { meetingId: 'm1' }))
        await storage.createAgreement(agreement('a2', { meetingId: 'm2' }))
        expect(await storage.deleteMeeting('m1')).toBe(true)
        expect(await storage.deleteMeeting('m1')).toBe(false)
        expect(await storage.getMeeting('m1')).toBeUndefined()
        expect(ids(await storage.listMeetings())).toEqual(['m2'])
        expect((await storage.getAgreement('a1'))!.meetingId).toBeNull()
        expect((await storage.getAgreement('a2'))!.meetingId).toBe('m2')
        expect(await storage.deleteAgreement('a1')).toBe(true)
        expect(await storage.deleteAgreement('a1')).toBe(false)
        expect(ids(await storage.listAgreements({}))).toEqual(['a2'])
        // An id can be used again once free.
        await storage.createAgreement(agreement('a1', { responsible: ['MEX'] }))
        expect((await storage.getAgreement('a1'))!.responsible).toEqual(['MEX'])
      })

      it('[STORE-42] createLinkedAgreements creates only blocks not yet linked, in order, never twice', async () => {
        const linked = (id: string, blockId: string, documentId = 'd1'): Agreement => agreement(id, { documentId, blockId })
        const first = await storage.createLinkedAgreements([linked('a1', 'b1'), linked('a2', 'b2'), linked('a3', 'b3')])
        expect(ids(first)).toEqual(['a1', 'a2', 'a3'])
        expect(first[0]).toEqual(await storage.getAgreement('a1'))
        // Again, with one new block and the same block in another draft.
        const again = await storage.createLinkedAgreements([linked('a4', 'b1'), linked('a5', 'b4'), linked('a6', 'b2'), linked('a7', 'b1', 'd2')])
        expect(ids(again)).toEqual(['a5', 'a7'])
        expect(await storage.getAgreement('a4')).toBeUndefined()
        expect(ids(await storage.listAgreements({}))).toEqual(['a1', 'a2', 'a3', 'a5', 'a7'])
        // The same block twice in one call: the first wins.
        expect(ids(await storage.createLinkedAgreements([linked('a8', 'b9'), linked('a9', 'b9')]))).toEqual(['a8'])
        // Concurrent runs over the same minutes: each block once.
        const runs = await Promise.all(
          ['x', 'y', 'z'].map((run) => storage.createLinkedAgreements(['c1', 'c2', 'c3'].map((block) => linked(`${run}-${block}`, block, 'd3')))),
        )
        expect(runs.flat().map((a) => a.blockId).sort()).toEqual(['c1', 'c2', 'c3'])
        expect((await storage.listAgreements({ documentId: 'd3' })).length).toBe(3)
        // A refused batch creates nothing, not even its valid entries.
        const before = await storage.listAgreements({})
        await expect(storage.createLinkedAgreements([linked('n1', 'n1'), agreement('n2', { documentId: 'd1', blockId: 'n2', responsible: ['XXX'] })])).rejects.toThrow()
        await expect(storage.createLinkedAgreements([linked('n3', 'n3'), agreement('n4', { documentId: 'd1', blockId: null })])).rejects.toThrow()
        expect(await storage.listAgreements({})).toEqual(before)
      })

      it('[STORE-62] a timed meeting keeps its times and zone; a change can make it all-day again', async () => {
        await storage.createMeeting(meeting('m1', { startTime: '09:30', endTime: '17:00', timeZone: 'America/Panama' }))
        expect(await storage.getMeeting('m1')).toMatchObject({ startTime: '09:30', endTime: '17:00', timeZone: 'America/Panama' })
        const changed = await storage.updateMeeting('m1', { startTime: '10:00', updatedAt: '2024-02-01T00:00:00.000Z' })
        expect(changed).toMatchObject({ startTime: '10:00', endTime: '17:00', timeZone: 'America/Panama' })
        const allDay = await storage.updateMeeting('m1', { startTime: null, endTime: null, timeZone: null })
        expect(allDay).toMatchObject({ startTime: null, endTime: null, timeZone: null })
        expect((await storage.listMeetings())[0]).toEqual(allDay)
      })

      it('[STORE-43] listMeetings orders by first day, then creation', async () => {
        await storage.createMeeting(meeting('z', { startsOn: '2024-06-01' }))
        await storage.createMeeting(meeting('y', { startsOn: '2024-05-01' }))
        await storage.createMeeting(meeting('x', { startsOn: '2024-06-01' }))
        await storage.createMeeting(meeting('w', { startsOn: '2023-12-31', endsOn: '2024-01-02' }))
        expect(ids(await storage.listMeetings())).toEqual(['w', 'y', 'z', 'x'])
      })

      if (capabilities.durable) it('[STORE-16] the register survives close and reopen', async () => {
        const reopen = harness.reopen
        if (!reopen) throw new Error(`${name} claims to be durable but its harness cannot reopen it`)
        await storage.createMeeting(meeting('m1', { delegations: ['MEX', 'CHL'], minutesDocumentId: 'd1' }))
        await storage.createAgreement(agreement('a1', { responsible: ['PAN', 'CHL'], dueDate: '2024-04-01', meetingId: 'm1' }))
        await storage.createLinkedAgreements([agreement('a2', { documentId: 'd1', blockId: 'b1' })])
        const before = { agreements: await storage.listAgreements({}), meetings: await storage.listMeetings() }
        storage = await reopen()
        expect(await storage.listAgreements({})).toEqual(before.agreements)
        expect(await storage.listMeetings()).toEqual(before.meetings)
        expect(await storage.createLinkedAgreements([agreement('a3', { documentId: 'd1', blockId: 'b1' })])).toEqual([])
      })
    })

    versionContract(() => storage, capabilities.durable ? () => harness.reopen!() : undefined)
    authorshipContract(() => storage, capabilities.durable ? () => harness.reopen!() : undefined)
    partyGroupContract(() => storage, capabilities.durable ? () => harness.reopen!() : undefined)
    notifySilenceContract(() => storage, capabilities.durable ? () => harness.reopen!() : undefined)

    describe('lifecycle', () => {
      it('[STORE-15] after close every method rejects with StorageClosedError', async () => {
        // Everything the calls below name exists, so only the closing can make them fail.
        await storage.createUser(user('u1'))
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
        await storage.createSession(session('s1', 'u1'))
        await storage.createInvitation(invitation('i1'))
        await storage.close()
        await storage.close()
        const calls: Array<[string, () => Promise<unknown>]> = [
          ['createDocument', () => storage.createDocument(record('d2', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('y'))],
          ['getDocument', () => storage.getDocument('d1')],
          ['listDocuments', () => storage.listDocuments()],
          ['listPartyGroups', () => storage.listPartyGroups()],
          ['getPartyGroup', () => storage.getPartyGroup('crm')],
          ['createPartyGroup', () => storage.createPartyGroup({ id: 'g1', nameEs: 'G', nameEn: 'G', members: ['CHL'] })],
          ['updatePartyGroup', () => storage.updatePartyGroup('crm', { nameEn: 'x' })],
          ['deletePartyGroup', () => storage.deletePartyGroup('crm')],
          ['appendUpdates', () => storage.appendUpdates([{ key: body('d1'), update: new Draft().paragraph('z') }], new Date())],
          ['loadLog', () => storage.loadLog(body('d1'))],
          ['compact', () => storage.compact(body('d1'), merge)],
          ['createDelegation', () => storage.createDelegation({ code: 'NEW', nameEs: 'N', nameEn: 'N', kind: 'country', color: '#000000' })],
          ['getDelegation', () => storage.getDelegation('MEX')],
          ['listDelegations', () => storage.listDelegations()],
          ['countUsers', () => storage.countUsers()],
          ['createUser', () => storage.createUser(user('u2'))],
          ['getUser', () => storage.getUser('u1')],
          ['getUserByEmail', () => storage.getUserByEmail('u1@example.org')],
          ['listUsers', () => storage.listUsers()],
          ['updateUser', () => storage.updateUser('u1', { admin: true })],
          ['createSession', () => storage.createSession(session('s2', 'u1'))],
          ['getSession', () => storage.getSession('s1')],
          ['deleteSession', () => storage.deleteSession('s1')],
          ['deleteUserSessions', () => storage.deleteUserSessions('u1')],
          ['deleteExpiredSessions', () => storage.deleteExpiredSessions(new Date())],
          ['createInvitation', () => storage.createInvitation(invitation('i2'))],
          ['getInvitation', () => storage.getInvitation('i1')],
          ['acceptInvitation', () => storage.acceptInvitation('i1', user('u3', { delegation: 'GTM' }), new Date('2024-01-02T00:00:00.000Z'))],
          ['setMember', () => storage.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'MEX', role: 'viewer' })],
          ['removeMember', () => storage.removeMember('d1', 'user', 'u1')],
          ['listMembers', () => storage.listMembers('d1')],
          ['membershipsOf', () => storage.membershipsOf('u1', 'MEX')],
          ['deleteDocument', () => storage.deleteDocument('d1')],
          ['appendAudit', () => storage.appendAudit(audit('2024-01-01T00:00:00.000Z'))],
          ['listAudit', () => storage.listAudit({})],
          ['createAgreement', () => storage.createAgreement(agreement('a1'))],
          ['createLinkedAgreements', () => storage.createLinkedAgreements([agreement('a2', { documentId: 'd1', blockId: 'b1' })])],
          ['getAgreement', () => storage.getAgreement('a1')],
          ['listAgreements', () => storage.listAgreements({})],
          ['updateAgreement', () => storage.updateAgreement('a1', { status: 'done' })],
          ['deleteAgreement', () => storage.deleteAgreement('a1')],
          ['createMeeting', () => storage.createMeeting(meeting('m1'))],
          ['getMeeting', () => storage.getMeeting('m1')],
          ['listMeetings', () => storage.listMeetings()],
          ['updateMeeting', () => storage.updateMeeting('m1', { title: 'x' })],
          ['deleteMeeting', () => storage.deleteMeeting('m1')],
          ['createVersion', () => storage.createVersion({ id: 'v1', documentId: 'd1', kind: 'named', name: 'v', note: '', reason: null, restoring: null, createdBy: null, createdAt: '2024-01-01T00:00:00.000Z' }, { body: new Uint8Array([0, 0]), meta: new Uint8Array([0, 0]) })],
          ['listVersions', () => storage.listVersions('d1')],
          ['getVersion', () => storage.getVersion('d1', 'v1')],
          ['loadVersion', () => storage.loadVersion('d1', 'v1')],
          ['listAuthorship', () => storage.listAuthorship('d1')],
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

      if (capabilities.durable) it('[STORE-16] accounts, sessions, invitations, members and the audit log survive reopen', async () => {
        const reopen = harness.reopen
        if (!reopen) throw new Error(`${name} claims to be durable but its harness cannot reopen it`)
        await storage.createDelegation({ code: 'ACNUR', nameEs: 'Alto Comisionado', nameEn: 'UNHCR', kind: 'organisation', color: '#0072bc' })
        await storage.createUser(user('u1', { admin: true }))
        await storage.createUser(user('u2', { delegation: 'ACNUR', disabled: true }))
        await storage.createSession(session('s1', 'u1'))
        await storage.createInvitation(invitation('i1'))
        await storage.createInvitation(invitation('i2', { email: 'x@example.org', admin: true, createdBy: 'u1' }))
        expect(await storage.acceptInvitation('i1', user('u3', { delegation: 'GTM' }), new Date('2024-01-02T00:00:00.000Z'))).toBe(true)
        await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z', 'blank', 'u1'), new Draft().paragraph('x'))
        await storage.setMember({ documentId: 'd1', principalType: 'delegation', principalId: 'ACNUR', role: 'commenter' })
        await storage.appendAudit(audit('2024-01-02T00:00:00.000Z', { action: 'export', details: { format: 'docx', pages: 2 } }))
        const before = {
          delegations: await storage.listDelegations(),
          users: await storage.listUsers(),
          session: await storage.getSession('s1'),
          invitations: [await storage.getInvitation('i1'), await storage.getInvitation('i2')],
          documents: await storage.listDocuments(),
          members: await storage.listMembers('d1'),
          audit: await storage.listAudit({}),
        }

        storage = await reopen()

        expect(await storage.listDelegations()).toEqual(before.delegations)
        expect(await storage.listUsers()).toEqual(before.users)
        expect(await storage.getSession('s1')).toEqual(before.session)
        expect([await storage.getInvitation('i1'), await storage.getInvitation('i2')]).toEqual(before.invitations)
        expect(await storage.listDocuments()).toEqual(before.documents)
        expect(await storage.listMembers('d1')).toEqual(before.members)
        expect(await storage.listAudit({})).toEqual(before.audit)
        // Appending after reopening continues the ids rather than reusing one.
        await storage.appendAudit(audit('2024-01-03T00:00:00.000Z'))
        expect((await storage.listAudit({}))[0]!.id).toBeGreaterThan(before.audit[0]!.id)
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

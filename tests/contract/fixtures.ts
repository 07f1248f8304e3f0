/*
 * What the storage contract suites share: the store of the running test, record builders (a
 * draft, a user, a session, an invitation, an audit entry, an agreement, a meeting), the seeded
 * delegations, a Yjs draft that keeps the updates it emits, and a seeded draft with several edits.
 */
import { expect } from 'vitest'
import * as Y from 'yjs'
import { DELEGATIONS, type Agreement, type DelegationRecord, type Meeting, type TemplateId } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import type { DocKey, DocumentRecord, InvitationRecord, NewAuditEntry, SessionRecord, Storage, UserRecord } from '@consenso/server/storage'

export const FIELD = BODY_FIELD

/**
 * The store of whichever test is running, to keep in a contract part's `storage` constant.
 * storageContract opens a fresh store before each test, after the parts have been registered, so
 * a part cannot hold on to one store; this stands for `current()` at each use instead. Methods
 * are bound to the real store because the implementations keep their state in private fields.
 */
export function storeOfEachTest(current: () => Storage): Storage {
  return new Proxy({} as Storage, {
    get(_target, key) {
      const store = current()
      const value: unknown = Reflect.get(store, key)
      return typeof value === 'function' ? value.bind(store) : value
    },
  })
}

export function record(id: string, updatedAt: string, template: TemplateId = 'blank', createdBy: string | null = null): DocumentRecord {
  return { id, title: `Borrador ${id}`, template, createdBy, createdAt: '2024-01-01T00:00:00.000Z', updatedAt }
}

export function user(id: string, fields: Partial<UserRecord> = {}): UserRecord {
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

export function session(tokenHash: string, userId: string, expiresAt = '2030-01-01T00:00:00.000Z'): SessionRecord {
  return { tokenHash, userId, createdAt: '2024-01-01T00:00:00.000Z', expiresAt }
}

export function invitation(tokenHash: string, fields: Partial<InvitationRecord> = {}): InvitationRecord {
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

export function audit(at: string, fields: Partial<NewAuditEntry> = {}): NewAuditEntry {
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

export function agreement(id: string, fields: Partial<Agreement> = {}): Agreement {
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

export function meeting(id: string, fields: Partial<Meeting> = {}): Meeting {
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
export const SEEDED: DelegationRecord[] = DELEGATIONS.map(({ code, nameEs, nameEn, kind, color }) => ({ code, nameEs, nameEn, kind, color })).sort(
  (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
)

/** A Yjs document that remembers every update it emits, so tests store real updates. */
export class Draft {
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

export async function load(storage: Storage, key: DocKey): Promise<Y.Doc> {
  const { snapshot, updates } = await storage.loadLog(key)
  const doc = new Y.Doc()
  if (snapshot) Y.applyUpdate(doc, snapshot)
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

export function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected))
  expect(actual.getXmlFragment(FIELD).toString()).toBe(expected.getXmlFragment(FIELD).toString())
  expect(actual.getMap('threads').toJSON()).toEqual(expected.getMap('threads').toJSON())
  // The snapshot compares the delete sets too, which the content alone does not show.
  expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true)
  // Nothing may be left pending (content whose dependencies never arrived).
  expect(actual.store.pendingStructs).toBeNull()
  expect(actual.store.pendingDs).toBeNull()
}

export const merge = (updates: Uint8Array[]): Uint8Array => Y.mergeUpdates(updates)

export const body = (documentId: string): DocKey => ({ documentId, name: 'body' })
export const meta = (documentId: string): DocKey => ({ documentId, name: 'meta' })

/** A draft with several edits, a deletion and review data, stored as separate updates. */
export async function seed(storage: Storage): Promise<{ draft: Draft; review: Draft }> {
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

/**
 * Agreed text locked by the owner ([CONSENSUS-9] in server/SPEC.md), over raw websockets: stock
 * y-websocket clients write into their own copy of a declaration whose OP1 Chile and Panamá
 * agreed. With the lock on, a plain edit of OP1 is refused (permission-denied), not stored, not
 * broadcast and audited; a suggestion in OP1 and a plain edit of OP2 pass; with the lock off
 * the same plain edit passes. Runs on SQLite and (integration-postgres) on Postgres.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyEdit, BODY_FIELD, createSuggestionState, headlessEdits, readYDoc, selectText, writeYDoc } from '@consenso/schema'
import type { TestClient } from '../helpers/clients.ts'
import { storedBody } from '../helpers/load.ts'
import { denials, invitePeople, perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { api, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const scope = perTest()
let server: TestServer
let pan: TestSession
let chl: TestSession

beforeEach(async () => {
  server = await scope.start({ logger: { level: 'silent' } })
  ;({ pan, chl } = await invitePeople(server, {
    pan: { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' },
    chl: { email: 'chile@minrel.gob.cl', name: 'Ana Rojas', delegation: 'CHL' },
  }))
})

const stock = (session: TestSession, id: string): TestClient => scope.connect(session, id, { consenso: false })

const stored = (id: string): Promise<Y.Doc> => storedBody(server.storage, id)

const operative = (doc: Y.Doc, index: number): Y.XmlElement => {
  const found = doc
    .getXmlFragment(BODY_FIELD)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute('kind') === 'operative')
  return found[index]!
}
const textOf = (doc: Y.Doc, index: number): string => (operative(doc, index).get(0) as Y.XmlText).toString()

/** A declaration whose OP1 Chile and Panamá (the parties) agreed; both are editors. */
async function agreedDeclaration(lock: boolean): Promise<{ id: string; op1: string }> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'user', id: pan.user.id }, 'editor')
  await share(server.url, server.session, id, { type: 'user', id: chl.user.id }, 'editor')
  const owner = api(server.url, server.session)
  expect((await owner.put(`/api/documents/${id}/parties`, { parties: ['PAN', 'CHL'] })).status).toBe(200)
  const reader = stock(server.session, id)
  await reader.waitSynced()
  const op1 = operative(reader.doc, 0).getAttribute('id') as string
  for (const session of [pan, chl]) {
    expect((await api(server.url, session).put(`/api/documents/${id}/positions/${op1}`, { stance: 'agree' })).status).toBe(200)
  }
  const summary = (await (await owner.get(`/api/documents/${id}/consensus`)).json()) as { paragraphs: { paragraphId: string; status: string }[] }
  expect(summary.paragraphs.find((p) => p.paragraphId === op1)?.status).toBe('agreed')
  if (lock) expect((await owner.put(`/api/documents/${id}/settings`, { lockAgreed: true })).status).toBe(200)
  return { id, op1 }
}

/** Types plain text into the start of the given operative paragraph of the client's copy. */
const typePlain = (client: TestClient, index: number, text: string): void => {
  ;(operative(client.doc, index).get(0) as Y.XmlText).insert(0, text)
}

/** A suggestion as the editor makes it: an insertion by the client's person at the start of OP1. */
function suggest(client: TestClient, session: TestSession, text: string): void {
  const start = readYDoc(client.doc)
  let from = -1
  start.descendants((node, pos) => {
    if (from >= 0 || !node.isTextblock) return from < 0
    if (node.attrs.kind === 'operative') from = pos + 1
    return false
  })
  let state = createSuggestionState(start, { suggesting: true })
  state = selectText(state, from, from)
  const tr = headlessEdits.type(state, text)
  const author = { id: session.user.id, name: session.user.name, delegation: session.user.delegation }
  state = applyEdit(state, tr, { author, now: () => new Date().toISOString(), newId: () => `s-${Math.random().toString(36).slice(2)}` })
  writeYDoc(client.doc, state.doc)
}

describe('agreed text locked by the owner', () => {
  it('[CONSENSUS-9] a plain edit of an agreed paragraph is refused, not stored, not broadcast, audited; suggestions and other paragraphs pass', async () => {
    const { id } = await agreedDeclaration(true)
    const attacker = stock(pan, id)
    const witness = stock(chl, id)
    await Promise.all([attacker.waitSynced(), witness.waitSynced()])
    const reasons = denials(attacker)
    const before = textOf(await stored(id), 0)
    const clock = Y.decodeStateVector(Y.encodeStateVector(await stored(id))).get(attacker.doc.clientID)

    typePlain(attacker, 0, 'NO ')
    await waitFor(() => reasons.length > 0, 'the permission-denied answer')
    expect(reasons[0]).toMatch(/agreed paragraph is locked/)

    // A later honest write of OP2 by the witness is stored and reaches the attacker: the refused frame was handled first.
    typePlain(witness, 1, 'Además, ')
    await waitFor(async () => textOf(await stored(id), 1).startsWith('Además, '), 'the edit of OP2 to be stored')
    await waitFor(() => textOf(attacker.doc, 1).startsWith('Además, '), 'the edit of OP2 to reach the refused client')
    const storedDoc = await stored(id)
    expect(textOf(storedDoc, 0), 'nothing of the refused edit is stored').toBe(before)
    expect(Y.decodeStateVector(Y.encodeStateVector(storedDoc)).get(attacker.doc.clientID)).toBe(clock)
    expect(textOf(witness.doc, 0), 'nothing of it is broadcast').toBe(before)
    const audit = (await (await api(server.url, server.session).get(`/api/admin/audit?action=write.denied&documentId=${id}`)).json()) as {
      entries: { actorId: string; details: { reason?: string } }[]
    }
    expect(audit.entries).toHaveLength(1)
    expect(audit.entries[0]!.actorId).toBe(pan.user.id)
    expect(audit.entries[0]!.details.reason).toMatch(/agreed paragraph is locked/)

    // A suggestion in the agreed paragraph passes (on a fresh connection, as a browser would send it).
    const proposer = stock(chl, id)
    await proposer.waitSynced()
    const proposerDenials = denials(proposer)
    suggest(proposer, chl, 'plenamente ')
    await waitFor(async () => textOf(await stored(id), 0).includes('plenamente '), 'the suggestion to be stored')
    expect(proposerDenials).toEqual([])
  })

  it('[CONSENSUS-9] without the lock, the same plain edit passes (and reopens the paragraph)', async () => {
    const { id, op1 } = await agreedDeclaration(false)
    const writer = stock(pan, id)
    await writer.waitSynced()
    const reasons = denials(writer)
    typePlain(writer, 0, 'Sí ')
    await waitFor(async () => textOf(await stored(id), 0).startsWith('Sí '), 'the plain edit to be stored')
    expect(reasons).toEqual([])
    await waitFor(async () => {
      const summary = (await (await api(server.url, server.session).get(`/api/documents/${id}/consensus`)).json()) as { paragraphs: { paragraphId: string; status: string }[] }
      return summary.paragraphs.find((p) => p.paragraphId === op1)?.status === 'open'
    }, 'OP1 to be reopened')
  })

  it('[CONSENSUS-9] turning the lock on applies to connections already open; turning it off lifts it', async () => {
    const { id } = await agreedDeclaration(false)
    const writer = stock(pan, id)
    await writer.waitSynced()
    const reasons = denials(writer)
    const owner = api(server.url, server.session)
    expect((await owner.put(`/api/documents/${id}/settings`, { lockAgreed: true })).status).toBe(200)
    typePlain(writer, 0, 'NO ')
    await waitFor(() => reasons.length > 0, 'the permission-denied answer')
    expect((await owner.put(`/api/documents/${id}/settings`, { lockAgreed: false })).status).toBe(200)
    const fresh = stock(chl, id)
    await fresh.waitSynced()
    typePlain(fresh, 0, 'Sí ')
    await waitFor(async () => textOf(await stored(id), 0).startsWith('Sí '), 'the plain edit to be stored once unlocked')
  })
})

/**
 * What a frame writes (server/SPEC.md TRUST-*), with stock y-websocket clients (no Consenso
 * protocol) writing crafted Yjs updates into their own copy of the draft, as anyone could. For
 * each rule: the update is refused with permission-denied, not stored, not broadcast to another
 * client of the draft, audited with its reason, logged once; a canary pair on another draft
 * completes an edit round trip meanwhile; an honest write of the same kind still passes.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { MessageType, SyncStep } from '@consenso/protocol'
import {
  applyEdit,
  BODY_FIELD,
  createSuggestionState,
  headlessEdits,
  listSuggestions,
  readYDoc,
  selectText,
  writeYDoc,
  type SuggestionAuthor,
} from '@consenso/schema'
import { anchorOn } from '../helpers/body.ts'
import type { TestClient } from '../helpers/clients.ts'
import { storedBody } from '../helpers/load.ts'
import { denials, invitePeople, loggedLines, perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { api, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const scope = perTest()
let server: TestServer
let lines: string[]
let people: Record<'pan' | 'chl' | 'proposer', TestSession>

beforeEach(async () => {
  const log = loggedLines()
  lines = log.lines
  server = await scope.start({ logger: log.logger })
  people = await invitePeople(server, {
    pan: { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' },
    chl: { email: 'chile@minrel.gob.cl', name: 'Ana Rojas', delegation: 'CHL' },
    proposer: { email: 'panama2@mire.gob.pa', name: 'Luis Castillo', delegation: 'PAN' },
  })
})

const stock = (session: TestSession, id: string): TestClient => scope.connect(session, id, { consenso: false })
const authorOf = (session: TestSession): SuggestionAuthor => ({ id: session.user.id, name: session.user.name, delegation: session.user.delegation })

async function declaration(): Promise<string> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'user', id: people.pan.user.id }, 'editor')
  await share(server.url, server.session, id, { type: 'user', id: people.chl.user.id }, 'editor')
  await share(server.url, server.session, id, { type: 'user', id: people.proposer.user.id }, 'proposer')
  return id
}

const stored = (id: string): Promise<Y.Doc> => storedBody(server.storage, id)

/** A canary pair on its own draft: one writes, the other must see it. */
async function canary(): Promise<(label: string) => Promise<void>> {
  const draft = await server.createDocument('Canario')
  const writer = stock(server.session, draft)
  const reader = stock(server.session, draft)
  await Promise.all([writer.waitSynced(), reader.waitSynced()])
  return async (label) => {
    writer.addParagraph(label)
    await waitFor(() => reader.paragraphs().includes(label), `the canary edit "${label}" to reach the other client`, { timeoutMs: 5_000 })
    await waitFor(async () => (await stored(draft)).getXmlFragment(BODY_FIELD).toString().includes(label), 'the canary edit to be stored')
  }
}

/** An edit in `client`'s copy made as the editor makes it (a headless editor transaction). */
function editorEdit(client: TestClient, act: (state: ReturnType<typeof createSuggestionState>) => ReturnType<typeof headlessEdits.type> | null, options: { at: string | number; length?: number; suggestAs?: SuggestionAuthor }): void {
  const start = readYDoc(client.doc)
  let from = -1
  start.descendants((node, pos) => {
    if (from >= 0 || !node.isTextblock) return from < 0
    if (typeof options.at === 'number') {
      if (node.attrs.kind === 'operative') from = pos + 1 + options.at
    } else if (node.textContent.includes(options.at)) from = pos + 1 + node.textContent.indexOf(options.at)
    return false
  })
  let state = createSuggestionState(start, { suggesting: options.suggestAs !== undefined })
  state = selectText(state, from, from + (options.length ?? 0))
  const tr = act(state)
  if (options.suggestAs) state = applyEdit(state, tr, { author: options.suggestAs, now: () => new Date().toISOString(), newId: () => `s-${Math.random().toString(36).slice(2)}` })
  else if (tr) state = state.apply(tr)
  writeYDoc(client.doc, state.doc)
}

interface Attack {
  /** The draft's live client whose update is refused. */
  attacker: TestClient
  /** Makes the refused change in the attacker's copy (or sends it raw). */
  write: () => void
  reason: RegExp
}

/**
 * Runs one refused write and checks everything the rule promises: permission-denied with a
 * reason, nothing stored, nothing broadcast, one audit entry and one log line; the canary draft
 * carries on. `witness` is another client of the draft.
 */
async function expectRefused(id: string, witness: TestClient, { attacker, write, reason }: Attack, actor: TestSession): Promise<void> {
  const roundTrip = await canary()
  const reasons = denials(attacker)
  await Promise.all([attacker.waitSynced(), witness.waitSynced()])
  const before = Y.encodeStateVector(await stored(id))
  const linesBefore = lines.length
  write()
  await waitFor(() => reasons.length > 0, 'the permission-denied answer')
  expect(reasons[0]).toMatch(reason)
  await roundTrip('canario durante la escritura rechazada')
  // A write the witness makes after proves the server handled the refused frame first.
  witness.addParagraph('escritura honesta posterior')
  await waitFor(async () => (await stored(id)).getXmlFragment(BODY_FIELD).toString().includes('escritura honesta posterior'), 'the honest write to be stored')
  await waitFor(() => attacker.paragraphs().includes('escritura honesta posterior'), 'the honest write to reach the refused client')
  const after = Y.decodeStateVector(Y.encodeStateVector(await stored(id)))
  expect(after.get(attacker.doc.clientID), 'nothing of the refused update is stored').toBe(Y.decodeStateVector(before).get(attacker.doc.clientID))
  expect(Y.decodeStateVector(Y.encodeStateVector(witness.doc)).get(attacker.doc.clientID), 'nothing of it is broadcast').toBe(Y.decodeStateVector(before).get(attacker.doc.clientID))
  const audit = (await (await api(server.url, server.session).get(`/api/admin/audit?action=write.denied&documentId=${id}`)).json()) as {
    entries: { actorId: string; documentId: string; details: { reason?: string } }[]
  }
  expect(audit.entries).toHaveLength(1)
  expect(audit.entries[0]).toMatchObject({ actorId: actor.user.id, documentId: id })
  expect(audit.entries[0]!.details.reason).toMatch(reason)
  const refusals = lines.slice(linesBefore).filter((line) => line.includes('write refused'))
  expect(refusals).toHaveLength(1)
  expect(JSON.parse(refusals[0]!)).toMatchObject({ documentId: id, userId: actor.user.id })
}

const firstText = (doc: Y.Doc, kind = 'operative'): Y.XmlText => {
  for (const node of doc.getXmlFragment(BODY_FIELD).toArray()) {
    if (node instanceof Y.XmlElement && node.getAttribute('kind') === kind) return node.get(0) as Y.XmlText
  }
  throw new Error(`no ${kind} paragraph`)
}

describe('what a frame writes', () => {
  it('[TRUST-1] content the editor cannot render (an embed beside text, an unknown mark) is refused', async () => {
    const id = await declaration()
    const attacker = stock(people.pan, id)
    const witness = stock(people.chl, id)
    await expectRefused(id, witness, { attacker, write: () => firstText(attacker.doc).insertEmbed(3, { image: 'https://example.invalid/x.png' }), reason: /characters and marks/ }, people.pan)
    // Another connection, another refused kind: the draft still holds only what renders.
    const second = stock(people.pan, id)
    const reasons = denials(second)
    await second.waitSynced()
    firstText(second.doc).format(0, 4, { blink: {} })
    await waitFor(() => reasons.length > 0, 'the permission-denied answer')
    expect(reasons[0]).toMatch(/unknown mark/)
    const check = new Y.Doc()
    Y.applyUpdate(check, Y.encodeStateAsUpdate(await stored(id)))
    expect(JSON.stringify(firstText(check).toDelta())).not.toMatch(/blink|image/)
  })

  it('[TRUST-1] a small update of thousands of nested elements is refused; the draft still exports', async () => {
    const id = await declaration()
    const attacker = stock(people.pan, id)
    const witness = stock(people.chl, id)
    const write = (): void => {
      let inner = new Y.XmlElement('paragraph')
      for (let i = 0; i < 400; i++) {
        const quote = new Y.XmlElement('blockquote')
        quote.insert(0, [inner])
        inner = quote
      }
      attacker.doc.getXmlFragment(BODY_FIELD).insert(0, [inner])
    }
    await expectRefused(id, witness, { attacker, write, reason: /nest deeper/ }, people.pan)
    const exported = await api(server.url, server.session).get(`/api/documents/${id}/export?format=md`)
    expect(exported.status).toBe(200)
  })

  it('[TRUST-1] a delete set over another client’s clocks beyond what the draft has is refused', async () => {
    const id = await declaration()
    const attacker = stock(people.pan, id)
    const witness = stock(people.chl, id)
    const write = (): void => {
      // The witness's next paragraph would be deleted as it arrives.
      const next = Y.getState(witness.doc.store, witness.doc.clientID)
      const ds = encoding.createEncoder()
      encoding.writeVarUint(ds, 0)
      encoding.writeVarUint(ds, 1)
      encoding.writeVarUint(ds, witness.doc.clientID)
      encoding.writeVarUint(ds, 1)
      encoding.writeVarUint(ds, next)
      encoding.writeVarUint(ds, 50)
      const frame = encoding.createEncoder()
      encoding.writeVarUint(frame, MessageType.sync)
      encoding.writeVarUint(frame, SyncStep.update)
      encoding.writeVarUint8Array(frame, encoding.toUint8Array(ds))
      attacker.provider.ws!.send(encoding.toUint8Array(frame))
    }
    await expectRefused(id, witness, { attacker, write, reason: /does not exist/ }, people.pan)
    // The witness's paragraph written after is there for everyone.
    expect((await stored(id)).getXmlFragment(BODY_FIELD).toString()).toContain('escritura honesta posterior')
  })

  it('[TRUST-2] a suggestion naming another person is refused; one naming the writer passes', async () => {
    const id = await declaration()
    const attacker = stock(people.pan, id)
    const witness = stock(people.chl, id)
    await expectRefused(
      id,
      witness,
      { attacker, write: () => editorEdit(attacker, (s) => headlessEdits.type(s, 'propuesta falsa '), { at: 0, suggestAs: authorOf(people.chl) }), reason: /someone else/ },
      people.pan,
    )
    const honest = stock(people.pan, id)
    await honest.waitSynced()
    editorEdit(honest, (s) => headlessEdits.type(s, 'propuesta de Panamá '), { at: 0, suggestAs: authorOf(people.pan) })
    await waitFor(async () => listSuggestions(readYDoc(await stored(id))).some((s) => s.authorId === people.pan.user.id), 'the honest suggestion to be stored')
    expect(listSuggestions(readYDoc(await stored(id))).map((s) => s.authorId)).toEqual([people.pan.user.id])
  })

  it('[TRUST-3] removing a bracket mark by hand is refused; the resolve route still removes it', async () => {
    const id = await declaration()
    const pan = stock(people.pan, id)
    await pan.waitSynced()
    const op = firstText(pan.doc).toString().slice(0, 12)
    const created = await api(server.url, people.pan).post(`/api/documents/${id}/brackets`, { anchor: anchorOn(pan.doc, op), sponsors: ['PAN'], alternatives: [] })
    expect(created.status).toBe(201)
    const bracket = (await created.json()) as { id: string }
    const attacker = stock(people.chl, id)
    await waitFor(() => JSON.stringify(firstText(pan.doc).toDelta()).includes(bracket.id), 'the bracket to reach the client')
    await expectRefused(id, pan, { attacker, write: () => firstText(attacker.doc).format(0, 40, { bracket: null }), reason: /bracket/ }, people.chl)
    expect(JSON.stringify(firstText(await stored(id)).toDelta())).toContain(bracket.id)
    const resolved = await api(server.url, server.session).post(`/api/documents/${id}/brackets/${bracket.id}/resolve`, { kind: 'keep' })
    expect(resolved.status, await resolved.clone().text()).toBeLessThan(300)
  })

  it('[TRUST-4] a proposer’s direct edit is refused; their suggestion passes and an editor accepts it', async () => {
    const id = await declaration()
    const attacker = stock(people.proposer, id)
    const witness = stock(people.chl, id)
    await expectRefused(id, witness, { attacker, write: () => editorEdit(attacker, (s) => headlessEdits.type(s, 'cambio directo '), { at: 0 }), reason: /suggestions only/ }, people.proposer)
    const proposer = stock(people.proposer, id)
    await proposer.waitSynced()
    editorEdit(proposer, (s) => headlessEdits.type(s, 'redacción propuesta '), { at: 0, suggestAs: authorOf(people.proposer) })
    await waitFor(() => listSuggestions(readYDoc(witness.doc)).length === 1, 'the suggestion to reach the editor')
    const [suggestion] = listSuggestions(readYDoc(witness.doc))
    let state = createSuggestionState(readYDoc(witness.doc))
    const { acceptSuggestion } = await import('@consenso/schema')
    acceptSuggestion(suggestion!.id)(state, (tr) => (state = state.apply(tr)))
    writeYDoc(witness.doc, state.doc)
    await waitFor(async () => listSuggestions(readYDoc(await stored(id))).length === 0 && readYDoc(await stored(id)).textContent.includes('redacción propuesta'), 'the accepted text to be stored')
  })

  it('[TRUST-5] while the owner requires suggestions an editor’s direct edit is refused; the owner’s passes', async () => {
    const id = await declaration()
    const attacker = stock(people.pan, id)
    const witness = stock(server.session, id)
    await Promise.all([attacker.waitSynced(), witness.waitSynced()])
    const set = await api(server.url, server.session).put(`/api/documents/${id}/settings`, { requireSuggesting: true })
    expect(set.status).toBe(200)
    await expectRefused(id, witness, { attacker, write: () => editorEdit(attacker, (s) => headlessEdits.type(s, 'edición directa '), { at: 0 }), reason: /suggestions only/ }, people.pan)
    // A connection opened after the setting is suggest-only from its first frame.
    const late = stock(people.pan, id)
    const reasons = denials(late)
    await late.waitSynced()
    editorEdit(late, (s) => headlessEdits.type(s, 'otra edición '), { at: 0 })
    await waitFor(() => reasons.length > 0, 'the late editor’s refusal')
    // A Consenso client is also told the content is refused for good, so it reloads (SYNC-19);
    // stock clients are never sent that message.
    const consenso = scope.connect(people.pan, id)
    await consenso.waitSynced()
    editorEdit(consenso, (s) => headlessEdits.type(s, 'tercera edición '), { at: 0 })
    await waitFor(() => consenso.refusals.length > 0, 'the refused message')
    expect(consenso.refusals[0]).toMatch(/suggestions only/)
    expect([...attacker.refusals, ...late.refusals]).toEqual([])
    // The owner is never suggest-only (the witness wrote directly above); turning the setting off frees editors.
    await api(server.url, server.session).put(`/api/documents/${id}/settings`, { requireSuggesting: false })
    const free = stock(people.pan, id)
    await free.waitSynced()
    free.addParagraph('edición libre')
    await waitFor(async () => (await stored(id)).getXmlFragment(BODY_FIELD).toString().includes('edición libre'), 'the free edit to be stored')
  })
})

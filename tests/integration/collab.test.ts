import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import { CloseCode, DELEGATIONS, MessageType } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { denials } from '../helpers/per-test.ts'
import { startServer, tempDir, type TestServer } from '../helpers/server.ts'
import { waitFor } from '../helpers/wait.ts'
import { api } from '../helpers/session.ts'
import { seededRandom } from '../helpers/random.ts'
import { MemoryStorage } from '@consenso/server/storage'

/** Real in-memory storage whose commits can be held back, to observe the order of events. */
class GatedStorage extends MemoryStorage {
  #gate: Promise<void> | null = null
  #open: (() => void) | null = null
  waiting = 0
  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve))
  }
  release(): void {
    this.#open?.()
    this.#gate = null
  }
  override async appendUpdates(...args: Parameters<MemoryStorage['appendUpdates']>): Promise<void> {
    if (this.#gate) {
      this.waiting++
      await this.#gate
    }
    return super.appendUpdates(...args)
  }
}

let server: TestServer
const clients: TestClient[] = []
const client = (documentId: string, options?: Parameters<typeof connectClient>[2]): TestClient => {
  const c = connectClient(server, documentId, options)
  clients.push(c)
  return c
}

/** How often the server read a draft's body log and its review log from storage (its real storage, counted). */
let loads = 0
let metaLoads = 0

beforeEach(async () => {
  server = await startServer()
  loads = 0
  metaLoads = 0
  const loadLog = server.storage.loadLog.bind(server.storage)
  server.storage.loadLog = (key) => {
    if (key.name === 'body') loads++
    else metaLoads++
    return loadLog(key)
  }
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

const bodyUpdates = async (documentId: string): Promise<number> => {
  const log = await server.storage.loadLog({ documentId, name: 'body' })
  return log.updates.length + (log.snapshot ? 1 : 0)
}

describe('collaboration', () => {
  it('[SYNC-1] concurrent edits from several clients converge on every client', async () => {
    const random = seededRandom('SYNC-1')
    const id = await server.createDocument()
    const peers = [client(id), client(id), client(id)]
    await Promise.all(peers.map((p) => p.waitSynced()))
    const expected: string[] = []
    for (let round = 0; round < 30; round++) {
      const peer = random.pick(peers)
      const text = `round ${round} by peer ${peers.indexOf(peer)}`
      expected.push(text)
      peer.addParagraph(text)
    }
    await waitFor(
      () => peers.every((p) => p.paragraphs().length === expected.length + 1),
      'every client to hold every paragraph',
      { describe: () => peers.map((p) => p.paragraphs().length) },
    )
    const first = peers[0]!.paragraphs()
    for (const p of peers) expect(p.paragraphs()).toEqual(first)
    expect([...first].slice(1).sort()).toEqual([...expected].sort())
  })

  it('[SYNC-2] a client that reconnects catches up and sends what it wrote while away', async () => {
    const id = await server.createDocument()
    const a = client(id)
    const b = client(id)
    await Promise.all([a.waitSynced(), b.waitSynced()])
    b.provider.disconnect()
    a.addParagraph('written while B was away')
    b.addParagraph('written by B offline')
    await a.waitSaved()
    b.provider.connect()
    await b.waitSaved()
    await waitFor(() => a.paragraphs().length === 3 && b.paragraphs().length === 3, 'both clients to converge')
    expect(b.paragraphs()).toEqual(a.paragraphs())
    expect(a.paragraphs()).toContain('written by B offline')
  })

  it('[SYNC-3] fifty clients connecting at once to a stored draft all receive its full content', async () => {
    const id = await server.createDocument('Minuta', 'minutes')
    const writer = client(id)
    await writer.waitSynced()
    for (let i = 0; i < 20; i++) writer.addParagraph(`acuerdo ${i}`)
    await writer.waitSaved()
    writer.destroy()
    // The search index reads the draft and its review document again after the writer's typing
    // (SEARCH-4); under load that read could land among the crowd's and count as theirs.
    await server.app.searchIndex.flush()
    await waitFor(() => server.app.collab.size === 0, 'the draft to be unloaded after its last client left')

    const loadsBefore = loads
    const metaLoadsBefore = metaLoads
    const crowd = Array.from({ length: 50 }, () => client(id))
    await Promise.all(crowd.map((c) => c.waitSynced(20_000)))
    const reference = Y.encodeStateAsUpdate(crowd[0]!.doc)
    expect(crowd[0]!.paragraphs().filter((p) => p.startsWith('acuerdo'))).toHaveLength(20)
    for (const c of crowd) expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(crowd[0]!.doc))
    expect(reference.length).toBeGreaterThan(0)
    expect(server.app.collab.size).toBe(1)
    expect(loads - loadsBefore).toBe(1)
    // The review document is read once for the crowd too (the agreed-text lock, CONSENSUS-9).
    expect(metaLoads - metaLoadsBefore).toBeLessThanOrEqual(1)
  })

  it('[SYNC-4] the writer is told "saved" only for what storage holds', async () => {
    const id = await server.createDocument()
    const a = client(id)
    await a.waitSynced()
    const before = await bodyUpdates(id)
    a.addParagraph('primera propuesta de redacción')
    await a.waitSaved()
    expect(await bodyUpdates(id)).toBeGreaterThan(before)
    // Rebuild the draft from storage alone: the acknowledged paragraph is there.
    const log = await server.storage.loadLog({ documentId: id, name: 'body' })
    const rebuilt = new Y.Doc()
    if (log.snapshot) Y.applyUpdate(rebuilt, log.snapshot)
    for (const u of log.updates) Y.applyUpdate(rebuilt, u)
    expect(rebuilt.getXmlFragment(BODY_FIELD).toString()).toContain('primera propuesta de redacción')
  })

  it('[SYNC-4] nothing is broadcast or acknowledged while its commit is still running', async () => {
    await server.close()
    const gate = new GatedStorage()
    server = await startServer({ storage: gate })
    const id = await server.createDocument()
    const writer = client(id)
    const reader = client(id)
    await Promise.all([writer.waitSynced(), reader.waitSynced()])
    gate.hold()
    writer.addParagraph('texto pendiente de confirmación')
    await waitFor(() => gate.waiting > 0, 'the commit to reach storage')
    // A round trip through the server proves it has handled everything sent so far.
    const probe = client(id)
    await probe.waitSynced()
    expect(reader.paragraphs()).not.toContain('texto pendiente de confirmación')
    expect(writer.allSaved()).toBe(false)
    gate.release()
    await writer.waitSaved()
    await waitFor(() => reader.paragraphs().includes('texto pendiente de confirmación'), 'the broadcast after the commit')
  })

  it('[PERF-4] updates committed in one group reach a reader as one message holding all of them', async () => {
    await server.close()
    const gate = new GatedStorage()
    server = await startServer({ storage: gate })
    const id = await server.createDocument()
    const writers = [client(id), client(id), client(id)]
    await Promise.all(writers.map((w) => w.waitSynced()))
    // A raw reader counts the update messages it receives.
    const reader = new WebSocket(`${server.wsUrl}/collab/${id}?protocol=1`, { headers: { cookie: server.cookie } })
    const updates: Uint8Array[] = []
    reader.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) !== MessageType.sync) return
      if (decoding.readVarUint(decoder) === 2) updates.push(decoding.readVarUint8Array(decoder))
    })
    await new Promise((resolve) => reader.once('open', resolve))
    try {
      // Held while the first commit runs, the three writers' paragraphs form the next group.
      gate.hold()
      writers[0]!.addParagraph('primer párrafo')
      await waitFor(() => gate.waiting === 1, 'the first commit to reach storage')
      writers[1]!.addParagraph('segundo párrafo')
      writers[2]!.addParagraph('tercer párrafo')
      await waitFor(() => server.app.collab.committer.queued >= 2, 'the other two updates to wait for the next commit')
      gate.release()
      await Promise.all(writers.map((w) => w.waitSaved()))
      await waitFor(() => updates.length === 2, 'two update messages: the first commit, then the group of two')
      // Text is stored in an update as UTF-8, so each message's bytes show what it carries.
      const carried = updates.map((update) => Buffer.from(update).toString('utf8'))
      expect(carried[0]).toContain('primer párrafo')
      expect(carried[1]).toContain('segundo párrafo')
      expect(carried[1]).toContain('tercer párrafo')
      for (const w of writers) expect(w.paragraphs()).toEqual(writers[0]!.paragraphs())
    } finally {
      reader.close()
    }
  })

  it('[SYNC-11] a deletion is acknowledged by frame count only once it is committed', async () => {
    await server.close()
    const gate = new GatedStorage()
    server = await startServer({ storage: gate })
    const id = await server.createDocument()
    const writer = client(id)
    await writer.waitSynced()
    writer.addParagraph('palabras que se eliminarán')
    await writer.waitSaved()
    await waitFor(() => writer.savedFrames === writer.framesSent, 'every frame so far to be acknowledged')

    gate.hold()
    const fragment = writer.doc.getXmlFragment(BODY_FIELD)
    fragment.delete(fragment.length - 1, 1)
    await waitFor(() => gate.waiting > 0, 'the deletion to reach storage')
    // A deletion does not move the state vector: only the frame count can tell it is pending
    // (the test client's allSaved counts frames, as the browser does).
    expect(writer.savedFrames).toBeLessThan(writer.framesSent)
    expect(writer.allSaved()).toBe(false)
    gate.release()
    await waitFor(() => writer.savedFrames === writer.framesSent, 'the deletion frame to be acknowledged')
    expect(writer.allSaved()).toBe(true)
    const fresh = client(id)
    await fresh.waitSynced()
    expect(fresh.paragraphs()).not.toContain('palabras que se eliminarán')
  })

  it('[SYNC-12] a long log is compacted in the background and the draft loads whole from the snapshot', async () => {
    await server.close()
    const dataDir = tempDir('compaction')
    server = await startServer({ dataDir, compactAfterUpdates: 20 })
    const id = await server.createDocument()
    const writer = client(id)
    await writer.waitSynced()
    for (let i = 0; i < 60; i++) {
      writer.addParagraph(`párrafo ${i}`)
      // One commit per paragraph, so the log really grows past the threshold.
      await writer.waitSaved()
    }
    await waitFor(async () => (await server.storage.loadLog({ documentId: id, name: 'body' })).snapshot !== null, 'a snapshot')
    const log = await server.storage.loadLog({ documentId: id, name: 'body' })
    expect(log.updates.length).toBeLessThan(40)
    writer.destroy()
    await waitFor(() => server.app.collab.size === 0, 'the draft to be unloaded')
    const reader = client(id)
    await reader.waitSynced()
    for (let i = 0; i < 60; i++) expect(reader.paragraphs()).toContain(`párrafo ${i}`)
  })

  it('[SYNC-5] a stock y-websocket client works and never receives a message type it does not know', async () => {
    const id = await server.createDocument()
    const stock = client(id, { consenso: false })
    const seen = new Set<number>()
    stock.provider.on('status', () => {})
    const original = stock.provider.messageHandlers.slice()
    // Record every message type the stock client is sent.
    stock.provider.messageHandlers = original.map((handler, type) =>
      handler ? (...args: Parameters<typeof handler>) => (seen.add(type), handler(...args)) : handler,
    )
    stock.provider.messageHandlers[MessageType.saved] = () => seen.add(MessageType.saved)
    const other = client(id)
    await Promise.all([stock.waitSynced(), other.waitSynced()])
    stock.addParagraph('from a stock client')
    await waitFor(() => other.paragraphs().includes('from a stock client'), 'the stock client edit to arrive')
    other.addParagraph('from a Consenso client')
    await other.waitSaved()
    await waitFor(() => stock.paragraphs().includes('from a Consenso client'), 'the edit to reach the stock client')
    expect(seen.has(MessageType.saved)).toBe(false)
  })

  it('[SYNC-6] a websocket for an unknown draft is closed with 4404 and creates nothing', async () => {
    const before = await server.storage.listDocuments()
    const code = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${server.wsUrl}/collab/doesNotExist123`, { headers: { cookie: server.cookie } })
      ws.on('close', (c) => resolve(c))
      ws.on('error', reject)
    })
    expect(code).toBe(CloseCode.unknownDocument)
    expect(await server.storage.listDocuments()).toEqual(before)
    expect(server.app.collab.size).toBe(0)
    expect(await server.storage.loadLog({ documentId: 'doesNotExist123', name: 'body' })).toEqual({ snapshot: null, updates: [] })
  })

  it('[SYNC-7] nobody writes the review document over the websocket', async () => {
    const id = await server.createDocument()
    const writer = client(id, { channel: 'meta' })
    const reader = client(id, { channel: 'meta' })
    await Promise.all([writer.waitSynced(), reader.waitSynced()])
    const before = await server.storage.loadLog({ documentId: id, name: 'meta' })
    const denied = denials(writer)
    writer.doc.getMap('threads').set('forged', 'a comment nobody authorised')
    await waitFor(() => denied.length > 0, 'the permission-denied answer')
    expect(denied[0]).toMatch(/server only/)
    const log = await server.storage.loadLog({ documentId: id, name: 'meta' })
    expect(log).toEqual(before)
    // The reader never sees it; a body client still works, proving the server carried on.
    const body = client(id)
    await body.waitSynced()
    body.addParagraph('still editing')
    await body.waitSaved()
    expect(reader.doc.getMap('threads').size).toBe(0)
  })

  it('[SYNC-8] a draft is unloaded after its last client leaves, with everything stored', async () => {
    const id = await server.createDocument()
    const a = client(id)
    await a.waitSynced()
    a.addParagraph('kept after everyone left')
    await a.waitSaved()
    expect(server.app.collab.size).toBe(1)
    a.destroy()
    await waitFor(() => server.app.collab.size === 0, 'the draft to be unloaded')
    const b = client(id)
    await b.waitSynced()
    expect(b.paragraphs()).toContain('kept after everyone left')
  })

  it('[SYNC-9] a client speaking another protocol version is closed with 4426', async () => {
    const id = await server.createDocument()
    const code = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${server.wsUrl}/collab/${id}?protocol=999`, { headers: { cookie: server.cookie } })
      ws.on('close', (c) => resolve(c))
      ws.on('error', reject)
    })
    expect(code).toBe(CloseCode.protocolMismatch)
  })

  it('[SYNC-10] presence is listed from awareness, with the identity of the session', async () => {
    const id = await server.createDocument()
    const a = client(id)
    a.provider.awareness.setLocalStateField('user', { name: 'Someone else', delegation: 'USA', color: '#000000' })
    await a.waitSynced()
    const owner = api(server.url, server.session)
    await waitFor(async () => {
      const body = (await (await owner.get(`/api/documents/${id}`)).json()) as { present: unknown[] }
      return body.present.length === 1
    }, 'the portal to list Ana as present')
    const list = (await (await owner.get('/api/documents')).json()) as { documents: { present: unknown[] }[] }
    expect(list.documents[0]!.present).toEqual([{ name: 'Ana Pérez', delegation: 'CHL', color: DELEGATIONS.find((d) => d.code === 'CHL')!.color }])
  })

})

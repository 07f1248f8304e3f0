/**
 * Two server instances on one database, joined by Redis fan-out: edits, presence, access
 * changes and revoked sessions cross between them, and a lost Redis connection is made good
 * from storage.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { rmSync } from 'node:fs'
import { Redis } from 'ioredis'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { CloseCode, encodeSyncUpdate, MessageType, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, readSaved } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { RedisFanout } from '@consenso/server/fanout'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { denials } from '../helpers/per-test.ts'
import { updateOf } from '../helpers/body-checks.ts'
import { startFirstRunServer, startServer, tempDir, type FirstRunServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { REDIS_URL, redisUnavailable } from '../helpers/redis.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

const skipReason = await redisUnavailable()
const quiet = { info() {}, warn() {}, error() {} }

let one: TestServer
let two: FirstRunServer
let dataDir = ''
const clients: TestClient[] = []

async function startPair(): Promise<void> {
  dataDir = tempDir('fanout')
  one = await startServer({ dataDir, fanout: new RedisFanout(REDIS_URL, quiet) })
  two = await startFirstRunServer({ dataDir, fanout: new RedisFanout(REDIS_URL, quiet) })
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await one?.close()
  await two?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const on = (server: { wsUrl: string }, session: TestSession, id: string): TestClient => {
  const client = connectClient({ wsUrl: server.wsUrl, cookie: session.cookie }, id)
  clients.push(client)
  return client
}

/** Both instances started, and Panama, an editor of a minutes draft made on one, connected to two. */
async function panamaEditingOnTwo(): Promise<{ editor: TestSession; id: string; panama: TestClient }> {
  await startPair()
  const editor = await invite(one.url, one.session, { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
  const id = await one.createDocument('Minuta', 'minutes')
  await share(one.url, one.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
  return { editor, id, panama: on(two, editor, id) }
}

describe.skipIf(skipReason !== null)('fan-out across instances (Redis)', () => {
  beforeAll(() => {
    expect(REDIS_URL).toMatch(/^redis:/)
  })

  it('[FAN-1] edits and presence made on one instance reach clients of the other; health says redis', async () => {
    await startPair()
    expect(await (await fetch(`${two.url}/api/health`)).json()).toMatchObject({ fanout: 'redis' })
    const id = await one.createDocument('Declaración conjunta', 'declaration')
    const a = on(one, one.session, id)
    const b = on(two, one.session, id)
    await Promise.all([a.waitSynced(), b.waitSynced()])
    a.provider.awareness.setLocalStateField('cursor', { at: 1 })
    for (let i = 0; i < 10; i++) {
      a.addParagraph(`desde la instancia uno ${i}`)
      b.addParagraph(`desde la instancia dos ${i}`)
    }
    await Promise.all([a.waitSaved(), b.waitSaved()])
    await waitFor(() => a.paragraphs().length === b.paragraphs().length && a.paragraphs().length >= 27, 'both instances to converge', {
      describe: () => [a.paragraphs().length, b.paragraphs().length],
    })
    expect(a.paragraphs()).toEqual(b.paragraphs())
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), "A's presence to reach B through the other instance")
  })

  it('[FAN-4] an instance shutting down publishes its clients\' presence removals before it closes Redis', async () => {
    dataDir = tempDir('fanout')
    const warnings: string[] = []
    const watching = { info() {}, warn: (_: unknown, message: string) => void warnings.push(message), error: (_: unknown, message: string) => void warnings.push(message) }
    one = await startServer({ dataDir, fanout: new RedisFanout(REDIS_URL, watching) })
    two = await startFirstRunServer({ dataDir, fanout: new RedisFanout(REDIS_URL, quiet) })
    const id = await one.createDocument('Minuta', 'minutes')
    const leaving = on(one, one.session, id)
    const staying = on(two, one.session, id)
    await Promise.all([leaving.waitSynced(), staying.waitSynced()])
    leaving.provider.awareness.setLocalStateField('cursor', { at: 1 })
    await waitFor(() => staying.provider.awareness.getStates().has(leaving.doc.clientID), 'the caret to reach the other instance')
    // Not reconnecting to a server that is going away.
    leaving.provider.shouldConnect = false
    await one.close()
    // Well under y-protocols' 30 s timeout for a silent peer: the removal itself arrived.
    await waitFor(() => !staying.provider.awareness.getStates().has(leaving.doc.clientID), 'the caret to be removed on the other instance', {
      timeoutMs: 5_000,
    })
    expect(warnings.filter((line) => /publish failed/.test(line))).toEqual([])
  })

  it('[SYNC-16] content held on one instance, completed by an update committed on another, is committed here and only then acknowledged', async () => {
    await startPair()
    const id = await one.createDocument('Sin conexión', 'blank')
    // Typed offline: a paragraph, then an edit of it; the edit reaches instance one first.
    const doc = new Y.Doc()
    const capture = (edit: () => void): Uint8Array => updateOf(doc, edit)
    const fragment = doc.getXmlFragment(BODY_FIELD)
    const base = capture(() => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('base sin conexión')])
      fragment.push([p])
    })
    const held = capture(() => ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(4, ' editada'))
    const raw = (server: { wsUrl: string }): WebSocket => {
      const socket = new WebSocket(`${server.wsUrl}/collab/${id}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: one.session.cookie } })
      socket.on('error', () => {})
      return socket
    }
    const here = raw(one)
    const saved: number[] = []
    here.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) === MessageType.saved) saved.push(readSaved(decoder).frames)
    })
    await nextEvent(here, 'open')
    here.send(encodeSyncUpdate(held))
    const there = raw(two)
    await nextEvent(there, 'open')
    there.send(encodeSyncUpdate(base))
    try {
      await waitFor(() => saved.some((frames) => frames >= 1), 'the held frame to be acknowledged once its base arrived through Redis')
      const stored = new Y.Doc()
      const log = await one.storage.loadLog({ documentId: id, name: 'body' })
      for (const part of log.snapshot ? [log.snapshot, ...log.updates] : log.updates) Y.applyUpdate(stored, part)
      expect(stored.getXmlFragment(BODY_FIELD).toString()).toContain('base editada sin conexión')
    } finally {
      here.terminate()
      there.terminate()
    }
  })

  it('[FAN-2] a role change and a revoked session made on one instance act on connections of the other', async () => {
    const { editor, id, panama } = await panamaEditingOnTwo()
    await panama.waitSynced()
    await share(one.url, one.session, id, { type: 'delegation', id: 'PAN' }, 'viewer')
    const denied = denials(panama)
    await waitFor(async () => {
      panama.addParagraph('intento tras el cambio de rol')
      return denied.length > 0
    }, 'the downgrade to reach the other instance', { timeoutMs: 5000 })

    expect((await api(one.url, editor).post('/api/auth/logout-all')).status).toBe(204)
    await waitFor(() => panama.closeCodes.includes(CloseCode.unauthorized), 'the revoked session to close the other instance’s socket')
  })

  it('[FAN-5] a role change and a rename made on one instance are announced to pages connected to the other (details)', async () => {
    const { id, panama } = await panamaEditingOnTwo()
    const chile = on(two, one.session, id)
    await Promise.all([panama.waitSynced(), chile.waitSynced()])
    await share(one.url, one.session, id, { type: 'delegation', id: 'PAN' }, 'commenter')
    await waitFor(() => panama.detailsNotices === 1, 'the role change to be announced on the other instance', { timeoutMs: 5000 })
    expect((await api(one.url, one.session).patch(`/api/documents/${id}`, { title: 'Minuta de la reunión' })).status).toBe(200)
    await waitFor(() => panama.detailsNotices === 2 && chile.detailsNotices === 1, 'the rename to be announced on the other instance', { timeoutMs: 5000 })
  })

  it('[FAN-3] messages lost while Redis is away are made good from storage when it returns', async () => {
    await startPair()
    const id = await one.createDocument('Declaración conjunta', 'declaration')
    const a = on(one, one.session, id)
    const b = on(two, one.session, id)
    await Promise.all([a.waitSynced(), b.waitSynced()])
    const admin = new Redis(REDIS_URL)
    try {
      // Cut every subscriber: what is published until they come back is lost.
      await admin.client('KILL', 'TYPE', 'pubsub')
      a.addParagraph('escrito mientras Redis no entregaba mensajes')
      await a.waitSaved()
    } finally {
      admin.disconnect()
    }
    await waitFor(() => b.paragraphs().includes('escrito mientras Redis no entregaba mensajes'), 'instance two to resynchronise from storage', {
      timeoutMs: 10_000,
    })
  })
})

/**
 * Contradictory messages, floods and unusual draft ids. Each case runs while a canary client
 * on another draft keeps editing: its round trip (edit → saved → seen by a second client) must
 * complete, within a second as a generous bound. Nothing the hostile client sends is stored,
 * and only the offending connection is affected.
 */
import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { CloseCode, encodeAwarenessMessage, MessageType, SyncStep } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { connectClient } from '../helpers/clients.ts'
import { canary, type Canary } from '../helpers/limits.ts'
import { loggedLines, perTest, syncFrame } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

const { start, track, socket: keep } = perTest()

const awarenessFrame = (entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array => {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientId)
    encoding.writeVarUint(inner, e.clock)
    encoding.writeVarString(inner, JSON.stringify(e.state))
  }
  return encodeAwarenessMessage(encoding.toUint8Array(inner))
}

const paragraph = (doc: Y.Doc, text: string): void => {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment(BODY_FIELD).push([p])
}

/** A canary pair on its own draft: one writes, the other must see it within a second. */
const canaryOn = async (s: TestServer): Promise<Canary> => canary(s, await s.createDocument('Canario'), track)

/** A raw, authenticated socket on a draft, once the server has greeted it. */
async function rawSocket(s: TestServer, path: string, cookie: string | null = s.cookie): Promise<WebSocket> {
  const socket = new WebSocket(`${s.wsUrl}${path}`, cookie ? { headers: { cookie } } : {})
  keep(socket)
  socket.on('error', () => {})
  await nextEvent(socket, 'message')
  return socket
}

/** Proves the socket is still open and served: an awareness query gets an answer. */
async function stillServed(socket: WebSocket): Promise<void> {
  expect(socket.readyState).toBe(WebSocket.OPEN)
  const answer = nextEvent(socket, 'message', 5_000)
  socket.send(Uint8Array.from([MessageType.queryAwareness]))
  await answer
}

async function startWithLog(): Promise<{ s: TestServer; lines: string[] }> {
  const { lines, logger } = loggedLines()
  return { s: await start({ logger }), lines }
}

describe('hostile input: contradictory sync and awareness messages', () => {
  it('[HOST-9] an update building on content the server never had is neither stored, broadcast nor acknowledged, and does not block anyone else’s acknowledgements', async () => {
    const { s } = await startWithLog()
    const { roundTrip } = await canaryOn(s)
    const target = await s.createDocument('A')
    const honest = track(connectClient(s, target))
    await honest.waitSynced()
    honest.addParagraph('antes')
    honest.addParagraph('borrado')
    honest.doc.getXmlFragment(BODY_FIELD).delete(honest.doc.getXmlFragment(BODY_FIELD).length - 1, 1)
    await honest.waitSaved()
    const before = await s.storage.loadLog({ documentId: target, name: 'body' })

    // A client writes on top of 50 items of its own that it never sent.
    const forged = new Y.Doc()
    paragraph(forged, 'x'.repeat(50))
    const base = Y.encodeStateVector(forged)
    paragraph(forged, 'sin base')
    const orphan = Y.diffUpdate(Y.encodeStateAsUpdate(forged), base)
    const socket = await rawSocket(s, `/collab/${target}?protocol=1`)
    socket.send(syncFrame(SyncStep.step2, orphan))
    socket.send(syncFrame(SyncStep.update, orphan))
    await roundTrip('canary during HOST-9')
    await stillServed(socket)

    expect(await s.storage.loadLog({ documentId: target, name: 'body' })).toEqual(before)
    // A client of the same draft whose acknowledgement was lost reconnects with what the server
    // already holds (its deletions travel in every sync step 2) and must still be told it is saved.
    honest.provider.disconnect()
    honest.saved = new Map()
    honest.provider.connect()
    await honest.waitSaved()
    const late = track(connectClient(s, target))
    await late.waitSynced()
    expect(late.paragraphs()).not.toContain('sin base')
  })

  it('[HOST-10] a delete set naming clients the server never saw stores nothing and changes nobody’s document', async () => {
    const { s } = await startWithLog()
    const { roundTrip } = await canaryOn(s)
    const target = await s.createDocument('A')
    const honest = track(connectClient(s, target))
    await honest.waitSynced()
    honest.addParagraph('intacto')
    await honest.waitSaved()
    const before = await s.storage.loadLog({ documentId: target, name: 'body' })

    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0) // no structs
    encoding.writeVarUint(encoder, 2) // delete set for two clients nobody has seen
    for (const client of [987654321, 123456789]) {
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarUint(encoder, 0)
      encoding.writeVarUint(encoder, 1_000_000)
    }
    const socket = await rawSocket(s, `/collab/${target}?protocol=1`)
    socket.send(syncFrame(SyncStep.update, encoding.toUint8Array(encoder)))
    await roundTrip('canary during HOST-10')
    await stillServed(socket)
    expect(await s.storage.loadLog({ documentId: target, name: 'body' })).toEqual(before)
    expect(honest.paragraphs()).toContain('intacto')
  })

  it('[HOST-11] awareness whose clock goes backwards is ignored; the newer state stays', async () => {
    const { s } = await startWithLog()
    const { roundTrip } = await canaryOn(s)
    const target = await s.createDocument('A')
    const observer = track(connectClient(s, target))
    await observer.waitSynced()
    const socket = await rawSocket(s, `/collab/${target}?protocol=1`)
    const id = 424242
    socket.send(awarenessFrame([{ clientId: id, clock: 10, state: { cursor: 'nuevo' } }]))
    await waitFor(() => (observer.provider.awareness.getStates().get(id) as { cursor?: string } | undefined)?.cursor === 'nuevo', 'the state at clock 10')
    socket.send(awarenessFrame([{ clientId: id, clock: 3, state: { cursor: 'viejo' } }]))
    socket.send(awarenessFrame([{ clientId: id, clock: 2, state: null }]))
    await roundTrip('canary during HOST-11')
    await stillServed(socket)
    expect((observer.provider.awareness.getStates().get(id) as { cursor?: string }).cursor).toBe('nuevo')
  })

  it('[HOST-12] awareness for another client’s id, removal included, is dropped: the victim stays present as themselves', async () => {
    const { s } = await startWithLog()
    const { roundTrip } = await canaryOn(s)
    const target = await s.createDocument('A')
    const victim = track(connectClient(s, target))
    const observer = track(connectClient(s, target))
    await Promise.all([victim.waitSynced(), observer.waitSynced()])
    victim.provider.awareness.setLocalStateField('cursor', 'mío')
    const victimId = victim.doc.clientID
    await waitFor(() => (observer.provider.awareness.getStates().get(victimId) as { cursor?: string } | undefined)?.cursor === 'mío', 'the victim’s caret')

    const socket = await rawSocket(s, `/collab/${target}?protocol=1`)
    const clock = victim.provider.awareness.meta.get(victimId)!.clock
    socket.send(awarenessFrame([{ clientId: victimId, clock: clock + 100, state: { cursor: 'falso', user: { name: 'Impostor' } } }]))
    socket.send(awarenessFrame([{ clientId: victimId, clock: clock + 200, state: null }]))
    // The server's own awareness id is not anyone's to speak for either.
    await roundTrip('canary during HOST-12')
    await stillServed(socket)
    const seen = observer.provider.awareness.getStates().get(victimId) as { cursor?: string } | undefined
    expect(seen?.cursor).toBe('mío')
    const listed = (await (await fetch(`${s.url}/api/documents/${target}`, { headers: { cookie: s.cookie } })).json()) as { presence?: { name: string }[] }
    expect(listed.presence?.map((p) => p.name) ?? []).not.toContain('Impostor')
    void awarenessProtocol
  })
})

describe('hostile input: floods', () => {
  it('[HOST-13] a flood of upgrade attempts without a session is refused with 4401, creates nothing, and the canary keeps its pace', async () => {
    const { s } = await startWithLog()
    const { roundTrip } = await canaryOn(s)
    const target = await s.createDocument('A')
    const documentsBefore = (await s.storage.listDocuments()).length
    const attempts = Array.from({ length: 200 }, () => {
      const socket = new WebSocket(`${s.wsUrl}/collab/${target}?protocol=1`)
      keep(socket)
      socket.on('error', () => {})
      return nextEvent<number>(socket, 'close', 20_000)
    })
    const during = roundTrip('canary during the unauthenticated flood')
    const codes = await Promise.all(attempts)
    await during
    expect(new Set(codes)).toEqual(new Set([CloseCode.unauthorized]))
    expect((await s.storage.listDocuments()).length).toBe(documentsBefore)
    await roundTrip('canary after the unauthenticated flood')
  })

  it('[HOST-14] a signed-in client flooding frames from its first moment (before the draft is even loaded) is closed with 4429 alone', async () => {
    const { s, lines } = await startWithLog()
    const { roundTrip } = await canaryOn(s)
    const target = await s.createDocument('A')
    const bystander = track(connectClient(s, target))
    await bystander.waitSynced()
    const before = await s.storage.loadLog({ documentId: target, name: 'body' })
    const floods = Array.from({ length: 5 }, () => {
      const socket = new WebSocket(`${s.wsUrl}/collab/${target}?protocol=1`, { headers: { cookie: s.cookie } })
      keep(socket)
      socket.on('error', () => {})
      const closed = nextEvent<number>(socket, 'close', 20_000)
      // No waiting for the greeting: the frames arrive while the draft is still being opened.
      socket.on('open', () => {
        for (let i = 0; i < 5_000 && socket.readyState === WebSocket.OPEN; i++) socket.send(Uint8Array.from([MessageType.queryAwareness]))
      })
      return closed
    })
    const during = roundTrip('canary during the frame flood')
    expect(new Set(await Promise.all(floods))).toEqual(new Set([CloseCode.rateLimited]))
    await during
    expect(lines.filter((l) => l.includes(`"code":${CloseCode.rateLimited}`)).length).toBe(5)
    expect(await s.storage.loadLog({ documentId: target, name: 'body' })).toEqual(before)
    bystander.addParagraph('sigo aquí')
    await bystander.waitSaved()
  })
})

/**
 * Sends a websocket upgrade for `path` byte for byte (a WebSocket client would normalise `..`
 * and re-encode the path) and reports how the server answered: an HTTP status, or the code of
 * the close frame that follows a successful upgrade.
 */
function rawUpgrade(s: TestServer, path: string): Promise<string> {
  const { port } = new URL(s.url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer to the upgrade of ${path.slice(0, 60)}`))
    }, 10_000)
    let received = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const text = received.toString('latin1')
      const head = text.indexOf('\r\n\r\n')
      if (head < 0) return
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])
      let outcome: string | null = null
      if (status !== 101) outcome = `http ${status}`
      else {
        const frame = received.subarray(head + 4)
        // A close frame (opcode 8) carries the code in its first two payload bytes.
        if (frame.length >= 4 && (frame[0]! & 0x0f) === 8) outcome = `close ${frame.readUInt16BE(2)}`
        else if (frame.length >= 2 && (frame[0]! & 0x0f) !== 8) outcome = `served (opcode ${frame[0]! & 0x0f})`
      }
      if (outcome === null) return
      clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
        `Origin: ${s.url}\r\nCookie: ${s.cookie}\r\n\r\n`,
    )
  })
}

const unusualIds: { what: string; path: string }[] = [
  { what: 'a very long id', path: `/collab/${'a'.repeat(5_000)}` },
  { what: 'an id longer than a request line may be', path: `/collab/${'b'.repeat(70_000)}` },
  { what: 'a unicode id', path: `/collab/${encodeURIComponent('declaración-ñandú-文書-🕊️')}` },
  { what: '".."', path: '/collab/..' },
  { what: '".." with the meta channel', path: '/collab/../meta' },
  { what: 'a path traversal', path: '/collab/../../etc/passwd' },
  { what: 'a percent-encoded path traversal', path: '/collab/%2e%2e%2f%2e%2e%2fetc%2fpasswd' },
  { what: 'an encoded slash inside the id', path: '/collab/abcdefgh%2fmeta' },
  { what: 'a NUL byte', path: '/collab/abcdefgh%00ijk' },
  { what: 'an empty id', path: '/collab/' },
  { what: 'an empty id with the meta channel', path: '/collab//meta' },
  { what: 'a malformed percent-encoding', path: '/collab/%E0%A4%A' },
]

describe('hostile input: unusual draft ids', () => {
  it.each(unusualIds)('[HOST-15] $what is refused (4404, or an HTTP error), creates nothing, and the canary carries on', async ({ path }) => {
    const { s } = await startWithLog()
    const { roundTrip } = await canaryOn(s)
    const documentsBefore = (await s.storage.listDocuments()).length
    const outcome = await rawUpgrade(s, `${path}?protocol=1`)
    expect(outcome).toMatch(new RegExp(`^(close ${CloseCode.unknownDocument}|http 4\\d\\d)$`))
    await roundTrip(`canary after ${path.slice(0, 40)}`)
    expect((await s.storage.listDocuments()).length).toBe(documentsBefore)
  })
})

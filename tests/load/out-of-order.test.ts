/**
 * [LOAD-2] Updates that arrive before what they build on: a client's edit reaches the server
 * before another client's edit it depends on (as when many clients edit at once and one
 * passes content along). Once the missing edit arrives, the server commits both, sends the
 * late writer the other client's content too, and tells both clients they are saved.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { encodeSyncUpdate, MessageType, readSaved, SyncStep } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { connectClient } from '../helpers/clients.ts'
import { perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

const scope = perTest()

/** A raw client that keeps what the server sends it in a Y.Doc and counts its `saved` frames. */
async function rawClient(s: TestServer, draft: string, start: Uint8Array): Promise<{ doc: Y.Doc; saved: () => number; send(update: Uint8Array): void }> {
  const socket = new WebSocket(`${s.wsUrl}/collab/${draft}?protocol=1`, { headers: { cookie: s.cookie } })
  scope.socket(socket)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, start)
  let saved = 0
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.saved) saved = Math.max(saved, readSaved(decoder).frames)
    if (type !== MessageType.sync) return
    const step = decoding.readVarUint(decoder)
    if (step !== SyncStep.step1) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
  })
  await nextEvent(socket, 'message')
  return {
    doc,
    saved: () => saved,
    send(update) {
      socket.send(encodeSyncUpdate(update))
      // A client holds what it sent.
      Y.applyUpdate(doc, update)
    },
  }
}

const textOf = (doc: Y.Doc): string => {
  const body = doc.getXmlFragment(BODY_FIELD)
  return body.toArray().map((node) => (node instanceof Y.XmlElement ? (node.get(0) as Y.XmlText | undefined)?.toString() ?? '' : '')).join('|')
}

describe('updates out of order', () => {
  it('[LOAD-2] an edit arriving before the edit it builds on is committed with it; both writers get all content and saved', async () => {
    const server = await scope.start()
    const draft = await server.createDocument('Desorden')
    const observer = connectClient(server, draft)
    scope.track(observer)
    await observer.waitSynced()
    const start = Y.encodeStateAsUpdate(observer.doc)

    // A writes a paragraph; B, having it already (passed along), writes after it.
    const docA = new Y.Doc()
    Y.applyUpdate(docA, start)
    const before = Y.encodeStateVector(docA)
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('primero')])
    docA.getXmlFragment(BODY_FIELD).push([paragraph])
    const fromA = Y.encodeStateAsUpdate(docA, before)
    const docB = new Y.Doc()
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA))
    const beforeB = Y.encodeStateVector(docB)
    const text = (docB.getXmlFragment(BODY_FIELD).get(docB.getXmlFragment(BODY_FIELD).length - 1) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(text.length, ' y segundo')
    const fromB = Y.encodeStateAsUpdate(docB, beforeB)

    const a = await rawClient(server, draft, start)
    const b = await rawClient(server, draft, start)
    b.send(fromB)
    // B's edit waits for A's: nothing of it is stored or acknowledged yet.
    await waitFor(async () => (await server.storage.loadLog({ documentId: draft, name: 'body' })).updates.length >= 1, 'the draft’s log')
    const logBefore = await server.storage.loadLog({ documentId: draft, name: 'body' })
    expect(b.saved()).toBe(0)
    a.send(fromA)
    // A never had B's edit: it must come from the server, although it was completed by A's own update.
    expect(textOf(a.doc)).not.toContain('segundo')

    await waitFor(() => textOf(observer.doc).includes('primero y segundo'), 'the observer to hold both edits')
    await waitFor(() => textOf(a.doc).includes('primero y segundo'), 'A to receive B’s edit, which came in with its own')
    await waitFor(() => a.saved() >= 1 && b.saved() >= 1, 'both writers to be told they are saved', {
      describe: () => ({ a: a.saved(), b: b.saved() }),
    })
    const logAfter = await server.storage.loadLog({ documentId: draft, name: 'body' })
    expect(logAfter.updates.length).toBeGreaterThan(logBefore.updates.length)
  })
})

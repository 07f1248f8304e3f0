/**
 * [SYNC-18] A deletion of content the server does not hold is refused, never kept pending,
 * and its writer is asked again for what the server lacks. The case a browser meets: a
 * provider that reconnects sends the updates typed since before its sync step 2, so a deletion
 * of text typed offline can arrive before that text. The writer keeps its copy (the editor page
 * does not drop it on a refusal), answers the server's sync step 1 like every y-websocket
 * client, and everything, the deletion included, ends up stored and confirmed as saved.
 */
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import {
  AuthMessage,
  encodeSyncStep2,
  encodeSyncUpdate,
  MessageType,
  PROTOCOL_QUERY_PARAM,
  PROTOCOL_VERSION,
  readSaved,
  SyncStep,
} from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { updateOf } from '../helpers/body-checks.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer | undefined
let clients: TestClient[] = []
let sockets: WebSocket[] = []
afterEach(async () => {
  for (const client of clients) client.destroy()
  for (const socket of sockets) socket.terminate()
  clients = []
  sockets = []
  await server?.close()
  server = undefined
})

/** A client with its own replica that sends chosen updates and answers sync step 1 as y-websocket does. */
class ReplicaClient {
  readonly doc = new Y.Doc()
  readonly socket: WebSocket
  framesSent = 0
  savedFrames = 0
  denials = 0
  stepOnesAnswered = 0

  constructor(s: TestServer, documentId: string) {
    this.socket = new WebSocket(`${s.wsUrl}/collab/${documentId}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: s.cookie } })
    sockets.push(this.socket)
    this.socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      const type = decoding.readVarUint(decoder)
      if (type === MessageType.saved) this.savedFrames = Math.max(this.savedFrames, readSaved(decoder).frames)
      else if (type === MessageType.auth && decoding.readVarUint(decoder) === AuthMessage.permissionDenied) this.denials += 1
      else if (type === MessageType.sync) {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (step === SyncStep.step1) {
          this.stepOnesAnswered += 1
          this.frame(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, payload)))
        } else Y.applyUpdate(this.doc, payload, this)
      }
    })
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve())
      this.socket.once('error', reject)
    })
  }

  frame(message: Uint8Array): void {
    this.socket.send(message)
    this.framesSent += 1
  }

  /** Makes a change here and returns its update, without sending it. */
  change(edit: (body: Y.XmlFragment) => void): Uint8Array {
    return updateOf(this.doc, (doc) => edit(doc.getXmlFragment(BODY_FIELD)))
  }
}

describe('deleting what the server has not seen yet', () => {
  it('[SYNC-18] a deletion that overtakes its own text is refused, then asked for again: all of it is stored and saved', async () => {
    server = await startServer()
    const documentId = await server.createDocument('Pregunta otra vez', 'blank')
    const writer = new ReplicaClient(server, documentId)
    await writer.opened()
    await waitFor(() => writer.stepOnesAnswered >= 1, 'the greeting to be answered')

    // Typed while the socket was away: a paragraph, not sent; then a deletion in it, sent first.
    writer.change((body) => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('texto escrito sin conexión')])
      body.push([p])
    })
    const deletion = writer.change((body) => ((body.get(body.length - 1) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 6))
    writer.frame(encodeSyncUpdate(deletion))

    await waitFor(() => writer.denials >= 1, 'the deletion to be refused')
    // Asked again, the writer sends everything; the deletion's frame is confirmed with it.
    await waitFor(() => writer.stepOnesAnswered >= 2 && writer.savedFrames >= writer.framesSent, 'everything to be confirmed as saved', {
      describe: () => ({ sent: writer.framesSent, saved: writer.savedFrames, asked: writer.stepOnesAnswered }),
    })

    const reader = connectClient(server, documentId)
    clients.push(reader)
    await reader.waitSynced()
    expect(reader.paragraphs()).toContain('escrito sin conexión')
    expect(reader.paragraphs()).not.toContain('texto escrito sin conexión')
  })

  it('[SYNC-18] a deletion of content that never existed is refused each time and asked again at most once per arrival', async () => {
    server = await startServer()
    const documentId = await server.createDocument('Nunca existió', 'blank')
    const hostile = new ReplicaClient(server, documentId)
    await hostile.opened()
    await waitFor(() => hostile.stepOnesAnswered >= 1, 'the greeting to be answered')
    // A deletion of content the server never sees: written in a replica of its own, never sent.
    const elsewhere = new Y.Doc()
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText('nunca enviado')])
    elsewhere.getXmlFragment(BODY_FIELD).push([p])
    const deletes: Uint8Array[] = []
    elsewhere.on('update', (update: Uint8Array) => void deletes.push(update))
    elsewhere.getXmlFragment(BODY_FIELD).delete(0, 1)
    // Its replica holds the deletion too (pending), so each answer to a sync step 1 repeats it.
    Y.applyUpdate(hostile.doc, deletes[0]!)
    hostile.frame(encodeSyncUpdate(deletes[0]!))
    // Refused, asked at once, its answer refused: then it waits for content to arrive.
    await waitFor(() => hostile.denials >= 2, 'the deletion and the answer to be refused')
    expect(hostile.stepOnesAnswered).toBe(2)

    // Each time someone else's content arrives it is asked once more, and refused once more.
    const honest = connectClient(server, documentId)
    clients.push(honest)
    await honest.waitSynced()
    for (const [i, text] of ['un párrafo nuevo', 'y otro'].entries()) {
      honest.addParagraph(text)
      await honest.waitSaved()
      await waitFor(() => hostile.denials >= 3 + i, 'the answer to be refused again')
      expect(hostile.stepOnesAnswered).toBe(3 + i)
    }
    expect(honest.paragraphs()).toEqual(expect.arrayContaining(['un párrafo nuevo', 'y otro']))
    // Only its answer to the greeting (frame 1) was ever confirmed; nothing after the refusal.
    expect(hostile.savedFrames).toBeLessThanOrEqual(1)
  })
})

/**
 * Broken and hostile frames. Each case opens a raw websocket on draft A, sends what a
 * broken or malicious client would, and asserts: only that connection is closed, with the
 * documented code; nothing reaches storage; a client of draft B carries on as if nothing
 * happened.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { CloseCode, MessageType, SyncStep } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import type { AppOptions } from '@consenso/server/app'
import { connectClient } from '../helpers/clients.ts'
import { perTest, syncFrame } from '../helpers/per-test.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

const MAX_FRAME = 64 * 1024

const updateFrom = (edit: (doc: Y.Doc) => void): Uint8Array => {
  const doc = new Y.Doc()
  edit(doc)
  return Y.encodeStateAsUpdate(doc)
}

interface HostileCase {
  rule: string
  what: string
  frames: () => (Uint8Array | string)[]
  code: number
  server?: Partial<AppOptions>
}

const cases: HostileCase[] = [
  { rule: 'HOST-1', what: 'an empty frame', frames: () => [new Uint8Array(0)], code: CloseCode.badMessage },
  {
    rule: 'HOST-1',
    what: 'a truncated sync message',
    frames: () => [Uint8Array.from([MessageType.sync, SyncStep.update, 200, 1])],
    code: CloseCode.badMessage,
  },
  { rule: 'HOST-2', what: 'an unknown message type', frames: () => [Uint8Array.from([99, 1, 2, 3])], code: CloseCode.unknownMessageType },
  {
    rule: 'HOST-2',
    what: 'an unknown sync step',
    frames: () => [syncFrame(7, new Uint8Array([0]))],
    code: CloseCode.unknownMessageType,
  },
  {
    rule: 'HOST-3',
    what: 'a frame over the size limit',
    frames: () => [syncFrame(SyncStep.update, new Uint8Array(MAX_FRAME + 1024).fill(7))],
    code: CloseCode.frameTooLarge,
    server: { maxFrameBytes: MAX_FRAME },
  },
  {
    rule: 'HOST-4',
    what: 'a garbage update',
    frames: () => [syncFrame(SyncStep.update, Uint8Array.from([5, 250, 3, 9, 9, 9, 1, 0, 44, 17, 200, 3]))],
    code: CloseCode.badMessage,
  },
  {
    rule: 'HOST-4',
    what: 'a valid update cut in half',
    frames: () => {
      const update = updateFrom((doc) => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText('texto que nunca debe guardarse')])
        doc.getXmlFragment(BODY_FIELD).push([p])
      })
      return [syncFrame(SyncStep.step2, update.slice(0, Math.floor(update.length / 2)))]
    },
    code: CloseCode.badMessage,
  },
  {
    rule: 'HOST-5',
    what: 'an update writing to a root type the body does not have',
    frames: () => [syncFrame(SyncStep.update, updateFrom((doc) => doc.getMap('evil').set('x', 'payload')))],
    code: CloseCode.badMessage,
  },
  { rule: 'HOST-6', what: 'a text frame', frames: () => ['{"type":"hello"}'], code: CloseCode.badMessage },
  {
    rule: 'HOST-7',
    what: 'a flood of messages',
    frames: () => Array.from({ length: 200 }, () => Uint8Array.from([MessageType.queryAwareness])),
    code: CloseCode.rateLimited,
    server: { rateLimits: { messageBurst: 50, messagesPerSecond: 1, byteBurst: 1 << 20, bytesPerSecond: 1 << 20 } },
  },
  {
    rule: 'HOST-8',
    what: 'an undecodable awareness update',
    frames: () => [Uint8Array.from([MessageType.awareness, 5, 1, 2, 3, 4, 5])],
    code: CloseCode.badMessage,
  },
]

const scope = perTest()

describe('hostile input', () => {
  it.each(cases)('[$rule] $what closes only that connection (code $code); nothing is stored; draft B carries on', async (c) => {
    const logLines: string[] = []
    const stream = { write: (line: string) => void logLines.push(line) }
    const server = await scope.start({ ...c.server, logger: { level: 'warn', stream } })
    const target = await server.createDocument('A')
    const bystanderDoc = await server.createDocument('B')
    const bystander = connectClient(server, bystanderDoc)
    const watcher = connectClient(server, bystanderDoc)
    for (const client of [bystander, watcher]) scope.track(client)
    await Promise.all([bystander.waitSynced(), watcher.waitSynced()])
    const logBefore = await server.storage.loadLog({ documentId: target, name: 'body' })

    const socket = new WebSocket(`${server.wsUrl}/collab/${target}?protocol=1`, { headers: { cookie: server.cookie } })
    const closed = nextEvent<number>(socket, 'close')
    // The server's first message (its sync step 1) means the draft is loaded and we are in.
    await nextEvent(socket, 'message')
    for (const frame of c.frames()) {
      if (socket.readyState !== WebSocket.OPEN) break
      socket.send(frame, { binary: typeof frame !== 'string' })
    }
    expect(await closed).toBe(c.code)
    // The operator can see why: one warning naming the draft and the close code.
    await waitFor(() => logLines.some((line) => line.includes('"code":' + c.code)), 'a log line for the closed connection')
    const line = JSON.parse(logLines.find((l) => l.includes('"code":' + c.code))!) as Record<string, unknown>
    expect(line).toMatchObject({ level: 40, documentId: target, code: c.code, msg: 'closing collaboration connection' })

    expect(await server.storage.loadLog({ documentId: target, name: 'body' })).toEqual(logBefore)
    bystander.addParagraph(`after ${c.rule}`)
    await bystander.waitSaved()
    await waitFor(() => watcher.paragraphs().includes(`after ${c.rule}`), 'the bystander edit to reach the other client')
    // Draft A itself still works for well-behaved clients.
    const honest = connectClient(server, target)
    scope.track(honest)
    await honest.waitSynced()
    honest.addParagraph('honest edit')
    await honest.waitSaved()
  })
})

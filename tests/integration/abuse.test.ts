/**
 * [ABUSE-*] Limits on what one signed-in client can make the server hold. Each case runs while
 * a canary client on another draft keeps editing: its round trip (edit → saved → seen by a
 * second client) stays under a second, and only the offending connection is closed.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CloseCode, encodeAwarenessMessage, encodeSyncStep1, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION } from '@consenso/protocol'
import * as encoding from 'lib0/encoding'
import type { Socket } from 'node:net'
import { DEFAULT_MAX_UNSENT_BYTES } from '@consenso/server/collab'
import { defaultRateLimits, DEFAULT_MAX_FRAME_BYTES } from '@consenso/server/config'
import { connectClient } from '../helpers/clients.ts'
import { canary } from '../helpers/limits.ts'
import { loggedLines, perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

const { start, track, socket: keep } = perTest()

async function rawSocket(s: TestServer, documentId: string): Promise<WebSocket> {
  const socket = new WebSocket(`${s.wsUrl}/collab/${documentId}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: s.cookie } })
  keep(socket)
  socket.on('error', () => {})
  await nextEvent(socket, 'message')
  return socket
}

/** The websocket's TCP socket, to stop reading from it as a client that hangs would. */
const tcpOf = (socket: WebSocket): Socket => (socket as unknown as { _socket: Socket })._socket

describe('abuse limits on the collaboration websocket', () => {
  it('[ABUSE-1] a client that stops reading while asking again and again for the whole draft is closed with 4509, not buffered without end', async () => {
    const { lines, logger } = loggedLines()
    const server = await start({
      logger,
      // Backpressure alone: the cap on unread replies (ABUSE-5, abuse-caps.test.ts) would close it first.
      rateLimits: { ...defaultRateLimits(DEFAULT_MAX_FRAME_BYTES), maxOutstandingSyncReplies: 1_000 },
    })
    const { roundTrip } = await canary(server, await server.createDocument('Canario'), track)
    const big = await server.createDocument('Grande')
    const author = track(connectClient(server, big))
    await author.waitSynced()
    // About 1 MB of text: every full-state reply is a copy of it.
    for (let i = 0; i < 100; i++) author.addParagraph(`${i} ${'palabra '.repeat(1250)}`)
    await author.waitSaved(20_000)

    const socket = await rawSocket(server, big)
    tcpOf(socket).pause()
    // Far more than the limit: 40 copies of the draft.
    for (let i = 0; i < 40; i++) socket.send(encodeSyncStep1(new Uint8Array([0])))
    await waitFor(() => lines.some((line) => line.includes('the client is not reading')), 'the server to give up on the client')
    const logged = JSON.parse(lines.find((line) => line.includes('the client is not reading'))!) as { unsent: number; code: number }
    expect(logged.code).toBe(CloseCode.notReading)
    // It stopped as soon as it passed the limit, plus at most one reply more.
    expect(logged.unsent).toBeLessThan(DEFAULT_MAX_UNSENT_BYTES + 2 * 1024 * 1024)
    await roundTrip('canary while a client does not read')

    // Once it reads again it finds the close at the end of what was queued before it.
    const closed = nextEvent<number>(socket, 'close', 20_000)
    tcpOf(socket).resume()
    expect(await closed).toBe(CloseCode.notReading)
    await roundTrip('canary afterwards')
    expect(author.closeCodes).toEqual([])
  })

  it('[ABUSE-2] a presence state over the limit closes only that connection with 4413; ordinary carets pass', async () => {
    const server = await start()
    const { roundTrip } = await canary(server, await server.createDocument('Canario'), track)
    const draft = await server.createDocument('Presencia')
    const observer = track(connectClient(server, draft))
    await observer.waitSynced()
    const socket = await rawSocket(server, draft)
    const awareness = (clock: number, state: unknown): Uint8Array => {
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, 777)
      encoding.writeVarUint(inner, clock)
      encoding.writeVarString(inner, JSON.stringify(state))
      return encodeAwarenessMessage(encoding.toUint8Array(inner))
    }
    socket.send(awareness(1, { cursor: { anchor: 12, head: 15 } }))
    await waitFor(() => observer.provider.awareness.getStates().has(777), 'an ordinary caret to reach the others')
    const closed = nextEvent<number>(socket, 'close')
    socket.send(awareness(2, { cursor: 'x'.repeat(100_000) }))
    expect(await closed).toBe(CloseCode.presenceTooLarge)
    await roundTrip('canary after an oversized presence')
    // The oversized state reached nobody; the connection's presence was removed when it closed.
    await waitFor(() => !observer.provider.awareness.getStates().has(777), 'the closed connection’s caret to go')
  })

  it('[ABUSE-3] a person past the connections limit has the next websocket closed with 4430; one that closes makes room', async () => {
    const server = await start({ rateLimits: { ...defaultRateLimits(DEFAULT_MAX_FRAME_BYTES), maxConnectionsPerPerson: 4 } })
    // The canary's two clients are the same person's first two connections.
    const { roundTrip } = await canary(server, await server.createDocument('Canario'), track)
    const draft = await server.createDocument('Muchas pestañas')
    const third = await rawSocket(server, draft)
    await rawSocket(server, draft)
    const refused = new WebSocket(`${server.wsUrl}/collab/${draft}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: server.cookie } })
    keep(refused)
    refused.on('error', () => {})
    expect(await nextEvent<number>(refused, 'close')).toBe(CloseCode.tooManyConnections)
    await roundTrip('canary at the limit')
    third.close()
    await nextEvent(third, 'close')
    await waitFor(async () => {
      const retry = new WebSocket(`${server.wsUrl}/collab/${draft}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: server.cookie } })
      keep(retry)
      retry.on('error', () => {})
      return new Promise<boolean>((resolve) => {
        retry.once('message', () => resolve(true))
        retry.once('close', () => resolve(false))
      })
    }, 'a new connection to be admitted once one closed')
  })
})

/**
 * What one integration test opens — its server, its y-websocket clients, its raw websockets —
 * closed after each test by one `afterEach`, so test files declare none of that bookkeeping;
 * and the small readers those tests share (the people a draft is shared with, the
 * permission-denied reasons a client receives, what a server logs).
 */
import { afterEach } from 'vitest'
import type WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageType } from '@consenso/protocol'
import { connectClient, type ClientOptions, type TestClient } from './clients.ts'
import { startServer, type TestServer } from './server.ts'
import { invite, type TestSession } from './session.ts'

export interface PerTest {
  /** The server `start` opened in the current test. */
  readonly server: TestServer
  start(options?: Parameters<typeof startServer>[0]): Promise<TestServer>
  /** Closes `client` after the test. */
  track<T extends TestClient>(client: T): T
  /** Terminates `socket` after the test. */
  socket<T extends WebSocket>(socket: T): T
  /** A client of `documentId` on the test's server, signed in as `session`, closed after the test. */
  connect(session: TestSession, documentId: string, options?: ClientOptions): TestClient
}

/** Registers the `afterEach` that closes what the test opened through the returned handle. */
export function perTest(): PerTest {
  let current: TestServer | undefined
  const clients: TestClient[] = []
  const sockets: WebSocket[] = []
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate()
    for (const c of clients.splice(0)) c.destroy()
    await current?.close()
    current = undefined
  })
  const scope: PerTest = {
    get server() {
      if (!current) throw new Error('no server started in this test')
      return current
    },
    async start(options) {
      current = await startServer(options)
      return current
    },
    track(client) {
      clients.push(client)
      return client
    },
    socket(socket) {
      sockets.push(socket)
      return socket
    },
    connect(session, documentId, options) {
      return scope.track(connectClient({ wsUrl: scope.server.wsUrl, cookie: session.cookie }, documentId, options))
    },
  }
  return scope
}

export interface Person {
  email: string
  name: string
  delegation: string
  admin?: boolean
}

/** Invites and signs in everyone in `people` on `server` (as its administrator), keyed as given. */
export async function invitePeople<K extends string>(server: TestServer, people: Record<K, Person>): Promise<Record<K, TestSession>> {
  const keys = Object.keys(people) as K[]
  const sessions = await Promise.all(keys.map((key) => invite(server.url, server.session, people[key])))
  return Object.fromEntries(keys.map((key, i) => [key, sessions[i]!])) as Record<K, TestSession>
}

/** Records the permission-denied reasons `client` receives from now on (TRUST-*). */
export function denials(client: TestClient): string[] {
  const reasons: string[] = []
  client.provider.messageHandlers[MessageType.auth] = (_encoder, decoder: decoding.Decoder) => {
    decoding.readVarUint(decoder)
    reasons.push(decoding.readVarString(decoder))
  }
  return reasons
}

/** A sync frame written by hand: any step (even one the protocol has not), any payload. */
export function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** A pino logger option that keeps every line the server logs at `level` or above in `lines`. */
export function loggedLines(level = 'warn'): { lines: string[]; logger: { level: string; stream: { write(line: string): void } } } {
  const lines: string[] = []
  return { lines, logger: { level, stream: { write: (line: string) => void lines.push(line) } } }
}

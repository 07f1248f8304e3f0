/**
 * Stock y-websocket clients in Node, as a Consenso browser would connect: they announce the
 * protocol version and record the `saved` acknowledgements they receive.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import type * as decoding from 'lib0/decoding'
import { isUpdateFrame, MessageType, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, readSaved } from '@consenso/protocol'
import { BODY_FIELD, plainText, yDocToJSON } from '@consenso/schema'
import { waitFor } from './wait.ts'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** State vector of everything the server said is committed. */
  saved: Map<number, number>
  /** Update frames sent on the current connection, and how many the server said are committed. */
  framesSent: number
  savedFrames: number
  /** Close codes this client's sockets were closed with, in order. */
  closeCodes: number[]
  /** Appends a paragraph holding `text` to the body. */
  addParagraph(text: string): void
  paragraphs(): string[]
  /** True when every change this client made has been acknowledged as saved. */
  allSaved(): boolean
  waitSynced(timeoutMs?: number): Promise<void>
  waitSaved(timeoutMs?: number): Promise<void>
  destroy(): void
}

export interface ClientOptions {
  /** Announce Consenso's protocol (default true); false behaves as a stock client. */
  consenso?: boolean
  channel?: 'body' | 'meta'
  connect?: boolean
  doc?: Y.Doc
}

// Every y-websocket provider registers a process 'exit' listener; tests open dozens.
process.setMaxListeners(500)

/** Where to connect and as whom: a test server, or any `{wsUrl, cookie}`. */
export interface Endpoint {
  wsUrl: string
  cookie: string
}

/** The `ws` WebSocket, sending the session cookie as a browser would. */
export function cookieWebSocket(cookie: string): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } })
    }
  }
}

export function connectClient({ wsUrl, cookie }: Endpoint, documentId: string, options: ClientOptions = {}): TestClient {
  const doc = options.doc ?? new Y.Doc()
  const room = options.channel === 'meta' ? `${documentId}/meta` : documentId
  const provider = new WebsocketProvider(`${wsUrl}/collab`, room, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    params: options.consenso === false ? {} : { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) },
    connect: options.connect ?? true,
    // Providers in one process would otherwise sync through BroadcastChannel, bypassing the server.
    disableBc: true,
    maxBackoffTime: 200,
  })
  const client: TestClient = {
    doc,
    provider,
    saved: new Map(),
    framesSent: 0,
    savedFrames: 0,
    closeCodes: [],
    addParagraph(text) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      doc.getXmlFragment(BODY_FIELD).push([paragraph])
    },
    paragraphs() {
      return plainText(yDocToJSON(doc)).split('\n').filter(Boolean)
    },
    allSaved() {
      return (client.saved.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID)
    },
    waitSynced(timeoutMs = 10_000) {
      return waitFor(() => provider.synced, `client of ${room} to sync`, { timeoutMs })
    },
    waitSaved(timeoutMs = 10_000) {
      return waitFor(() => client.allSaved(), `client of ${room} to be told its changes are saved`, {
        timeoutMs,
        describe: () => ({ own: Y.getState(doc.store, doc.clientID), saved: client.saved.get(doc.clientID) }),
      })
    },
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
  provider.messageHandlers[MessageType.saved] = (_encoder, decoder: decoding.Decoder) => {
    const saved = readSaved(decoder)
    client.saved = Y.decodeStateVector(saved.stateVector)
    client.savedFrames = saved.frames
  }
  // Count update frames per connection, as the browser client does to match acknowledgements.
  provider.on('status', ({ status }) => {
    const ws = provider.ws
    if (status !== 'connected' || !ws) return
    client.framesSent = 0
    client.savedFrames = 0
    const send = ws.send.bind(ws)
    ws.send = (data: Parameters<typeof ws.send>[0]) => {
      if (data instanceof Uint8Array && isUpdateFrame(data)) client.framesSent += 1
      send(data)
    }
  })
  provider.on('connection-close', (event) => {
    if (event) client.closeCodes.push(event.code)
  })
  return client
}

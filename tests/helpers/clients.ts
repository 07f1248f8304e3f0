/**
 * Stock y-websocket clients in Node, as a Consenso browser would connect: they announce the
 * protocol version and record the `saved` acknowledgements they receive, matching them to
 * their changes with the browser's own SaveTracker (@consenso/protocol).
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import type * as decoding from 'lib0/decoding'
import { MessageType, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, readRefused, readSaved, SaveTracker } from '@consenso/protocol'
import { BODY_FIELD, plainText, yDocToJSON, type PARAGRAPH_KINDS } from '@consenso/schema'
import { waitFor } from './wait.ts'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** State vector of everything the server said is committed. */
  saved: Map<number, number>
  /** Update frames sent on the current connection, and how many the server said are committed. */
  readonly framesSent: number
  savedFrames: number
  /** The changes made here that the server has not confirmed (frame counting, as the browser does). */
  tracker: SaveTracker
  /** Close codes this client's sockets were closed with, in order. */
  closeCodes: number[]
  /** Reasons of the server's `refused` messages (content refused for good, SYNC-19), in order. */
  refusals: string[]
  /** How many `details` notices (role or title changed: ask the API again) the server sent. */
  detailsNotices: number
  /** Appends a paragraph holding `text` to the body. */
  addParagraph(text: string): void
  paragraphs(): string[]
  /**
   * True when every change made here (deletions included) has been acknowledged as saved.
   * With a `doc` passed in, everything it held at the start counts as a change to confirm.
   */
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
  // A document passed in may hold changes an earlier connection never had confirmed: the
  // first sync step 2 carries all of it, and its acknowledgement confirms it.
  const held = Y.getState(doc.store, doc.clientID)
  const tracker = new SaveTracker(options.doc && (held > 0 || doc.store.clients.size > 0) ? [[doc.clientID, held]] : [])
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return
    const ws = provider.ws
    tracker.changed(doc.clientID, Y.getState(doc.store, doc.clientID), provider.wsconnected && ws !== null && ws.readyState === ws.OPEN)
  })
  const client: TestClient = {
    doc,
    provider,
    saved: new Map(),
    get framesSent() {
      return tracker.framesSent
    },
    savedFrames: 0,
    tracker,
    closeCodes: [],
    refusals: [],
    detailsNotices: 0,
    addParagraph(text) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      doc.getXmlFragment(BODY_FIELD).push([paragraph])
    },
    paragraphs() {
      return plainText(yDocToJSON(doc)).split('\n').filter(Boolean)
    },
    allSaved() {
      return tracker.count === 0
    },
    waitSynced(timeoutMs = 10_000) {
      return waitFor(() => provider.synced, `client of ${room} to sync`, { timeoutMs })
    },
    waitSaved(timeoutMs = 10_000) {
      return waitFor(() => client.allSaved(), `client of ${room} to be told its changes are saved`, {
        timeoutMs,
        describe: () => ({ unsaved: tracker.count, framesSent: tracker.framesSent, savedFrames: client.savedFrames }),
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
    tracker.saved(saved.frames)
  }
  // A test client keeps its copy after a refusal (what a stock client does); the reason is kept.
  provider.messageHandlers[MessageType.refused] = (_encoder, decoder: decoding.Decoder) => void client.refusals.push(readRefused(decoder))
  provider.messageHandlers[MessageType.details] = () => void client.detailsNotices++
  // Count update frames per connection, as the browser client does to match acknowledgements.
  provider.on('status', ({ status }) => {
    const ws = provider.ws
    if (status !== 'connected' || !ws) return
    tracker.connectionOpened()
    client.savedFrames = 0
    const send = ws.send.bind(ws)
    ws.send = (data: Parameters<typeof ws.send>[0]) => {
      if (data instanceof Uint8Array) tracker.frameSent(data)
      send(data)
    }
  })
  provider.on('connection-close', (event) => {
    if (event) client.closeCodes.push(event.code)
  })
  return client
}

export interface NewParagraph {
  id: string
  kind: (typeof PARAGRAPH_KINDS)[number]
  text: string
}

/**
 * Appends paragraphs to a draft's body in one edit, as another person's editor would have
 * written them, and waits until the server has stored them.
 */
export async function appendParagraphs(endpoint: Endpoint, documentId: string, paragraphs: readonly NewParagraph[]): Promise<void> {
  const client = connectClient(endpoint, documentId)
  try {
    await client.waitSynced()
    const elements = paragraphs.map((paragraph) => {
      const element = new Y.XmlElement('paragraph')
      element.setAttribute('id', paragraph.id)
      element.setAttribute('kind', paragraph.kind)
      element.insert(0, [new Y.XmlText(paragraph.text)])
      return element
    })
    client.doc.getXmlFragment(BODY_FIELD).push(elements)
    await client.waitSaved()
  } finally {
    client.destroy()
  }
}

export const appendParagraph = (endpoint: Endpoint, documentId: string, paragraph: NewParagraph): Promise<void> => appendParagraphs(endpoint, documentId, [paragraph])

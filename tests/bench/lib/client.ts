/**
 * One benchmark client: a raw `ws` socket speaking the server's own sync protocol, with an
 * optional Y.Doc. The same code drives all three servers so that client-side cost is equal
 * and the numbers measure the servers:
 * - y-websocket framing (Consenso and @y/websocket-server): y-protocols sync and awareness
 *   messages as they are; Consenso clients add `?protocol=1` and the session cookie, and may
 *   receive `saved` acknowledgements;
 * - Hocuspocus framing: every message starts with the document name, the first one must be
 *   an authentication message, and a sync step 1 is answered with a `SyncReply`.
 * Observers that only measure delivery keep no Y.Doc: they find the send stamps written into
 * the text (`@@<id>;`) in the update bytes, so 300 of them cost the bench little.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { MessageType, readSaved, SyncStep } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'

export type Framing = 'y-websocket' | 'hocuspocus'

/** Where a client connects: a URL, headers, and how its messages are framed. */
export interface Target {
  url: string
  headers: Record<string, string>
  framing: Framing
  documentName: string
}

export interface ClientOptions {
  /** Keep a Y.Doc of the document (writers, and observers that check content). */
  track: boolean
  /** Called with the stamp ids found in each incoming document update, and when it arrived. */
  onStamps?: (ids: number[], arrivedAt: number) => void
  /** Called after each incoming update was applied to the tracked document. */
  onUpdate?: () => void
  /**
   * Keep the document for the client's own typing but do not apply others' updates to it
   * (the capacity scenario's typists: each writes its own paragraph, and a thousand Y.Docs
   * integrating each other's keystrokes would load the bench more than the server).
   */
  ownOnly?: boolean
  /** Consenso's `saved` acknowledgements: how many update frames of this connection are committed. */
  onSaved?: (frames: number, arrivedAt: number) => void
}

// The y-websocket message and sync step numbers come from @consenso/protocol; only
// Hocuspocus's own message types (its protocol, not ours) are written here.
const SYNC = MessageType.sync
const AWARENESS = MessageType.awareness
/** Hocuspocus's Auth message (its own format, which the server expects before syncing). */
const HOCUSPOCUS_AUTH = 2
/** Hocuspocus's SyncReply: a step 2 that ends the exchange. */
const HOCUSPOCUS_SYNC_REPLY = 4
const { step1: STEP1, step2: STEP2, update: UPDATE } = SyncStep
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())
const AT = 0x40
const SEMICOLON = 0x3b

/** The ids of `@@<id>;` stamps in an update's bytes (strings are stored as UTF-8). */
export function findStamps(bytes: Uint8Array): number[] {
  const ids: number[] = []
  for (let i = 0; i < bytes.length - 2; i++) {
    if (bytes[i] !== AT || bytes[i + 1] !== AT) continue
    let id = 0
    let j = i + 2
    let digits = 0
    for (; j < bytes.length; j++) {
      const byte = bytes[j]!
      if (byte < 0x30 || byte > 0x39) break
      id = id * 10 + (byte - 0x30)
      digits++
    }
    if (digits > 0 && bytes[j] === SEMICOLON) {
      ids.push(id)
      i = j
    }
  }
  return ids
}

export const stamp = (id: number): string => `@@${id};`

export class BenchClient {
  readonly doc: Y.Doc | null
  readonly target: Target
  synced = false
  closed = false
  /** Update frames sent on this connection (Consenso acknowledges by this count). */
  framesSent = 0
  /** When each update frame was sent: index k holds frame k + 1. */
  readonly frameSentAt: number[] = []
  /** While set, local changes are collected in `held` instead of sent (to encode ahead of a run). */
  holding = false
  readonly held: Uint8Array[] = []
  /** Consenso: frames of this connection acknowledged as committed, and when the last acknowledgement came. */
  savedFrames = 0
  savedAt = 0
  /** Messages and bytes received, to compare how chatty each server is. */
  messagesIn = 0
  bytesIn = 0
  #ws: WebSocket
  #options: ClientOptions
  #opened: Promise<void>

  constructor(target: Target, options: ClientOptions) {
    this.target = target
    this.#options = options
    this.doc = options.track ? new Y.Doc() : null
    this.#ws = new WebSocket(target.url, { headers: target.headers, perMessageDeflate: false })
    this.#ws.binaryType = 'nodebuffer'
    this.#opened = new Promise((resolve, reject) => {
      this.#ws.once('open', () => resolve())
      this.#ws.once('error', reject)
      this.#ws.once('close', (code, reason) => reject(new Error(`closed before opening: ${code} ${reason.toString()}`)))
    })
    this.#ws.on('message', (data: Buffer) => this.#receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)))
    this.#ws.on('close', () => {
      this.closed = true
    })
    // Errors after opening show up as a close; the scenario's bounded waits report them.
    this.#ws.on('error', () => {})
    if (this.doc) {
      this.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === this) return
        if (this.holding) this.held.push(update)
        else this.sendUpdate(update)
      })
    }
  }

  /** Opens the socket and starts the sync handshake; resolves once the socket is open. */
  async start(): Promise<void> {
    await this.#opened
    if (this.target.framing === 'hocuspocus') this.#send(HOCUSPOCUS_AUTH, (e) => {
      encoding.writeVarUint(e, 0)
      encoding.writeVarString(e, '')
    })
    const stateVector = this.doc ? Y.encodeStateVector(this.doc) : new Uint8Array([0])
    this.#send(SYNC, (e) => {
      encoding.writeVarUint(e, STEP1)
      encoding.writeVarUint8Array(e, stateVector)
    })
  }

  /** Sends a Yjs update as a sync update message, as a provider does for a local change. */
  sendUpdate(update: Uint8Array): void {
    this.#countFrame()
    this.#send(SYNC, (e) => {
      encoding.writeVarUint(e, UPDATE)
      encoding.writeVarUint8Array(e, update)
    })
  }

  /** This client's awareness id and clock, for `sendAwareness`. */
  readonly awarenessId = Math.floor(Math.random() * 2 ** 31)
  #awarenessClock = 0

  /** Sends an awareness update for this client (as a provider does when the caret moves). */
  sendAwareness(state: unknown): void {
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, 1)
    encoding.writeVarUint(inner, this.awarenessId)
    encoding.writeVarUint(inner, ++this.#awarenessClock)
    encoding.writeVarString(inner, JSON.stringify(state))
    const update = encoding.toUint8Array(inner)
    this.#send(AWARENESS, (e) => encoding.writeVarUint8Array(e, update))
  }

  /** Sends an already framed message (pre-encoded with `encodeUpdateFrame`). */
  sendFrame(frame: Uint8Array): void {
    this.#countFrame()
    this.#ws.send(frame)
  }

  /** A sync update message for this client's framing, to encode ahead of a timed run. */
  encodeUpdateFrame(update: Uint8Array): Uint8Array {
    return this.#frame(SYNC, (e) => {
      encoding.writeVarUint(e, UPDATE)
      encoding.writeVarUint8Array(e, update)
    })
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount
  }

  close(): void {
    this.closed = true
    this.#ws.close()
    this.doc?.destroy()
  }

  /** Resolves once the socket is fully closed (or after `timeoutMs`). */
  closeAndWait(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve) => {
      if (this.#ws.readyState === WebSocket.CLOSED) return resolve()
      const timer = setTimeout(() => {
        this.#ws.terminate()
        resolve()
      }, timeoutMs)
      this.#ws.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      this.close()
    })
  }

  #countFrame(): void {
    this.framesSent += 1
    this.frameSentAt.push(performance.now())
  }

  #frame(type: number, body: (encoder: encoding.Encoder) => void): Uint8Array {
    const encoder = encoding.createEncoder()
    if (this.target.framing === 'hocuspocus') encoding.writeVarString(encoder, this.target.documentName)
    encoding.writeVarUint(encoder, type)
    body(encoder)
    return encoding.toUint8Array(encoder)
  }

  #send(type: number, body: (encoder: encoding.Encoder) => void): void {
    if (this.#ws.readyState !== WebSocket.OPEN) return
    this.#ws.send(this.#frame(type, body))
  }

  #receive(data: Uint8Array): void {
    const arrivedAt = performance.now()
    this.messagesIn += 1
    this.bytesIn += data.byteLength
    const decoder = decoding.createDecoder(data)
    if (this.target.framing === 'hocuspocus') decoding.readVarString(decoder)
    const type = decoding.readVarUint(decoder)
    if (type === SYNC || (type === HOCUSPOCUS_SYNC_REPLY && this.target.framing === 'hocuspocus')) {
      const step = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (step === STEP1) {
        const reply = this.doc ? Y.encodeStateAsUpdate(this.doc, payload) : EMPTY_UPDATE
        // Consenso counts a step 2 as an update frame when it acknowledges.
        this.#countFrame()
        // Hocuspocus answers a plain Sync step 2 with another step 1; SyncReply ends the exchange.
        this.#send(this.target.framing === 'hocuspocus' ? HOCUSPOCUS_SYNC_REPLY : SYNC, (e) => {
          encoding.writeVarUint(e, STEP2)
          encoding.writeVarUint8Array(e, reply)
        })
        return
      }
      if (this.doc && (step === STEP2 || !this.#options.ownOnly)) Y.applyUpdate(this.doc, payload, this)
      if (step === STEP2) this.synced = true
      else if (step === UPDATE && this.#options.onStamps) {
        const ids = findStamps(payload)
        if (ids.length > 0) this.#options.onStamps(ids, arrivedAt)
      }
      this.#options.onUpdate?.()
      return
    }
    if (type === MessageType.saved && this.target.framing === 'y-websocket') {
      const { frames } = readSaved(decoder)
      if (frames > this.savedFrames) {
        this.savedFrames = frames
        this.savedAt = arrivedAt
      }
      this.#options.onSaved?.(frames, arrivedAt)
    }
  }
}

/**
 * Appends an empty paragraph to the editor's body fragment (the only root Consenso accepts,
 * holding only elements and text; the peers get the same shape) and returns its text node.
 */
export function appendParagraph(doc: Y.Doc): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  doc.getXmlFragment(BODY_FIELD).push([paragraph])
  return text
}

/** Plain text of an XmlText (the bench never formats). */
export function textOf(text: Y.XmlText): string {
  let out = ''
  for (const op of text.toDelta() as { insert?: unknown }[]) if (typeof op.insert === 'string') out += op.insert
  return out
}

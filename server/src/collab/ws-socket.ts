/**
 * The `ws` adapter of the CollabSocket seam, and every touch of `ws`'s or Node's internals the
 * server makes: nothing else in the server reads a private field of either.
 *
 * Framing once (PERF-4). `ws` frames each message anew for each socket it is sent on: an
 * options object, a header buffer, a copy of the payload's view, and a corked two-part write.
 * A broadcast to 300 clients did that 300 times; here the websocket frame is built once, as one
 * buffer, and each socket gets a plain write of it. Measured with the fan-out bench at 300
 * clients, that is 10–15 µs of server CPU per delivery against 16–22 µs through `ws.send`.
 *
 * The frame goes straight to the TCP socket under `ws`. That is safe only while `ws` itself
 * has nothing queued for that socket (it queues only while compressing or reading a Blob,
 * neither of which this server does: no permessage-deflate, only byte arrays) and the socket
 * is open; otherwise the message takes the ordinary `ws` path, which keeps the order
 * (tests/unit/ws-socket.test.ts interleaves both). It relies on `ws`'s private `_socket`,
 * `_sender` (`_state`, `_queue`) and the undeclared static `Sender.frame`, so `ws` is pinned
 * to one exact version in the catalog (pnpm-workspace.yaml).
 *
 * A reader's frame cap (ABUSE-7) sets the private `_maxPayload` of the socket's `ws` Receiver,
 * which checks it against each frame's header, before any of the payload is buffered.
 */
import * as wsLibrary from 'ws'
import { WebSocket } from 'ws'
import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { CollabSocket, PreparedMessage } from './socket.ts'

/** The parts of `ws` this relies on that its types do not describe (ws 8). */
interface FrameBuilder {
  frame(data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[]
}
interface WebSocketInternals {
  _socket?: Socket | null
  _sender?: { _state: number; _queue: unknown[] } | null
  /** ws's Receiver compares each frame header's length with `_maxPayload` (0: no limit). */
  _receiver?: { _maxPayload: number } | null
}

/** `ws` exports its Sender (with the static `frame`) but its type declarations do not. */
const Sender = (wsLibrary as unknown as { Sender: FrameBuilder }).Sender
const BINARY = 2
/** `ws` Sender's idle state: nothing being compressed or read, nothing queued. */
const SENDER_IDLE = 0

/** The whole websocket frame of `message` (unmasked, as a server sends), built on first use. */
export function wsFrame(message: PreparedMessage): Buffer {
  if (message.framed) return message.framed as Buffer
  const payload = message.payload
  const data = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  const parts = Sender.frame(data, { fin: true, rsv1: false, opcode: BINARY, mask: false, readOnly: true })
  const frame = parts.length === 1 ? parts[0]! : Buffer.concat(parts)
  message.framed = frame
  return frame
}

export class WsCollabSocket implements CollabSocket {
  readonly #socket: WebSocket

  readonly #serverMaxPayload: number

  constructor(socket: WebSocket) {
    this.#socket = socket
    this.#serverMaxPayload = (socket as unknown as WebSocketInternals)._receiver?._maxPayload ?? 0
  }

  limitIncoming(maxBytes: number | null): void {
    const receiver = (this.#socket as unknown as WebSocketInternals)._receiver
    if (!receiver) return
    // Never above what the server's WebSocketServer allows everyone.
    const limit = maxBytes === null ? this.#serverMaxPayload : this.#serverMaxPayload > 0 ? Math.min(maxBytes, this.#serverMaxPayload) : maxBytes
    receiver._maxPayload = limit
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN
  }

  get bufferedAmount(): number {
    // ws counts the TCP socket's own buffer too, so frames written past ws are included.
    return this.#socket.bufferedAmount
  }

  send(message: PreparedMessage, onError: (error: Error) => void): void {
    const socket = this.#socket
    if (socket.readyState !== WebSocket.OPEN) return
    const internals = socket as unknown as WebSocketInternals
    const raw = internals._socket
    const sender = internals._sender
    if (raw && sender && sender._state === SENDER_IDLE && sender._queue.length === 0 && raw.writable) {
      // A failed write also surfaces as the socket's error and close, which ws handles.
      raw.write(wsFrame(message))
      return
    }
    socket.send(message.payload, { binary: true }, (error) => {
      if (error) onError(error)
    })
  }

  close(code: number, reason: string): void {
    // Close reasons are limited to 123 bytes by the websocket protocol.
    this.#socket.close(code, Buffer.from(reason).subarray(0, 123).toString())
  }

  ping(): void {
    // ws throws when the socket is not open; a closing socket needs no ping.
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.ping()
  }

  terminate(): void {
    this.#socket.terminate()
  }

  afterFlush(callback: () => void): void {
    const raw = (this.#socket as unknown as WebSocketInternals)._socket
    if (raw?.writableNeedDrain) raw.once('drain', callback)
    else setImmediate(callback)
  }
}

/** The TCP socket's reference to the HTTP response of its upgrade request, which Node keeps private. */
type UpgradedSocket = Duplex & { _httpMessage?: ServerResponse | null }

/**
 * Lets the response of an upgrade request go: the TCP socket keeps pointing at it (and so at
 * every header set on it) for as long as the websocket lives (MEM-1).
 */
export function detachUpgradeResponse(tcp: Duplex | undefined): void {
  const response = (tcp as UpgradedSocket | undefined)?._httpMessage
  if (tcp && response) response.detachSocket(tcp as Socket)
}

/** The HTTP response already attached to an upgrade's socket (an error the router wrote), if any. */
export function upgradeResponse(tcp: Duplex): ServerResponse | null {
  return (tcp as UpgradedSocket)._httpMessage ?? null
}

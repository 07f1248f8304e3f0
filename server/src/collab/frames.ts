/**
 * A message framed once for every client it goes to (PERF-4). `ws` frames each message anew
 * for each socket it is sent on: an options object, a header buffer, a copy of the payload's
 * view, and a corked two-part write. A broadcast to 300 clients did that 300 times; here the
 * websocket frame is built once, as one buffer, and each socket gets a plain write of it.
 *
 * The frame goes straight to the TCP socket under `ws`. That is safe only while `ws` itself
 * has nothing queued for that socket (it queues only while compressing or reading a Blob,
 * neither of which this server does: no permessage-deflate, only byte arrays) and the socket
 * is open; otherwise the message takes the ordinary `ws` path, which keeps the order.
 */
import * as wsLibrary from 'ws'
import { WebSocket } from 'ws'
import type { Socket } from 'node:net'

/** The parts of `ws` this relies on that its types do not describe (ws 8). */
interface FrameBuilder {
  frame(data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[]
}
interface WebSocketInternals {
  _socket?: Socket | null
  _sender?: { _state: number; _queue: unknown[] } | null
}

/** `ws` exports its Sender (with the static `frame`) but its type declarations do not. */
const Sender = (wsLibrary as unknown as { Sender: FrameBuilder }).Sender
const BINARY = 2
/** `ws` Sender's idle state: nothing being compressed or read, nothing queued. */
const SENDER_IDLE = 0

export class PreparedMessage {
  readonly payload: Uint8Array
  #frame: Buffer | null = null

  constructor(payload: Uint8Array) {
    this.payload = payload
  }

  /** The whole websocket frame (unmasked, as a server sends), built on first use. */
  get frame(): Buffer {
    if (this.#frame) return this.#frame
    const data = Buffer.from(this.payload.buffer, this.payload.byteOffset, this.payload.byteLength)
    const parts = Sender.frame(data, { fin: true, rsv1: false, opcode: BINARY, mask: false, readOnly: true })
    this.#frame = parts.length === 1 ? parts[0]! : Buffer.concat(parts)
    return this.#frame
  }
}

/**
 * Sends `message` on `socket`, written as one prepared frame when `ws` has nothing of its own
 * pending for it. Returns false when the socket is not open (nothing is sent).
 */
export function sendPrepared(socket: WebSocket, message: PreparedMessage, onError: (error: Error) => void): boolean {
  if (socket.readyState !== WebSocket.OPEN) return false
  const internals = socket as unknown as WebSocketInternals
  const raw = internals._socket
  const sender = internals._sender
  if (raw && sender && sender._state === SENDER_IDLE && sender._queue.length === 0 && raw.writable) {
    // A failed write also surfaces as the socket's error and close, which ws handles.
    raw.write(message.frame)
    return true
  }
  socket.send(message.payload, { binary: true }, (error) => {
    if (error) onError(error)
  })
  return true
}

/**
 * Calls `callback` once what was written to `socket` so far has left for the kernel (at once,
 * on the next turn, when nothing waits). Never called if the socket closes first.
 */
export function afterFlush(socket: WebSocket, callback: () => void): void {
  const raw = (socket as unknown as WebSocketInternals)._socket
  if (raw?.writableNeedDrain) raw.once('drain', callback)
  else setImmediate(callback)
}

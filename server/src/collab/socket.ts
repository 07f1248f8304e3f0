/**
 * The seam under the sync core: what a `Connection` needs from its transport, and nothing
 * more. The server's websockets implement it in ws-socket.ts (the only file that knows `ws`
 * and its internals); the in-memory harness of the tests (tests/helpers/sync-harness.ts)
 * implements it with socket pairs it flushes by hand.
 */

/**
 * A message built once for every client it goes to (PERF-4). A transport may keep its own
 * encoding of it (the websocket adapter: the whole frame) in `framed`, built by the first
 * socket that sends it and reused by every other.
 */
export class PreparedMessage {
  readonly payload: Uint8Array
  /** The transport's encoding of `payload`, cached by the first socket that sends it. */
  framed: Uint8Array | null = null

  constructor(payload: Uint8Array) {
    this.payload = payload
  }
}

export interface CollabSocket {
  /** Open for sending: neither closing nor closed. */
  readonly open: boolean
  /** Bytes handed to the socket and not yet passed to the network. */
  readonly bufferedAmount: number
  /**
   * Queues a message, in order after everything sent before it. Sending on a socket that is
   * not open does nothing; a failed send calls `onError` (the socket then closes).
   */
  send(message: PreparedMessage, onError: (error: Error) => void): void
  /** Starts the closing handshake with a code and reason (at most 123 bytes). */
  close(code: number, reason: string): void
  /**
   * Calls `callback` once what was sent so far has left for the network: at once, on a later
   * turn, when nothing waits. Never called if the socket closes first.
   */
  afterFlush(callback: () => void): void
  /** Sends a websocket ping (KEEP-1); a live peer answers with a pong, which counts as heard. */
  ping(): void
  /** Drops the connection without a closing handshake: for a peer that answers nothing. */
  terminate(): void
  /**
   * Caps the size of each frame this peer may send from now on (null: the server's frame
   * limit), checked from the frame's header so a larger one is never buffered (ABUSE-7). A
   * transport without frames (the tests' in-memory pairs) need not offer it.
   */
  limitIncoming?(maxBytes: number | null): void
}

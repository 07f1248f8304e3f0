/**
 * One websocket client of one Yjs document (a draft's body or its review data). Wraps the
 * socket so the document logic never touches transport details, and holds what the server
 * knows about the client: what it may do, which awareness ids it controls, its rate budget.
 */
import type { FastifyBaseLogger } from 'fastify'
import { atLeast, CloseCode, type PresenceEntry, type Role } from '@consenso/protocol'
import { DEFAULT_MAX_STRUCTS_PER_UPDATE, DEFAULT_MAX_UNSENT_BYTES, RateBudget, READER_MAX_FRAME_BYTES, type RateLimits } from './rate-budget.ts'
import { PreparedMessage, type CollabSocket } from './socket.ts'
import type { Held } from './held-content.ts'
import type { Writer } from './update-validation.ts'

/** Who is behind a connection, from their session (never from what the client says). */
export interface ConnectionUser extends PresenceEntry {
  id: string
}

let nextConnectionId = 1

export interface ConnectionOptions {
  documentId: string
  channel: 'body' | 'meta'
  user: ConnectionUser
  sessionHash: string
  role: Role
  /** Did the client announce Consenso's protocol (and so understands `saved`)? */
  wantsSaved: boolean
  limits: RateLimits
  /**
   * The logger this connection's own logger derives from, with `conn`, `documentId`,
   * `channel`, `userId` (and `reqId`) bound to every line. The server's logger rather than
   * the request's: a connection must not keep its upgrade request alive.
   */
  log: FastifyBaseLogger
  /** The id of the upgrade request, logged as `reqId` as Fastify's request logger does. */
  requestId?: string
  /** Told the code of every close the server makes (refusals are counted in /metrics). */
  onClose?: (code: number) => void
}

export class Connection {
  readonly id = nextConnectionId++
  readonly documentId: string
  readonly channel: 'body' | 'meta'
  readonly user: ConnectionUser
  readonly sessionHash: string
  #role!: Role
  /** Re-evaluated whenever the draft's sharing changes; checked at every frame. */
  get role(): Role {
    return this.#role
  }
  set role(role: Role) {
    this.#role = role
    // A reader only ever sends small frames (its state vector, its presence): a larger one is
    // refused from its header, before the server holds any of it (ABUSE-7).
    this.#socket.limitIncoming?.(this.canWrite ? null : READER_MAX_FRAME_BYTES)
  }
  /** The owner requires suggestions (TRUST-5): kept current like `role`. */
  requireSuggesting = false
  /** Whether a refused write has already been audited (once per connection is enough). */
  deniedAudited = false
  readonly wantsSaved: boolean
  readonly budget: RateBudget
  /** Replies to the client's sync step 1 not yet passed to the network (ABUSE-5). */
  outstandingSyncReplies = 0
  /** Update-bearing frames received (sync step 2 and update), which `saved` counts. */
  updateFrames = 0
  /**
   * When anything last came from the client (a frame or a pong), in performance.now()
   * milliseconds; the keepalive sweep closes connections silent for too long (KEEP-1).
   */
  heardAt = performance.now()
  /** Frames whose content waits in Yjs for what it builds on; `saved` stops before them (SYNC-13). */
  held: Held | null = null
  readonly #socket: CollabSocket
  #closed = false
  // Allocated on first use (MEM-1): most connections never log, and many never announce
  // presence (the review-data channel, readers), yet each would cost hundreds of bytes.
  readonly #parentLog: FastifyBaseLogger
  readonly #requestId: string | undefined
  readonly #onClose: ((code: number) => void) | undefined
  #log: FastifyBaseLogger | null = null
  #awarenessClients: Set<number> | null = null

  constructor(socket: CollabSocket, options: ConnectionOptions) {
    this.#socket = socket
    this.documentId = options.documentId
    this.channel = options.channel
    this.user = options.user
    this.sessionHash = options.sessionHash
    this.role = options.role
    this.wantsSaved = options.wantsSaved
    this.budget = new RateBudget(options.limits)
    this.#parentLog = options.log
    this.#requestId = options.requestId
    this.#onClose = options.onClose
    this.#onSendError = () => this.close(CloseCode.internalError, 'send failed')
  }

  /** This connection's logger (created when first used). */
  get log(): FastifyBaseLogger {
    this.#log ??= this.#parentLog.child({
      ...(this.#requestId === undefined ? {} : { reqId: this.#requestId }),
      conn: this.id,
      documentId: this.documentId,
      channel: this.channel,
      userId: this.user.id,
    })
    return this.#log
  }

  /** Awareness client ids this connection has announced; removed when it leaves. */
  get awarenessClients(): Set<number> {
    this.#awarenessClients ??= new Set<number>()
    return this.#awarenessClients
  }

  /** May this client change the body over the websocket (if only by suggesting), right now? */
  get canWrite(): boolean {
    return this.channel === 'body' && atLeast(this.role, 'proposer')
  }

  /** May this client only suggest (TRUST-4, TRUST-5)? Proposers, and editors while the owner requires suggestions. */
  get suggestOnly(): boolean {
    return this.role === 'proposer' || (this.role === 'editor' && this.requireSuggesting)
  }

  /** Who writes through this connection, from its session, as the body's checks need it. */
  writer(): Writer {
    const { id, name, delegation } = this.user
    return {
      userId: id,
      name,
      delegation,
      suggestOnly: this.suggestOnly,
      now: Date.now(),
      maxStructs: this.budget.limits.maxStructsPerUpdate ?? DEFAULT_MAX_STRUCTS_PER_UPDATE,
    }
  }

  get closed(): boolean {
    return this.#closed || !this.#socket.open
  }

  /** Sends one message; a broadcast passes one PreparedMessage to every connection (PERF-4). */
  send(message: Uint8Array | PreparedMessage): void {
    if (this.closed) return
    // A client that stops reading would otherwise have everything for it kept in the
    // server's memory (each full-state reply a copy of the draft): stop writing, close (ABUSE-1).
    if (this.#socket.bufferedAmount > (this.budget.limits.maxUnsentBytes ?? DEFAULT_MAX_UNSENT_BYTES)) {
      this.log.warn({ code: CloseCode.notReading, unsent: this.#socket.bufferedAmount }, 'closing collaboration connection: the client is not reading')
      this.close(CloseCode.notReading, 'not reading; reconnect')
      return
    }
    this.#socket.send(message instanceof PreparedMessage ? message : new PreparedMessage(message), this.#onSendError)
  }

  // Assigned in the constructor rather than as a field initialiser: tsx (esbuild keepNames)
  // names an arrow-function field with Object.defineProperty, which gives every instance's
  // function its own property dictionary, some 256 bytes per connection (MEM-1).
  readonly #onSendError: () => void

  /** Runs `callback` once everything sent so far has left for the network (PERF-2). */
  afterFlush(callback: () => void): void {
    if (!this.closed) this.#socket.afterFlush(callback)
  }

  /** Pings the client (KEEP-1). */
  ping(): void {
    if (!this.closed) this.#socket.ping()
  }

  /**
   * Closes a client that answers nothing (KEEP-1): the close frame goes out for a peer that
   * still reads, and the TCP connection is dropped a moment later whatever the peer does,
   * since a dead peer would never complete the closing handshake.
   */
  closeSilent(reason: string, graceMs: number): void {
    this.close(CloseCode.idleTimeout, reason)
    setTimeout(() => this.#socket.terminate(), graceMs).unref()
  }

  close(code: number, reason: string): void {
    if (this.#closed) return
    this.#closed = true
    this.#onClose?.(code)
    // Close reasons are limited to 123 bytes by the websocket protocol.
    this.#socket.close(code, Buffer.from(reason).subarray(0, 123).toString())
  }
}

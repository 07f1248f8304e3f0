/**
 * The sync core in memory: the real DocumentRegistry, LiveDocument and Connection, on the
 * real MemoryStorage, with everything around them made controllable.
 *
 * - Sockets are pairs of queues (`Pipe`) that a test delivers by hand, one frame at a time,
 *   in each direction; the server end implements the CollabSocket seam.
 * - Storage (`HeldStorage`) is the real MemoryStorage whose commits wait until the test lands
 *   or fails them (or lands them on their own, with `autoLand`).
 * - Clients (`HarnessClient`) hold a Y.Doc across connections, as a browser with its
 *   IndexedDB copy does, speak the protocol with @consenso/protocol's encoders and count
 *   frames with its SaveTracker, as the browser does.
 * - An instance (`HarnessInstance`) is a registry on that storage; `crash()` drops it as a
 *   SIGKILL would: every commit in flight either reached storage or never did.
 *
 * What stands in for routes/collab.ts is only its frame dispatch (queue frames until the
 * draft is loaded, close on a ProtocolError). Used by tests/unit/sync-fuzz.test.ts.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type { FastifyBaseLogger } from 'fastify'
import { CloseCode, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, MessageType, readSaved, SaveTracker, SyncStep } from '@consenso/protocol'
import { Connection, DocumentRegistry, PreparedMessage, ProtocolError, type CollabSocket } from '@consenso/server/collab'
import { LocalFanout } from '@consenso/server/fanout'
import { MemoryStorage, type PendingWrite } from '@consenso/server/storage'

/** A commit the storage has been asked for and not yet answered. */
export interface Commit {
  writes: readonly PendingWrite[]
  at: Date
  instance: number
  resolve: () => void
  reject: (error: Error) => void
}

/** The real MemoryStorage, whose commits wait for the test to land or fail them. */
export class HeldStorage extends MemoryStorage {
  readonly commits: Commit[] = []
  /** Land every commit as it is asked for. */
  autoLand = false

  override appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    return this.appendFrom(0, writes, at)
  }

  /** A commit asked for by one instance (each sees the storage through its own `view`). */
  appendFrom(instance: number, writes: readonly PendingWrite[], at: Date): Promise<void> {
    if (this.autoLand) return super.appendUpdates(writes, at)
    return new Promise((resolve, reject) => this.commits.push({ writes, at, instance, resolve, reject }))
  }

  /**
   * The storage as one instance sees it: its commits are tagged with its id, and once it is
   * dead (`alive()` false) nothing it asks for happens or is ever answered, as after SIGKILL.
   */
  view(instance: number, alive: () => boolean): HeldStorage {
    return new Proxy(this, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver)
        if (typeof value !== 'function') return value
        if (property === 'appendUpdates') {
          return (writes: readonly PendingWrite[], at: Date) => (alive() ? target.appendFrom(instance, writes, at) : new Promise(() => {}))
        }
        const method = (value as (...args: unknown[]) => unknown).bind(target)
        return (...args: unknown[]) => (alive() ? method(...args) : new Promise(() => {}))
      },
    })
  }

  /** Writes a held commit to storage, then answers it. */
  async land(commit: Commit, answer = true): Promise<void> {
    this.#take(commit)
    await super.appendUpdates(commit.writes, commit.at)
    if (answer) commit.resolve()
  }

  /** Fails a held commit: nothing is written. */
  fail(commit: Commit): void {
    this.#take(commit)
    commit.reject(new Error('injected commit failure'))
  }

  /** Forgets a commit that never reached the disk (its process died). */
  drop(commit: Commit): void {
    this.#take(commit)
  }

  #take(commit: Commit): void {
    const index = this.commits.indexOf(commit)
    if (index < 0) throw new Error('not a held commit')
    this.commits.splice(index, 1)
  }

  /** The draft as stored now. */
  async stored(documentId: string): Promise<Y.Doc> {
    const { snapshot, updates } = await this.loadLog({ documentId, name: 'body' })
    const doc = new Y.Doc()
    for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, part)
    return doc
  }
}

/** One direction of a socket pair: frames waiting to be delivered, in order. */
class Queue {
  readonly frames: Uint8Array[] = []
  get bytes(): number {
    return this.frames.reduce((sum, frame) => sum + frame.byteLength, 0)
  }
}

/**
 * A socket pair. The server end is a CollabSocket; the client end is read by the harness
 * client. Closing either end drops what was still queued towards the closed side.
 */
export class Pipe implements CollabSocket {
  readonly toClient = new Queue()
  readonly toServer = new Queue()
  closed = false
  closeCode: number | null = null
  #flushCallbacks: (() => void)[] = []
  onServerClose: (() => void) | null = null
  /** The server's connection on this pipe (for a failing schedule's trace). */
  connection: Connection | null = null

  get open(): boolean {
    return !this.closed
  }
  get bufferedAmount(): number {
    return this.toClient.bytes
  }
  send(message: PreparedMessage): void {
    if (!this.closed) this.toClient.frames.push(message.payload)
  }
  close(code: number): void {
    this.#shut(code)
  }
  afterFlush(callback: () => void): void {
    if (!this.closed) this.#flushCallbacks.push(callback)
  }
  /** The harness has no keepalive sweep: its clients never fall silent. */
  ping(): void {}
  terminate(): void {
    this.#shut(1006)
  }

  /** The frames towards the client left (the harness delivered them): run what waited for that. */
  flushed(): void {
    if (this.toClient.frames.length > 0 || this.closed) return
    for (const callback of this.#flushCallbacks.splice(0)) callback()
  }

  get waitingForFlush(): boolean {
    return this.#flushCallbacks.length > 0
  }

  #shut(code: number): void {
    if (this.closed) return
    this.closed = true
    this.closeCode = code
    this.#flushCallbacks = []
    this.toServer.frames.length = 0
    this.onServerClose?.()
  }

  /** The client went away (or its network did). */
  hangUp(): void {
    this.#shut(1006)
  }
}

/** A logger that keeps error lines (a commit failure is logged as one) and drops the rest. */
export function quietLogger(errors: string[]): FastifyBaseLogger {
  const log = {
    level: 'silent',
    info() {},
    warn() {},
    debug() {},
    trace() {},
    fatal() {},
    silent() {},
    error(_object: unknown, message?: string) {
      errors.push(message ?? String(_object))
    },
    child: () => log,
  }
  return log as unknown as FastifyBaseLogger
}

const LIMITS = { messageBurst: 1e9, messagesPerSecond: 1e9, byteBurst: 1e12, bytesPerSecond: 1e12 }

/** One server instance: a registry on the shared storage. */
export class HarnessInstance {
  readonly registry: DocumentRegistry
  readonly errors: string[] = []
  alive = true

  constructor(
    readonly id: number,
    readonly storage: HeldStorage,
    compactAfterUpdates: number,
  ) {
    this.registry = new DocumentRegistry({
      storage: storage.view(id, () => this.alive),
      compactAfterUpdates,
      idleDraftMs: 0,
      log: quietLogger(this.errors),
      onWriteDenied: () => {},
      fanout: new LocalFanout(),
    })
  }

  /** Serves a new connection on `pipe`, as routes/collab.ts does once the role is known. */
  accept(pipe: Pipe, documentId: string, user: { id: string; name: string }): void {
    const conn = new Connection(pipe, {
      documentId,
      channel: 'body',
      user: { id: user.id, name: user.name, delegation: 'CHL', color: '#123456' },
      sessionHash: `session-${user.id}`,
      role: 'editor',
      wantsSaved: true,
      limits: LIMITS,
      log: quietLogger(this.errors),
    })
    pipe.connection = conn
    let live: Awaited<ReturnType<DocumentRegistry['join']>> | null = null
    let waiting: Uint8Array[] = []
    const handle = (bytes: Uint8Array): void => {
      if (!live || conn.closed) return
      try {
        live.handleMessage(conn, bytes)
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error
        conn.close(error.code, error.message)
      }
    }
    pipe.onServerClose = () => {
      if (live) this.registry.leave(live, conn)
    }
    this.#receive.set(pipe, (bytes) => (live ? handle(bytes) : waiting.push(bytes)))
    void this.registry.join({ documentId, name: 'body' }, conn).then(
      (doc) => {
        if (pipe.closed || !this.alive) {
          this.registry.leave(doc, conn)
          return
        }
        live = doc
        for (const bytes of waiting.splice(0)) handle(bytes)
        waiting = []
      },
      () => conn.close(CloseCode.storageFailure, 'could not open the document'),
    )
  }

  readonly #receive = new Map<Pipe, (bytes: Uint8Array) => void>()

  /**
   * SIGKILL: the process is gone with everything in its memory. Each commit it had in flight
   * either reached the disk (`landed` says which) or never did; its clients' sockets drop.
   */
  async crash(landed: (commit: Commit) => boolean): Promise<void> {
    this.alive = false
    for (const commit of this.storage.commits.filter((c) => c.instance === this.id)) {
      if (landed(commit)) await this.storage.land(commit, false)
      else this.storage.drop(commit)
    }
    for (const pipe of this.#receive.keys()) pipe.hangUp()
  }

  /** Delivers the next frame the client sent on `pipe`. */
  deliverToServer(pipe: Pipe): boolean {
    const frame = pipe.toServer.frames.shift()
    if (!frame || pipe.closed || !this.alive) return false
    this.#receive.get(pipe)?.(frame)
    return true
  }
}

/** A change a client made, and what is known of its fate. */
export interface Change {
  update: Uint8Array
  /** The update frame of the current connection that carries it; null until sent. */
  frame: number | null
}

/**
 * A client as the browser is one: its Y.Doc survives reconnects; it sends sync step 1 on
 * opening, answers the server's step 1 with everything the server lacks, sends each local
 * change as an update while connected, and counts frames for `saved`.
 */
export class HarnessClient {
  readonly doc = new Y.Doc()
  readonly tracker = new SaveTracker()
  /**
   * Permission-denied answers received. Like the browser, the client keeps its copy after one
   * (the editor page only asks for its role again) and answers the server's next sync step 1.
   */
  denials = 0
  /** Every local change not yet confirmed, mirroring the tracker, to check `saved` against storage. */
  readonly unconfirmed: Change[] = []
  pipe: Pipe | null = null
  /** `saved` messages received, with the changes each confirmed (checked by the fuzz). */
  readonly confirmations: Change[][] = []
  closeCodes: number[] = []

  constructor(clientId: number) {
    this.doc.clientID = clientId
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return
      const sent = this.pipe !== null && !this.pipe.closed
      if (sent) this.#send(encodeSyncUpdate(update))
      this.tracker.changed(this.doc.clientID, Y.getState(this.doc.store, this.doc.clientID), sent)
      this.unconfirmed.push({ update, frame: sent ? this.tracker.framesSent : null })
    })
  }

  get connected(): boolean {
    return this.pipe !== null && !this.pipe.closed
  }

  /** Opens a connection to `instance`. */
  connect(instance: HarnessInstance, documentId: string): Pipe {
    const pipe = new Pipe()
    this.pipe = pipe
    this.tracker.connectionOpened()
    for (const change of this.unconfirmed) change.frame = null
    instance.accept(pipe, documentId, { id: `u${this.doc.clientID}`, name: `Cliente ${this.doc.clientID}` })
    this.#send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    return pipe
  }

  disconnect(): void {
    this.pipe?.hangUp()
    this.pipe = null
  }

  /** Delivers the next frame the server sent; false when there was none. */
  deliverToClient(): boolean {
    const pipe = this.pipe
    if (!pipe) return false
    const frame = pipe.toClient.frames.shift()
    if (!frame) {
      pipe.flushed()
      if (pipe.closed) {
        if (pipe.closeCode !== null) this.closeCodes.push(pipe.closeCode)
        this.pipe = null
      }
      return false
    }
    this.#receive(frame)
    return true
  }

  #send(frame: Uint8Array): void {
    const pipe = this.pipe
    if (!pipe || pipe.closed) return
    this.tracker.frameSent(frame)
    if (frame[0] === MessageType.sync && frame[1] === SyncStep.step2) {
      for (const change of this.unconfirmed) change.frame ??= this.tracker.framesSent
    }
    pipe.toServer.frames.push(frame)
  }

  #receive(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.saved) {
      const { frames } = readSaved(decoder)
      this.tracker.saved(frames)
      const confirmed = this.unconfirmed.filter((change) => change.frame !== null && change.frame <= frames)
      const rest = this.unconfirmed.filter((change) => !confirmed.includes(change))
      this.unconfirmed.splice(0, this.unconfirmed.length, ...rest)
      this.confirmations.push(confirmed)
      return
    }
    if (type === MessageType.auth) {
      this.denials += 1
      return
    }
    if (type !== MessageType.sync) return
    const step = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    if (step === SyncStep.step1) {
      this.#send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, payload)))
    } else {
      Y.applyUpdate(this.doc, payload, this)
    }
  }
}

/** Whether everything `update` inserts and deletes is in `stored`. */
export function containsUpdate(stored: Y.Doc, update: Uint8Array): boolean {
  for (const [client, end] of Y.parseUpdateMeta(update).to) if (Y.getState(stored.store, client) < end) return false
  const deleted = Y.createDeleteSetFromStructStore(stored.store)
  for (const [client, ranges] of Y.decodeUpdate(update).ds.clients) {
    for (const { clock, len } of ranges) {
      for (let c = clock; c < clock + len; c++) if (!Y.isDeleted(deleted, Y.createID(client, c))) return false
    }
  }
  return true
}

/** Runs the event loop until timers queued with setImmediate (the group commit, compaction) have had their turn. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * Keeps one live document per open Yjs document. Fifty clients connecting at the same
 * moment share one load; a document is never served before its log is loaded; it is
 * unloaded once its last client has left and everything it accepted is committed.
 * With several server instances, it also relays what the others commit (fan-out).
 */
import type { FastifyBaseLogger } from 'fastify'
import type * as Y from 'yjs'
import { CloseCode, encodeDetailsChanged, type PresenceEntry, type RegisterEvent } from '@consenso/protocol'
import { roleFromMembers } from '../auth/document-access.ts'
import type { DocKey, Storage } from '../storage/storage.ts'
import { GroupCommitter } from '../storage/group-commit.ts'
import type { Connection } from './connection.ts'
import { LiveDocument, type DocumentHost } from './live-document.ts'
import { readRequireSuggesting } from './validation/require-suggesting.ts'
import { AgreedLocks } from './validation/agreed-lock.ts'
import type { ControlMessage, DocumentMessage, Fanout } from '../fanout/fanout.ts'
import type { CollabMetrics } from '../metrics.ts'
import { StorageBackoff, type StorageBackoffLimits } from './storage-backoff.ts'
import { CompactionQueue } from './compaction-queue.ts'

/** A fanned-out nudge: these people's inboxes, this draft's silence procedure, or a shared list (practices, files, directory) changed. */
export type Signal = Extract<ControlMessage, { kind: 'notify' | 'silence' | 'versions' | 'practices' | 'questionnaire' | 'files' | 'focalPoints' }>

const SIGNAL_KINDS: ReadonlySet<ControlMessage['kind']> = new Set<Signal['kind']>(['notify', 'silence', 'versions', 'practices', 'questionnaire', 'files', 'focalPoints'])
const isSignal = (message: ControlMessage): message is Signal => SIGNAL_KINDS.has(message.kind)

export interface RegistryOptions {
  storage: Storage
  compactAfterUpdates: number
  /** An open draft without a change for this long keeps only its encoded state (PERF-5); 0 never. */
  idleDraftMs?: number
  log: FastifyBaseLogger
  now?: () => Date
  onWriteDenied: (conn: Connection, reason: string) => void
  fanout: Fanout
  /** Called after a client's change to a draft's body is committed on this instance. */
  onBodyCommitted?: (documentId: string, writer: Connection) => void
  /** Called after a change the server wrote (`write`) is committed (the search index reads the draft again). */
  onServerWrite?: (key: DocKey) => void
  /** Commit durations and outcomes, broadcast lag (server/src/metrics.ts). */
  metrics?: CollabMetrics
  /** The wait told to clients closed by a storage failure, and how it grows (BACKOFF-1). */
  storageBackoff?: StorageBackoffLimits
}

const keyString = (key: DocKey): string => `${key.documentId}/${key.name}`

interface Entry {
  loading: Promise<LiveDocument>
  /** Set once loaded, so dropping can compare synchronously. */
  doc?: LiveDocument
  /** Fan-out messages that arrived while the document was loading, applied right after. */
  early: DocumentMessage[]
}

export class DocumentRegistry {
  readonly committer: GroupCommitter
  /** Every draft's compactions, one at a time (PERF-6). */
  readonly compactions = new CompactionQueue()
  /** How long clients closed by a storage failure are told to wait (BACKOFF-1). */
  readonly backoff: StorageBackoff
  /** Agreed paragraphs of drafts whose owner locked agreed text (CONSENSUS-9). */
  readonly agreedLocks = new AgreedLocks()
  readonly #options: RegistryOptions
  readonly #documents = new Map<string, Entry>()
  readonly #registerListeners = new Set<(event: RegisterEvent) => void>()
  readonly #signalListeners = new Set<(signal: Signal) => void>()
  #closing = false

  /** Looks for idle drafts to release (PERF-5); one timer for all of them. */
  readonly #idleSweep: NodeJS.Timeout | null = null

  /** Shared by every live document (one object, not one per open draft). */
  readonly #host: DocumentHost

  constructor(options: RegistryOptions) {
    this.#options = options
    const metrics = options.metrics
    const backoff = new StorageBackoff(options.storageBackoff)
    this.backoff = backoff
    this.committer = new GroupCommitter(options.storage, options.now, (seconds, error) => {
      // Before the failed batch's documents hear of it, so the wait they announce counts it.
      if (error) backoff.failed()
      else backoff.succeeded()
      metrics?.commit(seconds, error)
    })
    const { fanout, onBodyCommitted } = options
    this.#host = {
      storage: options.storage,
      committer: this.committer,
      compactAfterUpdates: options.compactAfterUpdates,
      compactions: this.compactions,
      soleWriter: fanout.kind === 'local',
      log: options.log,
      onFailure: (doc) => this.#drop(keyString(doc.key), doc),
      onWriteDenied: options.onWriteDenied,
      publish: (key, kind, payload) => fanout.publishDocument({ kind, key: keyString(key), payload }),
      agreedLock: (documentId) => this.agreedLocks.get(documentId),
      silenceLock: (documentId) => this.agreedLocks.silence(documentId),
      onClientCommit: onBodyCommitted ? (key, writer) => key.name === 'body' && onBodyCommitted(key.documentId, writer) : undefined,
      metrics,
      retryAfterMs: () => backoff.retryMs,
    }
    const idleMs = options.idleDraftMs ?? 0
    if (idleMs > 0) {
      this.#idleSweep = setInterval(() => this.#releaseIdle(idleMs), Math.max(250, idleMs / 4))
      this.#idleSweep.unref()
    }
  }

  #releaseIdle(idleMs: number): void {
    const now = performance.now()
    for (const entry of this.#documents.values()) entry.doc?.releaseIfIdle(now, idleMs)
  }

  get fanoutKind(): string {
    return this.#options.fanout.kind
  }

  /** Number of documents held in memory (for tests and health figures). */
  get size(): number {
    return this.#documents.size
  }

  /** Open collaboration connections on this instance (for /metrics). */
  get connectionCount(): number {
    let count = 0
    for (const entry of this.#documents.values()) count += entry.doc?.connections.size ?? 0
    return count
  }

  /** Open websockets per person on this instance (ABUSE-3), counted from upgrade to close. */
  readonly #openPerPerson = new Map<string, number>()

  /** Counts a new websocket of `userId`; false (and nothing counted) when it would pass `max`. */
  admit(userId: string, max: number): boolean {
    const open = this.#openPerPerson.get(userId) ?? 0
    if (open >= max) return false
    this.#openPerPerson.set(userId, open + 1)
    return true
  }

  /** An admitted websocket closed. */
  release(userId: string): void {
    const open = (this.#openPerPerson.get(userId) ?? 1) - 1
    if (open <= 0) this.#openPerPerson.delete(userId)
    else this.#openPerPerson.set(userId, open)
  }

  /** Loads the document if needed and adds the connection to it. */
  async join(key: DocKey, conn: Connection): Promise<LiveDocument> {
    const doc = await this.#acquire(key)
    // Checked again in the same turn as joining: the await above gave the document's last
    // client time to leave and the document time to be dropped (SYNC-15).
    if (!this.#current(doc)) return this.join(key, conn)
    doc.join(conn)
    return doc
  }

  /** Whether `doc` is still the live document of its key (not failed, not dropped). */
  #current(doc: LiveDocument): boolean {
    return !doc.failed && this.#documents.get(keyString(doc.key))?.doc === doc
  }

  /**
   * Runs `change` on the document as the server (loading it if nobody has it open) and
   * resolves once what it changed is committed, and so broadcast. The review document is
   * written only this way.
   */
  async write<T>(key: DocKey, change: (doc: Y.Doc) => T): Promise<T> {
    return this.#using(key, async (live) => {
      const result = live.serverWrite(change)
      if (key.name === 'meta') this.agreedLocks.note(key.documentId, live.doc)
      await live.settled()
      if (live.failed) throw new Error('storage could not commit the change')
      this.#options.onServerWrite?.(key)
      return result
    })
  }

  /** Reads of review documents for their lock, in flight: a crowd connecting at once shares one. */
  readonly #agreedLockReads = new Map<string, Promise<void>>()

  /**
   * Reads a draft's agreed-text lock (CONSENSUS-9) before its body connections write. Once read,
   * it stays current until the body unloads here (every server write to the review document
   * notes it again, and the lock is forgotten when the body is dropped), so connections joining
   * meanwhile cost no storage read; `fresh` reads it again whatever (a change of access or
   * settings).
   */
  async loadAgreedLock(documentId: string, fresh = false): Promise<void> {
    if (!fresh && this.agreedLocks.known(documentId)) return
    let reading = this.#agreedLockReads.get(documentId)
    if (!reading) {
      reading = this.read({ documentId, name: 'meta' }, (meta) => this.agreedLocks.note(documentId, meta)).finally(() => this.#agreedLockReads.delete(documentId))
      this.#agreedLockReads.set(documentId, reading)
    }
    await reading
  }

  /** Whether the document is loaded on this instance (so reading it costs no storage read). */
  isLoaded(key: DocKey): boolean {
    return this.#documents.get(keyString(key))?.doc !== undefined
  }

  /** Whether the document is loaded and its Y.Doc built, not only its stored bytes held (PERF-2; for tests). */
  isBuilt(key: DocKey): boolean {
    return this.#documents.get(keyString(key))?.doc?.built === true
  }

  /** Reads the document as it is in memory now (loading it if needed). */
  read<T>(key: DocKey, look: (doc: Y.Doc) => T): Promise<T> {
    return this.#using(key, async (live) => look(live.doc))
  }

  async #using<T>(key: DocKey, use: (live: LiveDocument) => Promise<T>): Promise<T> {
    const live = await this.#acquire(key)
    if (!this.#current(live)) return this.#using(key, use)
    live.holds += 1
    try {
      return await use(live)
    } finally {
      live.holds -= 1
      this.#unloadWhenIdle(live)
    }
  }

  async #acquire(key: DocKey): Promise<LiveDocument> {
    if (this.#closing) throw new Error('server is shutting down')
    const id = keyString(key)
    let entry = this.#documents.get(id)
    if (!entry) {
      const fanout = this.#options.fanout
      // Listen before reading storage: anything committed elsewhere in between arrives as a
      // message, and applying it twice is harmless.
      // After every change accepted so far has reached storage: a document that failed may
      // still have appends queued behind the commit that failed, which land afterwards; loaded
      // before them, the new document would miss them (and a compaction would drop them).
      const loading = this.committer
        .barrier()
        .then(() => fanout.watch(id))
        .then(() => LiveDocument.load(key, this.#host))
      const created: Entry = { loading, early: [] }
      entry = created
      this.#documents.set(id, created)
      created.loading.then(
        (doc) => {
          created.doc = doc
          for (const message of created.early.splice(0)) this.#applyRemote(doc, message)
        },
        // A failed load must not be cached: the next client retries.
        () => {
          if (this.#documents.get(id) === created) {
            this.#documents.delete(id)
            void fanout.unwatch(id).catch(() => {})
          }
        },
      )
    }
    const doc = await entry.loading
    // The document may have failed between its load and this turn, or been unloaded (its
    // last client left while this caller waited for the load): load it afresh. A client
    // joining a document already dropped would never hear from anyone again (SYNC-14 found it).
    if (!this.#current(doc)) return this.#acquire(key)
    return doc
  }

  leave(doc: LiveDocument, conn: Connection): void {
    doc.leave(conn)
    this.#unloadWhenIdle(doc)
  }

  /** Unloads a document nobody uses once everything it accepted is committed. */
  #unloadWhenIdle(doc: LiveDocument): void {
    const idle = (): boolean => doc.connections.size === 0 && doc.holds === 0 && !this.#closing
    if (!idle()) return
    void doc
      .settled()
      // The next open then reads one snapshot (PERF-2); it stays loaded while that runs.
      .then(() => (idle() ? doc.compactBeforeUnload() : undefined))
      .then(() => {
        // Someone may have joined while the last commit or the compaction ran.
        if (idle()) this.#drop(keyString(doc.key), doc)
      })
  }

  /** People connected to a draft's body right now. */
  presence(documentId: string): PresenceEntry[] {
    return this.#documents.get(keyString({ documentId, name: 'body' }))?.doc?.presence() ?? []
  }

  /** Every live connection on this instance (the keepalive sweep's round, KEEP-1). */
  allConnections(): Iterable<Connection> {
    return this.#connections()
  }

  /** Live connections of one draft (both channels), or of every draft. */
  *#connections(documentId?: string): Generator<Connection> {
    for (const entry of this.#documents.values()) {
      if (!entry.doc || (documentId !== undefined && entry.doc.key.documentId !== documentId)) continue
      yield* entry.doc.connections
    }
  }

  /** Starts relaying what other instances publish (a no-op with a single instance). */
  async start(): Promise<void> {
    await this.#options.fanout.start({
      onDocument: (message) => {
        const entry = this.#documents.get(message.key)
        if (!entry) return
        if (entry.doc) this.#applyRemote(entry.doc, message)
        else entry.early.push(message)
      },
      onControl: (message) => void this.#applyControl(message),
      onResync: () => {
        this.#emitRegister({ type: 'resync' })
        for (const entry of this.#documents.values()) {
          void entry.doc?.resync().catch((error: unknown) => this.#options.log.error({ err: error }, 'resynchronisation failed'))
        }
      },
    })
  }

  #applyRemote(doc: LiveDocument, message: DocumentMessage): void {
    if (message.kind === 'update') {
      doc.applyRemoteUpdate(message.payload)
      // Another instance's server write to a review document may start or end a silence
      // procedure (or change the agreed lock): the websocket check here follows at once.
      if (doc.key.name === 'meta' && this.agreedLocks.known(doc.key.documentId)) this.agreedLocks.note(doc.key.documentId, doc.doc)
    } else doc.applyRemoteAwareness(message.payload)
  }

  async #applyControl(message: ControlMessage): Promise<void> {
    try {
      if (message.kind === 'access') await this.#refreshAccessHere(message.documentId)
      else if (message.kind === 'sessions') this.#disconnectSessionsHere(message.sessionHashes)
      else if (message.kind === 'register') this.#emitRegister(message.event)
      else if (message.kind === 'details') this.#announceDetailsHere(message.documentId, () => true)
      else if (isSignal(message)) this.#emitSignal(message)
      // Named, not "anything else": a kind from a newer instance must not close a draft here.
      else if (message.kind === 'deleted') this.#closeDocumentHere(message.documentId)
    } catch (error) {
      this.#options.log.error({ err: error, message }, 'could not apply a fanned-out access change')
    }
  }

  /**
   * The draft's sharing changed: every live connection, on every instance, gets its new
   * role at once (a downgraded editor's next write is refused) or, without access, is closed
   * with 4403.
   */
  async refreshAccess(documentId: string): Promise<void> {
    this.#options.fanout.publishControl({ kind: 'access', documentId })
    await this.#refreshAccessHere(documentId)
  }

  /**
   * The draft's record changed (renamed, moved to the trash or back): every open page, on every
   * instance, is told to ask for its summary again.
   */
  announceDetails(documentId: string): void {
    this.#options.fanout.publishControl({ kind: 'details', documentId })
    this.#announceDetailsHere(documentId, () => true)
  }

  /** Sends the `details` notice to the Consenso pages of `documentId` here that `concerned` picks. */
  #announceDetailsHere(documentId: string, concerned: (conn: Connection) => boolean): void {
    for (const conn of this.#connections(documentId)) {
      if (conn.channel === 'body' && conn.wantsSaved && concerned(conn)) conn.send(encodeDetailsChanged())
    }
  }

  /** Sessions were revoked (sign-out, sign out everywhere, disabled account). */
  disconnectSessions(sessionHashes: readonly string[]): void {
    if (sessionHashes.length === 0) return
    this.#options.fanout.publishControl({ kind: 'sessions', sessionHashes: [...sessionHashes] })
    this.#disconnectSessionsHere(sessionHashes)
  }

  /**
   * The register changed: listeners here and on every other instance hear it. After a lost
   * broker connection they hear `resync`, since announcements may have been lost meanwhile.
   */
  announceRegister(event: RegisterEvent): void {
    this.#options.fanout.publishControl({ kind: 'register', event })
    this.#emitRegister(event)
  }

  /** Calls `listener` for every register change; returns the function that stops it. */
  onRegister(listener: (event: RegisterEvent) => void): () => void {
    this.#registerListeners.add(listener)
    return () => this.#registerListeners.delete(listener)
  }

  /**
   * Inboxes, a draft's silence procedure or its versions changed: listeners here and on every
   * other instance hear it (NOTIFY-3, SILENCE-*, VERSION-10). Only who or which draft; pages reload through the routes.
   */
  announce(signal: Signal): void {
    this.#options.fanout.publishControl(signal)
    this.#emitSignal(signal)
  }

  onSignal(listener: (signal: Signal) => void): () => void {
    this.#signalListeners.add(listener)
    return () => this.#signalListeners.delete(listener)
  }

  #emitSignal(signal: Signal): void {
    for (const listener of this.#signalListeners) listener(signal)
  }

  #emitRegister(event: RegisterEvent): void {
    for (const listener of this.#registerListeners) listener(event)
  }

  /** The draft was deleted. */
  closeDocument(documentId: string): void {
    this.#options.fanout.publishControl({ kind: 'deleted', documentId })
    this.#closeDocumentHere(documentId)
  }

  async #refreshAccessHere(documentId: string): Promise<void> {
    const members = await this.#options.storage.members.listMembers(documentId)
    const connections = [...this.#connections(documentId)]
    const requireSuggesting = connections.some((conn) => conn.channel === 'body') ? await readRequireSuggesting(this, documentId) : false
    if (connections.some((conn) => conn.channel === 'body')) await this.loadAgreedLock(documentId, true)
    const changed = new Set<Connection>()
    for (const conn of connections) {
      const role = roleFromMembers(members, { id: conn.user.id, delegation: conn.user.delegation })
      if (role && role !== conn.role) changed.add(conn)
      if (role) conn.role = role
      else conn.close(CloseCode.forbidden, 'access to this draft was withdrawn')
      conn.requireSuggesting = requireSuggesting
    }
    // The page learns its new rights at once, rather than at its next refused frame (or poll).
    this.#announceDetailsHere(documentId, (conn) => changed.has(conn))
  }

  #disconnectSessionsHere(sessionHashes: readonly string[]): void {
    const revoked = new Set(sessionHashes)
    for (const conn of this.#connections()) {
      if (revoked.has(conn.sessionHash)) conn.close(CloseCode.unauthorized, 'session ended')
    }
  }

  #closeDocumentHere(documentId: string): void {
    for (const conn of this.#connections(documentId)) conn.close(CloseCode.unknownDocument, 'the draft was deleted')
  }

  /** Shutdown: commit everything accepted, then close every client with "going away". */
  async close(): Promise<void> {
    this.#closing = true
    if (this.#idleSweep) clearInterval(this.#idleSweep)
    await this.committer.barrier()
    // Before storage closes under it; the compactions not started yet leave their logs as they are.
    await this.compactions.close()
    const docs = await Promise.allSettled([...this.#documents.values()].map((entry) => entry.loading))
    for (const result of docs) {
      if (result.status !== 'fulfilled') continue
      result.value.shutdown()
    }
    this.#documents.clear()
    await this.#options.fanout.close()
  }

  #drop(id: string, doc: LiveDocument): void {
    if (this.#documents.get(id)?.doc === doc) {
      this.#documents.delete(id)
      void this.#options.fanout.unwatch(id).catch(() => {})
      // Its lock is read again when the body opens next (it may have changed elsewhere meanwhile).
      if (doc.key.name === 'body') this.agreedLocks.forget(doc.key.documentId)
    }
    doc.destroy()
  }
}

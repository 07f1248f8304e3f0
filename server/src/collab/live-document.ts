/**
 * The in-memory copy of one Yjs document while anyone has it open, and the path every
 * change takes: validate → apply → commit (group commit) → broadcast → acknowledge.
 *
 * The live document may briefly hold an accepted update whose commit is still running; it
 * is only broadcast, and its writer only told "saved", after the commit. If the commit
 * fails, every connection is closed and the document is dropped, so it reloads from what is
 * actually on disk and the clients, which still hold their unacknowledged changes, resend them.
 */
import type { SilenceLock } from './validation/silence-lock.ts'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type { FastifyBaseLogger } from 'fastify'
import {
  CloseCode,
  encodePermissionDenied,
  encodeRefused,
  encodeSyncStep1,
  encodeSyncStep2,
  MessageType,
  retryAfterReason,
  SyncStep,
  type PresenceEntry,
  type Saved,
} from '@consenso/protocol'
import type { AuthorshipTouch, DocKey, Storage } from '../storage/storage.ts'
import { touchedParagraphs } from './authorship.ts'
import { BODY_FIELD } from '@consenso/schema'
import type { GroupCommitter } from '../storage/group-commit.ts'
import type { CollabMetrics } from '../metrics.ts'
import type { Connection } from './connection.ts'
import { Deliveries } from './deliveries.ts'
import { dropUnrenderable } from './validation/sanitize.ts'
import { badMessage, ProtocolError } from './errors.ts'
import { checkBodyUpdate, InvalidUpdateError, RefusedUpdateError, validateUpdate, type ValidationRules } from './update-validation.ts'
import { addsNothing, arrived, hold, isEmptyUpdate, refuseFrame, refusalsMadeGood, stillNeeded, withoutPending } from './held-content.ts'
import { Presence } from './presence.ts'
import { AskAgain } from './ask-again.ts'
import { DEFAULT_MAX_OUTSTANDING_SYNC_REPLIES } from './rate-budget.ts'
import type { CompactionQueue } from './compaction-queue.ts'

/** Transaction origin of changes the server makes itself (review data). */
const SERVER_ORIGIN = Symbol('consenso-server')
/**
 * Origin of changes that another server instance committed and fanned out: they are only
 * passed on to this instance's clients, never committed or published again.
 */
const REMOTE_ORIGIN = Symbol('consenso-remote-instance')

/** Review data is written by the server; client updates are only decoded (then refused). */
const META_RULES: ValidationRules = { allowedRoots: null, xmlOnly: false }

/**
 * What every live document shares: one object for all of them, held by reference, so an open
 * draft does not carry its own copy of these settings and callbacks.
 */
export interface DocumentHost {
  storage: Storage
  committer: GroupCommitter
  /** Compact the stored log once it holds this many updates beyond the snapshot (each draft a little more, PERF-6). */
  compactAfterUpdates: number
  /** The process's compactions, run one at a time (PERF-6). */
  compactions: CompactionQueue
  /**
   * Whether this is the only instance writing to storage (local fan-out): then a loaded
   * document holds every stored update of its draft, since every write goes through it.
   */
  soleWriter: boolean
  log: FastifyBaseLogger
  /** Called when a storage failure forces the document to be dropped. */
  onFailure: (doc: LiveDocument) => void
  /** Called when a connection tries to write what it may not (for the audit log). */
  onWriteDenied: (conn: Connection, reason: string) => void
  /** Tells the other server instances (fan-out) about a committed update or an awareness change. */
  publish: (key: DocKey, kind: 'update' | 'awareness', payload: Uint8Array) => void
  /** Called after a client's update to a document is committed (consensus reopens on edits). */
  onClientCommit?: (key: DocKey, writer: Connection) => void
  /** Broadcast lag (server/src/metrics.ts). */
  metrics?: CollabMetrics
  /** How long clients closed by a storage failure are told to wait before reconnecting (BACKOFF-1). */
  retryAfterMs?: () => number
  /** A locked draft's agreed paragraphs, which frames may change only as suggestions (CONSENSUS-9). */
  agreedLock?: (documentId: string) => ReadonlySet<string> | null
  /** The draft's text under silence, if a procedure holds it (SILENCE-3). */
  silenceLock?: (documentId: string) => SilenceLock | null
}

export class LiveDocument {
  readonly key: DocKey
  readonly connections = new Set<Connection>()
  /** The document as stored, served as it is while no Y.Doc is built for it (PERF-2). */
  #state: Uint8Array | null
  /** The state vector of `#state`, so a greeting or an acknowledgement needs no Y.Doc; read when first needed. */
  #stateVector: Uint8Array | null = null
  #doc: Y.Doc | null = null
  #presence: Presence | null = null
  readonly #options: DocumentHost
  #logLength: number
  /** This draft's threshold, drawn once: drafts started together reach it apart (PERF-6). */
  readonly #compactAt: number
  /** The compaction queued or running, settled once it has run. */
  #compaction: Promise<void> | null = null
  #failed = false
  #gone = false // destroyed: a compaction still queued has nothing to fold
  // Created on first use, as the collections below: an idle draft should cost its bytes, not
  // a handful of empty objects (each a couple of hundred bytes).
  #deliveriesMade: Deliveries | null = null
  /** Broadcasts and acknowledgements waiting for the end of the turn. */
  get #deliveries(): Deliveries {
    return (this.#deliveriesMade ??= new Deliveries(this.connections, () => this.#failed))
  }

  static async load(key: DocKey, options: DocumentHost): Promise<LiveDocument> {
    const stored = await options.storage.loadLog(key)
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
    // One snapshot (a draft compacted when it was last closed) is served as it is.
    const state = parts.length === 0 ? EMPTY_STATE : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)
    return new LiveDocument(key, state, stored.updates.length, options)
  }

  private constructor(key: DocKey, state: Uint8Array, logLength: number, options: DocumentHost) {
    this.key = key
    this.#state = state
    this.#options = options
    this.#logLength = logLength
    this.#compactAt = options.compactAfterUpdates + Math.floor((Math.random() * options.compactAfterUpdates) / 2)
    this.#maybeCompact()
  }

  /** When the Y.Doc was last used (performance.now()), for PERF-5. */
  #lastUsed = performance.now()
  /** Changes handed to the committer whose commit has not resolved yet. */
  #uncommitted = 0
  /** Whether this instance committed a change to the draft since loading it. */
  #changedHere = false

  /** The Y.Doc, built from the stored state on first use (and again after an idle release). */
  get doc(): Y.Doc {
    this.#lastUsed = performance.now()
    if (this.#doc) return this.#doc
    const doc = new Y.Doc()
    // Applied before listening: what is already stored is not committed again.
    if (this.#state) Y.applyUpdate(doc, this.#state)
    this.#state = null
    this.#stateVector = null
    // Which paragraphs a client's change touched, read before its deleted content is collected
    // (afterTransaction comes before 'update'): recorded with the commit (AUTHOR-1).
    if (this.key.name === 'body')
      doc.on('afterTransaction', (transaction: Y.Transaction) => {
        this.#touches = isConnection(transaction.origin, this.connections) ? touchedParagraphs(transaction, doc.getXmlFragment(BODY_FIELD)) : null
      })
    doc.on('update', (update: Uint8Array, origin: unknown) => this.#commitAndBroadcast(update, origin))
    this.#doc = doc
    // What an older draft holds that no editor can render goes, as a server change (TRUST-6).
    if (this.key.name === 'body') {
      const dropped = dropUnrenderable(doc, SERVER_ORIGIN)
      if (dropped.length > 0) this.#options.log.warn({ key: this.key, count: dropped.length, dropped: dropped.slice(0, 20) }, 'dropped what the schema cannot render')
    }
    return doc
  }

  /**
   * Lets go of the Y.Doc of a draft nobody has changed or read for `idleMs`, keeping its
   * encoded state as a freshly opened draft does (PERF-5): an idle open draft then costs its
   * bytes, not a Y.Doc with every item as an object. Only when nothing is in flight: no
   * commit pending, no broadcast queued, no server-side user holding it.
   */
  releaseIfIdle(now: number, idleMs: number): boolean {
    const doc = this.#doc
    if (!doc || this.#failed || this.#compaction || this.holds > 0 || this.#uncommitted > 0 || this.#deliveriesMade?.pending) return false
    if (now - this.#lastUsed < idleMs) return false
    // Pending content (waiting for what it builds on) is part of the encoded state and is
    // pending again once rebuilt.
    this.#state = Y.encodeStateAsUpdate(doc)
    this.#stateVector = Y.encodeStateVector(doc)
    this.#doc = null
    doc.destroy()
    return true
  }

  /** Whether the Y.Doc has been built (for tests). */
  get built(): boolean {
    return this.#doc !== null
  }

  /** Presence (awareness), created when first needed. */
  get #presenceOf(): Presence {
    return (this.#presence ??= new Presence({
      connections: this.connections,
      publish: (payload) => this.#options.publish(this.key, 'awareness', payload),
      onRemoteError: (error) => this.#options.log.error({ err: error, key: this.key }, 'fanned-out awareness update ignored'),
    }))
  }

  #encodeStateVector(): Uint8Array {
    if (this.#doc || !this.#state) return Y.encodeStateVector(this.doc)
    return (this.#stateVector ??= Y.encodeStateVectorFromUpdate(this.#state))
  }

  /** Server-side users (HTTP writes and reads) keeping the document loaded. */
  holds = 0

  /** Applies a change made by the server itself; it is committed, then broadcast to everyone. */
  serverWrite<T>(change: (doc: Y.Doc) => T): T {
    if (this.#failed) throw new Error('the document failed and is being reloaded')
    let result!: T
    this.doc.transact(() => {
      result = change(this.doc)
    }, SERVER_ORIGIN)
    return result
  }

  get failed(): boolean {
    return this.#failed
  }

  /** Greets a new client: our state vector (so it sends what we lack) and who is here. */
  join(conn: Connection): void {
    this.connections.add(conn)
    // Just opened from storage, our state vector would have to be read off the stored bytes
    // (tens of milliseconds for a long draft, before anyone is served). An empty one asks the
    // client for all it holds instead: nothing, for a new client, whose answer is then empty
    // and builds nothing; a returning client sends its copy, which builds the document as its
    // deletions would anyway (PERF-2).
    const known = this.#doc || this.#stateVector
    conn.send(encodeSyncStep1(known ? this.#encodeStateVector() : EMPTY_STATE_VECTOR))
    this.#presence?.greet(conn)
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    this.#deliveriesMade?.forget(conn)
    this.#presence?.remove(conn)
  }

  /** Handles one binary frame. Throws ProtocolError when the connection must be closed. */
  handleMessage(conn: Connection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data)
    let type: number
    try {
      type = decoding.readVarUint(decoder)
    } catch {
      throw badMessage('empty or undecodable frame')
    }
    switch (type) {
      case MessageType.sync:
        return this.#handleSync(conn, decoder)
      case MessageType.awareness:
        return this.#presenceOf.handle(conn, decoder)
      case MessageType.queryAwareness:
        return this.#presenceOf.greet(conn, true)
      default:
        throw new ProtocolError(CloseCode.unknownMessageType, `message type ${type} is not accepted`)
    }
  }

  /** Who is in the document now, as announced in awareness (for the portal). */
  presence(): PresenceEntry[] {
    return this.#presence?.list() ?? []
  }

  /** Resolves once every change accepted so far is committed. */
  settled(): Promise<void> {
    return this.#options.committer.barrier()
  }

  /**
   * Server shutdown, once everything accepted is committed: presence removals go out (to the
   * other instances too, while the fan-out is still open), then every client is told to go.
   */
  shutdown(): void {
    this.#presence?.removeAllNow()
    for (const conn of this.connections) conn.close(CloseCode.goingAway, 'server shutting down')
    this.destroy()
  }

  destroy(): void {
    this.#gone = true
    this.#presence?.stop()
    this.#doc?.destroy()
    this.#state = null
  }

  #handleSync(conn: Connection, decoder: decoding.Decoder): void {
    let step: number
    let payload: Uint8Array
    try {
      step = decoding.readVarUint(decoder)
      payload = decoding.readVarUint8Array(decoder)
    } catch {
      throw badMessage('truncated sync message')
    }
    switch (step) {
      case SyncStep.step1: {
        let stateVector: Map<number, number>
        try {
          stateVector = Y.decodeStateVector(payload)
        } catch {
          throw badMessage('undecodable state vector')
        }
        // Each reply may be the whole draft: a client asking again before reading the last
        // answers would have them pile up in memory (ABUSE-5; ABUSE-1 bounds the bytes).
        const maxReplies = conn.budget.limits.maxOutstandingSyncReplies ?? DEFAULT_MAX_OUTSTANDING_SYNC_REPLIES
        if (conn.outstandingSyncReplies >= maxReplies) {
          throw new ProtocolError(CloseCode.rateLimited, `asked for the draft again with ${maxReplies} answers unread; slow down`)
        }
        conn.outstandingSyncReplies += 1
        conn.send(encodeSyncStep2(this.#missingFrom(stateVector)))
        conn.afterFlush(() => {
          conn.outstandingSyncReplies -= 1
        })
        return
      }
      case SyncStep.step2:
      case SyncStep.update:
        conn.updateFrames += 1
        return this.#handleUpdate(conn, payload, step === SyncStep.step2)
      default:
        throw new ProtocolError(CloseCode.unknownMessageType, `sync step ${step} does not exist`)
    }
  }

  #handleUpdate(conn: Connection, update: Uint8Array, step2 = false): void {
    if (!conn.canWrite) return this.#refuseReader(conn, update)
    let info
    try {
      info = this.key.name === 'body' ? checkBodyUpdate(() => this.doc, update, {
                ...conn.writer(),
                agreedLock: this.#options.agreedLock?.(this.key.documentId),
                silence: this.#options.silenceLock?.(this.key.documentId),
              }) : validateUpdate(update, META_RULES)
    } catch (error) {
      if (error instanceof InvalidUpdateError) throw badMessage(error.message)
      if (error instanceof RefusedUpdateError) {
        this.#refuse(conn, update, error.message)
        if (error.retryWhenContentArrives) {
          if (this.#askAgain.refused(conn)) this.#askForMissing(conn)
        } else if (conn.wantsSaved) {
          // Refused for good: the browser's copy has diverged and is reloaded (SYNC-19).
          conn.send(encodeRefused(error.message))
        }
        return
      }
      throw error
    }
    // A step 2 brings all of the client's we lack, refused frames' content too (SYNC-18).
    if (step2) conn.held = refusalsMadeGood(conn.held)
    if (info.empty) {
      // A client reconnecting with nothing we lack still needs to learn that all it holds is saved.
      this.#ackWhenSettled(conn)
      return
    }
    this.#changed = false
    this.#writerAck = null
    const hadPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null
    this.#echoToWriter = hadPending
    try {
      Y.applyUpdate(this.doc, update, conn)
    } catch (error) {
      throw badMessage(`update rejected while applying: ${(error as Error).message}`)
    } finally {
      this.#echoToWriter = false
    }
    // Content Yjs holds back (it builds on what we have not seen) stops this connection's
    // acknowledgements before this frame until it is in and committed (SYNC-13).
    const needs = stillNeeded(this.doc, update)
    if (needs) conn.held = hold(conn.held, conn.updateFrames, needs)
    // The change this update made (if any) is acknowledged with its commit, counting only
    // the frames all of whose content is in.
    // (Set from Yjs' 'update' event during applyUpdate, which TypeScript cannot see.)
    const writerAck = this.#writerAck as Saved | null
    if (writerAck) writerAck.frames = this.#ackableFrames(conn)
    this.#writerAck = null
    // This update completed what other clients had sent ahead of their dependencies: their
    // content is now in, and committed with this update, so they are told it is saved (LOAD-2).
    if (hadPending) {
      for (const other of this.connections) {
        if (other !== conn && other.held && arrived(this.doc, other.held)) this.#ackWhenSettled(other)
      }
    }
    // Nothing new (a resend of what we hold, or content held back): acknowledge once whatever
    // is pending has committed, as far as this connection's held frames allow. Another
    // client's orphan update waiting in the store does not withhold anyone else's (HOST-9).
    if (!this.#changed && !needs) this.#ackWhenSettled(conn)
  }

  /** How many of the connection's frames may be acknowledged: all, or those before its first held one. */
  #ackableFrames(conn: Connection): number {
    if (conn.held && !arrived(this.doc, conn.held)) return conn.held.firstFrame - 1
    conn.held = null
    return conn.updateFrames
  }

  /** What a client holding `stateVector` lacks, as an update (from the stored bytes when no Y.Doc is built). */
  #missingFrom(stateVector: Map<number, number>): Uint8Array {
    const state = this.#state
    if (!state) return withoutPending(this.doc, () => Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(stateVector)))
    return stateVector.size === 0 ? state : Y.diffUpdate(state, Y.encodeStateVector(stateVector))
  }

  #ackWhenSettled(conn: Connection): void {
    // Held frames mean a built document (the check builds it again after an idle release).
    const frames = conn.held ? this.#ackableFrames(conn) : conn.updateFrames
    const state = this.#doc ? null : this.#state
    if (state && !this.#stateVector) {
      // Not built: what is committed is exactly these bytes. Their state vector is read off
      // them once what was sent to this client (the draft, just now) has left (PERF-2).
      void this.settled().then(() =>
        conn.afterFlush(() => {
          const stateVector = this.#state === state ? this.#encodeStateVector() : Y.encodeStateVectorFromUpdate(state)
          this.#deliveries.queueAck(conn, { stateVector, frames })
        }),
      )
      return
    }
    const saved = { stateVector: this.#encodeStateVector(), frames }
    void this.settled().then(() => this.#deliveries.queueAck(conn, saved))
  }

  /** A reader's frame is refused before the validator reads it; only a reconnecting reader's
   * answer to our step 1 (everything it holds, nothing new) passes silently (WSAUTH-1). */
  #refuseReader(conn: Connection, update: Uint8Array): void {
    let nothingNew
    try {
      nothingNew = isEmptyUpdate(update) || addsNothing(this.doc, update)
    } catch (error) {
      throw badMessage(`undecodable update: ${(error as Error).message}`)
    }
    if (nothingNew) return
    this.#refuse(conn, update, this.key.name === 'meta' ? 'review data is written by the server only' : `read-only access (${conn.role})`)
  }

  /**
   * A write this connection may not make: permission-denied, one log line, audited; nothing is
   * applied, stored or broadcast; the connection stays open and the browser keeps its copy.
   */
  #refuse(conn: Connection, update: Uint8Array, reason: string): void {
    // Never stored, so never counted as saved by a later acknowledgement (SYNC-13).
    conn.held = refuseFrame(conn.held, conn.updateFrames)
    conn.log.warn({ bytes: update.length, role: conn.role, reason }, 'write refused')
    conn.send(encodePermissionDenied(reason))
    this.#options.onWriteDenied(conn, reason)
  }

  /** Set when applying an update produced a change (Yjs emits 'update' synchronously). */
  #changed = false
  /** The acknowledgement of the change the update being applied made, its frame count still to fill in. */
  #writerAck: Saved | null = null
  /** Set while applying into a document holding content that waits for its dependencies: the
   * change may carry other clients' content the writer has not seen, so it receives it too (LOAD-2). */
  #echoToWriter = false

  /** The paragraphs the transaction being committed touched, when a client wrote it (AUTHOR-1). */
  #touches: AuthorshipTouch[] | null = null

  #commitAndBroadcast(update: Uint8Array, origin: unknown): void {
    this.#changed = true
    const touches = this.#touches
    this.#touches = null
    if (this.#failed) return
    // Committed elsewhere: only passed on. Unless it completed content our clients sent ahead
    // of what it builds on, which is in this change and committed nowhere yet (SYNC-16).
    if (origin === REMOTE_ORIGIN && !this.#remoteCompletesHeld) {
      this.#deliveries.broadcast(update, null)
      this.#askAgainWaiting()
      return
    }
    const writer = isConnection(origin, this.connections) ? origin : null
    const except = this.#echoToWriter ? null : writer
    // The frame count is filled in once the update is applied and what it left held is known.
    const saved = writer ? { stateVector: Y.encodeStateVector(this.doc), frames: 0 } : null
    if (saved) this.#writerAck = saved
    this.#uncommitted += 1
    this.#changedHere = true
    const received = performance.now()
    const author = writer && touches && touches.length > 0 ? { userId: writer.user.id, delegation: writer.user.delegation, touches } : undefined
    this.#options.committer.append(this.key, update, author).then(
      () => {
        this.#uncommitted -= 1
        if (this.#failed) return
        this.#logLength += 1
        this.#deliveries.queueBroadcast(update, except)
        if (writer) this.#options.metrics?.broadcast((performance.now() - received) / 1000)
        if (writer && saved) this.#deliveries.queueAck(writer, saved)
        this.#options.publish(this.key, 'update', update)
        if (writer) this.#options.onClientCommit?.(this.key, writer)
        this.#askAgainWaiting()
        this.#maybeCompact()
      },
      (error: unknown) => this.#fail(error),
    )
  }

  /** Writers whose deletion of content not here yet was refused, to ask again (SYNC-18). */
  readonly #askAgain = new AskAgain()

  #askForMissing(conn: Connection): void {
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
  }

  #askAgainWaiting(): void {
    for (const conn of this.#askAgain.contentArrived() ?? []) if (this.connections.has(conn)) this.#askForMissing(conn)
  }

  /** An update another instance committed: pass it on to this instance's clients. */
  applyRemoteUpdate(update: Uint8Array): void {
    const doc = this.doc
    this.#remoteCompletesHeld = doc.store.pendingStructs !== null || doc.store.pendingDs !== null
    try {
      Y.applyUpdate(doc, update, REMOTE_ORIGIN)
    } catch (error) {
      this.#options.log.error({ err: error, key: this.key }, 'fanned-out update could not be applied; resynchronising from storage')
      void this.resync()
    } finally {
      this.#remoteCompletesHeld = false
    }
    // Held content it completed is committed with the change above; its writers are told then.
    for (const conn of this.connections) if (conn.held && arrived(doc, conn.held)) this.#ackWhenSettled(conn)
  }

  /** Set while applying another instance's update into a document holding pending content. */
  #remoteCompletesHeld = false

  applyRemoteAwareness(update: Uint8Array): void {
    this.#presenceOf.applyRemote(update)
  }

  /** Catches up with everything committed to storage (after fan-out messages were lost). */
  async resync(): Promise<void> {
    const stored = await this.#options.storage.loadLog(this.key)
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
    if (parts.length === 0 || this.#failed) return
    this.applyRemoteUpdate(Y.diffUpdate(Y.mergeUpdates(parts), Y.encodeStateVector(this.doc)))
  }

  #maybeCompact(): void {
    if (!this.#compaction && this.#logLength >= this.#compactAt) this.#queueCompaction(false)
  }

  /** Off the hot path, behind every compaction queued before it (PERF-6). */
  #queueCompaction(build: boolean): Promise<void> {
    const queued = this.#options.compactions.run(() => this.#compact(build)).then(() => {
      if (this.#compaction === queued) this.#compaction = null
    })
    return (this.#compaction = queued)
  }

  /**
   * Folds the stored log into one snapshot: the built Y.Doc's state on a single instance (it
   * holds everything stored, deleted text collected), the stored parts merged otherwise (PERF-3).
   */
  async #compact(build: boolean): Promise<void> {
    if (this.#failed || this.#gone) return
    // Rebuilt if it was released while idle (PERF-5): folding before unload needs the Y.Doc.
    if (build) void this.doc
    try {
      const folded = await this.#options.storage.compact(this.key, (parts) => {
        const doc = this.#doc
        return doc && this.#options.soleWriter ? Y.encodeStateAsUpdate(doc) : Y.mergeUpdates(parts)
      })
      this.#logLength = Math.max(0, this.#logLength - folded)
    } catch (error) {
      this.#options.log.error({ err: error, key: this.key }, 'compaction failed; the log is kept as it was')
    }
  }

  /**
   * Before unloading a draft changed here, its log tail is folded (after a compaction already
   * queued), so the next open reads one snapshot and serves it as it is (PERF-2, PERF-3).
   */
  async compactBeforeUnload(): Promise<void> {
    await this.#compaction
    if (this.#logLength === 0 || !this.#changedHere || this.#failed) return
    await this.#queueCompaction(true)
  }

  #fail(error: unknown): void {
    if (this.#failed) return
    this.#failed = true
    this.#options.log.error({ err: error, key: this.key }, 'commit failed; closing the document so clients resend from their copies')
    const reason = retryAfterReason('storage failure', this.#options.retryAfterMs?.() ?? 0)
    for (const conn of this.connections) conn.close(CloseCode.storageFailure, reason)
    this.#options.onFailure(this)
  }
}

/** The state vector of a document with nothing in it. */
const EMPTY_STATE_VECTOR = new Uint8Array([0])

/** A Yjs document with nothing in it, encoded. */
const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc())

function isConnection(origin: unknown, connections: Set<Connection>): origin is Connection {
  return connections.has(origin as Connection)
}


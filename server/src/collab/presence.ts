/**
 * Presence (y-protocols awareness) of one live document: who is here and where their caret
 * is. Kept honest (nobody speaks for another connection's ids, every `user` is the session's
 * identity), batched (PERF-1) and passed to the other instances through the fan-out.
 */
import type * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { CloseCode, encodeAwarenessMessage, type PresenceEntry } from '@consenso/protocol'
import type { Connection } from './connection.ts'
import { PreparedMessage } from './socket.ts'
import { badMessage, ProtocolError } from './errors.ts'
import { DEFAULT_MAX_PRESENCE_BYTES } from './rate-budget.ts'

/** Awareness changes are sent in batches, at most one message per client per window (PERF-1). */
const AWARENESS_BATCH_MS = 50

/** Origin of presence changes another server instance announced (fan-out). */
export const REMOTE_PRESENCE = Symbol('consenso-remote-presence')

export interface PresenceHost {
  /** The connections of the document, who receive every batch. */
  readonly connections: Set<Connection>
  /** Tells the other instances about presence announced here. */
  publish(payload: Uint8Array): void
  /** Reports a fanned-out update that could not be applied. */
  onRemoteError(error: unknown): void
}

/** What y-protocols' Awareness reports with each 'update' event. */
interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

type Owner = Connection | typeof REMOTE_PRESENCE

export class Presence {
  readonly #host: PresenceHost
  #awareness: awarenessProtocol.Awareness | null = null
  // Created on first use: an idle draft should not carry empty collections (MEM-1).
  /** Which connection announced each awareness id, or REMOTE_PRESENCE for other instances' clients. */
  #ownersMap: Map<number, Owner> | null = null
  /** Awareness ids changed since the last flush, and those of them announced on this instance. */
  #batchSet: Set<number> | null = null
  #toPublishSet: Set<number> | null = null
  #timer: NodeJS.Timeout | null = null
  #stopped = false

  constructor(host: PresenceHost) {
    this.#host = host
  }

  get #owners(): Map<number, Owner> {
    return (this.#ownersMap ??= new Map())
  }
  get #batch(): Set<number> {
    return (this.#batchSet ??= new Set())
  }
  get #toPublish(): Set<number> {
    return (this.#toPublishSet ??= new Set())
  }

  /** The awareness, created when the first client announces itself. */
  get awareness(): awarenessProtocol.Awareness {
    if (this.#awareness) return this.#awareness
    // Awareness only reads a doc's clientID and its destroy event, so it gets a stand-in of
    // its own rather than forcing the body's Y.Doc to be built; destroy() stops it.
    const holder = { clientID: randomClientId(), on: () => {}, off: () => {} }
    const awareness = new awarenessProtocol.Awareness(holder as unknown as Y.Doc)
    // The server is not a participant: it must not appear in anyone's presence list.
    awareness.setLocalState(null)
    awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.#onUpdate(changes, origin))
    this.#awareness = awareness
    return awareness
  }

  /** Tells a client who is here (on joining, or when it asks). */
  greet(conn: Connection, evenIfEmpty = false): void {
    const states = this.#awareness?.getStates()
    if (evenIfEmpty || (states && states.size > 0)) conn.send(this.#encode([...(states?.keys() ?? [])]))
  }

  /** Removes what a leaving connection announced (sent with the next batch). */
  remove(conn: Connection): void {
    if (this.#awareness && conn.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.#awareness, [...conn.awarenessClients], null)
    }
  }

  /**
   * Applies a client's awareness update after making it honest: entries for awareness ids
   * another connection owns are dropped (nobody removes or edits someone else's presence),
   * and every state's `user` is replaced by the identity of the session behind this
   * connection (nobody appears as someone else).
   */
  handle(conn: Connection, decoder: decoding.Decoder): void {
    let entries: AwarenessEntry[]
    const maxBytes = conn.budget.limits.maxPresenceBytes ?? DEFAULT_MAX_PRESENCE_BYTES
    try {
      entries = decodeAwarenessUpdate(decoding.readVarUint8Array(decoder), maxBytes)
    } catch (error) {
      if (error instanceof ProtocolError) throw error
      throw badMessage('undecodable awareness update')
    }
    const identity = { name: conn.user.name, delegation: conn.user.delegation, color: conn.user.color }
    const awareness = this.awareness
    const honest = entries
      .filter(({ clientId }) => clientId !== awareness.clientID)
      .filter(({ clientId }) => conn.awarenessClients.has(clientId) || !this.#ownedByOther(conn, clientId))
      .map((entry) =>
        entry.state !== null && typeof entry.state === 'object'
          ? { ...entry, state: { ...(entry.state as Record<string, unknown>), user: identity } }
          : { ...entry, state: null },
      )
    if (honest.length === 0) return
    awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessEntries(honest), conn)
  }

  /** Presence another instance announced. */
  applyRemote(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_PRESENCE)
    } catch (error) {
      this.#host.onRemoteError(error)
    }
  }

  /** Who is in the document now, as announced in awareness (for the portal). */
  list(): PresenceEntry[] {
    const people: PresenceEntry[] = []
    if (!this.#awareness) return people
    for (const state of this.#awareness.getStates().values()) {
      const user = (state as { user?: Record<string, unknown> }).user
      if (!user) continue
      const str = (value: unknown, max: number): string => (typeof value === 'string' ? value.slice(0, max) : '')
      people.push({ name: str(user.name, 80), delegation: str(user.delegation, 16), color: str(user.color, 16) })
    }
    return people
  }

  /**
   * Shutdown: removes everyone's presence and sends (and publishes) the removals now, while
   * the fan-out is still open, so other instances drop these carets instead of showing them
   * until they time out. Nothing is sent or published afterwards.
   */
  removeAllNow(): void {
    for (const conn of this.#host.connections) this.remove(conn)
    this.flush()
    this.stop()
  }

  stop(): void {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#awareness?.destroy()
  }

  #ownedByOther(conn: Connection, clientId: number): boolean {
    const owner = this.#owners.get(clientId)
    return owner !== undefined && owner !== conn
  }

  #onUpdate({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    const remote = origin === REMOTE_PRESENCE
    if (remote || this.#host.connections.has(origin as Connection)) {
      for (const id of [...added, ...updated]) {
        if (!remote) (origin as Connection).awarenessClients.add(id)
        this.#owners.set(id, origin as Owner)
      }
    }
    for (const id of removed) {
      const owner = this.#owners.get(id)
      if (owner !== undefined && owner !== REMOTE_PRESENCE) owner.awarenessClients.delete(id)
      this.#owners.delete(id)
    }
    if (this.#stopped) return
    for (const id of [...added, ...updated, ...removed]) {
      this.#batch.add(id)
      if (!remote) this.#toPublish.add(id)
    }
    if (this.#batch.size > 0 && !this.#timer) this.#timer = setTimeout(() => this.flush(), AWARENESS_BATCH_MS)
  }

  /**
   * Sends every awareness change of the last window as one message to each client: twenty
   * carets moving ten times a second cost each client at most 1000 / AWARENESS_BATCH_MS
   * messages a second instead of two hundred, and the server one encoding per window.
   */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#stopped || !this.#batchSet || this.#batchSet.size === 0) return
    const message = new PreparedMessage(this.#encode([...this.#batch]))
    for (const conn of this.#host.connections) conn.send(message)
    if (this.#toPublish.size > 0) this.#host.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.#toPublish]))
    this.#batch.clear()
    this.#toPublish.clear()
  }

  #encode(clients: number[]): Uint8Array {
    return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
  }
}

interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
}

/** A random 32-bit client id, as Yjs gives a Y.Doc, for the awareness stand-in. */
function randomClientId(): number {
  return Math.floor(Math.random() * 0x100000000)
}

/** Reads y-protocols' awareness update format: count, then (client id, clock, JSON state). */
function decodeAwarenessUpdate(update: Uint8Array, maxStateBytes: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  if (count > 10_000) throw new Error('too many awareness entries')
  const entries = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const json = decoding.readVarString(decoder)
    // Every client receives every state, and the server keeps them: a caret needs a few
    // hundred bytes, not megabytes (ABUSE-2). Counted in characters (UTF-16 units).
    if (json.length > maxStateBytes) {
      throw new ProtocolError(CloseCode.presenceTooLarge, `presence state over ${maxStateBytes} bytes`)
    }
    const state: unknown = JSON.parse(json)
    entries.push({ clientId, clock, state })
  }
  return entries
}

function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, JSON.stringify(state))
  }
  return encoding.toUint8Array(encoder)
}

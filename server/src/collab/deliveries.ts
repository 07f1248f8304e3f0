/**
 * What a live document sends once its commits resolve: the updates of one commit group as one
 * message (PERF-4), and each connection's acknowledgements of one turn as one `saved` (SYNC-4).
 * Both wait for the end of the current turn (a microtask), so that everything a group commit
 * resolves in one turn leaves together, after the reactions already queued for it.
 */
import * as Y from 'yjs'
import { encodeSaved, encodeSyncUpdate, type Saved } from '@consenso/protocol'
import type { Connection } from './connection.ts'
import { PreparedMessage } from './socket.ts'

export class Deliveries {
  readonly #connections: ReadonlySet<Connection>
  /** True once the document failed: nothing more goes out. */
  readonly #stopped: () => boolean
  /** Updates committed in the current commit group, sent together once they have all resolved. */
  #outgoing: { update: Uint8Array; except: Connection | null }[] = []
  /** Connections with an acknowledgement queued for the end of this turn. */
  #acks: Map<Connection, Saved> | null = null

  constructor(connections: ReadonlySet<Connection>, stopped: () => boolean) {
    this.#connections = connections
    this.#stopped = stopped
  }

  /** Whether a broadcast is waiting for the end of the turn. */
  get pending(): boolean {
    return this.#outgoing.length > 0
  }

  /** Sends `update` with the rest of its commit group, to everyone but `except` (its writer). */
  queueBroadcast(update: Uint8Array, except: Connection | null): void {
    this.#outgoing.push({ update, except })
    if (this.#outgoing.length === 1) queueMicrotask(() => this.#flush())
  }

  #flush(): void {
    const group = this.#outgoing
    this.#outgoing = []
    if (group.length === 0 || this.#stopped()) return
    if (group.length === 1) return this.broadcast(group[0]!.update, group[0]!.except)
    // A writer is left out only when all of the group is its own; others get theirs back,
    // which Yjs applies as nothing.
    const first = group[0]!.except
    const except = first !== null && group.every((entry) => entry.except === first) ? first : null
    this.broadcast(Y.mergeUpdates(group.map((entry) => entry.update)), except)
  }

  /** Sends `update` now, encoded once for every connection but `except`. */
  broadcast(update: Uint8Array, except: Connection | null): void {
    const message = new PreparedMessage(encodeSyncUpdate(update))
    for (const conn of this.#connections) if (conn !== except) conn.send(message)
  }

  /** Coalesces the acknowledgements of one turn into one `saved` message per connection. */
  queueAck(conn: Connection, saved: Saved): void {
    if (!conn.wantsSaved || conn.closed) return
    const acks = (this.#acks ??= new Map())
    const queued = acks.get(conn)
    // Never acknowledge fewer frames than before, whatever order the commits resolve in.
    acks.set(conn, queued && queued.frames > saved.frames ? queued : saved)
    if (queued) return
    queueMicrotask(() => {
      const latest = acks.get(conn)
      acks.delete(conn)
      if (latest) conn.send(encodeSaved(latest))
    })
  }

  /** A connection that left is owed nothing. */
  forget(conn: Connection): void {
    this.#acks?.delete(conn)
  }
}

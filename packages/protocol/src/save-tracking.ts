/**
 * The client's half of `saved` (the provider glue): which local changes the server has not
 * yet confirmed as committed. Used by the browser client (client/src/collab/pending.ts adds
 * its localStorage copy), by the test clients (tests/helpers/clients.ts) and by the in-memory
 * sync harness, so all three count frames the same way.
 *
 * Each local Yjs change is remembered as [clientID, clock after it] with the number of the
 * update frame of the current connection that carried it (null until one has). A `saved`
 * message says how many of this connection's update frames are committed; every change
 * carried by one of those is confirmed. Frames, not clocks, because a deletion does not move
 * the Yjs clock: a state-vector acknowledgement would confirm it too early (or never).
 *
 * After a reconnect, earlier unconfirmed changes travel again in the sync step 2 the client
 * sends (it holds everything the server lacks and the whole delete set), so they are
 * re-assigned to that frame.
 */
import { isSyncStep2Frame, isUpdateFrame } from './wire.ts'

export type PendingPair = [clientId: number, clock: number]

interface PendingChange {
  clientId: number
  clock: number
  /** The update frame of the current connection that carries this change, if sent. */
  frame: number | null
}

export class SaveTracker {
  #changes: PendingChange[]
  #framesSent = 0

  /** `unsent`: changes known to wait from before (a reload, an earlier connection's client). */
  constructor(unsent: readonly PendingPair[] = []) {
    this.#changes = unsent.map(([clientId, clock]) => ({ clientId, clock, frame: null }))
  }

  /** Changes not yet confirmed. */
  get count(): number {
    return this.#changes.length
  }

  /** Update frames sent on the current connection. */
  get framesSent(): number {
    return this.#framesSent
  }

  /** A new connection: frame numbers start again and nothing has been sent on it yet. */
  connectionOpened(): void {
    this.#framesSent = 0
    for (const change of this.#changes) change.frame = null
  }

  /**
   * Call with every frame sent on the connection, before or as it leaves. Counts update
   * frames; a sync step 2 carries every change not yet sent on this connection. Returns
   * whether the frame is an update frame.
   */
  frameSent(frame: Uint8Array): boolean {
    if (!isUpdateFrame(frame)) return false
    this.#framesSent += 1
    if (isSyncStep2Frame(frame)) {
      for (const change of this.#changes) change.frame ??= this.#framesSent
    }
    return true
  }

  /**
   * A local change, [clientId, clock after it]; `sent` when the update frame counted last
   * carries it (the provider sends a change as it happens, while connected).
   */
  changed(clientId: number, clock: number, sent: boolean): void {
    this.#changes.push({ clientId, clock, frame: sent ? this.#framesSent : null })
  }

  /** A `saved` message for `frames` of this connection's frames. True if anything was confirmed. */
  saved(frames: number): boolean {
    const before = this.#changes.length
    this.#changes = this.#changes.filter((change) => change.frame === null || change.frame > frames)
    return this.#changes.length !== before
  }

  /** The changes still waiting, as pairs (for a copy kept across a reload). */
  pairs(): PendingPair[] {
    return this.#changes.map(({ clientId, clock }): PendingPair => [clientId, clock])
  }
}

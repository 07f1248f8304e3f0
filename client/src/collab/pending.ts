/**
 * Local changes the server has not yet confirmed as committed.
 *
 * Each local Yjs update is remembered as [clientID, clock after it] together with the
 * number of the websocket frame that carried it to the server (null until one has). A
 * `saved` message says how many of this connection's update frames are committed; every
 * change carried by one of those is confirmed. Frames, not clocks, because a deletion does
 * not move the Yjs clock: a state-vector acknowledgement would confirm it too early.
 *
 * After a reconnect, earlier unconfirmed changes travel again in the sync step 2 the client
 * sends (it holds everything the server lacks and the whole delete set), so they are
 * re-assigned to that frame. Pairs are kept per document in localStorage, so after a reload
 * while offline the page still says how many changes wait on this device (the changes
 * themselves are in IndexedDB).
 */
export type PendingPair = [clientId: number, clock: number]

interface PendingChange {
  clientId: number
  clock: number
  /** The update frame of the current connection that carries this change, if sent. */
  frame: number | null
}

export const pendingStorageKey = (documentId: string): string => `consenso:pending:${documentId}`

function isPair(value: unknown): value is PendingPair {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isSafeInteger(value[0]) &&
    Number.isSafeInteger(value[1])
  )
}

export class PendingChanges {
  readonly #key: string
  #changes: PendingChange[]
  #persistTimer: number | null = null
  /** Clients whose pairs this tab tracks: those it loaded, and its own. */
  readonly #tracked = new Set<number>()
  /** Highest clock the server confirmed per client, to prune other tabs' stored pairs too. */
  readonly #confirmed = new Map<number, number>()

  constructor(documentId: string) {
    this.#key = pendingStorageKey(documentId)
    this.#changes = this.#load().map(([clientId, clock]) => ({ clientId, clock, frame: null }))
    for (const { clientId } of this.#changes) this.#tracked.add(clientId)
  }

  get count(): number {
    return this.#changes.length
  }

  /** Records a local change; `frame` is the update frame that just carried it, if any. */
  add(clientId: number, clock: number, frame: number | null): void {
    this.#tracked.add(clientId)
    this.#changes.push({ clientId, clock, frame })
    this.#schedulePersist()
  }

  /** A new connection: frame numbers start again and nothing has been sent on it yet. */
  resetFrames(): void {
    for (const change of this.#changes) change.frame = null
  }

  /** The sync step 2 numbered `frame` carries every change not yet sent on this connection. */
  assignUnsent(frame: number): void {
    for (const change of this.#changes) change.frame ??= frame
  }

  /**
   * Drops the changes carried by frames up to `frames` of this connection; `stateVector`
   * prunes other tabs' stored pairs. True if anything was dropped.
   */
  acknowledge(frames: number, stateVector: Map<number, number>): boolean {
    for (const [client, clock] of stateVector) {
      if (clock > (this.#confirmed.get(client) ?? 0)) this.#confirmed.set(client, clock)
    }
    const before = this.#changes.length
    this.#changes = this.#changes.filter((change) => change.frame === null || change.frame > frames)
    if (this.#changes.length === before) return false
    this.#schedulePersist()
    return true
  }

  /** Writes now; called when the page is hidden or the session ends. */
  flush(): void {
    if (this.#persistTimer !== null) {
      window.clearTimeout(this.#persistTimer)
      this.#persistTimer = null
    }
    try {
      // Another tab on the same draft writes the same key: keep its pairs, minus what the
      // server has confirmed to us since.
      const others = this.#load().filter(
        ([client, clock]) => !this.#tracked.has(client) && clock > (this.#confirmed.get(client) ?? 0),
      )
      const pairs = others.concat(this.#changes.map(({ clientId, clock }): PendingPair => [clientId, clock]))
      if (pairs.length === 0) localStorage.removeItem(this.#key)
      else localStorage.setItem(this.#key, JSON.stringify(pairs))
    } catch {
      // Without storage the count is only lost across a reload; the changes are not.
    }
  }

  // Typing produces one update per keystroke: batch the writes, but keep the delay short
  // enough that a reload right after going offline still finds an accurate count.
  #schedulePersist(): void {
    if (this.#persistTimer !== null) return
    this.#persistTimer = window.setTimeout(() => {
      this.#persistTimer = null
      this.flush()
    }, 150)
  }

  #load(): PendingPair[] {
    try {
      const raw = localStorage.getItem(this.#key)
      if (!raw) return []
      const value: unknown = JSON.parse(raw)
      return Array.isArray(value) ? value.filter(isPair) : []
    } catch {
      return []
    }
  }
}

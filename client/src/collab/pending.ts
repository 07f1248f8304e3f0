/**
 * Local changes the server has not yet confirmed as committed, kept across a reload.
 *
 * The counting itself (frames per connection, `saved`) is @consenso/protocol's SaveTracker,
 * shared with the test clients. This adds the copy in localStorage: pairs [clientID, clock]
 * per document, so after a reload while offline the page still says how many changes wait on
 * this device (the changes themselves are in IndexedDB).
 */
import { SaveTracker, type PendingPair } from '@consenso/protocol'

const PERSIST_DELAY_MS = 1000

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
  readonly tracker: SaveTracker
  #persistTimer: number | null = null
  /** Clients whose pairs this tab tracks: those it loaded, and its own. */
  readonly #tracked = new Set<number>()
  /** Highest clock the server confirmed per client, to prune other tabs' stored pairs too. */
  readonly #confirmed = new Map<number, number>()

  constructor(documentId: string) {
    this.#key = pendingStorageKey(documentId)
    const loaded = this.#load()
    this.tracker = new SaveTracker(loaded)
    for (const [clientId] of loaded) this.#tracked.add(clientId)
  }

  get count(): number {
    return this.tracker.count
  }

  /** Records a local change; `sent` when the update frame counted last carries it. */
  add(clientId: number, clock: number, sent: boolean): void {
    this.#tracked.add(clientId)
    this.tracker.changed(clientId, clock, sent)
    this.#schedulePersist()
  }

  /**
   * A `saved` message: drops the changes carried by frames up to `frames` of this connection;
   * `stateVector` prunes other tabs' stored pairs. True if anything was dropped.
   */
  acknowledge(frames: number, stateVector: Map<number, number>): boolean {
    for (const [client, clock] of stateVector) {
      if (clock > (this.#confirmed.get(client) ?? 0)) this.#confirmed.set(client, clock)
    }
    if (!this.tracker.saved(frames)) return false
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
      const pairs = others.concat(this.tracker.pairs())
      if (pairs.length === 0) localStorage.removeItem(this.#key)
      else localStorage.setItem(this.#key, JSON.stringify(pairs))
    } catch {
      // Without storage the count is only lost across a reload; the changes are not.
    }
  }

  // Typing produces one update per keystroke: batch the writes (each reads and writes
  // localStorage, synchronously). A reload or a closed tab writes at once (pagehide), so the
  // delay only bounds what a crash may miscount.
  #schedulePersist(): void {
    if (this.#persistTimer !== null) return
    this.#persistTimer = window.setTimeout(() => {
      this.#persistTimer = null
      this.flush()
    }, PERSIST_DELAY_MS)
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

/**
 * Local changes the server has not yet confirmed as committed.
 *
 * Each local Yjs update is remembered as [clientID, clock after it]. A `saved` message
 * carries the state vector of what the server has on disk; every pair it covers is
 * confirmed. Pairs are kept per document in localStorage, so after a reload while offline
 * the page still says how many changes wait on this device (the changes themselves are in
 * IndexedDB, and reach the server through the state-vector sync on reconnect).
 *
 * Known limit of a state-vector acknowledgement: a pure deletion does not advance the
 * clock, so its pair can be confirmed by a `saved` message for the insertion typed just
 * before it. The window is one round trip; the deletion itself is still resent on reconnect.
 */
export type PendingPair = [clientId: number, clock: number]

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
  #pairs: PendingPair[]
  #persistTimer: number | null = null
  /** Clients whose pairs this tab tracks: those it loaded, and its own. */
  readonly #tracked = new Set<number>()
  /** Highest clock the server confirmed per client, to prune other tabs' stored pairs too. */
  readonly #confirmed = new Map<number, number>()

  constructor(documentId: string) {
    this.#key = pendingStorageKey(documentId)
    this.#pairs = this.#load()
    for (const [client] of this.#pairs) this.#tracked.add(client)
  }

  get count(): number {
    return this.#pairs.length
  }

  add(clientId: number, clock: number): void {
    this.#tracked.add(clientId)
    this.#pairs.push([clientId, clock])
    this.#schedulePersist()
  }

  /** Drops what `stateVector` (client → next expected clock) covers; true if anything was dropped. */
  acknowledge(stateVector: Map<number, number>): boolean {
    for (const [client, clock] of stateVector) {
      if (clock > (this.#confirmed.get(client) ?? 0)) this.#confirmed.set(client, clock)
    }
    const before = this.#pairs.length
    this.#pairs = this.#pairs.filter(([client, clock]) => clock > (stateVector.get(client) ?? 0))
    if (this.#pairs.length === before) return false
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
      const pairs = others.concat(this.#pairs)
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

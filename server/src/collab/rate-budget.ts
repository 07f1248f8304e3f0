/**
 * A token bucket per connection for messages and for bytes, so one client flooding a
 * draft cannot starve the others. The clock is injected for deterministic tests.
 */
export interface RateLimits {
  /** Messages a connection may send in a burst. */
  messageBurst: number
  /** Messages per second refilled. */
  messagesPerSecond: number
  /** Bytes a connection may send in a burst (at least one maximal frame). */
  byteBurst: number
  /** Bytes per second refilled. */
  bytesPerSecond: number
  /**
   * A connection whose unsent data (queued at the server for a client that does not read)
   * passes this many bytes is closed with 4509 rather than written to (ABUSE-1). Default 8 MiB.
   */
  maxUnsentBytes?: number
  /** The largest presence (awareness) state one entry may carry, in characters of JSON (ABUSE-2). Default 8 K. */
  maxPresenceBytes?: number
  /** Websockets one person may have open on an instance (both channels count); more close with 4430 (ABUSE-3). Default 64. */
  maxConnectionsPerPerson?: number
  /** Structs (items, deletions' runs excluded) one update may carry; more is refused before it is applied (ABUSE-4). Default 100 000. */
  maxStructsPerUpdate?: number
  /**
   * Replies to sync step 1 (up to the whole draft each) a connection may have waiting to leave
   * for the network; asking again past this closes it with 4429 (ABUSE-5). Default 4.
   */
  maxOutstandingSyncReplies?: number
}

export const DEFAULT_MAX_CONNECTIONS_PER_PERSON = 64

export const DEFAULT_MAX_UNSENT_BYTES = 8 * 1024 * 1024
export const DEFAULT_MAX_PRESENCE_BYTES = 8 * 1024
/**
 * A reader's frames (ABUSE-7): its state vector (at most ten bytes per client that ever wrote)
 * and its presence; a megabyte leaves room for a hundred thousand writers.
 */
export const READER_MAX_FRAME_BYTES = 1024 * 1024
// A 30,000-paragraph paste with formatting is some 100,000 structs; typing merges into far fewer.
export const DEFAULT_MAX_STRUCTS_PER_UPDATE = 100_000
// A browser asks once per connection; a few allow for a slow link and a reconnecting client.
export const DEFAULT_MAX_OUTSTANDING_SYNC_REPLIES = 4

/** Shared by every budget: a default parameter written inline would be a closure per connection. */
const performanceNow = (): number => performance.now()

export class RateBudget {
  #messages: number
  #bytes: number
  #last: number
  readonly #limits: RateLimits
  readonly #now: () => number

  /** The limits this budget was made with (the connection reads its other limits here). */
  get limits(): RateLimits {
    return this.#limits
  }

  constructor(limits: RateLimits, now: () => number = performanceNow) {
    this.#limits = limits
    this.#now = now
    this.#messages = limits.messageBurst
    this.#bytes = limits.byteBurst
    this.#last = now()
  }

  /** Spends one message of `bytes`; false when the budget is exhausted. */
  spend(bytes: number): boolean {
    const now = this.#now()
    const seconds = Math.max(0, now - this.#last) / 1000
    this.#last = now
    const l = this.#limits
    this.#messages = Math.min(l.messageBurst, this.#messages + seconds * l.messagesPerSecond)
    this.#bytes = Math.min(l.byteBurst, this.#bytes + seconds * l.bytesPerSecond)
    if (this.#messages < 1 || this.#bytes < bytes) return false
    this.#messages -= 1
    this.#bytes -= bytes
    return true
  }
}

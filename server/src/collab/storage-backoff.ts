/**
 * How long clients are told to wait before reconnecting while storage fails (BACKOFF-1).
 * Without it, every client closed after a failed commit came back within a few hundred
 * milliseconds, resent, failed again and was closed again: about three attempts a second
 * each, for as long as the disk stayed full. Each failure (a commit or a load) since the last
 * durable commit doubles the wait, from `baseMs` up to `maxMs`; one durable commit resets it.
 * One object per server, shared by every draft: the trouble is the storage's, not a draft's.
 */
export interface StorageBackoffLimits {
  baseMs: number
  maxMs: number
}

export const DEFAULT_STORAGE_BACKOFF: StorageBackoffLimits = { baseMs: 1_000, maxMs: 60_000 }

export class StorageBackoff {
  readonly #limits: StorageBackoffLimits
  #failures = 0

  constructor(limits: StorageBackoffLimits = DEFAULT_STORAGE_BACKOFF) {
    this.#limits = limits
  }

  /** A commit or a load failed: the next wait is longer. Returns the wait to tell clients now. */
  failed(): number {
    this.#failures = Math.min(this.#failures + 1, 32)
    return this.retryMs
  }

  /** A commit was durable: storage works again. */
  succeeded(): void {
    this.#failures = 0
  }

  /** The wait to tell a client closed now (the base wait when nothing has failed yet). */
  get retryMs(): number {
    const { baseMs, maxMs } = this.#limits
    return Math.min(maxMs, baseMs * 2 ** Math.max(0, this.#failures - 1))
  }
}

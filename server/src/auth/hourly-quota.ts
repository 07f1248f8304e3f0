/**
 * How many drafts one person may create in an hour on this instance (ABUSE-6). Each draft
 * costs a stored record, a template or an imported file's conversion, and a line in everyone's
 * list; a script creating drafts in a loop would fill the disk and the portal. A sliding window:
 * the times of the person's last `limit` creations; the next is allowed once the oldest is an
 * hour old, and the refusal says when. Memory stays bounded: at most `maxPeople` people are
 * remembered, the least recently active dropped first (as the sign-in throttle does, AUTH-12).
 */
export interface QuotaAnswer {
  allowed: boolean
  /** Whole seconds until the next creation is allowed (0 when allowed). */
  retryAfterSeconds: number
}

export class HourlyQuota {
  readonly #limit: number
  readonly #windowMs: number
  readonly #maxPeople: number
  readonly #now: () => number
  /** Per person, the times of their recent creations, oldest first (at most `limit`). */
  readonly #recent = new Map<string, number[]>()

  constructor(limit: number, options: { windowMs?: number; maxPeople?: number; now?: () => number } = {}) {
    this.#limit = limit
    this.#windowMs = options.windowMs ?? 60 * 60_000
    this.#maxPeople = options.maxPeople ?? 10_000
    this.#now = options.now ?? Date.now
  }

  /** Counts one creation for `key` if it is within the limit; otherwise says how long to wait. */
  take(key: string): QuotaAnswer {
    const now = this.#now()
    const times = (this.#recent.get(key) ?? []).filter((at) => now - at < this.#windowMs)
    if (times.length >= this.#limit) {
      this.#remember(key, times)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.#windowMs - now) / 1000)) }
    }
    times.push(now)
    this.#remember(key, times)
    return { allowed: true, retryAfterSeconds: 0 }
  }

  /** People remembered (for tests of the bound). */
  get size(): number {
    return this.#recent.size
  }

  #remember(key: string, times: number[]): void {
    // Re-inserted so the map's order is least recently active first.
    this.#recent.delete(key)
    this.#recent.set(key, times)
    if (this.#recent.size > this.#maxPeople) this.#recent.delete(this.#recent.keys().next().value!)
  }
}

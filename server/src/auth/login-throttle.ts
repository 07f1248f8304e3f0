/**
 * Slows down password guessing: failed sign-ins are counted per account and per address in
 * a sliding window; past the limit, sign-in answers 429 until the window moves on. Counts
 * live in memory: a restart forgives, which costs an attacker a restart they cannot cause.
 */
export interface ThrottleLimits {
  windowMs: number
  perAccount: number
  perAddress: number
}

export const DEFAULT_THROTTLE: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 10, perAddress: 50 }

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>()
  readonly #limits: ThrottleLimits
  readonly #now: () => number

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE, now: () => number = Date.now) {
    this.#limits = limits
    this.#now = now
  }

  /** True when another attempt for this account or from this address must be refused. */
  blocked(account: string, address: string): boolean {
    return (
      this.#recent(`a:${account}`) >= this.#limits.perAccount || this.#recent(`i:${address}`) >= this.#limits.perAddress
    )
  }

  fail(account: string, address: string): void {
    const now = this.#now()
    for (const key of [`a:${account}`, `i:${address}`]) {
      const list = this.#failures.get(key) ?? []
      list.push(now)
      this.#failures.set(key, list)
    }
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  succeed(account: string): void {
    this.#failures.delete(`a:${account}`)
  }

  #recent(key: string): number {
    const list = this.#failures.get(key)
    if (!list) return 0
    const since = this.#now() - this.#limits.windowMs
    const kept = list.filter((t) => t > since)
    if (kept.length === 0) this.#failures.delete(key)
    else this.#failures.set(key, kept)
    return kept.length
  }
}

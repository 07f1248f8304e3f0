/**
 * Slows down password guessing: sign-in attempts are counted per account and per address in
 * a sliding window; past the limit, sign-in answers 429 until the window moves on. Counts
 * live in memory: a restart forgives, which costs an attacker a restart they cannot cause.
 *
 * An attempt is counted when it starts, before the password is hashed: attempts sent in
 * parallel all see each other's counts, so none slips past the limit while others are still
 * hashing. A successful sign-in takes its own attempt back.
 *
 * The counts are bounded: past `maxKeys` accounts (or addresses) the oldest entries go first,
 * so a flood of made-up accounts or addresses cannot grow the server's memory.
 */
export interface ThrottleLimits {
  windowMs: number
  perAccount: number
  perAddress: number
}

export const DEFAULT_THROTTLE: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 10, perAddress: 50 }

/** Accounts (and, separately, addresses) remembered at most. */
export const DEFAULT_MAX_KEYS = 10_000

/** Recent attempt times per key, oldest key first (a Map keeps insertion order). */
class Window {
  readonly #times = new Map<string, number[]>()

  constructor(readonly maxKeys: number) {}

  get size(): number {
    return this.#times.size
  }

  recent(key: string, since: number): number {
    const list = this.#times.get(key)
    if (!list) return 0
    const kept = list.filter((t) => t > since)
    if (kept.length === 0) this.#times.delete(key)
    else if (kept.length !== list.length) this.#times.set(key, kept)
    return kept.length
  }

  add(key: string, at: number): void {
    const list = this.#times.get(key)
    // Re-inserted at the end: the most recently tried key is the last to be evicted.
    this.#times.delete(key)
    this.#times.set(key, list ? [...list, at] : [at])
    while (this.#times.size > this.maxKeys) this.#times.delete(this.#times.keys().next().value!)
  }

  removeOne(key: string): void {
    const list = this.#times.get(key)
    if (!list) return
    list.pop()
    if (list.length === 0) this.#times.delete(key)
  }

  delete(key: string): void {
    this.#times.delete(key)
  }
}

export class LoginThrottle {
  readonly #accounts: Window
  readonly #addresses: Window
  readonly #limits: ThrottleLimits
  readonly #now: () => number

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE, now: () => number = Date.now, maxKeys = DEFAULT_MAX_KEYS) {
    this.#limits = limits
    this.#now = now
    this.#accounts = new Window(maxKeys)
    this.#addresses = new Window(maxKeys)
  }

  /**
   * Counts an attempt for this account from this address, unless either is over its limit:
   * then returns false and counts nothing. Call before checking the password.
   */
  attempt(account: string, address: string): boolean {
    const now = this.#now()
    const since = now - this.#limits.windowMs
    if (this.#accounts.recent(account, since) >= this.#limits.perAccount || this.#addresses.recent(address, since) >= this.#limits.perAddress) {
      return false
    }
    this.#accounts.add(account, now)
    this.#addresses.add(address, now)
    return true
  }

  /** A successful sign-in clears the account's attempts and takes its own back from the address. */
  succeed(account: string, address: string): void {
    this.#accounts.delete(account)
    this.#addresses.removeOne(address)
  }

  /** Accounts and addresses currently remembered (bounded by maxKeys each). */
  get size(): { accounts: number; addresses: number } {
    return { accounts: this.#accounts.size, addresses: this.#addresses.size }
  }
}

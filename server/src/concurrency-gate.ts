/**
 * At most `max` tasks at once, at most `maxWaiting` queued behind them; beyond that a task is
 * refused at once (GateFullError) instead of piling up. Password hashing uses it: each hash
 * holds 32 MiB and a thread-pool thread for tens of milliseconds.
 */
export class GateFullError extends Error {}

export class ConcurrencyGate {
  #active = 0
  readonly #waiting: (() => void)[] = []

  constructor(
    readonly max: number,
    readonly maxWaiting: number,
  ) {}

  get active(): number {
    return this.#active
  }

  get waiting(): number {
    return this.#waiting.length
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active < this.max) this.#active += 1
    else if (this.#waiting.length >= this.maxWaiting) throw new GateFullError(`more than ${this.max + this.maxWaiting} tasks at once`)
    // The finishing task hands its slot over: `active` stays as it is.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve))
    try {
      return await work()
    } finally {
      const next = this.#waiting.shift()
      if (next) next()
      else this.#active -= 1
    }
  }
}

/**
 * A job every instance runs at start and then on a timer (the silence sweep, the agreements
 * coming due): never two runs at once on one instance — a call while one runs joins it and
 * gets its answer — and a failure is logged, never thrown into the timer. What makes a job act
 * once across instances is the job's own conditional write, not this.
 */
export abstract class RepeatingJob {
  readonly #onError: (error: unknown) => void
  readonly #defaultEveryMs: number
  #timer: NodeJS.Timeout | null = null
  #running: Promise<number> | null = null

  constructor(onError: (error: unknown) => void, defaultEveryMs: number) {
    this.#onError = onError
    this.#defaultEveryMs = defaultEveryMs
  }

  /** One run; answers how much it did. */
  protected abstract tick(): Promise<number>

  /** Runs now, then every `everyMs` (0: only now and when asked). */
  start(everyMs = this.#defaultEveryMs): void {
    void this.runNow()
    if (everyMs <= 0) return
    this.#timer = setInterval(() => void this.runNow(), everyMs)
    this.#timer.unref()
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#running
  }

  /** Runs the job, or joins the run under way; answers its count (0 after a failure). */
  runNow(): Promise<number> {
    if (this.#running) return this.#running
    this.#running = this.tick()
      .catch((error: unknown) => {
        this.#onError(error)
        return 0
      })
      .finally(() => {
        this.#running = null
      })
    return this.#running
  }
}

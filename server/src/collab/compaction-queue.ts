/**
 * One compaction at a time for the whole process (PERF-6). Drafts started together reach their
 * compaction threshold in the same second; folding all of them at once (each a merge and an
 * fsync) stalled the event loop for up to half a second. Queued here, they run one after the
 * other, with a turn of the event loop between two of them, so the frames and commits waiting
 * meanwhile are served first.
 */

interface Task {
  run: () => Promise<void>
  resolve: () => void
}

export class CompactionQueue {
  readonly #waiting: Task[] = []
  #running: Promise<void> | null = null
  #closed = false

  /** Compactions waiting for their turn (for tests and health figures). */
  get waiting(): number {
    return this.#waiting.length
  }

  /**
   * Runs `task` once every compaction queued before it has finished; the promise settles when
   * it has run (it never rejects: a compaction reports its own failure), or was dropped at close.
   */
  run(task: () => Promise<void>): Promise<void> {
    if (this.#closed) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.#waiting.push({ run: task, resolve })
      if (!this.#running) this.#running = this.#drain()
    })
  }

  async #drain(): Promise<void> {
    let task: Task | undefined
    while ((task = this.#waiting.shift())) {
      // A turn first: the compaction never runs in the turn that asked for it (the hot path's),
      // and whatever arrived during the previous one is handled before the next.
      await new Promise<void>((resolve) => setImmediate(resolve))
      try {
        await task.run()
      } catch {
        // The task logs its own failure; the queue goes on.
      }
      task.resolve()
    }
    this.#running = null
  }

  /** Shutdown: compactions not started yet are dropped (their logs stay as they are), the running one is awaited. */
  async close(): Promise<void> {
    this.#closed = true
    for (const task of this.#waiting.splice(0)) task.resolve()
    await this.#running
  }
}

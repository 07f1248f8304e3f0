/**
 * Group commit: every update that arrives while the previous commit is running, or in the
 * same turn of the event loop, is written in one storage transaction. One fsync then covers
 * many keystrokes from many clients and many drafts.
 */
import type { DocKey, PendingWrite, Storage, WriteAuthor } from './storage.ts'

/** Told of every commit group's duration and outcome (metrics, readiness). */
export type CommitObserver = (seconds: number, error: unknown) => void

interface Batch {
  writes: PendingWrite[]
  done: Promise<void>
  resolve: () => void
  reject: (error: unknown) => void
}

function newBatch(): Batch {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const done = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A batch nobody awaits (a barrier-only batch) must not raise an unhandled rejection.
  done.catch(() => {})
  return { writes: [], done, resolve, reject }
}

export class GroupCommitter {
  #next: Batch | null = null
  #inFlight: Promise<void> | null = null
  #scheduled = false
  readonly #storage: Storage
  readonly #now: () => Date
  readonly #observe: CommitObserver | undefined

  constructor(storage: Storage, now: () => Date = () => new Date(), observe?: CommitObserver) {
    this.#storage = storage
    this.#now = now
    this.#observe = observe
  }

  /** Updates waiting for the next commit (for tests and health figures). */
  get queued(): number {
    return this.#next?.writes.length ?? 0
  }

  /** Resolves once `update` is durable; rejects if its transaction failed. */
  append(key: DocKey, update: Uint8Array, author?: WriteAuthor): Promise<void> {
    const batch = (this.#next ??= newBatch())
    batch.writes.push(author ? { key, update, author } : { key, update })
    this.#schedule()
    return batch.done
  }

  /** Resolves once everything appended before this call is durable (or has failed). */
  barrier(): Promise<void> {
    const pending = this.#next?.done ?? this.#inFlight ?? Promise.resolve()
    return pending.then(
      () => undefined,
      () => undefined,
    )
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      void this.#flush()
    })
  }

  async #flush(): Promise<void> {
    const batch = this.#next
    if (!batch) return
    this.#next = null
    const started = performance.now()
    let run: Promise<void>
    try {
      run = this.#storage.appendUpdates(batch.writes, this.#now())
    } catch (error) {
      // A storage that throws instead of rejecting must still settle the batch.
      run = Promise.reject(error)
    }
    this.#inFlight = run.then(
      () => {
        this.#observe?.((performance.now() - started) / 1000, null)
        batch.resolve()
      },
      (error: unknown) => {
        this.#observe?.((performance.now() - started) / 1000, error)
        batch.reject(error)
      },
    )
    await this.#inFlight
    this.#inFlight = null
    // What arrived while this batch was committing goes out as the next group.
    if (this.#next) this.#schedule()
  }
}

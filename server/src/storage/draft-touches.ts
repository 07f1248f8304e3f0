/**
 * When a draft's `updatedAt` is rewritten (PERF-7). Moving it at every commit rewrote the
 * draft's row and its entry in the `updated_at` index, two more pages for the commit's fsync:
 * measured alone, a one-update commit cost about a quarter more CPU and up to twice the time
 * the event loop waits for it, and with hundreds of drafts typed into at once each group commit
 * rewrote hundreds of rows. A draft's `updatedAt` is therefore written at its first body commit
 * and then at most once per `everyMs` (by the commits' own times); what the skipped commits owe
 * is written by a timer `everyMs` later, and at close. It trails the last body write by less
 * than `everyMs` plus one commit, never more; nothing reads it more finely (the list of drafts,
 * the hourly checkpoints, the date of an export).
 */

/** How far a draft's `updatedAt` may trail its last body write (PERF-7). */
export const TOUCH_EVERY_MS = 5_000

export class DraftTouches {
  readonly #everyMs: number
  /** Writes owed touches in one transaction; throws if it fails (they stay owed). */
  readonly #write: (owed: ReadonlyMap<string, string>) => void
  /** The commit time (ms since the epoch) at which each draft's `updatedAt` was last written here. */
  readonly #written = new Map<string, number>()
  /** Drafts whose latest body commit is not in their `updatedAt` yet, with that commit's time. */
  readonly #owed = new Map<string, string>()
  #timer: NodeJS.Timeout | null = null

  constructor(everyMs: number, write: (owed: ReadonlyMap<string, string>) => void) {
    this.#everyMs = everyMs
    this.#write = write
  }

  /** Of the drafts a commit at `at` writes to, those whose `updatedAt` it rewrites itself. */
  due(ids: Iterable<string>, at: Date): string[] {
    const now = at.getTime()
    const due: string[] = []
    for (const id of ids) {
      const last = this.#written.get(id)
      // A commit time before the last one written (a clock set back) is written at once.
      if (last === undefined || now - last >= this.#everyMs || now < last) due.push(id)
    }
    return due
  }

  /** After the commit at `at` succeeded: `ids` were written to, `touched` had `updatedAt` rewritten. */
  committed(ids: Iterable<string>, touched: readonly string[], at: Date): void {
    const now = at.getTime()
    const when = at.toISOString()
    for (const id of touched) {
      this.#written.set(id, now)
      this.#owed.delete(id)
    }
    for (const id of ids) if (!touched.includes(id)) this.#owed.set(id, when)
    if (this.#owed.size > 0 && !this.#timer) {
      this.#timer = setTimeout(() => this.flush(), this.#everyMs)
      this.#timer.unref()
    }
  }

  /** Writes every owed touch now (the timer, and close). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#owed.size === 0) return
    const owed = new Map(this.#owed)
    try {
      this.#write(owed)
    } catch {
      // Still owed: the next commit of the draft or the next timer writes it.
      if (!this.#timer) this.#timer = setTimeout(() => this.flush(), this.#everyMs).unref()
      return
    }
    let latest = 0
    for (const [id, when] of owed) {
      const time = Date.parse(when)
      latest = Math.max(latest, time)
      this.#written.set(id, time)
      if (this.#owed.get(id) === when) this.#owed.delete(id)
    }
    // A draft last written more than `everyMs` ago is written at its next commit anyway.
    for (const [id, time] of this.#written) if (latest - time >= this.#everyMs && !this.#owed.has(id)) this.#written.delete(id)
  }

  /** Stops the timer without writing (the database is gone). */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }
}

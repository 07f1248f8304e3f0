/**
 * Asking a writer again for what we lack, after refusing its deletion of content not here yet
 * (SYNC-18). The content may be the writer's own (a provider sends updates before its sync
 * step 2; an instance lost it uncommitted in a crash) or another client's that its writer
 * will resend. The browser keeps its copy after a refusal, so the writer gets our sync step 1
 * once at once and answers with everything we lack, its content included; refused again, it
 * is asked once more each time new content arrives. One question per arrival at most: no
 * loop, whatever a client sends.
 */
import type { Connection } from './connection.ts'

export class AskAgain {
  /** Asked since content last arrived. */
  #asked: Set<Connection> | null = null
  /** Refused again since: asked when content arrives. */
  #waiting: Set<Connection> | null = null

  /** A retryable refusal of `conn`'s frame: true when it is to be asked now, false when it waits. */
  refused(conn: Connection): boolean {
    const asked = (this.#asked ??= new Set())
    if (!asked.has(conn)) {
      asked.add(conn)
      return true
    }
    ;(this.#waiting ??= new Set()).add(conn)
    return false
  }

  /**
   * New content is in the document: who is to be asked again now (null, the rule, when
   * nobody waits). Cheap on every commit: two field reads.
   */
  contentArrived(): ReadonlySet<Connection> | null {
    const waiting = this.#waiting
    this.#waiting = null
    // Those asked now count as asked: refused again, they wait for the next arrival.
    this.#asked = waiting
    return waiting
  }
}

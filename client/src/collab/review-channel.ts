/**
 * The draft's review document (`/collab/:id/meta`): comment threads and settings, written only by the
 * server in answer to HTTP calls and read here live. The page never writes to this document,
 * so it needs no device copy, no pending-change tracking and no presence of its own.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import {
  DEFAULT_REVIEW_SETTINGS,
  PERMANENT_CLOSE_CODES,
  PROTOCOL_QUERY_PARAM,
  PROTOCOL_VERSION,
  REVIEW_SETTINGS_KEY,
  REVIEW_THREADS_KEY,
  type ReviewSettings,
  type Thread,
} from '@consenso/protocol'

export interface ReviewSnapshot {
  /** Has the review document arrived from the server at least once? */
  synced: boolean
  /** Every thread of the draft, in creation order. */
  threads: readonly Thread[]
  /** Draft-wide settings (the owner's "require suggestions"), live like the threads. */
  settings: ReviewSettings
}

/** Values in the map come from the server, but a malformed one must not break the page. */
function isThread(value: unknown): value is Thread {
  if (typeof value !== 'object' || value === null) return false
  const thread = value as Partial<Thread>
  return (
    typeof thread.id === 'string' &&
    (thread.status === 'open' || thread.status === 'resolved') &&
    typeof thread.quote === 'string' &&
    typeof thread.createdAt === 'string' &&
    Array.isArray(thread.comments) &&
    Array.isArray(thread.mentions) &&
    typeof thread.author === 'object' &&
    thread.author !== null
  )
}

export class ReviewChannel {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  #snapshot: ReviewSnapshot = { synced: false, threads: [], settings: DEFAULT_REVIEW_SETTINGS }
  readonly #listeners = new Set<() => void>()
  #destroyed = false

  constructor(documentId: string, wsBase: string) {
    this.provider = new WebsocketProvider(`${wsBase}/collab`, `${documentId}/meta`, this.doc, {
      connect: false,
      params: { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) },
      shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code),
      // Only the server's copy counts: another tab's would add nothing and could be stale.
      disableBc: true,
    })
    // Nobody is "present" in the review document: the body's awareness already says who is here.
    this.provider.awareness.setLocalState(null)

    const threads = this.doc.getMap<unknown>(REVIEW_THREADS_KEY)
    threads.observe(() => this.#read())
    this.doc.getMap<unknown>(REVIEW_SETTINGS_KEY).observe(() => this.#readSettings())
    this.provider.on('sync', (synced: boolean) => {
      if (synced && !this.#snapshot.synced) this.#emit({ ...this.#snapshot, synced: true })
    })
  }

  connect(): void {
    if (!this.#destroyed) this.provider.connect()
  }

  disconnect(): void {
    this.provider.disconnect()
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  getSnapshot = (): ReviewSnapshot => this.#snapshot

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.#listeners.clear()
    this.provider.destroy()
    this.doc.destroy()
  }

  #read(): void {
    const threads: Thread[] = []
    for (const value of this.doc.getMap<unknown>(REVIEW_THREADS_KEY).values()) {
      if (isThread(value)) threads.push(value)
    }
    threads.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    this.#emit({ ...this.#snapshot, threads })
  }

  #readSettings(): void {
    const stored = this.doc.getMap<unknown>(REVIEW_SETTINGS_KEY).get('requireSuggesting')
    // Only a real boolean counts: anything else is the default, never a lock-out.
    const settings: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS, requireSuggesting: stored === true }
    if (settings.requireSuggesting === this.#snapshot.settings.requireSuggesting) return
    this.#emit({ ...this.#snapshot, settings })
  }

  #emit(next: ReviewSnapshot): void {
    if (this.#destroyed) return
    this.#snapshot = next
    for (const listener of this.#listeners) listener()
  }
}

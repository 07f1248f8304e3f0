/**
 * The draft's review document (`/collab/:id/meta`): comment threads, settings, parties,
 * positions and bracket records, written only by the
 * server in answer to HTTP calls and read here live. The page never writes to this document,
 * so it needs no device copy, no pending-change tracking and no presence of its own.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { honourServerBackoff } from './server-backoff.ts'
import {
  DEFAULT_REVIEW_SETTINGS,
  PARTIES_SETTING,
  PERMANENT_CLOSE_CODES,
  REVIEW_BRACKETS_KEY,
  REVIEW_CONSENSUS_KEY,
  PROTOCOL_QUERY_PARAM,
  PROTOCOL_VERSION,
  REVIEW_SETTINGS_KEY,
  REVIEW_THREADS_KEY,
  PLENARY_FOCUS_FIELD,
  REVIEW_PLENARY_KEY,
  readPlenaryFocus,
  type PlenaryFocus,
  type BracketRecord,
  type ParagraphConsensus,
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
  /** The negotiating delegations (codes), in the owner's order. */
  parties: readonly string[]
  /** Positions by paragraph id. */
  consensus: Readonly<Record<string, ParagraphConsensus>>
  /** Bracket records by id. */
  brackets: Readonly<Record<string, BracketRecord>>
  /** The paragraph under discussion in the plenary, as the chair last set it (PLENARY-1). */
  plenary: PlenaryFocus | null
}

export const EMPTY_REVIEW: ReviewSnapshot = {
  synced: false,
  threads: [],
  settings: DEFAULT_REVIEW_SETTINGS,
  parties: [],
  consensus: {},
  brackets: {},
  plenary: null,
}

function isConsensus(value: unknown): value is ParagraphConsensus {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Partial<ParagraphConsensus>
  return typeof entry.paragraphId === 'string' && typeof entry.textHash === 'string' && typeof entry.positions === 'object' && entry.positions !== null && Array.isArray(entry.history)
}

function isBracket(value: unknown): value is BracketRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Partial<BracketRecord>
  return typeof record.id === 'string' && Array.isArray(record.sponsors) && Array.isArray(record.alternatives) && (record.status === 'open' || record.status === 'resolved')
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
  #snapshot: ReviewSnapshot = EMPTY_REVIEW
  readonly #listeners = new Set<() => void>()
  #destroyed = false
  readonly #stopBackoff: () => void

  constructor(documentId: string, wsBase: string) {
    this.provider = new WebsocketProvider(`${wsBase}/collab`, `${documentId}/meta`, this.doc, {
      connect: false,
      params: { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) },
      shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code),
      // Only the server's copy counts: another tab's would add nothing and could be stale.
      disableBc: true,
    })
    // The review data is stored too: the same wait during storage trouble (BACKOFF-2).
    this.#stopBackoff = honourServerBackoff(this.provider, (event) => !PERMANENT_CLOSE_CODES.has(event.code))
    // Nobody is "present" in the review document: the body's awareness already says who is here.
    this.provider.awareness.setLocalState(null)

    const threads = this.doc.getMap<unknown>(REVIEW_THREADS_KEY)
    threads.observe(() => this.#read())
    this.doc.getMap<unknown>(REVIEW_SETTINGS_KEY).observe(() => this.#readSettings())
    this.doc.getMap<unknown>(REVIEW_CONSENSUS_KEY).observe(() => this.#readConsensus())
    this.doc.getMap<unknown>(REVIEW_BRACKETS_KEY).observe(() => this.#readBrackets())
    this.doc.getMap<unknown>(REVIEW_PLENARY_KEY).observe(() => this.#emit({ ...this.#snapshot, plenary: readPlenaryFocus(this.doc.getMap<unknown>(REVIEW_PLENARY_KEY).get(PLENARY_FOCUS_FIELD)) }))
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
    this.#stopBackoff()
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
    const map = this.doc.getMap<unknown>(REVIEW_SETTINGS_KEY)
    // Only a real boolean counts: anything else is the default, never a lock-out.
    const language = map.get('language')
    const settings: ReviewSettings = {
      ...DEFAULT_REVIEW_SETTINGS,
      requireSuggesting: map.get('requireSuggesting') === true,
      lockAgreed: map.get('lockAgreed') === true,
      language: language === 'es' || language === 'en' ? language : null,
    }
    const listed = map.get(PARTIES_SETTING)
    const parties = Array.isArray(listed) ? listed.filter((code): code is string => typeof code === 'string') : []
    const sameParties = parties.join(' ') === this.#snapshot.parties.join(' ')
    const previous = this.#snapshot.settings
    const sameSettings = settings.requireSuggesting === previous.requireSuggesting && settings.lockAgreed === previous.lockAgreed && settings.language === previous.language
    if (sameSettings && sameParties) return
    this.#emit({
      ...this.#snapshot,
      settings: sameSettings ? previous : settings,
      parties: sameParties ? this.#snapshot.parties : parties,
    })
  }

  #readConsensus(): void {
    const consensus: Record<string, ParagraphConsensus> = {}
    for (const [id, value] of this.doc.getMap<unknown>(REVIEW_CONSENSUS_KEY).entries()) if (isConsensus(value)) consensus[id] = value
    this.#emit({ ...this.#snapshot, consensus })
  }

  #readBrackets(): void {
    const brackets: Record<string, BracketRecord> = {}
    for (const [id, value] of this.doc.getMap<unknown>(REVIEW_BRACKETS_KEY).entries()) if (isBracket(value)) brackets[id] = value
    this.#emit({ ...this.#snapshot, brackets })
  }

  #emit(next: ReviewSnapshot): void {
    if (this.#destroyed) return
    this.#snapshot = next
    for (const listener of this.#listeners) listener()
  }
}

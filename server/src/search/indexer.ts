/**
 * Keeps the search index current (SEARCH-4): a draft is read again from its live Y.Doc (body and
 * review document) at most once per `delayMs` while people type, after a change is committed;
 * the register after any of its events; the glossary after any change to it (SEARCH-5). `catchUp` indexes what was never indexed (a database
 * from before search, drafts created elsewhere); `flush` runs everything pending now.
 */
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import type { JSONContent } from '@tiptap/core'
import { numberJSON, yDocToJSON } from '@consenso/schema'
import { REVIEW_THREADS_KEY, type Thread } from '@consenso/protocol'
import type { DocumentRegistry } from '../collab/registry.ts'
import type { Storage } from '../storage/storage.ts'
import type { SearchEntry } from '../storage/search.ts'
import { GLOSSARY_SOURCE, glossaryEntries } from './glossary-entries.ts'

/** The stems an index keeps of a text (tests writing an index by hand, as an older release did). */
export { stemText } from './text.ts'

export const REGISTER_SOURCE = 'register'

/** The largest share of the server's time reindexing takes while it has work queued. */
const INDEX_SHARE = 0.1
const MAX_REST_MS = 2000
export const draftSource = (id: string): string => `draft:${id}`

interface Options {
  storage: Storage
  registry: DocumentRegistry
  log: FastifyBaseLogger
  /** How long after a change its draft is read again; later changes inside it ride along. */
  delayMs: number
  now?: () => Date
}

/** Paragraphs and headings with their block ids and numbers, as entries. */
export function paragraphEntries(id: string, title: string, body: JSONContent): SearchEntry[] {
  const labels = numberJSON(body)
  const entries: SearchEntry[] = []
  const visit = (node: JSONContent): void => {
    const blockId = typeof node.attrs?.id === 'string' ? node.attrs.id : null
    const inline = node.content?.every((c) => c.type === 'text' || c.type === 'hardBreak' || c.type === 'footnote')
    if (inline) {
      const text = (node.content ?? []).map((c) => (c.type === 'text' ? (c.text ?? '') : c.type === 'hardBreak' ? ' ' : '')).join('')
      if (text.trim()) entries.push({ kind: 'paragraph', access: `draft:${id}`, target: id, ref: blockId, label: blockId === null ? null : (labels.get(blockId) ?? null), title, text })
      return
    }
    node.content?.forEach(visit)
  }
  visit(body)
  return entries
}

/** The block holding a relative position in the body, or null. */
function blockAt(body: Y.Doc, json: unknown): string | null {
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), body)
    let type: Y.AbstractType<unknown> | null = absolute?.type ?? null
    while (type) {
      if (type instanceof Y.XmlElement) {
        const id = type.getAttribute('id')
        if (typeof id === 'string') return id
      }
      type = type.parent as Y.AbstractType<unknown> | null
    }
  } catch {
    // An anchor that no longer resolves: the comment is on the draft as a whole.
  }
  return null
}

export class SearchIndexer {
  readonly #options: Options
  readonly #timers = new Map<string, NodeJS.Timeout>()
  readonly #running = new Map<string, Promise<void>>()
  /** Sources touched while their reindex ran: read once more after it. */
  readonly #again = new Set<string>()
  #closed = false

  constructor(options: Options) {
    this.#options = options
  }

  /** A draft changed (its body, comments, title, or it was trashed, restored, purged). */
  touchDraft(id: string): void {
    this.#schedule(draftSource(id), () => this.reindexDraft(id))
  }

  touchRegister(): void {
    this.#schedule(REGISTER_SOURCE, () => this.reindexRegister())
  }

  /** The glossary changed (an entry written or deleted, an import). */
  touchGlossary(): void {
    this.#schedule(GLOSSARY_SOURCE, () => this.reindexGlossary())
  }

  /** Whether a reindex is scheduled or running: what the index answers may be behind (SEARCH-6). */
  get pending(): boolean {
    return this.#timers.size > 0 || this.#waiting.size > 0 || this.#running.size > 0 || this.#catching !== null
  }

  readonly #work = new Map<string, () => Promise<void>>()

  #schedule(source: string, work: () => Promise<void>): void {
    if (this.#closed) return
    this.#work.set(source, work)
    if (this.#running.has(source)) {
      this.#again.add(source)
      return
    }
    if (this.#timers.has(source) || this.#waiting.has(source)) return
    const timer = setTimeout(() => void this.#run(source), this.#options.delayMs)
    timer.unref()
    this.#timers.set(source, timer)
  }

  /**
   * Reindexing takes at most a tenth of the server's time: one runs at a time, and after one
   * that took `d` the next waits 9·d (at most 2 s). Sources whose delay has passed wait here,
   * in order. With hundreds of drafts typed into at once (a meeting that starts), reading each
   * again every 1.5 s took over a third of the server's CPU (the capacity bench); the index then
   * follows a little later instead, and says so meanwhile (SEARCH-6).
   */
  readonly #waiting = new Set<string>()
  /** performance.now() before which the next waiting source does not start. */
  #restUntil = 0
  #release: NodeJS.Timeout | null = null

  #releaseNext(): void {
    if (this.#release || this.#closed || this.#running.size > 0 || this.#waiting.size === 0) return
    this.#release = setTimeout(() => {
      this.#release = null
      // A timer counts from the event loop's cached time, which can be older than the moment it
      // was set: it may fire a little early.
      if (performance.now() < this.#restUntil) return this.#releaseNext()
      const [next] = this.#waiting
      if (next === undefined) return
      this.#waiting.delete(next)
      void this.#run(next, true)
    }, Math.max(0, this.#restUntil - performance.now()))
    this.#release.unref()
  }

  async #run(source: string, now = false): Promise<void> {
    this.#timers.delete(source)
    if (!now && !this.#closed && (this.#running.size > 0 || this.#waiting.size > 0 || performance.now() < this.#restUntil)) {
      this.#waiting.add(source)
      this.#releaseNext()
      return
    }
    const work = this.#work.get(source)
    this.#work.delete(source)
    if (!work || this.#closed) return
    const started = performance.now()
    const running = work()
      .catch((error: unknown) => this.#options.log.warn({ err: error, source }, 'search: could not index'))
      .finally(() => {
        const ended = performance.now()
        this.#restUntil = Math.max(this.#restUntil, ended + Math.min((ended - started) * (1 / INDEX_SHARE - 1), MAX_REST_MS))
        this.#running.delete(source)
        if (this.#again.delete(source)) {
          const next = this.#work.get(source)
          if (next) this.#schedule(source, next)
        }
        this.#releaseNext()
      })
    this.#running.set(source, running)
    await running
  }

  /** Runs everything scheduled now and waits for what is running. */
  async flush(): Promise<void> {
    for (;;) {
      const due = [...this.#timers.keys(), ...this.#waiting]
      for (const source of this.#timers.keys()) clearTimeout(this.#timers.get(source))
      this.#waiting.clear()
      const runs = [...due.map((source) => this.#run(source, true)), ...this.#running.values()]
      if (runs.length === 0) return
      await Promise.all(runs)
    }
  }

  /** Indexes every draft not indexed yet, and the register and the glossary if they never were. */
  catchUp(): Promise<void> {
    this.#catching ??= this.#catchUp().finally(() => (this.#catching = null))
    return this.#catching
  }

  #catching: Promise<void> | null = null

  async #catchUp(): Promise<void> {
    const indexed = await this.#options.storage.search.sources('draft:')
    for (const record of await this.#options.storage.listDocuments()) {
      if (this.#closed) return
      if (!indexed.has(draftSource(record.id))) await this.reindexDraft(record.id)
    }
    if (!(await this.#options.storage.search.sources(REGISTER_SOURCE)).has(REGISTER_SOURCE)) await this.reindexRegister()
    if (!(await this.#options.storage.search.sources(GLOSSARY_SOURCE)).has(GLOSSARY_SOURCE)) await this.reindexGlossary()
  }

  async reindexDraft(id: string): Promise<void> {
    const { storage, registry } = this.#options
    const at = (this.#options.now?.() ?? new Date()).toISOString()
    const record = await storage.getDocument(id)
    if (!record) {
      await storage.search.remove(draftSource(id))
      return
    }
    const threads = await registry.read({ documentId: id, name: 'meta' }, (meta) => Object.values(meta.getMap<Thread>(REVIEW_THREADS_KEY).toJSON() as Record<string, Thread>))
    const entries = await registry.read({ documentId: id, name: 'body' }, (body) => {
      const json = yDocToJSON(body)
      const labels = numberJSON(json)
      const list: SearchEntry[] = [{ kind: 'title', access: draftSource(id), target: id, ref: null, label: null, title: record.title, text: record.title }]
      list.push(...paragraphEntries(id, record.title, json))
      for (const thread of threads) {
        const block = thread.anchor ? blockAt(body, thread.anchor.start) : null
        for (const comment of thread.comments) {
          if (comment.deleted || !comment.text.trim()) continue
          list.push({ kind: 'comment', access: draftSource(id), target: id, ref: block, label: block ? (labels.get(block) ?? null) : null, title: record.title, text: comment.text })
        }
      }
      return list
    })
    await storage.search.replace(draftSource(id), entries, at)
  }

  async reindexRegister(): Promise<void> {
    const { storage } = this.#options
    const at = (this.#options.now?.() ?? new Date()).toISOString()
    const meetings = await storage.register.listMeetings()
    const titles = new Map(meetings.map((m) => [m.id, m.title]))
    const entries: SearchEntry[] = []
    for (const m of meetings) {
      entries.push({ kind: 'meeting', access: 'all', target: m.id, ref: null, label: m.startsOn, title: m.title, text: [m.title, m.place].filter(Boolean).join(' — ') })
    }
    for (const a of await storage.register.listAgreements({})) {
      entries.push({ kind: 'agreement', access: 'all', target: a.id, ref: null, label: a.dueDate, title: (a.meetingId && titles.get(a.meetingId)) || '', text: a.text })
    }
    await storage.search.replace(REGISTER_SOURCE, entries, at)
  }

  async reindexGlossary(): Promise<void> {
    const { storage } = this.#options
    const at = (this.#options.now?.() ?? new Date()).toISOString()
    await storage.search.replace(GLOSSARY_SOURCE, glossaryEntries(await storage.glossary.list()), at)
  }

  /** Stops scheduling; waits for the reindexes running (what was only scheduled is dropped: catchUp or the next change redoes it). */
  async close(): Promise<void> {
    this.#closed = true
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
    this.#waiting.clear()
    if (this.#release) clearTimeout(this.#release)
    this.#release = null
    await Promise.all([...this.#running.values(), this.#catching?.catch(() => {})])
  }
}

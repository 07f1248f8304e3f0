/**
 * Reopens agreed paragraphs whose text changed ([CONSENSUS-4]). After a client's change to a
 * body is committed, the watcher compares each paragraph's text with the fingerprint its
 * positions were given on and, where they differ, archives the positions and records who
 * reopened it (the last writer of that turn). Checks run one at a time per draft, coalescing
 * the updates of a turn, so a burst of typing costs one check.
 *
 * Drafts whose review data holds no positions are remembered, so plain typing in them costs
 * no storage read; recording a position forgets that (`noteConsensus`).
 */
import type { FastifyBaseLogger } from 'fastify'
import type * as Y from 'yjs'
import { REVIEW_CONSENSUS_KEY, paragraphTextHash, reconcileWithText, type Author, type ParagraphConsensus } from '@consenso/protocol'
import { numberedParagraphs, yDocToJSON } from '@consenso/schema'
import type { DocumentRegistry } from '../collab/registry.ts'
import { paragraphTexts } from './body.ts'

const MAX_REMEMBERED = 10_000

/** A paragraph whose positions an edit archived, and the delegations that had given them. */
export interface Reopened {
  paragraphId: string
  delegations: string[]
}
export type OnReopened = (documentId: string, reopened: Reopened[], author: Author | null) => void

export const consensusOf = (doc: Y.Doc): Y.Map<ParagraphConsensus> => doc.getMap<ParagraphConsensus>(REVIEW_CONSENSUS_KEY)

/** The current text fingerprint of every numbered paragraph of a body. */
export function paragraphHashes(body: Y.Doc): Map<string, string> {
  return new Map(numberedParagraphs(yDocToJSON(body)).map((p) => [p.id, paragraphTextHash(p.text)]))
}

export class ReopenWatcher {
  readonly #registry: DocumentRegistry
  readonly #log: FastifyBaseLogger
  readonly #now: () => Date
  /** Drafts with a check to run, and the author of their latest committed change. */
  readonly #scheduled = new Map<string, Author>()
  readonly #running = new Set<string>()
  readonly #withoutPositions = new Set<string>()

  readonly #onReopened: OnReopened | undefined

  constructor(registry: DocumentRegistry, log: FastifyBaseLogger, now: () => Date = () => new Date(), onReopened?: OnReopened) {
    this.#registry = registry
    this.#log = log
    this.#now = now
    this.#onReopened = onReopened
  }

  bodyCommitted(documentId: string, author: Author): void {
    const waiting = this.#scheduled.has(documentId)
    this.#scheduled.set(documentId, author)
    if (!waiting && !this.#running.has(documentId)) setImmediate(() => void this.#run(documentId))
  }

  /** A position was recorded on this draft: its edits must be checked from now on. */
  noteConsensus(documentId: string): void {
    this.#withoutPositions.delete(documentId)
  }

  async #run(documentId: string): Promise<void> {
    const author = this.#scheduled.get(documentId)
    this.#scheduled.delete(documentId)
    if (!author) return
    this.#running.add(documentId)
    try {
      await this.reconcile(documentId, author)
    } catch (error) {
      this.#log.error({ err: error, documentId }, 'could not check agreed paragraphs after an edit')
    } finally {
      this.#running.delete(documentId)
      if (this.#scheduled.has(documentId)) setImmediate(() => void this.#run(documentId))
    }
  }

  /**
   * Archives the positions of every paragraph whose text no longer matches them, as reopened
   * by `author`. Also used right after the server itself changes a body (resolving a bracket).
   */
  async reconcile(documentId: string, author: Author | null): Promise<void> {
    const meta = { documentId, name: 'meta' as const }
    if (this.#withoutPositions.has(documentId) && !this.#registry.isLoaded(meta)) return
    const stale = await this.#registry.read(meta, (doc) => {
      const entries = [...consensusOf(doc).values()]
      return entries.some((entry) => Object.keys(entry.positions).length > 0) ? entries : null
    })
    if (!stale) {
      if (this.#withoutPositions.size >= MAX_REMEMBERED) this.#withoutPositions.clear()
      this.#withoutPositions.add(documentId)
      return
    }
    const ids = new Set(stale.filter((entry) => Object.keys(entry.positions).length > 0).map((entry) => entry.paragraphId))
    const hashes = await this.#registry.read({ documentId, name: 'body' }, (body) => {
      const texts = paragraphTexts(body, ids)
      return new Map([...texts].map(([id, text]) => [id, paragraphTextHash(text)]))
    })
    const changed = stale.filter((entry) => {
      const hash = hashes.get(entry.paragraphId)
      return hash !== undefined && hash !== entry.textHash && Object.keys(entry.positions).length > 0
    })
    if (changed.length === 0) return
    const at = this.#now().toISOString()
    const reopened = await this.#registry.write(meta, (doc) => {
      const map = consensusOf(doc)
      const done: Reopened[] = []
      for (const { paragraphId } of changed) {
        // Read again inside the write: a position may have been recorded meanwhile.
        const entry = map.get(paragraphId)
        const hash = hashes.get(paragraphId)
        if (!entry || hash === undefined) continue
        const next = reconcileWithText(entry, hash, author, at)
        if (next !== entry) {
          map.set(paragraphId, next)
          done.push({ paragraphId, delegations: Object.keys(entry.positions) })
        }
      }
      return done
    })
    if (reopened.length > 0) this.#onReopened?.(documentId, reopened, author)
  }
}

/**
 * Keeps a bilingual draft's translation aligned with its body (BILING-2): after each committed
 * client change the server runs `alignTranslation` once, as the one writer of alignment, and
 * the change it makes (a counterpart added, merged, moved or retyped) reaches every client like
 * any server change. Runs coalesce per draft: a burst of typing costs one pass; a draft without
 * a second language costs a look at its roots.
 */
import type { FastifyBaseLogger } from 'fastify'
import { alignTranslation, TRANSLATION_FIELD } from '@consenso/schema'
import type { DocumentRegistry } from '../collab/registry.ts'

export class TranslationAligner {
  readonly #registry: DocumentRegistry
  readonly #log: FastifyBaseLogger
  readonly #scheduled = new Set<string>()
  readonly #running = new Set<string>()

  constructor(registry: DocumentRegistry, log: FastifyBaseLogger) {
    this.#registry = registry
    this.#log = log
  }

  bodyCommitted(documentId: string): void {
    if (this.#scheduled.has(documentId)) return
    this.#scheduled.add(documentId)
    if (!this.#running.has(documentId)) setImmediate(() => void this.#run(documentId))
  }

  async #run(documentId: string): Promise<void> {
    if (!this.#scheduled.delete(documentId)) return
    this.#running.add(documentId)
    try {
      await this.#registry.write({ documentId, name: 'body' }, (doc) => (doc.share.has(TRANSLATION_FIELD) ? alignTranslation(doc) : null))
    } catch (error) {
      this.#log.error({ err: error, documentId }, 'could not align the translation after an edit')
    } finally {
      this.#running.delete(documentId)
      if (this.#scheduled.has(documentId)) setImmediate(() => void this.#run(documentId))
    }
  }
}

/**
 * Makes notifications (NOTIFY-*): stores one per recipient (never the person who acted), tells
 * their open pages on every instance (a fanned-out `notify` signal, NOTIFY-3) and wakes the
 * mailer. Callers say who is concerned; `recipients.ts` finds them. A failure to notify is
 * logged and never fails the action that caused it: the action is already committed.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { NotificationData, NotificationKind } from '@consenso/protocol'
import type { Storage } from '../storage/storage.ts'
import type { DocumentRegistry } from '../collab/registry.ts'
import { newId } from '../auth/tokens.ts'
import type { Mailer } from './mailer.ts'

export interface NotifyInput {
  kind: NotificationKind
  documentId: string | null
  data: NotificationData
  recipients: Iterable<string>
  /** The person who acted: never notified of their own doing. */
  actorId?: string | null
}

export class Notifier {
  readonly #storage: Storage
  readonly #registry: DocumentRegistry
  readonly #log: FastifyBaseLogger
  readonly #now: () => Date
  mailer: Mailer | null = null

  constructor(options: { storage: Storage; registry: DocumentRegistry; log: FastifyBaseLogger; now?: () => Date }) {
    this.#storage = options.storage
    this.#registry = options.registry
    this.#log = options.log
    this.#now = options.now ?? (() => new Date())
  }

  async notify(input: NotifyInput): Promise<void> {
    try {
      const userIds = [...new Set(input.recipients)].filter((id) => id !== input.actorId)
      if (userIds.length === 0) return
      const createdAt = this.#now().toISOString()
      await this.#storage.notifications.add(
        userIds.map((userId) => ({ id: newId(), userId, kind: input.kind, documentId: input.documentId, data: input.data, createdAt })),
      )
      this.#registry.announce({ kind: 'notify', userIds })
      this.mailer?.wake()
    } catch (error) {
      this.#log.error({ err: error, kind: input.kind, documentId: input.documentId }, 'could not notify')
    }
  }

  /** Fire and forget, for routes that answer before notifying. */
  later(input: NotifyInput | Promise<NotifyInput | null>): void {
    void Promise.resolve(input)
      .then((resolved) => (resolved ? this.notify(resolved) : undefined))
      .catch((error: unknown) => this.#log.error({ err: error }, 'could not notify'))
  }
}

/**
 * In-memory storage: the reference implementation of the contract, for tests and for
 * trying Consenso without a disk. Everything is lost when the process ends.
 */
import { StorageClosedError, type DocKey, type DocumentRecord, type PendingWrite, type Storage, type StoredLog } from './storage.ts'

interface Log {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
}

const keyOf = (key: DocKey): string => `${key.documentId}\u0000${key.name}`

export class MemoryStorage implements Storage {
  readonly kind = 'memory'
  readonly #documents = new Map<string, DocumentRecord>()
  readonly #logs = new Map<string, Log>()
  #closed = false

  #log(key: DocKey): Log {
    let log = this.#logs.get(keyOf(key))
    if (!log) {
      log = { snapshot: null, updates: [] }
      this.#logs.set(keyOf(key), log)
    }
    return log
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError()
  }

  async createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void> {
    this.#open()
    if (this.#documents.has(record.id)) throw new Error(`document ${record.id} already exists`)
    this.#documents.set(record.id, { ...record })
    this.#log({ documentId: record.id, name: 'body' }).updates.push(initialBody.slice())
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    this.#open()
    const record = this.#documents.get(id)
    return record && { ...record }
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    this.#open()
    return [...this.#documents.values()]
      .map((record) => ({ ...record }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
  }

  async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    this.#open()
    // Validate the whole batch first so a bad entry leaves nothing half-written, as a
    // rolled-back transaction would.
    for (const { key } of writes) {
      if (!this.#documents.has(key.documentId)) throw new Error(`unknown document ${key.documentId}`)
    }
    for (const { key, update } of writes) {
      this.#log(key).updates.push(update.slice())
      if (key.name === 'body') this.#documents.get(key.documentId)!.updatedAt = at.toISOString()
    }
  }

  async loadLog(key: DocKey): Promise<StoredLog> {
    this.#open()
    const log = this.#logs.get(keyOf(key))
    return { snapshot: log?.snapshot?.slice() ?? null, updates: log?.updates.map((u) => u.slice()) ?? [] }
  }

  async compact(key: DocKey, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    this.#open()
    const log = this.#logs.get(keyOf(key))
    if (!log || log.updates.length === 0) return 0
    const folded = log.updates.length
    const parts = log.snapshot ? [log.snapshot, ...log.updates] : [...log.updates]
    log.snapshot = merge(parts)
    // Only what was folded leaves the log; anything appended meanwhile stays.
    log.updates.splice(0, folded)
    return folded
  }

  async close(): Promise<void> {
    this.#closed = true
  }
}

/**
 * The storage interface. Every implementation (memory, sqlite, later postgres) passes the
 * one contract suite in tests/contract/storage.contract.ts.
 *
 * Each draft has two Yjs documents (its body and its review data), each kept as an
 * append-only log of updates plus one compacted snapshot. Compaction replaces a prefix of
 * the log by one merged update inside one transaction, so a reader never sees both or neither.
 */
import type { TemplateId } from '@consenso/protocol'

export const DOC_NAMES = ['body', 'meta'] as const
export type DocName = (typeof DOC_NAMES)[number]

export interface DocKey {
  documentId: string
  name: DocName
}

export interface DocumentRecord {
  id: string
  title: string
  template: TemplateId
  createdAt: string
  /** Time of the last committed change to the body. */
  updatedAt: string
}

export interface StoredLog {
  /** The merged snapshot of every update compacted so far, or null if never compacted. */
  snapshot: Uint8Array | null
  /** Updates appended since the snapshot, oldest first. */
  updates: Uint8Array[]
}

export interface PendingWrite {
  key: DocKey
  update: Uint8Array
}

export interface Storage {
  /** Reported by `GET /api/health`. */
  readonly kind: 'memory' | 'sqlite' | 'postgres'
  /** Creates the record and the body's first update atomically. */
  createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void>
  getDocument(id: string): Promise<DocumentRecord | undefined>
  /** Most recently changed first. */
  listDocuments(): Promise<DocumentRecord[]>
  /**
   * Appends every write in one transaction (the group commit) and moves `updatedAt` of the
   * drafts whose body changed. When the promise resolves the writes are durable.
   */
  appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void>
  loadLog(key: DocKey): Promise<StoredLog>
  /**
   * Merges the snapshot and every update present when it starts into a new snapshot and
   * removes those updates, in one transaction. Updates appended meanwhile stay in the log.
   * Returns how many log entries were folded in.
   */
  compact(key: DocKey, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number>
  close(): Promise<void>
}

export class StorageClosedError extends Error {
  constructor() {
    super('storage is closed')
  }
}

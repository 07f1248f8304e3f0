/**
 * The rows the memory store's parts share: a user names a delegation, a membership a draft
 * and a principal, a version a draft. MemoryStorage (the core) and each memory store get the
 * one Tables object, so every check sees the others' rows, as foreign keys do in SQL.
 */
import { DELEGATIONS, type DelegationRecord } from '@consenso/protocol'
import { StorageClosedError, type DocumentRecord, type MemberRecord, type UserRecord, type VersionContent, type VersionRecord } from '../storage.ts'

export class Tables {
  readonly documents = new Map<string, DocumentRecord>()
  readonly delegations = new Map<string, DelegationRecord>(
    DELEGATIONS.map(({ code, nameEs, nameEn, kind, color }) => [code, { code, nameEs, nameEn, kind, color }]),
  )
  readonly users = new Map<string, UserRecord>()
  /** By memberKey. */
  readonly members = new Map<string, MemberRecord>()
  /** By draft. */
  readonly versions = new Map<string, { record: VersionRecord; content: VersionContent }[]>()
  closed = false

  /** Throws once the store is closed: every method of every part calls it first. */
  open(): void {
    if (this.closed) throw new StorageClosedError()
  }
}

/** A memory store: it reads and writes the shared Tables, and checks first that they are open. */
export abstract class TablesStore {
  constructor(protected readonly t: Tables) {}
}

export const memberKey = (documentId: string, type: string, id: string): string => `${documentId}\u0000${type}\u0000${id}`

/**
 * Orders strings by code point, as SQLite's BINARY collation does (it compares UTF-8 bytes),
 * so both stores list in the same order; localeCompare and `<` on UTF-16 units do not.
 */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

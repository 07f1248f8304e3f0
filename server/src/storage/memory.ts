/**
 * In-memory storage: the reference implementation of the contract, for tests and for
 * trying Consenso without a disk. Everything is lost when the process ends.
 *
 * This file is the core (drafts, the trash, the update logs, compaction, authorship); the
 * other concerns are the stores in memory/, which share the rows they refer to through one
 * Tables object (memory/tables.ts).
 *
 * Every method validates everything before it changes anything, so a refused call leaves the
 * store as a rolled-back transaction would; and nothing await-s in between, so each call is
 * as atomic as one SQLite transaction.
 */
import { MemoryNotificationStore, type NotificationStore } from './notifications.ts'
import { MemorySilenceStore, type SilenceStore } from './silence.ts'
import { MemoryAliasStore } from './aliases.ts'
import { MemoryGlossaryStore } from './glossary.ts'
import { MemoryFocalPointStore } from './focal-points.ts'
import { MemoryPracticeStore } from './practices.ts'
import { MemoryQuestionnaireStore } from './questionnaires.ts'
import { MemorySearchStore } from './search.ts'
import { MemoryPartyGroups, type PartyGroupStore } from './party-groups.ts'
import {
  authorshipLimit,
  authorshipRows,
  type AuthorshipQuery,
  type AuthorshipRecord,
  type DocKey,
  type DocumentRecord,
  type TrashedDocumentRecord,
  type PendingWrite,
  type Storage,
  type StoredLog,
} from './storage.ts'
import { memberKey, Tables } from './memory/tables.ts'
import { MemoryDelegations } from './memory/delegations.ts'
import { MemoryAccounts } from './memory/accounts.ts'
import { MemoryMembers } from './memory/members.ts'
import { MemoryVersions } from './memory/versions.ts'
import { MemoryAudit } from './memory/audit.ts'
import { MemoryRegister } from './memory/register.ts'

interface Log {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
}

const keyOf = (key: DocKey): string => `${key.documentId}\u0000${key.name}`

const copyDocument = (record: DocumentRecord): DocumentRecord => ({ ...record, createdBy: record.createdBy ?? null })

export class MemoryStorage implements Storage {
  readonly kind = 'memory'
  readonly #t = new Tables()
  /** Drafts in the trash: when they were trashed and by whom (their record stays in Tables). */
  readonly #trash = new Map<string, { deletedAt: string; deletedBy: string | null }>()
  readonly #logs = new Map<string, Log>()
  readonly #authorship: AuthorshipRecord[] = []
  #authorshipSeq = 0
  readonly notifications: NotificationStore = new MemoryNotificationStore()
  readonly silence: SilenceStore = new MemorySilenceStore()
  readonly delegations = new MemoryDelegations(this.#t)
  readonly accounts = new MemoryAccounts(this.#t)
  readonly members = new MemoryMembers(this.#t)
  readonly versions = new MemoryVersions(this.#t)
  readonly audit = new MemoryAudit(this.#t)
  readonly register = new MemoryRegister(this.#t)
  readonly partyGroups: PartyGroupStore = new MemoryPartyGroups(() => this.#t.open())
  readonly aliases = new MemoryAliasStore()
  readonly glossary = new MemoryGlossaryStore()
  readonly focalPoints = new MemoryFocalPointStore()
  readonly practices = new MemoryPracticeStore()
  readonly questionnaires = new MemoryQuestionnaireStore()
  readonly search = new MemorySearchStore()

  #log(key: DocKey): Log {
    let log = this.#logs.get(keyOf(key))
    if (!log) {
      log = { snapshot: null, updates: [] }
      this.#logs.set(keyOf(key), log)
    }
    return log
  }

  #open(): void {
    this.#t.open()
  }

  async createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void> {
    this.#open()
    if (this.#t.documents.has(record.id)) throw new Error(`document ${record.id} already exists`)
    const createdBy = record.createdBy ?? null
    if (createdBy !== null && !this.#t.users.has(createdBy)) throw new Error(`unknown user ${createdBy}`)
    this.#t.documents.set(record.id, copyDocument(record))
    this.#log({ documentId: record.id, name: 'body' }).updates.push(initialBody.slice())
    if (createdBy !== null) {
      this.#t.members.set(memberKey(record.id, 'user', createdBy), { documentId: record.id, principalType: 'user', principalId: createdBy, role: 'owner' })
    }
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    this.#open()
    const record = this.#t.documents.get(id)
    return record && !this.#trash.has(id) ? copyDocument(record) : undefined
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    this.#open()
    return [...this.#t.documents.values()]
      .filter((record) => !this.#trash.has(record.id))
      .map(copyDocument)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
  }

  async renameDocument(id: string, title: string): Promise<boolean> {
    this.#open()
    const record = this.#t.documents.get(id)
    if (!record || this.#trash.has(id)) return false
    record.title = title
    return true
  }

  async trashDocument(id: string, at: string, by: string | null): Promise<boolean> {
    this.#open()
    if (!this.#t.documents.has(id) || this.#trash.has(id)) return false
    this.#trash.set(id, { deletedAt: at, deletedBy: by })
    return true
  }

  async restoreDocument(id: string): Promise<boolean> {
    this.#open()
    return this.#trash.delete(id)
  }

  async getTrashedDocument(id: string): Promise<TrashedDocumentRecord | undefined> {
    this.#open()
    const record = this.#t.documents.get(id)
    const trashed = this.#trash.get(id)
    return record && trashed ? { ...copyDocument(record), ...trashed } : undefined
  }

  async listTrashedDocuments(): Promise<TrashedDocumentRecord[]> {
    this.#open()
    return [...this.#trash.keys()]
      .map((id) => ({ ...copyDocument(this.#t.documents.get(id)!), ...this.#trash.get(id)! }))
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt) || a.id.localeCompare(b.id))
  }

  async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    this.#open()
    // Validate the whole batch first so a bad entry leaves nothing half-written, as a
    // rolled-back transaction would.
    for (const { key } of writes) {
      if (!this.#t.documents.has(key.documentId)) throw new Error(`unknown document ${key.documentId}`)
    }
    for (const { key, update } of writes) {
      this.#log(key).updates.push(update.slice())
      if (key.name === 'body') {
        const record = this.#t.documents.get(key.documentId)!
        // Like the SQL stores: the last change never moves earlier.
        if (at.toISOString() > record.updatedAt) record.updatedAt = at.toISOString()
      }
    }
    for (const row of authorshipRows(writes, at)) this.#authorship.push({ seq: ++this.#authorshipSeq, ...row })
  }

  async listAuthorship(documentId: string, query: AuthorshipQuery = {}): Promise<AuthorshipRecord[]> {
    this.#open()
    const matching = this.#authorship.filter(
      (r) =>
        r.documentId === documentId &&
        (query.paragraphId === undefined || r.paragraphId === query.paragraphId) &&
        (query.since === undefined || r.at >= query.since) &&
        (query.until === undefined || r.at <= query.until),
    )
    const limit = authorshipLimit(query.limit)
    return (limit === 0 ? [] : matching.slice(-limit)).map((r) => ({ ...r }))
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

  async deleteDocument(id: string): Promise<void> {
    this.#open()
    await Promise.all([this.notifications.forgetDocument(id), this.silence.forgetDocument(id)])
    this.#t.documents.delete(id)
    this.#trash.delete(id)
    this.#logs.delete(keyOf({ documentId: id, name: 'body' }))
    this.#logs.delete(keyOf({ documentId: id, name: 'meta' }))
    for (const [key, member] of this.#t.members) if (member.documentId === id) this.#t.members.delete(key)
    this.#t.versions.delete(id)
    for (let i = this.#authorship.length - 1; i >= 0; i--) if (this.#authorship[i]!.documentId === id) this.#authorship.splice(i, 1)
  }

  async close(): Promise<void> {
    this.#t.closed = true
  }
}

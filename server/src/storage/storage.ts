/**
 * The storage interface. Every implementation (memory.ts, sqlite.ts, postgres.ts) passes the
 * contract suites in tests/contract (storage.contract.ts for this core, one file per store).
 *
 * The core, flat on `Storage`, is the drafts' hot path: documents, the trash, the update logs,
 * compaction and authorship. Every other concern is a store of its own, a property such as
 * `storage.register` (its interface in register.ts, its implementations in memory/, sqlite/
 * and postgres/), so each file keeps to one concern and the core stays small.
 *
 * Each draft has two Yjs documents (its body and its review data), each kept as an
 * append-only log of updates plus one compacted snapshot. Compaction replaces a prefix of
 * the log by one merged update inside one transaction, so a reader never sees both or neither.
 *
 * Timestamps are ISO-8601 UTC strings as `Date.prototype.toISOString` writes them; stores
 * compare them as strings, which orders them correctly only in that one format.
 */
import type { Agreement, AuditAction, AuditEntry, Meeting, PrincipalType, Role, TemplateId, VersionSummary } from '@consenso/protocol'

import type { AccountStore } from './accounts.ts'
import type { AuditStore } from './audit.ts'
import type { DelegationStore } from './delegations.ts'
import type { MemberStore } from './members.ts'
import type { PartyGroupStore } from './party-groups.ts'
import type { RegisterStore } from './register.ts'
import type { VersionStore } from './versions.ts'
import type { NotificationStore } from './notifications.ts'
import type { SilenceStore } from './silence.ts'
import type { AliasStore } from './aliases.ts'
import type { GlossaryStore } from './glossary.ts'
import type { FocalPointStore } from './focal-points.ts'
import type { PracticeStore } from './practices.ts'
import type { FileStore } from './files.ts'
import type { QuestionnaireStore } from './questionnaires.ts'
import type { SearchStore } from './search.ts'

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
  /** The user who created it (its first owner). */
  createdBy: string | null
  createdAt: string
  /** Time of the last committed change to the body. */
  updatedAt: string
}

export interface TrashedDocumentRecord extends DocumentRecord {
  deletedAt: string
  deletedBy: string | null
}

export interface UserRecord {
  id: string
  /** Lower-cased; unique. */
  email: string
  name: string
  delegation: string
  admin: boolean
  disabled: boolean
  /** `scrypt$N$r$p$salt$hash` (see server/src/auth/passwords.ts). */
  passwordHash: string
  createdAt: string
}

export interface SessionRecord {
  /** SHA-256 of the cookie token, hex: the token itself is never stored. */
  tokenHash: string
  userId: string
  createdAt: string
  expiresAt: string
}

export interface InvitationRecord {
  /** SHA-256 of the invitation token, hex. */
  tokenHash: string
  delegation: string
  email: string | null
  admin: boolean
  createdBy: string | null
  createdAt: string
  expiresAt: string
  /** Set once, when the invitation is used. */
  acceptedAt: string | null
  acceptedBy: string | null
}

export interface MemberRecord {
  documentId: string
  principalType: PrincipalType
  /** A user id or a delegation code. */
  principalId: string
  role: Role
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>

export interface StoredLog {
  /** The merged snapshot of every update compacted so far, or null if never compacted. */
  snapshot: Uint8Array | null
  /** Updates appended since the snapshot, oldest first. */
  updates: Uint8Array[]
}

/**
 * A frozen version of a draft (its documents are in `VersionContent`). Never changed once
 * stored. What the API shows of it (VersionSummary), its author as a user id.
 */
export interface VersionRecord extends Omit<VersionSummary, 'createdBy'> {
  /** The user who saved it; null for checkpoints the server took itself. */
  createdBy: string | null
}

/** The whole Yjs state of the body and of the review document (`encodeStateAsUpdate`). */
export interface VersionContent {
  body: Uint8Array
  meta: Uint8Array
}

export interface PendingWrite {
  key: DocKey
  update: Uint8Array
  /** Who wrote it, and which paragraphs it touched (a client's body change); AUTHOR-1. */
  author?: WriteAuthor
}

/** A paragraph (by block id) a change touched, and its text after the change (null: removed). */
export interface AuthorshipTouch {
  paragraphId: string
  text: string | null
}

export interface WriteAuthor {
  userId: string
  delegation: string
  touches: readonly AuthorshipTouch[]
}

/** One stored authorship record: one writer's changes to one paragraph in one commit batch. */
export interface AuthorshipRecord {
  /** Increases with every record of the store (the order of writing). */
  seq: number
  documentId: string
  paragraphId: string
  userId: string
  delegation: string
  /** The commit's time (ISO). */
  at: string
  /** The paragraph's text after the change; null when the change removed it. */
  text: string | null
}

export interface AuthorshipQuery {
  paragraphId?: string
  /** ISO times, inclusive. */
  since?: string
  until?: string
  /** The most recent `limit` records (default and cap: AUTHORSHIP_LIMIT_MAX). */
  limit?: number
}

export const AUTHORSHIP_LIMIT_MAX = 2000

/**
 * The authorship rows one commit batch writes (AUTHOR-1): one per writer and paragraph, with
 * the paragraph's last text in the batch, in the order the paragraphs were first touched. A
 * batch of many keystrokes by one person in one paragraph is one row.
 */
export function authorshipRows(writes: readonly PendingWrite[], at: Date): Omit<AuthorshipRecord, 'seq'>[] {
  const rows = new Map<string, Omit<AuthorshipRecord, 'seq'>>()
  const when = at.toISOString()
  for (const write of writes) {
    if (!write.author || write.key.name !== 'body') continue
    for (const touch of write.author.touches) {
      const key = JSON.stringify([write.key.documentId, write.author.userId, write.author.delegation, touch.paragraphId])
      const row = rows.get(key)
      if (row) row.text = touch.text
      else
        rows.set(key, {
          documentId: write.key.documentId,
          paragraphId: touch.paragraphId,
          userId: write.author.userId,
          delegation: write.author.delegation,
          at: when,
          text: touch.text,
        })
    }
  }
  return [...rows.values()]
}

export function authorshipLimit(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return AUTHORSHIP_LIMIT_MAX
  return Math.min(AUTHORSHIP_LIMIT_MAX, Math.max(0, Math.floor(limit)))
}

export interface Storage {
  /** Inboxes, preferences and the mail queue (NOTIFY-*; notifications.ts). */
  readonly notifications: NotificationStore
  /** Silence procedures and adoptions (SILENCE-*, ADOPT-*; silence.ts). */
  readonly silence: SilenceStore
  /** Delegations' aliases for the minutes reader (REGISTER-32; aliases.ts). */
  readonly aliases: AliasStore
  /** The workspace glossary (GLOSS-1..4; glossary.ts). */
  readonly glossary: GlossaryStore
  /** The focal-point directory (FOCAL-1..3; focal-points.ts). */
  readonly focalPoints: FocalPointStore
  /** Good practices: themes, practices, attachments, rounds and ballots (PRACT-*; practices.ts). */
  readonly practices: PracticeStore
  /** The file repository: files, versions, their bytes and extracted text (FILES-*; files.ts). */
  readonly files: FileStore
  /** Questionnaires, their answers and submissions (QUEST-*; questionnaires.ts). */
  readonly questionnaires: QuestionnaireStore
  /** The search index (SEARCH-*; search.ts). */
  readonly search: SearchStore
  /** Reported by `GET /api/health`. */
  readonly kind: 'memory' | 'sqlite' | 'postgres'
  /**
   * Creates the record and the body's first update atomically, and, when `createdBy` is set,
   * makes that user the draft's owner in the same transaction. Throws, creating nothing, if
   * the id exists or `createdBy` names no user.
   */
  createDocument(record: DocumentRecord, initialBody: Uint8Array): Promise<void>
  /** A draft in the trash is not found here, nor listed below (STORE-60). */
  getDocument(id: string): Promise<DocumentRecord | undefined>
  /** Most recently changed first. */
  listDocuments(): Promise<DocumentRecord[]>
  /** Changes a draft's title; false for an unknown (or trashed) id. */
  renameDocument(id: string, title: string): Promise<boolean>
  /**
   * Moves a draft to the trash: from now on it is neither found nor listed, but keeps
   * everything until restored or purged. False for an unknown or already trashed id.
   */
  trashDocument(id: string, at: string, by: string | null): Promise<boolean>
  /** Takes a draft out of the trash; false when it is not there. */
  restoreDocument(id: string): Promise<boolean>
  /** One trashed draft, or every one, most recently trashed first. */
  getTrashedDocument(id: string): Promise<TrashedDocumentRecord | undefined>
  listTrashedDocuments(): Promise<TrashedDocumentRecord[]>
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
  /**
   * Who changed which paragraph and when (AUTHOR-1): written by appendUpdates in the same
   * transaction as the updates; read here oldest first (the most recent `limit`).
   */
  listAuthorship(documentId: string, query?: AuthorshipQuery): Promise<AuthorshipRecord[]>

  /**
   * Removes the draft, its logs, snapshots, authorship, versions and memberships, atomically;
   * a no-op for an unknown id. Audit entries and register entries that name it stay. Its notifications, silence
   * procedures and adoption go first (STORE-181): were it to stop between, the draft would
   * still be there, to be purged again.
   */
  deleteDocument(id: string): Promise<void>

  // --- the other concerns, one store each (own file per engine, own contract suite) ----
  /** Delegations (delegations.ts). A new store starts with `DELEGATIONS` already in it. */
  readonly delegations: DelegationStore
  /** Users, sessions and invitations (AUTH-*; accounts.ts). */
  readonly accounts: AccountStore
  /** Roles on drafts (members.ts). */
  readonly members: MemberStore
  /** Frozen versions of drafts (VERSION-*; versions.ts). */
  readonly versions: VersionStore
  /** The append-only audit log (audit.ts). */
  readonly audit: AuditStore
  /** Agreements and meetings (REGISTER-*; register.ts). */
  readonly register: RegisterStore
  /** Named lists of delegations (PARTY-*; party-groups.ts). */
  readonly partyGroups: PartyGroupStore

  close(): Promise<void>
}

export type { AuditAction }

export type AgreementPatch = Partial<Omit<Agreement, 'id' | 'createdBy' | 'createdAt'>>
export type MeetingPatch = Partial<Omit<Meeting, 'id' | 'createdBy' | 'createdAt'>>

export const AUDIT_LIMIT_DEFAULT = 500
export const AUDIT_LIMIT_MAX = 10_000

/**
 * The number of entries listAudit returns at most. Shared by every store so they clamp
 * alike; SQLite would read a negative LIMIT as "no limit", so negatives become 0.
 */
export function auditLimit(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return AUDIT_LIMIT_DEFAULT
  return Math.min(AUDIT_LIMIT_MAX, Math.max(0, Math.floor(limit)))
}

export class StorageClosedError extends Error {
  constructor() {
    super('storage is closed')
  }
}

/**
 * In-memory storage: the reference implementation of the contract, for tests and for
 * trying Consenso without a disk. Everything is lost when the process ends.
 *
 * Every method validates everything before it changes anything, so a refused call leaves the
 * store as a rolled-back transaction would; and nothing await-s in between, so each call is
 * as atomic as one SQLite transaction.
 */
import { MemoryNotificationStore, type NotificationStore } from './notifications.ts'
import { MemorySilenceStore, type SilenceStore } from './silence.ts'
import {
  DELEGATIONS,
  isAgreementStatus,
  isOverdue,
  isRole,
  type Agreement,
  type AgreementQuery,
  type AuditEntry,
  type AuditQuery,
  type DelegationRecord,
  type Meeting,
  type PrincipalType,
} from '@consenso/protocol'
import { MemoryPartyGroups, type PartyGroupStore } from './party-groups.ts'
import {
  auditLimit,
  authorshipLimit,
  authorshipRows,
  type AuthorshipQuery,
  type AuthorshipRecord,
  type AgreementPatch,
  type MeetingPatch,
  StorageClosedError,
  type DocKey,
  type DocumentRecord,
  type TrashedDocumentRecord,
  type InvitationRecord,
  type MemberRecord,
  type NewAuditEntry,
  type PendingWrite,
  type SessionRecord,
  type Storage,
  type StoredLog,
  type UserRecord,
  type VersionContent,
  type VersionRecord,
} from './storage.ts'
import { definedFields, sortedCodes } from './register-rows.ts'

interface Log {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
}

const keyOf = (key: DocKey): string => `${key.documentId}\u0000${key.name}`
const memberKey = (documentId: string, type: PrincipalType, id: string): string => `${documentId}\u0000${type}\u0000${id}`

const DELEGATION_KINDS: readonly string[] = ['country', 'secretariat', 'organisation']
const PRINCIPAL_TYPES: readonly string[] = ['user', 'delegation']

/**
 * Orders strings by code point, as SQLite's BINARY collation does (it compares UTF-8 bytes),
 * so both stores list in the same order; localeCompare and `<` on UTF-16 units do not.
 */
function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

const copyUser = (user: UserRecord): UserRecord => ({ ...user })
const copyDocument = (record: DocumentRecord): DocumentRecord => ({ ...record, createdBy: record.createdBy ?? null })
const copyAudit = (entry: AuditEntry): AuditEntry => ({ ...entry, details: { ...entry.details } })
const copyAgreement = (a: Agreement): Agreement => ({ ...a, responsible: [...a.responsible] })
const copyMeeting = (m: Meeting): Meeting => ({ ...m, delegations: [...m.delegations] })

/** Rows with their creation order, which the SQL stores keep in `seq`. */
interface Sequenced<T> {
  seq: number
  value: T
}

export class MemoryStorage implements Storage {
  readonly kind = 'memory'
  readonly #documents = new Map<string, DocumentRecord>()
  /** Drafts in the trash: when they were trashed and by whom (their record stays above). */
  readonly #trash = new Map<string, { deletedAt: string; deletedBy: string | null }>()
  readonly #logs = new Map<string, Log>()
  readonly #delegations = new Map<string, DelegationRecord>(
    DELEGATIONS.map(({ code, nameEs, nameEn, kind, color }) => [code, { code, nameEs, nameEn, kind, color }]),
  )
  readonly #users = new Map<string, UserRecord>()
  readonly #sessions = new Map<string, SessionRecord>()
  readonly #invitations = new Map<string, InvitationRecord>()
  readonly #members = new Map<string, MemberRecord>()
  readonly #audit: AuditEntry[] = []
  readonly #agreements = new Map<string, Sequenced<Agreement>>()
  readonly #meetings = new Map<string, Sequenced<Meeting>>()
  #seq = 0
  /** By draft. */
  readonly #versions = new Map<string, { record: VersionRecord; content: VersionContent }[]>()
  readonly #authorship: AuthorshipRecord[] = []
  #authorshipSeq = 0
  #closed = false
  readonly notifications: NotificationStore = new MemoryNotificationStore()
  readonly silence: SilenceStore = new MemorySilenceStore()

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
    const createdBy = record.createdBy ?? null
    if (createdBy !== null && !this.#users.has(createdBy)) throw new Error(`unknown user ${createdBy}`)
    this.#documents.set(record.id, copyDocument(record))
    this.#log({ documentId: record.id, name: 'body' }).updates.push(initialBody.slice())
    if (createdBy !== null) {
      this.#members.set(memberKey(record.id, 'user', createdBy), { documentId: record.id, principalType: 'user', principalId: createdBy, role: 'owner' })
    }
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    this.#open()
    const record = this.#documents.get(id)
    return record && !this.#trash.has(id) ? copyDocument(record) : undefined
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    this.#open()
    return [...this.#documents.values()]
      .filter((record) => !this.#trash.has(record.id))
      .map(copyDocument)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
  }

  async renameDocument(id: string, title: string): Promise<boolean> {
    this.#open()
    const record = this.#documents.get(id)
    if (!record || this.#trash.has(id)) return false
    record.title = title
    return true
  }

  async trashDocument(id: string, at: string, by: string | null): Promise<boolean> {
    this.#open()
    if (!this.#documents.has(id) || this.#trash.has(id)) return false
    this.#trash.set(id, { deletedAt: at, deletedBy: by })
    return true
  }

  async restoreDocument(id: string): Promise<boolean> {
    this.#open()
    return this.#trash.delete(id)
  }

  async getTrashedDocument(id: string): Promise<TrashedDocumentRecord | undefined> {
    this.#open()
    const record = this.#documents.get(id)
    const trashed = this.#trash.get(id)
    return record && trashed ? { ...copyDocument(record), ...trashed } : undefined
  }

  async listTrashedDocuments(): Promise<TrashedDocumentRecord[]> {
    this.#open()
    return [...this.#trash.keys()]
      .map((id) => ({ ...copyDocument(this.#documents.get(id)!), ...this.#trash.get(id)! }))
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt) || a.id.localeCompare(b.id))
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
      if (key.name === 'body') {
        const record = this.#documents.get(key.documentId)!
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

  // --- delegations -------------------------------------------------------------------

  async createDelegation(delegation: DelegationRecord): Promise<void> {
    this.#open()
    if (this.#delegations.has(delegation.code)) throw new Error(`delegation ${delegation.code} already exists`)
    if (!DELEGATION_KINDS.includes(delegation.kind)) throw new Error(`unknown delegation kind ${String(delegation.kind)}`)
    const { code, nameEs, nameEn, kind, color } = delegation
    this.#delegations.set(code, { code, nameEs, nameEn, kind, color })
  }

  async getDelegation(code: string): Promise<DelegationRecord | undefined> {
    this.#open()
    const delegation = this.#delegations.get(code)
    return delegation && { ...delegation }
  }

  async listDelegations(): Promise<DelegationRecord[]> {
    this.#open()
    return [...this.#delegations.values()].map((d) => ({ ...d })).sort((a, b) => byCodePoint(a.code, b.code))
  }

  // --- party groups ------------------------------------------------------------------

  readonly #groups = new MemoryPartyGroups()
  listPartyGroups: PartyGroupStore['listPartyGroups'] = async () => (this.#open(), this.#groups.listPartyGroups())
  getPartyGroup: PartyGroupStore['getPartyGroup'] = async (id) => (this.#open(), this.#groups.getPartyGroup(id))
  createPartyGroup: PartyGroupStore['createPartyGroup'] = async (group) => (this.#open(), this.#groups.createPartyGroup(group))
  updatePartyGroup: PartyGroupStore['updatePartyGroup'] = async (id, patch) => (this.#open(), this.#groups.updatePartyGroup(id, patch))
  deletePartyGroup: PartyGroupStore['deletePartyGroup'] = async (id) => (this.#open(), this.#groups.deletePartyGroup(id))

  // --- users -------------------------------------------------------------------------

  async countUsers(): Promise<number> {
    this.#open()
    return this.#users.size
  }

  /** Throws unless `user` could be inserted; returns the copy to insert. */
  #checkNewUser(user: UserRecord): UserRecord {
    const stored: UserRecord = { ...user, email: user.email.toLowerCase() }
    if (this.#users.has(stored.id)) throw new Error(`user ${stored.id} already exists`)
    if (this.#findByEmail(stored.email)) throw new Error('a user with this email already exists')
    if (!this.#delegations.has(stored.delegation)) throw new Error(`unknown delegation ${stored.delegation}`)
    return stored
  }

  #findByEmail(lowerCased: string): UserRecord | undefined {
    for (const user of this.#users.values()) if (user.email === lowerCased) return user
    return undefined
  }

  async createUser(user: UserRecord): Promise<void> {
    this.#open()
    const stored = this.#checkNewUser(user)
    this.#users.set(stored.id, stored)
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    this.#open()
    const user = this.#users.get(id)
    return user && copyUser(user)
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    this.#open()
    const user = this.#findByEmail(email.toLowerCase())
    return user && copyUser(user)
  }

  async listUsers(): Promise<UserRecord[]> {
    this.#open()
    return [...this.#users.values()].map(copyUser).sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id))
  }

  async updateUser(id: string, patch: Partial<Pick<UserRecord, 'name' | 'admin' | 'disabled' | 'passwordHash'>>): Promise<void> {
    this.#open()
    const user = this.#users.get(id)
    if (!user) throw new Error(`unknown user ${id}`)
    // Field by field, so a wider object passed in (say, with an email) changes nothing else.
    if (patch.name !== undefined) user.name = patch.name
    if (patch.admin !== undefined) user.admin = patch.admin
    if (patch.disabled !== undefined) user.disabled = patch.disabled
    if (patch.passwordHash !== undefined) user.passwordHash = patch.passwordHash
  }

  // --- sessions ----------------------------------------------------------------------

  async createSession(session: SessionRecord): Promise<void> {
    this.#open()
    if (this.#sessions.has(session.tokenHash)) throw new Error('session already exists')
    if (!this.#users.has(session.userId)) throw new Error(`unknown user ${session.userId}`)
    this.#sessions.set(session.tokenHash, { ...session })
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    this.#open()
    const session = this.#sessions.get(tokenHash)
    return session && { ...session }
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.#open()
    this.#sessions.delete(tokenHash)
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<string[]> {
    this.#open()
    const deleted: string[] = []
    for (const session of this.#sessions.values()) {
      if (session.userId === userId && session.tokenHash !== keep) deleted.push(session.tokenHash)
    }
    for (const tokenHash of deleted) this.#sessions.delete(tokenHash)
    return deleted.sort()
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    this.#open()
    const cutoff = now.toISOString()
    let count = 0
    for (const [tokenHash, session] of this.#sessions) {
      if (session.expiresAt <= cutoff) {
        this.#sessions.delete(tokenHash)
        count++
      }
    }
    return count
  }

  // --- invitations -------------------------------------------------------------------

  async createInvitation(invitation: InvitationRecord): Promise<void> {
    this.#open()
    if (this.#invitations.has(invitation.tokenHash)) throw new Error('invitation already exists')
    if (!this.#delegations.has(invitation.delegation)) throw new Error(`unknown delegation ${invitation.delegation}`)
    this.#invitations.set(invitation.tokenHash, { ...invitation })
  }

  async getInvitation(tokenHash: string): Promise<InvitationRecord | undefined> {
    this.#open()
    const invitation = this.#invitations.get(tokenHash)
    return invitation && { ...invitation }
  }

  async acceptInvitation(tokenHash: string, user: UserRecord, now: Date): Promise<boolean> {
    this.#open()
    const at = now.toISOString()
    const invitation = this.#invitations.get(tokenHash)
    if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt <= at) return false
    const stored = this.#checkNewUser(user)
    this.#users.set(stored.id, stored)
    invitation.acceptedAt = at
    invitation.acceptedBy = stored.id
    return true
  }

  async spendInvitation(tokenHash: string, now: Date): Promise<boolean> {
    this.#open()
    const at = now.toISOString()
    const invitation = this.#invitations.get(tokenHash)
    if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt <= at) return false
    invitation.acceptedAt = at
    return true
  }

  // --- document membership -----------------------------------------------------------

  async setMember(member: MemberRecord): Promise<void> {
    this.#open()
    const { documentId, principalType, principalId, role } = member
    if (!this.#documents.has(documentId)) throw new Error(`unknown document ${documentId}`)
    if (!PRINCIPAL_TYPES.includes(principalType)) throw new Error(`unknown principal type ${String(principalType)}`)
    if (!isRole(role)) throw new Error(`unknown role ${String(role)}`)
    const exists = principalType === 'user' ? this.#users.has(principalId) : this.#delegations.has(principalId)
    if (!exists) throw new Error(`unknown ${principalType} ${principalId}`)
    this.#members.set(memberKey(documentId, principalType, principalId), { documentId, principalType, principalId, role })
  }

  async removeMember(documentId: string, principalType: PrincipalType, principalId: string): Promise<void> {
    this.#open()
    this.#members.delete(memberKey(documentId, principalType, principalId))
  }

  async listMembers(documentId: string): Promise<MemberRecord[]> {
    this.#open()
    return [...this.#members.values()]
      .filter((m) => m.documentId === documentId)
      .map((m) => ({ ...m }))
      .sort((a, b) => byCodePoint(a.principalType, b.principalType) || byCodePoint(a.principalId, b.principalId))
  }

  async membershipsOf(userId: string, delegation: string): Promise<MemberRecord[]> {
    this.#open()
    return [...this.#members.values()]
      .filter((m) => (m.principalType === 'user' ? m.principalId === userId : m.principalId === delegation))
      .map((m) => ({ ...m }))
      .sort((a, b) => byCodePoint(a.documentId, b.documentId) || byCodePoint(a.principalType, b.principalType))
  }

  async deleteDocument(id: string): Promise<void> {
    this.#open()
    await Promise.all([this.notifications.forgetDocument(id), this.silence.forgetDocument(id)])
    this.#documents.delete(id)
    this.#trash.delete(id)
    this.#logs.delete(keyOf({ documentId: id, name: 'body' }))
    this.#logs.delete(keyOf({ documentId: id, name: 'meta' }))
    for (const [key, member] of this.#members) if (member.documentId === id) this.#members.delete(key)
    this.#versions.delete(id)
    for (let i = this.#authorship.length - 1; i >= 0; i--) if (this.#authorship[i]!.documentId === id) this.#authorship.splice(i, 1)
  }

  // --- versions ----------------------------------------------------------------------

  async createVersion(version: VersionRecord, content: VersionContent): Promise<void> {
    this.#open()
    if (!this.#documents.has(version.documentId)) throw new Error(`unknown document ${version.documentId}`)
    for (const list of this.#versions.values()) {
      if (list.some((v) => v.record.id === version.id)) throw new Error(`version ${version.id} already exists`)
    }
    const list = this.#versions.get(version.documentId) ?? []
    list.push({ record: { ...version }, content: { body: new Uint8Array(content.body), meta: new Uint8Array(content.meta) } })
    this.#versions.set(version.documentId, list)
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    this.#open()
    return (this.#versions.get(documentId) ?? [])
      .map((v) => ({ ...v.record }))
      .sort((a, b) => byCodePoint(b.createdAt, a.createdAt) || byCodePoint(b.id, a.id))
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.#open()
    const found = this.#versions.get(documentId)?.find((v) => v.record.id === versionId)
    return found && { ...found.record }
  }

  async loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined> {
    this.#open()
    const found = this.#versions.get(documentId)?.find((v) => v.record.id === versionId)
    return found && { body: new Uint8Array(found.content.body), meta: new Uint8Array(found.content.meta) }
  }

  // --- audit log ---------------------------------------------------------------------

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.#open()
    this.#audit.push(
      copyAudit({
        id: this.#audit.length + 1,
        at: entry.at,
        action: entry.action,
        actorId: entry.actorId ?? null,
        actorDelegation: entry.actorDelegation ?? null,
        documentId: entry.documentId ?? null,
        target: entry.target ?? null,
        ip: entry.ip ?? null,
        details: entry.details ?? {},
      }),
    )
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    this.#open()
    const limit = auditLimit(query.limit)
    // A filter given as null (a query parsed from JSON) means no filter, as in the SQL store.
    const { action = null, actorId = null, documentId = null, since = null, until = null } = query
    const out: AuditEntry[] = []
    for (let i = this.#audit.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.#audit[i]!
      if (action !== null && entry.action !== action) continue
      if (actorId !== null && entry.actorId !== actorId) continue
      if (documentId !== null && entry.documentId !== documentId) continue
      if (since !== null && entry.at < since) continue
      if (until !== null && entry.at > until) continue
      out.push(copyAudit(entry))
    }
    return out
  }

  // --- register: agreements and meetings ---------------------------------------------

  /** Throws unless `agreement` could be stored; returns the copy to store. */
  #checkAgreement(agreement: Agreement): Agreement {
    if (!isAgreementStatus(agreement.status)) throw new Error(`unknown status ${String(agreement.status)}`)
    for (const code of agreement.responsible) if (!this.#delegations.has(code)) throw new Error(`unknown delegation ${code}`)
    if (agreement.meetingId !== null && !this.#meetings.has(agreement.meetingId)) throw new Error(`unknown meeting ${agreement.meetingId}`)
    return { ...copyAgreement(agreement), responsible: sortedCodes(agreement.responsible) }
  }

  #checkMeeting(meeting: Meeting): Meeting {
    for (const code of meeting.delegations) if (!this.#delegations.has(code)) throw new Error(`unknown delegation ${code}`)
    return { ...copyMeeting(meeting), delegations: sortedCodes(meeting.delegations) }
  }

  async createAgreement(agreement: Agreement): Promise<void> {
    this.#open()
    if (this.#agreements.has(agreement.id)) throw new Error(`agreement ${agreement.id} already exists`)
    const stored = this.#checkAgreement(agreement)
    this.#agreements.set(stored.id, { seq: ++this.#seq, value: stored })
  }

  async createLinkedAgreements(agreements: readonly Agreement[]): Promise<Agreement[]> {
    this.#open()
    const linked = new Set<string>()
    for (const { value } of this.#agreements.values()) {
      if (value.documentId !== null && value.blockId !== null) linked.add(`${value.documentId}\u0000${value.blockId}`)
    }
    const fresh: Agreement[] = []
    const ids = new Set<string>()
    for (const agreement of agreements) {
      if (agreement.documentId === null || agreement.blockId === null) throw new Error('a linked agreement needs a draft and a block')
      if (this.#agreements.has(agreement.id) || ids.has(agreement.id)) throw new Error(`agreement ${agreement.id} already exists`)
      const key = `${agreement.documentId}\u0000${agreement.blockId}`
      if (linked.has(key)) continue
      linked.add(key)
      ids.add(agreement.id)
      fresh.push(this.#checkAgreement(agreement))
    }
    for (const stored of fresh) this.#agreements.set(stored.id, { seq: ++this.#seq, value: stored })
    return fresh.map(copyAgreement)
  }

  async getAgreement(id: string): Promise<Agreement | undefined> {
    this.#open()
    const row = this.#agreements.get(id)
    return row && copyAgreement(row.value)
  }

  async listAgreements(query: AgreementQuery): Promise<Agreement[]> {
    this.#open()
    const { responsible, status, meetingId, documentId, overdueOn } = query
    return [...this.#agreements.values()]
      .filter(({ value: a }) => {
        if (responsible !== undefined && !a.responsible.includes(responsible)) return false
        if (status !== undefined && a.status !== status) return false
        if (meetingId !== undefined && a.meetingId !== meetingId) return false
        if (documentId !== undefined && a.documentId !== documentId) return false
        if (overdueOn !== undefined && !isOverdue(a, overdueOn)) return false
        return true
      })
      .sort((x, y) => {
        const [a, b] = [x.value.dueDate, y.value.dueDate]
        if (a !== b) return a === null ? 1 : b === null ? -1 : byCodePoint(a, b)
        return x.seq - y.seq
      })
      .map((row) => copyAgreement(row.value))
  }

  async updateAgreement(id: string, patch: AgreementPatch): Promise<Agreement | undefined> {
    this.#open()
    const row = this.#agreements.get(id)
    if (!row) return undefined
    const next = this.#checkAgreement({ ...row.value, ...definedFields(patch), id, createdBy: row.value.createdBy, createdAt: row.value.createdAt })
    row.value = next
    return copyAgreement(next)
  }

  async deleteAgreement(id: string): Promise<boolean> {
    this.#open()
    return this.#agreements.delete(id)
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    this.#open()
    if (this.#meetings.has(meeting.id)) throw new Error(`meeting ${meeting.id} already exists`)
    const stored = this.#checkMeeting(meeting)
    this.#meetings.set(stored.id, { seq: ++this.#seq, value: stored })
  }

  async getMeeting(id: string): Promise<Meeting | undefined> {
    this.#open()
    const row = this.#meetings.get(id)
    return row && copyMeeting(row.value)
  }

  async listMeetings(): Promise<Meeting[]> {
    this.#open()
    return [...this.#meetings.values()]
      .sort((x, y) => byCodePoint(x.value.startsOn, y.value.startsOn) || x.seq - y.seq)
      .map((row) => copyMeeting(row.value))
  }

  async updateMeeting(id: string, patch: MeetingPatch): Promise<Meeting | undefined> {
    this.#open()
    const row = this.#meetings.get(id)
    if (!row) return undefined
    const next = this.#checkMeeting({ ...row.value, ...definedFields(patch), id, createdBy: row.value.createdBy, createdAt: row.value.createdAt })
    row.value = next
    return copyMeeting(next)
  }

  async deleteMeeting(id: string): Promise<boolean> {
    this.#open()
    if (!this.#meetings.delete(id)) return false
    for (const { value } of this.#agreements.values()) if (value.meetingId === id) value.meetingId = null
    return true
  }

  async close(): Promise<void> {
    this.#closed = true
  }
}


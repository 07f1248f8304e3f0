/**
 * Rows of the relational stores (SQLite and Postgres share table and column names) and
 * their mapping to records. The drivers differ only in how a flag (0/1 or boolean), an audit
 * id (number or bigint string) and audit details (JSON text or parsed jsonb) arrive.
 */
import type { AuditAction, AuditEntry, DelegationKind, DelegationRecord, PrincipalType, Role, TemplateId } from '@consenso/protocol'
import type { AuthorshipRecord, DocumentRecord, InvitationRecord, TrashedDocumentRecord, MemberRecord, SessionRecord, UserRecord } from './storage.ts'

type Flag = number | boolean

export interface DocumentRow {
  id: string
  title: string
  template: string
  created_by: string | null
  created_at: string
  updated_at: string
  deleted_at?: string | null
  deleted_by?: string | null
}

export const toRecord = (row: DocumentRow): DocumentRecord => ({
  id: row.id,
  title: row.title,
  template: row.template as TemplateId,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export const toTrashedRecord = (row: DocumentRow): TrashedDocumentRecord => ({
  ...toRecord(row),
  deletedAt: row.deleted_at!,
  deletedBy: row.deleted_by ?? null,
})

export interface DelegationRow {
  code: string
  name_es: string
  name_en: string
  kind: string
  color: string
}

export const toDelegation = (row: DelegationRow): DelegationRecord => ({
  code: row.code,
  nameEs: row.name_es,
  nameEn: row.name_en,
  kind: row.kind as DelegationKind,
  color: row.color,
})

export interface UserRow {
  id: string
  email: string
  name: string
  delegation: string
  admin: Flag
  disabled: Flag
  password_hash: string
  created_at: string
}

export const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  delegation: row.delegation,
  admin: Boolean(row.admin),
  disabled: Boolean(row.disabled),
  passwordHash: row.password_hash,
  createdAt: row.created_at,
})

export interface SessionRow {
  token_hash: string
  user_id: string
  created_at: string
  expires_at: string
}

export const toSession = (row: SessionRow): SessionRecord => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
})

export interface InvitationRow {
  token_hash: string
  delegation: string
  email: string | null
  admin: Flag
  created_by: string | null
  created_at: string
  expires_at: string
  accepted_at: string | null
  accepted_by: string | null
}

export const toInvitation = (row: InvitationRow): InvitationRecord => ({
  tokenHash: row.token_hash,
  delegation: row.delegation,
  email: row.email,
  admin: Boolean(row.admin),
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  acceptedAt: row.accepted_at,
  acceptedBy: row.accepted_by,
})

export interface MemberRow {
  document_id: string
  principal_type: string
  principal_id: string
  role: string
}

export const toMember = (row: MemberRow): MemberRecord => ({
  documentId: row.document_id,
  principalType: row.principal_type as PrincipalType,
  principalId: row.principal_id,
  role: row.role as Role,
})

export interface AuditRow {
  id: number | string
  at: string
  action: string
  actor_id: string | null
  actor_delegation: string | null
  document_id: string | null
  target: string | null
  ip: string | null
  details: string | AuditEntry['details']
}

export const toAudit = (row: AuditRow): AuditEntry => ({
  id: Number(row.id),
  at: row.at,
  action: row.action as AuditAction,
  actorId: row.actor_id,
  actorDelegation: row.actor_delegation,
  documentId: row.document_id,
  target: row.target,
  ip: row.ip,
  details: typeof row.details === 'string' ? (JSON.parse(row.details) as AuditEntry['details']) : row.details,
})

export interface AuthorshipRow {
  /** A number in SQLite, a bigint string in Postgres. */
  seq: number | string
  document_id: string
  paragraph_id: string
  user_id: string
  delegation: string
  at: string
  text: string | null
}

export const authorshipRecord = (row: AuthorshipRow): AuthorshipRecord => ({
  seq: Number(row.seq),
  documentId: row.document_id,
  paragraphId: row.paragraph_id,
  userId: row.user_id,
  delegation: row.delegation,
  at: row.at,
  text: row.text,
})

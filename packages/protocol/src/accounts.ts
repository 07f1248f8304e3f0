/** Shapes of the accounts, sessions, sharing and audit API. */
import type { DelegationKind } from './delegations.ts'
import { Type, type Static } from 'typebox'
import { Principal, RoleShape, type Role } from './access.ts'

export interface DelegationRecord {
  code: string
  nameEs: string
  nameEn: string
  kind: DelegationKind
  color: string
}

/** A person as others see them (sharing dialog, presence, audit). */
export interface PublicUser {
  id: string
  name: string
  delegation: string
}

/** The signed-in user, as `GET /api/auth/state` reports them. */
export interface SessionUser extends PublicUser {
  email: string
  admin: boolean
  color: string
}

export interface AuthState {
  /** No account exists yet: the web page offers to create the first administrator. */
  firstRun: boolean
  user: SessionUser | null
}

export interface LoginRequest {
  email: string
  password: string
}

export interface SetupRequest {
  email: string
  name: string
  password: string
  delegation: string
}

export interface ChangePasswordRequest {
  currentPassword: string
  newPassword: string
}

export interface CreateInvitationRequest {
  delegation: string
  /** Optional: the invitation can then only be accepted with this address. */
  email?: string
  admin?: boolean
  /** The language of the invitation e-mail sent to `email` (NOTIFY-8); Spanish when absent. */
  language?: import('./api.ts').Language
}

export interface InvitationCreated {
  token: string
  /** Absolute link to give the invitee (uses PUBLIC_ORIGIN when set). */
  url: string
  expiresAt: string
  /** Whether the link was also sent by e-mail to the invitation's address (SMTP_URL set). */
  emailed: boolean
}

/** What an invitee sees before accepting. */
export interface InvitationInfo {
  delegation: DelegationRecord
  email: string | null
  expiresAt: string
}

export interface AcceptInvitationRequest {
  email: string
  name: string
  password: string
}

export interface AdminUser extends SessionUser {
  disabled: boolean
  createdAt: string
}

export interface UpdateUserRequest {
  disabled?: boolean
  admin?: boolean
}

export interface MemberEntry {
  principal: Principal
  role: Role
  /** Display label: a person's name, or a delegation's code and name. */
  label: string
}

export interface MembersResponse {
  members: MemberEntry[]
}

export const SetMemberRequest = Type.Object({ principal: Principal, role: RoleShape }, { additionalProperties: false })
export type SetMemberRequest = Static<typeof SetMemberRequest>

export const RemoveMemberRequest = Type.Object({ principal: Principal }, { additionalProperties: false })
export type RemoveMemberRequest = Static<typeof RemoveMemberRequest>

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.logout_all',
  'auth.password_changed',
  'auth.setup',
  'invitation.created',
  'invitation.accepted',
  'invitation.refused',
  'user.created',
  'user.updated',
  'delegation.created',
  'party_group.created',
  'delegation_alias.created',
  'delegation_alias.deleted',
  'party_group.updated',
  'party_group.deleted',
  'document.created',
  'document.deleted',
  'document.renamed',
  'document.restored',
  'document.purged',
  'document.settings',
  'member.set',
  'member.removed',
  'write.denied',
  'export',
  'import',
  'consensus.parties',
  'consensus.position',
  'bracket.created',
  'bracket.resolved',
  'agreement.created',
  'agreement.updated',
  'agreement.deleted',
  'meeting.created',
  'meeting.updated',
  'meeting.deleted',
  'version.created',
  'version.restored',
  'notifications.prefs',
  'silence.started',
  'silence.broken',
  'silence.extended',
  'silence.withdrawn',
  'silence.adopted',
  'document.adopted',
  'questionnaire.created',
  'questionnaire.updated',
  'questionnaire.opened',
  'questionnaire.closed',
  'questionnaire.published',
  'questionnaire.submitted',
  'questionnaire.reopen_requested',
  'questionnaire.reopened',
  'questionnaire.reminded',
  'questionnaire.compiled',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export interface AuditEntry {
  id: number
  at: string
  action: AuditAction
  /** Who did it (null for failed sign-ins of unknown accounts and for the command line). */
  actorId: string | null
  actorDelegation: string | null
  documentId: string | null
  /** What it was done to: an email, a principal, a user id. Never document text. */
  target: string | null
  ip: string | null
  details: Record<string, string | number | boolean | null>
}

export interface AuditQuery {
  action?: AuditAction
  actorId?: string
  documentId?: string
  since?: string
  until?: string
  limit?: number
}

/** Shapes of the accounts, sessions, sharing and audit API. */
import { Type, type Static } from 'typebox'
import { Principal, RoleShape, type Role } from './access.ts'
import { LANGUAGES } from './api.ts'
import { DELEGATION_KINDS } from './delegations.ts'
import { DelegationCode, EmailAddress, IsoTime, StringEnum } from './shapes.ts'

/** A password's length as the server accepts it; the web page checks the same to answer sooner. */
export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 256
/** A person's display name. */
export const NAME_MAX_LENGTH = 80
export const DELEGATION_NAME_MAX_LENGTH = 120

const NewPassword = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
// A password being checked, not set: any length the server would hash, so an old short one still works.
const GivenPassword = Type.String({ maxLength: PASSWORD_MAX_LENGTH })
const PersonName = Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH })
// Looser than DelegationCode: the route answers "unknown delegation" rather than a pattern error.
const DelegationReference = Type.String({ minLength: 1, maxLength: 16 })

export const DelegationRecord = Type.Object(
  {
    code: DelegationCode,
    nameEs: Type.String({ minLength: 1, maxLength: DELEGATION_NAME_MAX_LENGTH }),
    nameEn: Type.String({ minLength: 1, maxLength: DELEGATION_NAME_MAX_LENGTH }),
    kind: StringEnum(DELEGATION_KINDS),
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  },
  { additionalProperties: false },
)
export type DelegationRecord = Static<typeof DelegationRecord>

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

// The address is not pattern-checked at sign-in: a malformed one is just a wrong one (AUTH-10).
export const LoginRequest = Type.Object(
  { email: Type.String({ maxLength: 254 }), password: GivenPassword },
  { additionalProperties: false },
)
export type LoginRequest = Static<typeof LoginRequest>

export const SetupRequest = Type.Object(
  { email: EmailAddress, name: PersonName, password: NewPassword, delegation: DelegationReference },
  { additionalProperties: false },
)
export type SetupRequest = Static<typeof SetupRequest>

export const ChangePasswordRequest = Type.Object(
  { currentPassword: GivenPassword, newPassword: NewPassword },
  { additionalProperties: false },
)
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>

export const CreateInvitationRequest = Type.Object(
  {
    delegation: DelegationReference,
    /** Optional: the invitation can then only be accepted with this address. */
    email: Type.Optional(EmailAddress),
    admin: Type.Optional(Type.Boolean()),
    /** The language of the invitation e-mail sent to `email` (NOTIFY-8); Spanish when absent. */
    language: Type.Optional(StringEnum(LANGUAGES)),
  },
  { additionalProperties: false },
)
export type CreateInvitationRequest = Static<typeof CreateInvitationRequest>

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

export const AcceptInvitationRequest = Type.Object(
  { email: EmailAddress, name: PersonName, password: NewPassword },
  { additionalProperties: false },
)
export type AcceptInvitationRequest = Static<typeof AcceptInvitationRequest>

export interface AdminUser extends SessionUser {
  disabled: boolean
  createdAt: string
}

export const UpdateUserRequest = Type.Object(
  { disabled: Type.Optional(Type.Boolean()), admin: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUserRequest = Static<typeof UpdateUserRequest>

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
  'document.translation',
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
  'glossary.created',
  'glossary.updated',
  'glossary.deleted',
  'glossary.imported',
  'focal_point.created',
  'focal_point.updated',
  'focal_point.deleted',
  'practice.created',
  'practice.updated',
  'practice.deleted',
  'practice.submitted',
  'practice.reviewed',
  'practice.attachment_added',
  'practice.attachment_deleted',
  'practice.compiled',
  'practice_theme.created',
  'practice_theme.updated',
  'practice_round.created',
  'practice_round.voted',
  'practice_round.closed',
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

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(StringEnum(AUDIT_ACTIONS)),
    actorId: Type.Optional(Type.String({ maxLength: 64 })),
    documentId: Type.Optional(Type.String({ maxLength: 64 })),
    since: Type.Optional(IsoTime),
    until: Type.Optional(IsoTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
)
export type AuditQuery = Static<typeof AuditQuery>

/**
 * Notifications (NOTIFY-* in server/SPEC.md): what the server tells a person about their
 * drafts, kept in their inbox, announced live, and mailed through SMTP when configured.
 * One model serves the inbox, the live notices and the e-mails.
 */
import { Type, type Static } from 'typebox'
import { LANGUAGES } from './api.ts'
import { RecordId, StringEnum } from './shapes.ts'

export const NOTIFICATION_KINDS = [
  'mention',
  'position',
  'reopened',
  'version_saved',
  'restored',
  'silence_started',
  'silence_extended',
  'silence_broken',
  'silence_ended',
  'adopted',
  'invited',
  'agreement_due',
  'questionnaire_opened',
  'questionnaire_reminder',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value)
}

/**
 * What a notification says, as data: the client and the e-mails word it in the reader's
 * language. Names are resolved by the server when it is made (a mention's `@user:ID`
 * becomes `@Name`), so nobody reads ids.
 */
export interface NotificationData {
  /** The draft's title when the notification was made. */
  title?: string
  /** Who did it: name and delegation code. */
  actorName?: string
  actorDelegation?: string
  /** A paragraph's number ("OP2") and id. */
  paragraph?: string
  paragraphId?: string
  /** A position's stance, a version's name, a comment's words (mentions as names), an objection. */
  stance?: string
  versionName?: string
  excerpt?: string
  /** Silence: the deadline (ISO UTC), its zone and its local reading ("2026-12-07 10:00"). */
  deadline?: string
  timeZone?: string
  localDeadline?: string
  /** An invitation to a draft: the role given (NOTIFY-20). */
  role?: string
  /** An agreement coming due (NOTIFY-21): its date (`YYYY-MM-DD`) and the responsible delegations' codes. */
  dueDate?: string
  responsible?: string
  /** A questionnaire opened or a reminder of it (QUEST-4, QUEST-8): its id and English title (`title` is the Spanish one). */
  questionnaireId?: string
  titleEn?: string
}

/** Where a notification leads: its draft, or the register for an agreement coming due. */
export function notificationPath(item: { kind: NotificationKind; documentId: string | null; data?: NotificationData }): string {
  if (item.kind === 'agreement_due') return '/register'
  if (item.kind === 'questionnaire_opened' || item.kind === 'questionnaire_reminder') return item.data?.questionnaireId ? `/questionnaires/${encodeURIComponent(item.data.questionnaireId)}` : '/questionnaires'
  return item.documentId ? `/d/${encodeURIComponent(item.documentId)}` : '/'
}

export interface NotificationItem {
  id: string
  kind: NotificationKind
  documentId: string | null
  data: NotificationData
  createdAt: string
  readAt: string | null
}

export interface NotificationsResponse {
  notifications: NotificationItem[]
  unread: number
}

/** The most notifications one page lists, or one request marks read. */
export const NOTIFICATIONS_PAGE_MAX = 200

export const DIGESTS = ['off', 'daily'] as const
export type Digest = (typeof DIGESTS)[number]

/** A person's choices: the language of their e-mails, a daily digest instead of one mail each, kinds not mailed. */
export const NotificationPrefs = Type.Object(
  {
    language: StringEnum(LANGUAGES),
    digest: StringEnum(DIGESTS),
    emailOff: Type.Array(StringEnum(NOTIFICATION_KINDS), { uniqueItems: true, maxItems: NOTIFICATION_KINDS.length }),
  },
  { additionalProperties: false },
)
export type NotificationPrefs = Static<typeof NotificationPrefs>

export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = { language: 'es', digest: 'off', emailOff: [] }

export const MarkReadRequest = Type.Object(
  {
    /** The notifications to mark read; absent: all of the caller's. */
    ids: Type.Optional(Type.Array(RecordId, { maxItems: NOTIFICATIONS_PAGE_MAX, uniqueItems: true })),
  },
  { additionalProperties: false },
)
export type MarkReadRequest = Static<typeof MarkReadRequest>

export const NotificationsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: NOTIFICATIONS_PAGE_MAX })) },
  { additionalProperties: false },
)
export type NotificationsQuery = Static<typeof NotificationsQuery>

/** The server-sent event telling a person's open pages that their inbox changed. */
export const NOTIFICATION_EVENT_NAME = 'notification'
/** The server-sent events naming a draft (`{documentId}`) whose silence procedure, or list of versions, changed. */
export const SILENCE_EVENT_NAME = 'silence'
export const VERSIONS_EVENT_NAME = 'versions'

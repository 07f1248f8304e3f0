/**
 * The register of agreements ("acuerdos": who does what by when) and the meetings calendar of
 * this instance (the workspace). Relational records, written through authorised HTTP calls
 * (server/SPEC.md, REGISTER-*), kept by the `Storage` interface and announced live on
 * `GET /api/register/events`.
 *
 * Dates are calendar dates (`YYYY-MM-DD`), not instants: "due on the 15th" means the 15th
 * wherever the reader is. Times of creation and change are ISO-8601 UTC instants.
 */
import { Type, type Static } from 'typebox'
import { LANGUAGES } from './api.ts'
import { NullableString, RecordId, StringEnum } from './shapes.ts'

export const AGREEMENT_STATUSES = ['pending', 'in_progress', 'done', 'cancelled'] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

/** Statuses after which an agreement can no longer be overdue. */
export const CLOSED_AGREEMENT_STATUSES: readonly AgreementStatus[] = ['done', 'cancelled']

export function isAgreementStatus(value: unknown): value is AgreementStatus {
  return typeof value === 'string' && (AGREEMENT_STATUSES as readonly string[]).includes(value)
}

export const AGREEMENT_TEXT_MAX_LENGTH = 4_000
export const MEETING_TITLE_MAX_LENGTH = 200
export const MEETING_PLACE_MAX_LENGTH = 200
/** Most delegations one agreement or meeting may name. */
export const REGISTER_MAX_DELEGATIONS = 60
/** `YYYY-MM-DD`; the server also checks that the day exists. */
export const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'

/** `HH:MM`, 24-hour clock. */
export const TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$'
/** An IANA time zone name as browsers and Node know them (`America/Panama`, `UTC`). */
export const TIME_ZONE_MAX_LENGTH = 64

/** True for a time zone name this runtime's Intl knows. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > TIME_ZONE_MAX_LENGTH) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** True for a `YYYY-MM-DD` string naming a day that exists (no 31 April). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !new RegExp(DATE_PATTERN).test(value)) return false
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export interface Agreement {
  id: string
  text: string
  /** Codes of the responsible delegations, sorted. */
  responsible: string[]
  /** `YYYY-MM-DD`, or null when no date was set. */
  dueDate: string | null
  status: AgreementStatus
  /** The meeting it was agreed at. */
  meetingId: string | null
  /** The draft it refers to (for agreements from minutes: the minutes) and its block. */
  documentId: string | null
  blockId: string | null
  createdBy: string | null
  createdAt: string
  updatedBy: string | null
  updatedAt: string
}

export interface Meeting {
  id: string
  title: string
  /** First day, `YYYY-MM-DD`. */
  startsOn: string
  /** Last day of a meeting over several days; null for one day. */
  endsOn: string | null
  /**
   * Wall-clock start (`HH:MM`) on `startsOn` and end on `endsOn` (or `startsOn`), in
   * `timeZone`: the hours as the people in the room read them. Null for an all-day meeting;
   * a time needs a time zone.
   */
  startTime: string | null
  endTime: string | null
  /** IANA time zone of the times (`America/Panama`); null for an all-day meeting. */
  timeZone: string | null
  /** A city, a venue, or "videoconference"; may be empty. */
  place: string
  /** Codes of the participating delegations, sorted. */
  delegations: string[]
  /** The draft holding its minutes. */
  minutesDocumentId: string | null
  createdBy: string | null
  createdAt: string
  updatedBy: string | null
  updatedAt: string
}

/**
 * True when the agreement is overdue on `today` (`YYYY-MM-DD`, the reader's own date): its
 * due date is before today and it is neither done nor cancelled.
 */
export function isOverdue(agreement: Pick<Agreement, 'dueDate' | 'status'>, today: string): boolean {
  return agreement.dueDate !== null && agreement.dueDate < today && !CLOSED_AGREEMENT_STATUSES.includes(agreement.status)
}

export interface AgreementQuery {
  /** Only agreements this delegation is responsible for. */
  responsible?: string
  status?: AgreementStatus
  meetingId?: string
  documentId?: string
  /** Only agreements overdue on this date (`YYYY-MM-DD`). */
  overdueOn?: string
}

/** A calendar day, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ pattern: DATE_PATTERN })
/** Delegations an agreement or a meeting names (codes; unknown ones are refused by the route). */
export const DelegationCodes = Type.Array(Type.String({ minLength: 1, maxLength: 16 }), { maxItems: REGISTER_MAX_DELEGATIONS, uniqueItems: true })
const NullableId = NullableString({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const NullableDate = NullableString({ pattern: DATE_PATTERN })

const AgreementFields = {
  text: Type.String({ minLength: 1, maxLength: AGREEMENT_TEXT_MAX_LENGTH }),
  responsible: Type.Optional(DelegationCodes),
  dueDate: Type.Optional(NullableDate),
  status: Type.Optional(StringEnum(AGREEMENT_STATUSES)),
  meetingId: Type.Optional(NullableId),
  documentId: Type.Optional(NullableId),
  blockId: Type.Optional(NullableString({ minLength: 1, maxLength: 128 })),
}
export const CreateAgreementRequest = Type.Object(AgreementFields, { additionalProperties: false })
export type CreateAgreementRequest = Static<typeof CreateAgreementRequest>

/** Only the fields present change; null clears an optional one. */
export const UpdateAgreementRequest = Type.Partial(CreateAgreementRequest, { additionalProperties: false, minProperties: 1 })
export type UpdateAgreementRequest = Static<typeof UpdateAgreementRequest>

const MeetingFields = {
  title: Type.String({ minLength: 1, maxLength: MEETING_TITLE_MAX_LENGTH }),
  startsOn: CalendarDate,
  endsOn: Type.Optional(NullableDate),
  startTime: Type.Optional(NullableString({ pattern: TIME_PATTERN })),
  endTime: Type.Optional(NullableString({ pattern: TIME_PATTERN })),
  timeZone: Type.Optional(NullableString({ minLength: 1, maxLength: TIME_ZONE_MAX_LENGTH })),
  place: Type.Optional(Type.String({ maxLength: MEETING_PLACE_MAX_LENGTH })),
  delegations: Type.Optional(DelegationCodes),
  minutesDocumentId: Type.Optional(NullableId),
}
export const CreateMeetingRequest = Type.Object(MeetingFields, { additionalProperties: false })
export type CreateMeetingRequest = Static<typeof CreateMeetingRequest>

export const UpdateMeetingRequest = Type.Partial(CreateMeetingRequest, { additionalProperties: false, minProperties: 1 })
export type UpdateMeetingRequest = Static<typeof UpdateMeetingRequest>

/** `GET /api/register/agreements` (and its .csv and .xlsx): filters, the reader's day and language. */
export const AgreementListQuery = Type.Object(
  {
    responsible: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    status: Type.Optional(StringEnum(AGREEMENT_STATUSES)),
    meetingId: Type.Optional(RecordId),
    documentId: Type.Optional(RecordId),
    overdue: Type.Optional(Type.Boolean()),
    /** The reader's own date, for "overdue"; UTC's when absent. */
    today: Type.Optional(CalendarDate),
    lang: Type.Optional(StringEnum(LANGUAGES)),
  },
  { additionalProperties: false },
)
export type AgreementListQuery = Static<typeof AgreementListQuery>

/** A register download's language (the calendar file). */
export const RegisterDownloadQuery = Type.Object({ lang: Type.Optional(StringEnum(LANGUAGES)) }, { additionalProperties: false })
export type RegisterDownloadQuery = Static<typeof RegisterDownloadQuery>

export interface AgreementsResponse {
  agreements: Agreement[]
}

export interface MeetingsResponse {
  meetings: Meeting[]
}

/** `POST /api/register/from-minutes`. */
export const FromMinutesRequest = Type.Object(
  {
    documentId: RecordId,
    /** The meeting the agreements come from; by default the meeting whose minutes this draft is. */
    meetingId: Type.Optional(NullableId),
  },
  { additionalProperties: false },
)
export type FromMinutesRequest = Static<typeof FromMinutesRequest>

export interface FromMinutesResponse {
  /** The agreements created by this call, in the order of the minutes. */
  created: Agreement[]
  /** Items of the section already in the register (from an earlier run), left as they are. */
  existing: number
  /** The meeting they were linked to. */
  meetingId: string | null
  /**
   * Items created by this call in which neither a responsible delegation nor a date could be
   * read (not written "RESP — action — date"): kept as written, listed so the secretariat can
   * complete them.
   */
  unread: { blockId: string; text: string }[]
}

/**
 * What `GET /api/register/events` (server-sent events, event name `register`) announces. The
 * page reloads what it shows; `resync` means announcements may have been lost.
 */
export type RegisterEvent =
  | { type: 'agreement' | 'meeting'; op: 'created' | 'updated' | 'deleted'; ids: string[] }
  | { type: 'resync' }

export const REGISTER_EVENT_NAME = 'register'

/** `GET /api/documents/:id/paragraphs`: what an agreement may be linked to in a draft. */
export interface LinkableParagraphsResponse {
  paragraphs: { id: string; number: string | null; text: string }[]
}

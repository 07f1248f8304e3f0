/**
 * Reading the agreements of real minutes (server/SPEC.md MINUTES-*, REGISTER-30..): who each
 * item names, when, and the meeting it agrees to hold; the secretariat reviews what was read
 * before anything enters the register. Also the delegations' aliases administrators add so
 * that the reader knows the names secretariats actually write ("la Presidencia Pro Tempore").
 */
import { Type, type Static } from 'typebox'
import { AGREEMENT_TEXT_MAX_LENGTH, CalendarDate, DelegationCodes, MEETING_PLACE_MAX_LENGTH, MEETING_TITLE_MAX_LENGTH, DATE_PATTERN, type Agreement, type Meeting } from './agreements.ts'
import { NullableString, RecordId } from './shapes.ts'

export const DELEGATION_ALIAS_MAX_LENGTH = 80

/** Another name a delegation goes by in minutes, added by an administrator. */
export interface DelegationAlias {
  id: string
  /** The delegation it names. */
  code: string
  /** As written ("Presidencia Pro Tempore"); matched without regard to case or accents. */
  alias: string
  createdBy: string
  createdAt: string
}

export interface DelegationAliasesResponse {
  aliases: DelegationAlias[]
}

// An alias has a letter in it: "(1)" or "—" would match everywhere.
export const CreateDelegationAliasRequest = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 16 }), alias: Type.String({ minLength: 2, maxLength: DELEGATION_ALIAS_MAX_LENGTH, pattern: '\\p{L}' }) },
  { additionalProperties: false },
)
export type CreateDelegationAliasRequest = Static<typeof CreateDelegationAliasRequest>

/** One place in an item that names delegations. */
export interface ReadMention {
  /** As written in the item. */
  text: string
  /** The delegations it stands for (a group's members, both secretariats…); empty if unknown. */
  codes: string[]
  /** The party group it named, if it named one. */
  groupId: string | null
}

/** A date or a range of days read in an item, resolved against the meeting's date. */
export interface ReadDate {
  text: string
  start: string
  /** The last day of a range ("30 y 31 de agosto"); null for a single day. */
  end: string | null
}

/** A meeting an item agrees to hold, or the minutes' own meeting, as proposed for the calendar. */
export interface ProposedMeeting {
  title: string
  /** Null when the item gives no day ("antes del Foro Mundial"): the secretariat gives one. */
  startsOn: string | null
  endsOn: string | null
  place: string
  delegations: string[]
  /** A vague time kept as written ("a finales de agosto"), or null. */
  when: string | null
}

/** What the reader found in one agreement item. */
export interface ReadItem {
  blockId: string
  /** The item as written. */
  source: string
  /** The agreement's text (a "RESP — action — date" item's action; bullets left out). */
  text: string
  /** The responsible delegations read (codes, groups expanded). */
  responsible: string[]
  mentions: ReadMention[]
  /** Names that look like a delegation or a role but no alias resolves ("la Presidencia Pro Tempore"). */
  unresolved: string[]
  dates: ReadDate[]
  /** Vague times, as written ("a finales de agosto", "antes del Foro Mundial"). */
  vague: string[]
  dueDate: string | null
  meeting: ProposedMeeting | null
}

export const ReadMinutesRequest = Type.Object({ documentId: RecordId }, { additionalProperties: false })
export type ReadMinutesRequest = Static<typeof ReadMinutesRequest>

export interface ReadMinutesResponse {
  /** The items not yet in the register, in the order of the minutes. */
  items: ReadItem[]
  /** Items of the section already in the register. */
  existing: number
  /** The day the minutes were held (from their title), which relative dates are read against. */
  meetingDate: string | null
  /** The minutes' own meeting, unless the calendar already has one for these minutes. */
  minutesMeeting: ProposedMeeting | null
}

/** The most items one confirmation stores. */
export const CONFIRM_MINUTES_MAX_ITEMS = 500

/** A meeting the secretariat confirmed: it needs its first day. */
export const ConfirmedMeeting = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: MEETING_TITLE_MAX_LENGTH, pattern: '\\S' }),
    startsOn: CalendarDate,
    endsOn: Type.Optional(NullableString({ pattern: DATE_PATTERN })),
    place: Type.Optional(Type.String({ maxLength: MEETING_PLACE_MAX_LENGTH })),
    delegations: Type.Optional(DelegationCodes),
  },
  { additionalProperties: false },
)
export type ConfirmedMeeting = Static<typeof ConfirmedMeeting>
// A type list, not a union: see NullableString.
const NullableMeeting = Type.Unsafe<ConfirmedMeeting | null>({ anyOf: [ConfirmedMeeting, { type: 'null' }] })

/** An item as the secretariat confirmed it. */
export const ConfirmedItem = Type.Object(
  {
    blockId: Type.String({ minLength: 1, maxLength: 128 }),
    text: Type.String({ minLength: 1, maxLength: AGREEMENT_TEXT_MAX_LENGTH, pattern: '\\S' }),
    responsible: DelegationCodes,
    dueDate: NullableString({ pattern: DATE_PATTERN }),
    /** The meeting it agreed to hold, to add to the calendar; null or absent for none. */
    meeting: Type.Optional(NullableMeeting),
  },
  { additionalProperties: false },
)
export type ConfirmedItem = Static<typeof ConfirmedItem>

/** `POST /api/register/from-minutes/confirm`. */
export const ConfirmMinutesRequest = Type.Object(
  {
    documentId: RecordId,
    items: Type.Array(ConfirmedItem, { maxItems: CONFIRM_MINUTES_MAX_ITEMS }),
    /** The minutes' own meeting, to add to the calendar (the agreements are made at it). */
    minutesMeeting: Type.Optional(NullableMeeting),
  },
  { additionalProperties: false },
)
export type ConfirmMinutesRequest = Static<typeof ConfirmMinutesRequest>

export interface ConfirmMinutesResponse {
  created: Agreement[]
  /** Items already in the register, left as they were. */
  existing: number
  /** The meetings added to the calendar (the minutes' own first). */
  meetings: Meeting[]
  meetingId: string | null
}

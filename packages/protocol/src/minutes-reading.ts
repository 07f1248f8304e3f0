/**
 * Reading the agreements of real minutes (server/SPEC.md MINUTES-*, REGISTER-30..): who each
 * item names, when, and the meeting it agrees to hold; the secretariat reviews what was read
 * before anything enters the register. Also the delegations' aliases administrators add so
 * that the reader knows the names secretariats actually write ("la Presidencia Pro Tempore").
 */
import type { Agreement, Meeting } from './agreements.ts'

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

export interface CreateDelegationAliasRequest {
  code: string
  alias: string
}

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

export interface ReadMinutesRequest {
  documentId: string
}

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

/** A meeting the secretariat confirmed: it needs its first day. */
export interface ConfirmedMeeting {
  title: string
  startsOn: string
  endsOn?: string | null
  place?: string
  delegations?: string[]
}

/** An item as the secretariat confirmed it. */
export interface ConfirmedItem {
  blockId: string
  text: string
  responsible: string[]
  dueDate: string | null
  /** The meeting it agreed to hold, to add to the calendar; null or absent for none. */
  meeting?: ConfirmedMeeting | null
}

/** `POST /api/register/from-minutes/confirm`. */
export interface ConfirmMinutesRequest {
  documentId: string
  items: ConfirmedItem[]
  /** The minutes' own meeting, to add to the calendar (the agreements are made at it). */
  minutesMeeting?: ConfirmedMeeting | null
}

export interface ConfirmMinutesResponse {
  created: Agreement[]
  /** Items already in the register, left as they were. */
  existing: number
  /** The meetings added to the calendar (the minutes' own first). */
  meetings: Meeting[]
  meetingId: string | null
}

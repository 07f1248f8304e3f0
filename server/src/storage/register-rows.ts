/**
 * Rows of the register tables (agreements, meetings), shared by SQLite and Postgres, and their
 * mapping to records. Each query returns the delegation codes of a row aggregated as a JSON
 * array (SQLite's json_group_array, Postgres's json_agg), so a row is read in one statement.
 */
import type { Agreement, AgreementStatus, Meeting } from '@consenso/protocol'

/** Each code once, ordered by code point (UTF-8 bytes), as every store reads them back. */
export function sortedCodes(list: readonly string[]): string[] {
  return [...new Set(list)].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
}

/** SQLite hands the aggregate over as JSON text, Postgres already parsed. */
const codesOf = (value: string | string[] | null): string[] =>
  sortedCodes((typeof value === 'string' ? (JSON.parse(value) as (string | null)[]) : (value ?? [])).filter((c): c is string => c !== null))

/** Who wrote a register row and when, and who changed it last: the same four columns in both tables. */
interface StampColumns {
  created_by: string | null
  created_at: string
  updated_by: string | null
  updated_at: string
}

const stamps = (row: StampColumns) => ({ createdBy: row.created_by, createdAt: row.created_at, updatedBy: row.updated_by, updatedAt: row.updated_at })

export interface AgreementRow extends StampColumns {
  id: string
  text: string
  status: string
  due_date: string | null
  meeting_id: string | null
  document_id: string | null
  block_id: string | null
  responsible: string | string[] | null
}

export const toAgreement = (row: AgreementRow): Agreement => ({
  id: row.id,
  text: row.text,
  responsible: codesOf(row.responsible),
  dueDate: row.due_date,
  status: row.status as AgreementStatus,
  meetingId: row.meeting_id,
  documentId: row.document_id,
  blockId: row.block_id,
  ...stamps(row),
})

export interface MeetingRow extends StampColumns {
  id: string
  title: string
  starts_on: string
  ends_on: string | null
  start_time: string | null
  end_time: string | null
  time_zone: string | null
  place: string
  minutes_document_id: string | null
  delegations: string | string[] | null
}

export const toMeeting = (row: MeetingRow): Meeting => ({
  id: row.id,
  title: row.title,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  startTime: row.start_time,
  endTime: row.end_time,
  timeZone: row.time_zone,
  place: row.place,
  delegations: codesOf(row.delegations),
  minutesDocumentId: row.minutes_document_id,
  ...stamps(row),
})

/** Named parameters of an agreement's row (both stores bind them by these names). */
export const agreementParams = (a: Agreement) => ({
  id: a.id,
  text: a.text,
  status: a.status,
  dueDate: a.dueDate,
  meetingId: a.meetingId,
  documentId: a.documentId,
  blockId: a.blockId,
  createdBy: a.createdBy,
  createdAt: a.createdAt,
  updatedBy: a.updatedBy,
  updatedAt: a.updatedAt,
})

export const meetingParams = (m: Meeting) => ({
  id: m.id,
  title: m.title,
  startsOn: m.startsOn,
  endsOn: m.endsOn,
  place: m.place,
  minutesDocumentId: m.minutesDocumentId,
  createdBy: m.createdBy,
  createdAt: m.createdAt,
  updatedBy: m.updatedBy,
  updatedAt: m.updatedAt,
  // Last: Postgres binds these parameters by position.
  startTime: m.startTime,
  endTime: m.endTime,
  timeZone: m.timeZone,
})

/** The fields of a patch that are present (a key set to undefined changes nothing). */
export function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>
}

/**
 * `current` with a patch's present fields. A patch never moves a record's identity or its
 * creation stamp, whatever the caller put in it, so every store keeps those from `current`.
 */
export function patched<T extends { id: string; createdBy: unknown; createdAt: unknown }>(
  current: T,
  patch: Partial<Omit<T, 'id' | 'createdBy' | 'createdAt'>>,
): T {
  return { ...current, ...definedFields(patch), id: current.id, createdBy: current.createdBy, createdAt: current.createdAt }
}

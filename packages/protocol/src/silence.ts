/**
 * The silence procedure and adoption (SILENCE-*, ADOPT-* in server/SPEC.md). An owner places
 * a draft, or some of its paragraphs, under silence until a deadline in an IANA time zone;
 * while it runs the text under silence cannot change. A party's member may break silence
 * with a written objection; at the deadline without a break the server adopts the text and
 * freezes an "Adopted" version. An owner may also adopt at once a text every party agreed.
 */
import { Type, type Static } from 'typebox'
import { TIME_ZONE_MAX_LENGTH } from './agreements.ts'
import { NullableArray } from './shapes.ts'

export const SILENCE_STATUSES = ['running', 'adopting', 'broken', 'adopted', 'withdrawn'] as const
export type SilenceStatus = (typeof SILENCE_STATUSES)[number]

/** `YYYY-MM-DDTHH:MM`, a wall-clock time in the procedure's zone. */
export const LOCAL_DATETIME_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]$'
export const OBJECTION_MAX_LENGTH = 4_000

export interface SilenceProcedure {
  id: string
  documentId: string
  /** The paragraphs under silence (block ids), or null for the whole draft. */
  paragraphIds: string[] | null
  /** The instant it ends, ISO UTC. */
  deadline: string
  timeZone: string
  /** The deadline as its zone reads it, `YYYY-MM-DDTHH:MM`. */
  localDeadline: string
  /** The parties addressed (delegation codes). */
  parties: string[]
  status: SilenceStatus
  startedBy: string
  startedAt: string
  endedAt: string | null
  /** Who broke, withdrew or (null) the server at the deadline. */
  endedBy: string | null
  /** The delegation that broke silence and its objection. */
  brokenBy: string | null
  objection: string | null
  /** The adopted version, once adopted. */
  versionId: string | null
}

const DeadlineFields = {
  /** `YYYY-MM-DDTHH:MM` in `timeZone`. */
  deadline: Type.String({ pattern: LOCAL_DATETIME_PATTERN }),
  timeZone: Type.String({ minLength: 1, maxLength: TIME_ZONE_MAX_LENGTH }),
}
/** The most paragraphs one procedure names. */
export const SILENCE_MAX_PARAGRAPHS = 2000

export const StartSilenceRequest = Type.Object(
  {
    ...DeadlineFields,
    /** Block ids of the paragraphs under silence; absent or null: the whole draft. */
    paragraphIds: Type.Optional(
      NullableArray(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: SILENCE_MAX_PARAGRAPHS, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
)
export type StartSilenceRequest = Static<typeof StartSilenceRequest>

export const ExtendSilenceRequest = Type.Object(DeadlineFields, { additionalProperties: false })
export type ExtendSilenceRequest = Static<typeof ExtendSilenceRequest>

export const BreakSilenceRequest = Type.Object(
  { objection: Type.String({ minLength: 1, maxLength: OBJECTION_MAX_LENGTH }) },
  { additionalProperties: false },
)
export type BreakSilenceRequest = Static<typeof BreakSilenceRequest>

export interface SilenceResponse {
  /** The running procedure, else the latest one, else null. */
  silence: SilenceProcedure | null
  adoption: Adoption | null
}

export interface Adoption {
  documentId: string
  versionId: string
  adoptedAt: string
  /** The owner who adopted it, or null when silence adopted it. */
  adoptedBy: string | null
  parties: string[]
  silenceId: string | null
}

/** A running procedure still holds the text (`adopting` is the server's moment of adopting it). */
export function silenceHolds(status: SilenceStatus): boolean {
  return status === 'running' || status === 'adopting'
}

/**
 * The UTC instant of a wall-clock time in an IANA zone, or null when the zone skips that time
 * (a daylight-saving gap). Searched through Intl, so no time-zone library is needed.
 */
export function zonedToUtc(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!match) return null
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number]
  const asUtc = Date.UTC(y, mo - 1, d, h, mi)
  // The zone's offset is at most ±14 h: try the offsets around the guess and keep one that reads back.
  let guess = asUtc
  for (let i = 0; i < 3; i++) guess = asUtc - offsetMs(new Date(guess), timeZone)
  const candidate = new Date(guess)
  return utcToZoned(candidate, timeZone) === local ? candidate : null
}

/** How an instant reads in a zone, `YYYY-MM-DDTHH:MM`. */
export function utcToZoned(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

function offsetMs(at: Date, timeZone: string): number {
  const local = utcToZoned(at, timeZone)
  const [date, time] = local.split('T') as [string, string]
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi] = time.split(':').map(Number) as [number, number]
  return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(at.getTime() / 60_000) * 60_000
}

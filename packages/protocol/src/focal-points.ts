/**
 * The focal-point directory (server/SPEC.md FOCAL-*): each delegation's focal points and
 * alternates for each process (the ad-hoc group, the troika…), read by everyone signed in, kept
 * by the delegation itself and by the secretariats. The request shapes are TypeBox (shapes.ts):
 * they check structure and hold off abuse; the rules a person can break while typing (the
 * e-mail's shape, a phone's characters, dates, lengths) are `focalPointProblem`, which answers
 * with a sentence the form can show as it is.
 */
import { Type, type Static } from 'typebox'
import { DelegationCode, RECORD_ID_PATTERN } from './shapes.ts'

export const FOCAL_ROLES = ['focal', 'alternate'] as const
export type FocalRole = (typeof FOCAL_ROLES)[number]

/**
 * Processes offered before any entry names one. A process is free text (FOCAL-4): a new one
 * needs no administrator; the server writes it as the spelling already in use when it differs
 * only by case, accents or spaces, so "troika" joins "Troika" instead of starting a group.
 */
export const FOCAL_PROCESS_SUGGESTIONS: readonly string[] = ['Grupo ad hoc CRM–CSM / CRM–CSM ad-hoc group', 'Troika']

export const FOCAL_LIMITS = {
  process: 120,
  name: 120,
  title: 120,
  institution: 200,
  email: 254,
  phone: 40,
  phones: 4,
  languages: 8,
  notes: 500,
} as const

/** One person in the directory. Dates are calendar days (YYYY-MM-DD). */
export interface FocalPoint {
  id: string
  /** The delegation's code (storage.delegations). */
  delegation: string
  process: string
  role: FocalRole
  givenName: string
  familyName: string
  /** Honorific or position: "Embajadora", "Director de Asuntos Consulares". */
  title: string
  /** Ministry or institution. */
  institution: string
  email: string
  phones: string[]
  /** ISO 639 codes, most used first. */
  languages: string[]
  since: string
  until: string | null
  notes: string
  /** An account of the same delegation this person signs in with, if any. */
  userId: string | null
  updatedBy: string
  updatedAt: string
}

// Generous bounds only: the sentences for people come from focalPointProblem.
const text = (max: number) => Type.String({ maxLength: max * 4 })

/** What a person writes of an entry; the server keeps who changed it and when. */
export const FocalPointInput = Type.Object(
  {
    delegation: DelegationCode,
    process: text(FOCAL_LIMITS.process),
    role: Type.Union([Type.Literal('focal'), Type.Literal('alternate')]),
    givenName: text(FOCAL_LIMITS.name),
    familyName: text(FOCAL_LIMITS.name),
    title: text(FOCAL_LIMITS.title),
    institution: text(FOCAL_LIMITS.institution),
    email: text(FOCAL_LIMITS.email),
    phones: Type.Array(text(FOCAL_LIMITS.phone), { maxItems: 16 }),
    languages: Type.Array(Type.String({ maxLength: 16 }), { maxItems: 16 }),
    since: Type.String({ maxLength: 40 }),
    until: Type.Union([Type.Null(), Type.String({ maxLength: 40 })]),
    notes: text(FOCAL_LIMITS.notes),
    userId: Type.Union([Type.Null(), Type.String({ pattern: RECORD_ID_PATTERN })]),
  },
  { additionalProperties: false },
)
export type FocalPointInput = Static<typeof FocalPointInput>

export const FocalPointExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('vcf'), Type.Literal('xlsx')]),
    delegation: Type.Optional(DelegationCode),
    process: Type.Optional(Type.String({ minLength: 1, maxLength: FOCAL_LIMITS.process * 4 })),
    lang: Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('en')])),
  },
  { additionalProperties: false },
)
export type FocalPointExportQuery = Static<typeof FocalPointExportQuery>

export interface FocalPointsResponse {
  entries: FocalPoint[]
  /** The processes to offer: those in use, then the suggestions not yet used. */
  processes: string[]
  /** Whether the caller may change every delegation's entries (a secretariat or an administrator). */
  editsAll: boolean
  /** The caller's delegation, whose entries they may change. */
  delegation: string
}

/** Spaces collapsed and trimmed; what every text field is stored as. */
export const tidyText = (value: string): string => value.replace(/\s+/gu, ' ').trim()

/** The form processes are told apart in: no case, no accents, dashes and spaces alike. */
export const processKey = (process: string): string =>
  process.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s\-‐–—]+/gu, ' ').trim()

/** A plain address: something@domain.tld, no spaces, one @ (what a mail program accepts everywhere). */
const EMAIL = /^[^\s@<>(),;:"\\]+@[^\s@<>(),;:"\\]+\.[^\s@<>(),;:"\\.]{2,}$/u
/** Digits with the signs people write numbers with: +56 (2) 2827-4200, ext. after "x". */
const PHONE = /^\+?[0-9][0-9 ()./-]*(?:\s?(?:x|ext\.?)\s?[0-9]+)?$/iu
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/u
const LANGUAGE = /^[a-z]{2,3}$/u

export const isCalendarDay = (value: string): boolean => {
  const m = DAY.exec(value)
  if (!m) return false
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.toISOString().slice(0, 10) === value
}

/** Whether Intl knows the code as a language (ISO 639-1, or 639-2/3 where there is no 639-1). */
export const isLanguageCode = (code: string): boolean => {
  if (!LANGUAGE.test(code)) return false
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(code)
    return name !== undefined && name !== code
  } catch {
    return false
  }
}

/** The input with every text tidied, the address lower-cased, empty phones dropped. */
export function tidyFocalPoint(input: FocalPointInput): FocalPointInput {
  return {
    ...input,
    process: tidyText(input.process),
    givenName: tidyText(input.givenName),
    familyName: tidyText(input.familyName),
    title: tidyText(input.title),
    institution: tidyText(input.institution),
    email: input.email.trim().toLowerCase(),
    phones: input.phones.map(tidyText).filter((p) => p !== ''),
    languages: [...new Set(input.languages.map((l) => l.trim().toLowerCase()).filter((l) => l !== ''))],
    since: input.since.trim(),
    until: input.until === null || input.until.trim() === '' ? null : input.until.trim(),
    notes: input.notes.trim(),
  }
}

/**
 * What is wrong with a tidied entry (FOCAL-12), as data: the client words it in the person's
 * language (focalPoints.issues.<code>), the server in English (`describeFocalIssue`).
 */
export type FocalIssue =
  | { code: 'process' | 'name' | 'since' | 'until' | 'untilBeforeSince'; field: keyof FocalPointInput }
  | { code: 'tooLong'; field: keyof FocalPointInput; max: number }
  | { code: 'email'; field: 'email'; value: string }
  | { code: 'phones'; field: 'phones'; max: number }
  | { code: 'phone'; field: 'phones'; value: string }
  | { code: 'phoneTooLong'; field: 'phones'; value: string; max: number }
  | { code: 'languages'; field: 'languages'; max: number }
  | { code: 'language'; field: 'languages'; value: string }

const LONG_FIELDS = ['process', 'givenName', 'familyName', 'title', 'institution', 'email', 'notes'] as const
const LIMIT_OF = { process: FOCAL_LIMITS.process, givenName: FOCAL_LIMITS.name, familyName: FOCAL_LIMITS.name, title: FOCAL_LIMITS.title, institution: FOCAL_LIMITS.institution, email: FOCAL_LIMITS.email, notes: FOCAL_LIMITS.notes } as const

export function focalPointIssue(input: FocalPointInput): FocalIssue | null {
  const L = FOCAL_LIMITS
  if (input.process === '') return { code: 'process', field: 'process' }
  if (input.givenName === '' && input.familyName === '') return { code: 'name', field: 'givenName' }
  for (const field of LONG_FIELDS) if ([...input[field]].length > LIMIT_OF[field]) return { code: 'tooLong', field, max: LIMIT_OF[field] }
  if (!EMAIL.test(input.email)) return { code: 'email', field: 'email', value: input.email }
  if (input.phones.length > L.phones) return { code: 'phones', field: 'phones', max: L.phones }
  for (const phone of input.phones) {
    if ([...phone].length > L.phone) return { code: 'phoneTooLong', field: 'phones', value: phone, max: L.phone }
    if (!PHONE.test(phone) || phone.replace(/\D/gu, '').length < 4) return { code: 'phone', field: 'phones', value: phone }
  }
  if (input.languages.length > L.languages) return { code: 'languages', field: 'languages', max: L.languages }
  for (const code of input.languages) if (!isLanguageCode(code)) return { code: 'language', field: 'languages', value: code }
  if (!isCalendarDay(input.since)) return { code: 'since', field: 'since' }
  if (input.until !== null) {
    if (!isCalendarDay(input.until)) return { code: 'until', field: 'until' }
    if (input.until < input.since) return { code: 'untilBeforeSince', field: 'until' }
  }
  return null
}

const FIELD_WORDS: Partial<Record<keyof FocalPointInput, string>> = {
  process: 'process',
  givenName: 'given name',
  familyName: 'family name',
  title: 'title',
  institution: 'ministry or institution',
  email: 'e-mail address',
  notes: 'note',
}

/** The issue as the server's English sentence. */
export function describeFocalIssue(issue: FocalIssue): string {
  switch (issue.code) {
    case 'process':
      return 'Say which process this person is the focal point for (for example "Troika").'
    case 'name':
      return "Write the person's name."
    case 'tooLong':
      return `The ${FIELD_WORDS[issue.field] ?? issue.field} is longer than ${issue.max} characters.`
    case 'email':
      return `"${issue.value}" is not an e-mail address; write one like nombre@cancilleria.gob.`
    case 'phones':
      return `Give at most ${issue.max} phone numbers.`
    case 'phoneTooLong':
      return `The phone number "${issue.value}" is longer than ${issue.max} characters.`
    case 'phone':
      return `The phone number "${issue.value}" may hold only digits, spaces, a leading +, brackets, dots, dashes and an extension (x123).`
    case 'languages':
      return `Give at most ${issue.max} languages.`
    case 'language':
      return `"${issue.value}" is not a language code; use ISO 639 codes such as es, en, fr or pt.`
    case 'since':
      return 'Give the date this person took the role as YYYY-MM-DD.'
    case 'until':
      return 'Give the date the role ends as YYYY-MM-DD, or leave it empty.'
    case 'untilBeforeSince':
      return 'The role cannot end before it starts.'
  }
}

/** Why a tidied entry cannot be stored, as the server's sentence; null when it can. */
export function focalPointProblem(input: FocalPointInput): string | null {
  const issue = focalPointIssue(input)
  return issue ? describeFocalIssue(issue) : null
}

/** "María José Núñez Ávila": given names first, as a card shows them. */
export const focalPointName = (entry: Pick<FocalPoint, 'givenName' | 'familyName'>): string => [entry.givenName, entry.familyName].filter((p) => p !== '').join(' ')

/** The notifications stream's event when an entry of the directory was created, changed or removed (FOCAL-14). */
export const FOCAL_POINTS_EVENT_NAME = 'focal-points'

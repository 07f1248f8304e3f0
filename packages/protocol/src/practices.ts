/**
 * Good practices (PRACT-* in server/SPEC.md): a workspace's catalogue of practices each
 * delegation submits, the themes the secretariats keep, prioritisation rounds with ranked
 * ballots, and the compilation draft. Routes under `/api/practices`; the open pages hear
 * `practices` on `/api/notifications/events` and read again.
 */
import { Type, type Static } from 'typebox'
import { DelegationCode, IsoTime, RecordId } from './shapes.ts'
import type { Language } from './api.ts'

export const PRACTICE_STATUSES = ['draft', 'submitted', 'changes_requested', 'accepted'] as const
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number]

export const PRACTICE_TITLE_MAX_LENGTH = 200
export const PRACTICE_TEXT_MAX_LENGTH = 8000
export const PRACTICE_SHORT_MAX_LENGTH = 300
export const PRACTICE_MAX_LINKS = 10
export const PRACTICE_LINK_MAX_LENGTH = 500
/** One attachment's largest size, in bytes (PRACT-6). */
export const PRACTICE_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
export const PRACTICE_MAX_ATTACHMENTS = 5
export const PRACTICE_ATTACHMENT_NAME_MAX_LENGTH = 200
export const THEME_NAME_MAX_LENGTH = 300
export const ROUND_MAX_PRACTICES = 200
export const ROUND_MAX_VOTERS = 60
export const ROUND_MAX_PRIORITIES = 20
export const PRACTICES_EVENT_NAME = 'practices'

export interface PracticeTheme {
  id: string
  nameEs: string
  nameEn: string
  /** Order in lists and in the compilation. */
  position: number
  /** An archived theme is kept for the practices that have it, but offered for no new one. */
  archived: boolean
}

export interface PracticeAttachmentInfo {
  id: string
  practiceId: string
  name: string
  type: string
  size: number
  createdAt: string
  createdBy: string
}

export interface Practice {
  id: string
  /** The delegation that submits it (its owner). */
  delegation: string
  status: PracticeStatus
  title: string
  country: string
  themeId: string
  description: string
  /** Why it is a good practice. */
  why: string
  /** How it contributes to the Global Compact. */
  how: string
  contact: string
  links: string[]
  /** The secretariat's comment with its last review (changes asked, or acceptance). */
  reviewComment: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  /** When it was last submitted; null until then (and it is then its delegation's alone). */
  submittedAt: string | null
  reviewedBy: string | null
  reviewedAt: string | null
}

export interface PracticeWithAttachments extends Practice {
  attachments: PracticeAttachmentInfo[]
}

export interface PracticeRound {
  id: string
  title: string
  /** The practices to rank, in the order the secretariat gave. */
  practiceIds: string[]
  /** The delegations invited to vote. */
  voters: string[]
  /** How many priorities each ballot may rank (at most). */
  priorities: number
  deadline: string
  createdBy: string
  createdAt: string
  /** When a secretariat closed it before its deadline; null otherwise. */
  closedAt: string | null
  /** The compilation draft made from it, when one was. */
  documentId: string | null
}

export interface PracticeBallot {
  roundId: string
  delegation: string
  /** Practice ids, first priority first. */
  ranking: string[]
  castBy: string
  castAt: string
}

export interface RankingEntry {
  practiceId: string
  points: number
  /** 1 for the most points; tied practices share a rank (1, 2, 2, 4). */
  rank: number
  tied: boolean
  /** How many ballots put it first. */
  firstChoices: number
}

export interface RoundView extends PracticeRound {
  closed: boolean
  /** Delegations that have voted (who, not how, while the round is open). */
  voted: string[]
  /** The caller's delegation's own ballot, if cast. */
  myBallot: string[] | null
  mayVote: boolean
  /** Every ballot and the ranking, once the round is closed; null before. */
  ballots: PracticeBallot[] | null
  ranking: RankingEntry[] | null
}

export interface PracticesResponse {
  practices: PracticeWithAttachments[]
  themes: PracticeTheme[]
  /** Whether the caller reviews, keeps themes and runs rounds (a secretariat or an administrator). */
  manages: boolean
}

export interface RoundsResponse {
  rounds: RoundView[]
}

const Text = (max: number) => Type.String({ maxLength: max })
const Title = Type.String({ minLength: 1, maxLength: PRACTICE_TITLE_MAX_LENGTH, pattern: '\\S' })
const Link = Type.String({ minLength: 1, maxLength: PRACTICE_LINK_MAX_LENGTH, pattern: '^(https?://|mailto:)\\S+$' })

const practiceFields = {
  title: Title,
  country: Text(PRACTICE_SHORT_MAX_LENGTH),
  themeId: RecordId,
  description: Text(PRACTICE_TEXT_MAX_LENGTH),
  why: Text(PRACTICE_TEXT_MAX_LENGTH),
  how: Text(PRACTICE_TEXT_MAX_LENGTH),
  contact: Text(PRACTICE_SHORT_MAX_LENGTH),
  links: Type.Array(Link, { maxItems: PRACTICE_MAX_LINKS }),
}

export const PracticeRequest = Type.Object(
  {
    title: practiceFields.title,
    themeId: practiceFields.themeId,
    country: Type.Optional(practiceFields.country),
    description: Type.Optional(practiceFields.description),
    why: Type.Optional(practiceFields.why),
    how: Type.Optional(practiceFields.how),
    contact: Type.Optional(practiceFields.contact),
    links: Type.Optional(practiceFields.links),
  },
  { additionalProperties: false },
)
export type PracticeRequest = Static<typeof PracticeRequest>

export const PracticeChange = Type.Partial(Type.Object(practiceFields), { additionalProperties: false, minProperties: 1 })
export type PracticeChange = Static<typeof PracticeChange>

export const PracticeReviewRequest = Type.Object(
  {
    decision: Type.Union([Type.Literal('accept'), Type.Literal('changes')]),
    comment: Type.Optional(Type.String({ maxLength: PRACTICE_TEXT_MAX_LENGTH })),
  },
  { additionalProperties: false },
)
export type PracticeReviewRequest = Static<typeof PracticeReviewRequest>

const ThemeName = Type.String({ minLength: 1, maxLength: THEME_NAME_MAX_LENGTH, pattern: '\\S' })
export const ThemeRequest = Type.Object({ nameEs: ThemeName, nameEn: ThemeName }, { additionalProperties: false })
export type ThemeRequest = Static<typeof ThemeRequest>
export const ThemeChange = Type.Partial(
  Type.Object({ nameEs: ThemeName, nameEn: ThemeName, archived: Type.Boolean(), position: Type.Integer({ minimum: 0, maximum: 10000 }) }),
  { additionalProperties: false, minProperties: 1 },
)
export type ThemeChange = Static<typeof ThemeChange>

export const RoundRequest = Type.Object(
  {
    title: Title,
    practiceIds: Type.Array(RecordId, { minItems: 1, maxItems: ROUND_MAX_PRACTICES, uniqueItems: true }),
    voters: Type.Array(DelegationCode, { minItems: 1, maxItems: ROUND_MAX_VOTERS, uniqueItems: true }),
    priorities: Type.Integer({ minimum: 1, maximum: ROUND_MAX_PRIORITIES }),
    deadline: IsoTime,
  },
  { additionalProperties: false },
)
export type RoundRequest = Static<typeof RoundRequest>

export const BallotRequest = Type.Object(
  { ranking: Type.Array(RecordId, { minItems: 1, maxItems: ROUND_MAX_PRIORITIES, uniqueItems: true }) },
  { additionalProperties: false },
)
export type BallotRequest = Static<typeof BallotRequest>

export const CompilePracticesRequest = Type.Object(
  {
    title: Title,
    practiceIds: Type.Array(RecordId, { minItems: 1, maxItems: ROUND_MAX_PRACTICES, uniqueItems: true }),
    language: Type.Union([Type.Literal('es'), Type.Literal('en')]),
    roundId: Type.Optional(RecordId),
  },
  { additionalProperties: false },
)
export type CompilePracticesRequest = Static<typeof CompilePracticesRequest> & { language: Language }

export interface CompileResponse {
  id: string
}

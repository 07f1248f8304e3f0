/**
 * Paragraph consensus and structured brackets, kept in the draft's review document next to
 * the comment threads (only the server writes them, in answer to authorised HTTP calls).
 *
 * - `settings.parties`: the negotiating delegations (codes) whose agreement a paragraph needs.
 * - `consensus`: one JSON value per numbered paragraph (key: the paragraph's block id) with
 *   each party's position, the text fingerprint the positions were given on, and the history
 *   of earlier positions (kept when an edit reopened the paragraph).
 * - `brackets`: one JSON value per bracket (key: bracket id). The bracketed words carry a
 *   `bracket` mark with that id in the body; the record holds sponsors, alternatives, status.
 */
import { Type, type Static } from 'typebox'
import { AnchorRequest, type Author } from './review.ts'
import { DelegationCode, NullableString } from './shapes.ts'

export const REVIEW_CONSENSUS_KEY = 'consensus'
export const REVIEW_BRACKETS_KEY = 'brackets'
/** Key of the parties list inside the review settings map. */
export const PARTIES_SETTING = 'parties'

export const STANCES = ['agree', 'agree_ad_ref', 'reservation', 'objection'] as const
export type Stance = (typeof STANCES)[number]

export function isStance(value: unknown): value is Stance {
  return typeof value === 'string' && (STANCES as readonly string[]).includes(value)
}

/** Reservations and objections must say what they are about. */
export function stanceNeedsText(stance: Stance): boolean {
  return stance === 'reservation' || stance === 'objection'
}

export const POSITION_TEXT_MAX_LENGTH = 4_000
export const BRACKET_ALTERNATIVE_MAX_LENGTH = 4_000
export const BRACKET_MAX_ALTERNATIVES = 5
export const MAX_PARTIES = 40

export interface Position {
  delegation: string
  stance: Stance
  /** Required for reservations and objections; null otherwise. */
  text: string | null
  by: Author
  at: string
}

export interface PositionsArchive {
  positions: Position[]
  /** Fingerprint of the paragraph text these positions were given on. */
  textHash: string
  archivedAt: string
  /** Who changed the text and so reopened the paragraph (null when unknown). */
  reopenedBy: Author | null
}

export interface ParagraphConsensus {
  paragraphId: string
  /** Current positions by delegation code. */
  positions: Record<string, Position>
  /** Fingerprint (see `paragraphTextHash`) of the text the current positions were given on. */
  textHash: string
  /** Set when an edit to the text moved earlier positions into `history`. */
  reopened: { by: Author | null; at: string } | null
  /** Earlier positions, oldest first. */
  history: PositionsArchive[]
}

export type ParagraphStatus = 'agreed' | 'agreed_ad_ref' | 'open'
export const PARAGRAPH_STATUSES: readonly ParagraphStatus[] = ['agreed', 'agreed_ad_ref', 'open']

/**
 * A paragraph is `agreed` when every party agrees and no bracket in it is open,
 * `agreed_ad_ref` when every party agrees or agrees ad referendum (at least one ad ref) and
 * no bracket is open, and `open` otherwise — including when the draft has no parties yet,
 * since nobody has agreed to anything.
 */
export function paragraphStatus(
  parties: readonly string[],
  positions: Readonly<Record<string, Pick<Position, 'stance'>>> | undefined,
  openBrackets: number,
): ParagraphStatus {
  if (parties.length === 0 || openBrackets > 0) return 'open'
  let adRef = false
  for (const party of parties) {
    const stance = positions?.[party]?.stance
    if (stance === 'agree_ad_ref') adRef = true
    else if (stance !== 'agree') return 'open'
  }
  return adRef ? 'agreed_ad_ref' : 'agreed'
}

/**
 * Fingerprint of a paragraph's text (FNV-1a over the UTF-16 code units, hex): positions are
 * given on a text, and a different fingerprint means the text changed since.
 */
export function paragraphTextHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `${text.length.toString(36)}-${hash.toString(16).padStart(8, '0')}`
}

export type BracketStatus = 'open' | 'resolved'
export type BracketResolutionKind = 'keep' | 'delete' | 'alternative'

export interface BracketResolution {
  kind: BracketResolutionKind
  /** For `alternative`: which one (0 = the bracketed text itself, 1… = `alternatives`). */
  alternative: number | null
  /** The text that stands after resolving (empty after `delete`). */
  text: string
  by: Author
  at: string
}

export interface BracketRecord {
  id: string
  /** The delegations on whose behalf the words are bracketed. */
  sponsors: string[]
  /** Other wordings proposed for the bracketed text ("Alt 2", "Alt 3"…); Alt 1 is the text. */
  alternatives: string[]
  status: BracketStatus
  /** The bracketed text when the bracket was made. */
  quote: string
  /** The paragraph it was made in (block id). */
  paragraphId: string | null
  createdBy: Author
  createdAt: string
  resolution: BracketResolution | null
}

export const PartiesRequest = Type.Object(
  { parties: Type.Array(DelegationCode, { maxItems: MAX_PARTIES, uniqueItems: true }) },
  { additionalProperties: false },
)
export type PartiesRequest = Static<typeof PartiesRequest>

export const PositionRequest = Type.Object(
  {
    /** The delegation whose position this is; members of a party record their own only. */
    delegation: Type.Optional(DelegationCode),
    /** Null withdraws the position (a nullable enum, not a union: see NullableString). */
    stance: Type.Unsafe<Stance | null>({ type: ['string', 'null'], enum: [...STANCES, null] }),
    text: Type.Optional(NullableString({ maxLength: POSITION_TEXT_MAX_LENGTH })),
  },
  { additionalProperties: false },
)
export type PositionRequest = Static<typeof PositionRequest>

export const CreateBracketRequest = Type.Object(
  {
    /** Yjs relative positions of the bracketed words, both in one paragraph. */
    anchor: AnchorRequest,
    sponsors: Type.Array(DelegationCode, { minItems: 1, maxItems: MAX_PARTIES, uniqueItems: true }),
    alternatives: Type.Array(Type.String({ minLength: 1, maxLength: BRACKET_ALTERNATIVE_MAX_LENGTH }), { maxItems: BRACKET_MAX_ALTERNATIVES }),
  },
  { additionalProperties: false },
)
export type CreateBracketRequest = Static<typeof CreateBracketRequest>

export const ResolveBracketRequest = Type.Object(
  {
    kind: Type.Unsafe<BracketResolutionKind>({ type: 'string', enum: ['keep', 'delete', 'alternative'] }),
    alternative: Type.Optional(Type.Integer({ minimum: 0, maximum: BRACKET_MAX_ALTERNATIVES })),
  },
  { additionalProperties: false },
)
export type ResolveBracketRequest = Static<typeof ResolveBracketRequest>

/** What `GET /api/documents/:id/consensus` answers: the derived view of the whole draft. */
export interface ConsensusSummary {
  parties: string[]
  paragraphs: ParagraphSummary[]
  brackets: BracketRecord[]
  totals: ConsensusTotals
  /** The same counts for the preamble and the operative part. */
  sections: Record<'preamble' | 'operative', ConsensusTotals>
}

export interface ConsensusTotals {
  paragraphs: number
  agreed: number
  agreedAdRef: number
  open: number
  openBrackets: number
}

export interface ParagraphSummary {
  paragraphId: string
  /** `PP1`, `OP3`… */
  number: string
  section: 'preamble' | 'operative'
  text: string
  status: ParagraphStatus
  positions: Record<string, Position>
  openBrackets: number
  reopened: ParagraphConsensus['reopened']
  history: PositionsArchive[]
}

/**
 * Brings a paragraph's consensus record in line with its current text: when the text's
 * fingerprint differs from the one the positions were given on, the positions move to the
 * history and the paragraph is reopened by `by` (the person whose edit changed it). A record
 * without positions just takes the new fingerprint. Returns the record unchanged (the same
 * object) when nothing needs doing, so callers can tell whether to write.
 */
export function reconcileWithText(entry: ParagraphConsensus, textHash: string, by: Author | null, at: string): ParagraphConsensus {
  if (entry.textHash === textHash) return entry
  const positions = Object.values(entry.positions)
  if (positions.length === 0) return { ...entry, textHash }
  return {
    ...entry,
    positions: {},
    textHash,
    reopened: { by, at },
    history: [...entry.history, { positions, textHash: entry.textHash, archivedAt: at, reopenedBy: by }],
  }
}

/**
 * Records (or, with a null stance, withdraws) one delegation's position on a paragraph whose
 * current text has fingerprint `textHash`; positions given on an earlier text are archived
 * first, so a position always refers to the text it was given on.
 */
export function recordPosition(
  entry: ParagraphConsensus | undefined,
  paragraphId: string,
  textHash: string,
  position: Position | { delegation: string; stance: null },
  by: Author,
  at: string,
): ParagraphConsensus {
  const current = reconcileWithText(entry ?? { paragraphId, positions: {}, textHash, reopened: null, history: [] }, textHash, by, at)
  const positions = { ...current.positions }
  if (position.stance === null) delete positions[position.delegation]
  else positions[position.delegation] = position
  return { ...current, positions }
}

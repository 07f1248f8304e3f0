/**
 * Named versions and checkpoints of a draft ([VERSION-*] in server/SPEC.md): the body and the
 * review document frozen together, immutably, on the server. Owners save and restore them;
 * everyone who may read the draft lists, opens and compares them.
 */
import { Type, type Static } from 'typebox'
import type { BracketRecord, ParagraphConsensus } from './consensus.ts'
import { IsoTime, RecordId, StringEnum } from './shapes.ts'
import type { Author, Thread } from './review.ts'

/** `named` versions are saved by an owner ("Rev.1"); `checkpoint`s are taken automatically. */
export type VersionKind = 'named' | 'checkpoint'
/** Why a checkpoint was taken: an hour of activity, or right before a restore. */
export type CheckpointReason = 'hourly' | 'before_restore'

export const VERSION_NAME_MAX_LENGTH = 120
export const VERSION_NOTE_MAX_LENGTH = 2_000
/** A draft's checkpoints are taken at most this often while it is being edited. */
export const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000

export interface VersionSummary {
  id: string
  documentId: string
  kind: VersionKind
  /** Empty for checkpoints. */
  name: string
  note: string
  reason: CheckpointReason | null
  /** For a before-restore checkpoint: the version that was then restored. */
  restoring: string | null
  createdAt: string
  /** Null for hourly checkpoints, which the server takes itself. */
  createdBy: Author | null
}

export interface VersionsResponse {
  /** Newest first. */
  named: VersionSummary[]
  /** Newest first. */
  checkpoints: VersionSummary[]
}

export const CreateVersionRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: VERSION_NAME_MAX_LENGTH }),
    note: Type.Optional(Type.String({ maxLength: VERSION_NOTE_MAX_LENGTH })),
  },
  { additionalProperties: false },
)
export type CreateVersionRequest = Static<typeof CreateVersionRequest>

/** `/api/documents/:id/versions/:versionId`: the draft's id is checked by the access check. */
export const VersionParams = Type.Object({ id: Type.String(), versionId: RecordId })
export type VersionParams = Static<typeof VersionParams>

/** Whether pending suggestions are compared as text (`included`) or left aside (COMPARE-12). */
export const COMPARE_SUGGESTIONS = ['aside', 'included'] as const

/** The review data as it was in a version. */
export interface VersionReview {
  parties: string[]
  requireSuggesting: boolean
  threads: Thread[]
  consensus: Record<string, ParagraphConsensus>
  brackets: Record<string, BracketRecord>
}

/** A version opened read-only: its body (ProseMirror JSON) and review data as they were. */
export interface VersionContentResponse {
  version: VersionSummary
  body: unknown
  review: VersionReview
}

/** `current` names the draft as it is now, in comparisons. */
export const CURRENT_VERSION = 'current'

export interface RestoreVersionResponse {
  restored: VersionSummary
  /** The checkpoint of the text as it was just before the restore. */
  checkpoint: VersionSummary
}

/** One entry of a paragraph's history (AUTHOR-2): one person's run of changes to it. */
export interface ParagraphHistoryEntry {
  paragraphId: string
  userId: string
  /** The author's current name; their id when the account is gone. */
  name: string
  delegation: string
  /** When the run started and ended (ISO, server clock). */
  from: string
  at: string
  /** The paragraph's text before the run (null: unknown, the first record) and after it (null: removed). */
  before: string | null
  after: string | null
}

/** `GET /api/documents/:id/history[?paragraph=&since=&until=]`: oldest first. */
/** `GET /api/documents/:id/history?paragraph&since&until` (AUTHOR-2): every part optional. */
export const ParagraphHistoryQuery = Type.Object(
  { paragraph: Type.Optional(RecordId), since: Type.Optional(IsoTime), until: Type.Optional(IsoTime) },
  { additionalProperties: false },
)
export type ParagraphHistoryQuery = Static<typeof ParagraphHistoryQuery>

export interface ParagraphHistoryResponse {
  entries: ParagraphHistoryEntry[]
}

/** `GET /api/documents/:id/versions/compare`: two versions, or `current` for the live draft. */
export const CompareVersionsQuery = Type.Object(
  { from: RecordId, to: RecordId, suggestions: Type.Optional(StringEnum(COMPARE_SUGGESTIONS)) },
  { additionalProperties: false },
)
export type CompareVersionsQuery = Static<typeof CompareVersionsQuery>

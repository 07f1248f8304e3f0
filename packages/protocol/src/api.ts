/** REST request and response shapes shared by the server routes, the client and the tests. */
import { Type, type Static } from 'typebox'

export const TEMPLATES = [
  'declaration',
  'minutes',
  'good-practices',
  'questionnaire',
  'glossary',
  'blank',
] as const
export type TemplateId = (typeof TEMPLATES)[number]

export const LANGUAGES = ['es', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const LIMITS = {
  titleMaxLength: 200,
} as const

export interface HealthResponse {
  status: 'ok'
  version: string
  storage: string
  fanout: string
}

/** `GET /api/ready`: 200 with `ready`, or 503 with what is wrong (storage, commits, fan-out). */
export interface ReadyResponse {
  status: 'ready' | 'unavailable'
  problems: string[]
}

/** A draft's title as sent: the server folds its spaces and refuses a blank one. */
export const DraftTitle = Type.String({ minLength: 1, maxLength: LIMITS.titleMaxLength })

export const CreateDocumentRequest = Type.Object(
  {
    title: DraftTitle,
    template: Type.Unsafe<TemplateId>({ type: 'string', enum: [...TEMPLATES] }),
    /** Language of the template's headings and sample text; Spanish when absent. */
    language: Type.Optional(Type.Unsafe<Language>({ type: 'string', enum: [...LANGUAGES] })),
  },
  { additionalProperties: false },
)
export type CreateDocumentRequest = Static<typeof CreateDocumentRequest>

/** `PATCH /api/documents/:id`: an owner renames the draft (DOC-1). */
export const RenameDocumentRequest = Type.Object({ title: DraftTitle }, { additionalProperties: false })
export type RenameDocumentRequest = Static<typeof RenameDocumentRequest>

export interface CreateDocumentResponse {
  id: string
}

export interface PresenceEntry {
  name: string
  delegation: string
  color: string
}

export interface DocumentSummary {
  id: string
  /** The signed-in user's effective role on this draft. */
  role: import('./access.ts').Role
  title: string
  template: TemplateId
  /** Who created it (null for drafts from before accounts). */
  createdBy: string | null
  /** True when the draft is shared with the caller's delegation (not only with them). */
  sharedWithDelegation: boolean
  createdAt: string
  /** ISO time of the last committed change to the body. */
  updatedAt: string
  /** People connected to the draft right now (from awareness). */
  present: PresenceEntry[]
}

export interface DocumentListResponse {
  documents: DocumentSummary[]
}

/** A deleted draft waiting in its owner's trash (`GET /api/documents/trash`). */
export interface TrashedDocumentSummary extends DocumentSummary {
  deletedAt: string
  /** When it will be deleted for good. */
  purgeAt: string
}

export interface TrashListResponse {
  documents: TrashedDocumentSummary[]
}

export interface ApiError {
  error: string
  message: string
}


/**
 * The file repository (FILES-* in server/SPEC.md): reference documents (PDF, Word, spreadsheets,
 * OpenDocument text, images, plain text) with their versions, under `/api/files`. An upload is
 * the file's bytes as the request body (so the browser can show its progress) with the file's
 * description in the query string.
 */
import { Type, type Static } from 'typebox'
import { DelegationCode, RecordId } from './shapes.ts'

export const FILE_LANGUAGES = ['es', 'en', 'other'] as const
export type FileLanguage = (typeof FILE_LANGUAGES)[number]

export const FILE_TITLE_MAX_LENGTH = 200
/** Short enough that the whole description fits a query string, accents encoded (FILES-2). */
export const FILE_DESCRIPTION_MAX_LENGTH = 1000
export const FILE_TAG_MAX_LENGTH = 40
export const FILE_MAX_TAGS = 12
export const FILE_NAME_MAX_LENGTH = 200
export const FILE_MAX_DELEGATIONS = 60
/** The default of FILES_MAX_BYTES: 25 MB. */
export const FILE_DEFAULT_MAX_BYTES = 25 * 1024 * 1024
/** The notifications stream's event when a file was uploaded, changed or deleted (FILES-9); it names no file. */
export const FILES_EVENT_NAME = 'files'

/** Who may see a file: everyone signed in, or the people of the delegations listed (FILES-4). */
export type FileVisibility = { kind: 'all' } | { kind: 'delegations'; delegations: string[] }

export interface FileVersion {
  number: number
  /** The uploaded file's own name. */
  name: string
  /** The media type the server recognised from the file's bytes (FILES-3). */
  type: string
  size: number
  /** Hex SHA-256 of the bytes. */
  sha256: string
  uploadedBy: string
  uploadedAt: string
}

export interface RepositoryFile {
  id: string
  title: string
  description: string
  tags: string[]
  language: FileLanguage
  /** The register's meeting it belongs to, or null. */
  meetingId: string | null
  visibility: FileVisibility
  createdBy: string
  createdAt: string
  updatedAt: string
  /** Oldest first; the last is the current one. */
  versions: FileVersion[]
}

/** What the caller may do with a file (FILES-5), so the page offers only that. */
export interface RepositoryFileView extends RepositoryFile {
  canEdit: boolean
}

export interface FilesResponse {
  files: RepositoryFileView[]
  /** The largest file the server accepts (FILES_MAX_BYTES), so a page can say so before sending. */
  maxBytes: number
}

/** Spelled out: a Union built by mapping FILE_LANGUAGES would type as a plain string. */
const Language = Type.Union([Type.Literal('es'), Type.Literal('en'), Type.Literal('other')])
const Tags = Type.String({ maxLength: FILE_MAX_TAGS * (FILE_TAG_MAX_LENGTH + 1) })
/** `all`, or delegation codes separated by commas. */
const VisibilityParam = Type.String({ minLength: 1, maxLength: FILE_MAX_DELEGATIONS * 21 })

/** POST /api/files?… : the body is the file. */
export const FileUploadQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: FILE_NAME_MAX_LENGTH }),
    title: Type.String({ minLength: 1, maxLength: FILE_TITLE_MAX_LENGTH }),
    description: Type.Optional(Type.String({ maxLength: FILE_DESCRIPTION_MAX_LENGTH })),
    /** Comma-separated. */
    tags: Type.Optional(Tags),
    language: Language,
    meetingId: Type.Optional(RecordId),
    visibility: Type.Optional(VisibilityParam),
  },
  { additionalProperties: false },
)
export type FileUploadQuery = Static<typeof FileUploadQuery>

/** POST /api/files/:id/versions?name=… : the body is the file. */
export const FileVersionQuery = Type.Object({ name: Type.String({ minLength: 1, maxLength: FILE_NAME_MAX_LENGTH }) }, { additionalProperties: false })
export type FileVersionQuery = Static<typeof FileVersionQuery>

export const FileListQuery = Type.Object(
  {
    meetingId: Type.Optional(RecordId),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: FILE_TAG_MAX_LENGTH })),
    language: Type.Optional(Language),
  },
  { additionalProperties: false },
)
export type FileListQuery = Static<typeof FileListQuery>

/** PATCH /api/files/:id: what changes. */
export const FileChange = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: FILE_TITLE_MAX_LENGTH })),
    description: Type.Optional(Type.String({ maxLength: FILE_DESCRIPTION_MAX_LENGTH })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: FILE_TAG_MAX_LENGTH }), { maxItems: FILE_MAX_TAGS })),
    language: Type.Optional(Language),
    meetingId: Type.Optional(Type.Union([RecordId, Type.Null()])),
    visibility: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
        Type.Object({ kind: Type.Literal('delegations'), delegations: Type.Array(DelegationCode, { minItems: 1, maxItems: FILE_MAX_DELEGATIONS }) }, { additionalProperties: false }),
      ]),
    ),
  },
  { additionalProperties: false },
)
export type FileChange = Static<typeof FileChange>

export const FileVersionParams = Type.Object({ id: RecordId, number: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false })
export type FileVersionParams = Static<typeof FileVersionParams>

/** Comma-separated tags as a clean list: trimmed, no empties, no repeats (FILES-2). */
export function parseTags(raw: string | undefined): string[] {
  const seen = new Set<string>()
  for (const tag of (raw ?? '').split(',')) {
    const t = tag.trim()
    if (t) seen.add(t)
  }
  return [...seen]
}

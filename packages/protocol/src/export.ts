/**
 * What imports and exports accept. `GET /api/documents/:id/export` (and a version's export) accepts: the one list of
 * formats and views, read by the route's validation, the converters and the Export menu.
 */
import { Type, type Static } from 'typebox'
import { LANGUAGES } from './api.ts'
import { StringEnum } from './shapes.ts'
import { VERSION_NAME_MAX_LENGTH, VERSION_NOTE_MAX_LENGTH } from './versions.ts'

export const EXPORT_FORMATS = ['docx', 'pdf', 'html', 'md', 'akn'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
/** `clean`: the agreed text, pending proposals left out; `proposals`: the text with every pending proposal taken in; `review`: suggestions, comments, brackets with sponsors, statuses. */
export const EXPORT_VIEWS = ['clean', 'proposals', 'review'] as const
export type ExportView = (typeof EXPORT_VIEWS)[number]
export type ExportLanguage = (typeof LANGUAGES)[number]
/** The draft's text, its second language, or both side by side (BILING-7). */
export const EXPORT_TEXTS = ['source', 'translation', 'bilingual'] as const
export type ExportText = (typeof EXPORT_TEXTS)[number]

export const ExportQuery = Type.Object(
  {
    format: StringEnum(EXPORT_FORMATS),
    view: Type.Optional(Type.Unsafe<ExportView>({ type: 'string', enum: [...EXPORT_VIEWS], default: 'clean' })),
    // The interface's language: labels of drafts that keep no language of their own (REVIEW-6).
    lang: Type.Optional(Type.Unsafe<ExportLanguage>({ type: 'string', enum: [...LANGUAGES], default: 'es' })),
    text: Type.Optional(Type.Unsafe<ExportText>({ type: 'string', enum: [...EXPORT_TEXTS], default: 'source' })),
  },
  { additionalProperties: false },
)
/** As the route reads it once Fastify has filled in the defaults. */
export type ExportQuery = Required<Static<typeof ExportQuery>>

export const IMPORT_FORMATS = ['docx', 'md'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** `POST /api/documents/import`: the file is the body; its format from here or its content type. */
export const ImportQuery = Type.Object(
  { format: Type.Optional(StringEnum(IMPORT_FORMATS)), filename: Type.Optional(Type.String({ maxLength: 255 })) },
  { additionalProperties: false },
)
export type ImportQuery = Static<typeof ImportQuery>

/** `POST /api/documents/:id/import`: the file becomes a named version of the draft. */
export const ImportVersionQuery = Type.Object(
  {
    ...ImportQuery.properties,
    name: Type.String({ minLength: 1, maxLength: VERSION_NAME_MAX_LENGTH }),
    note: Type.Optional(Type.String({ maxLength: VERSION_NOTE_MAX_LENGTH })),
  },
  { additionalProperties: false },
)
export type ImportVersionQuery = Static<typeof ImportVersionQuery>

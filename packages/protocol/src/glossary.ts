/**
 * The workspace glossary (server/SPEC.md GLOSS-*): agreed terms in Spanish and English, with
 * their definitions, source and status, kept by the technical secretariats and read by
 * everyone signed in. The request shapes are TypeBox (see shapes.ts); the term matching that
 * both the editor and the server use is in glossary-match.ts.
 */
import { Type, type Static } from 'typebox'
import { RECORD_ID_PATTERN } from './shapes.ts'

export const GLOSSARY_STATUSES = ['preferred', 'admitted', 'deprecated'] as const
export type GlossaryStatus = (typeof GLOSSARY_STATUSES)[number]
export type GlossaryLanguage = 'es' | 'en'
export const GLOSSARY_LANGUAGES: readonly GlossaryLanguage[] = ['es', 'en']

export const GLOSSARY_TERM_MAX_LENGTH = 200
export const GLOSSARY_TEXT_MAX_LENGTH = 4000
export const GLOSSARY_SOURCE_MAX_LENGTH = 300
/** Entries one import may carry; the request body limit (1 MB) binds first in practice. */
export const GLOSSARY_IMPORT_MAX_ENTRIES = 5000
export const GLOSSARY_IMPORT_MAX_CHARS = 900_000

/** One entry: a concept's term in each language (one side may be empty, not both). */
export interface GlossaryEntry {
  id: string
  termEs: string
  termEn: string
  definitionEs: string
  definitionEn: string
  /** Where the term and definition come from ("IOM Glossary on Migration, 2019"). */
  source: string
  notes: string
  status: GlossaryStatus
  /** For a deprecated (or admitted) term, the entry to use instead; null otherwise. */
  preferredId: string | null
  createdBy: string
  createdAt: string
  updatedBy: string
  updatedAt: string
}

/** What a person writes of an entry; the server keeps who and when. */
export const GlossaryEntryInput = Type.Object(
  {
    termEs: Type.String({ maxLength: GLOSSARY_TERM_MAX_LENGTH }),
    termEn: Type.String({ maxLength: GLOSSARY_TERM_MAX_LENGTH }),
    definitionEs: Type.String({ maxLength: GLOSSARY_TEXT_MAX_LENGTH }),
    definitionEn: Type.String({ maxLength: GLOSSARY_TEXT_MAX_LENGTH }),
    source: Type.String({ maxLength: GLOSSARY_SOURCE_MAX_LENGTH }),
    notes: Type.String({ maxLength: GLOSSARY_TEXT_MAX_LENGTH }),
    status: Type.Union([Type.Literal('preferred'), Type.Literal('admitted'), Type.Literal('deprecated')]),
    preferredId: Type.Union([Type.Null(), Type.String({ pattern: RECORD_ID_PATTERN })]),
  },
  { additionalProperties: false },
)
export type GlossaryEntryInput = Static<typeof GlossaryEntryInput>

export const GlossaryImportRequest = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('tbx')]),
    content: Type.String({ minLength: 1, maxLength: GLOSSARY_IMPORT_MAX_CHARS }),
    /** Whether entries absent from the file are removed (the file becomes the glossary). */
    replace: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type GlossaryImportRequest = Static<typeof GlossaryImportRequest>

export const GlossaryExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('tbx')]),
    lang: Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('en')])),
  },
  { additionalProperties: false },
)
export type GlossaryExportQuery = Static<typeof GlossaryExportQuery>

export interface GlossaryResponse {
  entries: GlossaryEntry[]
  /** Whether the caller may change the glossary (a secretariat or an administrator). */
  canEdit: boolean
}

export interface GlossaryImportResponse {
  created: number
  updated: number
  removed: number
  entries: GlossaryEntry[]
}

export const glossaryTerm = (entry: Pick<GlossaryEntry, 'termEs' | 'termEn'>, lang: GlossaryLanguage): string => (lang === 'es' ? entry.termEs : entry.termEn)
export const glossaryDefinition = (entry: Pick<GlossaryEntry, 'definitionEs' | 'definitionEn'>, lang: GlossaryLanguage): string =>
  lang === 'es' ? entry.definitionEs : entry.definitionEn

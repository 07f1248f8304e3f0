/**
 * Request shapes of a draft's second language (BILING-*, server/src/bilingual/routes.ts):
 * adding it (`POST /api/documents/:id/translation`) and choosing which text is authentic
 * (`PUT` the same address). Owners only.
 */
import { Type, type Static } from 'typebox'
import { LANGUAGES, type Language } from './api.ts'

const language = () => Type.Unsafe<Language>({ type: 'string', enum: [...LANGUAGES] })
const authentic = () => Type.Unsafe<Language | 'both'>({ type: 'string', enum: [...LANGUAGES, 'both'] })

export const AddTranslationRequest = Type.Object({ language: language(), authentic: Type.Optional(authentic()) }, { additionalProperties: false })
export type AddTranslationRequest = Static<typeof AddTranslationRequest>

export const TranslationSettingsChange = Type.Object({ authentic: authentic() }, { additionalProperties: false })
export type TranslationSettingsChange = Static<typeof TranslationSettingsChange>

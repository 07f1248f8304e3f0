/**
 * A draft's second language as the review document keeps it (`settings.translation`, written
 * by the server only, BILING-1), and the two languages an export or a view reads from it.
 */
import type * as Y from 'yjs'
import { REVIEW_SETTINGS_KEY } from '@consenso/protocol'
import { isTranslationSettings, otherLanguage, type TextLanguage, type TranslationSettings } from '@consenso/schema'

export const TRANSLATION_SETTING = 'translation'

export function translationSettingsOf(review: Y.Doc): TranslationSettings | null {
  const value = review.getMap(REVIEW_SETTINGS_KEY).get(TRANSLATION_SETTING)
  return isTranslationSettings(value) ? value : null
}

/** The body's language and the second one, or null for a draft with one language. */
export function languagesOf(review: Y.Doc): { source: TextLanguage; target: TextLanguage } | null {
  const settings = translationSettingsOf(review)
  if (!settings) return null
  return { source: otherLanguage(settings.language), target: settings.language }
}

import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { LANGUAGES, type Language } from '@consenso/protocol'
import type en from './en.json'
import type es from './es.json'

/** Only an explicit choice is stored, so that a browser switched to English later is followed. */
export const LANGUAGE_STORAGE_KEY = 'consenso:language'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof en }
  }
}

// Fails to compile when the Spanish file lacks a key of the English one.
type Complete<T extends true> = T
export type SpanishHasEveryKey = Complete<typeof es extends typeof en ? true : false>

/**
 * Each language is its own chunk, fetched when first needed: a page in Spanish never
 * downloads the English strings. Both files are complete, so no fallback language is loaded.
 */
async function loadStrings(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, 'translation')) return
  const strings = (language === 'en' ? await import('./en.json') : await import('./es.json')).default
  i18next.addResourceBundle(language, 'translation', strings)
}

/** A stored explicit choice, else the browser's first supported language, else Spanish. */
function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY)
    if (isLanguage(stored)) return stored
  } catch {
    // Storage may be unavailable (private mode); the browser's languages still count.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  // Spanish is the working language of both conferences.
  return 'es'
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function currentLanguage(): Language {
  // `language` first: `resolvedLanguage` is worked out when the language is set, and the first
  // language is set before its strings arrive (they load on demand), so it would stay unset.
  const base = i18next.language?.toLowerCase().split('-')[0]
  if (isLanguage(base)) return base
  const resolved = i18next.resolvedLanguage
  return isLanguage(resolved) ? resolved : 'es'
}

export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language)
  } catch {
    // Private mode or a full quota: the choice then lasts for this page only.
  }
  void loadStrings(language).then(() => i18next.changeLanguage(language))
}

function reflectOnDocument(language: string): void {
  document.documentElement.lang = isLanguage(language) ? language : 'es'
}

i18next.on('languageChanged', reflectOnDocument)

/** Loads the page's language and initialises i18next; main.tsx renders once this resolves. */
export async function initI18n(): Promise<void> {
  const language = initialLanguage()
  await i18next.use(initReactI18next).init({
    lng: language,
    resources: {},
    partialBundledLanguages: true,
    supportedLngs: [...LANGUAGES],
    load: 'languageOnly',
    fallbackLng: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
  })
  await loadStrings(language)
  reflectOnDocument(language)
}

export default i18next

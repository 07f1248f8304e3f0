import i18next from 'i18next'
import LanguageDetector from 'i18next-browser-languagedetector'
import { initReactI18next } from 'react-i18next'
import { LANGUAGES, type Language } from '@consenso/protocol'
import en from './en.json'
import es from './es.json'

/** Only an explicit choice is stored, so that a browser switched to English later is followed. */
export const LANGUAGE_STORAGE_KEY = 'consenso:language'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof en }
  }
}

// Fails to compile when the Spanish file lacks a key of the English one.
const spanish: typeof en = es

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function currentLanguage(): Language {
  const resolved = i18next.resolvedLanguage
  return isLanguage(resolved) ? resolved : 'es'
}

export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language)
  } catch {
    // Private mode or a full quota: the choice then lasts for this page only.
  }
  void i18next.changeLanguage(language)
}

function reflectOnDocument(language: string): void {
  document.documentElement.lang = isLanguage(language) ? language : 'es'
}

i18next.on('languageChanged', reflectOnDocument)

void i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, es: { translation: spanish } },
    // Resources are bundled, so initialising synchronously lets the first render be translated.
    initAsync: false,
    supportedLngs: [...LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    // Spanish is the working language of both conferences.
    fallbackLng: 'es',
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: [],
    },
    // React escapes what it renders.
    interpolation: { escapeValue: false },
  })

reflectOnDocument(currentLanguage())

export default i18next

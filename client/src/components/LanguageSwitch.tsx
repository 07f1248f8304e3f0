import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '@consenso/protocol'
import { chooseLanguage, currentLanguage } from '../i18n/index.ts'

export function LanguageSwitch() {
  // Re-rendered on every change of language by useTranslation.
  const { t } = useTranslation()
  const active = currentLanguage()
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={active === language}
          title={t(`language.${language}`)}
          onClick={() => chooseLanguage(language)}
        >
          {/* The name starts with the visible code, then the language in itself: "ES — Español" (A11Y-2). */}
          {language.toUpperCase()}
          <span className="visually-hidden"> — {t(`language.${language}`)}</span>
        </button>
      ))}
    </div>
  )
}

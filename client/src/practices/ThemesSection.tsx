/** The practices' themes kept by the secretariats (UI-PRACT-*): list, archive or restore, add. */
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { PracticeTheme } from '@consenso/protocol'
import { ErrorLine } from '../components/ErrorLine.tsx'
import { useAction } from '../components/useAction.ts'
import { createTheme, updateTheme } from './api.ts'

export const themeName = (theme: PracticeTheme | undefined, language: string): string => (theme ? (language.startsWith('en') ? theme.nameEn : theme.nameEs) : '—')

export function ThemesSection({ themes, reload }: { themes: PracticeTheme[]; reload: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [names, setNames] = useState({ nameEs: '', nameEn: '' })
  const add = (event: FormEvent) => {
    event.preventDefault()
    void action.run(() => createTheme(names)).then((ok) => {
      if (ok) {
        setNames({ nameEs: '', nameEn: '' })
        reload()
      }
    })
  }
  return (
    <section className="panel practices-themes" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('practices.themes.heading')}</h2>
      <ol className="practices-themes__list">
        {themes.map((th) => (
          <li key={th.id} className={th.archived ? 'practices-themes__archived' : undefined}>
            {themeName(th, i18n.language)}
            {th.archived && ` (${t('practices.themes.archived')})`}{' '}
            <button
              type="button"
              className="link-button"
              aria-label={th.archived ? t('practices.themes.restoreNamed', { name: themeName(th, i18n.language) }) : t('practices.themes.archiveNamed', { name: themeName(th, i18n.language) })}
              onClick={() => void action.run(() => updateTheme(th.id, { archived: !th.archived })).then((ok) => ok && reload())}
            >
              {th.archived ? t('practices.themes.restore') : t('practices.themes.archive')}
            </button>
          </li>
        ))}
      </ol>
      <form onSubmit={add} className="practices-themes__form">
        <div className="field">
          <label htmlFor={`${ids}-es`}>{t('practices.themes.nameEs')}</label>
          <input id={`${ids}-es`} value={names.nameEs} onChange={(e) => setNames({ ...names, nameEs: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-en`}>{t('practices.themes.nameEn')}</label>
          <input id={`${ids}-en`} value={names.nameEn} onChange={(e) => setNames({ ...names, nameEn: e.target.value })} />
        </div>
        <button type="submit" className="button" disabled={action.busy}>
          {t('practices.themes.add')}
        </button>
      </form>
      <ErrorLine message={action.error} />
    </section>
  )
}

/**
 * Good practices (UI-PRACT-* in client/SPEC.md): the catalogue (`/practices`) where each
 * delegation writes and submits its practices and the secretariats review them and keep the
 * themes, and the prioritisation rounds (`/practices/rounds`) where delegations rank them and
 * the secretariat compiles the chosen ones into a draft.
 */
import { useTranslation } from 'react-i18next'
import { AppHeader } from '../components/AppHeader.tsx'
import { TabNav } from '../components/TabNav.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { CatalogueSection } from './CatalogueSection.tsx'
import { RoundsSection } from './RoundsSection.tsx'
import { usePractices } from './usePractices.ts'

export type PracticesTab = 'catalogue' | 'rounds'

export function PracticesPage({ tab }: { tab: PracticesTab }) {
  const { t } = useTranslation()
  useDocumentTitle(t('practices.documentTitle'))
  const { state, reload } = usePractices()
  return (
    <>
      <AppHeader />
      <main id="main" className="register practices" tabIndex={-1} data-testid="practices-page">
        <div className="section-heading register__heading">
          <h1>{t('practices.heading')}</h1>
        </div>
        <p className="practices__intro">{t('practices.intro')}</p>
        <TabNav
          label={t('practices.tabsLabel')}
          tabs={[
            { href: '/practices', label: t('practices.tabs.catalogue'), current: tab === 'catalogue', testId: 'tab-catalogue' },
            { href: '/practices/rounds', label: t('practices.tabs.rounds'), current: tab === 'rounds', testId: 'tab-rounds' },
          ]}
        />
        {state.kind === 'loading' && <p role="status">{t('practices.loading')}</p>}
        {state.kind === 'error' && (
          <p className="notice notice--error" role="alert">
            {t('practices.loadError', { message: state.message })}{' '}
            <button type="button" className="link-button" onClick={reload}>
              {t('common.retry')}
            </button>
          </p>
        )}
        {state.kind === 'ready' &&
          (tab === 'catalogue' ? (
            <CatalogueSection practices={state.catalogue.practices} themes={state.catalogue.themes} manages={state.catalogue.manages} reload={reload} />
          ) : (
            <RoundsSection rounds={state.rounds} practices={state.catalogue.practices} manages={state.catalogue.manages} reload={reload} />
          ))}
      </main>
    </>
  )
}

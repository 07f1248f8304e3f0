import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'

/** The portal's way in to the good practices (UI-PRACT-1). */
export function PracticesPortalLink() {
  const { t } = useTranslation()
  const ids = useId()
  return (
    <section className="portal__practices panel" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('practices.portalHeading')}</h2>
      <p>{t('practices.portalText')}</p>
      <Link href="/practices" className="button button--wide" data-testid="practices-link">
        {t('practices.portalLink')}
      </Link>
    </section>
  )
}

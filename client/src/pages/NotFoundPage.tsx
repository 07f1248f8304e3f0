import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { AppHeader } from '../components/AppHeader.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'

export function NotFoundPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('notFound.documentTitle'))
  return (
    <>
      <AppHeader />
      <main id="main" className="message-page" tabIndex={-1}>
        <h1>{t('notFound.heading')}</h1>
        <p>{t('notFound.body')}</p>
        <p>
          <Link href="/" className="button">
            {t('notFound.back')}
          </Link>
        </p>
      </main>
    </>
  )
}

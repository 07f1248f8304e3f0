import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { AppHeader } from './AppHeader.tsx'

/** A page that only says something (not found, not allowed) and leads back to the drafts. */
export function MessagePage({ heading, body, testId }: { heading: string; body: string; testId?: string }) {
  const { t } = useTranslation()
  return (
    <>
      <AppHeader />
      <main id="main" className="message-page" tabIndex={-1} data-testid={testId}>
        <h1>{heading}</h1>
        <p>{body}</p>
        <p>
          <Link href="/" className="button">
            {t('notFound.back')}
          </Link>
        </p>
      </main>
    </>
  )
}

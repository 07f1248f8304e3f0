import { useTranslation } from 'react-i18next'
import { MessagePage } from '../components/MessagePage.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'

export function NotFoundPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('notFound.documentTitle'))
  return <MessagePage heading={t('notFound.heading')} body={t('notFound.body')} />
}

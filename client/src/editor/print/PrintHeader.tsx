import { useTranslation } from 'react-i18next'
import { serverNow } from '../../server-clock.ts'
import './print.css'

/**
 * Printed only (hidden on screen): the draft's title and the day it was printed, above the
 * text, and which view this is. The date is the server's day, like every time on the page.
 */
export function PrintHeader({ title }: { title: string }) {
  const { t, i18n } = useTranslation()
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' }).format(new Date(serverNow()))
  return (
    <div className="print-header" data-testid="print-header" aria-hidden="true">
      <span className="print-header__title">{title}</span>
      <span className="print-header__date">
        <span className="print-header__view print-header__view--clean">{t('print.cleanView')}</span>
        <span className="print-header__view print-header__view--marked">{t('print.markedView')}</span>
        {' · '}
        {t('print.printedOn', { date })}
      </span>
    </div>
  )
}

/**
 * What an imported file held that a draft cannot keep yet (footnotes, tables, link targets,
 * images, super/subscript: CONV-17), as the server's answer lists it, told to the person who
 * imported it. Their words came through; the things themselves did not.
 */
import { useTranslation } from 'react-i18next'

export const LOST_KINDS = ['footnotes', 'tables', 'links', 'images', 'superscript'] as const
export interface LostItem {
  kind: (typeof LOST_KINDS)[number]
  count: number
}

export function LostNotice({ lost, children }: { lost: LostItem[]; children?: React.ReactNode }) {
  const { t } = useTranslation()
  const known = lost.filter((item) => (LOST_KINDS as readonly string[]).includes(item.kind))
  if (!known.length) return null
  return (
    <div className="notice notice--warning" role="status" data-testid="import-lost">
      <p>{t('convert.lost.heading')}</p>
      <ul>
        {known.map((item) => (
          <li key={item.kind} data-kind={item.kind}>
            {t(`convert.lost.kinds.${item.kind}`, { count: item.count })}
          </li>
        ))}
      </ul>
      {children}
    </div>
  )
}

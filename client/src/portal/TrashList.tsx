import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TrashedDocumentSummary } from '@consenso/protocol'
import { describeError, listTrash, restoreDocument } from '../api.ts'
import { absoluteTime } from '../format.ts'

/**
 * The caller's trash: drafts they own that were deleted, each restorable until the server
 * purges it (TRASH_DAYS after its deletion).
 */
export function TrashList({ onRestored }: { onRestored: (document: TrashedDocumentSummary) => void }) {
  const { t, i18n } = useTranslation()
  const [documents, setDocuments] = useState<TrashedDocumentSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback((signal?: AbortSignal) => {
    listTrash(signal).then(
      (list) => {
        setDocuments(list)
        setError(null)
      },
      (failure: unknown) => {
        if (!signal?.aborted) setError(describeError(failure))
      },
    )
  }, [])

  useEffect(() => {
    const controller = new AbortController()
    load(controller.signal)
    return () => controller.abort()
  }, [load])

  const restore = async (document: TrashedDocumentSummary): Promise<void> => {
    try {
      await restoreDocument(document.id)
      setDocuments((list) => list?.filter((d) => d.id !== document.id) ?? null)
      onRestored(document)
    } catch (failure) {
      setError(t('portal.restoreFailed', { message: describeError(failure) }))
    }
  }

  return (
    <div data-testid="trash">
      <p className="muted small">{t('portal.trashHint')}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {documents === null && !error && (
        <p className="muted" role="status">
          {t('portal.loading')}
        </p>
      )}
      {documents?.length === 0 && <p className="empty-state">{t('portal.trashEmpty')}</p>}
      {documents && documents.length > 0 && (
        <ul className="document-list">
          {documents.map((document) => (
            <li key={document.id} className="document-card document-card--trashed" data-testid="trash-item" data-document-id={document.id}>
              <div className="document-card__main">
                <span className="document-card__title document-card__title--plain">{document.title || t('editor.untitled')}</span>
                <p className="document-card__meta">
                  <time dateTime={document.purgeAt}>{t('portal.purgeAt', { time: absoluteTime(document.purgeAt, i18n.language) })}</time>
                </p>
              </div>
              <button type="button" className="button button--small" data-testid="restore-draft" onClick={() => void restore(document)}>
                {t('portal.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

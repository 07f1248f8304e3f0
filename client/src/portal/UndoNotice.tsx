import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

/** How long "Undo" stays offered; the draft stays restorable from the trash after that. */
export const UNDO_MS = 15_000

export interface UndoOffer {
  /** Changes with every offer, so a second deletion restarts the time. */
  key: number
  message: string
  /** Absent for a notice that only informs. */
  undo?: () => void
}

/**
 * A live message at the foot of the page ("… moved to the trash. Undo"), read out by screen
 * readers, gone after UNDO_MS or on Escape.
 */
export function UndoNotice({ offer, onDone }: { offer: UndoOffer | null; onDone: () => void }) {
  const { t } = useTranslation()
  useEffect(() => {
    if (!offer) return
    const timer = window.setTimeout(onDone, UNDO_MS)
    return () => window.clearTimeout(timer)
  }, [offer, onDone])
  return (
    <div className="undo-notice-region" role="status" aria-live="polite">
      {offer && (
        <div
          className="undo-notice"
          data-testid="undo-notice"
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone()
          }}
        >
          <span>{offer.message}</span>
          {offer.undo && (
            <button
              type="button"
              className="button button--small"
              data-testid="undo"
              onClick={() => {
                offer.undo?.()
                onDone()
              }}
            >
              {t('portal.undo')}
            </button>
          )}
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onDone}>
            ×
          </button>
        </div>
      )}
    </div>
  )
}

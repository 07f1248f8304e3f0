import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { FormActions } from './FormActions.tsx'

interface DialogProps {
  open: boolean
  onClose: () => void
  title: ReactNode
  /** Read out with the title when the dialog opens. */
  description?: ReactNode
  children: ReactNode
  testId?: string
  wide?: boolean
  /** Focused on open; otherwise the first field, else the close button. */
  initialFocus?: RefObject<HTMLElement | null>
  /** Focused on closing, when what opened the dialog has gone (a menu item); else the opener is (A11Y-22). */
  returnFocus?: RefObject<HTMLElement | null>
}

/**
 * A native modal <dialog>: the browser makes the rest of the page inert, keeps focus inside,
 * closes it on Escape and returns focus to the opener, which a hand-made overlay would have
 * to imitate.
 */
export function Dialog({ open, onClose, title, description, children, testId, wide, initialFocus, returnFocus }: DialogProps) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  const ids = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      const target =
        initialFocus?.current ??
        dialog.querySelector<HTMLElement>('input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea')
      target?.focus()
    } else if (!open && dialog.open) {
      // The browser gives the focus back to the opener, or to the page when the opener was hidden.
      dialog.close()
      returnFocus?.current?.focus()
    }
  }, [open, initialFocus, returnFocus])

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={`${ids}-title`}
      aria-describedby={description ? `${ids}-description` : undefined}
      data-testid={testId}
      onKeyDown={(event) => {
        // The browser lets Tab leave a modal dialog for its own toolbar; keep it going round (A11Y-22).
        if (event.key !== 'Tab' || event.defaultPrevented) return
        const inside = tabbable(event.currentTarget)
        if (inside.length === 0) return
        const [first, last] = [inside[0]!, inside[inside.length - 1]!]
        const active = document.activeElement
        if (event.shiftKey && (active === first || !event.currentTarget.contains(active))) {
          event.preventDefault()
          last.focus()
        } else if (!event.shiftKey && (active === last || !event.currentTarget.contains(active))) {
          event.preventDefault()
          first.focus()
        }
      }}
      onCancel={(event) => {
        // React passes a nested dialog's cancel (Escape) up to this one too: only our own closes us.
        if (event.target !== event.currentTarget) return
        event.preventDefault()
        onClose()
      }}
    >
      {open && (
        <div className="dialog__body">
          <div className="dialog__head">
            <h2 id={`${ids}-title`}>{title}</h2>
            <button type="button" className="dialog__close" onClick={onClose} aria-label={t('common.close')} title={t('common.close')}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          {description && (
            <div id={`${ids}-description`} className="dialog__description">
              {description}
            </div>
          )}
          {children}
        </div>
      )}
    </dialog>
  )
}

const TABBABLE = 'a[href], button:not(:disabled), input:not(:disabled):not([type=hidden]), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]'

/** What Tab reaches inside `root`, in order: shown, enabled, not taken out of the tab order. */
function tabbable(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    (element) => element.tabIndex >= 0 && element.getClientRects().length > 0 && !element.closest('[inert], [hidden]'),
  )
}

interface ConfirmDialogProps {
  open: boolean
  title: string
  body: ReactNode
  confirmLabel: string
  danger?: boolean
  busy?: boolean
  error?: string | null
  onConfirm: () => void
  onCancel: () => void
}

export function ConfirmDialog({ open, title, body, confirmLabel, danger, busy, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const confirmRef = useRef<HTMLButtonElement>(null)
  return (
    <Dialog open={open} onClose={onCancel} title={title} description={body} testId="confirm-dialog" initialFocus={confirmRef}>
      <FormActions error={error} onCancel={onCancel} confirm={{ label: confirmLabel, testId: 'confirm-submit', busy, danger, onClick: onConfirm, ref: confirmRef }} />
    </Dialog>
  )
}

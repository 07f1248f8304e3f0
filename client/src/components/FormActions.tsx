import type { ReactNode, Ref } from 'react'
import { useTranslation } from 'react-i18next'

interface FormActionsProps {
  /** Shown above the buttons and read out at once; none when null. */
  error?: ReactNode
  onCancel: () => void
  /** The primary button. Without `onClick` it submits the form it sits in. */
  confirm: {
    label: ReactNode
    testId?: string
    busy?: boolean
    danger?: boolean
    onClick?: () => void
    ref?: Ref<HTMLButtonElement>
  }
}

/**
 * The foot of every dialog that asks for something: what went wrong, then Cancel and the
 * action, in the same order and look everywhere (the action last, where the eye ends).
 */
export function FormActions({ error, onCancel, confirm }: FormActionsProps) {
  const { t } = useTranslation()
  return (
    <>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          ref={confirm.ref}
          type={confirm.onClick ? 'button' : 'submit'}
          className={confirm.danger ? 'button button--danger' : 'button button--primary'}
          onClick={confirm.onClick}
          disabled={confirm.busy}
          data-testid={confirm.testId}
        >
          {confirm.label}
        </button>
      </div>
    </>
  )
}

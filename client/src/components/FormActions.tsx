import type { ReactNode, Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorLine } from './ErrorLine.tsx'

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
      <ErrorLine message={error} />
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

interface WideSubmitProps {
  /** Shown above the button and read out at once; none when null. */
  error: ReactNode
  errorTestId?: string
  busy: boolean
  /** Says what is happening while busy. */
  label: ReactNode
  testId: string
}

/** The foot of a page's own form (sign-in, a new account, an invitation, a new draft): what went wrong, then one wide button. */
export function WideSubmit({ error, errorTestId, busy, label, testId }: WideSubmitProps) {
  return (
    <>
      <ErrorLine message={error} testId={errorTestId} />
      <button type="submit" className="button button--primary button--wide" data-testid={testId} disabled={busy}>
        {label}
      </button>
    </>
  )
}

interface PageFormActionsProps {
  busy: boolean
  /** The submit button's words. */
  label: ReactNode
  testId: string
  /** A Cancel beside it, when there is something to cancel. */
  cancel?: { label: ReactNode; onClick: () => void }
}

/** The foot of a form within a page (the glossary's, the focal points'): submit first, then Cancel. */
export function PageFormActions({ busy, label, testId, cancel }: PageFormActionsProps) {
  return (
    <div className="page-form__actions">
      <button type="submit" className="button button--primary" disabled={busy} data-testid={testId}>
        {label}
      </button>
      {cancel && (
        <button type="button" className="button" onClick={cancel.onClick}>
          {cancel.label}
        </button>
      )}
    </div>
  )
}

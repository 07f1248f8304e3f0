import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiRequestError, changePassword, describeError } from '../api.ts'
import { useAuth } from '../auth/context.ts'
import { passwordProblem, passwordProblemMessage, repeatProblem, type PasswordProblem } from '../auth/passwords.ts'
import { Dialog } from './Dialog.tsx'
import { DoneLine } from './ErrorLine.tsx'
import { TextField } from './Field.tsx'
import { FormActions } from './FormActions.tsx'
import { NewPasswordFields } from './NewPasswordFields.tsx'
import { useFormFields } from './useFormFields.ts'

/** The server's codes for "the current password is wrong" (as opposed to "signed out"). */
const WRONG_PASSWORD = new Set(['wrong_password', 'invalid_credentials'])

export function ChangePasswordDialog({ open, onClose, returnFocus }: { open: boolean; onClose: () => void; returnFocus?: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation()
  return (
    <Dialog open={open} onClose={onClose} title={t('password.title')} testId="change-password-dialog" returnFocus={returnFocus}>
      <ChangePasswordForm onClose={onClose} />
    </Dialog>
  )
}

function ChangePasswordForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const { expired } = useAuth()
  const form = useFormFields({ current: '', next: '', repeat: '' })
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const closeRef = useRef<HTMLButtonElement>(null)
  // The success message replaces the form; its button takes the focus the form had.
  useEffect(() => {
    if (done) closeRef.current?.focus()
  }, [done])

  const message = (problem: PasswordProblem): string | undefined => passwordProblemMessage(t, problem)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const { current, next, repeat } = form.values
    const found: Partial<Record<'current' | 'next' | 'repeat', string>> = {}
    if (!current) found.current = t('account.errors.passwordRequired')
    found.next = message(passwordProblem(next))
    if (!found.next && next === current) found.next = t('password.errors.same')
    if (!found.next) found.repeat = message(repeatProblem(next, repeat))
    setFailure(null)
    if (!form.check(found)) return
    setBusy(true)
    try {
      await changePassword({ currentPassword: current, newPassword: next })
      setDone(true)
    } catch (error) {
      setBusy(false)
      if (error instanceof ApiRequestError && WRONG_PASSWORD.has(error.code ?? '')) {
        form.set('current', '')
        form.setErrors({ current: t('password.errors.wrongCurrent') })
        form.focus('current')
      } else if (error instanceof ApiRequestError && error.status === 401) {
        expired()
      } else if (error instanceof ApiRequestError && error.status === 429) {
        setFailure(t('signIn.errors.tooMany'))
      } else {
        setFailure(t('password.errors.failed', { message: describeError(error) }))
      }
    }
  }

  if (done) {
    return (
      <>
        <DoneLine message={t('password.done')} testId="change-password-done" />
        <div className="dialog-actions">
          <button ref={closeRef} type="button" className="button button--primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </>
    )
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <p className="dialog__description">{t('password.intro')}</p>
      <TextField label={t('password.current')} testId="password-current" type="password" autoComplete="current-password" {...form.bind('current')} required />
      <NewPasswordFields labels={{ password: t('password.new'), repeat: t('password.repeat') }} testIds={{ password: 'password-new', repeat: 'password-repeat' }} password={form.bind('next')} repeat={form.bind('repeat')} />
      <FormActions error={failure} onCancel={onClose} confirm={{ label: busy ? t('password.submitting') : t('password.submit'), testId: 'password-submit', busy }} />
    </form>
  )
}

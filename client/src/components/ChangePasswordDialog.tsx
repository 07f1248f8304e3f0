import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiRequestError, changePassword, describeError } from '../api.ts'
import { useAuth } from '../auth/context.ts'
import { PASSWORD_MIN_LENGTH, passwordProblem, passwordProblemMessage, repeatProblem, type PasswordProblem } from '../auth/passwords.ts'
import { Dialog } from './Dialog.tsx'
import { TextField } from './Field.tsx'
import { FormActions } from './FormActions.tsx'

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

type Errors = Partial<Record<'current' | 'next' | 'repeat', string>>

function ChangePasswordForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const { expired } = useAuth()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const refs = { current: useRef<HTMLInputElement>(null), next: useRef<HTMLInputElement>(null), repeat: useRef<HTMLInputElement>(null) }
  const closeRef = useRef<HTMLButtonElement>(null)
  // The success message replaces the form; its button takes the focus the form had.
  useEffect(() => {
    if (done) closeRef.current?.focus()
  }, [done])

  const message = (problem: PasswordProblem): string | undefined => passwordProblemMessage(t, problem)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const found: Errors = {}
    if (!current) found.current = t('account.errors.passwordRequired')
    found.next = message(passwordProblem(next))
    if (!found.next && next === current) found.next = t('password.errors.same')
    if (!found.next) found.repeat = message(repeatProblem(next, repeat))
    const first = (['current', 'next', 'repeat'] as const).find((key) => found[key])
    setErrors(found)
    setFailure(null)
    if (first) return refs[first].current?.focus()
    setBusy(true)
    try {
      await changePassword({ currentPassword: current, newPassword: next })
      setDone(true)
    } catch (error) {
      setBusy(false)
      if (error instanceof ApiRequestError && WRONG_PASSWORD.has(error.code ?? '')) {
        setErrors({ current: t('password.errors.wrongCurrent') })
        setCurrent('')
        refs.current.current?.focus()
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
        <p className="notice notice--success" role="status" data-testid="change-password-done">
          {t('password.done')}
        </p>
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
      <TextField
        label={t('password.current')}
        testId="password-current"
        inputRef={refs.current}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(event) => {
          setCurrent(event.target.value)
          setErrors(({ current: _c, ...rest }) => rest)
        }}
        error={errors.current}
        required
      />
      <TextField
        label={t('password.new')}
        testId="password-new"
        inputRef={refs.next}
        type="password"
        autoComplete="new-password"
        hint={t('account.passwordHint', { min: PASSWORD_MIN_LENGTH })}
        value={next}
        onChange={(event) => {
          setNext(event.target.value)
          setErrors(({ next: _n, ...rest }) => rest)
        }}
        error={errors.next}
        required
      />
      <TextField
        label={t('password.repeat')}
        testId="password-repeat"
        inputRef={refs.repeat}
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(event) => {
          setRepeat(event.target.value)
          setErrors(({ repeat: _r, ...rest }) => rest)
        }}
        error={errors.repeat}
        required
      />
      <FormActions error={failure} onCancel={onClose} confirm={{ label: busy ? t('password.submitting') : t('password.submit'), testId: 'password-submit', busy }} />
    </form>
  )
}

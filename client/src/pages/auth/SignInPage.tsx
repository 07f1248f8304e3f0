import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearch } from 'wouter'
import { ApiRequestError, describeError, signIn } from '../../api.ts'
import { useAuth } from '../../auth/context.ts'
import { safeNext } from '../../auth/next.ts'
import { TextField } from '../../components/Field.tsx'
import { useDocumentTitle } from '../../components/useDocumentTitle.ts'
import { AuthLayout } from './AuthLayout.tsx'

export function SignInPage() {
  const { t } = useTranslation()
  const { signedIn } = useAuth()
  const returning = safeNext(useSearch()) !== '/'
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const emailRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  useDocumentTitle(t('signIn.documentTitle'))

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const next: typeof errors = {}
    if (!email.trim()) next.email = t('account.errors.emailRequired')
    if (!password) next.password = t('account.errors.passwordRequired')
    setErrors(next)
    setFailure(null)
    if (next.email) return emailRef.current?.focus()
    if (next.password) return passwordRef.current?.focus()
    setBusy(true)
    try {
      // The sign-in gate takes the person on to where they were going.
      signedIn(await signIn({ email: email.trim(), password }))
    } catch (error) {
      setBusy(false)
      setPassword('')
      if (error instanceof ApiRequestError && error.status === 401) setFailure(t('signIn.errors.invalid'))
      else if (error instanceof ApiRequestError && error.status === 429) setFailure(t('signIn.errors.tooMany'))
      else setFailure(t('signIn.errors.failed', { message: describeError(error) }))
      passwordRef.current?.focus()
    }
  }

  return (
    <AuthLayout
      testId="sign-in"
      title={t('signIn.heading')}
      intro={<p>{returning ? t('signIn.introReturning') : t('signIn.intro')}</p>}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label={t('account.email')}
          testId="sign-in-email"
          inputRef={emailRef}
          type="email"
          name="email"
          autoComplete="username"
          autoFocus
          value={email}
          onChange={(event) => {
            setEmail(event.target.value)
            setErrors(({ email: _e, ...rest }) => rest)
          }}
          error={errors.email}
          required
        />
        <TextField
          label={t('account.password')}
          testId="sign-in-password"
          inputRef={passwordRef}
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value)
            setErrors(({ password: _p, ...rest }) => rest)
          }}
          error={errors.password}
          required
        />
        {failure && (
          <p className="notice notice--error" role="alert" data-testid="sign-in-error">
            {failure}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" data-testid="sign-in-submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="auth-card__footnote muted small">{t('signIn.noAccount')}</p>
    </AuthLayout>
  )
}

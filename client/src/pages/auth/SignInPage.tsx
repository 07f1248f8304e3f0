import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearch } from 'wouter'
import { ApiRequestError, describeError, signIn } from '../../api.ts'
import { useAuth } from '../../auth/context.ts'
import { safeNext } from '../../auth/next.ts'
import { TextField } from '../../components/Field.tsx'
import { useDocumentTitle } from '../../components/useDocumentTitle.ts'
import { useFormFields } from '../../components/useFormFields.ts'
import { AuthLayout } from './AuthLayout.tsx'
import { WideSubmit } from '../../components/FormActions.tsx'

export function SignInPage() {
  const { t } = useTranslation()
  const { signedIn } = useAuth()
  const returning = safeNext(useSearch()) !== '/'
  const form = useFormFields({ email: '', password: '' })
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useDocumentTitle(t('signIn.documentTitle'))

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const { email, password } = form.values
    setFailure(null)
    if (!form.check({ email: email.trim() ? undefined : t('account.errors.emailRequired'), password: password ? undefined : t('account.errors.passwordRequired') })) return
    setBusy(true)
    try {
      // The sign-in gate takes the person on to where they were going.
      signedIn(await signIn({ email: email.trim(), password }))
    } catch (error) {
      setBusy(false)
      form.set('password', '')
      if (error instanceof ApiRequestError && error.status === 401) setFailure(t('signIn.errors.invalid'))
      else if (error instanceof ApiRequestError && error.status === 429) setFailure(t('signIn.errors.tooMany'))
      else setFailure(t('signIn.errors.failed', { message: describeError(error) }))
      form.focus('password')
    }
  }

  return (
    <AuthLayout
      testId="sign-in"
      title={t('signIn.heading')}
      intro={<p>{returning ? t('signIn.introReturning') : t('signIn.intro')}</p>}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField label={t('account.email')} testId="sign-in-email" type="email" name="email" autoComplete="username" autoFocus {...form.bind('email')} required />
        <TextField label={t('account.password')} testId="sign-in-password" type="password" name="password" autoComplete="current-password" {...form.bind('password')} required />
        <WideSubmit error={failure} errorTestId="sign-in-error" busy={busy} label={busy ? t('signIn.submitting') : t('signIn.submit')} testId="sign-in-submit" />
      </form>
      <p className="auth-card__footnote muted small">{t('signIn.noAccount')}</p>
    </AuthLayout>
  )
}

import { useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { EMAIL_PATTERN, NAME_MAX_LENGTH, passwordProblem, passwordProblemMessage, repeatProblem, type PasswordProblem } from '../../auth/passwords.ts'
import { DelegationSelect } from '../../components/DelegationSelect.tsx'
import { TextField } from '../../components/Field.tsx'
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx'
import { useFormFields } from '../../components/useFormFields.ts'
import { WideSubmit } from '../../components/FormActions.tsx'

export interface AccountValues {
  name: string
  email: string
  delegation: string
  password: string
}

interface AccountFormProps {
  /** First run: the person picks their delegation. An invitation has fixed it already. */
  chooseDelegation: boolean
  /** The invitation names the address: shown, not editable. */
  lockedEmail?: string | null
  submitLabel: string
  busyLabel: string
  /** Resolves when done; rejects with a sentence for the person. */
  onSubmit: (values: AccountValues) => Promise<void>
  children?: ReactNode
}

/** Name, email, password twice (and the delegation on first run): a new account. */
export function AccountForm({ chooseDelegation, lockedEmail, submitLabel, busyLabel, onSubmit, children }: AccountFormProps) {
  const { t } = useTranslation()
  const form = useFormFields({ name: '', email: lockedEmail ?? '', delegation: '', password: '', repeat: '' })
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const passwordMessage = (problem: PasswordProblem): string | undefined => passwordProblemMessage(t, problem)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const { name, email, delegation, password, repeat } = form.values
    const trimmedName = name.trim()
    const trimmedEmail = (lockedEmail ?? email).trim()
    const next: Partial<Record<keyof typeof form.values, string>> = {}
    if (!trimmedName) next.name = t('account.errors.nameRequired')
    else if (trimmedName.length > NAME_MAX_LENGTH) next.name = t('account.errors.nameTooLong', { max: NAME_MAX_LENGTH })
    if (!trimmedEmail) next.email = t('account.errors.emailRequired')
    else if (!EMAIL_PATTERN.test(trimmedEmail)) next.email = t('account.errors.emailInvalid')
    if (chooseDelegation && !delegation) next.delegation = t('account.errors.delegationRequired')
    next.password = passwordMessage(passwordProblem(password))
    next.repeat = next.password ? undefined : passwordMessage(repeatProblem(password, repeat))
    setFailure(null)
    if (!form.check(next)) return
    setBusy(true)
    try {
      await onSubmit({ name: trimmedName, email: trimmedEmail, delegation, password })
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="account-form">
      <TextField
        label={t('account.name')}
        testId="account-name"
        name="name"
        autoComplete="name"
        autoFocus
        maxLength={NAME_MAX_LENGTH}
        placeholder={t('account.namePlaceholder')}
        hint={t('account.nameHint')}
        {...form.bind('name')}
        required
      />
      <TextField
        label={t('account.email')}
        testId="account-email"
        type="email"
        name="email"
        autoComplete="username"
        {...form.bind('email')}
        value={lockedEmail ?? form.values.email}
        readOnly={Boolean(lockedEmail)}
        hint={lockedEmail ? t('account.emailLocked') : undefined}
        required
      />
      {chooseDelegation && (
        <DelegationSelect
          label={t('account.delegation')}
          testId="account-delegation"
          selectRef={form.refFor('delegation')}
          value={form.values.delegation}
          hint={t('account.delegationHint')}
          onChange={(code) => form.set('delegation', code)}
          error={form.errors.delegation}
        />
      )}
      <NewPasswordFields
        labels={{ password: t('account.newPassword'), repeat: t('account.repeatPassword') }}
        testIds={{ password: 'account-password', repeat: 'account-password-repeat' }}
        names={{ password: 'new-password', repeat: 'repeat-password' }}
        password={form.bind('password')}
        repeat={form.bind('repeat')}
      />
      {children}
      <WideSubmit error={failure} errorTestId="account-error" busy={busy} label={busy ? busyLabel : submitLabel} testId="account-submit" />
    </form>
  )
}

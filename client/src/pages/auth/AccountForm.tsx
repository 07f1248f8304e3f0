import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { EMAIL_PATTERN, NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, passwordProblemMessage, repeatProblem, type PasswordProblem } from '../../auth/passwords.ts'
import { DelegationSelect } from '../../components/DelegationSelect.tsx'
import { TextField } from '../../components/Field.tsx'

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

type Errors = Partial<Record<'name' | 'email' | 'delegation' | 'password' | 'repeat', string>>

/** Name, email, password twice (and the delegation on first run): a new account. */
export function AccountForm({ chooseDelegation, lockedEmail, submitLabel, busyLabel, onSubmit, children }: AccountFormProps) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [email, setEmail] = useState(lockedEmail ?? '')
  const [delegation, setDelegation] = useState('')
  const [password, setPassword] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const refs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    delegation: useRef<HTMLSelectElement>(null),
    password: useRef<HTMLInputElement>(null),
    repeat: useRef<HTMLInputElement>(null),
  }

  const clear = (key: keyof Errors): void => setErrors(({ [key]: _dropped, ...rest }) => rest)

  const passwordMessage = (problem: PasswordProblem): string | undefined => passwordProblemMessage(t, problem)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const trimmedName = name.trim()
    const trimmedEmail = (lockedEmail ?? email).trim()
    const next: Errors = {}
    if (!trimmedName) next.name = t('account.errors.nameRequired')
    else if (trimmedName.length > NAME_MAX_LENGTH) next.name = t('account.errors.nameTooLong', { max: NAME_MAX_LENGTH })
    if (!trimmedEmail) next.email = t('account.errors.emailRequired')
    else if (!EMAIL_PATTERN.test(trimmedEmail)) next.email = t('account.errors.emailInvalid')
    if (chooseDelegation && !delegation) next.delegation = t('account.errors.delegationRequired')
    next.password = passwordMessage(passwordProblem(password))
    next.repeat = next.password ? undefined : passwordMessage(repeatProblem(password, repeat))
    const found = (Object.entries(next) as Array<[keyof Errors, string | undefined]>).filter(([, message]) => message)
    setErrors(Object.fromEntries(found))
    setFailure(null)
    const first = found[0]?.[0]
    if (first) {
      refs[first].current?.focus()
      return
    }
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
        inputRef={refs.name}
        name="name"
        autoComplete="name"
        autoFocus
        maxLength={NAME_MAX_LENGTH}
        placeholder={t('account.namePlaceholder')}
        hint={t('account.nameHint')}
        value={name}
        onChange={(event) => {
          setName(event.target.value)
          clear('name')
        }}
        error={errors.name}
        required
      />
      <TextField
        label={t('account.email')}
        testId="account-email"
        inputRef={refs.email}
        type="email"
        name="email"
        autoComplete="username"
        value={lockedEmail ?? email}
        readOnly={Boolean(lockedEmail)}
        hint={lockedEmail ? t('account.emailLocked') : undefined}
        onChange={(event) => {
          setEmail(event.target.value)
          clear('email')
        }}
        error={errors.email}
        required
      />
      {chooseDelegation && (
        <DelegationSelect
          label={t('account.delegation')}
          testId="account-delegation"
          selectRef={refs.delegation}
          value={delegation}
          hint={t('account.delegationHint')}
          onChange={(code) => {
            setDelegation(code)
            clear('delegation')
          }}
          error={errors.delegation}
        />
      )}
      <TextField
        label={t('account.newPassword')}
        testId="account-password"
        inputRef={refs.password}
        type="password"
        name="new-password"
        autoComplete="new-password"
        hint={t('account.passwordHint', { min: PASSWORD_MIN_LENGTH })}
        value={password}
        onChange={(event) => {
          setPassword(event.target.value)
          clear('password')
        }}
        error={errors.password}
        required
      />
      <TextField
        label={t('account.repeatPassword')}
        testId="account-password-repeat"
        inputRef={refs.repeat}
        type="password"
        name="repeat-password"
        autoComplete="new-password"
        value={repeat}
        onChange={(event) => {
          setRepeat(event.target.value)
          clear('repeat')
        }}
        error={errors.repeat}
        required
      />
      {children}
      {failure && (
        <p className="notice notice--error" role="alert" data-testid="account-error">
          {failure}
        </p>
      )}
      <button type="submit" className="button button--primary button--wide" data-testid="account-submit" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  )
}

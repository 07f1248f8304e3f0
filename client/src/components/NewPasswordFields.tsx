import { useTranslation } from 'react-i18next'
import { PASSWORD_MIN_LENGTH } from '../auth/passwords.ts'
import { TextField } from './Field.tsx'
import type { FieldBinding } from './useFormFields.ts'

interface NewPasswordFieldsProps {
  labels: { password: string; repeat: string }
  testIds: { password: string; repeat: string }
  /** The inputs' names, where the page has them (a password manager tells the fields apart). */
  names?: { password: string; repeat: string }
  password: FieldBinding
  repeat: FieldBinding
}

/** A new password and the same again, with the rules under the first (new account, change of password). */
export function NewPasswordFields({ labels, testIds, names, password, repeat }: NewPasswordFieldsProps) {
  const { t } = useTranslation()
  return (
    <>
      <TextField label={labels.password} testId={testIds.password} type="password" name={names?.password} autoComplete="new-password" hint={t('account.passwordHint', { min: PASSWORD_MIN_LENGTH })} {...password} required />
      <TextField label={labels.repeat} testId={testIds.repeat} type="password" name={names?.repeat} autoComplete="new-password" {...repeat} required />
    </>
  )
}

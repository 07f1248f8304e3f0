import type { TFunction } from 'i18next'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@consenso/protocol'

/** The server's rules (in the protocol), checked here only to answer sooner. */
export { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@consenso/protocol'

export type PasswordProblem = 'required' | 'tooShort' | 'tooLong' | 'mismatch' | null

export function passwordProblem(password: string): PasswordProblem {
  if (!password) return 'required'
  if (password.length < PASSWORD_MIN_LENGTH) return 'tooShort'
  if (password.length > PASSWORD_MAX_LENGTH) return 'tooLong'
  return null
}

export function repeatProblem(password: string, repeat: string): PasswordProblem {
  if (!repeat) return 'required'
  return password === repeat ? null : 'mismatch'
}

/** The sentence for a problem, in the reader's language (`t` from useTranslation). */
export function passwordProblemMessage(t: TFunction, problem: PasswordProblem): string | undefined {
  switch (problem) {
    case 'required':
      return t('account.errors.passwordRequired')
    case 'tooShort':
      return t('account.errors.passwordTooShort', { min: PASSWORD_MIN_LENGTH })
    case 'tooLong':
      return t('account.errors.passwordTooLong')
    case 'mismatch':
      return t('account.errors.passwordMismatch')
    default:
      return undefined
  }
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u

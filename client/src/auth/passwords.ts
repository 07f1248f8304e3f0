import type { TFunction } from 'i18next'

/** The server's rule (server/src/auth/passwords.ts); checked here only to answer sooner. */
export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 256

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
export const NAME_MAX_LENGTH = 80

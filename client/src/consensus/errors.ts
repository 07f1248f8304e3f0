import i18next from '../i18n/index.ts'
import { ApiRequestError, describeError } from '../api.ts'

/** The refusals of the consensus routes that a person can act on, in their language. */
const KNOWN = [
  'not_your_delegation',
  'not_a_party',
  'position_text_required',
  'invalid_anchor',
  'already_bracketed',
  'not_a_sponsor',
  'already_resolved',
  'bracket_text_gone',
  'unknown_alternative',
] as const

export function consensusError(error: unknown): string {
  if (error instanceof ApiRequestError && error.code && (KNOWN as readonly string[]).includes(error.code)) {
    return i18next.t(`consensus.errors.${error.code as (typeof KNOWN)[number]}`)
  }
  return describeError(error)
}

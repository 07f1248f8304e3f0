import { useId, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { describedBy, FieldNotes } from './Field.tsx'
import type { DelegationRecord } from '@consenso/protocol'
import { delegationGroups, delegationLabel, useDelegations, type DelegationsState } from '../delegations.ts'

interface DelegationSelectProps {
  label: string
  value: string
  onChange: (code: string) => void
  error?: string | null
  hint?: string
  testId?: string
  selectRef?: Ref<HTMLSelectElement>
  placeholder?: string
  /** Codes not to offer (already members of the draft). */
  exclude?: ReadonlySet<string>
}

/** The delegations the server knows, grouped by conference; errors and retry in place. */
export function DelegationSelect({ label, value, onChange, error, hint, testId, selectRef, placeholder, exclude }: DelegationSelectProps) {
  const { t } = useTranslation()
  const state = useDelegations()
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        ref={selectRef}
        id={id}
        data-testid={testId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-busy={state.kind === 'loading' ? true : undefined}
        disabled={state.kind !== 'ready'}
        onKeyDown={(event) => {
          // A <select> does not submit its form on Enter by itself; the other fields do.
          if (event.key === 'Enter') {
            event.preventDefault()
            event.currentTarget.form?.requestSubmit()
          }
        }}
      >
        <option value="" disabled>
          {state.kind === 'loading' ? t('delegations.loading') : (placeholder ?? t('delegations.choose'))}
        </option>
        {state.kind === 'ready' && <DelegationOptions delegations={exclude ? state.delegations.filter((d) => !exclude.has(d.code)) : state.delegations} />}
      </select>
      <FieldNotes id={id} hint={hint} error={error}>
        <DelegationsLoadError state={state} />
      </FieldNotes>
    </div>
  )
}

/** The delegations as <option>s grouped by conference, for a <select> of one delegation. */
export function DelegationOptions({ delegations }: { delegations: DelegationRecord[] }) {
  const { t, i18n } = useTranslation()
  return delegationGroups(delegations, i18n.language).map((group) => (
    <optgroup key={group.key} label={t(`delegations.${group.key}`)}>
      {group.delegations.map((d) => (
        <option key={d.code} value={d.code}>
          {delegationLabel(d, i18n.language)}
        </option>
      ))}
    </optgroup>
  ))
}

/** The delegations' list could not be read: why, and a way to ask again; nothing otherwise. */
export function DelegationsLoadError({ state }: { state: DelegationsState }) {
  const { t } = useTranslation()
  return state.kind === 'error' ? (
    <p className="field__error" role="alert">
      {t('delegations.loadError', { message: state.message })}{' '}
      <button type="button" className="link-button" onClick={state.retry}>
        {t('common.retry')}
      </button>
    </p>
  ) : null
}

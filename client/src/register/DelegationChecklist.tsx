import { useTranslation } from 'react-i18next'
import { delegationGroups, delegationLabel, useDelegations } from '../delegations.ts'
import { DelegationsLoadError } from '../components/DelegationSelect.tsx'

interface DelegationChecklistProps {
  legend: string
  value: readonly string[]
  onChange: (codes: string[]) => void
  testId?: string
}

/**
 * Several delegations at once (responsible for an agreement, taking part in a meeting): a
 * fieldset of checkboxes grouped by conference, which the keyboard walks with Tab and Space.
 */
export function DelegationChecklist({ legend, value, onChange, testId }: DelegationChecklistProps) {
  const { t, i18n } = useTranslation()
  const state = useDelegations()
  const chosen = new Set(value)
  const toggle = (code: string, on: boolean): void => {
    const next = new Set(chosen)
    if (on) next.add(code)
    else next.delete(code)
    onChange([...next].sort())
  }
  return (
    <fieldset className="field delegation-checklist boxed-fieldset" data-testid={testId}>
      <legend>
        {legend}
        {value.length > 0 && <span className="delegation-checklist__count"> · {t('register.chosen', { count: value.length })}</span>}
      </legend>
      {state.kind === 'loading' && <p className="field__hint">{t('delegations.loading')}</p>}
      <DelegationsLoadError state={state} />
      {state.kind === 'ready' && (
        <div className="delegation-checklist__groups">
          {delegationGroups(state.delegations, i18n.language).map((group) => (
            <div key={group.key} className="delegation-checklist__group" role="group" aria-label={t(`delegations.${group.key}`)}>
              <p className="delegation-checklist__group-name" aria-hidden="true">
                {t(`delegations.${group.key}`)}
              </p>
              {group.delegations.map((d) => (
                <label key={d.code} className="delegation-checklist__item">
                  <input type="checkbox" value={d.code} checked={chosen.has(d.code)} onChange={(event) => toggle(d.code, event.target.checked)} />
                  <span>{delegationLabel(d, i18n.language)}</span>
                </label>
              ))}
            </div>
          ))}
        </div>
      )}
    </fieldset>
  )
}

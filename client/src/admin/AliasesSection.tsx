/**
 * Delegations' aliases on the administration page (REGISTER-32, UI-MINUTES-3): the other names
 * minutes give a delegation — a role it holds for a while ("Presidencia Pro Tempore"), a
 * short form — so that "To the register" reads them as that delegation. Added with a small
 * form, removed with one button; the server refuses words already naming a delegation.
 */
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CreateDelegationAliasRequest, DelegationAlias, DelegationAliasesResponse } from '@consenso/protocol'
import { request } from '../api.ts'
import { OutcomeLines } from '../components/ErrorLine.tsx'
import { LoadStatus, useLoaded } from '../components/LoadStatus.tsx'
import { useOutcome } from '../components/useAction.ts'
import { useDelegations } from '../delegations.ts'
import './aliases.css'

const listAliases = async (signal?: AbortSignal): Promise<DelegationAlias[]> => (await request<DelegationAliasesResponse>('/api/delegation-aliases', { signal })).aliases
const createAlias = (input: CreateDelegationAliasRequest): Promise<DelegationAlias> => request('/api/admin/delegation-aliases', { method: 'POST', body: JSON.stringify(input) })
const deleteAlias = (id: string): Promise<void> => request(`/api/admin/delegation-aliases/${encodeURIComponent(id)}`, { method: 'DELETE' })

export function AliasesSection({ onChanged }: { onChanged: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const delegations = useDelegations()
  const { state, reload } = useLoaded(listAliases)
  const [code, setCode] = useState('')
  const [alias, setAlias] = useState('')
  const { busy, error, setError, done, run, attempt } = useOutcome()
  const aliasRef = useRef<HTMLInputElement>(null)
  const codeRef = useRef<HTMLSelectElement>(null)

  const list = delegations.kind === 'ready' ? delegations.delegations : []
  const nameOf = (c: string): string => {
    const d = list.find((x) => x.code === c)
    return d ? `${c} — ${i18n.language.startsWith('en') ? d.nameEn : d.nameEs}` : c
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    if (!code) {
      setError(t('aliases.errors.delegation'))
      return codeRef.current?.focus()
    }
    if (alias.trim().length < 2) {
      setError(t('aliases.errors.alias'))
      return aliasRef.current?.focus()
    }
    await run(async () => {
      const created = await createAlias({ code, alias: alias.trim() })
      setAlias('')
      reload()
      onChanged()
      aliasRef.current?.focus()
      return t('aliases.created', { alias: created.alias, delegation: nameOf(created.code) })
    })
  }

  const remove = (item: DelegationAlias): Promise<void> =>
    attempt(async () => {
      await deleteAlias(item.id)
      reload()
      onChanged()
      return t('aliases.deleted', { alias: item.alias })
    })

  return (
    <section className="panel admin__aliases" aria-labelledby={`${ids}-heading`} data-testid="aliases">
      <h2 id={`${ids}-heading`}>{t('aliases.heading')}</h2>
      <p className="muted small">{t('aliases.intro')}</p>
      <form className="aliases__form compact-fields" onSubmit={(event) => void submit(event)} noValidate>
        <label>
          {t('aliases.delegation')}
          <select ref={codeRef} value={code} onChange={(event) => setCode(event.target.value)} data-testid="alias-delegation">
            <option value="">{t('aliases.choose')}</option>
            {list.map((d) => (
              <option key={d.code} value={d.code}>
                {nameOf(d.code)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('aliases.alias')}
          <input ref={aliasRef} value={alias} maxLength={80} onChange={(event) => setAlias(event.target.value)} placeholder={t('aliases.placeholder')} data-testid="alias-words" />
        </label>
        <button type="submit" className="button" disabled={busy} data-testid="alias-add">
          {t('aliases.add')}
        </button>
      </form>
      <OutcomeLines error={error} done={done} errorTestId="alias-error" statusTestId="aliases-status" />
      <LoadStatus state={state} loading={t('aliases.loading')} failed={(message) => message} onRetry={reload} />
      {state.kind === 'ready' && state.value.length === 0 && <p className="muted small">{t('aliases.none')}</p>}
      {state.kind === 'ready' && state.value.length > 0 && (
        <ul className="aliases__list">
          {state.value.map((item) => (
            <li key={item.id} data-testid="alias" data-code={item.code}>
              <span className="aliases__words">«{item.alias}»</span> <span className="muted">→ {nameOf(item.code)}</span>
              <button type="button" className="button button--small button--quiet" onClick={() => void remove(item)} aria-label={t('aliases.deleteNamed', { alias: item.alias })} data-testid="alias-delete">
                {t('aliases.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

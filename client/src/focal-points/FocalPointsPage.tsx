/**
 * The focal-point directory (UI-FOCAL-1): everyone signed in reads it, grouped by delegation
 * (its colour and name), then process, focal points before alternates; filtered by delegation
 * and process, and downloaded as shown (vCard, .xlsx). The form to add, change and remove is
 * offered only to whom the server lets write (FOCAL-11): a delegation's own people for its
 * entries, secretariats and administrators for all; the form checks what the server checks
 * (focalPointIssue) and says it in the page's language.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LoadStatus, useLoaded } from '../components/LoadStatus.tsx'
import { useReloadOnChange } from '../notifications/live.ts'
import {
  focalPointIssue,
  focalPointName,
  processKey,
  tidyFocalPoint,
  type FocalIssue,
  type FocalPoint,
  type FocalPointInput,
  type PublicUser,
} from '@consenso/protocol'
import { listUsers } from '../api.ts'
import { WorkspacePage } from '../components/WorkspacePage.tsx'
import { OutcomeLines } from '../components/ErrorLine.tsx'
import { PageFormActions } from '../components/FormActions.tsx'
import { useOutcome } from '../components/useAction.ts'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { delegationColor, delegationLabelOf, delegationName, useDelegations } from '../delegations.ts'
import { createFocalPoint, deleteFocalPoint, exportUrl, getFocalPoints, updateFocalPoint } from './api.ts'
import './focal-points.css'


/** The form's fields as typed: lists as one line each, the until date and the account possibly empty. */
type Draft = Omit<FocalPointInput, 'phones' | 'languages' | 'until' | 'userId'> & { phones: string; languages: string; until: string; userId: string }

const today = (): string => new Date().toISOString().slice(0, 10)
const emptyDraft = (delegation: string): Draft => ({
  delegation,
  process: '',
  role: 'focal',
  givenName: '',
  familyName: '',
  title: '',
  institution: '',
  email: '',
  phones: '',
  languages: '',
  since: today(),
  until: '',
  notes: '',
  userId: '',
})
const draftOf = ({ id: _id, updatedBy: _by, updatedAt: _at, ...e }: FocalPoint): Draft => ({
  ...e,
  phones: e.phones.join('; '),
  languages: e.languages.join(', '),
  until: e.until ?? '',
  userId: e.userId ?? '',
})
const inputOf = (d: Draft): FocalPointInput =>
  tidyFocalPoint({
    ...d,
    phones: d.phones.split(';'),
    languages: d.languages.split(/[,;\s]+/u),
    until: d.until || null,
    userId: d.userId || null,
  })

export function FocalPointsPage() {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const lang = i18n.language.startsWith('en') ? 'en' : 'es'
  const { state, reload } = useLoaded(getFocalPoints)
  useReloadOnChange('focalPoints', reload)
  const [filters, setFilters] = useState({ delegation: '', process: '' })
  const [draft, setDraft] = useState<Draft | null>(null)
  const [editing, setEditing] = useState<FocalPoint | null>(null)
  const [issue, setIssue] = useState<FocalIssue | null>(null)
  const { busy, error, setError, done, run, attempt } = useOutcome()
  const [users, setUsers] = useState<PublicUser[]>([])
  const firstField = useRef<HTMLInputElement>(null)
  const addButton = useRef<HTMLButtonElement>(null)
  const delegations = useDelegations()
  useDocumentTitle(t('focalPoints.documentTitle'))

  // The accounts to link an entry to: fetched when a form first opens.
  const formOpen = draft !== null
  useEffect(() => {
    if (!formOpen || users.length > 0) return
    const controller = new AbortController()
    listUsers(controller.signal).then(setUsers, () => {})
    return () => controller.abort()
  }, [formOpen, users.length])

  // Into the form when it opens; back to "Add a focal point" when it closes (the button is back only then).
  const wasOpen = useRef(false)
  useEffect(() => {
    if (formOpen) firstField.current?.focus()
    else if (wasOpen.current) addButton.current?.focus()
    wasOpen.current = formOpen
  }, [formOpen, editing])

  const ready = state.kind === 'ready' ? state.value : null
  const entries = ready?.entries ?? []
  const mayEdit = (delegation: string): boolean => ready !== null && (ready.editsAll || ready.delegation === delegation)
  const shown = entries.filter((e) => (!filters.delegation || e.delegation === filters.delegation) && (!filters.process || processKey(e.process) === processKey(filters.process)))
  const groups = useMemo(() => {
    const byDelegation = new Map<string, Map<string, FocalPoint[]>>()
    for (const e of shown) {
      const processes = byDelegation.get(e.delegation) ?? new Map<string, FocalPoint[]>()
      processes.set(e.process, [...(processes.get(e.process) ?? []), e])
      byDelegation.set(e.delegation, processes)
    }
    return [...byDelegation.entries()]
  }, [shown])
  const delegationCodes = [...new Set(entries.map((e) => e.delegation))]
  const writable = delegations.kind === 'ready' ? delegations.delegations.filter((d) => mayEdit(d.code)) : []
  const dateText = (day: string): string => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))
  const languageName = (code: string): string => new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' }).of(code) ?? code

  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft((d) => (d ? { ...d, [key]: value } : d))

  const open = (entry: FocalPoint | null): void => {
    setEditing(entry)
    setDraft(entry ? draftOf(entry) : emptyDraft(ready && mayEdit(ready.delegation) ? ready.delegation : (writable[0]?.code ?? '')))
    setIssue(null)
    setError(null)
  }
  const close = (): void => {
    setDraft(null)
    setEditing(null)
    setIssue(null)
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!draft || busy) return
    const input = inputOf(draft)
    const found = focalPointIssue(input)
    setIssue(found)
    if (found) {
      setError(null)
      document.getElementById(`${ids}-${found.field}`)?.focus()
      return
    }
    await run(async () => {
      const saved = editing ? await updateFocalPoint(editing.id, input) : await createFocalPoint(input)
      close()
      reload()
      return t(editing ? 'focalPoints.updated' : 'focalPoints.created', { name: focalPointName(saved) })
    })
  }

  const remove = async (entry: FocalPoint): Promise<void> => {
    if (!window.confirm(t('focalPoints.confirmRemove', { name: focalPointName(entry) }))) return
    await attempt(async () => {
      await deleteFocalPoint(entry.id)
      if (editing?.id === entry.id) close()
      reload()
      return t('focalPoints.removed', { name: focalPointName(entry) })
    })
  }

  const issueText = issue ? t(`focalPoints.issues.${issue.code}`, issue) : ''
  const fieldProps = (field: keyof FocalPointInput) => ({
    id: `${ids}-${field}`,
    'aria-invalid': issue?.field === field ? true : undefined,
    'aria-describedby': issue?.field === field ? `${ids}-issue` : undefined,
  })

  return (
    <WorkspacePage className="focal-page" testId="focal-page" heading={t('focalPoints.heading')} intro={t('focalPoints.intro')}>
      <div className="focal-page__bar">
        <fieldset className="focal-page__filters compact-fields">
          <legend className="visually-hidden">{t('focalPoints.filters')}</legend>
          <label>
            {t('focalPoints.fields.delegation')}
            <select value={filters.delegation} onChange={(e) => setFilters((f) => ({ ...f, delegation: e.target.value }))} data-testid="focal-filter-delegation">
              <option value="">{t('focalPoints.allDelegations')}</option>
              {delegationCodes.map((code) => (
                <option key={code} value={code}>
                  {delegationLabelOf(code, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('focalPoints.fields.process')}
            <select value={filters.process} onChange={(e) => setFilters((f) => ({ ...f, process: e.target.value }))} data-testid="focal-filter-process">
              <option value="">{t('focalPoints.allProcesses')}</option>
              {(ready?.processes ?? []).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <div className="focal-page__files">
          <span>{t('focalPoints.download')}</span>
          <a className="button button--small" href={exportUrl('vcf', lang, filters)} download data-testid="focal-export-vcf">
            {t('focalPoints.exportVcard')}
          </a>
          <a className="button button--small" href={exportUrl('xlsx', lang, filters)} download data-testid="focal-export-xlsx">
            {t('focalPoints.exportXlsx')}
          </a>
        </div>
      </div>
      <OutcomeLines error={error} done={done} errorTestId="focal-error" statusTestId="focal-status" />
      {ready && writable.length > 0 && !draft && (
        <p>
          <button ref={addButton} type="button" className="button button--primary" onClick={() => open(null)} data-testid="focal-add">
            {t('focalPoints.add')}
          </button>
        </p>
      )}
      {draft && (
        <form className="panel focal-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${ids}-form`} data-testid="focal-form">
          <h2 id={`${ids}-form`}>{editing ? t('focalPoints.editHeading', { name: focalPointName(editing) }) : t('focalPoints.newHeading')}</h2>
          {issue && (
            <p id={`${ids}-issue`} className="notice notice--error" role="alert" data-testid="focal-issue">
              {issueText}
            </p>
          )}
          <div className="focal-form__grid compact-fields">
            <label>
              {t('focalPoints.fields.delegation')}
              <select {...fieldProps('delegation')} value={draft.delegation} onChange={(e) => set('delegation', e.target.value)} disabled={writable.length < 2} data-testid="focal-delegation">
                {writable.map((d) => (
                  <option key={d.code} value={d.code}>
                    {delegationLabelOf(d.code, lang)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('focalPoints.fields.process')}
              <input ref={firstField} {...fieldProps('process')} list={`${ids}-processes`} value={draft.process} onChange={(e) => set('process', e.target.value)} data-testid="focal-process" />
              <span className="focal-form__hint">{t('focalPoints.fields.processHint')}</span>
              <datalist id={`${ids}-processes`}>
                {(ready?.processes ?? []).map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
            </label>
            <fieldset className="focal-form__role">
              <legend>{t('focalPoints.fields.role')}</legend>
              {(['focal', 'alternate'] as const).map((role) => (
                <label key={role}>
                  <input type="radio" name={`${ids}-role`} value={role} checked={draft.role === role} onChange={() => set('role', role)} data-testid={`focal-role-${role}`} /> {t(`focalPoints.role.${role}`)}
                </label>
              ))}
            </fieldset>
            <label>
              {t('focalPoints.fields.givenName')}
              <input {...fieldProps('givenName')} value={draft.givenName} autoComplete="off" onChange={(e) => set('givenName', e.target.value)} data-testid="focal-given-name" />
            </label>
            <label>
              {t('focalPoints.fields.familyName')}
              <input {...fieldProps('familyName')} value={draft.familyName} autoComplete="off" onChange={(e) => set('familyName', e.target.value)} data-testid="focal-family-name" />
            </label>
            <label>
              {t('focalPoints.fields.title')}
              <input {...fieldProps('title')} value={draft.title} placeholder={t('focalPoints.fields.titlePlaceholder')} onChange={(e) => set('title', e.target.value)} data-testid="focal-title" />
            </label>
            <label>
              {t('focalPoints.fields.institution')}
              <input {...fieldProps('institution')} value={draft.institution} onChange={(e) => set('institution', e.target.value)} data-testid="focal-institution" />
            </label>
            <label>
              {t('focalPoints.fields.email')}
              <input {...fieldProps('email')} type="email" value={draft.email} autoComplete="off" onChange={(e) => set('email', e.target.value)} data-testid="focal-email" />
            </label>
            <label>
              {t('focalPoints.fields.phones')}
              <input {...fieldProps('phones')} type="tel" value={draft.phones} onChange={(e) => set('phones', e.target.value)} aria-describedby={issue?.field === 'phones' ? `${ids}-issue ${ids}-phones-hint` : `${ids}-phones-hint`} data-testid="focal-phones" />
              <span id={`${ids}-phones-hint`} className="focal-form__hint">
                {t('focalPoints.fields.phonesHint')}
              </span>
            </label>
            <label>
              {t('focalPoints.fields.languages')}
              <input {...fieldProps('languages')} value={draft.languages} onChange={(e) => set('languages', e.target.value)} aria-describedby={issue?.field === 'languages' ? `${ids}-issue ${ids}-languages-hint` : `${ids}-languages-hint`} data-testid="focal-languages" />
              <span id={`${ids}-languages-hint`} className="focal-form__hint">
                {t('focalPoints.fields.languagesHint')}
              </span>
            </label>
            <label>
              {t('focalPoints.fields.since')}
              <input {...fieldProps('since')} type="date" value={draft.since} onChange={(e) => set('since', e.target.value)} data-testid="focal-since" />
            </label>
            <label>
              {t('focalPoints.fields.until')}
              <input {...fieldProps('until')} type="date" value={draft.until} onChange={(e) => set('until', e.target.value)} data-testid="focal-until" />
            </label>
            <label>
              {t('focalPoints.fields.account')}
              <select {...fieldProps('userId')} value={draft.userId} onChange={(e) => set('userId', e.target.value)} data-testid="focal-account">
                <option value="">{t('focalPoints.fields.noAccount')}</option>
                {users
                  .filter((u) => u.delegation === draft.delegation)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </label>
            <label className="focal-form__wide">
              {t('focalPoints.fields.notes')}
              <textarea {...fieldProps('notes')} rows={2} value={draft.notes} onChange={(e) => set('notes', e.target.value)} data-testid="focal-notes" />
            </label>
          </div>
          <PageFormActions busy={busy} label={editing ? t('focalPoints.save') : t('focalPoints.create')} testId="focal-save" cancel={{ label: t('focalPoints.cancel'), onClick: close }} />
        </form>
      )}
      <LoadStatus state={state} loading={t('focalPoints.loading')} failed={(message) => message} onRetry={reload} />
      {ready && shown.length === 0 && <p className="muted">{entries.length === 0 ? t('focalPoints.none') : t('focalPoints.noneFiltered')}</p>}
      {groups.map(([code, processes]) => (
        <section key={code} className="focal-delegation" aria-labelledby={`${ids}-d-${code}`} data-testid="focal-group" data-code={code}>
          <h2 id={`${ids}-d-${code}`} className="focal-delegation__name" style={{ borderColor: delegationColor(code) }}>
            <span className="focal-delegation__dot" style={{ backgroundColor: delegationColor(code) }} aria-hidden="true" />
            {delegationName(code, lang)} <span className="focal-delegation__code">{code}</span>
          </h2>
          {[...processes.entries()].map(([process, people], index) => (
            <section key={process} className="focal-process" aria-labelledby={`${ids}-p-${code}-${index}`}>
              <h3 id={`${ids}-p-${code}-${index}`}>{process}</h3>
              <ul className="focal-cards">
                {people.map((e) => (
                  <li key={e.id} className="focal-card" data-testid="focal-entry" data-id={e.id} data-role={e.role}>
                    <p className="focal-card__head">
                      <strong className="focal-card__name">{focalPointName(e)}</strong>
                      <span className={e.role === 'alternate' ? 'status-pill status-pill--accent' : 'status-pill'}>{t(`focalPoints.role.${e.role}`)}</span>
                    </p>
                    {(e.title || e.institution) && <p className="focal-card__org">{[e.title, e.institution].filter(Boolean).join(' · ')}</p>}
                    <dl className="focal-card__contact">
                      <dt>{t('focalPoints.email')}</dt>
                      <dd>
                        <a href={`mailto:${e.email}`}>{e.email}</a>
                      </dd>
                      {e.phones.length > 0 && (
                        <>
                          <dt>{t('focalPoints.phones')}</dt>
                          <dd>
                            {e.phones.map((p, i) => (
                              <span key={p}>
                                {i > 0 && ' · '}
                                <a href={`tel:${p.replace(/[^0-9+]/gu, '')}`}>{p}</a>
                              </span>
                            ))}
                          </dd>
                        </>
                      )}
                      {e.languages.length > 0 && (
                        <>
                          <dt>{t('focalPoints.languages')}</dt>
                          <dd>{e.languages.map(languageName).join(', ')}</dd>
                        </>
                      )}
                    </dl>
                    <p className="focal-card__when small muted">
                      {e.until ? t('focalPoints.sinceUntil', { since: dateText(e.since), until: dateText(e.until) }) : t('focalPoints.since', { date: dateText(e.since) })}
                      {e.userId && <> · {t('focalPoints.account')}</>}
                    </p>
                    {e.notes && <p className="focal-card__notes small">{e.notes}</p>}
                    {mayEdit(e.delegation) && (
                      <p className="focal-card__actions">
                        <button type="button" className="button button--small" onClick={() => open(e)} aria-label={t('focalPoints.editNamed', { name: focalPointName(e), delegation: delegationName(e.delegation, lang), process: e.process })} data-testid="focal-edit">
                          {t('focalPoints.edit')}
                        </button>
                        <button type="button" className="button button--small button--quiet" onClick={() => void remove(e)} aria-label={t('focalPoints.removeNamed', { name: focalPointName(e), delegation: delegationName(e.delegation, lang), process: e.process })} data-testid="focal-remove">
                          {t('focalPoints.remove')}
                        </button>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </WorkspacePage>
  )
}

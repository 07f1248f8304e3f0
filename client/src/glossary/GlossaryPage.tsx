/**
 * The workspace glossary (UI-GLOSS-1): every entry with its terms, definition, status and
 * source, for everyone signed in; secretariats (and administrators) add, change and delete
 * entries in the form above the list and import a CSV or TBX file; everyone downloads it in
 * either format. `?entry=ID` (a search result) opens the page at that entry (UI-SEARCH-3).
 */
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LoadStatus, useLoaded } from '../components/LoadStatus.tsx'
import type { GlossaryEntry, GlossaryEntryInput, GlossaryStatus } from '@consenso/protocol'
import { WorkspacePage } from '../components/WorkspacePage.tsx'
import { OutcomeLines } from '../components/ErrorLine.tsx'
import { PageFormActions } from '../components/FormActions.tsx'
import { useOutcome } from '../components/useAction.ts'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { searchTargetProps, useSearchTarget } from '../search/focus-target.ts'
import { createEntry, deleteEntry, exportUrl, getGlossary, importGlossary, updateEntry } from './api.ts'
import './glossary.css'

const EMPTY: GlossaryEntryInput = { termEs: '', termEn: '', definitionEs: '', definitionEn: '', source: '', notes: '', status: 'preferred', preferredId: null }
const STATUSES: GlossaryStatus[] = ['preferred', 'admitted', 'deprecated']
const IMPORT_MAX_BYTES = 900_000


/** The pill's colour for each status: a preferred term plain, an admitted one the accent, a deprecated one red. */
const STATUS_PILL: Record<GlossaryStatus, string> = { preferred: '', admitted: ' status-pill--accent', deprecated: ' status-pill--bad' }

export function GlossaryPage() {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const lang = i18n.language.startsWith('en') ? 'en' : 'es'
  const { state, reload } = useLoaded(getGlossary)
  const [form, setForm] = useState<GlossaryEntryInput>(EMPTY)
  const [editing, setEditing] = useState<string | null>(null)
  const { busy, error, setError, done, run, attempt } = useOutcome()
  const [replace, setReplace] = useState(false)
  const firstField = useRef<HTMLInputElement>(null)
  useDocumentTitle(t('glossary.documentTitle'))

  const entries = state.kind === 'ready' ? state.value.entries : []
  const canEdit = state.kind === 'ready' && state.value.canEdit
  const target = useSearchTarget('entry', state.kind === 'ready')
  const name = (e: GlossaryEntry): string => (lang === 'en' ? e.termEn || e.termEs : e.termEs || e.termEn)
  const byId = new Map(entries.map((e) => [e.id, e]))
  const set = <K extends keyof GlossaryEntryInput>(key: K, value: GlossaryEntryInput[K]): void => setForm((f) => ({ ...f, [key]: value }))

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    if (!form.termEs.trim() && !form.termEn.trim()) {
      setError(t('glossary.errors.term'))
      return firstField.current?.focus()
    }
    const body = { ...form, preferredId: form.status === 'preferred' ? null : form.preferredId }
    await run(async () => {
      const saved = editing ? await updateEntry(editing, body) : await createEntry(body)
      setForm(EMPTY)
      setEditing(null)
      reload()
      firstField.current?.focus()
      return t(editing ? 'glossary.updated' : 'glossary.created', { term: name(saved) })
    })
  }

  const edit = (entry: GlossaryEntry): void => {
    const { id: _id, createdBy: _cb, createdAt: _ca, updatedBy: _ub, updatedAt: _ua, ...content } = entry
    setForm(content)
    setEditing(entry.id)
    setError(null)
    firstField.current?.focus()
  }

  const remove = (entry: GlossaryEntry): Promise<void> =>
    attempt(async () => {
      await deleteEntry(entry.id)
      if (editing === entry.id) {
        setEditing(null)
        setForm(EMPTY)
      }
      reload()
      return t('glossary.deleted', { term: name(entry) })
    })

  const importFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    const format = /\.tbx$|\.xml$/i.test(file.name) ? 'tbx' : /\.csv$|\.txt$/i.test(file.name) ? 'csv' : null
    if (!format) return setError(t('glossary.errors.fileType'))
    if (file.size > IMPORT_MAX_BYTES) return setError(t('glossary.errors.fileSize'))
    await run(async () => {
      const result = await importGlossary({ format, content: await file.text(), replace })
      reload()
      return t('glossary.imported', { created: result.created, updated: result.updated, removed: result.removed })
    })
  }

  return (
    <WorkspacePage className="glossary-page" testId="glossary-page" heading={t('glossary.heading')} intro={t('glossary.intro')}>
      <div className="glossary-page__files">
        <span>{t('glossary.download')}</span>
        <a className="button button--small" href={exportUrl('csv', lang)} download data-testid="glossary-export-csv">
          {t('glossary.exportCsv')}
        </a>
        <a className="button button--small" href={exportUrl('tbx', lang)} download data-testid="glossary-export-tbx">
          {t('glossary.exportTbx')}
        </a>
        {canEdit && (
          <>
            <label className="button button--small glossary-page__import">
              {t('glossary.import')}
              <input type="file" accept=".csv,.tbx,.xml,text/csv,application/xml" className="visually-hidden" onChange={(event) => void importFile(event)} disabled={busy} data-testid="glossary-import" />
            </label>
            <label className="glossary-page__replace">
              <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} /> {t('glossary.replaceAll')}
            </label>
          </>
        )}
      </div>
      <OutcomeLines error={error} done={done} errorTestId="glossary-error" statusTestId="glossary-status" />
      {canEdit && (
        <form className="panel glossary-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${ids}-form`} data-testid="glossary-form">
          <h2 id={`${ids}-form`}>{editing ? t('glossary.editHeading') : t('glossary.newHeading')}</h2>
          <div className="glossary-form__grid compact-fields">
            <label lang="es">
              {t('glossary.fields.termEs')}
              <input ref={firstField} value={form.termEs} maxLength={200} onChange={(e) => set('termEs', e.target.value)} data-testid="glossary-term-es" />
            </label>
            <label lang="en">
              {t('glossary.fields.termEn')}
              <input value={form.termEn} maxLength={200} onChange={(e) => set('termEn', e.target.value)} data-testid="glossary-term-en" />
            </label>
            <label>
              {t('glossary.fields.definitionEs')}
              <textarea value={form.definitionEs} rows={3} maxLength={4000} onChange={(e) => set('definitionEs', e.target.value)} data-testid="glossary-definition-es" />
            </label>
            <label>
              {t('glossary.fields.definitionEn')}
              <textarea value={form.definitionEn} rows={3} maxLength={4000} onChange={(e) => set('definitionEn', e.target.value)} data-testid="glossary-definition-en" />
            </label>
            <label>
              {t('glossary.fields.source')}
              <input value={form.source} maxLength={300} placeholder={t('glossary.fields.sourcePlaceholder')} onChange={(e) => set('source', e.target.value)} data-testid="glossary-source" />
            </label>
            <label>
              {t('glossary.fields.notes')}
              <textarea value={form.notes} rows={2} maxLength={4000} onChange={(e) => set('notes', e.target.value)} data-testid="glossary-notes" />
            </label>
            <label>
              {t('glossary.fields.status')}
              <select value={form.status} onChange={(e) => set('status', e.target.value as GlossaryStatus)} data-testid="glossary-status-select">
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`glossary.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            {form.status !== 'preferred' && (
              <label>
                {t('glossary.fields.preferred')}
                <select value={form.preferredId ?? ''} onChange={(e) => set('preferredId', e.target.value || null)} data-testid="glossary-preferred-select">
                  <option value="">{t('glossary.fields.noPreferred')}</option>
                  {entries
                    .filter((e) => e.id !== editing)
                    .map((e) => (
                      <option key={e.id} value={e.id}>
                        {[e.termEs, e.termEn].filter(Boolean).join(' / ')}
                      </option>
                    ))}
                </select>
              </label>
            )}
          </div>
          <PageFormActions
            busy={busy}
            label={editing ? t('glossary.save') : t('glossary.add')}
            testId="glossary-save"
            cancel={
              editing
                ? {
                    label: t('glossary.cancel'),
                    onClick: () => {
                      setEditing(null)
                      setForm(EMPTY)
                    },
                  }
                : undefined
            }
          />
        </form>
      )}
      <LoadStatus state={state} loading={t('glossary.loading')} failed={(message) => message} onRetry={reload} />
      {state.kind === 'ready' && entries.length === 0 && <p className="muted">{t('glossary.none')}</p>}
      {entries.length > 0 && (
        <table className="glossary-table" data-testid="glossary-table">
          <caption className="visually-hidden">{t('glossary.tableCaption', { count: entries.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('glossary.fields.termEs')}</th>
              <th scope="col">{t('glossary.fields.termEn')}</th>
              <th scope="col">{t('glossary.fields.definition')}</th>
              <th scope="col">{t('glossary.fields.status')}</th>
              <th scope="col">{t('glossary.fields.source')}</th>
              {canEdit && <th scope="col">{t('glossary.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const preferred = e.preferredId ? byId.get(e.preferredId) : undefined
              return (
                <tr key={e.id} data-testid="glossary-entry" data-status={e.status} {...searchTargetProps(e.id, target)}>
                  <td lang="es">{e.termEs}</td>
                  <td lang="en">{e.termEn}</td>
                  <td>
                    {(lang === 'en' ? e.definitionEn || e.definitionEs : e.definitionEs || e.definitionEn) || <span className="muted">—</span>}
                    {e.notes && <p className="small muted">{e.notes}</p>}
                  </td>
                  <td>
                    <span className={`status-pill${STATUS_PILL[e.status]}`}>{t(`glossary.status.${e.status}`)}</span>
                    {preferred && <span className="small"> → {name(preferred)}</span>}
                  </td>
                  <td className="small">{e.source}</td>
                  {canEdit && (
                    <td className="glossary-table__actions">
                      <button type="button" className="button button--small" onClick={() => edit(e)} aria-label={t('glossary.editNamed', { term: name(e) })}>
                        {t('glossary.edit')}
                      </button>
                      <button type="button" className="button button--small button--quiet" onClick={() => void remove(e)} aria-label={t('glossary.deleteNamed', { term: name(e) })}>
                        {t('glossary.delete')}
                      </button>
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </WorkspacePage>
  )
}

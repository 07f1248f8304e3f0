import { PracticesPortalLink } from '../practices/PortalLink.tsx'
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'wouter'
import { LIMITS, TEMPLATES, type DocumentSummary, type TemplateId } from '@consenso/protocol'
import { createDocument, deleteDocument, describeError, listDocuments, renameDocument, restoreDocument } from '../api.ts'
import { useSignedInUser } from '../auth/context.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { refreshOnReturn } from '../components/refresh-on-return.ts'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { currentLanguage } from '../i18n/index.ts'
import { DraftCard } from '../portal/DraftCard.tsx'
import { DEFAULT_VIEW, isFiltered, visibleDrafts, type DraftFilter, type DraftListView, type DraftSort } from '../portal/draft-list-view.ts'
import { TrashList } from '../portal/TrashList.tsx'
import { UndoNotice, type UndoOffer } from '../portal/UndoNotice.tsx'
import { ImportButton } from '../export/ImportButton.tsx'
import { serverNow } from '../server-clock.ts'
import { WideSubmit } from '../components/FormActions.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'

/** Often enough that "who is in it now" is current, rarely enough to cost nothing. */
const REFRESH_MS = 5000

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; documents: DocumentSummary[]; refreshError: string | null }

type ListUpdate = (documents: DocumentSummary[]) => DocumentSummary[]

function useDocumentList(): { state: ListState; reload: () => void; now: number; replace: (update: ListUpdate) => void } {
  const [state, setState] = useState<ListState>({ kind: 'loading' })
  const [now, setNow] = useState(() => serverNow())
  const inFlight = useRef<AbortController | null>(null)

  const reload = useCallback(() => {
    inFlight.current?.abort()
    const controller = new AbortController()
    inFlight.current = controller
    listDocuments(controller.signal).then(
      (documents) => {
        if (controller.signal.aborted) return
        setState({ kind: 'ready', documents, refreshError: null })
        setNow(serverNow())
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        const message = describeError(error)
        // A failed refresh must not blank a list the user is reading.
        setState((previous) =>
          previous.kind === 'ready' ? { ...previous, refreshError: message } : { kind: 'error', message },
        )
        setNow(serverNow())
      },
    )
  }, [])

  useEffect(() => {
    reload()
    const stop = refreshOnReturn(reload, REFRESH_MS)
    return () => {
      stop()
      inFlight.current?.abort()
    }
  }, [reload])

  /** Applies a change made here at once, before the next refresh confirms it. */
  const replace = useCallback((update: ListUpdate) => {
    setState((previous) => (previous.kind === 'ready' ? { ...previous, documents: update(previous.documents) } : previous))
  }, [])

  return { state, reload, now, replace }
}

export function PortalPage() {
  const { t } = useTranslation()
  const { state, reload, now, replace } = useDocumentList()
  const [view, setView] = useState<DraftListView>(DEFAULT_VIEW)
  const [showTrash, setShowTrash] = useState(false)
  const [offer, setOffer] = useState<UndoOffer | null>(null)
  const offers = useRef(0)
  const closeOffer = useCallback(() => setOffer(null), [])
  useDocumentTitle(t('portal.documentTitle'))

  const rename = async (document: DocumentSummary, title: string): Promise<string | null> => {
    try {
      const renamed = await renameDocument(document.id, title)
      replace((list) => list.map((d) => (d.id === document.id ? { ...d, title: renamed.title } : d)))
      return null
    } catch (error) {
      return t('portal.renameFailed', { message: describeError(error) })
    }
  }

  const restore = async (document: DocumentSummary): Promise<void> => {
    try {
      const restored = await restoreDocument(document.id)
      replace((list) => (list.some((d) => d.id === restored.id) ? list : [...list, restored]))
      setOffer({ key: ++offers.current, message: t('portal.restored', { title: restored.title }) })
    } catch (error) {
      setOffer({ key: ++offers.current, message: t('portal.restoreFailed', { message: describeError(error) }) })
    }
    reload()
  }

  const remove = async (document: DocumentSummary): Promise<void> => {
    try {
      await deleteDocument(document.id)
      replace((list) => list.filter((d) => d.id !== document.id))
      setOffer({ key: ++offers.current, message: t('portal.deleted', { title: document.title }), undo: () => void restore(document) })
    } catch (error) {
      setOffer({ key: ++offers.current, message: t('portal.deleteFailed', { message: describeError(error) }) })
    }
  }

  return (
    <>
      <AppHeader />
      <main id="main" className="portal" tabIndex={-1}>
        <section className="portal__list" aria-labelledby="drafts-heading">
          <div className="section-heading">
            <h1 id="drafts-heading">{showTrash ? t('portal.trashHeading') : t('portal.heading')}</h1>
            {!showTrash && state.kind === 'ready' && state.documents.length > 0 && (
              <span className="section-heading__meta">{t('portal.count', { count: state.documents.length })}</span>
            )}
            <button type="button" className="link-button" data-testid="toggle-trash" aria-pressed={showTrash} onClick={() => setShowTrash((v) => !v)}>
              {showTrash ? t('portal.backToDrafts') : t('portal.trash')}
            </button>
          </div>
          {showTrash ? (
            <TrashList onRestored={(document) => {
              setOffer({ key: ++offers.current, message: t('portal.restored', { title: document.title }) })
              reload()
            }} />
          ) : (
            <>
              {state.kind === 'ready' && state.documents.length > 0 && <ListControls view={view} onChange={setView} />}
              <DocumentList state={state} reload={reload} now={now} view={view} onClear={() => setView(DEFAULT_VIEW)} onRename={rename} onDelete={(d) => void remove(d)} />
            </>
          )}
        </section>
        <div className="portal__side">
          <NewDraftForm />
          <ImportButton />
          <PracticesPortalLink />
          <p className="portal__more">
            <Link href="/questionnaires" data-testid="questionnaires-link">
              {t('questionnaires.portalLink')}
            </Link>
          </p>
          <p className="portal__more">
            <Link href="/focal-points" data-testid="focal-points-portal-link">
              {t('focalPoints.heading')}
            </Link>
          </p>
        </div>
      </main>
      <UndoNotice offer={offer} onDone={closeOffer} />
    </>
  )
}

/** Search, filters and sort above the list; each control labelled, all keyboard-usable. */
function ListControls({ view, onChange }: { view: DraftListView; onChange: (view: DraftListView) => void }) {
  const { t } = useTranslation()
  const ids = useId()
  return (
    <div className="list-controls" role="search" aria-label={t('portal.search')}>
      <div className="list-controls__search">
        <label htmlFor={`${ids}-q`} className="visually-hidden">
          {t('portal.search')}
        </label>
        <input
          id={`${ids}-q`}
          type="search"
          data-testid="draft-search"
          placeholder={t('portal.searchPlaceholder')}
          value={view.query}
          onChange={(event) => onChange({ ...view, query: event.target.value })}
        />
      </div>
      <ChoiceField<DraftFilter>
        className="list-controls__choice"
        label={t('portal.show')}
        testId="draft-filter"
        value={view.filter}
        choices={['all', 'mine', 'delegation']}
        labelOf={(f) => t(`portal.filters.${f}`)}
        onChange={(filter) => onChange({ ...view, filter })}
      />
      <ChoiceField<DraftListView['kind'], TemplateId>
        className="list-controls__choice"
        label={t('portal.kind')}
        testId="draft-kind"
        value={view.kind}
        first={{ value: 'all', label: t('portal.allKinds') }}
        choices={TEMPLATES}
        labelOf={(id) => t(`templates.${id}.name`)}
        onChange={(kind) => onChange({ ...view, kind })}
      />
      <ChoiceField<DraftSort>
        className="list-controls__choice"
        label={t('portal.sort')}
        testId="draft-sort"
        value={view.sort}
        choices={['changed', 'title', 'created']}
        labelOf={(s) => t(`portal.sorts.${s}`)}
        onChange={(sort) => onChange({ ...view, sort })}
      />
    </div>
  )
}

interface DocumentListProps {
  state: ListState
  reload: () => void
  now: number
  view: DraftListView
  onClear: () => void
  onRename: (document: DocumentSummary, title: string) => Promise<string | null>
  onDelete: (document: DocumentSummary) => void
}

function DocumentList({ state, reload, now, view, onClear, onRename, onDelete }: DocumentListProps) {
  const { t, i18n } = useTranslation()
  const me = useSignedInUser()
  if (state.kind === 'loading') {
    return (
      <p className="muted" role="status">
        {t('portal.loading')}
      </p>
    )
  }
  if (state.kind === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p>{t('portal.loadError', { message: state.message })}</p>
        <button type="button" className="button" onClick={reload}>
          {t('portal.retry')}
        </button>
      </div>
    )
  }
  const shown = visibleDrafts(state.documents, view, me.id, i18n.language)
  return (
    <>
      {state.refreshError && (
        <p className="notice notice--warning" role="status">
          {t('portal.refreshError', { message: state.refreshError })}
        </p>
      )}
      {isFiltered(view) && state.documents.length > 0 && (
        <p className="muted small list-controls__count" role="status" data-testid="draft-count">
          {t('portal.shown', { shown: shown.length, count: state.documents.length })}
        </p>
      )}
      {state.documents.length === 0 ? (
        <p className="empty-state" data-testid="empty-state">
          {t('portal.empty')}
        </p>
      ) : shown.length === 0 ? (
        <div className="empty-state" data-testid="no-match">
          <p>{t('portal.noMatch')}</p>
          <button type="button" className="button" onClick={onClear}>
            {t('portal.clearFilters')}
          </button>
        </div>
      ) : (
        <ul className="document-list" data-testid="document-list">
          {shown.map((document) => (
            <DraftCard key={document.id} document={document} now={now} onRename={onRename} onDelete={onDelete} />
          ))}
        </ul>
      )}
    </>
  )
}

function NewDraftForm() {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  const [title, setTitle] = useState('')
  const [template, setTemplate] = useState<TemplateId>('declaration')
  const [language, setLanguage] = useState<'es' | 'en'>(() => currentLanguage())
  const [titleError, setTitleError] = useState<string | null>(null)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const titleRef = useRef<HTMLInputElement>(null)
  const ids = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (submitting) return
    const trimmed = title.trim()
    const problem = !trimmed
      ? t('newDraft.errors.titleRequired')
      : trimmed.length > LIMITS.titleMaxLength
        ? t('newDraft.errors.titleTooLong', { max: LIMITS.titleMaxLength })
        : null
    setTitleError(problem)
    setSubmitError(null)
    if (problem) {
      titleRef.current?.focus()
      return
    }
    setSubmitting(true)
    try {
      const { id } = await createDocument({ title: trimmed, template, language })
      navigate(`/d/${encodeURIComponent(id)}`)
    } catch (error) {
      setSubmitError(t('newDraft.errors.failed', { message: describeError(error) }))
      setSubmitting(false)
    }
  }

  return (
    <section className="portal__new panel" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('newDraft.heading')}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate data-testid="new-draft-form">
        <div className="field">
          <label htmlFor={`${ids}-title`}>{t('newDraft.title')}</label>
          <input
            ref={titleRef}
            id={`${ids}-title`}
            name="title"
            data-testid="new-draft-title"
            type="text"
            maxLength={LIMITS.titleMaxLength}
            placeholder={t('newDraft.titlePlaceholder')}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value)
              if (titleError) setTitleError(null)
            }}
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError ? `${ids}-title-error` : undefined}
            required
          />
          {titleError && (
            <p id={`${ids}-title-error`} className="field__error" role="alert">
              {titleError}
            </p>
          )}
        </div>

        <fieldset className="template-picker template-picker--compact" aria-describedby={`${ids}-template-description ${ids}-language`}>
          <legend>{t('newDraft.template')}</legend>
          <div className="template-picker__options">
            {TEMPLATES.map((id) => (
              <label key={id} className="template-chip">
                <input
                  type="radio"
                  name="template"
                  value={id}
                  data-testid={`template-${id}`}
                  checked={template === id}
                  onChange={() => setTemplate(id)}
                />
                <span>{t(`templates.${id}.name`)}</span>
              </label>
            ))}
          </div>
          <p id={`${ids}-template-description`} className="template-picker__description small" data-testid="template-description">
            {t(`templates.${template}.description`)}
          </p>
          <div className="field new-draft__language">
            <label htmlFor={`${ids}-language-select`}>{t('newDraft.language')}</label>
            <select id={`${ids}-language-select`} data-testid="new-draft-language" value={language} onChange={(event) => setLanguage(event.target.value === 'en' ? 'en' : 'es')}>
              <option value="es">{t('language.es')}</option>
              <option value="en">{t('language.en')}</option>
            </select>
            <p id={`${ids}-language`} className="field__hint">
              {t('newDraft.languageHint')}
            </p>
          </div>
        </fieldset>

        <WideSubmit error={submitError} busy={submitting} label={submitting ? t('newDraft.submitting') : t('newDraft.submit')} testId="new-draft-submit" />
      </form>
    </section>
  )
}

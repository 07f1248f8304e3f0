import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'wouter'
import { isRole, LIMITS, TEMPLATES, type DocumentSummary, type TemplateId } from '@consenso/protocol'
import { createDocument, describeError, listDocuments } from '../api.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { AvatarStack } from '../components/Avatar.tsx'
import { RoleBadge } from '../components/RoleBadge.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { absoluteTime, relativeTime } from '../format.ts'
import { currentLanguage } from '../i18n/index.ts'
import { ImportButton } from '../export/ImportButton.tsx'
import { serverNow } from '../server-clock.ts'

/** Often enough that "who is in it now" is current, rarely enough to cost nothing. */
const REFRESH_MS = 5000

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; documents: DocumentSummary[]; refreshError: string | null }

function useDocumentList(): { state: ListState; reload: () => void; now: number } {
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
        const sorted = [...documents].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
        setState({ kind: 'ready', documents: sorted, refreshError: null })
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
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload()
    }, REFRESH_MS)
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') reload()
    }
    window.addEventListener('focus', reload)
    window.addEventListener('online', reload)
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      window.clearInterval(timer)
      window.removeEventListener('focus', reload)
      window.removeEventListener('online', reload)
      document.removeEventListener('visibilitychange', onVisible)
      inFlight.current?.abort()
    }
  }, [reload])

  return { state, reload, now }
}

export function PortalPage() {
  const { t } = useTranslation()
  const { state, reload, now } = useDocumentList()
  useDocumentTitle(t('portal.documentTitle'))

  return (
    <>
      <AppHeader />
      <main id="main" className="portal" tabIndex={-1}>
        <section className="portal__list" aria-labelledby="drafts-heading">
          <div className="section-heading">
            <h1 id="drafts-heading">{t('portal.heading')}</h1>
            {state.kind === 'ready' && state.documents.length > 0 && (
              <span className="section-heading__meta">{t('portal.count', { count: state.documents.length })}</span>
            )}
          </div>
          <DocumentList state={state} reload={reload} now={now} />
        </section>
        <div className="portal__side">
          <NewDraftForm />
          <ImportButton />
        </div>
      </main>
    </>
  )
}

function DocumentList({ state, reload, now }: { state: ListState; reload: () => void; now: number }) {
  const { t, i18n } = useTranslation()
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
  return (
    <>
      {state.refreshError && (
        <p className="notice notice--warning" role="status">
          {t('portal.refreshError', { message: state.refreshError })}
        </p>
      )}
      {state.documents.length === 0 ? (
        <p className="empty-state" data-testid="empty-state">
          {t('portal.empty')}
        </p>
      ) : (
        <ul className="document-list" data-testid="document-list">
          {state.documents.map((document) => (
            <li key={document.id} className="document-card" data-testid="document-item" data-document-id={document.id}>
              <div className="document-card__main">
                <Link href={`/d/${encodeURIComponent(document.id)}`} className="document-card__title">
                  {document.title || t('editor.untitled')}
                </Link>
                <p className="document-card__meta">
                  <span className={`kind-badge kind-badge--${document.template}`}>
                    {TEMPLATES.includes(document.template) ? t(`templates.${document.template}.name`) : document.template}
                  </span>
                  {isRole(document.role) && <RoleBadge role={document.role} testId="document-role" />}
                  <span aria-hidden="true"> · </span>
                  <time dateTime={document.updatedAt} title={absoluteTime(document.updatedAt, i18n.language)}>
                    {t('portal.lastChange', { time: relativeTime(document.updatedAt, i18n.language, now) })}
                  </time>
                </p>
              </div>
              <div className="document-card__presence">
                {document.present.length > 0 ? (
                  <AvatarStack
                    size="small"
                    label={t('portal.present', { count: document.present.length })}
                    people={document.present.map((person, index) => ({
                      ...person,
                      key: `${index}:${person.name}:${person.delegation}`,
                    }))}
                  />
                ) : (
                  <span className="muted small">{t('portal.nobodyPresent')}</span>
                )}
              </div>
            </li>
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
      const { id } = await createDocument({ title: trimmed, template, language: currentLanguage() })
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

        <fieldset className="template-picker" aria-describedby={`${ids}-language`}>
          <legend>{t('newDraft.template')}</legend>
          {TEMPLATES.map((id) => (
            <label key={id} className="template-option">
              <input
                type="radio"
                name="template"
                value={id}
                data-testid={`template-${id}`}
                checked={template === id}
                onChange={() => setTemplate(id)}
              />
              <span className="template-option__text">
                <span className="template-option__name">{t(`templates.${id}.name`)}</span>
                <span className="template-option__description">{t(`templates.${id}.description`)}</span>
              </span>
            </label>
          ))}
          <p id={`${ids}-language`} className="muted small">
            {t('newDraft.templateLanguage')}
          </p>
        </fieldset>

        {submitError && (
          <p className="notice notice--error" role="alert">
            {submitError}
          </p>
        )}

        <button type="submit" className="button button--primary button--wide" data-testid="new-draft-submit" disabled={submitting}>
          {submitting ? t('newDraft.submitting') : t('newDraft.submit')}
        </button>
      </form>
    </section>
  )
}

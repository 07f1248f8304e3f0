/**
 * Good practices (UI-PRACT-* in client/SPEC.md): the catalogue (`/practices`) where each
 * delegation writes and submits its practices and the secretariats review them and keep the
 * themes, and the prioritisation rounds (`/practices/rounds`) where delegations rank them and
 * the secretariat compiles the chosen ones into a draft.
 */
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'wouter'
import {
  PRACTICE_ATTACHMENT_MAX_BYTES,
  PRACTICE_MAX_ATTACHMENTS,
  type PracticeTheme,
  type PracticeWithAttachments,
  type RoundView,
} from '@consenso/protocol'
import { describeError } from '../api.ts'
import { useAuth } from '../auth/context.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { delegationLabelOf, delegationName } from '../delegations.ts'
import { absoluteTime } from '../format.ts'
import { DelegationChecklist } from '../register/DelegationChecklist.tsx'
import {
  attachmentTooLarge,
  attachmentUrl,
  castBallot,
  closeRound,
  compilePractices,
  createPractice,
  createRound,
  createTheme,
  deleteAttachment,
  deletePractice,
  reviewPractice,
  submitPractice,
  updatePractice,
  updateTheme,
  uploadAttachment,
} from './api.ts'
import { usePractices } from './usePractices.ts'

export type PracticesTab = 'catalogue' | 'rounds'

const themeName = (theme: PracticeTheme | undefined, language: string): string => (theme ? (language.startsWith('en') ? theme.nameEn : theme.nameEs) : '—')

/** Runs an action, answering its failure as a sentence; true when it went through. */
function useAction(): { busy: boolean; error: string | null; run: (work: () => Promise<unknown>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await work()
      return true
    } catch (failure) {
      setError(describeError(failure))
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, clear: () => setError(null) }
}

function ErrorLine({ message }: { message: string | null }) {
  return message ? (
    <p className="notice notice--error" role="alert">
      {message}
    </p>
  ) : null
}

export function PracticesPage({ tab }: { tab: PracticesTab }) {
  const { t } = useTranslation()
  useDocumentTitle(t('practices.documentTitle'))
  const { state, reload } = usePractices()
  return (
    <>
      <AppHeader />
      <main id="main" className="register practices" tabIndex={-1} data-testid="practices-page">
        <div className="section-heading register__heading">
          <h1>{t('practices.heading')}</h1>
        </div>
        <p className="practices__intro">{t('practices.intro')}</p>
        <nav className="register-tabs" aria-label={t('practices.tabsLabel')}>
          <Link href="/practices" className="register-tabs__tab" aria-current={tab === 'catalogue' ? 'page' : undefined} data-testid="tab-catalogue">
            {t('practices.tabs.catalogue')}
          </Link>
          <Link href="/practices/rounds" className="register-tabs__tab" aria-current={tab === 'rounds' ? 'page' : undefined} data-testid="tab-rounds">
            {t('practices.tabs.rounds')}
          </Link>
        </nav>
        {state.kind === 'loading' && <p role="status">{t('practices.loading')}</p>}
        {state.kind === 'error' && (
          <p className="notice notice--error" role="alert">
            {t('practices.loadError', { message: state.message })}{' '}
            <button type="button" className="link-button" onClick={reload}>
              {t('common.retry')}
            </button>
          </p>
        )}
        {state.kind === 'ready' &&
          (tab === 'catalogue' ? (
            <Catalogue practices={state.catalogue.practices} themes={state.catalogue.themes} manages={state.catalogue.manages} reload={reload} />
          ) : (
            <Rounds rounds={state.rounds} practices={state.catalogue.practices} manages={state.catalogue.manages} reload={reload} />
          ))}
      </main>
    </>
  )
}

// ---------- the catalogue ----------

type Filter = 'all' | 'mine' | 'review' | 'accepted'

function Catalogue({ practices, themes, manages, reload }: { practices: PracticeWithAttachments[]; themes: PracticeTheme[]; manages: boolean; reload: () => void }) {
  const { t } = useTranslation()
  const { user } = useAuth()
  const ids = useId()
  const [filter, setFilter] = useState<Filter>('all')
  const [editing, setEditing] = useState<{ id: string | null } | null>(null)
  const shown = practices.filter((p) =>
    filter === 'mine' ? p.delegation === user?.delegation : filter === 'review' ? p.status === 'submitted' : filter === 'accepted' ? p.status === 'accepted' : true,
  )
  const editingPractice = editing?.id ? practices.find((p) => p.id === editing.id) ?? null : null
  return (
    <section aria-labelledby={`${ids}-h`} className="register-section">
      <h2 id={`${ids}-h`} className="visually-hidden">
        {t('practices.tabs.catalogue')}
      </h2>
      <div className="register-toolbar">
        <div className="field">
          <label htmlFor={`${ids}-filter`}>{t('practices.filter.label')}</label>
          <select id={`${ids}-filter`} data-testid="practices-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {(['all', 'mine', ...(manages ? ['review'] : []), 'accepted'] as Filter[]).map((f) => (
              <option key={f} value={f}>
                {t(`practices.filter.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="register-actions">
          <button type="button" className="button button--primary" data-testid="new-practice" onClick={() => setEditing({ id: null })}>
            {t('practices.new')}
          </button>
        </div>
      </div>
      {editing && (
        <PracticeForm
          key={editing.id ?? 'new'}
          practice={editingPractice}
          themes={themes}
          onSaved={(id) => {
            setEditing({ id })
            reload()
          }}
          onClose={() => setEditing(null)}
          reload={reload}
        />
      )}
      {shown.length === 0 ? (
        <p className="practices__empty">{t('practices.empty')}</p>
      ) : (
        <ul className="practices__list" data-testid="practice-list">
          {shown.map((p) => (
            <li key={p.id}>
              <PracticeCard practice={p} themes={themes} manages={manages} mine={p.delegation === user?.delegation} onEdit={() => setEditing({ id: p.id })} reload={reload} />
            </li>
          ))}
        </ul>
      )}
      {manages && <ThemesSection themes={themes} reload={reload} />}
    </section>
  )
}

function StatusBadge({ status }: { status: PracticeWithAttachments['status'] }) {
  const { t } = useTranslation()
  return (
    <span className={`practice-status practice-status--${status}`} data-testid="practice-status">
      {t(`practices.status.${status}`)}
    </span>
  )
}

function PracticeCard({ practice: p, themes, manages, mine, onEdit, reload }: { practice: PracticeWithAttachments; themes: PracticeTheme[]; manages: boolean; mine: boolean; onEdit: () => void; reload: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [comment, setComment] = useState('')
  const [commentNeeded, setCommentNeeded] = useState(false)
  const editable = mine && (p.status === 'draft' || p.status === 'changes_requested')
  const act = (work: () => Promise<unknown>) => void action.run(work).then((ok) => ok && reload())
  return (
    <article className="practice-card" aria-labelledby={`${ids}-title`} data-testid="practice-card" data-practice-id={p.id}>
      <header className="practice-card__header">
        <h3 id={`${ids}-title`}>{p.title}</h3>
        <StatusBadge status={p.status} />
      </header>
      <p className="practice-card__meta">
        {delegationLabelOf(p.delegation, i18n.language)}
        {/* The country only when it says more than the delegation's name. */}
        {![delegationName(p.delegation, 'es'), delegationName(p.delegation, 'en')].includes(p.country) && ` · ${p.country}`} · {themeName(themes.find((th) => th.id === p.themeId), i18n.language)}
      </p>
      {p.reviewComment && (
        <p className="notice notice--warning" data-testid="review-comment">
          <strong>{t('practices.reviewComment')}</strong> {p.reviewComment}
        </p>
      )}
      <details className="practice-card__details">
        <summary>{t('practices.details')}</summary>
        <h4>{t('practices.fields.description')}</h4>
        <p className="practice-card__text">{p.description || '—'}</p>
        <h4>{t('practices.fields.why')}</h4>
        <p className="practice-card__text">{p.why || '—'}</p>
        <h4>{t('practices.fields.how')}</h4>
        <p className="practice-card__text">{p.how || '—'}</p>
        {p.contact && (
          <p>
            <strong>{t('practices.fields.contact')}:</strong> {p.contact}
          </p>
        )}
        {p.links.length > 0 && (
          <ul aria-label={t('practices.fields.links')}>
            {p.links.map((link) => (
              <li key={link}>
                <a href={link} rel="noopener noreferrer" target="_blank">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        )}
        {p.attachments.length > 0 && (
          <ul aria-label={t('practices.attachments.label')}>
            {p.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(a.id)} download={a.name}>
                  {t('practices.attachments.download', { name: a.name, size: Math.ceil(a.size / 1024) })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </details>
      <div className="practice-card__actions">
        {editable && (
          <>
            <button type="button" className="button" onClick={onEdit} data-testid="edit-practice">
              {t('practices.edit')}
            </button>
            <button type="button" className="button button--primary" disabled={action.busy} data-testid="submit-practice" onClick={() => act(() => submitPractice(p.id))}>
              {t('practices.submit')}
            </button>
            {p.submittedAt === null && (
              <button type="button" className="button" disabled={action.busy} onClick={() => act(() => deletePractice(p.id))}>
                {t('practices.delete')}
              </button>
            )}
          </>
        )}
        {manages && p.status === 'submitted' && (
          <div className="practice-review" role="group" aria-label={t('practices.review.label', { title: p.title })}>
            <div className="field">
              <label htmlFor={`${ids}-comment`}>{t('practices.review.comment')}</label>
              <textarea id={`${ids}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="review-comment-input" />
            </div>
            <button type="button" className="button button--primary" disabled={action.busy} data-testid="accept-practice" onClick={() => act(() => reviewPractice(p.id, { decision: 'accept', ...(comment.trim() ? { comment } : {}) }))}>
              {t('practices.review.accept')}
            </button>
            <button
              type="button"
              className="button"
              disabled={action.busy}
              data-testid="ask-changes"
              onClick={() => {
                setCommentNeeded(!comment.trim())
                if (comment.trim()) act(() => reviewPractice(p.id, { decision: 'changes', comment }))
              }}
            >
              {t('practices.review.changes')}
            </button>
          </div>
        )}
      </div>
      <ErrorLine message={commentNeeded ? t('practices.review.commentNeeded') : action.error} />
    </article>
  )
}

function PracticeForm({ practice, themes, onSaved, onClose, reload }: { practice: PracticeWithAttachments | null; themes: PracticeTheme[]; onSaved: (id: string) => void; onClose: () => void; reload: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  const offered = themes.filter((th) => !th.archived || th.id === practice?.themeId)
  const [fields, setFields] = useState({
    title: practice?.title ?? '',
    country: practice?.country ?? '',
    themeId: practice?.themeId ?? offered[0]?.id ?? '',
    description: practice?.description ?? '',
    why: practice?.why ?? '',
    how: practice?.how ?? '',
    contact: practice?.contact ?? '',
    links: (practice?.links ?? []).join('\n'),
  })
  const [fileError, setFileError] = useState<string | null>(null)
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [key]: e.target.value })

  const save = async (andSubmit: boolean): Promise<void> => {
    const links = fields.links.split(/\s+/u).map((l) => l.trim()).filter(Boolean)
    const body = { title: fields.title, themeId: fields.themeId, country: fields.country, description: fields.description, why: fields.why, how: fields.how, contact: fields.contact, links }
    let savedId = practice?.id ?? null
    const ok = await action.run(async () => {
      const saved = practice ? await updatePractice(practice.id, body) : await createPractice(body)
      savedId = saved.id
      if (andSubmit) await submitPractice(saved.id)
    })
    if (savedId) onSaved(savedId)
    if (ok && andSubmit) onClose()
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void save(false)
  }

  const attach = async (files: FileList | null): Promise<void> => {
    setFileError(null)
    if (!practice || !files) return
    for (const file of Array.from(files)) {
      if (attachmentTooLarge(file)) {
        setFileError(t('practices.attachments.tooLarge', { name: file.name, mb: PRACTICE_ATTACHMENT_MAX_BYTES / 1024 / 1024 }))
        return
      }
      if (!(await action.run(() => uploadAttachment(practice.id, file)))) return
    }
    reload()
  }

  const field = (key: 'title' | 'country' | 'contact', required = false) => (
    <div className="field">
      <label htmlFor={`${ids}-${key}`}>
        {t(`practices.fields.${key}`)}
        {required && ` ${t('practices.required')}`}
      </label>
      <input id={`${ids}-${key}`} value={fields[key]} onChange={set(key)} data-testid={`practice-${key}`} required={required} maxLength={key === 'title' ? 200 : 300} />
    </div>
  )
  const area = (key: 'description' | 'why' | 'how', rows = 4) => (
    <div className="field">
      <label htmlFor={`${ids}-${key}`}>
        {t(`practices.fields.${key}`)} {t('practices.required')}
      </label>
      <textarea id={`${ids}-${key}`} rows={rows} value={fields[key]} onChange={set(key)} data-testid={`practice-${key}`} maxLength={8000} />
    </div>
  )
  return (
    <section className="panel practice-form" aria-labelledby={`${ids}-h`} data-testid="practice-form">
      <h2 id={`${ids}-h`}>{practice ? t('practices.editHeading', { title: practice.title }) : t('practices.newHeading')}</h2>
      {practice?.reviewComment && (
        <p className="notice notice--warning">
          <strong>{t('practices.reviewComment')}</strong> {practice.reviewComment}
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        {field('title', true)}
        {field('country')}
        <div className="field">
          <label htmlFor={`${ids}-theme`}>{t('practices.fields.theme')}</label>
          <select id={`${ids}-theme`} value={fields.themeId} onChange={set('themeId')} data-testid="practice-theme">
            {offered.map((th) => (
              <option key={th.id} value={th.id}>
                {themeName(th, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        {area('description')}
        {area('why')}
        {area('how')}
        {field('contact')}
        <div className="field">
          <label htmlFor={`${ids}-links`}>{t('practices.fields.links')}</label>
          <textarea id={`${ids}-links`} rows={2} value={fields.links} onChange={set('links')} aria-describedby={`${ids}-links-hint`} data-testid="practice-links" />
          <p id={`${ids}-links-hint`} className="field__hint">
            {t('practices.linksHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-files`}>{t('practices.attachments.add')}</label>
          {practice ? (
            <>
              <input id={`${ids}-files`} type="file" multiple disabled={practice.attachments.length >= PRACTICE_MAX_ATTACHMENTS} aria-describedby={`${ids}-files-hint`} onChange={(e) => void attach(e.target.files)} data-testid="practice-file" />
              <p id={`${ids}-files-hint`} className="field__hint">
                {t('practices.attachments.hint', { mb: PRACTICE_ATTACHMENT_MAX_BYTES / 1024 / 1024, count: PRACTICE_MAX_ATTACHMENTS })}
              </p>
              {practice.attachments.length > 0 && (
                <ul className="practice-form__files">
                  {practice.attachments.map((a) => (
                    <li key={a.id}>
                      {a.name}{' '}
                      <button type="button" className="link-button" onClick={() => void action.run(() => deleteAttachment(a.id)).then((ok) => ok && reload())}>
                        {t('practices.attachments.remove', { name: a.name })}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <p id={`${ids}-files`} className="field__hint">
              {t('practices.attachments.afterSave')}
            </p>
          )}
        </div>
        <ErrorLine message={fileError ?? action.error} />
        <div className="practice-form__buttons">
          <button type="submit" className="button" disabled={action.busy} data-testid="save-practice">
            {t('practices.saveDraft')}
          </button>
          <button type="button" className="button button--primary" disabled={action.busy} data-testid="save-submit-practice" onClick={() => void save(true)}>
            {t('practices.saveAndSubmit')}
          </button>
          <button type="button" className="link-button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </section>
  )
}

function ThemesSection({ themes, reload }: { themes: PracticeTheme[]; reload: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [names, setNames] = useState({ nameEs: '', nameEn: '' })
  const add = (event: FormEvent) => {
    event.preventDefault()
    void action.run(() => createTheme(names)).then((ok) => {
      if (ok) {
        setNames({ nameEs: '', nameEn: '' })
        reload()
      }
    })
  }
  return (
    <section className="panel practices-themes" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('practices.themes.heading')}</h2>
      <ol className="practices-themes__list">
        {themes.map((th) => (
          <li key={th.id} className={th.archived ? 'practices-themes__archived' : undefined}>
            {themeName(th, i18n.language)}
            {th.archived && ` (${t('practices.themes.archived')})`}{' '}
            <button
              type="button"
              className="link-button"
              aria-label={th.archived ? t('practices.themes.restoreNamed', { name: themeName(th, i18n.language) }) : t('practices.themes.archiveNamed', { name: themeName(th, i18n.language) })}
              onClick={() => void action.run(() => updateTheme(th.id, { archived: !th.archived })).then((ok) => ok && reload())}
            >
              {th.archived ? t('practices.themes.restore') : t('practices.themes.archive')}
            </button>
          </li>
        ))}
      </ol>
      <form onSubmit={add} className="practices-themes__form">
        <div className="field">
          <label htmlFor={`${ids}-es`}>{t('practices.themes.nameEs')}</label>
          <input id={`${ids}-es`} value={names.nameEs} onChange={(e) => setNames({ ...names, nameEs: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-en`}>{t('practices.themes.nameEn')}</label>
          <input id={`${ids}-en`} value={names.nameEn} onChange={(e) => setNames({ ...names, nameEn: e.target.value })} />
        </div>
        <button type="submit" className="button" disabled={action.busy}>
          {t('practices.themes.add')}
        </button>
      </form>
      <ErrorLine message={action.error} />
    </section>
  )
}

// ---------- rounds ----------

function Rounds({ rounds, practices, manages, reload }: { rounds: RoundView[]; practices: PracticeWithAttachments[]; manages: boolean; reload: () => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const [creating, setCreating] = useState(false)
  const titleOf = (id: string): string => practices.find((p) => p.id === id)?.title ?? id
  return (
    <section aria-labelledby={`${ids}-h`} className="register-section">
      <h2 id={`${ids}-h`} className="visually-hidden">
        {t('practices.tabs.rounds')}
      </h2>
      {manages && (
        <div className="register-toolbar">
          <div className="register-actions">
            <button type="button" className="button button--primary" data-testid="new-round" onClick={() => setCreating(true)}>
              {t('practices.rounds.new')}
            </button>
          </div>
        </div>
      )}
      {creating && (
        <RoundForm
          practices={practices.filter((p) => p.status === 'accepted')}
          onDone={() => {
            setCreating(false)
            reload()
          }}
          onClose={() => setCreating(false)}
        />
      )}
      {rounds.length === 0 ? (
        <p className="practices__empty">{t('practices.rounds.empty')}</p>
      ) : (
        <ul className="practices__list">
          {rounds.map((r) => (
            <li key={r.id}>
              <RoundCard round={r} titleOf={titleOf} manages={manages} reload={reload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function inAWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

function RoundForm({ practices, onDone, onClose }: { practices: PracticeWithAttachments[]; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [title, setTitle] = useState('')
  const [chosen, setChosen] = useState<string[]>(practices.map((p) => p.id))
  const [voters, setVoters] = useState<string[]>([])
  const [priorities, setPriorities] = useState(Math.min(3, Math.max(1, practices.length)))
  const [deadline, setDeadline] = useState(inAWeek())
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const when = new Date(deadline)
    void action
      .run(() => createRound({ title, practiceIds: chosen, voters, priorities, deadline: Number.isNaN(when.getTime()) ? deadline : when.toISOString() }))
      .then((ok) => ok && onDone())
  }
  return (
    <section className="panel practice-form" aria-labelledby={`${ids}-h`} data-testid="round-form">
      <h2 id={`${ids}-h`}>{t('practices.rounds.newHeading')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-title`}>{t('practices.rounds.title')}</label>
          <input id={`${ids}-title`} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="round-title" />
        </div>
        <fieldset className="field">
          <legend>{t('practices.rounds.practices')}</legend>
          {practices.length === 0 && <p className="field__hint">{t('practices.rounds.noAccepted')}</p>}
          {practices.map((p) => (
            <label key={p.id} className="practices__check">
              <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((id) => id !== p.id))} />
              {p.title}
            </label>
          ))}
        </fieldset>
        <DelegationChecklist legend={t('practices.rounds.voters')} value={voters} onChange={setVoters} testId="round-voters" />
        <div className="field">
          <label htmlFor={`${ids}-n`}>{t('practices.rounds.priorities')}</label>
          <input id={`${ids}-n`} type="number" min={1} max={20} value={priorities} onChange={(e) => setPriorities(Number(e.target.value))} data-testid="round-priorities" />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-deadline`}>{t('practices.rounds.deadline')}</label>
          <input id={`${ids}-deadline`} type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} data-testid="round-deadline" />
        </div>
        <ErrorLine message={action.error} />
        <div className="practice-form__buttons">
          <button type="submit" className="button button--primary" disabled={action.busy} data-testid="open-round">
            {t('practices.rounds.open')}
          </button>
          <button type="button" className="link-button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </section>
  )
}

function RoundCard({ round: r, titleOf, manages, reload }: { round: RoundView; titleOf: (id: string) => string; manages: boolean; reload: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  return (
    <article className="practice-card" aria-labelledby={`${ids}-title`} data-testid="round-card">
      <header className="practice-card__header">
        <h3 id={`${ids}-title`}>{r.title}</h3>
        <span className={`practice-status practice-status--${r.closed ? 'accepted' : 'submitted'}`}>{r.closed ? t('practices.rounds.closed') : t('practices.rounds.openStatus')}</span>
      </header>
      <p className="practice-card__meta">
        {t('practices.rounds.meta', { deadline: absoluteTime(r.deadline, i18n.language), count: r.priorities })}
      </p>
      <p className="practice-card__meta" data-testid="round-voted">
        {t('practices.rounds.voted', { voted: r.voted.length, total: r.voters.length })}{' '}
        {r.voters.map((code) => `${code}${r.voted.includes(code) ? ' ✓' : ''}`).join(', ')}
      </p>
      {r.myBallot && (
        <div>
          <h4>{t('practices.rounds.myBallot')}</h4>
          <ol>
            {r.myBallot.map((id) => (
              <li key={id}>{titleOf(id)}</li>
            ))}
          </ol>
        </div>
      )}
      {r.mayVote && <BallotForm round={r} titleOf={titleOf} reload={reload} />}
      {r.ranking && r.ballots && (
        <>
          <table className="practices-ranking" data-testid="round-ranking">
            <caption>{t('practices.rounds.ranking')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('practices.rounds.rank')}</th>
                <th scope="col">{t('practices.rounds.practice')}</th>
                <th scope="col">{t('practices.rounds.points')}</th>
                <th scope="col">{t('practices.rounds.firsts')}</th>
              </tr>
            </thead>
            <tbody>
              {r.ranking.map((e) => (
                <tr key={e.practiceId}>
                  <td>{e.tied ? t('practices.rounds.tiedRank', { rank: e.rank }) : e.rank}</td>
                  <th scope="row">{titleOf(e.practiceId)}</th>
                  <td>{e.points}</td>
                  <td>{e.firstChoices}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="practices-ranking" data-testid="round-ballots">
            <caption>{t('practices.rounds.ballots')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('practices.rounds.delegation')}</th>
                <th scope="col">{t('practices.rounds.theirRanking')}</th>
              </tr>
            </thead>
            <tbody>
              {r.ballots.map((b) => (
                <tr key={b.delegation}>
                  <th scope="row">{delegationLabelOf(b.delegation, i18n.language)}</th>
                  <td>{b.ranking.map((id, i) => `${i + 1}. ${titleOf(id)}`).join(' · ')}</td>
                </tr>
              ))}
              {r.voters
                .filter((code) => !r.voted.includes(code))
                .map((code) => (
                  <tr key={code}>
                    <th scope="row">{delegationLabelOf(code, i18n.language)}</th>
                    <td>{t('practices.rounds.noVote')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
      {r.documentId && (
        <p>
          <Link href={`/d/${r.documentId}`} data-testid="open-compilation">
            {t('practices.compile.open')}
          </Link>
        </p>
      )}
      {manages && !r.closed && (
        <button type="button" className="button" disabled={action.busy} data-testid="close-round" onClick={() => void action.run(() => closeRound(r.id)).then((ok) => ok && reload())}>
          {t('practices.rounds.close')}
        </button>
      )}
      {manages && r.closed && r.ranking && <CompileForm round={r} titleOf={titleOf} />}
      <ErrorLine message={action.error} />
    </article>
  )
}

function BallotForm({ round: r, titleOf, reload }: { round: RoundView; titleOf: (id: string) => string; reload: () => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [places, setPlaces] = useState<string[]>(Array.from({ length: r.priorities }, () => ''))
  const ranking = places.filter(Boolean)
  const repeated = new Set(ranking).size !== ranking.length
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(() => castBallot(r.id, { ranking })).then((ok) => ok && reload())
  }
  return (
    <form onSubmit={submit} className="practices-ballot" aria-labelledby={`${ids}-h`} data-testid="ballot-form">
      <h4 id={`${ids}-h`}>{t('practices.rounds.ballotHeading', { count: r.priorities })}</h4>
      {places.map((value, i) => (
        <div className="field" key={i}>
          <label htmlFor={`${ids}-${i}`}>{t('practices.rounds.priority', { n: i + 1 })}</label>
          <select
            id={`${ids}-${i}`}
            value={value}
            data-testid={`ballot-priority-${i + 1}`}
            onChange={(e) => setPlaces(places.map((p, j) => (j === i ? e.target.value : p)))}
          >
            <option value="">{t('practices.rounds.none')}</option>
            {r.practiceIds.map((id) => (
              <option key={id} value={id}>
                {titleOf(id)}
              </option>
            ))}
          </select>
        </div>
      ))}
      {repeated && (
        <p className="field__error" role="alert">
          {t('practices.rounds.repeated')}
        </p>
      )}
      <p className="field__hint">{t('practices.rounds.once')}</p>
      <ErrorLine message={action.error} />
      <button type="submit" className="button button--primary" disabled={action.busy || repeated || ranking.length === 0} data-testid="cast-ballot">
        {t('practices.rounds.cast')}
      </button>
    </form>
  )
}

function CompileForm({ round: r, titleOf }: { round: RoundView; titleOf: (id: string) => string }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [, navigate] = useLocation()
  const ranked = r.ranking ?? []
  const [chosen, setChosen] = useState<string[]>(ranked.filter((e) => e.points > 0).map((e) => e.practiceId))
  const [title, setTitle] = useState(t('practices.compile.defaultTitle', { round: r.title }))
  const [language, setLanguage] = useState<'es' | 'en'>(i18n.language.startsWith('en') ? 'en' : 'es')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    let id = ''
    // In the ranking's order, so a theme lists its practices by priority.
    const practiceIds = ranked.map((e) => e.practiceId).filter((p) => chosen.includes(p))
    void action
      .run(async () => {
        id = (await compilePractices({ title, practiceIds, language, roundId: r.id })).id
      })
      .then((ok) => ok && navigate(`/d/${id}`))
  }
  return (
    <form onSubmit={submit} className="practices-compile" aria-labelledby={`${ids}-h`} data-testid="compile-form">
      <h4 id={`${ids}-h`}>{t('practices.compile.heading')}</h4>
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t('practices.compile.title')}</label>
        <input id={`${ids}-title`} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="compile-title" />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-lang`}>{t('practices.compile.language')}</label>
        <select id={`${ids}-lang`} value={language} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'es')}>
          <option value="es">{t('language.es')}</option>
          <option value="en">{t('language.en')}</option>
        </select>
      </div>
      <fieldset className="field">
        <legend>{t('practices.compile.chosen')}</legend>
        {ranked.map((e) => (
          <label key={e.practiceId} className="practices__check">
            <input type="checkbox" checked={chosen.includes(e.practiceId)} onChange={(ev) => setChosen(ev.target.checked ? [...chosen, e.practiceId] : chosen.filter((id) => id !== e.practiceId))} />
            {titleOf(e.practiceId)} ({t('practices.compile.points', { count: e.points })})
          </label>
        ))}
      </fieldset>
      <ErrorLine message={action.error} />
      <button type="submit" className="button button--primary" disabled={action.busy || chosen.length === 0} data-testid="compile">
        {t('practices.compile.make')}
      </button>
    </form>
  )
}

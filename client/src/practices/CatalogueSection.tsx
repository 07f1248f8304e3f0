/** The practices' catalogue (UI-PRACT-*): filter, the cards with their review, the form, the themes. */
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { TabPanel } from '../components/TabNav.tsx'
import type { PracticeTheme, PracticeWithAttachments } from '@consenso/protocol'
import { useAuth } from '../auth/context.ts'
import { ErrorLine } from '../components/ErrorLine.tsx'
import { useAction } from '../components/useAction.ts'
import { delegationLabelOf, delegationName } from '../delegations.ts'
import { attachmentUrl, deletePractice, reviewPractice, submitPractice } from './api.ts'
import { PracticeForm } from './PracticeForm.tsx'
import { ThemesSection, themeName } from './ThemesSection.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'

type Filter = 'all' | 'mine' | 'review' | 'accepted'

export function CatalogueSection({ practices, themes, manages, reload }: { practices: PracticeWithAttachments[]; themes: PracticeTheme[]; manages: boolean; reload: () => void }) {
  const { t } = useTranslation()
  const { user } = useAuth()
  const [filter, setFilter] = useState<Filter>('all')
  const [editing, setEditing] = useState<{ id: string | null } | null>(null)
  const shown = practices.filter((p) =>
    filter === 'mine' ? p.delegation === user?.delegation : filter === 'review' ? p.status === 'submitted' : filter === 'accepted' ? p.status === 'accepted' : true,
  )
  const editingPractice = editing?.id ? practices.find((p) => p.id === editing.id) ?? null : null
  return (
    <TabPanel title={t('practices.tabs.catalogue')}>
      <div className="register-toolbar">
        <ChoiceField<Filter>
          label={t('practices.filter.label')}
          testId="practices-filter"
          value={filter}
          choices={['all', 'mine', ...(manages ? (['review'] as const) : []), 'accepted']}
          labelOf={(f) => t(`practices.filter.${f}`)}
          onChange={setFilter}
        />
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
    </TabPanel>
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

import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { isRole, LIMITS, may, TEMPLATES, type DocumentSummary } from '@consenso/protocol'
import { AvatarStack } from '../components/Avatar.tsx'
import { RoleBadge } from '../components/RoleBadge.tsx'
import { absoluteTime, relativeTime } from '../format.ts'

interface DraftCardProps {
  document: DocumentSummary
  now: number
  onRename: (document: DocumentSummary, title: string) => Promise<string | null>
  onDelete: (document: DocumentSummary) => void
}

/**
 * One draft in the portal: its title (a link), kind, the caller's role, last change and who
 * is in it now; for its owners, rename (in place: Enter saves, Escape cancels) and delete
 * (to the trash, with undo).
 */
export function DraftCard({ document, now, onRename, onDelete }: DraftCardProps) {
  const { t, i18n } = useTranslation()
  const [renaming, setRenaming] = useState(false)
  const [title, setTitle] = useState(document.title)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const renameButton = useRef<HTMLButtonElement>(null)
  const manages = isRole(document.role) && may(document.role, 'manage')
  const name = document.title || t('editor.untitled')

  useEffect(() => {
    if (renaming) input.current?.select()
  }, [renaming])

  const stopRenaming = (): void => {
    setRenaming(false)
    setError(null)
    // Focus returns to where the person started.
    requestAnimationFrame(() => renameButton.current?.focus())
  }

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const next = title.trim()
    if (!next || next === document.title) return stopRenaming()
    setSaving(true)
    const problem = await onRename(document, next)
    setSaving(false)
    if (problem) setError(problem)
    else stopRenaming()
  }

  return (
    <li className="document-card" data-testid="document-item" data-document-id={document.id}>
      <div className="document-card__main">
        {renaming ? (
          <form className="document-card__rename" onSubmit={(event) => void save(event)} noValidate>
            <input
              ref={input}
              className="document-card__rename-input"
              aria-label={t('portal.renameLabel', { title: name })}
              data-testid="rename-input"
              value={title}
              maxLength={LIMITS.titleMaxLength}
              disabled={saving}
              onChange={(event) => setTitle(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  event.preventDefault()
                  setTitle(document.title)
                  stopRenaming()
                }
              }}
              aria-invalid={error ? true : undefined}
            />
            <button type="submit" className="button button--primary button--small" disabled={saving} data-testid="rename-save">
              {t('portal.renameSave')}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => {
                setTitle(document.title)
                stopRenaming()
              }}
            >
              {t('portal.renameCancel')}
            </button>
            {error && (
              <p className="field__error" role="alert">
                {error}
              </p>
            )}
          </form>
        ) : (
          <Link href={`/d/${encodeURIComponent(document.id)}`} className="document-card__title">
            {name}
          </Link>
        )}
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
            people={document.present.map((person, index) => ({ ...person, key: `${index}:${person.name}:${person.delegation}` }))}
          />
        ) : (
          <span className="muted small">{t('portal.nobodyPresent')}</span>
        )}
      </div>
      {manages && !renaming && (
        <div className="document-card__actions" role="group" aria-label={t('portal.actions', { title: name })}>
          <button
            ref={renameButton}
            type="button"
            className="button button--quiet button--small"
            data-testid="rename-draft"
            onClick={() => {
              setTitle(document.title)
              setRenaming(true)
            }}
          >
            {t('portal.rename')}
          </button>
          <button type="button" className="button button--quiet button--small button--danger-text" data-testid="delete-draft" onClick={() => onDelete(document)}>
            {t('portal.delete')}
          </button>
        </div>
      )}
    </li>
  )
}

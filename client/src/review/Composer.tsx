import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Thread } from '@consenso/protocol'
import { createThread, describeError } from '../api.ts'
import type { DraftAnchor } from './anchors.ts'
import { MentionTextarea } from './MentionTextarea.tsx'

interface ComposerProps {
  documentId: string
  draft: DraftAnchor
  /** The suggestion this comment is about ("why"), if any. */
  suggestionId?: string | null
  onCancel: () => void
  onCreated: (thread: Thread) => void
}

/** A new comment on the words just selected. Ctrl+Enter sends it, Escape gives up. */
export function Composer({ documentId, draft, suggestionId = null, onCancel, onCreated }: ComposerProps) {
  const { t } = useTranslation()
  const ids = useId()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = (): void => {
    if (!text.trim() || busy) return
    setBusy(true)
    setError(null)
    createThread(documentId, { anchor: draft.anchor, quote: draft.quote, text: text.trim(), ...(suggestionId ? { suggestionId } : {}) }).then(
      (thread) => onCreated(thread),
      (failure: unknown) => {
        setBusy(false)
        setError(t('review.errors.failed', { message: describeError(failure) }))
      },
    )
  }

  return (
    <section className="composer" data-testid="comment-composer" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`} className="composer__title">
        {suggestionId ? t('suggestions.discussTitle') : t('review.newComment')}
      </h3>
      <p className="composer__quote" data-testid="composer-quote">
        «{draft.quote}»
      </p>
      <MentionTextarea
        label={t('review.commentLabel')}
        value={text}
        onChange={setText}
        onSubmit={submit}
        onCancel={onCancel}
        placeholder={t('review.commentPlaceholder')}
        testId="composer-input"
        autoFocus
        disabled={busy}
        hintId={`${ids}-hint`}
      />
      <p id={`${ids}-hint`} className="composer__hint">
        {t('review.composerHint')}
      </p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="thread__buttons">
        <button type="button" className="button button--small button--quiet" onClick={onCancel} data-testid="composer-cancel">
          {t('common.cancel')}
        </button>
        <span className="thread__spacer" />
        <button type="button" className="button button--small button--primary" data-testid="composer-submit" disabled={!text.trim() || busy} onClick={submit}>
          {busy ? t('review.sending') : t('review.comment')}
        </button>
      </div>
    </section>
  )
}

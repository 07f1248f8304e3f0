import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { MentionEntry } from '@consenso/protocol'
import { describeError, listMentions } from '../api.ts'
import { relativeTime } from '../format.ts'
import { CommentText } from './CommentText.tsx'
import { Byline } from './ThreadCard.tsx'

type State = { kind: 'loading' } | { kind: 'ready'; mentions: MentionEntry[] } | { kind: 'error'; message: string }

/** The address that opens a draft on one of its threads. */
export function threadHref(documentId: string, threadId: string): string {
  return `/d/${encodeURIComponent(documentId)}?thread=${encodeURIComponent(threadId)}`
}

interface MentionsListProps {
  /** Changes whenever something may have added a mention (this draft's threads changed). */
  refreshKey: unknown
  now: number
  currentDocumentId?: string
}

/** Threads, in every draft one can read, that mention the person or their delegation. */
export function MentionsList({ refreshKey, now, currentDocumentId }: MentionsListProps) {
  const { t, i18n } = useTranslation()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    listMentions(controller.signal).then(
      (mentions) => setState({ kind: 'ready', mentions }),
      (failure: unknown) => {
        if (controller.signal.aborted) return
        // A failed refresh keeps the list already shown.
        setState((previous) => (previous.kind === 'ready' ? previous : { kind: 'error', message: describeError(failure) }))
      },
    )
    return () => controller.abort()
  }, [refreshKey, attempt])

  if (state.kind === 'loading') {
    return (
      <p className="review-empty" role="status">
        {t('review.mentions.loading')}
      </p>
    )
  }
  if (state.kind === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p>{t('review.mentions.loadError', { message: state.message })}</p>
        <button type="button" className="button button--small" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    )
  }
  if (state.mentions.length === 0) {
    return (
      <p className="review-empty" data-testid="mentions-empty">
        {t('review.mentions.empty')}
      </p>
    )
  }
  return (
    <ul className="mention-list" data-testid="mentions-list">
      {state.mentions.map(({ documentId, documentTitle, thread }) => {
        const first = thread.comments.find((c) => !c.deleted) ?? thread.comments[0]
        const last = thread.comments[thread.comments.length - 1]
        return (
          <li key={`${documentId}:${thread.id}`} className="mention-item" data-testid="mention-item" data-document-id={documentId} data-thread-id={thread.id} data-status={thread.status}>
            <Link href={threadHref(documentId, thread.id)} className="mention-item__link">
              <span className="mention-item__draft">
                {documentTitle || t('editor.untitled')}
                {documentId === currentDocumentId && <span className="mention-item__here"> · {t('review.mentions.thisDraft')}</span>}
              </span>
              <span className="mention-item__quote">{thread.quote ? `«${thread.quote}»` : t('review.noQuote')}</span>
            </Link>
            {first && <Byline author={first.author} at={first.createdAt} now={now} />}
            {first && !first.deleted && (
              <div className="mention-item__text">
                <CommentText text={first.text} />
              </div>
            )}
            <p className="mention-item__meta">
              <span className={thread.status === 'open' ? 'tag' : 'tag tag--ok'}>
                {thread.status === 'open' ? t('review.status.open') : t('review.status.resolved')}
              </span>{' '}
              {t('review.mentions.replies', { count: thread.comments.length - 1 })}
              {last && thread.comments.length > 1 && <> · {t('review.mentions.lastReply', { time: relativeTime(last.createdAt, i18n.language, now) })}</>}
            </p>
          </li>
        )
      })}
    </ul>
  )
}

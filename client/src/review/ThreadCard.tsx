import { useEffect, useId, useRef, useState, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Author, Thread, ThreadComment } from '@consenso/protocol'
import { deleteComment, describeError, editComment, replyToThread, setThreadStatus } from '../api.ts'
import { ConfirmDialog } from '../components/Dialog.tsx'
import { delegationColor, delegationLabelOf } from '../delegations.ts'
import { absoluteTime, relativeTime } from '../format.ts'
import { textColorOn } from '../people.ts'
import { CommentText } from './CommentText.tsx'
import { MentionTextarea } from './MentionTextarea.tsx'

export function DelegationCode({ code }: { code: string }) {
  const { i18n } = useTranslation()
  const color = delegationColor(code)
  return (
    <span className="delegation-code" style={{ backgroundColor: color, color: textColorOn(color) }} title={delegationLabelOf(code, i18n.language)}>
      {code}
    </span>
  )
}

export function Byline({ author, at, now, edited }: { author: Author; at: string; now: number; edited?: string | null }) {
  const { t, i18n } = useTranslation()
  return (
    <p className="byline" data-testid="comment-author">
      <span className="byline__name">{author.name}</span>
      <span className="byline__separator" aria-hidden="true">
        ·
      </span>
      <DelegationCode code={author.delegation} />
      <time className="byline__time" dateTime={at} title={absoluteTime(at, i18n.language)}>
        {relativeTime(at, i18n.language, now)}
      </time>
      {edited && (
        <span className="byline__edited" title={absoluteTime(edited, i18n.language)}>
          {t('review.edited')}
        </span>
      )}
    </p>
  )
}

interface ThreadCardProps {
  thread: Thread
  documentId: string
  userId: string
  canComment: boolean
  active: boolean
  /** Its words are gone from the text. */
  orphaned: boolean
  now: number
  /** The person picked this thread; `showText` also selects its words in the editor. */
  onActivate: (threadId: string, showText: boolean) => void
}

type Pending = 'reply' | 'status' | `edit:${string}` | `delete:${string}` | null

export function ThreadCard({ thread, documentId, userId, canComment, active, orphaned, now, onActivate }: ThreadCardProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const ref = useRef<HTMLElement>(null)
  const [reply, setReply] = useState('')
  const [replying, setReplying] = useState(false)
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null)
  const [confirmDelete, setConfirmDelete] = useState<ThreadComment | null>(null)
  const [pending, setPending] = useState<Pending>(null)
  const [error, setError] = useState<string | null>(null)
  const open = thread.status === 'open'

  // The active thread is brought into view (a click on its words, a link from the mentions).
  useEffect(() => {
    if (!active) return
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches
    ref.current?.scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' })
  }, [active])

  const run = async (what: Pending, call: () => Promise<unknown>, after?: () => void): Promise<void> => {
    setPending(what)
    setError(null)
    try {
      await call()
      after?.()
    } catch (failure) {
      setError(t('review.errors.failed', { message: describeError(failure) }))
    } finally {
      setPending(null)
    }
  }

  const sendReply = (): void => {
    if (!reply.trim() || pending) return
    void run('reply', () => replyToThread(documentId, thread.id, reply.trim()), () => {
      setReply('')
      setReplying(false)
    })
  }

  const saveEdit = (): void => {
    if (!editing || !editing.text.trim() || pending) return
    void run(`edit:${editing.id}`, () => editComment(documentId, thread.id, editing.id, editing.text.trim()), () => setEditing(null))
  }

  const onCardClick = (event: MouseEvent<HTMLElement>): void => {
    // Controls inside the card do their own thing; a click elsewhere on it picks the thread.
    if ((event.target as HTMLElement).closest('button, a, textarea, input, select, [role="option"]')) return
    if (!active) onActivate(thread.id, true)
  }

  const showReplyBox = canComment && open && (replying || active)
  const first = thread.comments[0]
  const resolvedLine =
    thread.status === 'resolved' && thread.resolvedBy && thread.resolvedAt
      ? t('review.resolvedBy', { name: thread.resolvedBy.name, delegation: thread.resolvedBy.delegation, time: relativeTime(thread.resolvedAt, i18n.language, now) })
      : null

  return (
    <article
      ref={ref}
      className={['thread', active ? 'thread--active' : '', open ? '' : 'thread--resolved'].filter(Boolean).join(' ')}
      data-testid="thread"
      data-thread-id={thread.id}
      data-status={thread.status}
      data-orphaned={orphaned}
      data-active={active}
      aria-labelledby={`${ids}-quote`}
      onClick={onCardClick}
    >
      <div className="thread__head">
        {orphaned ? (
          <p className="thread__quote thread__quote--deleted" id={`${ids}-quote`} data-testid="thread-quote">
            <span className="tag tag--muted" data-testid="thread-orphaned">
              {t('review.onDeletedText')}
            </span>{' '}
            <span className="thread__quote-text">{thread.quote ? `«${thread.quote}»` : t('review.noQuote')}</span>
          </p>
        ) : (
          <button
            type="button"
            className="thread__quote"
            id={`${ids}-quote`}
            data-testid="thread-quote"
            title={t('review.showInText')}
            onClick={() => onActivate(thread.id, true)}
          >
            {thread.quote ? `«${thread.quote}»` : t('review.noQuote')}
          </button>
        )}
        <span className={open ? 'tag' : 'tag tag--ok'} data-testid="thread-status">
          {open ? t('review.status.open') : t('review.status.resolved')}
        </span>
      </div>

      <ol className="thread__comments" aria-label={t('review.commentsLabel', { count: thread.comments.length })}>
        {thread.comments.map((comment, index) => {
          const mine = comment.author.id === userId && !comment.deleted
          const isEditing = editing?.id === comment.id
          return (
            <li key={comment.id} className={index === 0 ? 'comment comment--first' : 'comment'} data-testid="thread-comment" data-comment-id={comment.id} data-deleted={comment.deleted}>
              <Byline author={comment.author} at={comment.createdAt} now={now} edited={comment.deleted ? null : comment.editedAt} />
              {comment.deleted ? (
                <p className="comment__text comment__text--deleted" data-testid="comment-text">
                  {t('review.deletedComment')}
                </p>
              ) : isEditing ? (
                <div className="comment__edit">
                  <MentionTextarea
                    label={t('review.editLabel')}
                    value={editing.text}
                    onChange={(text) => setEditing({ id: comment.id, text })}
                    onSubmit={saveEdit}
                    onCancel={() => setEditing(null)}
                    testId="comment-edit-input"
                    autoFocus
                    disabled={pending === `edit:${comment.id}`}
                  />
                  <div className="thread__buttons">
                    <button type="button" className="button button--small button--quiet" onClick={() => setEditing(null)}>
                      {t('common.cancel')}
                    </button>
                    <button
                      type="button"
                      className="button button--small button--primary"
                      data-testid="comment-edit-save"
                      disabled={!editing.text.trim() || pending !== null}
                      onClick={saveEdit}
                    >
                      {t('review.save')}
                    </button>
                  </div>
                </div>
              ) : (
                <CommentText text={comment.text} />
              )}
              {mine && canComment && !isEditing && (
                <div className="comment__actions">
                  <button
                    type="button"
                    className="link-button link-button--small"
                    data-testid="comment-edit"
                    aria-label={t('review.editYour', { index: index + 1 })}
                    onClick={() => setEditing({ id: comment.id, text: comment.text })}
                  >
                    {t('review.edit')}
                  </button>
                  <button
                    type="button"
                    className="link-button link-button--small link-button--danger"
                    data-testid="comment-delete"
                    aria-label={t('review.deleteYour', { index: index + 1 })}
                    onClick={() => setConfirmDelete(comment)}
                  >
                    {t('review.delete')}
                  </button>
                </div>
              )}
            </li>
          )
        })}
      </ol>

      {resolvedLine && <p className="thread__resolved">{resolvedLine}</p>}
      {error && !confirmDelete && (
        <p className="notice notice--error thread__error" role="alert">
          {error}
        </p>
      )}

      {showReplyBox && (
        <div className="thread__reply">
          <MentionTextarea
            label={t('review.replyLabel', { name: first?.author.name ?? '' })}
            value={reply}
            onChange={setReply}
            onSubmit={sendReply}
            onCancel={() => {
              setReply('')
              setReplying(false)
            }}
            placeholder={t('review.replyPlaceholder')}
            testId="thread-reply-input"
            rows={2}
            autoFocus={replying}
            disabled={pending === 'reply'}
          />
        </div>
      )}

      {canComment && (
        <div className="thread__buttons">
          {open && !showReplyBox && (
            <button
              type="button"
              className="button button--small button--quiet"
              data-testid="thread-reply"
              onClick={() => {
                setReplying(true)
                onActivate(thread.id, false)
              }}
            >
              {t('review.reply')}
            </button>
          )}
          {showReplyBox && (
            <button
              type="button"
              className="button button--small button--primary"
              data-testid="thread-reply-submit"
              disabled={!reply.trim() || pending !== null}
              onClick={sendReply}
            >
              {pending === 'reply' ? t('review.sending') : t('review.send')}
            </button>
          )}
          <span className="thread__spacer" />
          {open ? (
            <button
              type="button"
              className="button button--small"
              data-testid="thread-resolve"
              disabled={pending !== null}
              onClick={() => void run('status', () => setThreadStatus(documentId, thread.id, 'resolved'))}
            >
              <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true" focusable="false">
                <path d="m4 10.5 4 4 8-9" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              {t('review.resolve')}
            </button>
          ) : (
            <button
              type="button"
              className="button button--small"
              data-testid="thread-reopen"
              disabled={pending !== null}
              onClick={() => void run('status', () => setThreadStatus(documentId, thread.id, 'open'))}
            >
              {t('review.reopen')}
            </button>
          )}
        </div>
      )}

      <ConfirmDialog
        open={confirmDelete !== null}
        title={t('review.confirmDeleteTitle')}
        body={<p>{t('review.confirmDeleteBody')}</p>}
        confirmLabel={t('review.delete')}
        danger
        busy={pending !== null}
        error={confirmDelete ? error : null}
        onCancel={() => {
          setConfirmDelete(null)
          setError(null)
        }}
        onConfirm={() => {
          const comment = confirmDelete
          if (!comment) return
          void run(`delete:${comment.id}`, () => deleteComment(documentId, thread.id, comment.id), () => setConfirmDelete(null))
        }}
      />
    </article>
  )
}

interface ThreadItemsProps extends Omit<ThreadCardProps, 'thread' | 'active' | 'orphaned'> {
  threads: readonly Thread[]
  activeId: string | null
  /** The threads whose words are gone from the text. */
  orphaned: ReadonlySet<string>
}

/** Threads as list items, each its card: the sidebar's list and a suggestion's discussion alike. */
export function ThreadItems({ threads, activeId, orphaned, ...shared }: ThreadItemsProps) {
  return threads.map((thread) => (
    <li key={thread.id}>
      <ThreadCard thread={thread} active={thread.id === activeId} orphaned={orphaned.has(thread.id)} {...shared} />
    </li>
  ))
}

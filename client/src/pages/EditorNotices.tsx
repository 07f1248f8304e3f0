/** What the editor page says above (or instead of) the text: gone, read-only, loading, refused, the connection. */
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { CloseCode, type Role } from '@consenso/protocol'
import type { CollabSession } from '../collab/session.ts'
import type { PageSnapshot } from '../collab/useCollabSession.ts'

export function Gone({ reason }: { reason: 'revoked' | 'unavailable' | 'notFound' | 'forbidden' }) {
  const { t } = useTranslation()
  const [heading, body] =
    reason === 'revoked'
      ? [t('editor.lostAccessTitle'), t('editor.lostAccessBody')]
      : reason === 'unavailable'
        ? [t('editor.unavailableTitle'), t('editor.unavailableBody')]
        : reason === 'forbidden'
          ? [t('editor.noAccessTitle'), t('editor.noAccessBody')]
          : [t('editor.notFoundTitle'), t('editor.notFoundBody')]
  return (
    <div
      className={reason === 'notFound' ? 'message-page' : 'message-page message-page--alert'}
      data-testid={reason === 'notFound' ? 'not-found' : 'no-access'}
      data-reason={reason}
      role={reason === 'notFound' ? undefined : 'alert'}
    >
      <h2>{heading}</h2>
      <p>{body}</p>
      <p>
        <Link href="/" className="button">
          {t('editor.backToDrafts')}
        </Link>
      </p>
    </div>
  )
}

export function ReadOnlyNotice({ role, session }: { role: Role; session: CollabSession | null }) {
  const { t } = useTranslation()
  const unsent = useUnsent(session)
  return (
    <div className="notice notice--info notice--banner" role="status" data-testid="read-only-notice" data-role={role}>
      <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false" className="notice__icon">
        <g fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
          <path d="M1.8 10s3-5.5 8.2-5.5 8.2 5.5 8.2 5.5-3 5.5-8.2 5.5S1.8 10 1.8 10Z" />
          <circle cx="10" cy="10" r="2.6" />
        </g>
      </svg>
      <div>
        <p>{t('editor.readOnly', { role: t(`roles.${role}.noun`) })}</p>
        {unsent > 0 && <p className="small">{t('editor.readOnlyUnsent', { count: unsent })}</p>}
      </div>
    </div>
  )
}

export function Loading({ snapshot }: { snapshot: PageSnapshot | null }) {
  const { t } = useTranslation()
  if (snapshot?.closed) return null
  const offlineWithNothing = snapshot?.localLoaded && snapshot.connection !== 'connected' && !navigator.onLine
  return (
    <p className="loading" role="status" data-testid="editor-loading">
      {offlineWithNothing ? t('editor.loadingOffline') : t('editor.loading')}
    </p>
  )
}

function useUnsent(session: CollabSession | null): number {
  return useSyncExternalStore(session?.subscribe ?? noSubscription, () => session?.getSnapshot().pending ?? 0)
}

const noSubscription = (): (() => void) => () => {}

/** A change the server refused for good (SYNC-19): the draft was loaded again; say what was lost and why. */
export function RefusedNotice({ reason, onDismiss }: { reason: string; onDismiss: () => void }) {
  const { t } = useTranslation()
  const why = reason.startsWith('suggestions only') ? t('editor.refusedSuggestionsOnly') : t('editor.refusedOther', { detail: reason })
  return (
    <div className="notice notice--warning notice--banner" role="alert" data-testid="refused-notice" title={reason}>
      <p>{t('editor.refused', { reason: why })}</p>
      <button type="button" className="button button--quiet" onClick={onDismiss}>
        {t('editor.dismiss')}
      </button>
    </div>
  )
}

export function ConnectionNotices({ snapshot, onDismiss }: { snapshot: PageSnapshot; onDismiss: () => void }) {
  const { t } = useTranslation()
  if (snapshot.closed) {
    const { code } = snapshot.closed
    // 4401 and 4403 lead away from the editor (sign-in, the "no access" page).
    if (code === CloseCode.unauthorized || code === CloseCode.forbidden) return null
    const message =
      code === CloseCode.unknownDocument
        ? t('editor.closed.unknownDocument')
        : code === CloseCode.protocolMismatch
          ? t('editor.closed.protocolMismatch')
          : t('editor.closed.other', { code })
    return (
      <div className="notice notice--error notice--banner" role="alert" data-testid="connection-closed" data-code={code}>
        <p>{message}</p>
        {code === CloseCode.protocolMismatch && (
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t('editor.reload')}
          </button>
        )}
      </div>
    )
  }
  if (snapshot.transientClose === null || snapshot.connection === 'connected') return null
  const code = snapshot.transientClose
  const message =
    code === CloseCode.storageFailure
      ? t('editor.transient.storageFailure')
      : code === CloseCode.rateLimited
        ? t('editor.transient.rateLimited')
        : code === CloseCode.goingAway
          ? t('editor.transient.goingAway')
          : code === CloseCode.badMessage || code === CloseCode.unknownMessageType || code === CloseCode.frameTooLarge
            ? t('editor.transient.badMessage')
            : null
  if (!message) return null
  return (
    <div className="notice notice--warning notice--banner" role="status" data-testid="connection-notice" data-code={code}>
      <p>{message}</p>
      <button type="button" className="button button--quiet" onClick={onDismiss}>
        {t('editor.dismiss')}
      </button>
    </div>
  )
}

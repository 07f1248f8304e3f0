import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { CloseCode, TEMPLATES, type DocumentSummary } from '@consenso/protocol'
import { ApiRequestError, describeError, getDocument } from '../api.ts'
import { useCollabSession } from '../collab/useCollabSession.ts'
import type { SessionSnapshot } from '../collab/session.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { AvatarStack } from '../components/Avatar.tsx'
import { SaveStatus } from '../components/SaveStatus.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { DraftEditor } from '../editor/DraftEditor.tsx'
import { personOf, useIdentity } from '../identity.ts'

type Details =
  | { kind: 'loading' }
  | { kind: 'ready'; summary: DocumentSummary }
  | { kind: 'missing' }
  | { kind: 'error'; message: string }

function useDocumentDetails(documentId: string): Details {
  const [details, setDetails] = useState<Details>({ kind: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    const load = (): void => {
      getDocument(documentId, controller.signal).then(
        (summary) => setDetails({ kind: 'ready', summary }),
        (error: unknown) => {
          if (controller.signal.aborted) return
          if (error instanceof ApiRequestError && error.status === 404) setDetails({ kind: 'missing' })
          else setDetails((previous) => (previous.kind === 'ready' ? previous : { kind: 'error', message: describeError(error) }))
        },
      )
    }
    load()
    // Opened offline: fetch the title once the network is back.
    window.addEventListener('online', load)
    return () => {
      controller.abort()
      window.removeEventListener('online', load)
    }
  }, [documentId])
  return details
}

export function EditorPage({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const identity = useIdentity()
  const person = useMemo(() => (identity ? personOf(identity) : null), [identity])
  const { session, snapshot } = useCollabSession(documentId, person)
  const details = useDocumentDetails(documentId)

  useEffect(() => {
    if (details.kind === 'missing') session?.markMissing()
  }, [details.kind, session])

  const title = details.kind === 'ready' ? details.summary.title || t('editor.untitled') : null
  useDocumentTitle(title ? `${title} — Consenso` : 'Consenso')

  const lead = (
    <div className="draft-heading">
      <Link href="/" className="back-link" title={t('editor.backToDrafts')}>
        <span aria-hidden="true">←</span> <span className="back-link__text">{t('editor.backToDrafts')}</span>
      </Link>
      <div className="draft-heading__title">
        <h1 data-testid="draft-title" title={title ?? undefined}>
          {title ?? (details.kind === 'missing' ? t('editor.notFoundTitle') : '\u00a0')}
        </h1>
        {details.kind === 'ready' && TEMPLATES.includes(details.summary.template) && (
          <span className={`kind-badge kind-badge--${details.summary.template}`}>
            {t(`templates.${details.summary.template}.name`)}
          </span>
        )}
      </div>
    </div>
  )

  return (
    <>
      <AppHeader lead={lead}>
        {snapshot && !snapshot.closed && <Presence snapshot={snapshot} />}
        {snapshot && !snapshot.closed && <SaveStatus snapshot={snapshot} />}
      </AppHeader>
      <main id="main" className="editor-main" tabIndex={-1}>
        {details.kind === 'missing' ? (
          <div className="message-page">
            <h2>{t('editor.notFoundTitle')}</h2>
            <p>{t('editor.notFoundBody')}</p>
            <p>
              <Link href="/" className="button">
                {t('editor.backToDrafts')}
              </Link>
            </p>
          </div>
        ) : (
          <>
            {details.kind === 'error' && (
              <p className="notice notice--warning" role="status">
                {t('editor.detailsError', { message: details.message })}
              </p>
            )}
            {snapshot && session && <ConnectionNotices snapshot={snapshot} onDismiss={() => session.dismissTransientNotice()} />}
            {session && snapshot && person && snapshot.contentReady ? (
              <DraftEditor session={session} person={person} readOnly={snapshot.closed !== null} />
            ) : (
              <Loading snapshot={snapshot} />
            )}
          </>
        )}
      </main>
    </>
  )
}

function Loading({ snapshot }: { snapshot: SessionSnapshot | null }) {
  const { t } = useTranslation()
  if (snapshot?.closed) return null
  const offlineWithNothing = snapshot?.localLoaded && snapshot.connection !== 'connected' && !navigator.onLine
  return (
    <p className="loading" role="status" data-testid="editor-loading">
      {offlineWithNothing ? t('editor.loadingOffline') : t('editor.loading')}
    </p>
  )
}

function Presence({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation()
  // One face per person and delegation: the same person in two tabs is still one person.
  const people = useMemo(() => {
    const seen = new Map<string, SessionSnapshot['people'][number]>()
    for (const person of snapshot.people) {
      const key = `${person.name}\u0000${person.delegation}`
      const known = seen.get(key)
      if (!known || (person.isSelf && !known.isSelf)) seen.set(key, person)
    }
    return [...seen.values()].map((person) => ({ ...person, key: String(person.clientId) }))
  }, [snapshot.people])
  return (
    <div className="presence" data-testid="presence" data-count={people.length}>
      <AvatarStack people={people} label={t('editor.presence')} max={6} />
    </div>
  )
}

function ConnectionNotices({ snapshot, onDismiss }: { snapshot: SessionSnapshot; onDismiss: () => void }) {
  const { t } = useTranslation()
  if (snapshot.closed) {
    const { code } = snapshot.closed
    const message =
      code === CloseCode.unknownDocument
        ? t('editor.closed.unknownDocument')
        : code === CloseCode.forbidden
          ? t('editor.closed.forbidden')
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

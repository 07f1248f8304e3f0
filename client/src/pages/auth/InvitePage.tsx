import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'wouter'
import type { InvitationInfo } from '@consenso/protocol'
import { acceptInvitation, ApiRequestError, describeError, getInvitation } from '../../api.ts'
import { useAuth } from '../../auth/context.ts'
import { useDocumentTitle } from '../../components/useDocumentTitle.ts'
import { delegationLabel } from '../../delegations.ts'
import { absoluteTime } from '../../format.ts'
import { AccountForm } from './AccountForm.tsx'
import { AuthLayout } from './AuthLayout.tsx'

type InvitationState =
  | { kind: 'loading' }
  | { kind: 'ready'; info: InvitationInfo }
  | { kind: 'missing' }
  | { kind: 'spent' }
  | { kind: 'error'; message: string }

function useInvitation(token: string): [InvitationState, () => void] {
  const [state, setState] = useState<InvitationState>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    const controller = new AbortController()
    getInvitation(token, controller.signal).then(
      (info) => setState({ kind: 'ready', info }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (error instanceof ApiRequestError && error.status === 404) setState({ kind: 'missing' })
        else if (error instanceof ApiRequestError && error.status === 410) setState({ kind: 'spent' })
        else setState({ kind: 'error', message: describeError(error) })
      },
    )
    return () => controller.abort()
  }, [token, attempt])
  return [state, () => setAttempt((n) => n + 1)]
}

export function InvitePage({ token }: { token: string }) {
  const { t, i18n } = useTranslation()
  const { user, signedIn, signOut } = useAuth()
  const [state, reload] = useInvitation(token)
  const [signOutError, setSignOutError] = useState<string | null>(null)
  const [, navigate] = useLocation()
  useDocumentTitle(t('invite.documentTitle'))

  if (state.kind === 'loading') {
    return (
      <AuthLayout testId="invite" title={t('invite.heading')}>
        <p className="muted" role="status">
          {t('invite.loading')}
        </p>
      </AuthLayout>
    )
  }
  if (state.kind !== 'ready') {
    const message =
      state.kind === 'missing' ? t('invite.missing') : state.kind === 'spent' ? t('invite.spent') : t('invite.loadError', { message: state.message })
    return (
      <AuthLayout testId="invite" title={t('invite.unavailableHeading')}>
        <p className="notice notice--error" role="alert" data-testid="invite-problem" data-kind={state.kind}>
          {message}
        </p>
        {state.kind === 'error' ? (
          <button type="button" className="button" onClick={reload}>
            {t('common.retry')}
          </button>
        ) : (
          !user && (
            <p>
              <Link href="/sign-in">{t('invite.haveAccount')}</Link>
            </p>
          )
        )}
      </AuthLayout>
    )
  }

  const { info } = state
  const delegation = delegationLabel(info.delegation, i18n.language)
  return (
    <AuthLayout
      testId="invite"
      title={t('invite.heading')}
      intro={
        <>
          <p className="invite-delegation" data-testid="invite-delegation">
            <span className="invite-delegation__swatch" style={{ backgroundColor: info.delegation.color }} aria-hidden="true" />
            <span>
              <span className="invite-delegation__label">{t('invite.joining')}</span>
              <strong>{delegation}</strong>
            </span>
          </p>
          <p className="muted small">{t('invite.expires', { time: absoluteTime(info.expiresAt, i18n.language) })}</p>
        </>
      }
    >
      {user ? (
        <div className="notice notice--warning" role="status" data-testid="invite-signed-in">
          <p>{t('invite.signedInAs', { name: user.name, delegation: user.delegation })}</p>
          {signOutError && <p role="alert">{signOutError}</p>}
          <button
            type="button"
            className="button"
            onClick={() => {
              setSignOutError(null)
              // Stay on this page, signed out, to accept as the new person.
              signOut(false, `/invite/${encodeURIComponent(token)}`).catch((error: unknown) => setSignOutError(describeError(error)))
            }}
          >
            {t('invite.signOutFirst')}
          </button>
        </div>
      ) : (
        <AccountForm
          chooseDelegation={false}
          lockedEmail={info.email}
          submitLabel={t('invite.submit')}
          busyLabel={t('invite.submitting')}
          onSubmit={async ({ name, email, password }) => {
            try {
              const user = await acceptInvitation(token, { name, email, password })
              // Same tick: the page must not show "you are signed in as…" on its way out.
              navigate('/', { replace: true })
              signedIn(user)
            } catch (error) {
              if (error instanceof ApiRequestError && (error.status === 404 || error.status === 410)) reload()
              throw new Error(t('invite.errors.failed', { message: describeError(error) }))
            }
          }}
        />
      )}
    </AuthLayout>
  )
}

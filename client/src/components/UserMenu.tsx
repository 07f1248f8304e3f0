import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { SessionUser } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { useAuth } from '../auth/context.ts'
import { delegationLabelOf } from '../delegations.ts'
import { personOf } from '../people.ts'
import { Avatar } from './Avatar.tsx'
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx'
import { LiveLogSetting } from '../a11y/LiveLog.tsx'
import { ConfirmDialog } from './Dialog.tsx'
import { useHeaderPopup } from './useHeaderPopup.ts'

/**
 * The signed-in person and what they can do about their account. A disclosure (a button
 * that shows a short list of ordinary buttons and links), not an ARIA menu: Tab reaches every
 * entry, Escape or a click elsewhere closes it.
 */
export function UserMenu({ user }: { user: SessionUser }) {
  const { t, i18n } = useTranslation()
  const { signOut } = useAuth()
  const { open, setOpen, rootRef, buttonRef, panelId, buttonProps } = useHeaderPopup()
  const [passwordOpen, setPasswordOpen] = useState(false)
  const [confirmEverywhere, setConfirmEverywhere] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = (everywhere: boolean): void => {
    setBusy(true)
    setError(null)
    signOut(everywhere).catch((failure: unknown) => {
      setBusy(false)
      setError(t('userMenu.signOutFailed', { message: describeError(failure) }))
      // "Everywhere" asked in a dialog, which stays open to show why; the other in the list.
      if (!everywhere) setOpen(true)
    })
  }

  const label = t('userMenu.button', { name: user.name, delegation: user.delegation })
  return (
    <div
      className="user-menu"
      ref={rootRef}
      onBlur={(event) => {
        // Tabbing out of the open list closes it, as leaving any disclosure should.
        if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false)
      }}
    >
      <button {...buttonProps} className="identity-button" data-testid="user-menu-button" title={label}>
        <Avatar person={personOf(user)} size="small" decorative />
        <span className="identity-button__name">{user.name}</span>
        <span className="identity-button__separator" aria-hidden="true">
          ·
        </span>
        <span className="identity-button__delegation">{user.delegation}</span>
        {/* Named by what it shows, then what it is (A11Y-2): "Ana Pérez CHL — account". */}
        <span className="visually-hidden"> — {t('userMenu.account')}</span>
        <svg className="identity-button__chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
          <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <div id={panelId} className="user-menu__panel" data-testid="user-menu" hidden={!open}>
        <div className="user-menu__who">
          <strong>{user.name}</strong>
          <span>{delegationLabelOf(user.delegation, i18n.language)}</span>
          <span className="muted small">{user.email}</span>
          {user.admin && <span className="tag">{t('userMenu.administrator')}</span>}
        </div>
        <LiveLogSetting />
        {error && !confirmEverywhere && (
          <p className="user-menu__error" role="alert">
            {error}
          </p>
        )}
        <ul className="user-menu__items">
          {user.admin && (
            <li>
              <Link href="/admin" className="user-menu__item" data-testid="menu-admin" onClick={() => setOpen(false)}>
                {t('userMenu.admin')}
              </Link>
            </li>
          )}
          <li>
            <button
              type="button"
              className="user-menu__item"
              data-testid="menu-change-password"
              onClick={() => {
                setOpen(false)
                setPasswordOpen(true)
              }}
            >
              {t('userMenu.changePassword')}
            </button>
          </li>
          <li className="user-menu__separator" aria-hidden="true" />
          <li>
            <button type="button" className="user-menu__item" data-testid="menu-sign-out" disabled={busy} onClick={() => run(false)}>
              {t('userMenu.signOut')}
            </button>
          </li>
          <li>
            <button
              type="button"
              className="user-menu__item"
              data-testid="menu-sign-out-everywhere"
              disabled={busy}
              onClick={() => {
                setOpen(false)
                setConfirmEverywhere(true)
              }}
            >
              {t('userMenu.signOutEverywhere')}
            </button>
          </li>
        </ul>
      </div>
      {/* The menu item that opened it is hidden with the menu: the focus goes back to the menu's button (A11Y-22). */}
      <ChangePasswordDialog
        open={passwordOpen}
        onClose={() => setPasswordOpen(false)}
        returnFocus={buttonRef}
      />
      <ConfirmDialog
        open={confirmEverywhere}
        title={t('userMenu.everywhereTitle')}
        body={<p>{t('userMenu.everywhereBody')}</p>}
        confirmLabel={t('userMenu.signOutEverywhere')}
        busy={busy}
        error={error}
        onCancel={() => {
          setConfirmEverywhere(false)
          setError(null)
        }}
        onConfirm={() => run(true)}
      />
    </div>
  )
}

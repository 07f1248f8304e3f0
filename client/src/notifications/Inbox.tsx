/**
 * The notification inbox in the header (UI-NOTIFY-1): a button with the unread count that
 * opens a panel listing the person's notifications, newest first, worded in their language
 * (mentions with names, never ids), each a link to its draft that marks it read; "Mark all
 * as read"; and the e-mail settings (language, daily digest, kinds not mailed). A disclosure:
 * Tab reaches everything, Escape or a click elsewhere closes it and focus returns to the button.
 * The list follows the live stream (NOTIFY-3), so the count changes without a reload.
 */
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { NOTIFICATION_KINDS, notificationPath, type NotificationItem, type NotificationKind, type NotificationPrefs } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { relativeTime } from '../format.ts'
import { getNotificationPrefs, listNotifications, markNotificationsRead, saveNotificationPrefs } from './api.ts'
import { followLive } from './live.ts'
import './notifications.css'
import { useHeaderPopup } from '../components/useHeaderPopup.ts'

export function Inbox() {
  const { t, i18n } = useTranslation()
  const { open, setOpen, rootRef, panelId, buttonProps } = useHeaderPopup()
  const [items, setItems] = useState<NotificationItem[]>([])
  const [unread, setUnread] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [settingsOpen, setSettingsOpen] = useState(false)

  const reload = useCallback(() => {
    listNotifications()
      .then((response) => {
        setItems(response.notifications)
        setUnread(response.unread)
        setError(null)
      })
      .catch((failure: unknown) => setError(describeError(failure)))
  }, [])

  useEffect(() => {
    reload()
    return followLive((event) => {
      if (event === null || event.kind === 'notification') reload()
    })
  }, [reload])

  const markRead = (which?: string[]): void => {
    markNotificationsRead(which)
      .then(reload)
      .catch((failure: unknown) => setError(describeError(failure)))
  }

  const label = unread > 0 ? t('notifications.buttonUnread', { count: unread }) : t('notifications.button')
  return (
    <div className="inbox" ref={rootRef}>
      <button {...buttonProps} className="inbox__button" data-testid="inbox-button" aria-label={label} title={label}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 16a2.5 2.5 0 0 0 5 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinejoin="round"
          />
        </svg>
        {unread > 0 && (
          <span className="inbox__count" data-testid="inbox-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <div id={panelId} className="inbox__panel" hidden={!open} role="region" aria-label={t('notifications.heading')} data-testid="inbox-panel">
        <div className="inbox__head">
          <h2>{t('notifications.heading')}</h2>
          <button type="button" className="link-button" disabled={unread === 0} onClick={() => markRead()} data-testid="inbox-read-all">
            {t('notifications.markAllRead')}
          </button>
        </div>
        {error && (
          <p className="inbox__error" role="alert">
            {error}
          </p>
        )}
        {items.length === 0 ? (
          <p className="inbox__empty">{t('notifications.empty')}</p>
        ) : (
          <ul className="inbox__list">
            {items.map((item) => (
              <li key={item.id} className={item.readAt ? 'inbox__item' : 'inbox__item inbox__item--unread'} data-testid="inbox-item" data-kind={item.kind}>
                <Link
                  href={notificationPath(item)}
                  onClick={() => {
                    if (!item.readAt) markRead([item.id])
                    setOpen(false)
                  }}
                >
                  {!item.readAt && <span className="visually-hidden">{t('notifications.unread')} </span>}
                  <span className="inbox__text">{wording(t as unknown as T, item)}</span>
                  <span className="inbox__time">{relativeTime(item.createdAt, i18n.language)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="inbox__settings-toggle" aria-expanded={settingsOpen} onClick={() => setSettingsOpen((v) => !v)} data-testid="inbox-settings">
          {t('notifications.settings')}
        </button>
        {settingsOpen && <MailSettings />}
      </div>
    </div>
  )
}

/** Keys built from data: checked by the i18n test that every kind and stance has its words. */
type T = (key: string, values?: Record<string, string>) => string

function wording(t: T, item: NotificationItem): string {
  const d = item.data
  const actor = d.actorName ? `${d.actorName}${d.actorDelegation ? ` (${d.actorDelegation})` : ''}` : t('notifications.someone')
  const values = {
    actor,
    title: d.title ?? '',
    titleEn: d.titleEn ?? d.title ?? '',
    paragraph: d.paragraph ?? t('notifications.aParagraph'),
    stance: d.stance ? t(`notifications.stance.${d.stance}`, { defaultValue: d.stance }) : '',
    version: d.versionName ?? '',
    excerpt: d.excerpt ?? '',
    deadline: d.localDeadline ? `${d.localDeadline.replace('T', ' ')} (${d.timeZone ?? 'UTC'})` : '',
    role: d.role ? t(`roles.${d.role}.noun`, { defaultValue: d.role }) : '',
    dueDate: d.dueDate ?? '',
    responsible: d.responsible ?? '',
  }
  return t(`notifications.kind.${item.kind}`, values)
}

function MailSettings() {
  const { t } = useTranslation()
  const [prefs, setPrefs] = useState<NotificationPrefs | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  useEffect(() => {
    getNotificationPrefs()
      .then(setPrefs)
      .catch((failure: unknown) => setStatus(describeError(failure)))
  }, [])
  if (!prefs) return <p className="inbox__empty">{status ?? t('notifications.loading')}</p>
  const save = (next: NotificationPrefs): void => {
    setPrefs(next)
    saveNotificationPrefs(next)
      .then(() => setStatus(t('notifications.saved')))
      .catch((failure: unknown) => setStatus(describeError(failure)))
  }
  const toggleKind = (kind: NotificationKind, on: boolean): void =>
    save({ ...prefs, emailOff: on ? prefs.emailOff.filter((k) => k !== kind) : [...prefs.emailOff, kind] })
  return (
    <form className="inbox__settings" onSubmit={(event) => event.preventDefault()} data-testid="inbox-mail-settings">
      <p className="inbox__hint">{t('notifications.mailHint')}</p>
      <label>
        {t('notifications.mailLanguage')}{' '}
        <select value={prefs.language} onChange={(event) => save({ ...prefs, language: event.target.value === 'en' ? 'en' : 'es' })}>
          <option value="es">Español</option>
          <option value="en">English</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={prefs.digest === 'daily'} onChange={(event) => save({ ...prefs, digest: event.target.checked ? 'daily' : 'off' })} />{' '}
        {t('notifications.digest')}
      </label>
      <fieldset>
        <legend>{t('notifications.mailKinds')}</legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={!prefs.emailOff.includes(kind)} onChange={(event) => toggleKind(kind, event.target.checked)} />{' '}
            {(t as unknown as T)(`notifications.kindName.${kind}`)}
          </label>
        ))}
      </fieldset>
      {status && (
        <p className="inbox__hint" role="status">
          {status}
        </p>
      )}
    </form>
  )
}

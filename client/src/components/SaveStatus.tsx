import { useTranslation } from 'react-i18next'
import type { SessionSnapshot } from '../collab/session.ts'

/**
 * "Saved" only ever means committed on the server: it is derived from the server's `saved`
 * acknowledgements, never from "the message was sent".
 */
export function SaveStatus({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation()
  const { save, pending } = snapshot
  let text: string
  let hint: string
  if (save === 'saved') {
    text = t('status.saved')
    hint = t('status.savedHint')
  } else if (save === 'saving') {
    text = t('status.saving')
    hint = t('status.savingHint', { count: pending })
  } else if (!snapshot.everConnected && pending === 0 && snapshot.connection === 'connecting') {
    // First connection of the page: "offline" would alarm for what is usually 100 ms.
    text = t('status.connecting')
    hint = t('status.offlineHint')
  } else {
    text = t('status.offline', { count: pending })
    hint = t('status.offlineHint')
  }
  return (
    <>
      <span
        className={`save-status save-status--${save}`}
        data-testid="save-status"
        data-state={save}
        data-pending={pending}
        title={hint}
      >
        <span className="save-status__dot" aria-hidden="true" />
        {text}
      </span>
      {/* Saving/Saved alternate with every keystroke; only losing the connection is news
          worth interrupting a screen-reader user for. */}
      <span className="visually-hidden" role="status">
        {save === 'offline' && snapshot.everConnected ? `${t('status.offline', { count: 0 })}. ${t('status.offlineHint')}` : ''}
      </span>
    </>
  )
}

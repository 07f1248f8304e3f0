import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { CollabSession } from '../collab/session.ts'
import { relativeTime } from '../format.ts'
import { describeSave, initialTracker, track } from './save-display.ts'

/**
 * "Saved" only ever means committed on the server: it is derived from the server's `saved`
 * acknowledgements, never from "the message was sent". Calm while typing (UI-SAVE-1): a change
 * confirmed within a second never shows, unsaved work is counted in edits, and the pill has a
 * fixed width so nothing beside it moves. It subscribes to the session itself, reading only
 * what it shows, so a keystroke re-renders this pill and not the page around it.
 */
export function SaveStatus({ session }: { session: CollabSession }) {
  const { t, i18n } = useTranslation()
  const pending = useSyncExternalStore(session.subscribe, () => session.getSnapshot().pending)
  const save = useSyncExternalStore(session.subscribe, () => session.getSnapshot().save)
  const connection = useSyncExternalStore(session.subscribe, () => session.getSnapshot().connection)
  const everConnected = useSyncExternalStore(session.subscribe, () => session.getSnapshot().everConnected)
  const tracker = useRef(initialTracker)
  tracker.current = track(tracker.current, pending, Date.now())
  const [, setTick] = useState(0)
  const now = Date.now()
  const display = describeSave(tracker.current, { save, connection, everConnected }, now)

  useEffect(() => {
    if (display.recheckIn === null) return
    const timer = window.setTimeout(() => setTick((tick) => tick + 1), display.recheckIn + 20)
    return () => window.clearTimeout(timer)
  })

  const savedAt = tracker.current.savedAt
  const ago = savedAt === null ? null : t('status.lastSaved', { time: relativeTime(new Date(savedAt).toISOString(), i18n.language, now) })
  let text: string
  let hint: string
  switch (display.look) {
    case 'saved':
      text = t('status.saved')
      hint = [t('status.savedHint'), ago].filter(Boolean).join(' ')
      break
    case 'saving':
      text = t('status.saving')
      hint = t('status.savingHint', { count: display.edits })
      break
    case 'connecting':
      // First connection of the page: "offline" would alarm for what is usually 100 ms.
      text = t('status.connecting')
      hint = t('status.offlineHint')
      break
    default:
      text = t('status.offline', { count: display.edits })
      hint = [display.edits > 0 ? t('status.keptHere', { count: display.edits }) : '', t('status.offlineHint'), ago].filter(Boolean).join(' ')
  }
  const shown = display.look === 'connecting' ? 'offline' : display.look
  return (
    <>
      <span
        className={`save-status save-status--${shown}`}
        data-testid="save-status"
        data-state={save}
        data-shown={display.look}
        data-pending={pending}
        data-edits={display.edits}
        title={hint}
      >
        <span className="save-status__dot" aria-hidden="true" />
        <span className="save-status__text">{text}</span>
      </span>
      {/* Only losing the connection is news worth interrupting a screen-reader user for. */}
      <span className="visually-hidden" role="status">
        {save === 'offline' && everConnected ? `${t('status.offline', { count: 0 })}. ${t('status.offlineHint')}` : ''}
      </span>
    </>
  )
}

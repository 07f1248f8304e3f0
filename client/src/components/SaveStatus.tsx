import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { CollabSession } from '../collab/session.ts'
import { relativeTime } from '../format.ts'
import { describeSave, initialTracker, track, type SaveTracker } from './save-display.ts'

/**
 * "Saved" only ever means committed on the server: it is derived from the server's `saved`
 * acknowledgements, never from "the message was sent". Calm while typing (UI-SAVE-1): a change
 * confirmed within a second never shows, unsaved work is counted in edits, and the pill has a
 * fixed width so nothing beside it moves. It follows the session itself and re-renders only
 * when what it shows changes: not on every keystroke, and never the page around it.
 */
export function SaveStatus({ session }: { session: CollabSession }) {
  const { t, i18n } = useTranslation()
  const pill = useRef<HTMLSpanElement>(null)
  const [view, setView] = useState(() => ({ display: describeSave(initialTracker, session.getSnapshot(), Date.now()), ago: null as string | null, offline: false }))
  const lastView = useRef(view)
  const everConnected = useSyncExternalStore(session.subscribe, () => session.getSnapshot().everConnected)

  useEffect(() => {
    let tracker: SaveTracker = initialTracker
    let timer: number | undefined
    /** When the waiting timer fires (ms since the epoch); Infinity: none waits. */
    let due = Number.POSITIVE_INFINITY
    const refresh = (): void => {
      const snapshot = session.getSnapshot()
      const now = Date.now()
      tracker = track(tracker, snapshot.pending, now)
      const display = describeSave(tracker, snapshot, now)
      // The exact state for tests and tools, written without a React render: it flips with
      // every keystroke on a healthy connection, which is exactly what people need not see.
      if (pill.current) {
        pill.current.dataset.state = snapshot.save
        pill.current.dataset.pending = String(snapshot.pending)
        pill.current.dataset.edits = String(display.edits)
      }
      // "Last saved now" stays the same words for a while: compared as words, not times.
      const ago = tracker.savedAt === null ? null : relativeTime(new Date(tracker.savedAt).toISOString(), i18n.language, now)
      const offline = snapshot.save === 'offline'
      // Compared here, not in a state updater: React renders the component to find out that
      // an updater returned the same state, and every render commits, which reads the caret's
      // place in the whole editable draft (React's selection bookkeeping; TYPE-4).
      // "Saved" shows no count: the edits waiting a moment for their confirmation are not news.
      const previous = lastView.current
      const edits = display.look === 'saved' ? 0 : display.edits
      const previousEdits = previous.display.look === 'saved' ? 0 : previous.display.edits
      if (previous.display.look !== display.look || previousEdits !== edits || previous.ago !== ago || previous.offline !== offline) {
        lastView.current = { display, ago, offline }
        setView(lastView.current)
      }
      // One timer, moved only to come sooner (PERF-21): each keystroke and each `saved` runs
      // this, and setting a timer again every time cost more than the rest of it. A timer that
      // fires before the display changes only looks again and waits for the rest.
      if (display.recheckIn === null) return
      const next = now + display.recheckIn + 20
      if (next >= due) return
      window.clearTimeout(timer)
      due = next
      timer = window.setTimeout(() => {
        due = Number.POSITIVE_INFINITY
        refresh()
      }, display.recheckIn + 20)
    }
    refresh()
    const unsubscribe = session.subscribe(refresh)
    return () => {
      unsubscribe()
      window.clearTimeout(timer)
    }
  }, [session, i18n])

  const { display } = view
  const ago = view.ago === null ? null : t('status.lastSaved', { time: view.ago })
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
      <span ref={pill} className={`save-status save-status--${shown}`} data-testid="save-status" data-shown={display.look} title={hint}>
        <span className="save-status__dot" aria-hidden="true" />
        <span className="save-status__text">{text}</span>
      </span>
      {/* Only losing the connection is news worth interrupting a screen-reader user for. */}
      <span className="visually-hidden" role="status">
        {view.offline && everConnected ? `${t('status.offline', { count: 0 })}. ${t('status.offlineHint')}` : ''}
      </span>
    </>
  )
}

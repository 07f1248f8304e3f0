/**
 * One server-sent stream per page (`/api/notifications/events`, NOTIFY-3) shared by the inbox,
 * the silence banner, the Versions panel and the good practices, files and directory pages:
 * `notification` when this person's inbox changed, `practices`, `files` or `focalPoints` when
 * that shared list changed (FILES-9, FOCAL-14),
 * `silence` or `versions` with a draft id when that draft's silence procedure or versions changed. Listeners also run after the stream
 * comes back from a break (with `null`), since what happened meanwhile was not heard.
 */
import { useEffect } from 'react'
import {
  FILES_EVENT_NAME,
  FOCAL_POINTS_EVENT_NAME,
  NOTIFICATION_EVENT_NAME,
  PRACTICES_EVENT_NAME,
  QUESTIONNAIRE_EVENT_NAME,
  SILENCE_EVENT_NAME,
  VERSIONS_EVENT_NAME,
} from '@consenso/protocol'

type DraftEvent = typeof SILENCE_EVENT_NAME | typeof VERSIONS_EVENT_NAME
/** Lists everyone signed in shares, announced without saying what changed in them. */
type SharedList = 'practices' | 'files' | 'focalPoints'
type Listener = (
  event:
    | { kind: 'notification' }
    | { kind: SharedList }
    | { kind: DraftEvent; documentId: string }
    | { kind: 'questionnaire'; questionnaireId: string; delegation: string | null }
    | null,
) => void

const listeners = new Set<Listener>()
let source: EventSource | null = null

function open(): void {
  if (source) return
  source = new EventSource('/api/notifications/events')
  let wasOpen = false
  source.addEventListener('ready', () => {
    if (wasOpen) for (const l of listeners) l(null)
    wasOpen = true
  })
  source.addEventListener(NOTIFICATION_EVENT_NAME, () => {
    for (const l of listeners) l({ kind: 'notification' })
  })
  // The good practices' catalogue, themes or rounds changed (PRACT-7); a file (FILES-9); the directory (FOCAL-14).
  const shared: [string, SharedList][] = [
    [PRACTICES_EVENT_NAME, 'practices'],
    [FILES_EVENT_NAME, 'files'],
    [FOCAL_POINTS_EVENT_NAME, 'focalPoints'],
  ]
  for (const [name, kind] of shared) {
    source.addEventListener(name, () => {
      for (const l of listeners) l({ kind })
    })
  }
  source.addEventListener(QUESTIONNAIRE_EVENT_NAME, (message) => {
    try {
      const { questionnaireId, delegation } = JSON.parse((message as MessageEvent<string>).data) as { questionnaireId: string; delegation: string | null }
      for (const l of listeners) l({ kind: 'questionnaire', questionnaireId, delegation })
    } catch {
      for (const l of listeners) l(null)
    }
  })
  for (const kind of [SILENCE_EVENT_NAME, VERSIONS_EVENT_NAME] as const) {
    source.addEventListener(kind, (message) => {
      try {
        const { documentId } = JSON.parse((message as MessageEvent<string>).data) as { documentId: string }
        if (typeof documentId === 'string') for (const l of listeners) l({ kind, documentId })
      } catch {
        for (const l of listeners) l(null)
      }
    })
  }
}

export function followLive(listener: Listener): () => void {
  listeners.add(listener)
  open()
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) {
      source?.close()
      source = null
    }
  }
}

/**
 * Calls `reload` (stable: a useCallback) when a shared list changed, or when the stream comes
 * back from a break: what happened meanwhile was not heard.
 */
export function useReloadOnChange(kind: SharedList, reload: () => void): void {
  useEffect(
    () =>
      followLive((event) => {
        if (event === null || event.kind === kind) reload()
      }),
    [kind, reload],
  )
}

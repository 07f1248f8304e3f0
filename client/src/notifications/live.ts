/**
 * One server-sent stream per page (`/api/notifications/events`, NOTIFY-3) shared by the inbox,
 * the silence banner, the Versions panel and the good practices page: `notification` when this person's inbox changed, `practices` when the practices changed,
 * `silence` or `versions` with a draft id when that draft's silence procedure or versions changed. Listeners also run after the stream
 * comes back from a break (with `null`), since what happened meanwhile was not heard.
 */
import { NOTIFICATION_EVENT_NAME, PRACTICES_EVENT_NAME, QUESTIONNAIRE_EVENT_NAME, SILENCE_EVENT_NAME, VERSIONS_EVENT_NAME } from '@consenso/protocol'

type DraftEvent = typeof SILENCE_EVENT_NAME | typeof VERSIONS_EVENT_NAME
type Listener = (
  event:
    | { kind: 'notification' }
    | { kind: 'practices' }
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
  // The good practices' catalogue, themes or rounds changed (PRACT-7).
  source.addEventListener(PRACTICES_EVENT_NAME, () => {
    for (const l of listeners) l({ kind: 'practices' })
  })
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

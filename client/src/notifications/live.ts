/**
 * One server-sent stream per page (`/api/notifications/events`, NOTIFY-3) shared by the inbox
 * and the silence banner: `notification` when this person's inbox changed, `silence` with a
 * draft id when that draft's silence procedure changed. Listeners also run after the stream
 * comes back from a break (with `null`), since what happened meanwhile was not heard.
 */
import { NOTIFICATION_EVENT_NAME } from '@consenso/protocol'

type Listener = (event: { kind: 'notification' } | { kind: 'silence'; documentId: string } | null) => void

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
  source.addEventListener('silence', (message) => {
    try {
      const { documentId } = JSON.parse((message as MessageEvent<string>).data) as { documentId: string }
      if (typeof documentId === 'string') for (const l of listeners) l({ kind: 'silence', documentId })
    } catch {
      for (const l of listeners) l(null)
    }
  })
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

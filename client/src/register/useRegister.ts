import { useCallback, useEffect, useRef, useState } from 'react'
import { REGISTER_EVENT_NAME, type Agreement, type Meeting, type RegisterEvent } from '@consenso/protocol'
import { describeError, listAgreements, listMeetings, type RegisterFilters } from '../api.ts'
import type { Loaded } from '../components/LoadStatus.tsx'

export type { Loaded }

/** Whether this page hears changes made by others now. */
export type LiveState = 'connecting' | 'live' | 'reconnecting'

/**
 * Follows `/api/register/events` (server-sent events): `onChange` runs for every change to
 * the register, by anyone, on any server instance, and when the stream returns after a break
 * (what happened meanwhile was not heard). EventSource reconnects by itself.
 */
export function useRegisterEvents(onChange: (event: RegisterEvent | null) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting')
  const latest = useRef(onChange)
  latest.current = onChange
  useEffect(() => {
    const source = new EventSource('/api/register/events')
    let wasOpen = false
    source.addEventListener('ready', () => {
      setState('live')
      if (wasOpen) latest.current(null)
      wasOpen = true
    })
    source.addEventListener(REGISTER_EVENT_NAME, (message) => {
      try {
        latest.current(JSON.parse((message as MessageEvent<string>).data) as RegisterEvent)
      } catch {
        latest.current(null)
      }
    })
    source.onerror = () => setState(wasOpen ? 'reconnecting' : 'connecting')
    return () => source.close()
  }, [])
  return state
}

/** The agreements matching `filters` and every meeting, kept current live. */
export function useRegister(filters: RegisterFilters): {
  agreements: Loaded<Agreement[]>
  meetings: Loaded<Meeting[]>
  live: LiveState
  reload: () => void
} {
  const [agreements, setAgreements] = useState<Loaded<Agreement[]>>({ kind: 'loading' })
  const [meetings, setMeetings] = useState<Loaded<Meeting[]>>({ kind: 'loading' })
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((n) => n + 1), [])
  const key = JSON.stringify(filters)

  useEffect(() => {
    const controller = new AbortController()
    const keep = <T,>(set: (f: (previous: Loaded<T>) => Loaded<T>) => void, error: unknown): void => {
      // A failed refresh keeps what is shown; only a first load shows the error.
      if (!controller.signal.aborted) set((previous) => (previous.kind === 'ready' ? previous : { kind: 'error', message: describeError(error) }))
    }
    listAgreements(JSON.parse(key) as RegisterFilters, controller.signal).then(
      (value) => setAgreements({ kind: 'ready', value }),
      (error: unknown) => keep(setAgreements, error),
    )
    listMeetings(controller.signal).then(
      (value) => setMeetings({ kind: 'ready', value }),
      (error: unknown) => keep(setMeetings, error),
    )
    return () => controller.abort()
  }, [key, version])

  const live = useRegisterEvents(reload)
  return { agreements, meetings, live, reload }
}

/**
 * The catalogue, themes and rounds, read together and again whenever the server says the
 * practices changed (`practices` on the page's one event stream, PRACT-7) or the stream comes
 * back from a break.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { PracticesResponse, RoundView } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { followLive } from '../notifications/live.ts'
import { listPractices, listRounds } from './api.ts'

export type PracticesState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; catalogue: PracticesResponse; rounds: RoundView[] }

export function usePractices(): { state: PracticesState; reload: () => void } {
  const [state, setState] = useState<PracticesState>({ kind: 'loading' })
  const current = useRef<AbortController | null>(null)
  const reload = useCallback(() => {
    current.current?.abort()
    const controller = new AbortController()
    current.current = controller
    Promise.all([listPractices(controller.signal), listRounds(controller.signal)]).then(
      ([catalogue, { rounds }]) => {
        if (!controller.signal.aborted) setState({ kind: 'ready', catalogue, rounds })
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setState((previous) => (previous.kind === 'ready' ? previous : { kind: 'error', message: describeError(failure) }))
      },
    )
  }, [])
  useEffect(() => {
    reload()
    const stop = followLive((event) => {
      if (event === null || event.kind === 'practices') reload()
    })
    return () => {
      stop()
      current.current?.abort()
    }
  }, [reload])
  return { state, reload }
}

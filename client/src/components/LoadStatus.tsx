/** Something read from the server: on its way, there, or failed with a sentence for the person. */
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { describeError } from '../api.ts'

export type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; message: string }

/** Something could not be loaded: what went wrong, and a button to ask again. */
export function RetryNotice({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="notice notice--error" role="alert">
      <p>{message}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  )
}

interface LoadStatusProps {
  state: Loaded<unknown>
  /** Said while it loads. */
  loading: string
  /** Says what failed, from the failure's own sentence. */
  failed: (message: string) => string
  onRetry: () => void
}

/** What a section says before its data is there: "Loading…", or the failure and "Retry"; nothing once ready. */
export function LoadStatus({ state, loading, failed, onRetry }: LoadStatusProps) {
  if (state.kind === 'loading') {
    return (
      <p className="muted" role="status">
        {loading}
      </p>
    )
  }
  return state.kind === 'error' ? <RetryNotice message={failed(state.message)} onRetry={onRetry} /> : null
}

/**
 * Reads something from the server once and again on `reload`, aborting a read the page no
 * longer waits for; a reload keeps what was shown until the new answer comes. `load` must be
 * stable (a module's function), as it is the effect's dependency.
 */
export function useLoaded<T>(load: (signal: AbortSignal) => Promise<T>): { state: Loaded<T>; reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' })
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  useEffect(() => {
    const controller = new AbortController()
    load(controller.signal).then(
      (value) => setState({ kind: 'ready', value }),
      // A failed reload (one a change elsewhere asked for) keeps what is shown; a first read says it failed.
      (failure: unknown) => {
        if (!controller.signal.aborted) setState((shown) => (shown.kind === 'ready' ? shown : { kind: 'error', message: describeError(failure) }))
      },
    )
    return () => controller.abort()
  }, [load, generation])
  return { state, reload }
}

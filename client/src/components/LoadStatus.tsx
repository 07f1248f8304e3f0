/** Something read from the server: on its way, there, or failed with a sentence for the person. */
import { useTranslation } from 'react-i18next'

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

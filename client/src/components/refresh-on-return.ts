/**
 * Calls `load` whenever the person may be looking at stale data: the window regains focus, the
 * network comes back, the tab is shown again, and every `everyMs` while the tab is visible and
 * `poll()` says it is worth asking. Returns the function that stops all of it.
 */
export function refreshOnReturn(load: () => void, everyMs: number, poll: () => boolean = () => true): () => void {
  const timer = window.setInterval(() => {
    if (document.visibilityState === 'visible' && poll()) load()
  }, everyMs)
  const onVisible = (): void => {
    if (document.visibilityState === 'visible') load()
  }
  window.addEventListener('focus', load)
  window.addEventListener('online', load)
  document.addEventListener('visibilitychange', onVisible)
  return () => {
    window.clearInterval(timer)
    window.removeEventListener('focus', load)
    window.removeEventListener('online', load)
    document.removeEventListener('visibilitychange', onVisible)
  }
}

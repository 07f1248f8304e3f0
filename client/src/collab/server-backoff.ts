/**
 * Honours the wait a server names when it closes a connection during storage trouble
 * (BACKOFF-2): `storage failure; retry in 4000 ms`. y-websocket alone would reconnect after
 * 100–200 ms (its own backoff restarts at every successful sync), so every open tab came back
 * several times a second to fail again. Here such a close stops the provider's own reconnect and
 * reconnects once the named wait is over (bounded, so a wrong reason cannot park a tab for
 * hours). Used by the body's and the review data's providers; importable without a browser.
 */
import { retryDelayOf } from '@consenso/protocol'
import type { WebsocketProvider } from 'y-websocket'

/** The longest wait a close reason can impose; a longer one is cut to this. */
export const MAX_SERVER_WAIT_MS = 5 * 60_000

/** The wait a close asks for, within bounds, or null when it names none. */
export function serverWait(event: { reason: string }): number | null {
  const ms = retryDelayOf(event.reason)
  return ms === null ? null : Math.min(ms, MAX_SERVER_WAIT_MS)
}

/**
 * Installs the wait on `provider`; `shouldReconnect` is what to do with every other close.
 * `onWait` hears each wait as it starts. Returns the function that uninstalls it (and cancels
 * a pending reconnect).
 */
export function honourServerBackoff(
  provider: WebsocketProvider,
  shouldReconnect: (event: CloseEvent) => boolean,
  onWait?: (ms: number) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  provider.shouldReconnect = (event) => {
    const ms = serverWait(event)
    if (ms === null) return shouldReconnect(event)
    // Returning false makes y-websocket stop (shouldConnect = false) and emit `closed`;
    // this reconnects by itself once the wait is over.
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      provider.connect()
    }, ms)
    onWait?.(ms)
    return false
  }
  return () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
}

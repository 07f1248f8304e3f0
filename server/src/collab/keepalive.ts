/**
 * Websocket ping and idle timeout (KEEP-1). A peer that vanished without closing (a laptop
 * lid shut, a NAT that forgot the flow, a proxy that dropped it) leaves a TCP connection the
 * server would otherwise keep for hours, with its presence shown to everyone and its buffers
 * held. One timer for every connection (not one per connection, MEM-1): every `pingMs` it
 * pings each open connection, and closes those from which nothing came (no frame, no pong)
 * for `idleMs`. Browsers answer pings by themselves, so an open tab is never idle.
 */
import type { Connection } from './connection.ts'

export interface KeepaliveOptions {
  pingMs: number
  idleMs: number
  /** The connections to look after, read at each sweep. */
  connections: () => Iterable<Connection>
  /** Called for each connection closed as silent (for /metrics). */
  onIdleClose?: () => void
}

/** How long a silent peer is given to take the close frame before its TCP connection is dropped. */
const CLOSE_GRACE_MS = 2_000

export class Keepalive {
  readonly #timer: NodeJS.Timeout
  readonly #options: KeepaliveOptions

  constructor(options: KeepaliveOptions) {
    this.#options = options
    this.#timer = setInterval(() => this.sweep(), options.pingMs)
    this.#timer.unref()
  }

  /** One round: close the silent, ping the rest. */
  sweep(now = performance.now()): void {
    const { idleMs, connections, onIdleClose } = this.#options
    for (const conn of connections()) {
      if (conn.closed) continue
      if (now - conn.heardAt > idleMs) {
        conn.log.warn({ silentMs: Math.round(now - conn.heardAt) }, 'closing collaboration connection: nothing heard from the client')
        conn.closeSilent('no answer to pings; reconnect', CLOSE_GRACE_MS)
        onIdleClose?.()
      } else {
        conn.ping()
      }
    }
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}

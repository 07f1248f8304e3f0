/**
 * Open websockets whose session ended where this instance could not hear of it (REVOKE-2).
 * Sign-outs, "sign out everywhere", disabling from the Administration page and (with
 * `REDIS_URL`) `pnpm consenso user disable` reach every instance's connections at once through
 * the fan-out (REVOKE-1). `consenso user disable` on a single instance without Redis changes
 * only the database: this sweep finds such sessions, one storage read per distinct session of
 * the open connections every `intervalMs`, and closes their connections with 4401.
 */
import { CloseCode } from '@consenso/protocol'
import type { Storage } from '../storage/storage.ts'
import type { Connection } from './connection.ts'

export interface SessionRecheckOptions {
  storage: Storage
  intervalMs: number
  connections: () => Iterable<Connection>
  now?: () => Date
  onError: (error: unknown) => void
}

export class SessionRecheck {
  readonly #options: SessionRecheckOptions
  readonly #timer: NodeJS.Timeout
  #running = false

  constructor(options: SessionRecheckOptions) {
    this.#options = options
    this.#timer = setInterval(() => void this.sweep(), options.intervalMs)
    this.#timer.unref()
  }

  /** One round; a round still running when the next is due is not doubled. */
  async sweep(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      const { storage, connections, now = () => new Date() } = this.#options
      const bySession = new Map<string, Connection[]>()
      for (const conn of connections()) {
        if (conn.closed) continue
        const list = bySession.get(conn.sessionHash)
        if (list) list.push(conn)
        else bySession.set(conn.sessionHash, [conn])
      }
      for (const [hash, conns] of bySession) {
        const session = await storage.accounts.getSession(hash)
        const user = session && session.expiresAt > now().toISOString() ? await storage.accounts.getUser(session.userId) : undefined
        if (user && !user.disabled) continue
        for (const conn of conns) conn.close(CloseCode.unauthorized, 'session ended')
      }
    } catch (error) {
      this.#options.onError(error)
    } finally {
      this.#running = false
    }
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}

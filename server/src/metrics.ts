/**
 * What `/metrics` reports, in Prometheus' text format (prom-client), and readiness. One
 * registry per app, not prom-client's global one: tests build many apps in one process.
 *
 * The collaboration code counts through the small `CollabMetrics` surface it is handed (a
 * refused frame, a commit, a broadcast); gauges (connections, open drafts) are read when
 * scraped, so nothing is counted twice or forgotten.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { CloseCode } from '@consenso/protocol'

/** Why a websocket frame or connection was refused; the label of `consenso_refused_frames_total`. */
export type RefusalReason =
  | 'permission_denied'
  | 'rate_limited'
  | 'too_large'
  | 'bad_message'
  | 'unknown_message_type'
  | 'unauthorized'
  | 'forbidden'
  | 'unknown_document'
  | 'protocol_mismatch'
  | 'backpressure'
  | 'presence_too_large'
  | 'too_many_connections'
  | 'idle'
  | 'other'

/** What the collaboration layer reports; every method is cheap and never throws. */
export interface CollabMetrics {
  /** A commit group finished: its duration, and its error if it was not durable. */
  commit(seconds: number, error: unknown): void
  /** A client's update went out to the others this long after it arrived. */
  broadcast(seconds: number): void
  refused(reason: RefusalReason): void
}

/** Server-made closes that refuse what a client sent; other closes (shutdown, lost access) are not refusals. */
const REFUSAL_CODES: ReadonlyMap<number, RefusalReason> = new Map([
  [CloseCode.frameTooLarge, 'too_large'],
  [CloseCode.badMessage, 'bad_message'],
  [CloseCode.unknownMessageType, 'unknown_message_type'],
  [CloseCode.rateLimited, 'rate_limited'],
  [CloseCode.presenceTooLarge, 'presence_too_large'],
  [CloseCode.notReading, 'backpressure'],
  [CloseCode.tooManyConnections, 'too_many_connections'],
  [CloseCode.idleTimeout, 'idle'],
])

export interface GaugeSources {
  connections(): number
  openDrafts(): number
}

const COMMIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

export class Metrics implements CollabMetrics {
  readonly registry = new Registry()
  readonly #commitSeconds: Histogram
  readonly #commitFailures: Counter
  readonly #broadcastSeconds: Histogram
  readonly #refused: Counter<'reason'>
  readonly #loopDelay = monitorEventLoopDelay({ resolution: 10 })
  /** Set by a failed commit, cleared by the next durable one: readiness (/api/ready) follows it. */
  #commitError: string | null = null

  constructor(sources: GaugeSources) {
    const registers = [this.registry]
    // Not prom-client's default collectors: each call installs process-wide observers that
    // no app could remove, and tests build hundreds of apps in one process.
    new Gauge({ name: 'consenso_process_resident_memory_bytes', help: 'Resident set size of the server process.', registers, collect() { this.set(process.memoryUsage.rss()) } })
    new Gauge({ name: 'consenso_process_heap_used_bytes', help: 'V8 heap in use.', registers, collect() { this.set(process.memoryUsage().heapUsed) } })
    new Gauge({ name: 'consenso_connections', help: 'Open collaboration websockets (body and review channels).', registers, collect() { this.set(sources.connections()) } })
    new Gauge({ name: 'consenso_open_drafts', help: 'Documents held open by this instance.', registers, collect() { this.set(sources.openDrafts()) } })
    this.#commitSeconds = new Histogram({ name: 'consenso_commit_seconds', help: 'Duration of one group commit to storage.', buckets: COMMIT_BUCKETS, registers })
    this.#commitFailures = new Counter({ name: 'consenso_commit_failures_total', help: 'Group commits that storage refused or failed.', registers })
    this.#broadcastSeconds = new Histogram({
      name: 'consenso_broadcast_lag_seconds',
      help: 'From a client update arriving to its broadcast to the other clients (includes the commit).',
      buckets: COMMIT_BUCKETS,
      registers,
    })
    this.#refused = new Counter({ name: 'consenso_refused_frames_total', help: 'Websocket frames or connections refused, by reason.', labelNames: ['reason'], registers })
    const loopDelay = this.#loopDelay
    loopDelay.enable()
    new Gauge({
      name: 'consenso_event_loop_delay_p99_seconds',
      help: 'p99 of the event loop delay since the previous scrape.',
      registers,
      collect() {
        this.set(loopDelay.percentile(99) / 1e9)
        loopDelay.reset()
      },
    })
  }

  commit(seconds: number, error: unknown): void {
    this.#commitSeconds.observe(seconds)
    if (error === null || error === undefined) {
      this.#commitError = null
      return
    }
    this.#commitFailures.inc()
    this.#commitError = error instanceof Error ? error.message : String(error)
  }

  /** The last commit's error while commits fail, null once one succeeds. */
  get commitError(): string | null {
    return this.#commitError
  }

  broadcast(seconds: number): void {
    this.#broadcastSeconds.observe(seconds)
  }

  refused(reason: RefusalReason): void {
    this.#refused.inc({ reason })
  }

  /** For Connection's onClose: one shared function, bound once (a field per connection costs memory). */
  readonly closedWith = (code: number): void => {
    const reason = REFUSAL_CODES.get(code)
    if (reason) this.refused(reason)
  }

  close(): void {
    this.#loopDelay.disable()
  }
}

/**
 * A small pool of worker threads for conversions ([CONV-15]): an import or export never runs
 * on the server's event loop, so a long or hostile file delays no live session. Each worker
 * has a V8 heap limit (`resourceLimits`); a job gets a time limit that starts when a worker
 * takes it. A job that breaks either ends its worker (a fresh one replaces it on demand) and
 * is refused with a `ConversionLimitError` saying which limit; the server carries on.
 *
 * Why not a pool library: the limits need the job's own start (not its queueing) for the
 * clock, a worker ready before its clock starts (the first start under tsx compiles the
 * converters), and a clear refusal for an out-of-memory worker; that is the whole pool.
 */
import { Worker } from 'node:worker_threads'
import type { ConvertJob, ConvertJobResult } from './jobs.ts'

export interface ConversionPoolOptions {
  /** Most workers at once; jobs beyond wait in a queue. */
  workers: number
  /** Old-generation heap of each worker, in MB. */
  memoryMb: number
  /** Longest a job may run once a worker has it, in ms. */
  timeoutMs: number
  /** Most jobs waiting for a worker; more are refused as busy. */
  maxQueue?: number
  /** A worker idle this long is stopped (the next job starts one again). */
  idleMs?: number
  /** The worker's entry file; defaults to worker-entry.mjs beside this file. */
  workerFile?: string | URL
}

export type ConversionLimit = 'memory' | 'time' | 'busy' | 'crashed' | 'closed'

/** A job refused by the pool itself: it broke a limit, or could not be run. */
export class ConversionLimitError extends Error {
  constructor(
    readonly limit: ConversionLimit,
    message: string,
  ) {
    super(message)
    this.name = 'ConversionLimitError'
  }
}

interface Job {
  job: ConvertJob
  transfer: ArrayBuffer[]
  signal: AbortSignal | undefined
  resolve: (result: ConvertJobResult) => void
  reject: (error: Error) => void
}

interface Slot {
  worker: Worker
  ready: boolean
  current: (Job & { id: number; timer: NodeJS.Timeout }) | null
  idleTimer: NodeJS.Timeout | null
}

export const DEFAULT_WORKER_FILE = new URL('./worker-entry.mjs', import.meta.url)

export class ConversionPool {
  readonly #options: Required<Omit<ConversionPoolOptions, 'workerFile'>> & { workerFile: string | URL }
  readonly #slots = new Set<Slot>()
  readonly #queue: Job[] = []
  #nextId = 1
  #closed = false

  constructor(options: ConversionPoolOptions) {
    this.#options = { maxQueue: 64, idleMs: 60_000, workerFile: DEFAULT_WORKER_FILE, ...options }
  }

  /**
   * Runs `job` in a worker; `transfer` lists buffers of the job that may move instead of being
   * copied. Aborting `signal` (a download cancelled) drops a waiting job and stops a running one.
   */
  run(job: ConvertJob, options: { transfer?: ArrayBuffer[]; signal?: AbortSignal } = {}): Promise<ConvertJobResult> {
    if (this.#closed) return Promise.reject(new ConversionLimitError('closed', 'The server is shutting down; try again in a moment.'))
    if (this.#queue.length >= this.#options.maxQueue) {
      return Promise.reject(new ConversionLimitError('busy', 'Too many files are being converted right now; try again in a minute.'))
    }
    const { transfer = [], signal } = options
    if (signal?.aborted) return Promise.reject(new ConversionLimitError('closed', 'The conversion was cancelled.'))
    return new Promise((resolve, reject) => {
      const entry: Job = { job, transfer, signal, resolve, reject }
      signal?.addEventListener(
        'abort',
        () => {
          const waiting = this.#queue.indexOf(entry)
          if (waiting >= 0) {
            this.#queue.splice(waiting, 1)
            reject(new ConversionLimitError('closed', 'The conversion was cancelled.'))
            return
          }
          for (const slot of this.#slots) {
            if (slot.current?.job === job) void this.#end(slot, new ConversionLimitError('closed', 'The conversion was cancelled.'))
          }
        },
        { once: true },
      )
      this.#queue.push(entry)
      this.#dispatch()
    })
  }

  /** Workers running and jobs waiting, for metrics and tests. */
  get stats(): { workers: number; busy: number; queued: number } {
    let busy = 0
    for (const slot of this.#slots) if (slot.current) busy++
    return { workers: this.#slots.size, busy, queued: this.#queue.length }
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const job of this.#queue.splice(0)) job.reject(new ConversionLimitError('closed', 'The server is shutting down; try again in a moment.'))
    await Promise.all([...this.#slots].map((slot) => this.#end(slot, new ConversionLimitError('closed', 'The server is shutting down; try again in a moment.'))))
  }

  #dispatch(): void {
    while (this.#queue.length) {
      const idle = [...this.#slots].find((slot) => slot.ready && !slot.current)
      if (!idle) {
        const starting = [...this.#slots].filter((slot) => !slot.ready).length
        // Start a worker only if the ones already starting will not take what waits.
        if (this.#slots.size < this.#options.workers && starting < this.#queue.length) this.#start()
        return
      }
      this.#assign(idle, this.#queue.shift()!)
    }
  }

  #start(): void {
    const worker = new Worker(this.#options.workerFile, {
      resourceLimits: { maxOldGenerationSizeMb: this.#options.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.#options.memoryMb / 8)) },
      // The worker's console goes to the server's; its stdin is not needed.
      stdout: false,
      stderr: false,
    })
    const slot: Slot = { worker, ready: false, current: null, idleTimer: null }
    this.#slots.add(slot)
    worker.on('message', (message: { ready?: true; id?: number; result?: ConvertJobResult; error?: string }) => {
      if (message.ready) {
        slot.ready = true
        this.#dispatch()
        this.#idle(slot)
        return
      }
      const current = slot.current
      if (!current || current.id !== message.id) return
      clearTimeout(current.timer)
      slot.current = null
      if (message.result) current.resolve(message.result)
      else current.reject(new Error(message.error ?? 'conversion failed'))
      this.#dispatch()
      this.#idle(slot)
    })
    worker.on('error', (error: Error & { code?: string }) => {
      const limit = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed'
      const reason =
        limit === 'memory'
          ? `The file needs more than the ${this.#options.memoryMb} MB a conversion may use.`
          : `The conversion stopped unexpectedly (${error.message}).`
      void this.#end(slot, new ConversionLimitError(limit, reason))
    })
    worker.on('exit', () => {
      if (this.#slots.has(slot)) void this.#end(slot, new ConversionLimitError('crashed', 'The conversion stopped unexpectedly.'))
    })
  }

  #assign(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = null
    slot.worker.ref()
    const id = this.#nextId++
    const timer = setTimeout(() => {
      void this.#end(slot, new ConversionLimitError('time', `The conversion took longer than the ${Math.round(this.#options.timeoutMs / 1000)} s allowed.`))
    }, this.#options.timeoutMs)
    slot.current = { ...job, id, timer }
    try {
      slot.worker.postMessage({ id, job: job.job }, job.transfer)
    } catch (error) {
      clearTimeout(timer)
      slot.current = null
      job.reject(error as Error)
    }
  }

  /** An idle worker does not keep the process alive, and stops after a while. */
  #idle(slot: Slot): void {
    if (slot.current || !this.#slots.has(slot)) return
    slot.worker.unref()
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = setTimeout(() => void this.#end(slot, null), this.#options.idleMs)
    slot.idleTimer.unref()
  }

  /** Stops a worker; its job, if any, is refused with `reason`. Jobs waiting get a fresh worker. */
  async #end(slot: Slot, reason: ConversionLimitError | null): Promise<void> {
    if (!this.#slots.delete(slot)) return
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    const current = slot.current
    slot.current = null
    if (current) {
      clearTimeout(current.timer)
      current.reject(reason ?? new ConversionLimitError('closed', 'The conversion was stopped.'))
    }
    if (!this.#closed) this.#dispatch()
    await slot.worker.terminate().catch(() => {})
  }
}

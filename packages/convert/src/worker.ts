/**
 * The body of a conversion worker thread (see pool.ts): answers "ready" once loaded, then runs
 * one job at a time and posts its result, moving byte arrays instead of copying them.
 */
import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { runJob, transferablesOf, type ConvertJob } from './jobs.ts'

/**
 * On Linux a thread has its own nice value: conversions give way to the server's event loop
 * when the CPU is short (a 2-core machine converting a long file while people type).
 * Best effort; elsewhere, or without /proc, the worker runs at the process's priority.
 */
function yieldToTheEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1))
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + 10))
  } catch {
    // Not Linux, or not allowed: nothing to do.
  }
}
yieldToTheEventLoop()

const port = parentPort
if (!port) throw new Error('worker.ts runs inside a worker thread started by ConversionPool')
port.on('message', (message: { id: number; job: ConvertJob }) => {
  runJob(message.job).then(
    (result) => port.postMessage({ id: message.id, result }, transferablesOf(result)),
    (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  )
})
port.postMessage({ ready: true })

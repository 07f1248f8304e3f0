/**
 * The body of a conversion worker thread (see pool.ts): answers "ready" once loaded, then runs
 * one job at a time and posts its result, moving byte arrays instead of copying them.
 */
import { parentPort } from 'node:worker_threads'
import { runJob, transferablesOf, type ConvertJob } from './jobs.ts'

const port = parentPort
if (!port) throw new Error('worker.ts runs inside a worker thread started by ConversionPool')
port.on('message', (message: { id: number; job: ConvertJob }) => {
  runJob(message.job).then(
    (result) => port.postMessage({ id: message.id, result }, transferablesOf(result)),
    (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  )
})
port.postMessage({ ready: true })

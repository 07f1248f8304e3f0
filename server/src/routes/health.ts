/**
 * Liveness, readiness and metrics for whoever runs the service: `/api/health` answers while
 * the process serves HTTP; `/api/ready` only while storage answers, the last commit was
 * durable and (with Redis) the fan-out is connected, so a load balancer stops sending people
 * to an instance that cannot save; `/metrics` is Prometheus' text format.
 */
import type { FastifyInstance } from 'fastify'
import type { HealthResponse, ReadyResponse } from '@consenso/protocol'
import { VERSION } from '../version.ts'

/** A storage that does not answer within this long counts as down. */
const STORAGE_PROBE_MS = 2000

function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/health', async (): Promise<HealthResponse> => ({
    status: 'ok',
    version: VERSION,
    storage: app.storage.kind,
    fanout: app.collab.fanoutKind,
  }))

  app.get('/api/ready', async (_request, reply): Promise<ReadyResponse> => {
    const problems: string[] = []
    try {
      await withinTime(app.storage.accounts.countUsers(), STORAGE_PROBE_MS)
    } catch (error) {
      problems.push(`storage does not answer: ${(error as Error).message}`)
    }
    const commitError = app.metrics.commitError
    if (commitError !== null) problems.push(`commits fail: ${commitError}`)
    if (app.fanout.ready && !app.fanout.ready()) problems.push(`${app.fanout.kind} fan-out is not connected`)
    reply.header('cache-control', 'no-store')
    if (problems.length > 0) reply.code(503)
    return { status: problems.length === 0 ? 'ready' : 'unavailable', problems }
  })

  app.get('/metrics', async (_request, reply) => {
    reply.header('cache-control', 'no-store').type(app.metrics.registry.contentType)
    return app.metrics.registry.metrics()
  })
}

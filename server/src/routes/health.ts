import type { FastifyInstance } from 'fastify'
import type { HealthResponse } from '@consenso/protocol'
import { VERSION } from '../version.ts'

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/health', async (): Promise<HealthResponse> => ({
    status: 'ok',
    version: VERSION,
    storage: app.storage.kind,
    fanout: app.collab.fanoutKind,
  }))
}

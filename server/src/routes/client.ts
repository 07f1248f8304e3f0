/**
 * Serves the built web client, with every non-API path falling back to index.html so the
 * client's routes (`/d/:id`) survive a reload.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { sendError } from '../errors.ts'

export async function clientRoutes(app: FastifyInstance, options: { dist: string | null }): Promise<void> {
  const dist = options.dist
  const built = dist !== null && existsSync(join(dist, 'index.html'))
  if (built) await app.register(fastifyStatic, { root: dist, wildcard: false, index: 'index.html' })

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const isApi = path.startsWith('/api/') || path.startsWith('/collab/')
    if (request.method !== 'GET' || isApi) {
      return sendError(reply, 404, 'not_found', `No route ${request.method} ${path}.`)
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web client is not built. Run `pnpm build` (or start with `pnpm start`, which builds it).\n')
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html')
  })
}

/**
 * Serves the built web client, with every non-API path falling back to index.html so the
 * client's routes (`/d/:id`) survive a reload.
 *
 * Files under /assets/ carry a content hash in their names (Vite): a browser may keep them
 * for a year without asking. Everything else, index.html first, is revalidated on every use,
 * so a new build reaches people at their next load. The build writes `.br` and `.gz` copies,
 * sent as they are to browsers that accept them.
 */
import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { sendError } from '../errors.ts'

export const IMMUTABLE = 'public, max-age=31536000, immutable'

export async function clientRoutes(app: FastifyInstance, options: { dist: string | null }): Promise<void> {
  const dist = options.dist
  const built = dist !== null && existsSync(join(dist, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: 'index.html',
      preCompressed: true,
      // Our own Cache-Control below; send's default (max-age=0) would override it.
      cacheControl: false,
      // A source map left in dist by an older build is not published.
      allowedPath: (pathname) => !pathname.endsWith('.map'),
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : 'no-cache')
        res.setHeader('vary', 'accept-encoding')
      },
    })
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const isApi = path.startsWith('/api/') || path.startsWith('/collab/')
    // A hashed asset that is gone (an old page after a new build) must fail as itself, not as HTML.
    if (request.method !== 'GET' || isApi || path.startsWith('/assets/') || path.endsWith('.map')) {
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

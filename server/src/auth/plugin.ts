/**
 * Authentication and cross-site protection for every request: resolves the session cookie
 * to `request.auth`, refuses state-changing requests from other origins, and gives routes
 * one-line guards. Authorisation per draft lives in the routes and the collaboration layer.
 */
import fp from 'fastify-plugin'
import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { NewAuditEntry } from '../storage/storage.ts'
import { isAllowedOrigin } from '../origin.ts'
import { sendError } from '../errors.ts'
import { authenticate, type AuthenticatedUser } from './sessions.ts'

/** An audit entry as routes write it: only the action is required. */
export type AuditInput = Pick<NewAuditEntry, 'action'> & Partial<Omit<NewAuditEntry, 'action'>>

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthenticatedUser | null
  }
  interface FastifyInstance {
    /** Appends to the audit log, filling in time, actor and address from the request. */
    audit(request: FastifyRequest | null, entry: AuditInput): Promise<void>
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifyCookie)
    app.decorateRequest('auth', null)

    app.decorate('audit', async (request, entry) => {
      await app.storage.audit.appendAudit({
        action: entry.action,
        at: entry.at ?? new Date().toISOString(),
        actorId: entry.actorId ?? request?.auth?.user.id ?? null,
        actorDelegation: entry.actorDelegation ?? request?.auth?.user.delegation ?? null,
        ip: entry.ip ?? request?.ip ?? null,
        documentId: entry.documentId ?? null,
        target: entry.target ?? null,
        details: entry.details ?? {},
      })
    })

    app.addHook('onRequest', async (request, reply) => {
      // SameSite=Strict already keeps the cookie off cross-site requests; checking Origin
      // as well protects browsers and proxies that get SameSite wrong. On every state-changing
      // request, whatever its path: `/%61pi/…` reaches the same route as `/api/…` (AUTH-14).
      if (STATE_CHANGING.has(request.method) && !isAllowedOrigin(request.headers.origin, request.headers.host, app.config.publicOrigins)) {
        return sendError(reply, 403, 'cross_site_request', 'This request came from another site and was refused.')
      }
      // The route Fastify matched (decoded), not the raw URL, decides who is asking.
      const route = request.routeOptions.url ?? ''
      if (!route.startsWith('/api/') && !route.startsWith('/collab/')) return
      request.auth = await authenticate(app.storage, request, new Date())
    })

    // Answers about drafts, people and sessions must not stay in a browser's or a proxy's
    // cache (AUTH-14); routes that allow caching set their own Cache-Control.
    app.addHook('onSend', async (request, reply) => {
      if (reply.hasHeader('cache-control')) return
      const route = request.routeOptions.url ?? ''
      if (route.startsWith('/api/') || request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
    })
  },
  { name: 'consenso-auth', dependencies: [] },
)

/** Sends 401 and returns null when there is no signed-in user. */
export function requireUser(request: FastifyRequest, reply: FastifyReply): AuthenticatedUser | null {
  if (request.auth) return request.auth
  void sendError(reply, 401, 'unauthenticated', 'Sign in to continue.')
  return null
}

/** Sends 401/403 and returns null unless the user is an instance administrator. */
export function requireAdmin(request: FastifyRequest, reply: FastifyReply): AuthenticatedUser | null {
  const auth = requireUser(request, reply)
  if (!auth) return null
  if (auth.user.admin) return auth
  void sendError(reply, 403, 'forbidden', 'Only administrators may do this.')
  return null
}

/** Every API error has one shape, `{error, message}`: a stable code and a sentence for people. */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import type { ApiError } from '@consenso/protocol'
import { HashBusyError } from './auth/passwords.ts'

/**
 * A refusal decided while checking a request: thrown from a route (or anything it calls), it is
 * answered by the app's error handler as `sendError(status, code, message)`.
 */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message } satisfies ApiError)
}

/**
 * The answer to a person past their drafts-per-hour quota (ABUSE-6): 429 with Retry-After,
 * or null when the creation may go ahead (and is counted).
 */
export function refuseOverDraftQuota(app: FastifyInstance, userId: string, reply: FastifyReply): FastifyReply | null {
  const quota = app.draftQuota.take(userId)
  if (quota.allowed) return null
  const minutes = Math.ceil(quota.retryAfterSeconds / 60)
  reply.header('retry-after', String(quota.retryAfterSeconds))
  return sendError(reply, 429, 'too_many_drafts', `You have created as many drafts as allowed in an hour; you can create another in ${minutes} minute${minutes === 1 ? '' : 's'}.`)
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      return sendError(reply, 400, 'invalid_request', `Invalid request: ${err.message}`)
    }
    // A refusal decided in a route or a check it calls: routes throw it rather than catch it.
    if ((err as unknown) instanceof Refused) {
      const refused = err as unknown as Refused
      return sendError(reply, refused.status, refused.code, refused.message)
    }
    // Any route that hashes a password (sign-in, setup, invitations, password change).
    if ((err as unknown) instanceof HashBusyError) {
      reply.header('retry-after', '1')
      return sendError(reply, 503, 'busy', 'The server is checking many passwords at once. Try again in a moment.')
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
    if (status === 500) {
      request.log.error({ err }, 'request failed')
      return sendError(reply, 500, 'internal_error', 'The server could not complete the request. Try again; if it persists, tell your administrator.')
    }
    return sendError(reply, status, err.code ?? 'bad_request', err.message)
  })
}

/**
 * A server-sent event stream for one signed-in person, shared by the register's stream
 * (REGISTER-7) and the notifications' (NOTIFY-3): ended when the session ends (checked before
 * each write), when the page goes, or when the server shuts down.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AuthenticatedUser } from '../auth/sessions.ts'

export interface EventSink {
  /** Writes one event (once the session is checked again). */
  send(event: string, data: unknown): void
}

export function eventStreams(app: FastifyInstance): {
  open(request: FastifyRequest, reply: FastifyReply, auth: AuthenticatedUser, subscribe: (sink: EventSink) => () => void): void
} {
  const streams = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end()
  })
  return {
    open(request, reply, auth, subscribe) {
      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
        // Proxies (nginx) must pass events on as they come.
        'x-accel-buffering': 'no',
      })
      raw.write(`retry: 2000\nevent: ready\ndata: {}\n\n`)
      const stillSignedIn = async (): Promise<boolean> => {
        const session = await app.storage.accounts.getSession(auth.sessionHash).catch(() => undefined)
        if (!session || session.expiresAt <= new Date().toISOString()) return false
        const user = await app.storage.accounts.getUser(session.userId).catch(() => undefined)
        return user !== undefined && !user.disabled
      }
      const write = async (chunk: string): Promise<void> => {
        if (raw.writableEnded) return
        if (await stillSignedIn()) raw.write(chunk)
        else end()
      }
      const stop = subscribe({ send: (event, data) => void write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) })
      // A comment now and then keeps proxies from closing a quiet stream.
      const keepAlive = setInterval(() => void write(': keep-alive\n\n'), 25_000)
      keepAlive.unref()
      const end = (): void => {
        stop()
        clearInterval(keepAlive)
        streams.delete(end)
        if (!raw.writableEnded) raw.end()
      }
      streams.add(end)
      request.raw.on('close', end)
    },
  }
}

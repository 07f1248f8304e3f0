/**
 * How the server writes its log: JSON lines for machines, or readable lines (pino-pretty)
 * when a person watches a terminal; and at most one line per cause and interval for
 * warnings and errors. A full disk makes every client's every retry fail the same way: the
 * operator needs to read that once a minute with a count, not three times a second.
 */
import type { FastifyServerOptions } from 'fastify'
import pinoPretty from 'pino-pretty'

export type LogFormat = 'json' | 'pretty'

interface Seen {
  since: number
  suppressed: number
}

/** pino's logMethod hook: the arguments of one log call, the method to call, its level. */
type LogMethodHook = (this: unknown, args: unknown[], method: (...args: unknown[]) => void, level: number) => void

const WARN = 40

/** The cause of a log call: its message and its error's code (or message), or its `code` field. */
function causeOf(args: unknown[], level: number): string {
  const first = args[0]
  const fields = typeof first === 'object' && first !== null ? (first as { err?: { code?: unknown; message?: unknown }; code?: unknown }) : null
  const msg = typeof first === 'string' ? first : typeof args[1] === 'string' ? args[1] : ''
  const err = fields?.err
  const cause = err ? String(err.code ?? err.message ?? '') : String(fields?.code ?? '')
  return `${level}\u0000${msg}\u0000${cause}`
}

/**
 * Lets the first warning or error of each cause through, then drops repeats for `intervalMs`;
 * the first line after that carries `repeated: N` (how many were dropped meanwhile).
 */
export function oncePerCause(intervalMs: number, now: () => number = Date.now, maxCauses = 1000): LogMethodHook {
  const seen = new Map<string, Seen>()
  return function (this: unknown, args, method, level) {
    if (level < WARN) return method.apply(this, args)
    const key = causeOf(args, level)
    const at = now()
    const entry = seen.get(key)
    if (entry && at - entry.since < intervalMs) {
      entry.suppressed += 1
      return
    }
    if (entry && entry.suppressed > 0) {
      const first = args[0]
      const extra = { repeated: entry.suppressed, repeatedWithinSeconds: Math.round((at - entry.since) / 1000) }
      args = typeof first === 'object' && first !== null ? [{ ...first, ...extra }, ...args.slice(1)] : [extra, ...args]
    }
    seen.delete(key)
    seen.set(key, { since: at, suppressed: 0 })
    if (seen.size > maxCauses) seen.delete(seen.keys().next().value!)
    return method.apply(this, args)
  }
}

export function loggerOptions(level: string, format: LogFormat, intervalMs = 60_000): NonNullable<FastifyServerOptions['logger']> {
  const hooks = { logMethod: oncePerCause(intervalMs) }
  if (format === 'json') return { level, hooks }
  // In this process, not a transport's worker thread: works the same from the bundle.
  const stream = pinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true })
  return { level, hooks, stream }
}

/**
 * Whether the Redis suites can run. Under CI=true an unreachable Redis fails them;
 * elsewhere they are skipped, with the reason printed.
 */
import { Socket } from 'node:net'

export const REDIS_URL = process.env.CONSENSO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

function reachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(Number(port || 6379), hostname, () => done(true))
  })
}

/** Null when Redis is there; otherwise why not (and under CI, an exception). */
export async function redisUnavailable(): Promise<string | null> {
  if (await reachable(REDIS_URL)) return null
  const reason = `Redis is not reachable at ${REDIS_URL} (start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)`
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI the Redis suites must run`)
  console.warn(`[redis] skipped: ${reason}`)
  return reason
}

/**
 * Private service instances for tests that must stop and restart them: a Redis server on a
 * free port, and a fresh Postgres database on the machine's server. Nothing here touches the
 * shared Redis or the other tests' databases.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { waitFor } from './wait.ts'
import { POSTGRES_URL } from './postgres.ts'


export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface PrivateRedis {
  url: string
  stop(): Promise<void>
  start(): Promise<void>
}

/** A redis-server child process on its own port, which a test may stop and start again. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const url = `redis://127.0.0.1:${port}`
  const api: PrivateRedis = {
    url,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
      await waitFor(async () => {
        const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
        probe.on('error', () => {})
        try {
          await probe.connect()
          return (await probe.ping()) === 'PONG'
        } catch {
          return false
        } finally {
          probe.disconnect()
        }
      }, `redis-server on port ${port} to answer`)
    },
    async stop() {
      const running = child
      child = null
      if (!running || running.exitCode !== null) return
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve())
        running.kill('SIGKILL')
      })
    },
  }
  await api.start()
  return api
}

export interface PrivateDatabase {
  url: string
  drop(): void
}

function psql(sql: string): void {
  const admin = new URL(POSTGRES_URL)
  const result = spawnSync('psql', ['-h', admin.hostname, '-p', admin.port || '5432', '-U', admin.username || 'root', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`)
}

/** A new, empty database; `drop` removes it (after its users disconnected). */
export function privateDatabase(label: string): PrivateDatabase {
  const name = `consenso_${label}_${randomBytes(4).toString('hex')}`
  psql(`CREATE DATABASE ${name}`)
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}

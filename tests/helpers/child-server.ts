/**
 * Runs the real server entry point (server/src/main.ts) as a child process, as `pnpm start`
 * would, so a test can kill it with SIGKILL and start it again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import type { TestClient } from './clients.ts'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `consenso-${label}-`))
}

export interface ChildServer {
  url: string
  wsUrl: string
  child: ChildProcess
  /** Everything the process printed, for failure messages. */
  output(): string
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export async function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    // One account drives dozens of clients and drafts in the load and fault suites (ABUSE-3 and
    // ABUSE-6 cap a person).
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', MAX_CONNECTIONS_PER_PERSON: '100000', DRAFTS_PER_HOUR: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Consenso listening on (http:\/\/[^\s]+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening:\n${output}`))
    })
  })
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    child,
    output: () => output,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/**
 * For a test file that runs servers as child processes: everything it starts (servers,
 * clients, data folders) is stopped and removed after each test.
 */
export function useChildServers(): {
  start(env: Record<string, string>): Promise<ChildServer>
  track(client: TestClient): TestClient
  dataDir(label: string): string
} {
  const servers: ChildServer[] = []
  const clients: TestClient[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.kill('SIGKILL')
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return {
    async start(env) {
      const server = await spawnServer(env)
      servers.push(server)
      return server
    },
    track(client) {
      clients.push(client)
      return client
    },
    dataDir(label) {
      const dir = tempDir(label)
      dirs.push(dir)
      return dir
    },
  }
}

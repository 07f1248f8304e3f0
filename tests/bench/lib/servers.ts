/**
 * The three servers, each in its own child process with its own fresh data folder:
 * - Consenso through its real entry point (server/src/main.ts), SQLite in DATA_DIR;
 * - @hocuspocus/server 3.4 with its SQLite extension (servers/hocuspocus.ts);
 * - @y/websocket-server 0.1.1 with its LevelDB persistence (servers/y-websocket.ts);
 * - the same @y/websocket-server without persistence, in memory only: the harder baseline, since
 *   it neither stores nor waits for anything before broadcasting.
 * Every child is killed when the bench exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION } from '@consenso/protocol'
import type { Target } from './client.ts'
import { cpuMs, dirBytes, rssBytes } from './proc.ts'

export const SERVER_KINDS = ['consenso', 'hocuspocus', 'y-websocket-server', 'y-websocket-memory'] as const
export type ServerKind = (typeof SERVER_KINDS)[number]

const benchDir = fileURLToPath(new URL('../', import.meta.url))
const memoryProbe = new URL('../servers/memory-probe.ts', import.meta.url).href
/** BENCH_VALIDATOR=before in Consenso's environment: the body validator as it was before TRUST-* (servers/validator-before.ts). */
const validatorBefore = new URL('../servers/validator-before-register.ts', import.meta.url).href
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 20_000

const live = new Set<ChildProcess>()
const ownPaths = new Set<string>()
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
  // An interrupted run must not leave its data folders behind in the temporary directory.
  for (const dir of ownPaths) rmSync(dir, { recursive: true, force: true })
})

export interface StartOptions {
  /** Reuse a data folder (to restart on what a previous process stored). */
  dataDir?: string
  /** Extra environment for the child (e.g. COMPACT_AFTER_UPDATES for Consenso). */
  env?: Record<string, string>
  /** The Consenso session of a previous process on the same data folder. */
  cookie?: string
}

export interface BenchServer {
  kind: ServerKind
  pid: number
  port: number
  dataDir: string
  /** Consenso's session cookie (the first administrator's), empty for the peers. */
  cookie: string
  /** The extra environment it was started with (a restart on the same data keeps it). */
  env: Record<string, string>
  /** A new document to edit: a Consenso draft made through the API, or a fresh name. */
  newDocument(): Promise<string>
  target(documentName: string): Target
  cpuMs(): number
  rssBytes(): number
  diskBytes(): number
  /** Live memory after a full garbage collection (heap used plus external buffers), in bytes. */
  liveBytes(): Promise<number>
  /** SIGTERM (each server's graceful shutdown), then SIGKILL if it lingers. */
  stop(): Promise<void>
  /** Stops the process and removes its data folder. */
  dispose(): Promise<void>
}

interface Launch {
  command: string[]
  cwd: string
  env: Record<string, string>
  ready: RegExp
}

function launchFor(kind: ServerKind, dataDir: string, extra: Record<string, string>): Launch {
  switch (kind) {
    case 'consenso':
      return {
        command: ['server/src/main.ts'],
        cwd: repoRoot,
        // Fastify logs two lines per request at `info`; the peers log nothing, so neither does this.
        // Every simulated client signs in as the same person; the per-person cap (ABUSE-3) is lifted.
        env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', MAX_CONNECTIONS_PER_PERSON: '1000000', DRAFTS_PER_HOUR: '1000000', ...extra },
        ready: /Consenso listening on http:\/\/127\.0\.0\.1:(\d+)/,
      }
    case 'hocuspocus':
      return { command: ['servers/hocuspocus.ts'], cwd: benchDir, env: { DATA_DIR: dataDir, ...extra }, ready: /BENCH_LISTENING (\d+)/ }
    case 'y-websocket-server':
      return {
        command: ['servers/y-websocket.ts'],
        cwd: benchDir,
        env: { YPERSISTENCE: join(dataDir, 'leveldb'), ...extra },
        ready: /BENCH_LISTENING (\d+)/,
      }
    case 'y-websocket-memory':
      // No YPERSISTENCE: @y/websocket-server keeps its documents in memory only.
      return { command: ['servers/y-websocket.ts'], cwd: benchDir, env: { BENCH_IN_MEMORY: '1', ...extra }, ready: /BENCH_LISTENING (\d+)/ }
  }
}

/** BENCH_CPU_PROFILE_DIR=<folder> writes a V8 CPU profile of every server process when it stops. */
const profileFlags = (): string[] => {
  const dir = process.env.BENCH_CPU_PROFILE_DIR
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []
}

function spawnServer(kind: ServerKind, launch: Launch, memoryFile: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  // Same flags for all three: TypeScript through tsx, and the memory probe (which only listens for SIGUSR2).
  const flags = ['--expose-gc', '--import', 'tsx', '--import', memoryProbe, ...profileFlags()]
  if (kind === 'consenso' && launch.env.BENCH_VALIDATOR === 'before') flags.push('--import', validatorBefore)
  const child = spawn(process.execPath, [...flags, ...launch.command], {
    cwd: launch.cwd,
    env: { ...process.env, NODE_ENV: 'production', BENCH_MEMORY_FILE: memoryFile, ...launch.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  child.once('exit', () => live.delete(child))
  let output = ''
  const keep = (chunk: Buffer): void => {
    // The tail is enough to explain a failed start; the head is dropped to bound memory.
    output = (output + chunk.toString()).slice(-8000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${kind} did not start: ${why}\n--- its output ---\n${output.trim() || '(none)'}`))
    }
    const timer = setTimeout(() => fail(`no "listening" line within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS)
    const onData = (): void => {
      const match = launch.ready.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      child.off('exit', onExit)
      resolve({ child, port: Number(match[1]), output: () => output })
    }
    const onExit = (code: number | null, signal: string | null): void => fail(`exited (${signal ?? `code ${code}`})`)
    child.stdout!.on('data', onData)
    child.once('exit', onExit)
    child.once('error', (error) => fail(error.message))
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function consensoSession(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'bench@example.org', name: 'Bench', delegation: 'CHL', password: 'una-contraseña-de-banco-larga' }),
  })
  const match = /consenso_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')
  if (response.status !== 201 || !match) throw new Error(`Consenso setup failed: ${response.status} ${await response.text()}`)
  return match[0]
}

let documentCounter = 0

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<BenchServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `consenso-bench-${kind}-`))
  ownPaths.add(dataDir)
  // Beside the data folder, not in it: it must not count as bytes stored.
  const memoryFile = `${dataDir}.memory.json`
  ownPaths.add(memoryFile)
  const { child, port } = await spawnServer(kind, launchFor(kind, dataDir, options.env ?? {}), memoryFile)
  const pid = child.pid!
  const base = `http://127.0.0.1:${port}`
  let cookie = options.cookie ?? ''
  if (kind === 'consenso' && !cookie) {
    try {
      cookie = await consensoSession(base)
    } catch (error) {
      await stopChild(child)
      throw error
    }
  }
  const server: BenchServer = {
    kind,
    pid,
    port,
    dataDir,
    cookie,
    env: options.env ?? {},
    async newDocument() {
      if (kind !== 'consenso') return `bench-${process.pid}-${++documentCounter}`
      const response = await fetch(`${base}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, cookie },
        body: JSON.stringify({ title: `Bench ${++documentCounter}`, template: 'blank' }),
      })
      if (response.status !== 201) throw new Error(`creating a Consenso draft failed: ${response.status} ${await response.text()}`)
      return ((await response.json()) as { id: string }).id
    },
    target(documentName): Target {
      const ws = `ws://127.0.0.1:${port}`
      switch (kind) {
        case 'consenso':
          return {
            url: `${ws}/collab/${documentName}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`,
            headers: { cookie },
            framing: 'y-websocket',
            documentName,
          }
        case 'hocuspocus':
          return { url: ws, headers: {}, framing: 'hocuspocus', documentName }
        case 'y-websocket-server':
        case 'y-websocket-memory':
          return { url: `${ws}/${documentName}`, headers: {}, framing: 'y-websocket', documentName }
      }
    },
    cpuMs: () => cpuMs(pid),
    rssBytes: () => rssBytes(pid),
    diskBytes: () => dirBytes(dataDir),
    async liveBytes() {
      const before = existsSync(memoryFile) ? readFileSync(memoryFile, 'utf8') : ''
      process.kill(pid, 'SIGUSR2')
      const deadline = performance.now() + 10_000
      for (;;) {
        const now = existsSync(memoryFile) ? readFileSync(memoryFile, 'utf8') : ''
        if (now && now !== before) {
          try {
            const usage = JSON.parse(now) as { heapUsed: number; external: number }
            return usage.heapUsed + usage.external
          } catch {
            // Read while being written: try again.
          }
        }
        if (performance.now() > deadline) throw new Error(`${kind} did not report its memory within 10 s`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    stop: () => stopChild(child),
    async dispose() {
      await stopChild(child)
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(memoryFile, { force: true })
      ownPaths.delete(dataDir)
      ownPaths.delete(memoryFile)
    },
  }
  return server
}

/**
 * The process as people run it (Consenso only): memory at start, time until it listens, and
 * the bytes a browser downloads for the first page, two ways:
 *
 * - `sources`: what `pnpm start` ran before the production build — the server through the tsx
 *   CLI (which runs Node as a child of its own), the client files sent uncompressed;
 * - `built`: what `pnpm start` runs now (`node scripts/start.mjs`: the bundle on plain Node),
 *   the client's pre-compressed copies sent to a browser that accepts Brotli.
 *
 * Both serve the same client build, so the first-page figure compares the transfer, not the
 * chunking; the build (server and client) is made current before anything is timed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rssBytes } from '../lib/proc.ts'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export type ProcessMode = 'sources' | 'built'

export interface ProcessResult {
  mode: ProcessMode
  /** Resident memory of the server's processes (tsx's parent included), a second after listening. */
  rssBytes: number
  /** From spawning to the "Consenso listening" line. */
  listenMs: number
  /** index.html and every file it loads before the first page can render, as sent. */
  firstPageBytes: number
  firstPageFiles: number
}

/** Builds what `pnpm start` would build, so its time is not counted as start-up. */
export function ensureBuilt(): void {
  for (const name of ['server', 'client']) {
    const built = spawnSync('pnpm', ['--silent', '--filter', `@consenso/${name}`, 'run', 'build'], { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } })
    if (built.status !== 0) throw new Error(`building the ${name} failed`)
  }
}

/** The process and its descendants (tsx runs the server in a child process). */
function tree(pid: number): number[] {
  let children: number[] = []
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()
    children = tasks ? tasks.split(' ').map(Number) : []
  } catch {
    // Gone already.
  }
  return [pid, ...children.flatMap(tree)]
}

function command(mode: ProcessMode): string[] {
  return mode === 'sources' ? [join(repoRoot, 'node_modules/.bin/tsx'), 'server/src/main.ts'] : [process.execPath, 'scripts/start.mjs']
}

/** The files the first page needs: index.html, its scripts and styles, their static imports. */
async function firstPage(url: string, encoding: string): Promise<{ bytes: number; files: number }> {
  const seen = new Set<string>()
  let bytes = 0
  const get = async (path: string): Promise<string> => {
    const response = await fetch(`${url}${path}`, { headers: { 'accept-encoding': encoding } })
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    const body = await response.text()
    // Bytes on the wire: the Content-Length of what was sent (compressed or not).
    const length = Number(response.headers.get('content-length') ?? Number.NaN)
    bytes += Number.isFinite(length) ? length : Buffer.byteLength(body)
    return body
  }
  const visit = async (path: string): Promise<void> => {
    if (seen.has(path)) return
    seen.add(path)
    const body = await get(path)
    if (!path.endsWith('.js')) return
    for (const match of body.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) await visit(`/assets/${match[1]}`)
  }
  seen.add('/')
  const html = await get('/')
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)) await visit(match[1]!)
  return { bytes, files: seen.size }
}

export async function runProcess(mode: ProcessMode): Promise<ProcessResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'consenso-bench-process-'))
  const [program, ...args] = command(mode)
  const started = performance.now()
  const child: ChildProcess = spawn(program!, args, {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${mode}: no "listening" line within 60 s\n${output}`)), 60_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const match = /Consenso listening on (http:\/\/\S+)/.exec(output)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`${mode}: exited (${code}) before listening\n${output}`))
      })
    })
    const listenMs = performance.now() - started
    // What a freshly started server holds once its start-up work has settled.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const rss = tree(child.pid!).reduce((sum, pid) => sum + rssBytes(pid), 0)
    const page = await firstPage(url, mode === 'sources' ? 'identity' : 'br, gzip')
    return { mode, rssBytes: rss, listenMs, firstPageBytes: page.bytes, firstPageFiles: page.files }
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // Already stopped.
    }
    await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

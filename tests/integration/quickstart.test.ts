/**
 * The README's quick start, run literally in a fresh clone of this repository, as a newcomer
 * would: install, load the demo, start, sign in with an account the demo printed ([OPS-1]).
 *
 * It clones the worktree's HEAD: uncommitted changes are not part of what it checks.
 * Two substitutions, both forced by a machine without the network: `npm i -g pnpm@X` becomes
 * a check that pnpm X is the one installed, and `pnpm install` becomes
 * `pnpm install --frozen-lockfile --offline` (the same install, from the local store).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT, tempDir } from '../helpers/child-server.ts'
import { freePort } from '../helpers/services.ts'
import { signIn } from '../helpers/session.ts'

/** The `sh` blocks of the README's "Quick start" section, in order. */
function quickStartBlocks(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  const section = /^## Quick start\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? ''
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!.trim())
}

/** A clean environment: what a person's shell has, nothing of vitest or of this checkout. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...extra }
}

/** Runs one command the way a shell would, substituting only what needs the network. */
function runStep(step: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const pin = /^npm i -g pnpm@(\S+)$/.exec(step)
  if (pin) {
    const version = spawnSync('pnpm', ['--version'], { cwd, env, encoding: 'utf8' })
    expect(version.stdout.trim(), `${step}: the installed pnpm`).toBe(pin[1])
    return version.stdout
  }
  const command = step === 'pnpm install' ? 'pnpm install --frozen-lockfile --offline' : step
  const result = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: 120_000 })
  expect(result.status, `${command} failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

/** Starts a long-running command in its own process group, so pnpm and its child stop together. */
function startLongRunning(command: string, cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn('sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        // already gone
      }
    }
  })
  return { child, output: () => output }
}

function untilListening(server: { child: ChildProcess; output: () => string }, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm start did not listen within ${timeoutMs} ms:\n${server.output()}`)), timeoutMs)
    const check = (): void => {
      const match = /Consenso listening on (http:\/\/\S+)/.exec(server.output())
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    server.child.stdout!.on('data', check)
    server.child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`pnpm start exited (${code}) before listening:\n${server.output()}`))
    })
  })
}

describe('quick start', () => {
  it('[OPS-1] the README quick start and demo, run literally in a fresh clone, give a demo account that signs in', async () => {
    const blocks = quickStartBlocks()
    // The install line, then the demo line; the test runs exactly these.
    expect(blocks[0]).toBe('npm i -g pnpm@12.4.2 && pnpm install && pnpm start')
    const demoBlock = blocks.find((block) => block.includes('pnpm consenso demo'))
    expect(demoBlock).toBe('pnpm consenso demo && pnpm start')

    const home = tempDir('quickstart')
    cleanups.push(() => rmSync(home, { recursive: true, force: true }))
    const clone = join(home, 'consenso')
    const cloned = spawnSync('git', ['clone', '--quiet', REPO_ROOT, clone], { encoding: 'utf8' })
    expect(cloned.status, cloned.stderr).toBe(0)

    const port = await freePort()
    const env = userEnv({ PORT: String(port) })
    // The first block up to its server start: installing is what a fresh machine does first.
    const [pin, install] = blocks[0]!.split(' && ')
    runStep(pin!, clone, env)
    runStep(install!, clone, env)

    const [demo, start] = demoBlock!.split(' && ')
    const printed = runStep(demo!, clone, env)
    // The demo says where it wrote, and it is where the server will look.
    expect(printed).toContain(`Demo workspace written to ${join(clone, 'data')}`)
    expect(existsSync(join(clone, 'data', 'consenso.sqlite'))).toBe(true)
    const account = /^\s+(ana\.perez@\S+)\s+(\S+)\s+Ana Pérez/m.exec(printed)
    expect(account, printed).not.toBeNull()

    const server = startLongRunning(start!, clone, env)
    const url = await untilListening(server, 120_000)
    expect(url).toBe(`http://127.0.0.1:${port}`)
    expect(server.output()).toContain(`data: ${join(clone, 'data')}`)

    const session = await signIn(url, account![1]!, account![2]!)
    expect(session.user.email).toBe(account![1])
    // Conversions run in worker threads ([CONV-15]); the built server finds its bundled worker.
    const imported = await fetch(`${url}/api/documents/import?format=md&filename=insumos.md`, {
      method: 'POST',
      headers: { 'content-type': 'text/markdown', origin: url, cookie: session.cookie },
      body: '# Insumos de la troika\n\nReconociendo la labor de los puntos focales;\n',
    })
    expect(imported.status, await imported.clone().text()).toBe(201)
    const { id } = (await imported.json()) as { id: string }
    const exported = await fetch(`${url}/api/documents/${id}/export?format=md&view=clean`, { headers: { cookie: session.cookie, origin: url } })
    expect(exported.status).toBe(200)
    expect(await exported.text()).toContain('Reconociendo la labor de los puntos focales')
    // The built command line (what a service without pnpm runs) reads the same folder from the clone's root.
    const listed = spawnSync(process.execPath, ['server/dist/cli.js', 'user', 'list'], { cwd: clone, env: userEnv({}), encoding: 'utf8' })
    expect(listed.status, listed.stderr).toBe(0)
    expect(listed.stdout).toContain(account![1])

    const page = await fetch(`${url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')
  })
})

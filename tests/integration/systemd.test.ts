/**
 * [OPS-11] The systemd unit of docs/deployment.md, tested as far as a machine without a
 * running systemd allows: `systemd-analyze verify` accepts it (where installed; skipped,
 * saying so, elsewhere), and its ExecStart, run with
 * its Environment= lines and WorkingDirectory as systemd would (the checkout standing in for
 * /opt/consenso, a temporary DATA_DIR and port), listens, is ready, and stops cleanly on its
 * KillSignal within TimeoutStopSec.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT, tempDir } from '../helpers/child-server.ts'

function unitFromDocs(): string {
  const docs = readFileSync(join(REPO_ROOT, 'docs/deployment.md'), 'utf8')
  const section = /^## One instance as a systemd service\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(docs)?.[1] ?? ''
  const unit = /^```ini\n([\s\S]*?)^```/m.exec(section)?.[1]
  if (!unit) throw new Error('no ```ini block under "One instance as a systemd service" in docs/deployment.md')
  return unit
}

/** `Key=value` lines of one section; Environment= may repeat. */
function directives(unit: string, section: string): [string, string][] {
  const body = new RegExp(`^\\[${section}\\]\\n([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(unit)?.[1] ?? ''
  return body
    .split('\n')
    .filter((line) => /^[A-Za-z]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
}

const verify = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' })
const noAnalyze = verify.status === 0 ? null : 'systemd-analyze is not installed'

let stopChild: (() => void) | null = null
afterEach(() => {
  stopChild?.()
  stopChild = null
})

describe('systemd unit', () => {
  it(
    `[OPS-11] the documented unit verifies, and its ExecStart with its environment serves and stops cleanly${noAnalyze ? ` (verification skipped: ${noAnalyze})` : ''}`,
    async () => {
      const built = spawnSync('pnpm', ['--silent', '--filter', '@consenso/server', 'run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' })
      expect(built.status, built.stderr).toBe(0)
      const unit = unitFromDocs().replaceAll('/opt/consenso', REPO_ROOT.replace(/\/$/, ''))
      const service = Object.fromEntries(directives(unit, 'Service').filter(([key]) => key !== 'Environment'))
      expect(service.ExecStart).toMatch(/^\/usr\/bin\/node \S+\/server\/dist\/main\.js$/)
      expect(service.KillSignal).toBe('SIGTERM')

      if (noAnalyze === null) {
        const file = join(tempDir('systemd'), 'consenso.service')
        writeFileSync(file, unit)
        const verified = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' })
        expect(verified.status, verified.stderr).toBe(0)
        expect(verified.stderr.trim()).toBe('')
      } else {
        console.warn(`[OPS-11] systemd-analyze verify skipped: ${noAnalyze}`)
      }

      const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
      for (const [key, value] of directives(unit, 'Service')) {
        if (key !== 'Environment') continue
        const [name, ...rest] = value.split('=')
        env[name!] = rest.join('=')
      }
      expect(env).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/var/lib/consenso', TRUST_PROXY: '127.0.0.1' })
      // A machine's own folder and port stand in for the service's.
      env.DATA_DIR = join(tempDir('systemd-data'), 'consenso')
      env.PORT = '0'
      const [program, ...args] = service.ExecStart!.split(' ')
      const child = spawn(program!, args, { cwd: service.WorkingDirectory, env, stdio: ['ignore', 'pipe', 'pipe'] })
      stopChild = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
      let output = ''
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening" line within 30 s:\n${output}`)), 30_000)
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const match = /Consenso listening on (http:\/\/\S+)/.exec(output)
          if (match?.[1]) {
            clearTimeout(timer)
            resolve(match[1])
          }
        })
        void exited.then((code) => reject(new Error(`exited (${code}) before listening:\n${output}`)))
      })
      expect((await fetch(`${url}/api/ready`)).status).toBe(200)
      // Not a terminal: JSON log lines, as journald should get them.
      const first = output.split('\n').find((line) => line.startsWith('{'))
      if (first) expect(() => JSON.parse(first) as unknown).not.toThrow()

      child.kill(service.KillSignal as NodeJS.Signals)
      const timeoutMs = Number(service.TimeoutStopSec) * 1000
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs))])
      expect(code, output).toBe(0)
    },
  )
})

/**
 * Real Chromium (Debian's package) driven by playwright-core. Under CI=true a missing
 * browser fails the run; elsewhere the browser tests skip with the reason printed.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { chromium, type Browser } from 'playwright-core'
import { REPO_ROOT } from './child-server.ts'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOT_DIR = join(REPO_ROOT, 'tests/.artifacts/screenshots')

/** Null when the browser tests can run, else why not. Throws under CI. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI the browser tests must run`)
  console.warn(`[e2e] skipped: ${reason}`)
  return reason
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Builds client/dist if its sources changed since the last build (a no-op otherwise). */
export function ensureClientBuilt(): string {
  const result = spawnSync('pnpm', ['--silent', '--filter', '@consenso/client', 'run', 'build:if-needed'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`client build failed:\n${result.stdout}\n${result.stderr}`)
  return join(REPO_ROOT, 'client/dist')
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  return join(SCREENSHOT_DIR, `${name}.png`)
}

/**
 * What every limit test checks while its abuse runs: the server's resident memory stays
 * bounded (read from the server process's /proc status, or this process's when the server runs
 * in it), and a canary client on another draft keeps its round trip (edit → saved → seen by a
 * second client) under a second. The round-trip bound is a correctness bound (a draft frozen
 * by someone else's abuse is a bug), not a benchmark: raw timings live in `pnpm bench`.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncUpdate } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { connectClient, type Endpoint, type TestClient } from './clients.ts'
import { waitFor } from './wait.ts'

/** Resident memory of process `pid` (this process by default), in bytes, from /proc. */
export function residentBytes(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(match[1]) * 1024
}

/** Keeps the largest resident size seen while `during` runs, sampling every 50 ms. */
export async function peakResident<T>(pid: number | 'self', during: () => Promise<T>): Promise<{ result: T; peak: number; before: number }> {
  const before = residentBytes(pid)
  let peak = before
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, residentBytes(pid))
    } catch {
      // The process ended; the peak so far stands.
    }
  }, 50)
  try {
    const result = await during()
    peak = Math.max(peak, residentBytes(pid))
    return { result, peak, before }
  } finally {
    clearInterval(timer)
  }
}

/**
 * One sync-update frame that pastes `paragraphs` short paragraphs at once: some 3 structs each
 * (element, text, string), so a frame over the structs-per-update cap (ABUSE-4) is easy to make.
 */
export function pasteFrame(paragraphs: number): Uint8Array {
  const source = new Y.Doc()
  const items = Array.from({ length: paragraphs }, (_, i) => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(`p${i}`)])
    return paragraph
  })
  source.getXmlFragment(BODY_FIELD).push(items)
  const frame = encodeSyncUpdate(Y.encodeStateAsUpdate(source))
  source.destroy()
  return frame
}

export interface Canary {
  /** One edit on the canary draft, confirmed saved and seen by the second client within a second. */
  roundTrip(label: string): Promise<number>
  /** Round trips one after another until `stop` resolves; each must stay under a second. */
  keepGoing(stop: Promise<unknown>): Promise<number[]>
}

export async function canary(endpoint: Endpoint, draft: string, track: (client: TestClient) => TestClient): Promise<Canary> {
  const writer = track(connectClient(endpoint, draft))
  const reader = track(connectClient(endpoint, draft))
  await Promise.all([writer.waitSynced(), reader.waitSynced()])
  let n = 0
  const roundTrip = async (label: string): Promise<number> => {
    const text = `${label} #${n++}`
    const started = performance.now()
    writer.addParagraph(text)
    await writer.waitSaved(5_000)
    await waitFor(() => reader.paragraphs().includes(text), `the canary edit "${text}" to reach the other client`, { timeoutMs: 5_000 })
    const took = performance.now() - started
    expect(took, `canary round trip "${text}"`).toBeLessThan(1_000)
    return took
  }
  return {
    roundTrip,
    async keepGoing(stop) {
      let done = false
      void stop.then(
        () => (done = true),
        () => (done = true),
      )
      const times: number[] = []
      while (!done) times.push(await roundTrip('canary'))
      return times
    },
  }
}

export interface CanaryProcess {
  /** Round trips measured so far, in milliseconds, in order. */
  readonly times: number[]
  stop(): Promise<void>
}

/**
 * The canary in a process of its own (canary-child.ts): the test's process, busy building an
 * abuse, then does not count against the server's answer times.
 */
export async function canaryProcess(endpoint: Endpoint, draft: string): Promise<CanaryProcess> {
  const script = fileURLToPath(new URL('./canary-child.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script, endpoint.wsUrl, endpoint.cookie, draft], { stdio: ['ignore', 'pipe', 'pipe'] })
  const times: number[] = []
  let output = ''
  let ready = false
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    const lines = output.split('\n')
    output = lines.pop() ?? ''
    for (const line of lines) {
      if (line === 'ready') ready = true
      else if (/^\d+$/.test(line)) times.push(Number(line))
    }
  })
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await waitFor(() => ready || child.exitCode !== null, 'the canary process to connect', { timeoutMs: 60_000 })
  if (!ready) throw new Error(`the canary process ended: ${errors}`)
  return {
    times,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

/**
 * Capacity of one instance: simulated people typing in 5-person drafts, one step of the ramp
 * per call, each step on a fresh server (run.ts). Every typist is a raw client with its own
 * paragraph in its draft; it types 5 keystrokes a second at a random phase, each keystroke one
 * update (a stamp `@@<id>;` whose send time the bench keeps, so a keystroke writes a few
 * characters) followed by its caret (an awareness update), as an editor sends them. The other
 * four people of the draft receive both. Typists keep their own document only (they do not
 * integrate each other's keystrokes), so the bench process spends what it must on sockets.
 *
 * Measured over the step's window, after a warm-up: delivery latency p50/p99 of keystrokes at
 * the other four people of each draft, updates sent per second, server CPU (from /proc) per
 * update and per delivery, and the bench process's own CPU (when it nears a core, the figures
 * measure the load generator as much as the server: reported, not hidden). Drafts all start
 * together, so Consenso's drafts reach their compaction threshold in the same seconds, as
 * when a meeting opens its drafts at once.
 */
import { appendParagraph, BenchClient, stamp } from '../lib/client.ts'
import type { BenchServer } from '../lib/servers.ts'
import { percentile, type DeliveryStats } from '../lib/stats.ts'
import { drained, pool, sleep, waitFor } from '../lib/wait.ts'

export const PEOPLE_PER_DRAFT = 5
/** The capacity is the largest step whose keystrokes reach the others within this, at p99. */
export const CAPACITY_P99_LIMIT_MS = 250
const KEYSTROKES_PER_SECOND = 5

export interface CapacityOptions {
  typists: number
  warmupMs: number
  measureMs: number
  drainTimeoutMs: number
}

export interface CapacityResult extends DeliveryStats {
  typists: number
  drafts: number
  /** Keystroke updates sent in the window, per second. */
  updatesPerSecond: number
  cpuUsPerUpdate: number
  /** The bench process's own CPU in ms per second of the window. */
  benchCpuMsPerSecond: number
  /** Longest gap between two turns of the bench's own event loop in the window (its lag). */
  benchLagMaxMs: number
}

const CONNECT_TIMEOUT_MS = 120_000

export async function runCapacity(server: BenchServer, options: CapacityOptions): Promise<CapacityResult> {
  const drafts = Math.ceil(options.typists / PEOPLE_PER_DRAFT)
  const sentAt: number[] = []
  /** Which typist sent each keystroke: servers may echo a keystroke to its own writer (y-websocket-server does, and a commit group's one message may hold it), which is no delivery. */
  const sentBy: number[] = []
  const samples: { id: number; latency: number }[] = []
  const stampsFor = (typist: number) => (ids: number[], at: number): void => {
    for (const id of ids) if (sentBy[id] !== typist) samples.push({ id, latency: at - sentAt[id]! })
  }
  const names = await pool(drafts, 8, () => server.newDocument())
  const typists: BenchClient[] = []
  const timers: NodeJS.Timeout[] = []
  try {
    await pool(options.typists, 50, async (index) => {
      const client = new BenchClient(server.target(names[index % drafts]!), { track: true, ownOnly: true, onStamps: stampsFor(index) })
      typists[index] = client
      await client.start()
    })
    await waitFor(() => typists.every((client) => client.synced), `${options.typists} typists to sync with ${server.kind}`, CONNECT_TIMEOUT_MS)
    const texts = typists.map((client) => appendParagraph(client.doc!))
    await sleep(500)

    let next = 0
    const period = 1000 / KEYSTROKES_PER_SECOND
    const keystroke = (index: number): void => {
      const id = next++
      sentAt[id] = performance.now()
      sentBy[id] = index
      const text = texts[index]!
      text.insert(text.length, stamp(id))
      typists[index]!.sendAwareness({ cursor: { anchor: text.length, head: text.length }, user: { name: `typist ${index}`, color: '#336699' } })
    }
    // Each typist at its own phase of the 200 ms period, so keystrokes arrive spread.
    typists.forEach((_, index) => {
      timers.push(
        setTimeout(() => {
          keystroke(index)
          timers.push(setInterval(() => keystroke(index), period))
        }, Math.random() * period),
      )
    })
    await sleep(options.warmupMs)
    const firstId = next
    const from = performance.now()
    const cpuBefore = server.cpuMs()
    const benchBefore = process.cpuUsage()
    let lagMax = 0
    let lastTurn = performance.now()
    const lagTimer = setInterval(() => {
      const now = performance.now()
      lagMax = Math.max(lagMax, now - lastTurn - 50)
      lastTurn = now
    }, 50)
    await sleep(options.measureMs)
    clearInterval(lagTimer)
    const windowMs = performance.now() - from
    const serverCpuMs = server.cpuMs() - cpuBefore
    const bench = process.cpuUsage(benchBefore)
    for (const timer of timers) clearInterval(timer)
    const endId = next
    const updates = endId - firstId
    const expectedDeliveries = updates * (PEOPLE_PER_DRAFT - 1)
    // Keystrokes still missing after the drain bound are counted as missing, not failed.
    const latencies = await drained(samples, firstId, endId, expectedDeliveries, 'keystrokes to drain', options.drainTimeoutMs)
    // A keystroke never delivered counts as the slowest, not as absent.
    const withMissing = latencies.concat(Array.from({ length: Math.max(0, expectedDeliveries - latencies.length) }, () => Number.POSITIVE_INFINITY))
    return {
      typists: options.typists,
      drafts,
      updatesPerSecond: (updates * 1000) / windowMs,
      deliveries: latencies.length,
      expectedDeliveries,
      p50Ms: percentile(withMissing, 50),
      p99Ms: percentile(withMissing, 99),
      maxMs: percentile(withMissing, 100),
      serverCpuMs,
      cpuUsPerUpdate: updates > 0 ? (serverCpuMs * 1000) / updates : Number.NaN,
      cpuUsPerDelivery: latencies.length > 0 ? (serverCpuMs * 1000) / latencies.length : Number.NaN,
      serverCpuMsPerSecond: (serverCpuMs * 1000) / windowMs,
      benchCpuMsPerSecond: (bench.user + bench.system) / windowMs,
      benchLagMaxMs: lagMax,
    }
  } finally {
    for (const timer of timers) clearInterval(timer)
    await Promise.all(typists.map((client) => client.closeAndWait()))
  }
}

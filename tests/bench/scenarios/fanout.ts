/**
 * Scenario 1, fan-out on one draft: N clients on one document, W of them writing R updates
 * per second each. Every update carries a stamp (`@@<id>;` in its text) whose send time the
 * bench keeps, so each observer's arrival gives one delivery latency, all on one clock.
 * Server CPU (from /proc) over the measured window is divided by the deliveries observed.
 */
import { appendParagraph, BenchClient, stamp } from '../lib/client.ts'
import type { BenchServer } from '../lib/servers.ts'
import { percentile, type DeliveryStats } from '../lib/stats.ts'
import { drained, pool, sleep, waitFor } from '../lib/wait.ts'

export interface FanoutWorkload {
  id: string
  writers: number
  perSecond: number
}

export const FANOUT_WORKLOADS: FanoutWorkload[] = [
  { id: '1x30', writers: 1, perSecond: 30 },
  { id: '10x5', writers: 10, perSecond: 5 },
]

/** Moving carets during the run: `count` observers each send an awareness update `hz` times a second. */
export interface Carets {
  count: number
  hz: number
}

export interface FanoutTiming {
  warmupMs: number
  measureMs: number
  drainTimeoutMs: number
}

export interface FanoutResult extends DeliveryStats {
  clients: number
  workload: string
  updates: number
  /** Consenso only: time from sending an update to its `saved` acknowledgement. */
  savedP50Ms: number | null
  savedP99Ms: number | null
  /** Messages the server sent to all clients during the measured window, per second. */
  messagesPerSecond: number
}

const CONNECT_TIMEOUT_MS = 60_000

export async function runFanout(
  server: BenchServer,
  clients: number,
  workload: FanoutWorkload,
  timing: FanoutTiming,
  carets: Carets = { count: 0, hz: 0 },
): Promise<FanoutResult> {
  const documentName = await server.newDocument()
  const target = server.target(documentName)
  const sentAt: number[] = []
  const samples: { id: number; latency: number }[] = []
  const saved: { sentAt: number; latency: number }[] = []
  const all: BenchClient[] = []
  const acknowledged = new Map<BenchClient, number>()
  try {
    const writers = Array.from({ length: workload.writers }, () => {
      const writer: BenchClient = new BenchClient(target, {
        track: true,
        onSaved: (frames, at) => {
          for (let k = acknowledged.get(writer) ?? 0; k < frames; k++) saved.push({ sentAt: writer.frameSentAt[k]!, latency: at - writer.frameSentAt[k]! })
          acknowledged.set(writer, Math.max(frames, acknowledged.get(writer) ?? 0))
        },
      })
      all.push(writer)
      return writer
    })
    const observerCount = Math.max(0, clients - workload.writers)
    const onStamps = (ids: number[], at: number): void => {
      for (const id of ids) samples.push({ id, latency: at - sentAt[id]! })
    }
    await Promise.all(writers.map((writer) => writer.start()))
    await pool(observerCount, 50, async () => {
      const observer = new BenchClient(target, { track: false, onStamps })
      all.push(observer)
      await observer.start()
    })
    await waitFor(() => all.every((client) => client.synced), `${clients} clients to sync with ${server.kind}`, CONNECT_TIMEOUT_MS)
    const texts = writers.map((writer) => appendParagraph(writer.doc!))
    await sleep(200)

    let next = 0
    const period = 1000 / workload.perSecond
    const timers: NodeJS.Timeout[] = []
    const write = (index: number): void => {
      const id = next++
      sentAt[id] = performance.now()
      const text = texts[index]!
      text.insert(text.length, stamp(id))
    }
    // Carets move on observers, spread over their period like the writers.
    const caretClients = all.slice(workload.writers, workload.writers + carets.count)
    caretClients.forEach((client, index) => {
      let position = 0
      const move = (): void => client.sendAwareness({ cursor: { anchor: position, head: position++ }, user: { name: `caret ${index}` } })
      timers.push(
        setTimeout(() => {
          move()
          timers.push(setInterval(move, 1000 / carets.hz))
        }, (index * 1000) / carets.hz / Math.max(1, carets.count)),
      )
    })
    // Writers are spread over the period so their updates do not all land in one turn.
    writers.forEach((_, index) => {
      timers.push(
        setTimeout(() => {
          write(index)
          timers.push(setInterval(() => write(index), period))
        }, (index * period) / workload.writers),
      )
    })
    await sleep(timing.warmupMs)
    const firstId = next
    const measuredFrom = performance.now()
    const cpuBefore = server.cpuMs()
    const messagesIn = (): number => all.reduce((sum, client) => sum + client.messagesIn, 0)
    const messagesBefore = messagesIn()
    await sleep(timing.measureMs)
    const measuredMs = performance.now() - measuredFrom
    const cpuWindow = server.cpuMs() - cpuBefore
    const messagesWindow = messagesIn() - messagesBefore
    for (const timer of timers) clearInterval(timer)
    const endId = next
    const expectedDeliveries = (endId - firstId) * observerCount
    // A server that drops or delays updates past the drain bound is reported, not failed.
    const latencies = await drained(samples, firstId, endId, expectedDeliveries, 'deliveries to drain', timing.drainTimeoutMs)
    const serverCpuMs = server.cpuMs() - cpuBefore
    const savedLatencies = saved.filter((entry) => entry.sentAt >= measuredFrom).map((entry) => entry.latency)
    return {
      clients,
      workload: workload.id,
      updates: endId - firstId,
      deliveries: latencies.length,
      expectedDeliveries,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: percentile(latencies, 100),
      serverCpuMs,
      cpuUsPerDelivery: latencies.length > 0 ? (serverCpuMs * 1000) / latencies.length : Number.NaN,
      savedP50Ms: server.kind === 'consenso' ? percentile(savedLatencies, 50) : null,
      savedP99Ms: server.kind === 'consenso' ? percentile(savedLatencies, 99) : null,
      messagesPerSecond: (messagesWindow * 1000) / measuredMs,
      serverCpuMsPerSecond: (cpuWindow * 1000) / measuredMs,
    }
  } finally {
    await Promise.all(all.map((client) => client.closeAndWait()))
  }
}

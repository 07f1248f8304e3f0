/**
 * Scenario 5, memory per idle open draft: D drafts, each opened by one client that writes a
 * short paragraph and then stays idle (connected, not typing) for a while: 12 s in the full
 * run, longer than Consenso's default IDLE_DRAFT_SECONDS, so what it does with an idle draft
 * counts, as whatever the peers do with theirs. Measured before, with every draft open, and after every
 * client has left: the server's live memory after a full garbage collection (V8 heap used
 * plus external buffers, from the memory probe) and its RSS (from /proc). Live memory is what
 * a draft costs; RSS is what the machine sees, and V8 keeps heap it once grew to, so RSS
 * deltas depend on what ran before.
 */
import { appendParagraph, BenchClient } from '../lib/client.ts'
import type { BenchServer } from '../lib/servers.ts'
import { pool, sleep, waitFor } from '../lib/wait.ts'

export interface MemoryResult {
  drafts: number
  baselineLiveBytes: number
  openLiveBytes: number
  afterLeaveLiveBytes: number
  /** Live memory per open draft (with its one client's connection). */
  liveBytesPerDraft: number
  /** Live memory still above the baseline after everyone left, per draft that was open. */
  retainedLiveBytesPerDraft: number
  baselineRssBytes: number
  openRssBytes: number
  afterLeaveRssBytes: number
  rssBytesPerDraft: number
}

const PARAGRAPH = 'Los Estados miembros reafirman su compromiso con una migración segura, ordenada y regular, '.repeat(2)

/** Opens a draft with one client that writes the paragraph and stays. */
async function openDraft(server: BenchServer, name: string, clients: BenchClient[]): Promise<void> {
  const client = new BenchClient(server.target(name), { track: true })
  clients.push(client)
  await client.start()
  await waitFor(() => client.synced, `draft ${name} to sync`, 30_000)
  appendParagraph(client.doc!).insert(0, PARAGRAPH)
}

export async function runMemory(server: BenchServer, drafts: number, settleMs: number, idleMs: number): Promise<MemoryResult> {
  // A few drafts opened and left first, so code compiled on first use is in the baseline and
  // not counted against the drafts.
  const warmup: BenchClient[] = []
  for (let i = 0; i < 5; i++) await openDraft(server, await server.newDocument(), warmup)
  await sleep(settleMs)
  await Promise.all(warmup.map((client) => client.closeAndWait()))
  const names = await pool(drafts, 8, () => server.newDocument())
  await sleep(settleMs * 2)
  const baselineLiveBytes = await server.liveBytes()
  const baselineRssBytes = server.rssBytes()
  const clients: BenchClient[] = []
  try {
    await pool(drafts, 25, (index) => openDraft(server, names[index]!, clients))
    // Idle: every client connected, nobody typing, for idleMs.
    await sleep(idleMs)
    const openLiveBytes = await server.liveBytes()
    const openRssBytes = server.rssBytes()
    await Promise.all(clients.splice(0).map((client) => client.closeAndWait()))
    // Hocuspocus stores and unloads as the last client leaves; the others unload at once too.
    await sleep(settleMs * 2)
    const afterLeaveLiveBytes = await server.liveBytes()
    const afterLeaveRssBytes = server.rssBytes()
    return {
      drafts,
      baselineLiveBytes,
      openLiveBytes,
      afterLeaveLiveBytes,
      liveBytesPerDraft: (openLiveBytes - baselineLiveBytes) / drafts,
      retainedLiveBytesPerDraft: (afterLeaveLiveBytes - baselineLiveBytes) / drafts,
      baselineRssBytes,
      openRssBytes,
      afterLeaveRssBytes,
      rssBytesPerDraft: (openRssBytes - baselineRssBytes) / drafts,
    }
  } finally {
    await Promise.all(clients.map((client) => client.closeAndWait()))
  }
}

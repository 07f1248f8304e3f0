/**
 * Scenario 3b, replay of a concurrent editing trace (`friendsforever-concurrent`: two authors
 * whose edits fork and merge) with one client per author and one observer. Each author's
 * updates are produced before the clock starts, by replaying the trace's causal graph in one
 * Y.Doc per author (an author sees exactly the edits its transaction's parents name); then
 * every author sends its own updates as fast as the server takes them, in batches, and the
 * bench waits until every client holds the trace's final text, which it checks.
 */
import * as Y from 'yjs'
import { BODY_FIELD } from '@consenso/schema'
import { appendParagraph, BenchClient, textOf } from '../lib/client.ts'
import type { BenchServer } from '../lib/servers.ts'
import { waitFor } from '../lib/wait.ts'
import { gunzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { tracePath } from '../lib/trace.ts'

interface ConcurrentTxn {
  parents: number[]
  agent: number
  patches: [number, number, string][]
}

export interface ConcurrentTrace {
  name: string
  numAgents: number
  endContent: string
  txns: ConcurrentTxn[]
}

export function loadConcurrentTrace(name: string): ConcurrentTrace {
  const parsed = JSON.parse(gunzipSync(readFileSync(tracePath(name))).toString('utf8')) as Omit<ConcurrentTrace, 'name'> & { kind: string }
  if (parsed.kind !== 'concurrent') throw new Error(`${name} is not a concurrent trace`)
  return { name, numAgents: parsed.numAgents, endContent: parsed.endContent, txns: parsed.txns }
}

export interface ConcurrentResult {
  trace: string
  txns: number
  authors: number
  updatesSent: number
  /** From the first frame until every client holds the final text. */
  wallMs: number
  serverCpuMs: number
  textChecked: boolean
  /** Whether the final text is also the trace's own (see the note on ties above). */
  sameAsTrace: boolean
}

function lastText(doc: Y.Doc): Y.XmlText | null {
  const body = doc.getXmlFragment(BODY_FIELD)
  const paragraph = body.length > 0 ? body.get(body.length - 1) : null
  const text = paragraph instanceof Y.XmlElement && paragraph.length > 0 ? paragraph.get(0) : null
  return text instanceof Y.XmlText ? text : null
}

/**
 * Each author's updates, in order, from a replay of the causal graph on top of `start` (the
 * document with the paragraph the trace edits); the first author also carries `base`, the
 * update that added that paragraph. Consecutive transactions of one author are merged
 * into one update per `batch`.
 */
export function authorUpdates(trace: ConcurrentTrace, start: Uint8Array, base: Uint8Array, batch: number): Uint8Array[][] {
  const REMOTE = Symbol('remote')
  const txnUpdates: Uint8Array[] = []
  const agents = Array.from({ length: trace.numAgents }, () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, start, REMOTE)
    return { doc, applied: new Set<number>(), own: [] as number[] }
  })
  trace.txns.forEach((txn, index) => {
    const agent = agents[txn.agent]!
    // Bring in every ancestor this author has not seen yet, oldest first (the trace is in causal order).
    const missing: number[] = []
    const stack = [...txn.parents]
    const seen = new Set<number>()
    while (stack.length > 0) {
      const parent = stack.pop()!
      if (agent.applied.has(parent) || seen.has(parent)) continue
      seen.add(parent)
      missing.push(parent)
      stack.push(...trace.txns[parent]!.parents)
    }
    missing.sort((a, b) => a - b)
    for (const parent of missing) {
      Y.applyUpdate(agent.doc, txnUpdates[parent]!, REMOTE)
      agent.applied.add(parent)
    }
    const text = lastText(agent.doc)!
    let produced: Uint8Array | null = null
    const capture = (update: Uint8Array, origin: unknown): void => {
      if (origin !== REMOTE) produced = update
    }
    agent.doc.on('update', capture)
    agent.doc.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) text.delete(position, deleteCount)
        if (insert) text.insert(position, insert)
      }
    })
    agent.doc.off('update', capture)
    txnUpdates[index] = produced ?? new Uint8Array([0, 0])
    agent.applied.add(index)
    agent.own.push(index)
  })
  return agents.map((agent, a) => {
    const updates: Uint8Array[] = a === 0 ? [base] : []
    for (let i = 0; i < agent.own.length; i += batch) updates.push(Y.mergeUpdates(agent.own.slice(i, i + batch).map((t) => txnUpdates[t]!)))
    agent.doc.destroy()
    return updates
  })
}

export async function runConcurrent(server: BenchServer, trace: ConcurrentTrace, batch: number, timeoutMs: number): Promise<ConcurrentResult> {
  const documentName = await server.newDocument()
  const target = server.target(documentName)
  const clients: BenchClient[] = []
  try {
    const authors = Array.from({ length: trace.numAgents }, () => new BenchClient(target, { track: true }))
    const observer = new BenchClient(target, { track: true })
    clients.push(...authors, observer)
    await Promise.all(clients.map((client) => client.start()))
    await waitFor(() => clients.every((client) => client.synced), 'the authors and the observer to sync', 10_000)
    // The base: what the server holds (Consenso's blank template) plus the paragraph the trace edits.
    const baseDoc = new Y.Doc()
    Y.applyUpdate(baseDoc, Y.encodeStateAsUpdate(authors[0]!.doc!))
    const baseVector = Y.encodeStateVector(baseDoc)
    appendParagraph(baseDoc)
    const base = Y.encodeStateAsUpdate(baseDoc, baseVector)
    const perAuthor = authorUpdates(trace, Y.encodeStateAsUpdate(baseDoc), base, batch)
    baseDoc.destroy()
    const frames = perAuthor.map((updates, a) => updates.map((update) => authors[a]!.encodeUpdateFrame(update)))

    // The final text: all updates merged offline. Concurrent insertions at one place are ordered
    // by Yjs client id, random per run, so it may differ from the trace's `endContent` in such ties.
    const merged = new Y.Doc()
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(authors[0]!.doc!))
    for (const updates of perAuthor) for (const update of updates) Y.applyUpdate(merged, update)
    const expected = textOf(lastText(merged)!)
    merged.destroy()
    if (expected.length !== trace.endContent.length) throw new Error('the offline replay does not give a text of the trace’s final length')
    const holdsFinal = (client: BenchClient): boolean => {
      const text = lastText(client.doc!)
      return text !== null && textOf(text) === expected
    }
    const cpuBefore = server.cpuMs()
    const started = performance.now()
    // Authors interleave their batches, as two people typing at once would.
    const longest = Math.max(...frames.map((f) => f.length))
    for (let i = 0; i < longest; i++) {
      frames.forEach((own, a) => {
        if (i >= own.length) return
        const author = authors[a]!
        author.sendFrame(own[i]!)
        // An author holds its own edits, as an editor does; only the others' come from the server.
        Y.applyUpdate(author.doc!, perAuthor[a]![i]!, author)
      })
    }
    await waitFor(() => clients.every(holdsFinal), `every client of ${server.kind} to hold the concurrent trace's final text`, timeoutMs).catch((error: unknown) => {
      const state = clients.map((c) => ({ closed: c.closed, length: lastText(c.doc!) ? textOf(lastText(c.doc!)!).length : null, saved: c.savedFrames, sent: c.framesSent }))
      throw new Error(`${(error as Error).message}: ${JSON.stringify(state)} (expected length ${expected.length})`)
    })
    const wallMs = performance.now() - started
    return {
      trace: trace.name,
      txns: trace.txns.length,
      authors: trace.numAgents,
      updatesSent: frames.reduce((n, f) => n + f.length, 0),
      wallMs,
      serverCpuMs: server.cpuMs() - cpuBefore,
      textChecked: true,
      sameAsTrace: expected === trace.endContent,
    }
  } finally {
    await Promise.all(clients.map((client) => client.closeAndWait()))
  }
}

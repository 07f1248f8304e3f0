/**
 * Scenario 3, replay of a real editing trace through one writer, the server and two
 * observers, with persistence; then scenario 4, cold load: the server is stopped and started
 * again on what it stored, and a new client times its first full sync of the long history.
 *
 * The writer's updates are produced before the clock starts (one Yjs transaction per batch of
 * trace transactions), so the timed part is the server's and the observers' work. Batches
 * keep the run within Consenso's per-connection budget (2,000 messages in a burst,
 * 500 per second): a client replaying 137,000 keystrokes one frame each would be rate-limited,
 * as it should be.
 */
import * as Y from 'yjs'
import { BODY_FIELD } from '@consenso/schema'
import { appendParagraph, BenchClient, textOf, type Target } from '../lib/client.ts'
import { startServer, type BenchServer } from '../lib/servers.ts'
import { expectedText, replayInto, type Trace } from '../lib/trace.ts'
import { sleep, waitFor } from '../lib/wait.ts'

export interface ReplayOptions {
  /** Trace transactions per update sent. */
  batch: number
  /** Replay only the first `txns` transactions (quick mode). */
  txns: number
  timeoutMs: number
  /**
   * Stop the server while the clients are still connected, so the draft is never closed
   * before the restart (Consenso then keeps its log as written, not folded at close).
   */
  stopWithDraftOpen?: boolean
  /** False for a server that keeps nothing across a restart (y-websocket-server in memory): no cold load. */
  coldLoad?: boolean
}

export interface ReplayResult {
  trace: string
  txns: number
  updatesSent: number
  /** From the first frame sent until both observers hold the final text. */
  wallMs: number
  /** Consenso only: until the writer was told every frame is committed. */
  savedMs: number | null
  /** Server CPU from the first frame until the stored state stopped changing after everyone left. */
  serverCpuMs: number
  /** Size of the server's data folder after a graceful stop. */
  bytesStored: number
  /** The same for a server of this kind that stored one empty document (Consenso: and its account). */
  emptyBytes: number
  /** Scenario 4: a new client's first full sync after a restart on the stored data. */
  coldLoadMs: number
  /** A second client while the draft is in memory. */
  warmLoadMs: number
  textChecked: boolean
}

/** The text of the body's last paragraph, where the writer replays (null until it exists). */
function replayedText(doc: Y.Doc): string | null {
  const body = doc.getXmlFragment(BODY_FIELD)
  const paragraph = body.length > 0 ? body.get(body.length - 1) : null
  if (!(paragraph instanceof Y.XmlElement)) return null
  const text = paragraph.length > 0 ? paragraph.get(0) : null
  return text instanceof Y.XmlText ? textOf(text) : null
}

/** Connects a client and resolves with the milliseconds until it holds `expected`. */
async function timeFullSync(target: Target, expected: string, timeoutMs: number): Promise<{ ms: number; client: BenchClient }> {
  const started = performance.now()
  let doneAt = 0
  const client: BenchClient = new BenchClient(target, {
    track: true,
    onUpdate: () => {
      if (doneAt === 0 && replayedText(client.doc!) === expected) doneAt = performance.now()
    },
  })
  await client.start()
  await waitFor(() => doneAt > 0, `a new client of ${target.url} to load the replayed draft`, timeoutMs)
  return { ms: doneAt - started, client }
}

/** Waits until the data folder has not changed size for `quietMs` (bounded). */
async function storageSettled(server: BenchServer, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  let last = server.diskBytes()
  let stableSince = performance.now()
  while (performance.now() < deadline) {
    await sleep(100)
    const now = server.diskBytes()
    if (now !== last) {
      last = now
      stableSince = performance.now()
    } else if (performance.now() - stableSince >= quietMs) return
  }
}

export async function runReplay(first: BenchServer, trace: Trace, options: ReplayOptions): Promise<ReplayResult> {
  let server = first
  const clients: BenchClient[] = []
  try {
    const txns = trace.txns.slice(0, options.txns)
    const expected = expectedText(trace, txns.length)
    const documentName = await server.newDocument()
    const target = server.target(documentName)
    const writer = new BenchClient(target, { track: true })
    clients.push(writer)
    await writer.start()
    await waitFor(() => writer.synced, 'the writer to sync', 10_000)
    const text = appendParagraph(writer.doc!)

    let done = 0
    const finalClock = (): number => Y.getState(writer.doc!.store, writer.doc!.clientID)
    let targetClock = Number.POSITIVE_INFINITY
    const observers = [0, 1].map(() => {
      let finished = false
      const observer: BenchClient = new BenchClient(target, {
        track: true,
        onUpdate: () => {
          if (finished || Y.getState(observer.doc!.store, writer.doc!.clientID) < targetClock) return
          if (replayedText(observer.doc!) !== expected) return
          finished = true
          done++
        },
      })
      clients.push(observer)
      return observer
    })
    await Promise.all(observers.map((observer) => observer.start()))
    await waitFor(() => observers.every((observer) => observer.synced && replayedText(observer.doc!) === ''), 'observers to see the empty paragraph', 10_000)

    writer.holding = true
    replayInto(writer.doc!, text, txns, options.batch)
    writer.holding = false
    const frames = writer.held.splice(0).map((update) => writer.encodeUpdateFrame(update))
    targetClock = finalClock()
    if (textOf(text) !== expected) throw new Error('the writer’s own replay does not give the trace’s final text')

    let savedAt = 0
    const framesBefore = writer.framesSent
    const cpuBefore = server.cpuMs()
    const started = performance.now()
    for (const frame of frames) writer.sendFrame(frame)
    await waitFor(() => done === observers.length, `observers of ${server.kind} to hold the replayed text`, options.timeoutMs)
    const wallMs = performance.now() - started
    if (server.kind === 'consenso') {
      // Durable before acknowledged: the time until the last frame is confirmed committed.
      savedAt = await waitForSaved(writer, framesBefore + frames.length, options.timeoutMs, started)
    }
    const finalState = Y.encodeStateAsUpdate(writer.doc!)
    if (!options.stopWithDraftOpen) await Promise.all(clients.splice(0).map((client) => client.closeAndWait()))
    await storageSettled(server, 1000, 20_000)
    const serverCpuMs = server.cpuMs() - cpuBefore
    if (options.coldLoad === false) {
      return { trace: trace.name, txns: txns.length, updatesSent: frames.length, wallMs, savedMs: null, serverCpuMs, bytesStored: 0, emptyBytes: 0, coldLoadMs: Number.NaN, warmLoadMs: Number.NaN, textChecked: true }
    }
    await server.stop()
    const bytesStored = server.diskBytes()

    server = await startServer(server.kind, { dataDir: server.dataDir, cookie: server.cookie, env: server.env })
    // One small draft first, so the timed load measures reading the long history rather than
    // the new process compiling its connection path.
    const warmup = new BenchClient(server.target(await server.newDocument()), { track: true })
    clients.push(warmup)
    await warmup.start()
    await waitFor(() => warmup.synced, 'a warm-up client after the restart', 10_000)
    // This process decodes the whole draft a few times first: the first decodes of an update
    // this size run before V8 has optimised Yjs's decoder and take 2-10 times as long (measured:
    // 10 to 160 ms for the same bytes), which would be timed as the server's load.
    for (let i = 0; i < 3; i++) Y.applyUpdate(new Y.Doc(), finalState)
    const cold = await timeFullSync(server.target(documentName), expected, options.timeoutMs)
    clients.push(cold.client)
    const warm = await timeFullSync(server.target(documentName), expected, options.timeoutMs)
    clients.push(warm.client)
    return {
      trace: trace.name,
      txns: txns.length,
      updatesSent: frames.length,
      wallMs,
      savedMs: server.kind === 'consenso' ? savedAt : null,
      serverCpuMs,
      bytesStored,
      emptyBytes: await emptyFootprint(first.kind),
      coldLoadMs: cold.ms,
      warmLoadMs: warm.ms,
      textChecked: true,
    }
  } finally {
    await Promise.all(clients.map((client) => client.closeAndWait()))
    if (server !== first) await server.dispose()
  }
}

const footprints = new Map<BenchServer['kind'], number>()

/** Bytes a server of `kind` leaves on disk with one empty document, measured once per kind. */
async function emptyFootprint(kind: BenchServer['kind']): Promise<number> {
  const known = footprints.get(kind)
  if (known !== undefined) return known
  const server = await startServer(kind)
  try {
    const client = new BenchClient(server.target(await server.newDocument()), { track: true })
    await client.start()
    await waitFor(() => client.synced, 'a client of an empty server', 10_000)
    await client.closeAndWait()
    await storageSettled(server, 500, 10_000)
    await server.stop()
    const bytes = server.diskBytes()
    footprints.set(kind, bytes)
    return bytes
  } finally {
    await server.dispose()
  }
}

/** Resolves with the ms from `started` until `saved` covers `frames` frames of `writer`. */
function waitForSaved(writer: BenchClient, frames: number, timeoutMs: number, started: number): Promise<number> {
  return waitFor(() => writer.savedFrames >= frames, 'Consenso to acknowledge every replayed frame', timeoutMs).then(() => writer.savedAt - started)
}

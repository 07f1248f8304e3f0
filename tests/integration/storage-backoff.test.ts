/**
 * Storage trouble said plainly to clients ([BACKOFF-1], [BACKOFF-2]): while commits fail, each
 * client is closed with 4500 and a reason naming how long to wait, a wait that grows with every
 * failure; the browser client's reconnect (client/src/collab/server-backoff.ts, run here on Node
 * providers) waits that long, so clients do not come back several times a second; the server
 * writes one log line per cause however often it fails; one durable commit resets the wait.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode, PERMANENT_CLOSE_CODES, retryDelayOf } from '@consenso/protocol'
import { loggerOptions } from '@consenso/server/logging'
import { honourServerBackoff, serverWait } from '@consenso/client/server-backoff'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { switchableStorage } from '../helpers/read-only-storage.ts'
import { startServer, tempDir, type TestServer } from '../helpers/server.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer | undefined
let closeReadOnly: (() => void) | null = null
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = undefined
  closeReadOnly?.()
  closeReadOnly = null
})

interface Watched {
  client: TestClient
  /** The waits the server named, in order. */
  waits: number[]
  /** For each wait: when it was told (close) and when the next connection attempt began. */
  gaps: { wait: number; closedAt: number; reconnectedAt: number | null }[]
  attempts: number
}

function watched(client: TestClient): Watched {
  const w: Watched = { client, waits: [], gaps: [], attempts: 0 }
  honourServerBackoff(client.provider, (event) => !PERMANENT_CLOSE_CODES.has(event.code), (ms) => {
    w.waits.push(ms)
    w.gaps.push({ wait: ms, closedAt: performance.now(), reconnectedAt: null })
  })
  client.provider.on('status', ({ status }) => {
    if (status !== 'connecting') return
    w.attempts += 1
    const last = w.gaps.at(-1)
    if (last && last.reconnectedAt === null) last.reconnectedAt = performance.now()
  })
  return w
}

describe('storage trouble: clients back off', () => {
  it('[BACKOFF-1] [BACKOFF-2] while commits fail, clients are told a growing wait and honour it; one log line per cause; a durable commit resets it', async () => {
    const lines: string[] = []
    const dataDir = tempDir('backoff')
    const switchable = switchableStorage(dataDir)
    closeReadOnly = switchable.close
    server = await startServer({
      storage: switchable.storage,
      dataDir,
      storageBackoff: { baseMs: 200, maxMs: 1_600 },
      logger: { ...(loggerOptions('warn', 'json') as object), stream: { write: (line: string) => void lines.push(line) } },
    })
    const draft = await server.createDocument('Disco lleno')
    const a = watched(connectClient(server, draft))
    const b = watched(connectClient(server, draft))
    clients.push(a.client, b.client)
    await Promise.all([a.client.waitSynced(), b.client.waitSynced()])

    switchable.setReadOnly(true)
    a.client.addParagraph('Texto de Chile que no se puede guardar todavía.')
    b.client.addParagraph('Texto de Panamá que no se puede guardar todavía.')
    // Each reconnect resends the unsaved change, which fails again: the waits grow to the cap.
    await waitFor(() => a.waits.includes(1_600) && b.waits.includes(1_600), 'both clients to be told the longest wait', {
      timeoutMs: 30_000,
      describe: () => ({ a: a.waits, b: b.waits }),
    })
    for (const w of [a, b]) {
      expect(w.client.closeCodes.every((code) => code === CloseCode.storageFailure)).toBe(true)
      // The waits never shrink while storage keeps failing, and they grew from the base.
      expect(w.waits[0]).toBe(200)
      expect(w.waits).toEqual([...w.waits].sort((x, y) => x - y))
      // Each wait was honoured: the next attempt began no sooner than the server asked.
      for (const gap of w.gaps.filter((g) => g.reconnectedAt !== null)) {
        expect(gap.reconnectedAt! - gap.closedAt, `wait of ${gap.wait} ms`).toBeGreaterThanOrEqual(gap.wait - 2)
      }
      // Nothing was acknowledged meanwhile.
      expect(w.client.allSaved()).toBe(false)
    }
    // However many failures, each cause was written once (OPS-9's interval is a minute).
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg)
    const counts = new Map<string, number>()
    for (const msg of messages) counts.set(msg, (counts.get(msg) ?? 0) + 1)
    expect(counts.get('commit failed; closing the document so clients resend from their copies')).toBe(1)
    for (const [msg, count] of counts) expect(count, msg).toBe(1)

    switchable.setReadOnly(false)
    // Within the longest wait and a commit, both are saved; the next failure starts from the base again.
    await Promise.all([a.client.waitSaved(15_000), b.client.waitSaved(15_000)])
    expect(server.app.collab.backoff.retryMs).toBe(200)
  })

  it('[BACKOFF-2] the wait read from a close reason is bounded, and closes without one are left to the usual reconnect', () => {
    expect(retryDelayOf('storage failure; retry in 4000 ms')).toBe(4000)
    expect(serverWait({ reason: 'storage failure; retry in 4000 ms' })).toBe(4000)
    expect(serverWait({ reason: 'storage failure; retry in 999999999 ms' })).toBe(5 * 60_000)
    expect(serverWait({ reason: 'not reading; reconnect' })).toBeNull()
    expect(serverWait({ reason: '' })).toBeNull()
  })
})

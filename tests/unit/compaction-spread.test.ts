/**
 * [PERF-6] Compactions never run in step: fifty drafts whose stored logs are all past their
 * threshold when they load in the same turn (as after a restart, or fresh drafts started
 * together) are compacted one at a time, every one of them, on the real SQLite store; one that
 * fails keeps its log and the others still compact.
 */
import { rmSync } from 'node:fs'
import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentRegistry } from '@consenso/server/collab'
import { LocalFanout } from '@consenso/server/fanout'
import { SqliteStorage, type DocKey } from '@consenso/server/storage'
import { tempDir } from '../helpers/child-server.ts'
import { quietLogger } from '../helpers/sync-harness.ts'
import { waitFor } from '../helpers/wait.ts'

const DRAFTS = 50
const THRESHOLD = 10
/** Past any threshold a draft may draw (up to one and a half times the setting). */
const STORED = 2 * THRESHOLD

/** The real SQLite store, counting the compactions running at once; each takes a turn, as a store off the event loop does. */
class ObservedStorage extends SqliteStorage {
  running = 0
  mostAtOnce = 0
  failing = new Set<string>()
  override async compact(key: DocKey, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    this.running += 1
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running)
    try {
      await new Promise<void>((resolve) => setImmediate(resolve))
      if (this.failing.has(key.documentId)) throw new Error('injected compaction failure')
      return await super.compact(key, merge)
    } finally {
      this.running -= 1
    }
  }
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

it('[PERF-6] fifty drafts past the threshold in the same turn compact one at a time, all of them; a failing one keeps its log', async () => {
  const dir = tempDir('compaction-spread')
  const storage = new ObservedStorage(dir)
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => storage.close())
  const at = new Date().toISOString()
  const ids = Array.from({ length: DRAFTS }, (_, i) => `draft${String(i).padStart(3, '0')}`)
  for (const id of ids) {
    await storage.createDocument({ id, title: id, template: 'blank', createdBy: null, createdAt: at, updatedAt: at }, Y.encodeStateAsUpdate(new Y.Doc()))
    const doc = new Y.Doc()
    const writes: Array<{ key: DocKey; update: Uint8Array }> = []
    doc.on('update', (update: Uint8Array) => writes.push({ key: { documentId: id, name: 'body' }, update }))
    for (let i = 1; i < STORED; i++) doc.getText('t').insert(0, `${i} `)
    await storage.appendUpdates(writes, new Date())
  }
  const failing = ids[7]!
  storage.failing.add(failing)
  const errors: string[] = []
  const registry = new DocumentRegistry({
    storage,
    compactAfterUpdates: THRESHOLD,
    log: quietLogger(errors),
    onWriteDenied: () => {},
    fanout: new LocalFanout(),
  })
  cleanups.push(() => registry.close())

  // Every draft loads (and finds its log past its threshold) in the same turn.
  await Promise.all(ids.map((documentId) => registry.read({ documentId, name: 'body' }, () => null)))

  const logs = async (): Promise<Array<{ id: string; snapshot: boolean; updates: number }>> =>
    Promise.all(
      ids.map(async (id) => {
        const log = await storage.loadLog({ documentId: id, name: 'body' })
        return { id, snapshot: log.snapshot !== null, updates: log.updates.length }
      }),
    )
  await waitFor(async () => (await logs()).filter((log) => log.snapshot).length === DRAFTS - 1, 'every draft but the failing one to be compacted', {
    timeoutMs: 15_000,
    describe: () => ({ mostAtOnce: storage.mostAtOnce, waiting: registry.compactions.waiting }),
  })
  expect(storage.mostAtOnce).toBe(1)
  for (const log of await logs()) {
    if (log.id === failing) expect(log).toEqual({ id: failing, snapshot: false, updates: STORED })
    else expect(log).toEqual({ id: log.id, snapshot: true, updates: 0 })
  }
  expect(errors).toEqual(['compaction failed; the log is kept as it was'])
  // The folded drafts still hold what was written.
  const text = await registry.read({ documentId: ids[3]!, name: 'body' }, (doc) => doc.getText('t').toString())
  expect(text.startsWith(`${STORED - 1} `)).toBe(true)
})

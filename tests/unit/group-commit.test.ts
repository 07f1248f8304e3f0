/*
 * GroupCommitter rules:
 * [COMMIT-1] Appends made in the same turn of the event loop go to storage in ONE appendUpdates
 *            call, in the order they were made, stamped with the committer's clock.
 * [COMMIT-2] Appends made while a commit is in flight wait for it and then go together in the
 *            next single call; there is never more than one call in flight.
 * [COMMIT-3] An append's promise resolves only after the storage call holding it resolved.
 * [COMMIT-4] A failing commit rejects the promises of exactly that batch, with the storage's
 *            error; earlier and later batches are unaffected and the next batch still commits.
 * [COMMIT-5] barrier() resolves once everything appended before it is committed (or failed),
 *            waits for both the batch in flight and the one queued, and never rejects.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { GroupCommitter, MemoryStorage, type DocKey, type DocumentRecord, type PendingWrite } from '@consenso/server/storage'

interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** The committer schedules with setImmediate; letting a few turns pass shows it did nothing more. */
async function turns(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/** Tracks whether a promise has settled, without ever letting a rejection go unhandled. */
function watch(promise: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const watched: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' }
  promise.then(
    () => {
      watched.state = 'resolved'
    },
    (error: unknown) => {
      watched.state = 'rejected'
      watched.error = error
    },
  )
  return watched
}

/** The real memory store, plus a record of every batch it was handed. */
class CountingStorage extends MemoryStorage {
  readonly batches: Array<{ writes: PendingWrite[]; at: Date }> = []
  override async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    this.batches.push({ writes: [...writes], at })
    return super.appendUpdates(writes, at)
  }
}

interface GatedCall {
  writes: PendingWrite[]
  /** Lets the real write happen and the call resolve. */
  release(): void
  /** Makes the call reject with `error` without writing. */
  fail(error: unknown): void
}

/** The real memory store, whose every append waits until the test releases (or fails) it. */
class GatedStorage extends MemoryStorage {
  readonly calls: GatedCall[] = []
  /** Number of calls whose real write has completed. */
  committed = 0
  readonly #started: Array<Deferred<GatedCall>> = []

  /** Resolves with call number `index` (from 0) once it has started. */
  call(index: number): Promise<GatedCall> {
    return this.#slot(index).promise
  }

  #slot(index: number): Deferred<GatedCall> {
    while (this.#started.length <= index) this.#started.push(deferred<GatedCall>())
    return this.#started[index]!
  }

  override async appendUpdates(writes: readonly PendingWrite[], at: Date): Promise<void> {
    const gate = deferred()
    const call: GatedCall = { writes: [...writes], release: () => gate.resolve(), fail: (error) => gate.reject(error) }
    this.#slot(this.calls.length).resolve(call)
    this.calls.push(call)
    await gate.promise
    await super.appendUpdates(writes, at)
    this.committed += 1
  }
}

const body = (documentId: string): DocKey => ({ documentId, name: 'body' })
const meta = (documentId: string): DocKey => ({ documentId, name: 'meta' })
const record = (id: string): DocumentRecord => ({
  id,
  title: id,
  template: 'blank',
  createdBy: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
})

/** Distinct, real Yjs updates, so what the store holds can be told apart. */
function updates(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const out: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => out.push(update))
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, String.fromCharCode(97 + (i % 26)))
  return out
}

async function withDocuments<S extends MemoryStorage>(storage: S, ...ids: string[]): Promise<S> {
  for (const id of ids) await storage.createDocument(record(id), updates(1)[0]!)
  return storage
}

describe('GroupCommitter', () => {
  it('[COMMIT-1] appends in the same turn go to storage in one call, in order, at the clock time', async () => {
    const storage = await withDocuments(new CountingStorage(), 'a', 'b')
    const at = new Date('2024-06-01T12:00:00.000Z')
    const committer = new GroupCommitter(storage, () => at)
    const [u1, u2, u3, u4] = updates(4) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    const writes: PendingWrite[] = [
      { key: body('a'), update: u1 },
      { key: meta('a'), update: u2 },
      { key: body('b'), update: u3 },
      { key: body('a'), update: u4 },
    ]
    await Promise.all(writes.map((w) => committer.append(w.key, w.update)))
    expect(storage.batches).toHaveLength(1)
    expect(storage.batches[0]!.writes).toEqual(writes)
    expect(storage.batches[0]!.at).toBe(at)
    expect((await storage.loadLog(body('a'))).updates.slice(1)).toEqual([u1, u4])
    expect((await storage.getDocument('b'))?.updatedAt).toBe(at.toISOString())

    // A later turn is a later batch.
    await committer.append(body('b'), updates(1)[0]!)
    expect(storage.batches).toHaveLength(2)
  })

  it('[COMMIT-2] appends made while a commit is in flight go together in the next single call', async () => {
    const storage = await withDocuments(new GatedStorage(), 'a', 'b')
    const committer = new GroupCommitter(storage)
    const [u1, u2, u3, u4] = updates(4) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    const first = committer.append(body('a'), u1)
    const inFlight = await storage.call(0)

    // Spread over several turns on purpose: while the first commit runs they must all wait.
    const later = [committer.append(body('a'), u2)]
    await turns()
    later.push(committer.append(body('b'), u3))
    await turns()
    later.push(committer.append(meta('a'), u4))
    await turns()
    expect(storage.calls).toHaveLength(1)

    inFlight.release()
    await first
    const next = await storage.call(1)
    expect(next.writes).toEqual([
      { key: body('a'), update: u2 },
      { key: body('b'), update: u3 },
      { key: meta('a'), update: u4 },
    ])
    next.release()
    await Promise.all(later)
    await turns()
    expect(storage.calls).toHaveLength(2)
  })

  it('[COMMIT-3] an append resolves only after the storage call resolved', async () => {
    const storage = await withDocuments(new GatedStorage(), 'a')
    const committer = new GroupCommitter(storage)
    const [u1] = updates(1) as [Uint8Array]
    let committedWhenResolved = -1
    const appended = committer.append(body('a'), u1).then(() => {
      committedWhenResolved = storage.committed
    })
    const call = await storage.call(0)
    await turns()
    expect(committedWhenResolved).toBe(-1)
    expect((await storage.loadLog(body('a'))).updates).not.toContainEqual(u1)

    call.release()
    await appended
    expect(committedWhenResolved).toBe(1)
    expect((await storage.loadLog(body('a'))).updates).toContainEqual(u1)
  })

  it('[COMMIT-4] a failing commit rejects exactly its batch; the next batch still commits', async () => {
    const storage = await withDocuments(new GatedStorage(), 'a')
    const committer = new GroupCommitter(storage)
    const [u1, u2, u3, u4, u5] = updates(5) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array]

    const earlier = committer.append(body('a'), u1)
    ;(await storage.call(0)).release()
    await earlier
    const before = watch(earlier)

    const doomed = [watch(committer.append(body('a'), u2)), watch(committer.append(body('a'), u3))]
    const failing = await storage.call(1)
    const after = [watch(committer.append(body('a'), u4)), watch(committer.append(meta('a'), u5))]
    const disk = new Error('disk I/O error')
    failing.fail(disk)
    const next = await storage.call(2)
    await turns()
    for (const d of doomed) {
      expect(d.state).toBe('rejected')
      expect(d.error).toBe(disk)
    }
    expect(after.map((a) => a.state)).toEqual(['pending', 'pending'])
    expect(before.state).toBe('resolved')

    next.release()
    await turns()
    expect(after.map((a) => a.state)).toEqual(['resolved', 'resolved'])
    const bodyLog = (await storage.loadLog(body('a'))).updates
    expect(bodyLog).toContainEqual(u1)
    expect(bodyLog).toContainEqual(u4)
    expect(bodyLog).not.toContainEqual(u2)
    expect(bodyLog).not.toContainEqual(u3)
    expect((await storage.loadLog(meta('a'))).updates).toEqual([u5])
  })

  it('[COMMIT-4] a batch the real store refuses fails as a whole; the next one commits', async () => {
    const storage = await withDocuments(new CountingStorage(), 'a')
    const committer = new GroupCommitter(storage)
    const [u1, u2, u3] = updates(3) as [Uint8Array, Uint8Array, Uint8Array]
    // Same turn, same batch: the unknown draft takes the good write down with it.
    const good = committer.append(body('a'), u1)
    const bad = committer.append(body('ghost'), u2)
    await expect(good).rejects.toThrow(/ghost/)
    await expect(bad).rejects.toThrow(/ghost/)
    await committer.append(body('a'), u3)
    expect(storage.batches).toHaveLength(2)
    expect((await storage.loadLog(body('a'))).updates.slice(1)).toEqual([u3])
  })

  describe('barrier', () => {
    it('[COMMIT-5] with nothing pending, barrier resolves', async () => {
      const committer = new GroupCommitter(new MemoryStorage())
      await expect(committer.barrier()).resolves.toBeUndefined()
    })

    it('[COMMIT-5] barrier waits for the batch in flight and the batch queued behind it', async () => {
      const storage = await withDocuments(new GatedStorage(), 'a')
      const committer = new GroupCommitter(storage)
      const [u1, u2] = updates(2) as [Uint8Array, Uint8Array]
      const first = watch(committer.append(body('a'), u1))
      const firstCall = await storage.call(0)

      const onlyFirst = watch(committer.barrier())
      const second = watch(committer.append(body('a'), u2))
      const both = watch(committer.barrier())
      await turns()
      expect([onlyFirst.state, both.state]).toEqual(['pending', 'pending'])

      firstCall.release()
      const secondCall = await storage.call(1)
      await turns()
      expect(first.state).toBe('resolved')
      expect(onlyFirst.state).toBe('resolved')
      expect(both.state).toBe('pending')

      secondCall.release()
      await committer.barrier()
      expect(both.state).toBe('resolved')
      expect(second.state).toBe('resolved')
      expect(storage.committed).toBe(2)
    })

    it('[COMMIT-5] barrier resolves, never rejects, when the commits before it fail', async () => {
      const storage = await withDocuments(new GatedStorage(), 'a')
      const committer = new GroupCommitter(storage)
      const [u1, u2] = updates(2) as [Uint8Array, Uint8Array]
      const first = watch(committer.append(body('a'), u1))
      const firstCall = await storage.call(0)
      const second = watch(committer.append(body('a'), u2))
      const barrier = watch(committer.barrier())

      firstCall.fail(new Error('first failed'))
      ;(await storage.call(1)).fail(new Error('second failed'))
      await committer.barrier()
      await turns()
      expect(first.state).toBe('rejected')
      expect(second.state).toBe('rejected')
      expect(barrier.state).toBe('resolved')
    })
  })
})

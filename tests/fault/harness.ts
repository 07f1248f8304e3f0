/**
 * Shared set-up of the fault suite: a server process on SQLite in its own data folder,
 * reached through a TCP proxy (a fixed address across restarts, and a bad network on
 * demand), with drafts and the random load of the load suite running on them.
 */
import { SqliteStorage } from '@consenso/server/storage'
import { createDraft } from '../helpers/api.ts'
import { setupAdmin, type TestSession } from '../helpers/session.ts'
import { useChildServers, type ChildServer } from '../helpers/child-server.ts'
import { checkStorage, Load, loadScale, type Edit } from '../helpers/load.ts'
import { seededRandom, type Random } from '../helpers/random.ts'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts'
import { waitFor } from '../helpers/wait.ts'
import { afterEach } from 'vitest'

export const scale = loadScale()

export interface FaultRun {
  random: Random
  dataDir: string
  server: ChildServer
  admin: TestSession
  proxy: TcpProxy
  drafts: string[]
  load: Load
  /** Starts a server again on the same data folder and points the proxy at it. */
  restart(): Promise<ChildServer>
  /** Runs the checker on the data folder; the server must be stopped. */
  check(options?: { acked?: Edit[]; converged?: boolean }): Promise<{ stored: number; acked: number }>
  /** Keeps editing until `count` more edits were made. */
  editsMore(count: number): Promise<void>
}

export function useFaultRuns(): (label: string, options?: { drafts?: number; perDraft?: number; dataDir?: string; env?: Record<string, string> }) => Promise<FaultRun> {
  const harness = useChildServers()
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return async (label, options = {}) => {
    const random = seededRandom(label)
    const dataDir = options.dataDir ?? harness.dataDir('fault')
    const env = { DATA_DIR: dataDir, ...options.env }
    const proxy = await startTcpProxy(random)
    cleanups.push(() => proxy.close())
    const run: FaultRun = {
      random,
      dataDir,
      server: await harness.start(env),
      admin: undefined as unknown as TestSession,
      proxy,
      drafts: [],
      load: new Load(random),
      async restart() {
        run.server = await harness.start(env)
        proxy.setTarget(Number(new URL(run.server.url).port))
        return run.server
      },
      async check(checkOptions) {
        const storage = new SqliteStorage(dataDir)
        try {
          return await checkStorage(storage, run.load, checkOptions)
        } finally {
          await storage.close()
        }
      },
      async editsMore(count) {
        const target = run.load.edits.length + count
        // Edits come at the run's rate (tens a second): a bound that grows with the count asked.
        await waitFor(() => run.load.edits.length >= target, `${count} more edits`, { timeoutMs: Math.max(30_000, count * 100) })
      },
    }
    cleanups.push(() => run.load.destroy())
    proxy.setTarget(Number(new URL(run.server.url).port))
    run.admin = await setupAdmin(run.server.url)
    const count = options.drafts ?? Math.ceil(3 * scale)
    for (let i = 0; i < count; i++) run.drafts.push(await createDraft(run.server.url, run.admin, { title: `Fallo ${i}`, template: 'blank' }))
    await run.load.connect({ wsUrl: proxy.wsUrl, cookie: run.admin.cookie }, run.drafts, options.perDraft ?? 3)
    return run
  }
}

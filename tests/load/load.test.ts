/**
 * [LOAD-1] Many clients on many drafts edit at random for a bounded time against a real
 * server process on SQLite; afterwards the checker rebuilds every draft from the database file
 * and asserts that every edit acknowledged as saved is stored, none twice, and that every
 * client of a draft holds exactly what storage holds.
 *
 * Size: CONSENSO_LOAD_SCALE (1 in `pnpm test`, larger in `pnpm test:load`).
 */
import { describe, expect, it } from 'vitest'
import { SqliteStorage } from '@consenso/server/storage'
import { createDraft } from '../helpers/api.ts'
import { setupAdmin } from '../helpers/session.ts'
import { useChildServers } from '../helpers/child-server.ts'
import { checkStorage, Load, loadScale } from '../helpers/load.ts'
import { seededRandom } from '../helpers/random.ts'
import { waitFor } from '../helpers/wait.ts'

const harness = useChildServers()
const scale = loadScale()
const drafts = Math.ceil(5 * scale)
const perDraft = 3 + Math.ceil(scale / 2)
const seconds = 8 * scale
const perSecond = 50 * Math.min(scale, 4)

describe(`load (scale ${scale})`, () => {
  it(`[LOAD-1] ${drafts} drafts × ${perDraft} clients, ${perSecond} edits/s for ${seconds} s: every acknowledged edit stored once, replicas equal to storage`, async () => {
    const random = seededRandom('LOAD-1')
    const dataDir = harness.dataDir('load')
    const server = await harness.start({ DATA_DIR: dataDir })
    const admin = await setupAdmin(server.url)
    const ids: string[] = []
    for (let i = 0; i < drafts; i++) ids.push(await createDraft(server.url, admin, { title: `Carga ${i}`, template: 'blank' }))

    const load = new Load(random)
    try {
      await load.connect({ wsUrl: server.wsUrl, cookie: admin.cookie }, ids, perDraft)
      const started = Date.now()
      load.start(perSecond)
      await waitFor(() => Date.now() - started >= seconds * 1000, `${seconds} s of editing`, { timeoutMs: seconds * 1000 + 5_000 })
      load.stop()
      await load.settle(60_000 + seconds * 1000)
      console.log(`[LOAD-1] ${load.edits.length} edits on ${drafts} drafts by ${load.clients.length} clients, all acknowledged`)

      // Graceful stop, then the database file alone is the witness.
      expect((await server.kill('SIGTERM')).code).toBe(0)
      const storage = new SqliteStorage(dataDir)
      try {
        const result = await checkStorage(storage, load, { converged: true })
        expect(result.stored).toBe(load.edits.length)
      } finally {
        await storage.close()
      }
    } finally {
      load.destroy()
    }
  })
})

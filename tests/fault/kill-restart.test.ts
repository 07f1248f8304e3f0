/**
 * [FAULT-1] The server process is killed with SIGKILL again and again while clients edit;
 * after every kill the database file alone holds every edit acknowledged until then, once,
 * and after the last restart every client converges with storage.
 */
import { describe, expect, it } from 'vitest'
import { scale, useFaultRuns } from './harness.ts'

const faultRun = useFaultRuns()
const kills = Math.max(3, Math.round(3 * scale))

describe('fault: repeated SIGKILL', () => {
  it(`[FAULT-1] ${kills} SIGKILLs under load: acknowledged edits survive every kill, nothing twice, clients converge`, async () => {
    const run = await faultRun('FAULT-1')
    run.load.start(100)
    for (let i = 0; i < kills; i++) {
      await run.editsMore(60)
      await run.server.kill('SIGKILL')
      // Acknowledgements already in flight were sent before the process died: they count.
      const acked = run.load.acked()
      const { stored } = await run.check({ acked })
      console.log(`[FAULT-1] kill ${i + 1}: ${run.load.edits.length} edits made, ${acked.length} acknowledged, ${stored} stored`)
      // Clients keep editing while the server is down; those edits wait on the clients.
      await run.editsMore(20)
      await run.restart()
    }
    await run.editsMore(60)
    run.load.stop()
    await run.load.settle()
    expect((await run.server.kill('SIGTERM')).code).toBe(0)
    const { stored } = await run.check({ converged: true })
    expect(stored).toBe(run.load.edits.length)
  })
})

/**
 * [FAULT-2] The server process is frozen (SIGSTOP) while clients keep editing, then thawed
 * (SIGCONT): nothing is acknowledged while it is frozen, and afterwards every edit is saved
 * once and every client converges with storage, on the same connections or new ones.
 */
import { describe, expect, it } from 'vitest'
import { scale, useFaultRuns } from './harness.ts'

const faultRun = useFaultRuns()
const pauses = Math.max(2, Math.round(2 * scale))

describe('fault: SIGSTOP and SIGCONT', () => {
  it(`[FAULT-2] ${pauses} freezes under load: no acknowledgement while frozen, everything saved once afterwards`, async () => {
    const run = await faultRun('FAULT-2')
    run.load.start(60)
    for (let i = 0; i < pauses; i++) {
      await run.editsMore(40)
      run.server.child.kill('SIGSTOP')
      const ackedAtStop = run.load.acked().length
      // Frozen while the clients make edits for about two seconds.
      await run.editsMore(120)
      expect(run.load.acked().length, 'a frozen server acknowledged something').toBe(ackedAtStop)
      run.server.child.kill('SIGCONT')
      console.log(`[FAULT-2] freeze ${i + 1}: ${run.load.edits.length - ackedAtStop} edits waiting when thawed`)
    }
    run.load.stop()
    await run.load.settle()
    expect((await run.server.kill('SIGTERM')).code).toBe(0)
    const { stored } = await run.check({ converged: true })
    expect(stored).toBe(run.load.edits.length)
  })
})

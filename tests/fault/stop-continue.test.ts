/**
 * [FAULT-2] The server process is frozen (SIGSTOP) while clients keep editing, then thawed
 * (SIGCONT): no edit made while it is frozen is acknowledged before it thaws, and afterwards every edit is saved
 * once and every client converges with storage, on the same connections or new ones.
 */
import { describe, expect, it } from 'vitest'
import { scale, useFaultRuns } from './harness.ts'

const faultRun = useFaultRuns()
const pauses = Math.max(2, Math.round(2 * scale))

describe('fault: SIGSTOP and SIGCONT', () => {
  it(`[FAULT-2] ${pauses} freezes under load: no edit made while frozen is acknowledged, everything saved once afterwards`, async () => {
    const run = await faultRun('FAULT-2')
    run.load.start(60)
    for (let i = 0; i < pauses; i++) {
      await run.editsMore(40)
      run.server.child.kill('SIGSTOP')
      // Acknowledgements already on their way may still arrive, but only for edits made before.
      const madeBefore = run.load.edits.length
      // Frozen while the clients make edits for about two seconds.
      await run.editsMore(120)
      const ackedWhileFrozen = run.load.edits.slice(madeBefore).filter((e) => e.acked)
      expect(ackedWhileFrozen, 'a frozen server acknowledged an edit made after it froze').toEqual([])
      run.server.child.kill('SIGCONT')
      console.log(`[FAULT-2] freeze ${i + 1}: ${run.load.edits.length - run.load.acked().length} edits waiting when thawed`)
    }
    run.load.stop()
    await run.load.settle()
    expect((await run.server.kill('SIGTERM')).code).toBe(0)
    const { stored } = await run.check({ converged: true })
    expect(stored).toBe(run.load.edits.length)
  })
})

/**
 * [FAULT-3] Between the clients and the server, a network that delays every chunk and cuts
 * connections at random: clients reconnect and carry on; every edit acknowledged is stored
 * once, and once the network is healthy again every edit is saved and every client converges.
 */
import { describe, expect, it } from 'vitest'
import { scale, useFaultRuns } from './harness.ts'

const faultRun = useFaultRuns()

describe('fault: slow and lossy network', () => {
  it('[FAULT-3] under delays and random connection cuts, nothing acknowledged is lost and all converge once healed', async () => {
    const run = await faultRun('FAULT-3')
    run.proxy.faults = { latencyMs: 20, jitterMs: 60, cutProbability: 0.01 }
    run.load.start(40)
    await run.editsMore(Math.round(300 * scale))
    // Cuts alone: a connection may die between a commit and its acknowledgement.
    run.proxy.faults = { latencyMs: 0, jitterMs: 0, cutProbability: 0.03 }
    await run.editsMore(Math.round(100 * scale))
    run.load.stop()
    const cuts = run.proxy.cuts
    run.proxy.faults = { latencyMs: 0, jitterMs: 0, cutProbability: 0 }
    console.log(`[FAULT-3] ${run.load.edits.length} edits, ${cuts} connections cut, ${run.load.acked().length} acknowledged before healing`)
    expect(cuts).toBeGreaterThan(0)
    await run.load.settle()
    expect((await run.server.kill('SIGTERM')).code).toBe(0)
    const { stored } = await run.check({ converged: true })
    expect(stored).toBe(run.load.edits.length)
  })
})

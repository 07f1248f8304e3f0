/**
 * Preloaded into every benchmarked server (with --expose-gc): on SIGUSR2 it runs a full
 * garbage collection and writes `process.memoryUsage()` to BENCH_MEMORY_FILE. RSS alone
 * cannot tell what a draft costs: V8 keeps the heap it once grew to, so RSS after creating a
 * thousand drafts says little about opening them. Live heap after a full collection does.
 * It changes nothing else in the server.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'

const file = process.env.BENCH_MEMORY_FILE
const gc = (globalThis as { gc?: () => void }).gc
if (file && gc) {
  process.on('SIGUSR2', () => {
    // Twice: the first collection can leave objects whose finalizers free more.
    gc()
    gc()
    const usage = process.memoryUsage()
    // BENCH_HEAP_SNAPSHOT_DIR: also a heap snapshot at every reading, to see what a draft holds.
    const snapshots = process.env.BENCH_HEAP_SNAPSHOT_DIR
    if (snapshots) writeHeapSnapshot(join(snapshots, `${process.pid}-${Date.now()}.heapsnapshot`))
    writeFileSync(file, JSON.stringify({ at: Date.now(), ...usage }))
  })
}

/**
 * [FAULT-4] The disk under the database fills up while clients edit (the data folder is a
 * small tmpfs, filled with a file): commits fail, no edit is acknowledged as saved without
 * being committed, clients are told with close code 4500 and the operator with an error line;
 * once space is freed, the same server process stores every pending edit, without a restart.
 *
 * Mounting a tmpfs needs root (CAP_SYS_ADMIN); without it the test is skipped and says why.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@consenso/protocol'
import { tempDir } from '../helpers/child-server.ts'
import { waitFor } from '../helpers/wait.ts'
import { useFaultRuns } from './harness.ts'

const faultRun = useFaultRuns()

function mountTmpfs(megabytes: number): { dir: string; unmount(): void } | string {
  const dir = tempDir('full-disk')
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { encoding: 'utf8' })
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    return `cannot mount a tmpfs here (${(result.stderr || result.error?.message || 'mount failed').trim()})`
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', ['-l', dir])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Writes zeros into `path` until the file system says it is full. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(64 * 1024)
  let written = 0
  try {
    for (;;) written += writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
  return written
}

const probe = mountTmpfs(1)
const unavailable = typeof probe === 'string' ? probe : null
if (typeof probe !== 'string') probe.unmount()
if (unavailable) console.log(`[FAULT-4] skipped: ${unavailable}`)

let mounted: { unmount(): void } | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
})

describe('fault: full disk', () => {
  it.skipIf(unavailable !== null)('[FAULT-4] [OPS-9] a full disk: no saved without a commit, 4500 and one error line however many retries, recovery once space is freed', async () => {
    const mount = mountTmpfs(16)
    if (typeof mount === 'string') throw new Error(mount)
    mounted = mount
    const run = await faultRun('FAULT-4', { dataDir: mount.dir, drafts: 2 })
    run.load.start(40)
    await run.editsMore(40)

    const filler = join(mount.dir, 'filler')
    const bytes = fillDisk(filler)
    await waitFor(
      () => run.load.clients.some((c) => c.client.closeCodes.includes(CloseCode.storageFailure)),
      'a client to be closed with 4500 (storage failure)',
      { timeoutMs: 20_000 },
    )
    await waitFor(() => run.server.output().includes('commit failed'), 'the server to log the failed commit')
    expect(run.server.output()).toMatch(/SQLITE_FULL|disk is full/)
    await run.editsMore(60)
    // Every retry failed the same way, yet the log says so once (OPS-9: once per cause and minute).
    const refusals = run.load.clients.reduce((n, c) => n + c.client.closeCodes.filter((code) => code === CloseCode.storageFailure).length, 0)
    expect(refusals).toBeGreaterThan(1)
    expect(run.server.output().match(/commit failed/g), `${refusals} storage-failure closes`).toHaveLength(1)
    // While the disk is full, what is acknowledged is exactly what the database holds.
    const acked = run.load.acked()
    const pending = run.load.edits.length - acked.length
    await run.check({ acked })
    console.log(`[FAULT-4] disk filled with ${bytes} bytes; ${acked.length} acknowledged and stored, ${pending} waiting on clients`)
    expect(pending).toBeGreaterThan(0)

    rmSync(filler)
    run.load.stop()
    // The same process recovers: the clients' reconnections deliver what they hold.
    await run.load.settle()
    expect((await run.server.kill('SIGTERM')).code).toBe(0)
    const { stored } = await run.check({ converged: true })
    expect(stored).toBe(run.load.edits.length)
  })
})

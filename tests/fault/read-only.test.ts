/**
 * [FAULT-5] The database turns read-only while clients edit: every commit fails with SQLite's
 * own SQLITE_READONLY error, no edit is acknowledged as saved without a commit, clients are
 * closed with 4500 and the operator gets an error line; once the database is writable again,
 * the same server stores every pending edit.
 *
 * The server runs in this process on real SQLite; while "read-only", its commits go through a
 * second connection to the same file opened read-only, which refuses them as SQLite does on a
 * read-only file or mount (root ignores file modes, and a mount cannot turn read-only while
 * the server holds the file open for writing).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@consenso/protocol'
import { startServer, tempDir, type TestServer } from '../helpers/server.ts'
import { checkStorage, Load } from '../helpers/load.ts'
import { seededRandom } from '../helpers/random.ts'
import { waitFor } from '../helpers/wait.ts'
import { switchableStorage } from '../helpers/read-only-storage.ts'

let server: TestServer | undefined
let load: Load | undefined
let closeReadOnly: (() => void) | undefined
afterEach(async () => {
  load?.destroy()
  await server?.close()
  closeReadOnly?.()
  server = load = closeReadOnly = undefined
})

describe('fault: read-only database', () => {
  it('[FAULT-5] a read-only database: no saved without a commit, 4500 and an error line, recovery once writable', async () => {
    const random = seededRandom('FAULT-5')
    const dataDir = tempDir('read-only')
    const switchable = switchableStorage(dataDir)
    closeReadOnly = switchable.close
    const logLines: string[] = []
    server = await startServer({ storage: switchable.storage, dataDir, logger: { level: 'warn', stream: { write: (line: string) => void logLines.push(line) } } })
    const drafts = [await server.createDocument('Solo lectura 1'), await server.createDocument('Solo lectura 2')]
    load = new Load(random)
    await load.connect(server, drafts, 3)
    load.start(40)
    const some = load.edits.length + 40
    await waitFor(() => load!.edits.length >= some, '40 edits')

    switchable.setReadOnly(true)
    await waitFor(() => load!.clients.some((c) => c.client.closeCodes.includes(CloseCode.storageFailure)), 'a client to be closed with 4500', {
      timeoutMs: 20_000,
    })
    await waitFor(() => logLines.some((l) => l.includes('commit failed')), 'an error line for the failed commit')
    const line = JSON.parse(logLines.find((l) => l.includes('commit failed'))!) as { level: number; err: { code?: string; message: string } }
    expect(line.level).toBe(50)
    expect(line.err.code).toBe('SQLITE_READONLY')
    const more = load.edits.length + 60
    await waitFor(() => load!.edits.length >= more, '60 edits while read-only')
    const acked = load.acked()
    await checkStorage(server.storage, load, { acked })
    const pending = load.edits.length - acked.length
    console.log(`[FAULT-5] ${acked.length} acknowledged and stored, ${pending} waiting on clients while read-only`)
    expect(pending).toBeGreaterThan(0)

    switchable.setReadOnly(false)
    load.stop()
    await load.settle()
    const { stored } = await checkStorage(server.storage, load, { converged: true })
    expect(stored).toBe(load.edits.length)
  })
})

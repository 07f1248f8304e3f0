/**
 * Launches @hocuspocus/server 3.4 for the benchmark, configured as its documentation
 * recommends for durable storage: the SQLite extension on a database file (not ":memory:"),
 * the server's default store debounce (2 s, at most 10 s) and unloading a document as soon as
 * its last client leaves. Prints `BENCH_LISTENING <port>` once it accepts connections.
 *
 * Environment: DATA_DIR (required), the folder of `hocuspocus.sqlite`.
 */
import { join } from 'node:path'
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const dataDir = process.env.DATA_DIR
if (!dataDir) {
  console.error('hocuspocus launcher: DATA_DIR is required')
  process.exit(2)
}

const sqlite = new SQLite({ database: join(dataDir, 'hocuspocus.sqlite') })
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  // SIGTERM runs Hocuspocus's own shutdown, which stores every loaded document first.
  stopOnSignals: true,
  extensions: [sqlite],
})

await server.listen()
// The extension creates its table without waiting for it, so a client arriving at once can
// fail to load its document ("no such table"); ready means the table is there.
const deadline = Date.now() + 10_000
for (;;) {
  const error = await new Promise<Error | null>((resolve) => {
    if (!sqlite.db) return resolve(new Error('the SQLite extension has no database yet'))
    sqlite.db.get('SELECT 1 FROM "documents" LIMIT 1', (err: Error | null) => resolve(err))
  })
  if (!error) break
  if (Date.now() > deadline) throw error
  await new Promise((resolve) => setTimeout(resolve, 10))
}
console.log(`BENCH_LISTENING ${server.address.port}`)

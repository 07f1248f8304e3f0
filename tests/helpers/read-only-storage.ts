/**
 * Real SQLite storage with a switch that makes every append fail the way a read-only
 * database does: while on, commits go through a second connection to the same file opened
 * read-only, which refuses them with SQLite's own SQLITE_READONLY (root ignores file modes,
 * and a mount cannot turn read-only while the server holds the file open for writing).
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { SQLITE_FILE_NAME, SqliteStorage, type Storage } from '@consenso/server/storage'

export function switchableStorage(dataDir: string): { storage: Storage; setReadOnly(on: boolean): void; close(): void } {
  const real = new SqliteStorage(dataDir)
  const readOnly = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
  const refuse = readOnly.transaction((writes: readonly { key: { documentId: string; name: string }; update: Uint8Array }[]) => {
    const insert = readOnly.prepare('INSERT INTO doc_updates (document_id, name, data) VALUES (?, ?, ?)')
    for (const w of writes) insert.run(w.key.documentId, w.key.name, w.update)
  })
  let on = false
  const storage = new Proxy(real, {
    get(target, property) {
      if (property === 'appendUpdates' && on) {
        return async (writes: Parameters<Storage['appendUpdates']>[0]) => {
          refuse(writes)
        }
      }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  }) as unknown as Storage
  return { storage, setReadOnly: (value) => void (on = value), close: () => readOnly.close() }
}

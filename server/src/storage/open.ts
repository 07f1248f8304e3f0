import type { StorageChoice } from '../config.ts'
import { MemoryStorage } from './memory.ts'
import { PostgresStorage } from './postgres.ts'
import { SqliteStorage } from './sqlite.ts'
import type { Storage } from './storage.ts'

/** Opens the chosen store with every pending migration applied. Async because Postgres connects. */
export async function openStorage(choice: StorageChoice): Promise<Storage> {
  switch (choice.kind) {
    case 'memory':
      return new MemoryStorage()
    case 'sqlite':
      return new SqliteStorage(choice.dataDir)
    case 'postgres':
      return PostgresStorage.open({ connectionString: choice.url })
  }
}

import type { StorageChoice } from '../config.ts'
import { MemoryStorage } from './memory.ts'
import { SqliteStorage } from './sqlite.ts'
import type { Storage } from './storage.ts'

export function openStorage(choice: StorageChoice): Storage {
  return choice.kind === 'memory' ? new MemoryStorage() : new SqliteStorage(choice.dataDir)
}

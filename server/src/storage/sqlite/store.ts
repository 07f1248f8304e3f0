/** What every SQLite store shares with the core: the one connection, and the check that it is open. */
import type Database from 'better-sqlite3'

/**
 * A SQLite store: it prepares its statements on the core's connection (as field initializers,
 * which run once the connection is set) and calls `open()` first in every method.
 */
export abstract class SqliteStore {
  constructor(
    protected readonly db: Database.Database,
    protected readonly open: () => void,
  ) {}
}

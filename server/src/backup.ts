/**
 * `pnpm consenso backup --out FILE` and `pnpm consenso restore FILE` for the SQLite store.
 *
 * A copy of a WAL database taken with `cp` can miss what sits in the -wal file or tear a page
 * being written. The backup uses SQLite's online backup API (better-sqlite3's `db.backup()`)
 * in one step, which reads one consistent snapshot while the server goes on committing: every
 * change committed before the backup started is in it. The result is one self-contained file
 * (rollback journal, not WAL), checked with `PRAGMA integrity_check` before it takes its name.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { SQLITE_FILE_NAME } from './storage/sqlite.ts'

export class BackupError extends Error {}

/** Tables every Consenso database has; a file without them is not a backup of ours. */
const REQUIRED_TABLES = ['documents', 'doc_updates', 'users', 'schema_migrations']

export interface BackupSummary {
  file: string
  bytes: number
  drafts: number
  accounts: number
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Opens `file` read-only and checks it is a sound Consenso database; returns its counts. */
function inspect(file: string): { drafts: number; accounts: number } {
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as an SQLite database: ${(error as Error).message}`)
  }
  try {
    const check = db.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new BackupError(`${file} is damaged (integrity check: ${String(check)})`)
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]))
    const missing = REQUIRED_TABLES.filter((name) => !tables.has(name))
    if (missing.length > 0) throw new BackupError(`${file} is not a Consenso database (no ${missing.join(', ')} table)`)
    const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    return { drafts: count('documents'), accounts: count('users') }
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError(`${file} cannot be read as a Consenso database: ${(error as Error).message}`)
  } finally {
    db.close()
  }
}

export async function backupSqlite(dataDir: string, out: string, options: { force?: boolean } = {}): Promise<BackupSummary> {
  const source = join(dataDir, SQLITE_FILE_NAME)
  const target = resolve(out)
  if (!existsSync(source)) throw new BackupError(`there is no database to back up: ${source} does not exist (check DATA_DIR)`)
  if (existsSync(target) && !options.force) throw new BackupError(`${target} already exists; choose another name or pass --force to replace it`)
  if (!existsSync(dirname(target))) throw new BackupError(`the folder ${dirname(target)} does not exist`)
  // Written under another name and renamed once sound: an interrupted backup never looks like one.
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`)
  rmSync(partial, { force: true })
  const db = new Database(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    // All pages in one step: one read transaction, so one consistent snapshot. Copying in
    // small steps would start over whenever the server commits in between, which it does
    // with every keystroke.
    await db.backup(partial, { progress: () => 2 ** 30 })
  } catch (error) {
    rmSync(partial, { force: true })
    throw new BackupError(`the backup of ${source} failed: ${(error as Error).message}`)
  } finally {
    db.close()
  }
  try {
    // One self-contained file: no -wal beside it to forget when copying the backup elsewhere.
    const copy = new Database(partial)
    copy.pragma('journal_mode = DELETE')
    copy.close()
    const counts = inspect(partial)
    fsyncPath(partial)
    renameSync(partial, target)
    fsyncPath(dirname(target))
    return { file: target, bytes: statSync(target).size, ...counts }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

/** The database files of a data folder: the database and its WAL companions. */
function databaseFiles(dataDir: string): string[] {
  if (!existsSync(dataDir)) return []
  return readdirSync(dataDir).filter((name) => name === SQLITE_FILE_NAME || name === `${SQLITE_FILE_NAME}-wal` || name === `${SQLITE_FILE_NAME}-shm`)
}

export interface RestoreSummary {
  file: string
  drafts: number
  accounts: number
  /** Where the replaced database was moved (with --force), or null. */
  keptAside: string | null
}

/**
 * Puts a backup in place as `DATA_DIR/consenso.sqlite`. Into an empty folder by default; with
 * `force`, over existing data, which is moved aside (never deleted). The server must be stopped.
 */
export async function restoreSqlite(file: string, dataDir: string, options: { force?: boolean; now?: Date } = {}): Promise<RestoreSummary> {
  const backup = resolve(file)
  if (!existsSync(backup)) throw new BackupError(`${backup} does not exist`)
  const counts = inspect(backup)
  mkdirSync(dataDir, { recursive: true })
  const existing = databaseFiles(dataDir)
  if (existing.length > 0 && !options.force) {
    throw new BackupError(
      `${dataDir} already holds a database (${existing.join(', ')}); restore into an empty DATA_DIR, or stop the server and pass --force to replace it (the current database is kept aside)`,
    )
  }
  const database = join(dataDir, SQLITE_FILE_NAME)
  const partial = join(dataDir, `.${SQLITE_FILE_NAME}.restoring-${process.pid}`)
  rmSync(partial, { force: true })
  // Through SQLite rather than a byte copy, so the restored file is written page by page and checked.
  const source = new Database(backup, { readonly: true, fileMustExist: true })
  try {
    await source.backup(partial)
  } finally {
    source.close()
  }
  fsyncPath(partial)
  let keptAside: string | null = null
  if (existing.length > 0) {
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')
    keptAside = join(dataDir, `before-restore-${stamp}`)
    mkdirSync(keptAside)
    for (const name of existing) renameSync(join(dataDir, name), join(keptAside, name))
  }
  renameSync(partial, database)
  fsyncPath(dataDir)
  return { file: database, ...counts, keptAside }
}

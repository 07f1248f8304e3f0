/**
 * Storage trouble in words an operator can act on: which folder, and what is wrong with it.
 * Used when the server or a command cannot open its data, instead of a stack trace.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied: the user running Consenso may not write there',
  EPERM: 'operation not permitted: the user running Consenso may not write there',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder stands where a file should be',
  ENOENT: 'a part of the path does not exist',
  EIO: 'the disk reported an input/output error',
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_CANTOPEN: 'SQLite cannot open the database file there',
  SQLITE_FULL: 'the disk is full',
  SQLITE_CORRUPT: 'the database file is damaged',
  SQLITE_NOTADB: 'consenso.sqlite is not an SQLite database',
  SQLITE_BUSY: 'the database is locked by another process',
}

/** One sentence: the cause in words, then the system's own code and message. */
export function explainStorageError(error: unknown): string {
  const err = error as { code?: unknown; message?: unknown }
  const code = typeof err?.code === 'string' ? err.code : ''
  const message = typeof err?.message === 'string' ? err.message : String(error)
  const words = CAUSES[code] ?? (code.startsWith('SQLITE_IOERR') ? 'the disk reported an input/output error' : null)
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message
  return words ? `${words} (${detail})` : detail
}

export class DataDirError extends Error {}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir reports ENOENT where the real cause is
 * a read-only file system or a permission, so each missing level is made on its own.
 */
function makeFolder(dir: string): void {
  if (existsSync(dir)) return
  const parent = dirname(dir)
  if (parent !== dir) makeFolder(parent)
  mkdirSync(dir)
}

/**
 * Creates the folder if needed and proves it writable by writing, syncing and removing a
 * small file: a folder left read-only (or full) after a crash must stop the start here, with
 * its name and cause, not later as an error at the first sign-in.
 */
export function checkDataDir(dataDir: string): void {
  const probe = join(dataDir, `.consenso-write-check-${process.pid}`)
  try {
    makeFolder(dataDir)
    const fd = openSync(probe, 'w')
    try {
      writeSync(fd, 'consenso')
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    rmSync(probe, { force: true })
  } catch (error) {
    try {
      rmSync(probe, { force: true })
    } catch {
      // The folder could not take the file in the first place.
    }
    throw new DataDirError(`cannot use the data folder ${dataDir} (DATA_DIR): ${explainStorageError(error)}`)
  }
}

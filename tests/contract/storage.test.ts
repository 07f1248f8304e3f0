import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoryStorage, SqliteStorage, SQLITE_FILE_NAME, migrateSqlite } from '@consenso/server/storage'
import { tempDir } from '../helpers/server.ts'
import { storageContract } from './storage.contract.ts'

storageContract('memory', async () => {
  const storage = new MemoryStorage()
  return { storage, cleanup: () => storage.close() }
}, { durable: false })

storageContract('sqlite', async () => {
  const dir = tempDir('storage-contract')
  let current = new SqliteStorage(dir)
  return {
    storage: current,
    // A new SqliteStorage on the same folder reads only what reached the file.
    reopen: async () => {
      await current.close()
      current = new SqliteStorage(dir)
      return current
    },
    cleanup: async () => {
      await current.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}, { durable: true })

type SqliteDb = Database.Database
type SqliteMigration = NonNullable<Parameters<typeof migrateSqlite>[1]>[number]

const tables = (db: SqliteDb): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
const recorded = (db: SqliteDb): number[] =>
  db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]

describe('sqlite migrations', () => {
  it('[STORE-17] migrateSqlite applies the real migrations once; a second run applies nothing', () => {
    const db = new Database(':memory:')
    try {
      const first = migrateSqlite(db)
      expect(first.length).toBeGreaterThan(0)
      const schema = tables(db)
      expect(schema).toEqual(expect.arrayContaining(['documents', 'doc_updates', 'doc_snapshots', 'schema_migrations']))
      expect(migrateSqlite(db)).toEqual([])
      expect(tables(db)).toEqual(schema)
      expect(recorded(db)).toEqual(first)
    } finally {
      db.close()
    }
  })

  it('[STORE-17] a data folder opened by SqliteStorage needs no migration afterwards', async () => {
    const dir = tempDir('migrate')
    try {
      const storage = new SqliteStorage(dir)
      await storage.close()
      // Opening again runs the migrations in the constructor: it must not re-create tables.
      await new SqliteStorage(dir).close()
      const db = new Database(join(dir, SQLITE_FILE_NAME))
      try {
        expect(migrateSqlite(db)).toEqual([])
      } finally {
        db.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('[STORE-17] a new migration runs once; a failing one leaves no trace and is not recorded', () => {
    const db = new Database(':memory:')
    try {
      const base: SqliteMigration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER);' }]
      expect(migrateSqlite(db, base)).toEqual([1])
      const broken: SqliteMigration = { version: 2, name: 'broken', sql: 'CREATE TABLE two (x INTEGER); CREATE TABLE (' }
      expect(() => migrateSqlite(db, [...base, broken])).toThrow()
      expect(tables(db)).toEqual(['one', 'schema_migrations'])
      expect(recorded(db)).toEqual([1])
      const fixed: SqliteMigration = { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER);' }
      expect(migrateSqlite(db, [...base, fixed])).toEqual([2])
      expect(migrateSqlite(db, [...base, fixed])).toEqual([])
      expect(tables(db)).toEqual(['one', 'schema_migrations', 'two'])
    } finally {
      db.close()
    }
  })
})

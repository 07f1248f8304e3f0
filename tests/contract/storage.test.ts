import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DELEGATIONS } from '@consenso/protocol'
import { MemoryStorage, SqliteStorage, SQLITE_FILE_NAME, SQLITE_MIGRATIONS, migrateSqlite } from '@consenso/server/storage'
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
      expect(schema).toEqual(
        expect.arrayContaining([
          'documents',
          'doc_updates',
          'doc_snapshots',
          'schema_migrations',
          'delegations',
          'users',
          'sessions',
          'invitations',
          'document_members',
          'audit_log',
        ]),
      )
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

  it('[STORE-17] a migration step in code runs in the same transaction as its SQL', () => {
    const db = new Database(':memory:')
    try {
      const seeding: SqliteMigration = {
        version: 1,
        name: 'seeded',
        sql: 'CREATE TABLE t (x TEXT NOT NULL);',
        run: (target) => {
          target.prepare("INSERT INTO t (x) VALUES ('it''s quoted')").run()
          throw new Error('seeding failed')
        },
      }
      expect(() => migrateSqlite(db, [seeding])).toThrow('seeding failed')
      expect(tables(db)).toEqual(['schema_migrations'])
      expect(recorded(db)).toEqual([])
      expect(migrateSqlite(db, [{ ...seeding, run: (target) => void target.prepare("INSERT INTO t (x) VALUES ('ok')").run() }])).toEqual([1])
      expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual(['ok'])
    } finally {
      db.close()
    }
  })

  it('[STORE-36] migration 2 on a version-1 database keeps its drafts and seeds the delegations', async () => {
    const dir = tempDir('migrate-v1')
    try {
      // A data folder as the release before accounts left it.
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array) => updates.push(update))
      doc.getText('t').insert(0, 'Reconociendo')
      doc.getText('t').insert(12, ' y destacando')
      const old = new Database(join(dir, SQLITE_FILE_NAME))
      try {
        expect(migrateSqlite(old, SQLITE_MIGRATIONS.filter((m) => m.version === 1))).toEqual([1])
        old
          .prepare('INSERT INTO documents (id, title, template, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run('old', 'Declaración', 'declaration', '2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z')
        old.prepare("INSERT INTO doc_snapshots (document_id, name, data) VALUES ('old', 'body', ?)").run(updates[0]!)
        old.prepare("INSERT INTO doc_updates (document_id, name, data) VALUES ('old', 'body', ?)").run(updates[1]!)
      } finally {
        old.close()
      }

      const storage = new SqliteStorage(dir)
      try {
        expect(await storage.getDocument('old')).toEqual({
          id: 'old',
          title: 'Declaración',
          template: 'declaration',
          createdBy: null,
          createdAt: '2024-01-01T00:00:00.000Z',
          updatedAt: '2024-02-01T00:00:00.000Z',
        })
        expect(await storage.loadLog({ documentId: 'old', name: 'body' })).toEqual({ snapshot: updates[0], updates: [updates[1]] })
        expect(await storage.listMembers('old')).toEqual([])
        expect((await storage.listDelegations()).map((d) => d.code)).toEqual(DELEGATIONS.map((d) => d.code).sort())
        // The old draft takes part in sharing like a new one.
        await storage.createUser({
          id: 'u1',
          email: 'ana@example.org',
          name: 'Ana',
          delegation: 'OIM',
          admin: true,
          disabled: false,
          passwordHash: 'scrypt$x',
          createdAt: '2024-03-01T00:00:00.000Z',
        })
        await storage.setMember({ documentId: 'old', principalType: 'user', principalId: 'u1', role: 'owner' })
        expect(await storage.membershipsOf('u1', 'OIM')).toEqual([{ documentId: 'old', principalType: 'user', principalId: 'u1', role: 'owner' }])
      } finally {
        await storage.close()
      }
      const db = new Database(join(dir, SQLITE_FILE_NAME))
      try {
        expect(recorded(db)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version))
      } finally {
        db.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

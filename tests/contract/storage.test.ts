import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DELEGATIONS } from '@consenso/protocol'
import {
  createPostgresPool,
  MemoryStorage,
  migratePostgres,
  POSTGRES_MIGRATION_LOCK,
  POSTGRES_MIGRATIONS,
  SqliteStorage,
  SQLITE_FILE_NAME,
  SQLITE_MIGRATIONS,
  migrateSqlite,
  type PostgresMigration,
  type PostgresStorage,
} from '@consenso/server/storage'
import { stemText } from '@consenso/server/search'
import { POSTGRES_URL, postgresUnavailable, testSchema, type TestSchema } from '../helpers/postgres.ts'
import { tempDir } from '../helpers/server.ts'
import { waitFor } from '../helpers/wait.ts'
import { storageContract } from './storage.contract.ts'

// Asked once, before any suite is registered: null, or why the Postgres suites are skipped.
const postgresSkipped = await postgresUnavailable()

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

describe.skipIf(postgresSkipped !== null)(postgresSkipped === null ? 'postgres' : `postgres (skipped: ${postgresSkipped})`, () => {
  storageContract('postgres', async () => {
    // A schema of its own per test: the tests share one database, never each other's rows.
    const schema = await testSchema()
    let current: PostgresStorage
    try {
      current = await schema.open()
    } catch (error) {
      await schema.drop()
      throw error
    }
    return {
      storage: current,
      // A new pool on the same schema reads only what was committed.
      reopen: async () => {
        await current.close()
        current = await schema.open()
        return current
      },
      cleanup: async () => {
        await current.close()
        await schema.drop()
      },
    }
  }, { durable: true })
})

type SqliteDb = Database.Database
type SqliteMigration = NonNullable<Parameters<typeof migrateSqlite>[1]>[number]

const tables = (db: SqliteDb): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
const recorded = (db: SqliteDb): number[] =>
  db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]

/** Tables the real migrations create in either engine (the first ones; later migrations add more). */
const CORE_TABLES = ['documents', 'doc_updates', 'doc_snapshots', 'schema_migrations', 'delegations', 'users', 'sessions', 'invitations', 'document_members', 'audit_log']

describe('sqlite migrations', () => {
  it('[STORE-17] migrateSqlite applies the real migrations once; a second run applies nothing', () => {
    const db = new Database(':memory:')
    try {
      const first = migrateSqlite(db)
      expect(first.length).toBeGreaterThan(0)
      const schema = tables(db)
      expect(schema).toEqual(
        expect.arrayContaining(CORE_TABLES),
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

  it('[SEARCH-7] migration 19 on a version-16 search index keeps what was indexed, renumbered by access', async () => {
    const dir = tempDir('migrate-search')
    try {
      const old = new Database(join(dir, SQLITE_FILE_NAME))
      try {
        expect(migrateSqlite(old, SQLITE_MIGRATIONS.filter((m) => m.version <= 16))).toContain(16)
        const insert = old.prepare('INSERT INTO search_entries (id, source, access, kind, target, ref, label, title, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        const fts = old.prepare('INSERT INTO search_fts (rowid, stems) VALUES (?, ?)')
        const rows: [number, string, string, string][] = [
          [1, 'draft:d1', 'draft:d1', 'Cooperación regional'],
          [2, 'register', 'all', 'Informe de cooperación'],
          [3, 'draft:d2', 'draft:d2', 'Cooperación técnica'],
        ]
        for (const [id, source, access, body] of rows) {
          insert.run(id, source, access, 'paragraph', source, `r${id}`, null, 'T', body)
          fts.run(id, stemText(body))
        }
        old.prepare("INSERT INTO search_sources (source, indexed_at) VALUES ('draft:d1', 'x'), ('register', 'x'), ('draft:d2', 'x')").run()
      } finally {
        old.close()
      }
      const storage = new SqliteStorage(dir)
      try {
        const refs = async (access: string[]) => (await storage.search.search({ text: 'cooperaciones', access, limit: 10 })).map((h) => h.ref).sort()
        expect(await refs(['all', 'draft:d1', 'draft:d2'])).toEqual(['r1', 'r2', 'r3'])
        expect(await refs(['draft:d2'])).toEqual(['r3'])
        await storage.search.replace('draft:d1', [{ kind: 'paragraph', access: 'draft:d1', target: 'd1', ref: 'n1', label: null, title: 'T', text: 'Cooperación nueva' }], 'y')
        expect(await refs(['all', 'draft:d1'])).toEqual(['n1', 'r2'])
        expect([...(await storage.search.sources('')).keys()].sort()).toEqual(['draft:d1', 'draft:d2', 'register'])
      } finally {
        await storage.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
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
        expect(await storage.members.listMembers('old')).toEqual([])
        expect((await storage.delegations.listDelegations()).map((d) => d.code)).toEqual(DELEGATIONS.map((d) => d.code).sort())
        // The old draft takes part in sharing like a new one.
        await storage.accounts.createUser({
          id: 'u1',
          email: 'ana@example.org',
          name: 'Ana',
          delegation: 'OIM',
          admin: true,
          disabled: false,
          passwordHash: 'scrypt$x',
          createdAt: '2024-03-01T00:00:00.000Z',
        })
        await storage.members.setMember({ documentId: 'old', principalType: 'user', principalId: 'u1', role: 'owner' })
        expect(await storage.members.membershipsOf('u1', 'OIM')).toEqual([{ documentId: 'old', principalType: 'user', principalId: 'u1', role: 'owner' }])
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

describe.skipIf(postgresSkipped !== null)(postgresSkipped === null ? 'postgres migrations' : `postgres migrations (skipped: ${postgresSkipped})`, () => {
  let schema: TestSchema
  const pools: Array<ReturnType<typeof createPostgresPool>> = []
  /** Another instance's connections to the same schema. */
  const instance = (): ReturnType<typeof createPostgresPool> => {
    const pool = createPostgresPool({ connectionString: POSTGRES_URL, schema: schema.name })
    pools.push(pool)
    return pool
  }
  beforeEach(async () => {
    schema = await testSchema('migrate')
  })
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end()
    await schema.drop()
  })

  const tables = async (): Promise<string[]> =>
    (
      await schema.query<{ name: string }>(
        'SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
      )
    ).map((row) => row.name)
  const recorded = async (): Promise<number[]> =>
    (await schema.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((row) => row.version)

  it('[STORE-17] migratePostgres applies the real migrations once; a second run applies nothing', async () => {
    const first = await migratePostgres(schema.pool)
    expect(first).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version))
    const created = await tables()
    expect(created).toEqual(
      expect.arrayContaining(CORE_TABLES),
    )
    expect(await migratePostgres(schema.pool)).toEqual([])
    expect(await tables()).toEqual(created)
    expect(await recorded()).toEqual(first)
    // Opening a store on a migrated schema runs nothing either.
    await (await schema.open()).close()
    expect(await migratePostgres(schema.pool)).toEqual([])
  })

  it('[STORE-17] a new migration runs once; a failing one leaves no trace and is not recorded', async () => {
    const base: PostgresMigration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (x integer);' }]
    expect(await migratePostgres(schema.pool, base)).toEqual([1])
    const broken: PostgresMigration = { version: 2, name: 'broken', sql: 'CREATE TABLE two (x integer); CREATE TABLE (' }
    await expect(migratePostgres(schema.pool, [...base, broken])).rejects.toThrow()
    expect(await tables()).toEqual(['one', 'schema_migrations'])
    expect(await recorded()).toEqual([1])
    const fixed: PostgresMigration = { version: 2, name: 'two', sql: 'CREATE TABLE two (x integer);' }
    expect(await migratePostgres(schema.pool, [...base, fixed])).toEqual([2])
    expect(await migratePostgres(schema.pool, [...base, fixed])).toEqual([])
    expect(await tables()).toEqual(['one', 'schema_migrations', 'two'])
  })

  it('[STORE-17] a migration step in code runs in the same transaction as its SQL', async () => {
    const seeding: PostgresMigration = {
      version: 1,
      name: 'seeded',
      sql: 'CREATE TABLE t (x text NOT NULL);',
      run: async (client) => {
        await client.query("INSERT INTO t (x) VALUES ('it''s quoted')")
        throw new Error('seeding failed')
      },
    }
    await expect(migratePostgres(schema.pool, [seeding])).rejects.toThrow('seeding failed')
    expect(await tables()).toEqual(['schema_migrations'])
    expect(await recorded()).toEqual([])
    const working: PostgresMigration = { ...seeding, run: async (client) => void (await client.query("INSERT INTO t (x) VALUES ('ok')")) }
    expect(await migratePostgres(schema.pool, [working])).toEqual([1])
    expect(await schema.query('SELECT x FROM t')).toEqual([{ x: 'ok' }])
  })

  it('[SEARCH-1] dropping another store\'s schema leaves this store\'s search whole (unaccent lives in public, not in a store\'s schema)', async () => {
    const other = await testSchema('other')
    let dropped = false
    try {
      const first = await other.open()
      await first.close()
      const store = await schema.open()
      try {
        await other.drop()
        dropped = true
        const [extension] = await schema.query<{ schema: string }>(
          "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'",
        )
        if (extension) expect(extension.schema).toBe('public')
        const entry = { kind: 'paragraph' as const, access: 'all', target: 'd1', ref: 'p1', label: 'OP1', title: 'Declaración', text: 'Las migraciones ordenadas y la protección' }
        await store.search.replace('draft:d1', [entry], '2026-01-01T00:00:00.000Z')
        const hits = await store.search.search({ text: 'migracion proteccion', access: ['all'], limit: 5 })
        expect(hits.map((hit) => hit.ref)).toEqual(['p1'])
      } finally {
        await store.close()
      }
    } finally {
      if (!dropped) await other.drop()
    }
  })

  it('[STORE-17] instances migrating the same schema at once apply each migration once', async () => {
    // Hold the migration lock so both instances are certainly waiting at the same time.
    const holder = await instance().connect()
    await holder.query('SELECT pg_advisory_lock($1, $2)', [...POSTGRES_MIGRATION_LOCK])
    const runs = [migratePostgres(instance()), migratePostgres(instance())]
    try {
      await waitFor(async () => {
        const [row] = (
          await holder.query<{ n: number }>(
            `SELECT count(*)::integer AS n FROM pg_locks
             WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND NOT granted`,
            [...POSTGRES_MIGRATION_LOCK],
          )
        ).rows
        return row?.n === 2
      }, 'both instances to wait for the migration lock')
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1, $2)', [...POSTGRES_MIGRATION_LOCK])
      holder.release()
    }
    const results = await Promise.all(runs)
    const all = POSTGRES_MIGRATIONS.map((m) => m.version)
    expect([...results].sort((a, b) => b.length - a.length)).toEqual([all, []])
    expect(await recorded()).toEqual(all)

    // And through the stores themselves: two opening together both come up, on one schema.
    const stores = await Promise.all([schema.open(), schema.open()])
    expect((await stores[0].delegations.listDelegations()).map((d) => d.code)).toEqual(DELEGATIONS.map((d) => d.code).sort())
    for (const store of stores) await store.close()
    expect(await recorded()).toEqual(all)
  })

  it('two stores compacting one log at once fold it once (the per-document advisory lock)', async () => {
    const [a, b] = await Promise.all([schema.open(), schema.open()])
    try {
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array) => updates.push(update))
      for (const word of ['Reconociendo', ' y', ' destacando']) doc.getText('t').insert(doc.getText('t').length, word)
      await a.createDocument(
        { id: 'd1', title: 'Declaración', template: 'declaration', createdBy: null, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' },
        updates[0]!,
      )
      await a.appendUpdates(updates.slice(1).map((update) => ({ key: { documentId: 'd1', name: 'body' as const }, update })), new Date('2024-01-02T00:00:00.000Z'))
      const key = { documentId: 'd1', name: 'body' } as const
      let second: Promise<number> | undefined
      // b starts while a holds the lock, between reading the log and replacing it: it must
      // wait, then find nothing left to fold, instead of folding the same rows again.
      const folded = await a.compact(key, (parts) => {
        second = b.compact(key, (again) => Y.mergeUpdates(again))
        return Y.mergeUpdates(parts)
      })
      expect(folded).toBe(3)
      expect(await second).toBe(0)
      const log = await b.loadLog(key)
      expect(log.updates).toEqual([])
      const loaded = new Y.Doc()
      Y.applyUpdate(loaded, log.snapshot!)
      expect(loaded.getText('t').toString()).toBe('Reconociendo y destacando')
    } finally {
      await a.close()
      await b.close()
    }
  })
})

/*
 * [STORE-50] (sqlite, postgres) A stored version is frozen: the database itself refuses to
 *            UPDATE a row of document_versions, whoever asks.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteStorage, SQLITE_FILE_NAME, type Storage, type VersionRecord } from '@consenso/server/storage'
import { postgresUnavailable, testSchema, type TestSchema } from '../helpers/postgres.ts'
import { tempDir } from '../helpers/server.ts'

const postgresSkipped = await postgresUnavailable()

const version: VersionRecord = {
  id: 'v1',
  documentId: 'd1',
  kind: 'named',
  name: 'Zero draft',
  note: '',
  reason: null,
  restoring: null,
  createdBy: null,
  createdAt: '2024-03-01T10:00:00.000Z',
}

async function seed(storage: Storage): Promise<void> {
  await storage.createDocument(
    { id: 'd1', title: 'Declaración', template: 'blank', createdBy: null, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' },
    new Uint8Array([0, 0]),
  )
  await storage.versions.createVersion(version, { body: new Uint8Array([0, 0]), meta: new Uint8Array([0, 0]) })
}

describe('frozen versions', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('[STORE-50] (sqlite) an UPDATE of a version is refused by the database', async () => {
    const dir = tempDir('versions-frozen')
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const storage = new SqliteStorage(dir)
    await seed(storage)
    await storage.close()
    const db = new Database(join(dir, SQLITE_FILE_NAME))
    cleanups.push(() => void db.close())
    expect(() => db.prepare("UPDATE document_versions SET name = 'Rev.9' WHERE id = 'v1'").run()).toThrow(/immutable/)
    expect(db.prepare("SELECT name FROM document_versions WHERE id = 'v1'").pluck().get()).toBe('Zero draft')
  })

  it.skipIf(postgresSkipped !== null)(`[STORE-50] (postgres) an UPDATE of a version is refused by the database${postgresSkipped ? ` (skipped: ${postgresSkipped})` : ''}`, async () => {
    const schema: TestSchema = await testSchema('versions')
    cleanups.push(() => schema.drop())
    const storage = await schema.open()
    cleanups.push(() => storage.close())
    await seed(storage)
    await expect(schema.query("UPDATE document_versions SET name = 'Rev.9' WHERE id = 'v1'")).rejects.toThrow(/immutable/)
    expect(await schema.query("SELECT name FROM document_versions WHERE id = 'v1'")).toEqual([{ name: 'Zero draft' }])
  })
})

/**
 * Starts a real Consenso server in this process on port 0, with real storage (SQLite in a
 * fresh temporary folder unless told otherwise).
 */
import { rmSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '@consenso/server/app'
import { SqliteStorage, type Storage } from '@consenso/server/storage'
import type { TemplateId } from '@consenso/protocol'
import { createDraft } from './api.ts'
import { setupAdmin, type TestSession } from './session.ts'
import { tempDir } from './child-server.ts'
import { testSchema } from './postgres.ts'

export { tempDir }

export interface TestServer {
  app: FastifyInstance
  url: string
  wsUrl: string
  /** The first administrator (Ana Pérez, CHL), owner of the drafts `createDocument` makes. */
  session: TestSession
  /** The administrator's cookie, so the server itself can be passed to `connectClient`. */
  cookie: string
  dataDir: string
  storage: Storage
  createDocument(title?: string, template?: TemplateId): Promise<string>
  close(): Promise<void>
}

/** A server before anyone has an account: the web page offers to create the first administrator. */
export type FirstRunServer = Omit<TestServer, 'session' | 'cookie' | 'createDocument'>

/**
 * The storage a test server gets unless the test chooses one: SQLite in a temporary folder,
 * or, in the `integration-postgres` project (CONSENSO_TEST_STORAGE=postgres), Postgres in a
 * fresh schema — the same suites run against both.
 */
async function defaultStorage(dataDir: string): Promise<{ storage: Storage; cleanup: () => Promise<void> }> {
  if (process.env.CONSENSO_TEST_STORAGE !== 'postgres') return { storage: new SqliteStorage(dataDir), cleanup: async () => {} }
  const schema = await testSchema('server')
  return { storage: await schema.open(), cleanup: () => schema.drop() }
}

/**
 * A store that outlives a server, for restart tests (label: lower-case letters, digits, _):
 * each `open()` opens the same SQLite
 * folder or Postgres schema (whichever the project runs on) afresh.
 */
export async function reopenableStorage(label: string): Promise<{ open: () => Promise<Storage>; cleanup: () => Promise<void> }> {
  if (process.env.CONSENSO_TEST_STORAGE === 'postgres') {
    const schema = await testSchema(label)
    return { open: () => schema.open(), cleanup: () => schema.drop() }
  }
  const dataDir = tempDir(label)
  return { open: async () => new SqliteStorage(dataDir), cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) }
}

export async function startFirstRunServer(options: Partial<AppOptions> & { dataDir?: string } = {}): Promise<FirstRunServer> {
  const dataDir = options.dataDir ?? tempDir('server')
  const chosen = options.storage ? { storage: options.storage, cleanup: async () => {} } : await defaultStorage(dataDir)
  const storage = chosen.storage
  // Tests create many drafts as one person; the limit's own tests set it (ABUSE-6).
  const app = await buildApp({ draftsPerHour: 1_000_000, ...options, storage })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    app,
    url: address,
    wsUrl: address.replace(/^http/, 'ws'),
    dataDir,
    storage,
    async close() {
      await app.close()
      await chosen.cleanup()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function startServer(options: Partial<AppOptions> & { dataDir?: string } = {}): Promise<TestServer> {
  const bare = await startFirstRunServer(options)
  let session: TestSession
  try {
    session = await setupAdmin(bare.url)
  } catch (error) {
    await bare.close()
    throw error
  }
  return {
    ...bare,
    session,
    cookie: session.cookie,
    createDocument(title = 'Declaración conjunta', template: TemplateId = 'blank') {
      return createDraft(bare.url, session, { title, template })
    },
  }
}

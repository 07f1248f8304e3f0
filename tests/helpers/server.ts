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

export async function startFirstRunServer(options: Partial<AppOptions> & { dataDir?: string } = {}): Promise<FirstRunServer> {
  const dataDir = options.dataDir ?? tempDir('server')
  const storage = options.storage ?? new SqliteStorage(dataDir)
  const app = await buildApp({ ...options, storage })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    app,
    url: address,
    wsUrl: address.replace(/^http/, 'ws'),
    dataDir,
    storage,
    async close() {
      await app.close()
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

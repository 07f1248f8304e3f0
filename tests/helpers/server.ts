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
import { tempDir } from './child-server.ts'

export { tempDir }

export interface TestServer {
  app: FastifyInstance
  url: string
  wsUrl: string
  dataDir: string
  storage: Storage
  createDocument(title?: string, template?: TemplateId): Promise<string>
  close(): Promise<void>
}

export async function startServer(options: Partial<AppOptions> & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir('server')
  const storage = options.storage ?? new SqliteStorage(dataDir)
  const app = await buildApp({ ...options, storage })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const server: TestServer = {
    app,
    url: address,
    wsUrl: address.replace(/^http/, 'ws'),
    dataDir,
    storage,
    createDocument(title = 'Declaración conjunta', template: TemplateId = 'blank') {
      return createDraft(address, { title, template })
    },
    async close() {
      await app.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return server
}

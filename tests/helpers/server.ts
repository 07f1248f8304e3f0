/**
 * Starts a real Consenso server in this process on port 0, with real storage (SQLite in a
 * fresh temporary folder unless told otherwise).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '@consenso/server/app'
import { SqliteStorage, type Storage } from '@consenso/server/storage'
import type { CreateDocumentResponse, TemplateId } from '@consenso/protocol'

export interface TestServer {
  app: FastifyInstance
  url: string
  wsUrl: string
  dataDir: string
  storage: Storage
  createDocument(title?: string, template?: TemplateId): Promise<string>
  close(): Promise<void>
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `consenso-${label}-`))
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
    async createDocument(title = 'Declaración conjunta', template: TemplateId = 'blank') {
      const response = await fetch(`${address}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title, template }),
      })
      if (response.status !== 201) throw new Error(`creating a draft failed: ${response.status} ${await response.text()}`)
      return ((await response.json()) as CreateDocumentResponse).id
    },
    async close() {
      await app.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return server
}

/**
 * `pnpm consenso backup` while people type, and `restore` into an empty data folder
 * ([OPS-6], [OPS-7]). The server is real (SQLite in a temporary folder), the three clients
 * are real websocket clients, and backup and restore run as the command line's own process.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { plainText, yDocToJSON } from '@consenso/schema'
import { SqliteStorage } from '@consenso/server/storage'
import { REPO_ROOT } from '../helpers/child-server.ts'
import { startFirstRunServer, startServer, tempDir, type FirstRunServer, type TestServer } from '../helpers/server.ts'
import { api, signIn } from '../helpers/session.ts'
import type { DocumentListResponse } from '@consenso/protocol'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer | undefined
let restoredServer: FirstRunServer | undefined
let clients: TestClient[] = []
afterEach(async () => {
  for (const client of clients) client.destroy()
  clients = []
  await server?.close()
  await restoredServer?.close()
  server = restoredServer = undefined
})

const CLI = ['--import', 'tsx', 'server/src/cli.ts']

function cliEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir }
  // Paths in these tests are absolute; where pnpm was run does not matter.
  delete env.INIT_CWD
  return env
}

function cli(dataDir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...CLI, ...args], { cwd: REPO_ROOT, env: cliEnv(dataDir), encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Runs the command line without blocking this process, so the clients keep typing meanwhile. */
function cliAsync(dataDir: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: REPO_ROOT, env: cliEnv(dataDir) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (status) => resolve({ status, stdout, stderr }))
  })
}

/** A client typing one numbered paragraph after another, remembering where each one ends in its Yjs clock. */
class Typist {
  readonly written: { text: string; endClock: number }[] = []
  #timer: NodeJS.Timeout | null = null

  constructor(
    readonly client: TestClient,
    readonly name: string,
  ) {}

  start(everyMs: number): void {
    this.#timer = setInterval(() => {
      const text = `${this.name} párrafo ${this.written.length + 1}`
      this.client.addParagraph(text)
      this.written.push({ text, endClock: Y.getState(this.client.doc.store, this.client.doc.clientID) })
    }, everyMs)
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
  }

  /** Paragraphs the server has said are saved, as of now. */
  acknowledged(): string[] {
    const saved = this.client.saved.get(this.client.doc.clientID) ?? 0
    return this.written.filter((w) => w.endClock <= saved).map((w) => w.text)
  }
}

async function storedParagraphs(dataDir: string, documentId: string): Promise<string[]> {
  const storage = new SqliteStorage(dataDir)
  try {
    const log = await storage.loadLog({ documentId, name: 'body' })
    const doc = new Y.Doc()
    if (log.snapshot) Y.applyUpdate(doc, log.snapshot)
    for (const update of log.updates) Y.applyUpdate(doc, update)
    return plainText(yDocToJSON(doc)).split('\n').filter(Boolean)
  } finally {
    await storage.close()
  }
}

describe('backup and restore', () => {
  it('[OPS-6] a backup taken while three clients type holds every edit acknowledged before it began; restored into an empty DATA_DIR, the server serves it', async () => {
    server = await startServer()
    const documentId = await server.createDocument('Declaración conjunta')
    const typists = ['CHL', 'PAN', 'MEX'].map((name) => {
      const client = connectClient(server!, documentId)
      clients.push(client)
      return new Typist(client, name)
    })
    await Promise.all(typists.map((t) => t.client.waitSynced()))
    for (const typist of typists) typist.start(5)
    await waitFor(() => typists.every((t) => t.acknowledged().length >= 20), 'twenty acknowledged paragraphs from each client', { timeoutMs: 30_000 })

    const before = typists.flatMap((t) => t.acknowledged())
    const out = join(tempDir('backup-out'), 'consenso-backup.sqlite')
    const backup = await cliAsync(server.dataDir, ['backup', '--out', out])
    const writtenDuring = typists.reduce((sum, t) => sum + t.written.length, 0)
    expect(backup.status, backup.stderr).toBe(0)
    expect(backup.stdout).toContain(`written to ${out}`)
    // The typing went on while the backup ran, and the server kept acknowledging.
    await waitFor(() => typists.every((t) => t.acknowledged().length > 20), 'acknowledgements after the backup')
    for (const typist of typists) typist.stop()
    await Promise.all(typists.map((t) => t.client.waitSaved(20_000)))
    expect(writtenDuring).toBeGreaterThan(before.length)

    // Only the backup file: no -wal beside it to forget.
    expect(readdirSync(join(out, '..')).sort()).toEqual(['consenso-backup.sqlite'])
    const restoredDir = join(tempDir('restored'), 'data')
    const restore = cli(restoredDir, ['restore', out])
    expect(restore.status, restore.stderr).toBe(0)
    expect(restore.stdout).toContain(`into ${restoredDir}`)

    const restored = await storedParagraphs(restoredDir, documentId)
    const missing = before.filter((text) => !restored.includes(text))
    expect(missing, `acknowledged before the backup but not in it (of ${before.length})`).toEqual([])

    // The restored folder is a working instance: the same administrator signs in and sees the draft.
    const email = server.session.user.email
    await server.close()
    server = undefined
    restoredServer = await startFirstRunServer({ storage: new SqliteStorage(restoredDir), dataDir: restoredDir })
    const admin = await signIn(restoredServer.url, email)
    const list = (await (await api(restoredServer.url, admin).get('/api/documents')).json()) as DocumentListResponse
    expect(list.documents.map((d) => d.id)).toEqual([documentId])
  })

  it('[OPS-7] restore refuses a folder with data (without --force, which keeps the old database aside), a file that is not a backup, and Postgres; backup refuses to overwrite', async () => {
    const dataDir = tempDir('restore-live')
    const demo = cli(dataDir, ['demo'])
    expect(demo.status, demo.stderr).toBe(0)
    const out = join(tempDir('restore-out'), 'copy.sqlite')
    expect(cli(dataDir, ['backup', '--out', out]).status).toBe(0)
    expect(cli(dataDir, ['backup', '--out', out])).toMatchObject({ status: 1, stderr: expect.stringContaining('already exists') })
    expect(cli(dataDir, ['backup'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--out FILE is required') })

    const refused = cli(dataDir, ['restore', out])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain(`${dataDir} already holds a database`)
    const forced = cli(dataDir, ['restore', out, '--force'])
    expect(forced.status, forced.stderr).toBe(0)
    const aside = /moved to (\S+)/.exec(forced.stdout)?.[1]
    expect(aside && existsSync(join(aside, 'consenso.sqlite'))).toBe(true)

    const junk = join(tempDir('junk'), 'not-a-backup.sqlite')
    writeFileSync(junk, 'esto no es una base de datos')
    const empty = join(tempDir('empty'), 'data')
    expect(cli(empty, ['restore', junk])).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot be read as a Consenso database') })
    expect(existsSync(empty)).toBe(false)

    const postgres = spawnSync(process.execPath, [...CLI, 'backup', '--out', out], {
      cwd: REPO_ROOT,
      env: { ...cliEnv(dataDir), DATABASE_URL: 'postgres://consenso@127.0.0.1:5432/consenso' },
      encoding: 'utf8',
    })
    expect(postgres.status).toBe(2)
    expect(postgres.stderr).toContain('pg_dump')
  })
})

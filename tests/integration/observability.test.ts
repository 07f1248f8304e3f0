/**
 * What an operator watches: liveness, readiness and Prometheus metrics ([OPS-4], [OPS-5]).
 * Real SQLite; the failing commits are SQLite's own SQLITE_READONLY (helpers/read-only-storage.ts).
 */
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@consenso/protocol'
import { startServer, tempDir, type TestServer } from '../helpers/server.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { switchableStorage } from '../helpers/read-only-storage.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'
import { privateRedis, type PrivateRedis } from '../helpers/services.ts'
import { spawnSync } from 'node:child_process'

// A redis-server of its own, stopped and started by the test: required under CI.
const noRedisServer = spawnSync('redis-server', ['--version']).status === 0 ? null : 'redis-server is not installed'
if (noRedisServer && process.env.CI === 'true') throw new Error(`${noRedisServer}; under CI the Redis checks must run`)
let redis: PrivateRedis | undefined

let server: TestServer | undefined
let clients: TestClient[] = []
let closeReadOnly: (() => void) | undefined
afterEach(async () => {
  for (const client of clients) client.destroy()
  clients = []
  await server?.close()
  closeReadOnly?.()
  await redis?.stop()
  server = closeReadOnly = redis = undefined
})

/** One sample of a Prometheus text exposition, e.g. `consenso_refused_frames_total{reason="bad_message"}`. */
function sample(text: string, name: string): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    if (line.slice(0, space) === name) return Number(line.slice(space + 1))
  }
  return null
}

async function metrics(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return response.text()
}

describe('observability', () => {
  it('[OPS-4] /metrics reports connections, open drafts, commit latency, broadcast lag, event-loop delay and refused frames by reason', async () => {
    server = await startServer()
    const id = await server.createDocument('Métricas')
    const writer = connectClient(server, id)
    const reader = connectClient(server, id)
    clients.push(writer, reader)
    await Promise.all([writer.waitSynced(), reader.waitSynced()])
    writer.addParagraph('Los puntos focales acuerdan el cronograma.')
    await writer.waitSaved()
    await waitFor(() => reader.paragraphs().some((p) => p.includes('cronograma')), 'the reader to receive the edit')

    // A text frame is not part of the protocol: refused with 4400 and counted.
    const raw = new WebSocket(`${server.wsUrl}/collab/${id}`, { headers: { cookie: server.cookie, origin: server.url } })
    await nextEvent(raw, 'open')
    raw.send('hola')
    const code = await nextEvent<number>(raw, 'close')
    expect(code).toBe(CloseCode.badMessage)

    const text = await metrics(server.url)
    // The writer and the reader; the refused socket is gone.
    await waitFor(async () => sample(await metrics(server!.url), 'consenso_connections') === 2, 'two open connections')
    expect(sample(text, 'consenso_open_drafts')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'consenso_commit_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'consenso_broadcast_lag_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'consenso_event_loop_delay_p99_seconds')).toBeGreaterThanOrEqual(0)
    expect(sample(text, 'consenso_refused_frames_total{reason="bad_message"}')).toBe(1)
    expect(sample(text, 'consenso_process_resident_memory_bytes')).toBeGreaterThan(10_000_000)
    expect(sample(text, 'consenso_commit_failures_total')).toBe(0)
  })

  it('[OPS-5] /api/ready answers 503 while commits fail and 200 again once they succeed; /api/health stays 200', async () => {
    const dataDir = tempDir('ready')
    const switchable = switchableStorage(dataDir)
    closeReadOnly = switchable.close
    server = await startServer({ storage: switchable.storage, dataDir })
    const ready = async (): Promise<{ status: number; body: { status: string; problems: string[] } }> => {
      const response = await fetch(`${server!.url}/api/ready`)
      expect(response.headers.get('cache-control')).toBe('no-store')
      return { status: response.status, body: (await response.json()) as { status: string; problems: string[] } }
    }
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', problems: [] } })

    const id = await server.createDocument('Disco de solo lectura')
    const client = connectClient(server, id)
    clients.push(client)
    await client.waitSynced()
    switchable.setReadOnly(true)
    client.addParagraph('Texto que no se puede guardar todavía.')
    await waitFor(() => client.closeCodes.includes(CloseCode.storageFailure), 'the client to be told storage failed', { timeoutMs: 20_000 })
    const down = await ready()
    expect(down.status).toBe(503)
    expect(down.body.status).toBe('unavailable')
    expect(down.body.problems.join(' ')).toMatch(/commits fail: .*readonly/i)
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    expect(sample(await metrics(server.url), 'consenso_commit_failures_total')).toBeGreaterThanOrEqual(1)

    switchable.setReadOnly(false)
    // The client reconnects and resends its unsaved change; its commit clears the failure.
    await client.waitSaved(30_000)
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', problems: [] } })
  })

  it.skipIf(noRedisServer !== null)(`[OPS-5] /api/ready answers 503 while Redis is away and 200 once it is back${noRedisServer ? ` (skipped: ${noRedisServer})` : ''}`, async () => {
    redis = await privateRedis()
    server = await startServer({ redisUrl: redis.url })
    const url = server.url
    const ready = async (): Promise<{ status: number; problems: string[] }> => {
      const response = await fetch(`${url}/api/ready`)
      return { status: response.status, problems: ((await response.json()) as { problems: string[] }).problems }
    }
    expect(await ready()).toEqual({ status: 200, problems: [] })
    await redis.stop()
    await waitFor(async () => (await ready()).status === 503, 'readiness to fail without Redis')
    expect((await ready()).problems).toEqual(['redis fan-out is not connected'])
    expect((await fetch(`${url}/api/health`)).status).toBe(200)
    await redis.start()
    await waitFor(async () => (await ready()).status === 200, 'readiness to return with Redis', { timeoutMs: 15_000 })
  })
})

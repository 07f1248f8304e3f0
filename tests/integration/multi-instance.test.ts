/**
 * [SCALE-1] Three server processes on one Postgres database, joined by Redis: clients spread
 * over them converge; an instance killed with SIGKILL mid-editing loses nothing its clients
 * were told was saved (they reconnect to another instance); Redis restarted mid-editing,
 * every instance converges soon after it returns. Each run gets its own database and its
 * own redis-server, so restarting them disturbs no other test.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDraft } from '../helpers/api.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { useChildServers } from '../helpers/child-server.ts'
import { postgresUnavailable } from '../helpers/postgres.ts'
import { redisUnavailable } from '../helpers/redis.ts'
import { privateDatabase, privateRedis, type PrivateDatabase, type PrivateRedis } from '../helpers/services.ts'
import { setupAdmin } from '../helpers/session.ts'
import { seededRandom } from '../helpers/random.ts'
import { waitFor } from '../helpers/wait.ts'

const skipReason = (await redisUnavailable()) ?? (await postgresUnavailable())
const harness = useChildServers()
let database: PrivateDatabase | null = null
let redis: PrivateRedis | null = null

afterEach(async () => {
  await redis?.stop()
  redis = null
})
afterEach(() => {
  database?.drop()
  database = null
})

interface Written {
  token: string
  writer: TestClient
  clock: number
}

const count = (client: TestClient, token: string): number => client.paragraphs().filter((p) => p === token).length

describe.skipIf(skipReason !== null)('several instances on Postgres and Redis', () => {
  it('[SCALE-1] clients on three instances converge, survive a SIGKILLed instance and a Redis restart', async () => {
    const random = seededRandom('SCALE-1')
    database = privateDatabase('scale')
    redis = await privateRedis()
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url }
    // Started together: migrations must be applied once, whoever comes first.
    const servers = await Promise.all([harness.start(env), harness.start(env), harness.start(env)])
    const admin = await setupAdmin(servers[0]!.url)
    const id = await createDraft(servers[1]!.url, admin, { title: 'Declaración conjunta CRM–CSM', template: 'declaration' })
    const connect = (server: { wsUrl: string }, doc?: Y.Doc): TestClient =>
      harness.track(connectClient({ wsUrl: server.wsUrl, cookie: admin.cookie }, id, doc ? { doc } : {}))
    const groups = servers.map((server) => [connect(server), connect(server)])
    let live = groups.flat()
    await Promise.all(live.map((c) => c.waitSynced()))

    const written: Written[] = []
    let counter = 0
    const write = (writer: TestClient): void => {
      const token = `párrafo ${counter++}`
      writer.addParagraph(token)
      written.push({ token, writer, clock: Y.getState(writer.doc.store, writer.doc.clientID) })
    }
    const converged = (clients: TestClient[]): boolean => {
      const reference = clients[0]!.paragraphs().join('\n')
      return clients.every((c) => c.paragraphs().join('\n') === reference)
    }

    // 1. Concurrent edits through all three instances.
    for (let i = 0; i < 30; i++) write(random.pick(live))
    await Promise.all(live.map((c) => c.waitSaved(20_000)))
    await waitFor(() => converged(live) && written.every((w) => count(live[0]!, w.token) === 1), 'all six clients to converge', {
      timeoutMs: 20_000,
    })

    // 2. Kill instance 0 while everyone types.
    const typing = setInterval(() => write(random.pick(live)), 3)
    const savedBefore = written.length
    await waitFor(() => written.filter((w) => (w.writer.saved.get(w.writer.doc.clientID) ?? 0) >= w.clock).length > savedBefore + 30, 'more acknowledged edits')
    await servers[0]!.kill('SIGKILL')
    clearInterval(typing)
    const orphans = groups[0]!
    for (const orphan of orphans) orphan.provider.disconnect()
    const acknowledged = written.filter((w) => (w.writer.saved.get(w.writer.doc.clientID) ?? 0) >= w.clock)
    // Behind a load balancer the orphans would land on another instance: so they do here.
    const rejoined = orphans.map((orphan) => connect(servers[1]!, orphan.doc))
    live = [...rejoined, ...groups[1]!, ...groups[2]!]
    await Promise.all(rejoined.map((c) => c.waitSaved(20_000)))
    await waitFor(() => converged(live) && written.every((w) => count(live[0]!, w.token) === 1), 'every edit to reach every client once', {
      timeoutMs: 20_000,
      describe: () => live.map((c) => c.paragraphs().length),
    })
    for (const w of acknowledged) expect(count(live[3]!, w.token), w.token).toBe(1)

    // 3. Restart Redis while the two remaining instances keep taking edits.
    await redis.stop()
    for (let i = 0; i < 10; i++) write(random.pick(live))
    await Promise.all(live.map((c) => c.waitSaved(20_000)))
    await redis.start()
    await waitFor(() => converged(live) && written.every((w) => count(live[0]!, w.token) === 1), 'every instance to converge after Redis returns', {
      timeoutMs: 15_000,
      describe: () => live.map((c) => c.paragraphs().length),
    })
  })
})

/**
 * [SILENCE-20] Two server instances on one Postgres database, joined by Redis, each running its
 * own deadline sweep (every 20 ms, as they would every second): when the deadlines of three
 * drafts pass together, each text is adopted once — one "Adopted" version, one audit entry, one
 * notice per reader — whichever instance claimed it; the lock set on one instance holds on the
 * other while silence runs, and is lifted on both after the adoption. Both instances read one
 * clock the test moves, so the deadline passes when the test says, for both at once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { REVIEW_SETTINGS_KEY, type AuditEntry, type LinkableParagraphsResponse, type NotificationsResponse, type SilenceResponse, type VersionsResponse } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { RedisFanout } from '@consenso/server/fanout'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { denials } from '../helpers/per-test.ts'
import { postgresUnavailable, testSchema, type TestSchema } from '../helpers/postgres.ts'
import { REDIS_URL, redisUnavailable } from '../helpers/redis.ts'
import { startFirstRunServer, startServer, type FirstRunServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const skipReason = (await postgresUnavailable()) ?? (await redisUnavailable())
const quiet = { info() {}, warn() {}, error() {} }
const T0 = new Date('2026-12-07T14:00:00Z')
/** 10:00 in Panamá is 15:00 UTC: an hour after T0. */
const DEADLINE = { deadline: '2026-12-07T10:00', timeZone: 'America/Panama' }
const DEADLINE_AT = new Date('2026-12-07T15:00:00Z')

let now = T0
const clock = (): Date => now
const cleanups: (() => Promise<void> | void)[] = []
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const on = (server: { wsUrl: string }, session: TestSession, id: string, channel?: 'meta'): TestClient => {
  const client = connectClient({ wsUrl: server.wsUrl, cookie: session.cookie }, id, channel ? { channel } : {})
  clients.push(client)
  return client
}

/** The paragraph's text, once the client holds it. */
const paragraphText = (doc: Y.Doc, blockId: string): Y.XmlText | undefined =>
  doc
    .getXmlFragment(BODY_FIELD)
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute('id') === blockId)
    ?.get(0) as Y.XmlText | undefined

describe.skipIf(skipReason !== null)(`two instances on Postgres and Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('[SILENCE-20] [SILENCE-8] both sweeping every 20 ms, three deadlines passing together adopt each text once; the lock follows on both', async () => {
    now = T0
    const schema: TestSchema = await testSchema('silence_pair')
    cleanups.push(() => schema.drop())
    const a: TestServer = await startServer({ storage: await schema.open(), fanout: new RedisFanout(REDIS_URL, quiet), now: clock, silenceSweepMs: 20 })
    cleanups.push(() => a.close())
    const b: FirstRunServer = await startFirstRunServer({ storage: await schema.open(), fanout: new RedisFanout(REDIS_URL, quiet), now: clock, silenceSweepMs: 20 })
    // Closed before the first: the schema is dropped last.
    cleanups.push(() => b.close())
    const owner = api(a.url, a.session)
    const [pan, mex] = (await Promise.all([
      invite(a.url, a.session, { email: 'carlos@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' }),
      invite(a.url, a.session, { email: 'lucia@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' }),
    ])) as [TestSession, TestSession]

    const drafts: { id: string; op1: string }[] = []
    for (const title of ['Declaración de Santiago', 'Declaración de Panamá', 'Declaración de México']) {
      const id = await a.createDocument(title, 'declaration')
      for (const code of ['PAN', 'MEX']) await share(a.url, a.session, id, { type: 'delegation', id: code }, 'editor')
      expect((await owner.put(`/api/documents/${id}/parties`, { parties: ['PAN', 'MEX'] })).status).toBe(200)
      const { paragraphs } = (await (await owner.get(`/api/documents/${id}/paragraphs`)).json()) as LinkableParagraphsResponse
      drafts.push({ id, op1: paragraphs.find((p) => p.number === 'OP1')!.id })
    }
    // The review document of the first draft is open on B before silence starts on A.
    const watcher = on(b, mex, drafts[0]!.id, 'meta')
    await watcher.waitSynced()
    const silenceOnB = (): unknown => watcher.doc.getMap(REVIEW_SETTINGS_KEY).get('silence')
    // Started through either instance.
    for (const [i, draft] of drafts.entries()) {
      const target = i % 2 === 0 ? a : b
      const response = await api(target.url, a.session).post(`/api/documents/${draft.id}/silence`, DEADLINE)
      expect(response.status, await response.clone().text()).toBe(201)
    }
    await waitFor(() => silenceOnB() !== undefined, 'the procedure started on A to reach the review document open on B')

    // Under silence, an edit through B is refused there, though the procedure was started on A.
    const attacker = on(b, pan, drafts[0]!.id)
    await attacker.waitSynced()
    const reasons = denials(attacker)
    paragraphText(attacker.doc, drafts[0]!.op1)!.insert(0, 'NO ')
    await waitFor(() => reasons.length > 0, 'the refusal on B')
    expect(reasons[0]).toMatch(/under silence/)
    attacker.destroy()

    // The deadline passes for both instances at once; their sweeps race for every draft.
    now = new Date(DEADLINE_AT.getTime() + 1000)
    for (const draft of drafts) {
      await waitFor(async () => {
        const state = (await (await api(b.url, mex).get(`/api/documents/${draft.id}/silence`)).json()) as SilenceResponse
        return state.silence?.status === 'adopted' && state.adoption !== null
      }, `the adoption of ${draft.id}`, { timeoutMs: 20_000 })
    }
    // Nothing is left for either to adopt (the first pair joins sweeps still finishing their adoptions).
    await Promise.all([a.app.silence.sweep(), b.app.silence.sweep()])
    expect(await Promise.all([a.app.silence.sweep(), b.app.silence.sweep()])).toEqual([0, 0])

    const audit = ((await (await owner.get('/api/admin/audit')).json()) as { entries: AuditEntry[] }).entries
    for (const draft of drafts) {
      const { named } = (await (await owner.get(`/api/documents/${draft.id}/versions`)).json()) as VersionsResponse
      expect(named.filter((v) => v.name.startsWith('Adoptado / Adopted'))).toHaveLength(1)
      expect(audit.filter((e) => e.action === 'silence.adopted' && e.documentId === draft.id)).toHaveLength(1)
    }
    // Each reader hears of each adoption once.
    await waitFor(async () => {
      const inbox = (await (await api(a.url, pan).get('/api/notifications')).json()) as NotificationsResponse
      return inbox.notifications.filter((n) => n.kind === 'adopted').length >= 3
    }, 'the adoption notices')
    const inbox = (await (await api(b.url, pan).get('/api/notifications')).json()) as NotificationsResponse
    expect(inbox.notifications.filter((n) => n.kind === 'adopted').map((n) => n.documentId).sort()).toEqual(drafts.map((d) => d.id).sort())

    // The lock is lifted on B too: the review document there says so and an edit through B is stored.
    await waitFor(() => silenceOnB() === undefined, 'the lock to be lifted in the review document on B')
    const editor = on(b, pan, drafts[0]!.id)
    await editor.waitSynced()
    paragraphText(editor.doc, drafts[0]!.op1)!.insert(0, 'Tras la adopción: ')
    await editor.waitSaved()
    const reader = on(a, mex, drafts[0]!.id)
    await reader.waitSynced()
    await waitFor(() => paragraphText(reader.doc, drafts[0]!.op1)?.toString().startsWith('Tras la adopción: '), 'the edit made through B to reach A')
  })
})

/**
 * [ABUSE-4..6] Caps on what one signed-in person can make the server do: structs per update,
 * unread replies to "send me the draft", drafts created per hour. Each runs while a canary
 * client on another draft keeps editing (round trip under a second, tests/helpers/limits.ts)
 * and the server's resident memory is watched (the server runs in this process, so the figure
 * includes the test's own clients: the bound is generous, the abuse far larger).
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Socket } from 'node:net'
import { CloseCode, encodeSyncStep1, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, type AuditEntry } from '@consenso/protocol'
import { DEFAULT_MAX_OUTSTANDING_SYNC_REPLIES, DEFAULT_MAX_STRUCTS_PER_UPDATE } from '@consenso/server/collab'
import { HourlyQuota } from '@consenso/server/hourly-quota'
import { connectClient } from '../helpers/clients.ts'
import { canary, pasteFrame, peakResident } from '../helpers/limits.ts'
import { loggedLines, perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { api, invite } from '../helpers/session.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

const { start, track, socket: keep } = perTest()

const MiB = 1024 * 1024

async function audit(s: TestServer): Promise<AuditEntry[]> {
  return ((await (await api(s.url, s.session).get('/api/admin/audit')).json()) as { entries: AuditEntry[] }).entries
}

describe('caps on one person’s requests', () => {
  it('[ABUSE-4] an update carrying more structs than allowed is refused before it is applied, with its reason, and audited', async () => {
    const server = await start()
    const canaryDraft = await server.createDocument('Canario')
    const bird = await canary(server, canaryDraft, track)
    const draft = await server.createDocument('Pegado enorme')
    const abuser = track(connectClient(server, draft))
    const observer = track(connectClient(server, draft))
    await Promise.all([abuser.waitSynced(), observer.waitSynced()])
    abuser.addParagraph('Texto legítimo antes del pegado.')
    await abuser.waitSaved()
    await waitFor(() => observer.paragraphs().includes('Texto legítimo antes del pegado.'), 'the legitimate edit to arrive')
    const text = observer.paragraphs()

    // One update of some 3 structs per paragraph (element, text, string), over the default cap,
    // built before the canary starts timing (the server runs in this process).
    const paragraphs = Math.ceil(DEFAULT_MAX_STRUCTS_PER_UPDATE / 3) + 1_000
    const frame = pasteFrame(paragraphs)
    const socket = new WebSocket(`${server.wsUrl}/collab/${draft}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: server.cookie } })
    keep(socket)
    socket.on('error', () => {})
    await nextEvent(socket, 'message')
    let closedWith: number | null = null
    socket.on('close', (code: number) => (closedWith = code))
    const s = server
    const { peak, before } = await peakResident('self', async () => {
      const stop = (async () => {
        socket.send(frame)
        await waitFor(async () => (await audit(s)).some((e) => e.action === 'write.denied' && e.documentId === draft), 'the oversized update to be refused and audited', { timeoutMs: 30_000 })
      })()
      const times = await bird.keepGoing(stop)
      await stop
      return times
    })
    const denied = (await audit(server)).find((e) => e.action === 'write.denied' && e.documentId === draft)
    expect(JSON.stringify(denied?.details)).toMatch(new RegExp(`at most ${DEFAULT_MAX_STRUCTS_PER_UPDATE} are accepted in one update`))
    // Nothing of it was applied, stored or broadcast; the connection stays open.
    expect(observer.paragraphs()).toEqual(text)
    const stored = await server.storage.loadLog({ documentId: draft, name: 'body' })
    const storedBytes = (stored.snapshot?.length ?? 0) + stored.updates.reduce((sum, u) => sum + u.length, 0)
    expect(storedBytes, 'bytes stored for the draft').toBeLessThan(frame.length / 10)
    expect(closedWith).toBeNull()
    expect(peak - before, 'resident memory grown while refusing').toBeLessThan(400 * MiB)
    await bird.roundTrip('canary afterwards')
  })

  it('[ABUSE-5] a client asking for the whole draft again and again without reading is closed with 4429 once its unread answers reach the cap', async () => {
    const { lines, logger } = loggedLines()
    const server = await start({ logger })
    const bird = await canary(server, await server.createDocument('Canario'), track)
    const big = await server.createDocument('Grande')
    const author = track(connectClient(server, big))
    await author.waitSynced()
    // About 1 MB of text: every reply to a step 1 with an empty state vector is a copy of it.
    for (let i = 0; i < 100; i++) author.addParagraph(`${i} ${'palabra '.repeat(1250)}`)
    await author.waitSaved(20_000)

    const socket = new WebSocket(`${server.wsUrl}/collab/${big}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: server.cookie } })
    keep(socket)
    socket.on('error', () => {})
    await nextEvent(socket, 'message')
    const tcp = (socket as unknown as { _socket: Socket })._socket
    tcp.pause()
    const { peak, before } = await peakResident('self', async () => {
      // 200 copies of the draft asked for: 200 MB if each were answered.
      for (let i = 0; i < 200; i++) socket.send(encodeSyncStep1(new Uint8Array([0])))
      await waitFor(() => lines.some((line) => line.includes('answers unread')), 'the server to refuse asking again')
      await bird.roundTrip('canary while a client asks for the draft without reading')
    })
    const logged = JSON.parse(lines.find((line) => line.includes('answers unread'))!) as { code: number; reason: string }
    expect(logged.code).toBe(CloseCode.rateLimited)
    expect(logged.reason).toContain(`with ${DEFAULT_MAX_OUTSTANDING_SYNC_REPLIES} answers unread`)
    expect(peak - before, 'resident memory grown while a client asked for 200 copies').toBeLessThan(150 * MiB)
    // Reading again, it finds the close after what was queued before it.
    const closed = nextEvent<number>(socket, 'close', 20_000)
    tcp.resume()
    expect(await closed).toBe(CloseCode.rateLimited)
    expect(author.closeCodes).toEqual([])
    await bird.roundTrip('canary afterwards')
  })

  it('[ABUSE-6] past the drafts-per-hour limit, creating or importing a draft answers 429 with Retry-After; other people are not affected', async () => {
    const server = await start({ draftsPerHour: 3 })
    // The canary's draft is the administrator's first of three.
    const bird = await canary(server, await server.createDocument('Canario'), track)
    const admin = api(server.url, server.session)
    for (const title of ['Segundo', 'Tercero']) expect((await admin.post('/api/documents', { title, template: 'blank' })).status).toBe(201)
    const before = (await (await admin.get('/api/documents')).json()) as { documents: unknown[] }
    for (let i = 0; i < 20; i++) {
      const refused = await admin.post('/api/documents', { title: `Uno más ${i}`, template: 'blank' })
      expect(refused.status).toBe(429)
      const retryAfter = Number(refused.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(3_500)
      expect(retryAfter).toBeLessThanOrEqual(3_600)
      expect(((await refused.json()) as { error: string }).error).toBe('too_many_drafts')
    }
    const imported = await fetch(`${server.url}/api/documents/import?format=md&filename=otro.md`, {
      method: 'POST',
      headers: { 'content-type': 'text/markdown', origin: server.url, cookie: server.cookie },
      body: '# Otro borrador\n\nTexto.\n',
    })
    expect(imported.status).toBe(429)
    expect(imported.headers.get('retry-after')).not.toBeNull()
    // Nothing was created by the refused requests.
    const after = (await (await admin.get('/api/documents')).json()) as { documents: unknown[] }
    expect(after.documents.length).toBe(before.documents.length)
    // Another person has their own hour.
    const other = await invite(server.url, server.session, { email: 'pan@example.org', name: 'Carlos Méndez', delegation: 'PAN' })
    expect((await api(server.url, other).post('/api/documents', { title: 'De Panamá', template: 'blank' })).status).toBe(201)
    await bird.roundTrip('canary after refused creations')
  })

  it('[ABUSE-6] the hourly quota slides with the clock and remembers a bounded number of people', () => {
    let now = 0
    const quota = new HourlyQuota(2, { now: () => now, maxPeople: 100 })
    expect(quota.take('ana').allowed).toBe(true)
    now = 10 * 60_000
    expect(quota.take('ana').allowed).toBe(true)
    expect(quota.take('ana')).toEqual({ allowed: false, retryAfterSeconds: 50 * 60 })
    now = 60 * 60_000
    expect(quota.take('ana').allowed).toBe(true)
    for (let i = 0; i < 10_000; i++) quota.take(`person-${i}`)
    expect(quota.size).toBe(100)
  })
})

/**
 * Authorisation of every websocket frame, with raw and stock y-websocket clients (no UI).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { CloseCode, encodeAwarenessMessage } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { denials } from '../helpers/per-test.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

let server: TestServer
let people: Record<'viewer' | 'commenter' | 'editor' | 'outsider', TestSession>
const clients: TestClient[] = []

beforeEach(async () => {
  server = await startServer()
  const [viewer, commenter, editor, outsider] = await Promise.all([
    invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'John Smith', delegation: 'PAN' }),
    invite(server.url, server.session, { email: 'mexico@sre.gob.mx', name: 'Lucía Torres', delegation: 'MEX' }),
    invite(server.url, server.session, { email: 'argentina@cancilleria.gob.ar', name: 'Martín Díaz', delegation: 'ARG' }),
    invite(server.url, server.session, { email: 'brasil@itamaraty.gov.br', name: 'Bruno Costa', delegation: 'BRA' }),
  ])
  people = { viewer: viewer!, commenter: commenter!, editor: editor!, outsider: outsider! }
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

const as = (session: TestSession, documentId: string, options: Parameters<typeof connectClient>[2] = {}): TestClient => {
  const client = connectClient({ wsUrl: server.wsUrl, cookie: session.cookie }, documentId, options)
  clients.push(client)
  return client
}

async function draftSharedWithAll(): Promise<string> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'user', id: people.viewer.user.id }, 'viewer')
  await share(server.url, server.session, id, { type: 'delegation', id: 'MEX' }, 'commenter')
  await share(server.url, server.session, id, { type: 'user', id: people.editor.user.id }, 'editor')
  return id
}

const storedText = async (id: string): Promise<string> => {
  const log = await server.storage.loadLog({ documentId: id, name: 'body' })
  const doc = new Y.Doc()
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot)
  for (const u of log.updates) Y.applyUpdate(doc, u)
  return doc.getXmlFragment(BODY_FIELD).toString()
}

const closeCodeOf = (url: string, headers: Record<string, string>): Promise<number> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('close', (code) => resolve(code))
    ws.on('error', reject)
  })

describe('websocket access', () => {
  it.each(['viewer', 'commenter'] as const)('[WSAUTH-1] a %s may read but every body update is refused, not stored, not broadcast', async (role) => {
    const id = await draftSharedWithAll()
    const reader = as(people[role], id)
    const editor = as(people.editor, id)
    await Promise.all([reader.waitSynced(), editor.waitSynced()])
    expect(reader.paragraphs().join('\n')).toContain('Preámbulo')
    const denied = denials(reader)
    reader.addParagraph(`párrafo no autorizado de ${role}`)
    await waitFor(() => denied.length > 0, 'the permission-denied answer')
    expect(denied[0]).toContain(role)
    // A write the editor makes after proves the server handled the reader's frame first.
    editor.addParagraph('párrafo del editor')
    await editor.waitSaved()
    await waitFor(() => reader.paragraphs().includes('párrafo del editor'), 'the editor paragraph to reach the reader')
    expect(editor.paragraphs()).not.toContain(`párrafo no autorizado de ${role}`)
    expect(await storedText(id)).not.toContain('no autorizado')
    const audit = (await (await api(server.url, server.session).get('/api/admin/audit?action=write.denied')).json()) as {
      entries: { actorId: string; documentId: string }[]
    }
    expect(audit.entries).toEqual([expect.objectContaining({ actorId: people[role].user.id, documentId: id })])
  })

  it('[WSAUTH-2] a spoofed awareness identity is replaced by the session identity', async () => {
    const id = await draftSharedWithAll()
    const spoofer = as(people.viewer, id)
    spoofer.provider.awareness.setLocalStateField('user', { name: 'Presidencia pro tempore', delegation: 'ST-CRM', color: '#000000' })
    const watcher = as(people.editor, id)
    await Promise.all([spoofer.waitSynced(), watcher.waitSynced()])
    await waitFor(() => watcher.provider.awareness.getStates().has(spoofer.doc.clientID), 'the spoofer to appear')
    const seen = watcher.provider.awareness.getStates().get(spoofer.doc.clientID) as { user: unknown }
    expect(seen.user).toEqual({ name: 'John Smith', delegation: 'PAN', color: expect.stringMatching(/^#[0-9a-f]{6}$/i) })
  })

  it("[WSAUTH-3] nobody can remove or overwrite another client's presence", async () => {
    const id = await draftSharedWithAll()
    const victim = as(people.editor, id)
    // A client's first awareness state (clock 0) is not propagated by y-protocols; a change is.
    victim.provider.awareness.setLocalStateField('cursor', null)
    await victim.waitSynced()
    const attacker = as(people.viewer, id)
    await attacker.waitSynced()
    await waitFor(() => attacker.provider.awareness.getStates().has(victim.doc.clientID), 'the victim to be visible')
    // Forge an awareness update that removes the victim (state null, clock far ahead).
    const forged = encoding.createEncoder()
    encoding.writeVarUint(forged, 1)
    encoding.writeVarUint(forged, victim.doc.clientID)
    encoding.writeVarUint(forged, 1_000_000)
    encoding.writeVarString(forged, 'null')
    attacker.provider.ws!.send(encodeAwarenessMessage(encoding.toUint8Array(forged)))
    // A later honest awareness change from the attacker shows the server processed the forgery.
    attacker.provider.awareness.setLocalStateField('cursor', null)
    const observer = as(server.session, id)
    await observer.waitSynced()
    await waitFor(() => observer.provider.awareness.getStates().has(attacker.doc.clientID), 'the attacker to be visible')
    expect(observer.provider.awareness.getStates().has(victim.doc.clientID)).toBe(true)
    expect(server.app.collab.presence(id).map((p) => p.name).sort()).toEqual(['John Smith', 'Martín Díaz'])
  })

  it('[WSAUTH-4] a connection for one draft cannot read or write another', async () => {
    const shared = await draftSharedWithAll()
    const secret = await server.createDocument('Borrador interno de la ST-CRM', 'blank')
    expect(await closeCodeOf(`${server.wsUrl}/collab/${secret}`, { cookie: people.editor.cookie })).toBe(CloseCode.unknownDocument)
    expect(await closeCodeOf(`${server.wsUrl}/collab/${secret}/meta`, { cookie: people.editor.cookie })).toBe(CloseCode.unknownDocument)
    // Frames on an authorised socket only ever reach the draft named in its URL.
    const editor = as(people.editor, shared)
    await editor.waitSynced()
    editor.addParagraph('solo en el borrador compartido')
    await editor.waitSaved()
    expect(await storedText(secret)).not.toContain('solo en el borrador compartido')
    expect(await storedText(shared)).toContain('solo en el borrador compartido')
  })

  it('[WSAUTH-5] without a session, or from another site, the websocket is refused', async () => {
    const id = await draftSharedWithAll()
    expect(await closeCodeOf(`${server.wsUrl}/collab/${id}`, {})).toBe(CloseCode.unauthorized)
    expect(await closeCodeOf(`${server.wsUrl}/collab/${id}`, { cookie: 'consenso_session=forged-token' })).toBe(CloseCode.unauthorized)
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}/collab/${id}`, { headers: { cookie: people.editor.cookie, origin: 'https://evil.example' } })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => {})
    })
    expect(refused).toBe(403)
  })

  it('[WSAUTH-6] downgrading an editor mid-session refuses their next write; removing them disconnects them', async () => {
    const id = await draftSharedWithAll()
    const editor = as(people.editor, id)
    const reader = as(server.session, id)
    await Promise.all([editor.waitSynced(), reader.waitSynced()])
    editor.addParagraph('antes del cambio de rol')
    await editor.waitSaved()
    await share(server.url, server.session, id, { type: 'user', id: people.editor.user.id }, 'viewer')
    const denied = denials(editor)
    editor.addParagraph('después del cambio de rol')
    await waitFor(() => denied.length > 0, 'the next write to be refused')
    expect(await storedText(id)).toContain('antes del cambio de rol')
    expect(await storedText(id)).not.toContain('después del cambio de rol')

    const response = await api(server.url, server.session).delete(`/api/documents/${id}/members`, {
      principal: { type: 'user', id: people.editor.user.id },
    })
    expect(response.status).toBe(200)
    await waitFor(() => editor.closeCodes.includes(CloseCode.forbidden), 'the removed editor to be disconnected', { timeoutMs: 1000 })
  })

  it('[WSAUTH-7] signing out everywhere disconnects the live connections of that person', async () => {
    const id = await draftSharedWithAll()
    const editor = as(people.editor, id)
    await editor.waitSynced()
    const closed = nextEvent(editor.provider, 'connection-close')
    expect((await api(server.url, people.editor).post('/api/auth/logout-all')).status).toBe(204)
    await closed
    expect(editor.closeCodes).toContain(CloseCode.unauthorized)
  })
})

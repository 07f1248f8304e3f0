/**
 * The server tells open pages when what they know of a draft is out of date ([PUSH-1],
 * [PUSH-2] in server/SPEC.md), so that no page polls for it: over raw websockets, Consenso
 * clients of Panamá and Chile on one declaration. Panamá's role changes: Panamá's connection
 * is told `details`, Chile's is not, and a stock y-websocket client (which would not know the
 * message) is sent nothing. The owner renames the draft: every Consenso connection is told.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
let panama: TestSession
const clients: TestClient[] = []

beforeEach(async () => {
  server = await startServer({ logger: { level: 'silent' } })
  panama = await invite(server.url, server.session, { email: 'carlos.mendez@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

function connect(session: TestSession, id: string, consenso = true): TestClient {
  const client = connectClient({ wsUrl: server.wsUrl, cookie: session.cookie }, id, { consenso })
  clients.push(client)
  return client
}

describe('details notices', () => {
  it('[PUSH-1] a role change is announced at once to the person’s Consenso connections only, and the new role holds', async () => {
    const id = await server.createDocument('Declaración conjunta', 'declaration')
    await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
    const pan = connect(panama, id)
    const chile = connect(server.session, id)
    const stock = connect(panama, id, false)
    await Promise.all([pan.waitSynced(), chile.waitSynced(), stock.waitSynced()])

    await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'viewer')
    await waitFor(() => pan.detailsNotices === 1, 'Panamá to be told its role changed')
    // The summary the page then asks for says so.
    const summary = (await (await api(server.url, panama).get(`/api/documents/${id}`)).json()) as { role: string }
    expect(summary.role).toBe('viewer')

    // Setting the same role again changes nothing: no notice. Chile's role never changed.
    await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'viewer')
    chile.addParagraph('Chile escribe después del cambio')
    await chile.waitSaved()
    await waitFor(() => pan.paragraphs().includes('Chile escribe después del cambio'), 'Chile’s paragraph to reach Panamá')
    expect(pan.detailsNotices).toBe(1)
    expect(chile.detailsNotices).toBe(0)
    // The stock client got nothing it could not read (it would have closed or logged).
    expect(stock.detailsNotices).toBe(0)
    expect(stock.closeCodes).toEqual([])
  })

  it('[PUSH-2] a rename is announced to every Consenso connection of the draft, and not to another draft’s', async () => {
    const id = await server.createDocument('Borrador', 'declaration')
    const other = await server.createDocument('Otra minuta', 'minutes')
    await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'viewer')
    const pan = connect(panama, id)
    const chile = connect(server.session, id)
    const elsewhere = connect(server.session, other)
    await Promise.all([pan.waitSynced(), chile.waitSynced(), elsewhere.waitSynced()])

    expect((await api(server.url, server.session).patch(`/api/documents/${id}`, { title: 'Declaración de Santiago' })).status).toBe(200)
    await waitFor(() => pan.detailsNotices === 1 && chile.detailsNotices === 1, 'both pages to be told of the new title')
    // A later edit of the other draft is a fence: had its connection been told, it would be by now.
    elsewhere.addParagraph('Sigue su curso')
    await elsewhere.waitSaved()
    expect(elsewhere.detailsNotices).toBe(0)
  })
})

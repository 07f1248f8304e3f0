/**
 * Managing drafts from the portal (server/SPEC.md, DOC-*): an owner renames a draft, deletes it
 * to the trash (closed for everyone at once, hidden, restorable with everything it held) and
 * the server purges it after TRASH_DAYS. Real server, real storage, real websockets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditEntry, DocumentListResponse, DocumentSummary, TrashListResponse } from '@consenso/protocol'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
let editor: TestSession
let clock = Date.parse('2026-12-01T10:00:00.000Z')
const clients: TestClient[] = []

beforeEach(async () => {
  clock = Date.parse('2026-12-01T10:00:00.000Z')
  server = await startServer({ trashDays: 30, now: () => new Date(clock) })
  editor = await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

const titles = async (as: TestSession = server.session): Promise<string[]> =>
  ((await (await api(server.url, as).get('/api/documents')).json()) as DocumentListResponse).documents.map((d) => d.title)

const trash = async (as: TestSession = server.session): Promise<TrashListResponse['documents']> =>
  ((await (await api(server.url, as).get('/api/documents/trash')).json()) as TrashListResponse).documents

const audit = async (documentId: string): Promise<string[]> =>
  ((await (await api(server.url, server.session).get(`/api/admin/audit?documentId=${documentId}`)).json()) as { entries: AuditEntry[] }).entries.map((e) => e.action)

describe('managing drafts', () => {
  it('[DOC-1] an owner renames a draft; others may not; a blank or oversized title is refused', async () => {
    const id = await server.createDocument('Declaración conjunta')
    await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
    const owner = api(server.url, server.session)

    const renamed = (await (await owner.patch(`/api/documents/${id}`, { title: '  Declaración   conjunta (rev. 2) ' })).json()) as DocumentSummary
    expect(renamed.title).toBe('Declaración conjunta (rev. 2)')
    expect(await titles(editor)).toEqual(['Declaración conjunta (rev. 2)'])

    expect((await api(server.url, editor).patch(`/api/documents/${id}`, { title: 'Mío' })).status).toBe(403)
    for (const body of [{ title: '   ' }, { title: 'x'.repeat(201) }, { title: 'ok', extra: 1 }, {}]) {
      expect((await owner.patch(`/api/documents/${id}`, body)).status, JSON.stringify(body)).toBe(400)
    }
    expect((await owner.patch('/api/documents/ghost-id', { title: 'x' })).status).toBe(404)
    expect(await titles()).toEqual(['Declaración conjunta (rev. 2)'])
    expect(await audit(id)).toContain('document.renamed')
  })

  it('[DOC-2] deleting moves a draft to the trash: closed for everyone, hidden, restorable whole', async () => {
    const id = await server.createDocument('Declaración conjunta')
    await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
    const writer = connectClient({ wsUrl: server.wsUrl, cookie: editor.cookie }, id)
    clients.push(writer)
    await writer.waitSynced()
    writer.addParagraph('Texto de Panamá')
    await writer.waitSaved()

    expect((await api(server.url, editor).delete(`/api/documents/${id}`)).status).toBe(403)
    expect((await api(server.url, server.session).delete(`/api/documents/${id}`)).status).toBe(204)
    // The open connection is closed, the draft is gone from lists and routes.
    await waitFor(() => writer.closeCodes.length > 0, 'the open connection to be closed')
    expect(await titles()).toEqual([])
    expect(await titles(editor)).toEqual([])
    expect((await api(server.url, server.session).get(`/api/documents/${id}`)).status).toBe(404)
    expect((await api(server.url, server.session).get(`/api/documents/${id}/export?format=md`)).status).toBe(404)
    // Only its owners see it in their trash, with the day it will be purged.
    expect(await trash(editor)).toEqual([])
    expect(await trash()).toEqual([expect.objectContaining({ id, title: 'Declaración conjunta', deletedAt: '2026-12-01T10:00:00.000Z', purgeAt: '2026-12-31T10:00:00.000Z' })])

    expect((await api(server.url, editor).post(`/api/documents/${id}/restore`, {})).status).toBe(404)
    const restored = await api(server.url, server.session).post(`/api/documents/${id}/restore`, {})
    expect(restored.status).toBe(200)
    expect(((await restored.json()) as DocumentSummary).title).toBe('Declaración conjunta')
    expect((await api(server.url, server.session).post(`/api/documents/${id}/restore`, {})).status).toBe(404)
    expect(await titles(editor)).toEqual(['Declaración conjunta'])
    // Its text and its sharing came back with it.
    const reader = connectClient({ wsUrl: server.wsUrl, cookie: editor.cookie }, id)
    clients.push(reader)
    await reader.waitSynced()
    expect(reader.paragraphs()).toContain('Texto de Panamá')
    expect(await audit(id)).toEqual(expect.arrayContaining(['document.deleted', 'document.restored']))
  })

  it('[DOC-3] a draft is purged once TRASH_DAYS have passed, not before', async () => {
    const kept = await server.createDocument('Recién borrado')
    const old = await server.createDocument('Borrado hace un mes')
    expect((await api(server.url, server.session).delete(`/api/documents/${old}`)).status).toBe(204)
    clock += 29 * 86_400_000
    expect((await api(server.url, server.session).delete(`/api/documents/${kept}`)).status).toBe(204)
    await server.app.purgeTrash()
    expect((await trash()).map((d) => d.id).sort()).toEqual([kept, old].sort())

    clock += 1 * 86_400_000 + 1000
    await server.app.purgeTrash()
    expect((await trash()).map((d) => d.id)).toEqual([kept])
    expect(await server.storage.getTrashedDocument(old)).toBeUndefined()
    expect(await server.storage.loadLog({ documentId: old, name: 'body' })).toEqual({ snapshot: null, updates: [] })
    expect(await audit(old)).toContain('document.purged')
    expect((await api(server.url, server.session).post(`/api/documents/${old}/restore`, {})).status).toBe(404)
  })
})

/**
 * [PERF-2] and [PERF-3]: how a draft is kept between its clients. A closed draft that was
 * changed is folded into one garbage-collected snapshot; the next open serves clients that
 * only sync straight from those stored bytes, and builds the Y.Doc on the first change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FIELD } from '@consenso/schema'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
const clients: TestClient[] = []
const client = (documentId: string): TestClient => {
  const c = connectClient(server, documentId)
  clients.push(c)
  return c
}

beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

const LONG = 'Los Estados reafirman su compromiso con una migración segura, ordenada y regular. '.repeat(4)

/** A draft with 40 long paragraphs of which 30 were deleted again, written by one client that then left. */
async function draftWithDeletedText(): Promise<{ id: string; paragraphs: string[]; mergedLogBytes: number }> {
  const id = await server.createDocument()
  const writer = client(id)
  await writer.waitSynced()
  for (let i = 0; i < 40; i++) writer.addParagraph(`${i}: ${LONG}`)
  writer.doc.getXmlFragment(BODY_FIELD).delete(5, 30)
  await writer.waitSaved()
  const log = await server.storage.loadLog({ documentId: id, name: 'body' })
  const mergedLogBytes = Y.mergeUpdates(log.snapshot ? [log.snapshot, ...log.updates] : log.updates).length
  const paragraphs = writer.paragraphs()
  writer.destroy()
  await waitFor(() => server.app.collab.size === 0, 'the draft to be unloaded after its last client left')
  return { id, paragraphs, mergedLogBytes }
}

describe('keeping drafts between clients', () => {
  it('[PERF-3] a changed draft is folded into one snapshot without its deleted text when its last client leaves', async () => {
    const { id, paragraphs, mergedLogBytes } = await draftWithDeletedText()
    const log = await server.storage.loadLog({ documentId: id, name: 'body' })
    expect(log.updates).toHaveLength(0)
    expect(log.snapshot).not.toBeNull()
    // 30 deleted paragraphs of 330 characters are gone from the snapshot, not merely marked deleted.
    expect(log.snapshot!.length).toBeLessThan(mergedLogBytes / 2)
    const reader = client(id)
    await reader.waitSynced()
    expect(reader.paragraphs()).toEqual(paragraphs)
    expect(paragraphs).toHaveLength(11)
  })

  it('[PERF-2] clients that only sync are served the stored bytes; the first change builds the document and reaches them all', async () => {
    const { id, paragraphs } = await draftWithDeletedText()
    const key = { documentId: id, name: 'body' as const }
    const a = client(id)
    const b = client(id)
    await Promise.all([a.waitSynced(), b.waitSynced()])
    expect(a.paragraphs()).toEqual(paragraphs)
    expect(b.paragraphs()).toEqual(paragraphs)
    expect(server.app.collab.isLoaded(key)).toBe(true)
    expect(server.app.collab.isBuilt(key)).toBe(false)

    a.addParagraph('cambio después de abrir')
    await a.waitSaved()
    expect(server.app.collab.isBuilt(key)).toBe(true)
    await waitFor(() => b.paragraphs().includes('cambio después de abrir'), 'the change to reach the other client')
    expect(b.paragraphs()).toEqual(a.paragraphs())

    // A client that arrives after the change is served from the built document.
    const c = client(id)
    await c.waitSynced()
    expect(c.paragraphs()).toEqual(a.paragraphs())
  })

  it('[PERF-5] an open draft left idle keeps only its encoded state; the next change rebuilds it, is saved and reaches everyone', async () => {
    await server.close()
    server = await startServer({ idleDraftSeconds: 1 })
    const id = await server.createDocument()
    const key = { documentId: id, name: 'body' as const }
    const a = client(id)
    const b = client(id)
    await Promise.all([a.waitSynced(), b.waitSynced()])
    a.addParagraph('antes de la pausa')
    await a.waitSaved()
    expect(server.app.collab.isBuilt(key)).toBe(true)
    await waitFor(() => !server.app.collab.isBuilt(key), 'the idle draft to let go of its Y.Doc', { timeoutMs: 10_000 })
    expect(server.app.collab.isLoaded(key)).toBe(true)

    // A newcomer is served the encoded state; a change rebuilds the document.
    const c = client(id)
    await c.waitSynced()
    expect(c.paragraphs()).toEqual(a.paragraphs())
    b.addParagraph('después de la pausa')
    await b.waitSaved()
    expect(server.app.collab.isBuilt(key)).toBe(true)
    await waitFor(() => [a, c].every((x) => x.paragraphs().includes('después de la pausa')), 'the change to reach every client')
    expect(a.paragraphs()).toEqual(b.paragraphs())
    expect(c.paragraphs()).toEqual(b.paragraphs())

    // And storage holds both paragraphs once each.
    for (const x of clients) x.destroy()
    await waitFor(() => server.app.collab.size === 0, 'the draft to be unloaded')
    const reader = client(id)
    await reader.waitSynced()
    expect(reader.paragraphs().filter((p) => p === 'antes de la pausa' || p === 'después de la pausa')).toEqual(['antes de la pausa', 'después de la pausa'])
  })

  it('[PERF-2] a client holding part of the draft receives what it lacks from the stored bytes', async () => {
    const { id } = await draftWithDeletedText()
    const a = client(id)
    await a.waitSynced()
    a.addParagraph('escrito antes de cerrar')
    await a.waitSaved()
    const held = Y.encodeStateAsUpdate(a.doc)
    a.destroy()
    await waitFor(() => server.app.collab.size === 0, 'the draft to be unloaded')

    // Another client writes after that, so the returning client lacks exactly this change.
    const other = client(id)
    await other.waitSynced()
    other.addParagraph('escrito en su ausencia')
    await other.waitSaved()
    other.destroy()
    await waitFor(() => server.app.collab.size === 0, 'the draft to be unloaded again')

    const returning = client(id)
    Y.applyUpdate(returning.doc, held)
    await returning.waitSynced()
    expect(returning.paragraphs()).toContain('escrito en su ausencia')
    expect(returning.paragraphs()).toContain('escrito antes de cerrar')
    // Its answer to the server's greeting repeats the deletions it holds, which only the
    // built document can tell apart from new ones, so the document is built then; nothing
    // new is stored, and it is told all it holds is saved.
    await returning.waitSaved()
    const fresh = client(id)
    await fresh.waitSynced()
    expect(fresh.paragraphs()).toEqual(returning.paragraphs())
  })
})

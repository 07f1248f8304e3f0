/**
 * Comment threads: written by the server into the review document through authorised HTTP
 * calls, read live by every reader, anchored with Yjs relative positions.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { REVIEW_SETTINGS_KEY, REVIEW_THREADS_KEY, type MentionsResponse, type Thread, type ThreadsResponse } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { anchorOn, locate } from '../helpers/body.ts'
import type { TestClient } from '../helpers/clients.ts'
import { denials, invitePeople, perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const scope = perTest()
let server: TestServer
let people: Record<'viewer' | 'commenter' | 'editor', TestSession>

beforeEach(async () => {
  server = await scope.start()
  people = await invitePeople(server, {
    viewer: { email: 'observadora@iom.int', name: 'Grace Miller', delegation: 'OIM' },
    commenter: { email: 'secretaria@csm.example', name: 'Tomás Herrera', delegation: 'ST-CSM' },
    editor: { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' },
  })
})

const as = (session: TestSession, id: string, channel: 'body' | 'meta' = 'body'): TestClient => scope.connect(session, id, { channel })

async function draft(): Promise<string> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'delegation', id: 'OIM' }, 'viewer')
  await share(server.url, server.session, id, { type: 'delegation', id: 'ST-CSM' }, 'commenter')
  await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
  return id
}

function anchoredText(doc: Y.Doc, anchor: Thread['anchor']): string {
  const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor!.start), doc)!
  const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor!.end), doc)!
  expect(start.type).toBe(end.type)
  return (start.type as Y.XmlText).toString().slice(start.index, end.index)
}

describe('comment threads', () => {
  it('[REVIEW-1] a commenter comments over HTTP: stored and broadcast live, while the same person cannot write the body', async () => {
    const id = await draft()
    const body = as(people.commenter, id)
    const watcher = as(people.viewer, id, 'meta')
    await Promise.all([body.waitSynced(), watcher.waitSynced()])
    const denied = denials(body)
    body.addParagraph('cambio que la Secretaría no puede hacer')
    await waitFor(() => denied.length > 0, 'the body write to be refused')

    const response = await api(server.url, people.commenter).post(`/api/documents/${id}/threads`, {
      anchor: anchorOn(body.doc, 'consolidar'),
      quote: 'consolidar',
      text: 'Proponemos «sistematizar» en lugar de «consolidar». @PAN',
    })
    expect(response.status, await response.clone().text()).toBe(201)
    const thread = (await response.json()) as Thread
    expect(thread).toMatchObject({ status: 'open', author: { name: 'Tomás Herrera', delegation: 'ST-CSM' }, mentions: ['delegation:PAN'] })
    await waitFor(() => watcher.doc.getMap(REVIEW_THREADS_KEY).has(thread.id), 'the thread to reach the live reader')
    const stored = await server.storage.loadLog({ documentId: id, name: 'meta' })
    expect(stored.updates.length + (stored.snapshot ? 1 : 0)).toBeGreaterThan(0)
    const bodyLog = await server.storage.loadLog({ documentId: id, name: 'body' })
    const rebuilt = new Y.Doc()
    for (const u of bodyLog.updates) Y.applyUpdate(rebuilt, u)
    expect(rebuilt.getXmlFragment(BODY_FIELD).toString()).not.toContain('no puede hacer')
  })

  it('[REVIEW-2] a viewer may read threads but not comment, reply or resolve', async () => {
    const id = await draft()
    const reader = as(people.viewer, id)
    await reader.waitSynced()
    const viewer = api(server.url, people.viewer)
    const refused = await viewer.post(`/api/documents/${id}/threads`, { anchor: anchorOn(reader.doc, 'insumos'), quote: 'insumos', text: 'Comentario' })
    expect(refused.status).toBe(403)
    const created = await api(server.url, people.commenter).post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: 'Comentario general' })
    const { id: threadId } = (await created.json()) as Thread
    expect((await viewer.post(`/api/documents/${id}/threads/${threadId}/comments`, { text: 'respuesta' })).status).toBe(403)
    expect((await viewer.post(`/api/documents/${id}/threads/${threadId}/resolve`)).status).toBe(403)
    const list = (await (await viewer.get(`/api/documents/${id}/threads`)).json()) as ThreadsResponse
    expect(list.threads.map((t) => t.comments.map((c) => c.text))).toEqual([['Comentario general']])
    const outsider = await invite(server.url, server.session, { email: 'brasil@itamaraty.gov.br', name: 'Bruno Costa', delegation: 'BRA' })
    expect((await api(server.url, outsider).get(`/api/documents/${id}/threads`)).status).toBe(404)
  })

  it('[REVIEW-3] an anchor follows its words through concurrent edits from other clients', async () => {
    const id = await draft()
    const chile = as(server.session, id)
    const panama = as(people.editor, id)
    await Promise.all([chile.waitSynced(), panama.waitSynced()])
    const response = await api(server.url, people.commenter).post(`/api/documents/${id}/threads`, {
      anchor: anchorOn(chile.doc, 'Secretarías Técnicas'),
      quote: 'Secretarías Técnicas',
      text: '¿Ambas secretarías o solo la de la CRM?',
    })
    const thread = (await response.json()) as Thread
    // Both editors change the same paragraph around the anchored words, at the same time.
    const chileText = locate(chile.doc, 'Secretarías Técnicas')
    const panamaText = locate(panama.doc, 'Secretarías Técnicas')
    chileText.text.insert(0, 'Asimismo, ')
    panamaText.text.insert(panamaText.index + 'Secretarías Técnicas'.length, ' de ambas conferencias')
    panamaText.text.delete(0, 'Encomendamos a las '.length)
    await Promise.all([chile.waitSaved(), panama.waitSaved()])
    await waitFor(
      () => Y.encodeStateAsUpdate(chile.doc).length > 0 && chile.paragraphs().join() === panama.paragraphs().join(),
      'the editors to converge',
    )
    expect(chile.paragraphs()).toContain('Asimismo, Secretarías Técnicas de ambas conferencias consolidar las contribuciones de los puntos focales en un documento único;')
    expect(anchoredText(chile.doc, thread.anchor)).toBe('Secretarías Técnicas')
    expect(anchoredText(panama.doc, thread.anchor)).toBe('Secretarías Técnicas')
  })

  it('[REVIEW-4] replies, edits and deletions by their authors, resolve and reopen, mentions, and threads on deleted text', async () => {
    const id = await draft()
    const chile = as(server.session, id)
    await chile.waitSynced()
    const secretariat = api(server.url, people.commenter)
    const panama = api(server.url, people.editor)
    const created = (await (
      await secretariat.post(`/api/documents/${id}/threads`, { anchor: anchorOn(chile.doc, 'insumos conjuntos'), quote: 'insumos conjuntos', text: 'Precisar el plazo.' })
    ).json()) as Thread
    const threadPath = `/api/documents/${id}/threads/${created.id}`
    const reply = await panama.post(`${threadPath}/comments`, { text: 'De acuerdo; @ST-CSM propone una fecha?' })
    expect(reply.status).toBe(201)
    const afterReply = (await reply.json()) as Thread
    const replyId = afterReply.comments[1]!.id
    expect(afterReply.mentions).toEqual(['delegation:ST-CSM'])
    expect((await secretariat.patch(`${threadPath}/comments/${replyId}`, { text: 'cambiado por otro' })).status).toBe(403)
    expect((await panama.patch(`${threadPath}/comments/${replyId}`, { text: 'De acuerdo; @ST-CSM, ¿una fecha?' })).status).toBe(200)
    expect((await secretariat.delete(`${threadPath}/comments/${created.comments[0]!.id}`)).status).toBe(200)
    expect((await panama.post(`${threadPath}/resolve`)).status).toBe(200)
    const mentions = (await (await secretariat.get('/api/mentions')).json()) as MentionsResponse
    expect(mentions.mentions.map((m) => [m.documentId, m.thread.id])).toEqual([[id, created.id]])

    // The anchored words are deleted: the thread stays, with its quote.
    const where = locate(chile.doc, 'insumos conjuntos')
    where.text.delete(where.index, 'insumos conjuntos'.length)
    await chile.waitSaved()
    const reopened = await panama.post(`${threadPath}/reopen`)
    expect(reopened.status).toBe(200)
    const [thread] = ((await (await panama.get(`/api/documents/${id}/threads`)).json()) as ThreadsResponse).threads
    expect(thread).toMatchObject({ status: 'open', quote: 'insumos conjuntos', resolvedBy: null })
    expect(thread!.comments.map((c) => [c.deleted, c.text, c.editedAt !== null])).toEqual([
      [true, '', false],
      [false, 'De acuerdo; @ST-CSM, ¿una fecha?', true],
    ])
    expect(anchoredText(chile.doc, thread!.anchor)).toBe('')
  })

  it('[REVIEW-5] a comment anchored outside the draft, or blank, is refused and nothing is written', async () => {
    const id = await draft()
    const other = await server.createDocument('Otro borrador', 'blank')
    const reader = as(server.session, other)
    await reader.waitSynced()
    // What the review document held before (its settings, written at creation).
    const before = await server.storage.loadLog({ documentId: id, name: 'meta' })
    const secretariat = api(server.url, people.commenter)
    const foreign = await secretariat.post(`/api/documents/${id}/threads`, { anchor: anchorOn(reader.doc, 'Otro'), quote: 'Otro', text: 'fuera de lugar' })
    expect(foreign.status).toBe(400)
    expect((await secretariat.post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: '   ' })).status).toBe(400)
    expect((await secretariat.post(`/api/documents/${id}/threads`, { anchor: { start: 'x', end: 1 }, quote: '', text: 'x' })).status).toBe(400)
    expect(await server.storage.loadLog({ documentId: id, name: 'meta' })).toEqual(before)
  })

  it('[REVIEW-6] only an owner sets the draft-wide review settings; readers follow them live', async () => {
    const id = await draft()
    const watcher = as(people.viewer, id, 'meta')
    await watcher.waitSynced()
    expect(await (await api(server.url, people.viewer).get(`/api/documents/${id}/settings`)).json()).toEqual({ requireSuggesting: false, lockAgreed: false, language: 'es' })
    expect((await api(server.url, people.editor).put(`/api/documents/${id}/settings`, { requireSuggesting: true })).status).toBe(403)
    const set = await api(server.url, server.session).put(`/api/documents/${id}/settings`, { requireSuggesting: true })
    expect(set.status).toBe(200)
    expect(await set.json()).toEqual({ requireSuggesting: true, lockAgreed: false, language: 'es' })
    // The language of the text (UI-LANG-1): Spanish or English, set by owners only.
    const english = await api(server.url, server.session).put(`/api/documents/${id}/settings`, { language: 'en' })
    expect(await english.json()).toEqual({ requireSuggesting: true, lockAgreed: false, language: 'en' })
    await waitFor(() => watcher.doc.getMap(REVIEW_SETTINGS_KEY).get('language') === 'en', 'the language to reach the live reader')
    expect((await api(server.url, server.session).put(`/api/documents/${id}/settings`, { language: 'fr' })).status).toBe(400)
    expect((await api(server.url, people.editor).put(`/api/documents/${id}/settings`, { language: 'es' })).status).toBe(403)
    await waitFor(() => watcher.doc.getMap(REVIEW_SETTINGS_KEY).get('requireSuggesting') === true, 'the setting to reach the live reader')
    expect((await api(server.url, server.session).put(`/api/documents/${id}/settings`, { sneaky: 1 })).status).toBe(400)
  })
})

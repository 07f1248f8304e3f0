/**
 * A Word or Markdown file imported as the next version of an existing draft ([IMPORT-4],
 * [IMPORT-5] in server/SPEC.md): a real server, a real websocket client watching the text
 * change live, the versions API to list and compare the rounds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { REVIEW_THREADS_KEY, type Thread, type VersionSummary, type VersionsResponse } from '@consenso/protocol'
import { plainText, yDocToJSON, type CompareVersionsResponse } from '@consenso/schema'
import { anchorOn } from '../helpers/body.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
let editor: TestSession
const clients: TestClient[] = []

beforeEach(async () => {
  server = await startServer()
  editor = await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

const owner = (): ReturnType<typeof api> => api(server.url, server.session)
const textOf = (doc: Y.Doc): string => plainText(yDocToJSON(doc))

const upload = (session: TestSession, id: string, body: string | Uint8Array, query: Record<string, string>, type = 'text/markdown; charset=utf-8') =>
  fetch(`${server.url}/api/documents/${id}/import?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': type, origin: server.url, cookie: session.cookie },
    body: typeof body === 'string' ? body : Buffer.from(body),
  })

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text()
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`)
  return JSON.parse(text) as T
}

const REV2 = [
  '# Declaración conjunta',
  '',
  'PP1. Reconociendo la labor de los puntos focales;',
  '',
  'OP1. Acuerdan presentar el informe antes de junio.',
  '',
  'OP2. Nuevo párrafo de la segunda ronda.',
  '',
].join('\n')

/** A draft shared with PAN as editor, its text written by a connected client. */
async function draftWithText(): Promise<{ id: string; watcher: TestClient }> {
  const id = await server.createDocument('Declaración conjunta', 'blank')
  await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
  const first = await upload(server.session, id, '# Declaración conjunta\n\nPP1. Reconociendo la labor de los puntos focales;\n\nOP1. Acuerdan presentar el informe.\n', { name: 'Rev.1' })
  await json(first, 201)
  const watcher = connectClient({ wsUrl: server.wsUrl, cookie: editor.cookie }, id, { channel: 'body' })
  clients.push(watcher)
  await watcher.waitSynced()
  return { id, watcher }
}

describe('[IMPORT-4] POST /api/documents/:id/import', () => {
  it('writes the file live as a new change after a checkpoint, saves it as a named version, and the rounds compare', async () => {
    const { id, watcher } = await draftWithText()
    expect(textOf(watcher.doc)).toContain('Acuerdan presentar el informe.')
    const logBefore = (await server.storage.loadLog({ documentId: id, name: 'body' })).updates.length
    const before = await json<VersionsResponse>(await owner().get(`/api/documents/${id}/versions`))

    const response = await upload(server.session, id, REV2, { name: '  Rev.2 ', note: 'Texto de la segunda ronda', filename: 'rev2.md' })
    const answer = await json<{ version: VersionSummary; checkpoint: VersionSummary; threads: number; brackets: number }>(response, 201)
    expect(answer.version).toMatchObject({ kind: 'named', name: 'Rev.2', note: 'Texto de la segunda ronda', createdBy: { name: 'Ana Pérez' } })
    expect(answer.checkpoint).toMatchObject({ kind: 'checkpoint', reason: 'before_restore', restoring: answer.version.id })

    // The connected client receives the new text live, as an update on top of the history.
    await waitFor(() => textOf(watcher.doc).includes('Nuevo párrafo de la segunda ronda.'), 'the client to receive the imported text')
    expect(textOf(watcher.doc)).toContain('antes de junio')
    expect((await server.storage.loadLog({ documentId: id, name: 'body' })).updates.length).toBeGreaterThan(logBefore)

    const list = await json<VersionsResponse>(await owner().get(`/api/documents/${id}/versions`))
    expect(list.named.map((v) => v.name)).toEqual(['Rev.2', ...before.named.map((v) => v.name)])
    expect(list.checkpoints.map((v) => v.id)).toEqual([answer.checkpoint.id, ...before.checkpoints.map((v) => v.id)])

    const compared = await json<CompareVersionsResponse>(await owner().get(`/api/documents/${id}/versions/compare?from=${answer.checkpoint.id}&to=${answer.version.id}`))
    expect(compared.from?.id).toBe(answer.checkpoint.id)
    expect(compared.to?.name).toBe('Rev.2')
    // The file carries no paragraph ids: the import keeps those of the paragraphs it matches.
    expect(compared.comparison.paragraphs.map((p) => [p.change, p.after?.text ?? p.before?.text])).toEqual([
      ['unchanged', 'Declaración conjunta'],
      ['unchanged', 'Reconociendo la labor de los puntos focales;'],
      ['edited', 'Acuerdan presentar el informe antes de junio.'],
      ['added', 'Nuevo párrafo de la segunda ronda.'],
    ])
    const edited = compared.comparison.paragraphs.find((p) => p.change === 'edited')
    expect(edited?.words.filter((w) => w.op !== 'equal').map((w) => [w.op, w.text.trim()])).toEqual([['insert', 'antes de junio']])

    const audit = await server.storage.audit.listAudit({ action: 'import', documentId: id })
    expect(audit.map((e) => [e.actorId, e.target, e.details.name])).toEqual([
      [server.session.user.id, answer.version.id, 'Rev.2'],
      [server.session.user.id, before.named[0]!.id, 'Rev.1'],
    ])
  })

  it('adds the file’s comment threads to the review document, anchored on their words in the live body', async () => {
    const { id } = await draftWithText()
    // A review export carries the thread; the round trip brings it back as a new thread.
    const anchor = await server.app.collab.read({ documentId: id, name: 'body' }, (doc) => anchorOn(doc, 'puntos focales'))
    const thread = await json<{ id: string }>(await owner().post(`/api/documents/${id}/threads`, { anchor, quote: 'puntos focales', text: 'Incluir a la OIM.' }), 201)
    const reviewMd = await (await owner().get(`/api/documents/${id}/export?format=md&view=review`)).text()
    expect(reviewMd).toContain('Acuerdan presentar el informe.')
    const edited = reviewMd.replace('Acuerdan presentar el informe.', 'Acuerdan presentar el informe final.')
    const answer = await json<{ threads: number }>(await upload(server.session, id, edited, { name: 'Rev.2' }), 201)
    expect(answer.threads).toBe(1)
    const meta = connectClient({ wsUrl: server.wsUrl, cookie: editor.cookie }, id, { channel: 'meta' })
    clients.push(meta)
    await meta.waitSynced()
    const threads = Object.values(meta.doc.getMap<Thread>(REVIEW_THREADS_KEY).toJSON() as Record<string, Thread>)
    expect(threads.map((t) => t.comments[0]!.text)).toEqual(['Incluir a la OIM.', 'Incluir a la OIM.'])
    const imported = threads.find((t) => t.id !== thread.id)!
    // Its anchor resolves in the live body: the export finds its words. The paragraph the file
    // kept unchanged kept its identity, so the thread anchored there before still finds them too.
    const after = await (await owner().get(`/api/documents/${id}/export?format=md&view=review`)).text()
    expect(after).toContain('informe final.')
    const quoted = (threadId: string): string | undefined =>
      new RegExp(`data-comment-start="${threadId}"></span>(.*?)<span data-comment-end="${threadId}"`, 'u').exec(after)?.[1]?.replace(/<[^>]+>/gu, '')
    expect(quoted(imported.id)).toBe('puntos focales')
    expect(quoted(thread.id)).toBe('puntos focales')
  })

  it('a Word file exported from the draft and imported back unchanged compares as no change, its comment a new thread', async () => {
    const { id, watcher } = await draftWithText()
    const anchor = await server.app.collab.read({ documentId: id, name: 'body' }, (doc) => anchorOn(doc, 'puntos focales'))
    await json(await owner().post(`/api/documents/${id}/threads`, { anchor, quote: 'puntos focales', text: 'Incluir a la OIM.' }), 201)
    const text = textOf(watcher.doc)
    const docx = new Uint8Array(await (await owner().get(`/api/documents/${id}/export?format=docx&view=review`)).arrayBuffer())
    const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    const answer = await json<{ version: VersionSummary; checkpoint: VersionSummary; threads: number }>(
      await upload(server.session, id, docx, { name: 'Rev.2', filename: 'declaracion.docx' }, docxType),
      201,
    )
    expect(answer.threads).toBe(1)
    const compared = await json<CompareVersionsResponse>(await owner().get(`/api/documents/${id}/versions/compare?from=${answer.checkpoint.id}&to=${answer.version.id}`))
    expect(compared.comparison.totals).toMatchObject({ edited: 0, added: 0, removed: 0, moved: 0 })
    expect(textOf(watcher.doc)).toBe(text)
  })

  it('[IMPORT-5] only owners import; a broken file or a bad name changes nothing', async () => {
    const { id, watcher } = await draftWithText()
    const text = textOf(watcher.doc)
    const before = await json<VersionsResponse>(await owner().get(`/api/documents/${id}/versions`))
    const logBefore = (await server.storage.loadLog({ documentId: id, name: 'body' })).updates.length
    const auditBefore = (await server.storage.audit.listAudit({ action: 'import' })).length

    const refused = await upload(editor, id, REV2, { name: 'Rev.2' })
    expect(refused.status).toBe(403)
    const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    const cases: Array<[string | Uint8Array, string, Record<string, string>, number, string]> = [
      [new TextEncoder().encode('PK esto no es un zip'), docxType, { name: 'Rev.2' }, 422, 'import_corrupt'],
      ['# Hola\n\n<!-- consenso:review -->\n<!-- consenso:data {"threads":[ -->', 'text/markdown', { name: 'Rev.2' }, 422, 'import_corrupt'],
      ['', 'text/markdown', { name: 'Rev.2' }, 400, 'empty_file'],
      ['# Hola', 'image/png', { name: 'Rev.2' }, 415, 'unsupported_media_type'],
      [REV2, 'text/markdown', {}, 400, 'invalid_request'],
      [REV2, 'text/markdown', { name: '   ' }, 400, 'invalid_request'],
      [REV2, 'text/markdown', { name: 'x'.repeat(121) }, 400, 'invalid_request'],
      [REV2, 'text/markdown', { name: 'Rev.2', note: 'x'.repeat(2001) }, 400, 'invalid_request'],
    ]
    for (const [body, type, query, status, error] of cases) {
      const response = await upload(server.session, id, body, query, type)
      expect(response.status, `${type} ${JSON.stringify(query).slice(0, 40)}`).toBe(status)
      const answer = (await response.json()) as { error: string; message: string }
      expect(answer.error).toBe(error)
      expect(answer.message.length).toBeGreaterThan(5)
    }
    expect((await upload(server.session, 'no-such-draft-0000000', REV2, { name: 'Rev.2' })).status).toBe(404)

    expect(await json<VersionsResponse>(await owner().get(`/api/documents/${id}/versions`))).toEqual(before)
    expect((await server.storage.loadLog({ documentId: id, name: 'body' })).updates.length).toBe(logBefore)
    expect(textOf(watcher.doc)).toBe(text)
    expect((await server.storage.audit.listAudit({ action: 'import' })).length).toBe(auditBefore)
  })
})

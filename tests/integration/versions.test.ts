/**
 * Named versions, checkpoints, comparison and restore ([VERSION-*] in server/SPEC.md), on a
 * real server with real websocket clients.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  REVIEW_THREADS_KEY,
  type RestoreVersionResponse,
  type Thread,
  type VersionContentResponse,
  type VersionSummary,
  type VersionsResponse,
  type ParagraphHistoryResponse,
} from '@consenso/protocol'
import { BODY_FIELD, plainText, yDocToJSON, type CompareVersionsResponse } from '@consenso/schema'
import { readEventStream } from '../helpers/api.ts'
import { anchorOn } from '../helpers/body.ts'
import type { TestClient } from '../helpers/clients.ts'
import { SqliteStorage, type Storage } from '@consenso/server/storage'
import { invitePeople, perTest } from '../helpers/per-test.ts'
import { tempDir, type TestServer } from '../helpers/server.ts'
import { api, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

type JSONContent = Parameters<typeof plainText>[0]

const scope = perTest()
let server: TestServer
let people: Record<'viewer' | 'editor' | 'outsider', TestSession>

beforeEach(async () => {
  server = await scope.start()
  people = await invitePeople(server, {
    viewer: { email: 'observadora@iom.int', name: 'Grace Miller', delegation: 'OIM' },
    editor: { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' },
    outsider: { email: 'mexico@sre.gob.mx', name: 'Lucía Ramos', delegation: 'MEX' },
  })
})

const owner = (): ReturnType<typeof api> => api(server.url, server.session)

const as = (session: TestSession, id: string, channel: 'body' | 'meta' = 'body'): TestClient => scope.connect(session, id, { channel })

async function draft(): Promise<string> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'delegation', id: 'OIM' }, 'viewer')
  await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
  return id
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text()
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`)
  return JSON.parse(text) as T
}

async function saveVersion(id: string, name: string, note = ''): Promise<VersionSummary> {
  return json<VersionSummary>(await owner().post(`/api/documents/${id}/versions`, { name, note }), 201)
}

const textOf = (doc: Y.Doc): string => plainText(yDocToJSON(doc))
const bodyText = (content: VersionContentResponse): string => plainText(content.body as JSONContent)

/** Moves the top-level block at `from` to `to` as the editor does: a copy (same block id) in, the original out. */
function moveBlock(doc: Y.Doc, from: number, to: number): void {
  const fragment = doc.getXmlFragment(BODY_FIELD)
  doc.transact(() => {
    const block = fragment.get(from) as Y.XmlElement
    const copy = block.clone()
    fragment.insert(to, [copy])
    fragment.delete(from > to ? from + 1 : from, 1)
  })
}

function replaceWords(doc: Y.Doc, blockIndex: number, from: string, to: string): void {
  const text = (doc.getXmlFragment(BODY_FIELD).get(blockIndex) as Y.XmlElement).get(0) as Y.XmlText
  const at = text.toString().indexOf(from)
  if (at < 0) throw new Error(`"${from}" is not in block ${blockIndex}`)
  doc.transact(() => {
    text.delete(at, from.length)
    text.insert(at, to)
  })
}

/** Index of the top-level block whose text starts with `start`. */
function blockIndex(doc: Y.Doc, start: string): number {
  const index = doc
    .getXmlFragment(BODY_FIELD)
    .toArray()
    .findIndex((node) => node instanceof Y.XmlElement && (node.get(0) as Y.XmlText | undefined)?.toString().startsWith(start))
  if (index < 0) throw new Error(`no block starts with "${start}"`)
  return index
}

describe('versions', () => {
  it('[VERSION-1][VERSION-4] a version saved while three clients edit is frozen; restoring it brings its text back to every client and keeps both', async () => {
    const id = await draft()
    const editors = [as(server.session, id), as(people.editor, id), as(people.editor, id)]
    await Promise.all(editors.map((c) => c.waitSynced()))
    await json(await owner().post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: 'Comentario previo a la versión' }), 201)

    // Three clients keep typing while the owner saves the version.
    let typing = true
    const written = editors.map(() => 0)
    const typists = editors.map(async (client, n) => {
      while (typing) {
        client.addParagraph(`client ${n} paragraph ${written[n]}`)
        written[n]! += 1
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    })
    await waitFor(() => written.every((count) => count >= 5), 'every client to have typed a few paragraphs')
    const saved = await saveVersion(id, 'Rev.1', 'Circulated to the delegations')
    typing = false
    await Promise.all(typists)
    expect(saved).toMatchObject({ kind: 'named', name: 'Rev.1', note: 'Circulated to the delegations', reason: null, createdBy: { name: 'Ana Pérez', delegation: 'CHL' } })

    const first = await json<VersionContentResponse>(await owner().get(`/api/documents/${id}/versions/${saved.id}`))
    const frozenText = bodyText(first)
    expect(first.review.threads.map((t) => t.comments[0]!.text)).toEqual(['Comentario previo a la versión'])

    // Everyone converges; the version holds a prefix of each client's paragraphs, in order.
    await Promise.all(editors.map((c) => c.waitSaved()))
    await waitFor(() => editors.every((c) => textOf(c.doc) === textOf(editors[0]!.doc)), 'the three clients to converge')
    const frozenLines = frozenText.split('\n')
    editors.forEach((_, n) => {
      const mine = frozenLines.filter((line) => line.startsWith(`client ${n} `))
      expect(mine).toEqual(mine.map((_line, k) => `client ${n} paragraph ${k}`))
    })

    // Later edits and comments do not touch it.
    editors[1]!.addParagraph('After the version')
    await editors[1]!.waitSaved()
    await json(await owner().post(`/api/documents/${id}/threads`, { anchor: anchorOn(editors[0]!.doc, 'After the version'), quote: 'After', text: 'Comentario posterior' }), 201)
    const again = await json<VersionContentResponse>(await owner().get(`/api/documents/${id}/versions/${saved.id}`))
    expect(again).toEqual(first)
    expect(bodyText(again)).not.toContain('After the version')

    // Restore: a checkpoint first, then the version's text reaches every connected client.
    const logBefore = (await server.storage.loadLog({ documentId: id, name: 'body' })).updates.length
    const restored = await json<RestoreVersionResponse>(await owner().post(`/api/documents/${id}/versions/${saved.id}/restore`))
    expect(restored.restored.id).toBe(saved.id)
    expect(restored.checkpoint).toMatchObject({ kind: 'checkpoint', reason: 'before_restore', restoring: saved.id, createdBy: { name: 'Ana Pérez' } })
    await waitFor(() => editors.every((c) => textOf(c.doc) === frozenText), 'every client to show the restored text', {
      describe: () => editors.map((c) => textOf(c.doc).length),
    })
    const reviewer = as(people.viewer, id, 'meta')
    await reviewer.waitSynced()
    const threads = Object.values(reviewer.doc.getMap<Thread>(REVIEW_THREADS_KEY).toJSON() as Record<string, Thread>)
    expect(threads.map((t) => t.comments[0]!.text)).toEqual(['Comentario previo a la versión'])

    // History is kept: the restore is new updates on top, and both versions stay listed.
    expect((await server.storage.loadLog({ documentId: id, name: 'body' })).updates.length).toBeGreaterThan(logBefore)
    const list = await json<VersionsResponse>(await owner().get(`/api/documents/${id}/versions`))
    expect(list.named.map((v) => v.name)).toEqual(['Rev.1'])
    expect(list.checkpoints.map((v) => v.id)).toEqual([restored.checkpoint.id])
    const before = await json<VersionContentResponse>(await owner().get(`/api/documents/${id}/versions/${restored.checkpoint.id}`))
    expect(bodyText(before)).toContain('After the version')
    expect(before.review.threads.map((t) => t.comments[0]!.text)).toEqual(['Comentario previo a la versión', 'Comentario posterior'])

    // The clients keep editing on top of the restored text.
    editors[2]!.addParagraph('After the restore')
    await editors[2]!.waitSaved()
    await waitFor(() => editors.every((c) => textOf(c.doc) === `${frozenText}\nAfter the restore`), 'an edit after the restore to reach everyone')

    const audit = await server.storage.audit.listAudit({ documentId: id })
    expect(audit.filter((e) => e.action.startsWith('version.')).map((e) => [e.action, e.target])).toEqual([
      ['version.restored', saved.id],
      ['version.created', saved.id],
    ])
  })

  it('[VERSION-3] compares two versions, and a version with the current text: moves, renumbering, word changes, added paragraphs', async () => {
    const id = await draft()
    const client = as(server.session, id)
    await client.waitSynced()
    // A third operative paragraph, so that moving it above OP1 is the one move that explains the change.
    client.doc.transact(() => {
      const op3 = new Y.XmlElement('paragraph')
      op3.setAttribute('id', 'op3-block')
      op3.setAttribute('kind', 'operative')
      op3.insert(0, [new Y.XmlText('Deciden reunirse de nuevo antes de fin de año.')])
      client.doc.getXmlFragment(BODY_FIELD).push([op3])
    })
    await client.waitSaved()
    const zero = await saveVersion(id, 'Zero draft')
    const numbered = (await json<VersionContentResponse>(await owner().get(`/api/documents/${id}/versions/${zero.id}`))).body as JSONContent
    const paragraphs = (numbered.content ?? []).filter((n) => n.type === 'paragraph' && n.attrs?.kind)
    const [pp1, , op1, , op3] = paragraphs.map((n) => (n.content?.[0]?.text as string) ?? '')
    expect(op3).toBe('Deciden reunirse de nuevo antes de fin de año.')

    // OP3 moves above OP1; PP1 changes its first word; a new paragraph is added at the end.
    moveBlock(client.doc, blockIndex(client.doc, op3!), blockIndex(client.doc, op1!))
    const firstWord = pp1!.split(' ')[0]!
    replaceWords(client.doc, blockIndex(client.doc, pp1!), firstWord, 'Reafirmando')
    client.addParagraph('Nuevo párrafo')
    await client.waitSaved()
    const rev1 = await saveVersion(id, 'Rev.1')

    for (const to of [rev1.id, 'current']) {
      const result = await json<CompareVersionsResponse>(await owner().get(`/api/documents/${id}/versions/compare?from=${zero.id}&to=${to}`))
      expect(result.from?.name).toBe('Zero draft')
      expect(result.to?.name ?? 'current').toBe(to === 'current' ? 'current' : 'Rev.1')
      const moved = result.comparison.paragraphs.find((p) => p.moved)
      expect(moved).toMatchObject({ before: { label: 'OP3' }, after: { label: 'OP1' }, renumbered: true, moved: { above: { label: 'OP1' } } })
      const edited = result.comparison.paragraphs.find((p) => p.change === 'edited')
      expect(edited?.words.slice(0, 2)).toEqual([
        { op: 'delete', text: `${firstWord} ` },
        { op: 'insert', text: 'Reafirmando ' },
      ])
      expect(result.comparison.paragraphs.filter((p) => p.change === 'added').map((p) => p.after?.text)).toEqual(['Nuevo párrafo'])
      expect(result.comparison.totals).toMatchObject({ moved: 1, renumbered: 3, edited: 1, added: 1, removed: 0 })
    }
    const same = await json<CompareVersionsResponse>(await owner().get(`/api/documents/${id}/versions/compare?from=${rev1.id}&to=current`))
    expect(same.to).toBeNull()
    expect(same.comparison.totals).toMatchObject({ edited: 0, added: 0, removed: 0, moved: 0 })

    const missing = await owner().get(`/api/documents/${id}/versions/compare?from=${zero.id}&to=nope`)
    expect(missing.status).toBe(404)
    expect((await owner().get(`/api/documents/${id}/versions/compare?from=${zero.id}`)).status).toBe(400)
  })

  it('[VERSION-3][COMPARE-12] pending suggestions are left aside unless asked for; the parameter is validated', async () => {
    const id = await draft()
    const client = as(server.session, id)
    await client.waitSynced()
    const zero = await saveVersion(id, 'Zero draft')
    const index = blockIndex(client.doc, (client.doc.getXmlFragment(BODY_FIELD).get(2) as Y.XmlElement).get(0)!.toString().slice(0, 12))
    const text = (client.doc.getXmlFragment(BODY_FIELD).get(index) as Y.XmlElement).get(0) as Y.XmlText
    const me = server.session.user
    const attrs = { id: 's-1', authorId: me.id, authorName: me.name, delegation: me.delegation, at: new Date().toISOString() }
    client.doc.transact(() => text.insert(0, 'Propuesta ', { insertion: attrs }))
    await client.waitSaved()
    const get = (query: string) => owner().get(`/api/documents/${id}/versions/compare?from=${zero.id}&to=current${query}`)
    const aside = await json<CompareVersionsResponse>(await get(''))
    expect(aside.suggestions).toBe('aside')
    expect(aside.comparison.totals.edited).toBe(0)
    const included = await json<CompareVersionsResponse>(await get('&suggestions=included'))
    expect(included.suggestions).toBe('included')
    expect(included.comparison.totals.edited).toBe(1)
    expect(included.comparison.paragraphs.find((p) => p.change === 'edited')?.words[0]).toEqual({ op: 'insert', text: 'Propuesta ' })
    expect((await get('&suggestions=everything')).status).toBe(400)
  })

  it('[AUTHOR-1][AUTHOR-2][AUTHOR-3] the server records who changed which paragraph; the history names both authors, before and after; the comparison names them', async () => {
    const id = await draft()
    const owner_ = as(server.session, id)
    const panama = as(people.editor, id)
    await Promise.all([owner_.waitSynced(), panama.waitSynced()])
    const fragment = owner_.doc.getXmlFragment(BODY_FIELD)
    const index = fragment.toArray().findIndex((n) => n instanceof Y.XmlElement && n.getAttribute('kind') === 'operative')
    const op1 = fragment.get(index) as Y.XmlElement
    const paragraphId = op1.getAttribute('id') as string
    const original = (op1.get(0) as Y.XmlText).toString()
    const zero = await json<{ id: string }>(await owner().post(`/api/documents/${id}/versions`, { name: 'Zero draft' }), 201)
    // The owner appends words; then Panamá, on its own copy, appends more to the same paragraph.
    ;(op1.get(0) as Y.XmlText).insert(original.length, ' regular')
    await owner_.waitSaved()
    await waitFor(() => (panama.doc.getXmlFragment(BODY_FIELD).get(index) as Y.XmlElement).toString().includes(' regular'), 'Panamá has the owner’s words')
    const theirs = (panama.doc.getXmlFragment(BODY_FIELD).get(index) as Y.XmlElement).get(0) as Y.XmlText
    theirs.insert(theirs.length, ' y segura')
    await panama.waitSaved()

    const records = await server.app.storage.listAuthorship(id, { paragraphId })
    expect(records.map((r) => [r.userId, r.delegation, r.text])).toEqual([
      [server.session.user.id, server.session.user.delegation, `${original} regular`],
      [people.editor.user.id, 'PAN', `${original} regular y segura`],
    ])

    // [AUTHOR-3] The comparison from the zero draft names both authors of the paragraph, for a viewer too.
    const compared = await json<CompareVersionsResponse>(await api(server.url, people.viewer).get(`/api/documents/${id}/versions/compare?from=${zero.id}&to=current`))
    expect(compared.authors[paragraphId]).toEqual([
      { name: server.session.user.name, delegation: server.session.user.delegation },
      { name: 'Carlos Méndez', delegation: 'PAN' },
    ])

    const history = await json<ParagraphHistoryResponse>(await api(server.url, people.viewer).get(`/api/documents/${id}/history?paragraph=${paragraphId}`))
    expect(history.entries.map((e) => [e.name, e.delegation, e.before, e.after])).toEqual([
      [server.session.user.name, server.session.user.delegation, null, `${original} regular`],
      ['Carlos Méndez', 'PAN', `${original} regular`, `${original} regular y segura`],
    ])
    // The whole draft's history, and a time window that holds nothing.
    expect((await json<ParagraphHistoryResponse>(await owner().get(`/api/documents/${id}/history`))).entries.length).toBeGreaterThanOrEqual(2)
    expect((await json<ParagraphHistoryResponse>(await owner().get(`/api/documents/${id}/history?until=2000-01-01T00:00:00.000Z`))).entries).toEqual([])
    // Validated: a bad paragraph id, a bad time, an unknown parameter; no access, no history.
    for (const query of ['paragraph=%3Cscript%3E', 'since=yesterday', 'who=me']) expect((await owner().get(`/api/documents/${id}/history?${query}`)).status).toBe(400)
    expect((await api(server.url, people.outsider).get(`/api/documents/${id}/history`)).status).toBe(404)
  })

  it('[VERSION-2] owners save and restore; readers list, open and compare; others see nothing; bad requests store nothing', async () => {
    const id = await draft()
    const v = await saveVersion(id, '  Zero draft  ')
    expect(v.name).toBe('Zero draft')
    const editor = api(server.url, people.editor)
    const viewer = api(server.url, people.viewer)
    const outsider = api(server.url, people.outsider)

    expect((await editor.post(`/api/documents/${id}/versions`, { name: 'Rev.1' })).status).toBe(403)
    expect((await editor.post(`/api/documents/${id}/versions/${v.id}/restore`)).status).toBe(403)
    expect((await viewer.post(`/api/documents/${id}/versions/${v.id}/restore`)).status).toBe(403)
    for (const path of [`/api/documents/${id}/versions`, `/api/documents/${id}/versions/${v.id}`, `/api/documents/${id}/versions/compare?from=${v.id}&to=current`]) {
      expect((await viewer.get(path)).status, path).toBe(200)
      expect((await outsider.get(path)).status, path).toBe(404)
      expect((await api(server.url).get(path)).status, path).toBe(401)
    }
    expect((await outsider.post(`/api/documents/${id}/versions`, { name: 'x' })).status).toBe(404)

    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(121) }, { name: 'Rev', extra: 1 }, { name: 'Rev', note: 'n'.repeat(2001) }, { name: ['a', 'b'] }]) {
      const response = await owner().post(`/api/documents/${id}/versions`, body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(await response.json()).toMatchObject({ error: 'invalid_request' })
    }
    expect((await owner().get(`/api/documents/${id}/versions/unknown`)).status).toBe(404)
    expect((await owner().post(`/api/documents/${id}/versions/unknown/restore`)).status).toBe(404)
    const list = await json<VersionsResponse>(await viewer.get(`/api/documents/${id}/versions`))
    expect(list).toEqual({ named: [v], checkpoints: [] })
    // A failed restore took no checkpoint.
    expect(await server.storage.versions.listVersions(id)).toHaveLength(1)
  })

  it('[VERSION-4] a restore whose commit fails stores neither the body nor the review data, and answers 500', async () => {
    await server.close()
    const inner = new SqliteStorage(tempDir('versions-failing'))
    let failAppends = false
    // The real store, except that, once `failAppends` is set, the first transaction writing
    // review data fails (a full disk for a moment): had the body gone in a transaction of its
    // own, it would land.
    const storage = new Proxy(inner, {
      get(target, property) {
        if (property === 'appendUpdates') {
          return async (...args: Parameters<Storage['appendUpdates']>) => {
            if (failAppends && args[0].some((write) => write.key.name === 'meta')) {
              failAppends = false
              throw new Error('disk full')
            }
            return target.appendUpdates(...args)
          }
        }
        const value = Reflect.get(target, property) as unknown
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    }) as Storage
    server = await scope.start({ storage })
    const id = await server.createDocument('Declaración conjunta', 'declaration')
    const zero = await saveVersion(id, 'Zero draft')
    const client = as(server.session, id)
    await client.waitSynced()
    client.addParagraph('Párrafo posterior a la versión')
    await client.waitSaved()
    client.destroy()
    await json(await owner().post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: 'Comentario posterior' }), 201)
    const logs = async () => ({
      body: (await server.storage.loadLog({ documentId: id, name: 'body' })).updates.length,
      meta: (await server.storage.loadLog({ documentId: id, name: 'meta' })).updates.length,
    })
    // Both documents unloaded first: a draft's log is folded into a snapshot before it is
    // unloaded (PERF-3), in the compaction queue's turn (PERF-6), which would change the counts.
    await waitFor(() => !server.app.collab.isLoaded({ documentId: id, name: 'body' }) && !server.app.collab.isLoaded({ documentId: id, name: 'meta' }), 'the draft to be unloaded')
    const before = await logs()

    failAppends = true
    const response = await owner().post(`/api/documents/${id}/versions/${zero.id}/restore`)
    expect(failAppends).toBe(false)
    expect(response.status).toBe(500)
    expect(await logs()).toEqual(before)
    // The draft still reads as it was: its text and its comment are there.
    const now = await json<CompareVersionsResponse>(await owner().get(`/api/documents/${id}/versions/compare?from=${zero.id}&to=current`))
    expect(now.comparison.paragraphs.filter((p) => p.change === 'added').map((p) => p.after?.text)).toEqual(['Párrafo posterior a la versión'])
    const threads = await json<{ threads: Thread[] }>(await owner().get(`/api/documents/${id}/threads`))
    expect(threads.threads.map((t) => t.comments[0]!.text)).toEqual(['Comentario posterior'])
    expect((await server.storage.audit.listAudit({ documentId: id, action: 'version.restored' })).length).toBe(0)
  })

  it('[VERSION-5] hourly checkpoints: at most one per hour of activity, none for an idle draft', async () => {
    // A server of its own whose commits and checkpoints follow a clock the test moves.
    await server.close()
    let clock = new Date()
    const t0 = clock.getTime()
    const at = (hours: number): Date => new Date(t0 + hours * 3600_000)
    server = await scope.start({ now: () => clock })
    const busy = await server.createDocument('Minuta', 'declaration')
    const idle = await server.createDocument('Otra minuta', 'declaration')
    const client = as(server.session, busy)
    await client.waitSynced()
    const edit = async (hours: number, text: string): Promise<void> => {
      clock = at(hours)
      client.addParagraph(text)
      await client.waitSaved()
    }

    // Nothing is an hour old yet.
    await edit(0.1, 'Edición de la primera hora')
    expect(await server.app.versions.sweep(at(0.5))).toBe(0)
    expect(await server.app.versions.sweep(at(1.1))).toBe(1)
    expect(await server.app.versions.sweep(at(1.2))).toBe(0)

    // Edited again: not before an hour since the last checkpoint.
    await edit(1.3, 'Edición de la segunda hora')
    expect(await server.app.versions.sweep(at(1.5))).toBe(0)
    expect(await server.app.versions.sweep(at(2.2))).toBe(1)
    // No edit since: no checkpoint, however long the wait.
    expect(await server.app.versions.sweep(at(9))).toBe(0)
    // The idle draft was never edited after its creation: no checkpoint for it, ever.
    expect(await server.storage.versions.listVersions(idle)).toEqual([])

    const list = await json<VersionsResponse>(await owner().get(`/api/documents/${busy}/versions`))
    expect(list.named).toEqual([])
    expect(list.checkpoints.map((c) => [c.reason, c.createdBy, c.createdAt])).toEqual([
      ['hourly', null, at(2.2).toISOString()],
      ['hourly', null, at(1.1).toISOString()],
    ])
    const latest = await json<VersionContentResponse>(await owner().get(`/api/documents/${busy}/versions/${list.checkpoints[0]!.id}`))
    expect(bodyText(latest)).toContain('Edición de la segunda hora')
  })
  it('[VERSION-10] readers\' pages hear that the versions changed: a saved version, a restore once the text is restored; nobody else does', async () => {
    const id = await draft()
    const other = await server.createDocument('Otra declaración', 'declaration')
    const viewer = readEventStream(server.url, people.viewer)
    const outsider = readEventStream(server.url, people.outsider)
    const admin = readEventStream(server.url, server.session)
    try {
      await waitFor(() => [viewer, outsider, admin].every((s) => s.text().includes('event: ready')), 'the streams open')
      const heard = (stream: typeof viewer, documentId: string): number =>
        stream.events().filter((e) => e.event === 'versions' && (e.data as { documentId?: string }).documentId === documentId).length

      const zero = await saveVersion(id, 'Zero draft')
      await waitFor(() => heard(viewer, id) === 1, 'the saved version is announced')
      const editor = as(people.editor, id)
      await editor.waitSynced()
      editor.addParagraph('Párrafo añadido después del borrador cero')
      await editor.waitSaved()

      // The restore is announced once its text is in the draft: a comparison made on hearing it
      // reads the version's text as current.
      let comparedOnHearing: Promise<Response> | null = null
      const watching = waitFor(() => {
        if (heard(viewer, id) < 2) return false
        comparedOnHearing ??= api(server.url, people.viewer).get(`/api/documents/${id}/versions/compare?from=${zero.id}&to=current`)
        return true
      }, 'the restore is announced')
      await json<RestoreVersionResponse>(await owner().post(`/api/documents/${id}/versions/${zero.id}/restore`))
      await watching
      const comparison = await json<CompareVersionsResponse>(await comparedOnHearing!)
      expect(comparison.comparison.paragraphs.filter((p) => p.change !== 'unchanged')).toEqual([])

      // Versions of another draft the viewer cannot read: not a word to them; and the outsider
      // heard nothing of this draft.
      await saveVersion(other, 'Borrador de otra')
      await waitFor(() => heard(admin, other) === 1, 'the other draft\'s version is announced to its owner')
      await saveVersion(id, 'Rev.1')
      await waitFor(() => heard(viewer, id) === 3, 'the third announcement')
      expect(heard(viewer, other)).toBe(0)
      expect(heard(outsider, id)).toBe(0)
    } finally {
      await Promise.all([viewer, outsider, admin].map((s) => s.close()))
    }
  })
})

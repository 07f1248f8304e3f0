/**
 * Search ([SEARCH-*] in server/SPEC.md) on the real server: SQLite here, Postgres in the
 * integration-postgres project. A data-driven table of people × queries × the hits each may
 * have: a draft shared with a delegation, with one person, with nobody, one in the trash, a
 * comment, the register; accents and plurals in Spanish and English; the index following
 * edits made over a real websocket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import type { SearchResponse } from '@consenso/protocol'
import { withBlockIds, writeBody } from '@consenso/schema'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
let people: Record<'ana' | 'pan' | 'mex' | 'bra', TestSession>
const clients: TestClient[] = []

beforeEach(async () => {
  server = await startServer({ logger: { level: 'silent' }, searchIndexDelayMs: 50 })
  people = {
    ana: server.session,
    pan: await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' }),
    mex: await invite(server.url, server.session, { email: 'mexico@sre.gob.mx', name: 'Luis Ortega', delegation: 'MEX' }),
    bra: await invite(server.url, server.session, { email: 'brasil@itamaraty.gov.br', name: 'Bruno Costa', delegation: 'BRA' }),
  }
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

const paragraphs = (texts: readonly string[]): JSONContent => ({
  type: 'doc',
  content: texts.map((text, i) => ({ type: 'paragraph', attrs: { kind: i === 0 ? 'preamble' : 'operative' }, content: [{ type: 'text', text }] })),
})

/** A draft owned by Ana (CHL) holding these paragraphs, written by the server as an import is. */
async function draft(title: string, texts: readonly string[]): Promise<string> {
  const id = await server.createDocument(title)
  await server.app.collab.write({ documentId: id, name: 'body' }, (doc) => writeBody(doc, withBlockIds(paragraphs(texts))))
  return id
}

async function search(who: TestSession, q: string): Promise<SearchResponse> {
  const response = await api(server.url, who).get(`/api/search?q=${encodeURIComponent(q)}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return (await response.json()) as SearchResponse
}

describe('search', () => {
  it('[SEARCH-3] never returns what the person may not read: people × queries × expected hits', async () => {
    const byDelegation = await draft('Declaración de Panamá', ['Considerando la cooperación marítima regional', 'Acuerdan fortalecer la pesca artesanal'])
    await share(server.url, people.ana, byDelegation, { type: 'delegation', id: 'PAN' }, 'viewer')
    const byPerson = await draft('Nota de México', ['Sobre la cooperación en aduanas', 'Las mareas rojas del Pacífico'])
    await share(server.url, people.ana, byPerson, { type: 'user', id: people.mex.user.id }, 'commenter')
    const unshared = await draft('Borrador reservado', ['Cooperación confidencial entre secretarías'])
    const trashed = await draft('Texto retirado', ['Cooperación que ya no está'])
    await share(server.url, people.ana, trashed, { type: 'delegation', id: 'PAN' }, 'editor')
    const thread = await api(server.url, people.mex).post(`/api/documents/${byPerson}/threads`, { anchor: null, quote: '', text: 'Proponemos hablar de floraciones algales' })
    expect(thread.status).toBe(201)
    await api(server.url, people.ana).delete(`/api/documents/${trashed}`)
    const agreement = await api(server.url, people.ana).post('/api/register/agreements', { text: 'Preparar un informe sobre cooperación técnica', responsible: ['PAN'] })
    expect(agreement.status, await agreement.clone().text()).toBe(201)
    const agreementId = ((await agreement.json()) as { id: string }).id
    await server.app.searchIndex.flush()

    const table: [keyof typeof people, string, string[]][] = [
      ['ana', 'cooperación', [byDelegation, byPerson, unshared, agreementId]],
      ['pan', 'cooperación', [byDelegation, agreementId]],
      ['mex', 'cooperación', [byPerson, agreementId]],
      ['bra', 'cooperación', [agreementId]],
      ['ana', 'floraciones', [byPerson]],
      ['mex', 'floraciones', [byPerson]],
      ['pan', 'floraciones', []],
      ['bra', 'floraciones', []],
      ['pan', 'confidencial', []],
      ['ana', 'confidencial', [unshared]],
      ['pan', 'retirado', []],
      ['ana', 'ya no está', []],
      ['mex', 'Panamá', []],
      ['pan', 'Panamá', [byDelegation]],
    ]
    for (const [who, q, expected] of table) {
      const { results } = await search(people[who], q)
      expect([...new Set(results.map((r) => r.target))].sort(), `${who} searching «${q}»`).toEqual([...expected].sort())
    }
    // The comment's hit names it as a comment and leads into the draft.
    const comment = (await search(people.mex, 'floraciones algales')).results
    expect(comment).toMatchObject([{ kind: 'comment', target: byPerson, title: 'Nota de México', href: `/d/${byPerson}` }])
    // Signed out: refused.
    expect((await api(server.url).get('/api/search?q=cooperación')).status).toBe(401)
  })

  it('[SEARCH-2] accents and plurals, Spanish and English, with the words marked and the paragraph numbered', async () => {
    const es = await draft('Resolución sobre pesca', ['Recordando las negociaciones anteriores', 'Insta a los países a compartir información', 'Decide crear un grupo de trabajo'])
    const en = await draft('Resolution on fisheries', ['Recalling the previous negotiation', 'Urges the countries to share their resolutions'])
    await server.app.searchIndex.flush()
    const hits = async (q: string) => (await search(people.ana, q)).results.filter((r) => r.kind === 'paragraph').map((r) => `${r.target === es ? 'es' : r.target === en ? 'en' : r.target}:${r.label}`).sort()
    expect(await hits('negociación')).toEqual(['es:PP1'])
    expect(await hits('negociacion')).toContain('es:PP1')
    expect(await hits('NEGOCIACIONES')).toContain('es:PP1')
    expect(await hits('pais')).toEqual(['es:OP1'])
    expect(await hits('informaciones')).toEqual(['es:OP1'])
    expect(await hits('negotiations')).toContain('en:PP1')
    expect(await hits('resolution share')).toEqual(['en:OP1'])
    expect(await hits('countries')).toEqual(['en:OP1'])
    expect(await hits('grupos trabajos')).toEqual(['es:OP2'])
    // Still being typed: the last word matches as a beginning.
    expect(await hits('compar')).toEqual(['es:OP1'])
    // Every word must be there.
    expect(await hits('países pesca')).toEqual([])

    const [first] = (await search(people.ana, 'paises informacion')).results
    expect(first).toMatchObject({ kind: 'paragraph', target: es, label: 'OP1', title: 'Resolución sobre pesca' })
    expect(first!.href).toBe(`/d/${es}?p=${first!.paragraphId}`)
    const marked = first!.marks.map(([a, b]) => first!.snippet.slice(a, b))
    expect(marked).toEqual(['países', 'información'])
  })

  it('[SEARCH-4] follows typing over a websocket, and a rename, without a restart', async () => {
    const id = await draft('Acta de la reunión', ['Texto inicial'])
    await share(server.url, people.ana, id, { type: 'delegation', id: 'PAN' }, 'editor')
    const writer = connectClient({ wsUrl: server.wsUrl, cookie: people.pan.cookie }, id)
    clients.push(writer)
    await writer.waitSynced()
    writer.addParagraph('Los manglares del golfo de Fonseca')
    await waitFor(async () => (await search(people.pan, 'manglar')).results.some((r) => r.target === id), 'the typed paragraph to be found', { timeoutMs: 10_000 })
    expect((await api(server.url, people.ana).patch(`/api/documents/${id}`, { title: 'Acta de Fonseca' })).status).toBe(200)
    await waitFor(async () => (await search(people.pan, 'Fonseca')).results.some((r) => r.kind === 'title' && r.title === 'Acta de Fonseca'), 'the new title to be found', { timeoutMs: 10_000 })
    expect((await search(people.bra, 'manglares')).results).toEqual([])
  })

  it('[SEARCH-3] a query is validated: empty or too long is 400; only punctuation finds nothing', async () => {
    expect((await api(server.url, people.pan).get('/api/search?q=')).status).toBe(400)
    expect((await api(server.url, people.pan).get(`/api/search?q=${'a'.repeat(201)}`)).status).toBe(400)
    expect((await api(server.url, people.pan).get('/api/search?q=x&limit=500')).status).toBe(400)
    expect((await api(server.url, people.pan).get('/api/search?q=x&other=1')).status).toBe(400)
    expect((await search(people.pan, '"*()')).results).toEqual([])
  })
})

/**
 * Search ([SEARCH-*] in server/SPEC.md) on the real server: SQLite here, Postgres in the
 * integration-postgres project. A data-driven table of people × documents × the hits each may
 * have: drafts shared with a delegation, with one person, with nobody, one in the trash, a
 * comment on each, the register's agreements and meetings, the glossary's terms, definitions
 * and notes (files join it as rows); the glossary reindexed after each change; accents and plurals in Spanish and English; the index following
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
  it('[SEARCH-3] [SEARCH-5] never returns what the person may not read: people × documents × expected hits', async () => {
    type Person = keyof typeof people
    const everyone: Person[] = ['ana', 'pan', 'mex', 'bra']
    const comment = async (who: TestSession, id: string, text: string): Promise<void> => {
      const thread = await api(server.url, who).post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text })
      expect(thread.status, await thread.clone().text()).toBe(201)
    }
    const created = async (path: string, body: unknown): Promise<string> => {
      const answer = await api(server.url, people.ana).post(path, body)
      expect(answer.status, await answer.clone().text()).toBe(201)
      return ((await answer.json()) as { id: string }).id
    }

    const byDelegation = await draft('Declaración de Panamá', ['Considerando la cooperación marítima regional', 'Acuerdan fortalecer la pesca artesanal'])
    await share(server.url, people.ana, byDelegation, { type: 'delegation', id: 'PAN' }, 'commenter')
    await comment(people.pan, byDelegation, 'Sugerimos mencionar los arrecifes')
    const byPerson = await draft('Nota de México', ['Sobre la cooperación en aduanas', 'Las mareas rojas del Pacífico'])
    await share(server.url, people.ana, byPerson, { type: 'user', id: people.mex.user.id }, 'commenter')
    await comment(people.mex, byPerson, 'Proponemos hablar de floraciones algales')
    const unshared = await draft('Borrador reservado', ['Cooperación confidencial entre secretarías'])
    await comment(people.ana, unshared, 'Revisar los aranceles')
    const trashed = await draft('Texto retirado', ['Cooperación que ya no está'])
    await share(server.url, people.ana, trashed, { type: 'delegation', id: 'PAN' }, 'editor')
    await comment(people.pan, trashed, 'Un comentario olvidado')
    expect((await api(server.url, people.ana).delete(`/api/documents/${trashed}`)).status).toBeLessThan(300)
    const agreement = await created('/api/register/agreements', { text: 'Preparar un informe sobre cooperación técnica', responsible: ['PAN'] })
    const meeting = await created('/api/register/meetings', { title: 'Cooperación en Tegucigalpa', startsOn: '2026-05-11' })
    const glossaryInput = { termEs: 'apatridia', termEn: 'statelessness', definitionEs: 'Condición de quien no tiene nacionalidad; cooperación consular', definitionEn: 'The condition of having no nationality', source: '', notes: 'Véase la Convención de 1954', status: 'preferred', preferredId: null }
    const term = await created('/api/glossary', glossaryInput)
    await server.app.searchIndex.flush()

    // What each person may read, one row per thing indexed, each with a word found in it alone;
    // every one of them also says «cooperación» (or carries it: comments sit on their draft).
    const documents: { what: string; target: string; word: string; kind: string; readers: Person[] }[] = [
      { what: 'a draft shared with a delegation', target: byDelegation, word: 'artesanal', kind: 'paragraph', readers: ['ana', 'pan'] },
      { what: 'a comment on it', target: byDelegation, word: 'arrecifes', kind: 'comment', readers: ['ana', 'pan'] },
      { what: 'a draft shared with one person', target: byPerson, word: 'aduanas', kind: 'paragraph', readers: ['ana', 'mex'] },
      { what: 'a comment on it', target: byPerson, word: 'floraciones', kind: 'comment', readers: ['ana', 'mex'] },
      { what: 'a draft shared with nobody', target: unshared, word: 'confidencial', kind: 'paragraph', readers: ['ana'] },
      { what: 'a comment on it', target: unshared, word: 'aranceles', kind: 'comment', readers: ['ana'] },
      { what: 'a trashed draft', target: trashed, word: 'retirado', kind: 'title', readers: [] },
      { what: 'a comment on it', target: trashed, word: 'olvidado', kind: 'comment', readers: [] },
      { what: 'an agreement', target: agreement, word: 'informe', kind: 'agreement', readers: everyone },
      { what: 'a meeting', target: meeting, word: 'Tegucigalpa', kind: 'meeting', readers: everyone },
      { what: 'a glossary term', target: term, word: 'statelessness', kind: 'term', readers: everyone },
      { what: 'a glossary definition', target: term, word: 'nacionalidad', kind: 'term', readers: everyone },
      { what: 'a glossary note', target: term, word: 'Convención', kind: 'term', readers: everyone },
      // Files (h23f) join here: { what: 'a file shared with PAN', target: fileId, word: …, kind: 'file', readers: [...] }.
    ]
    for (const who of everyone) {
      for (const doc of documents) {
        const { results } = await search(people[who], doc.word)
        const found = results.filter((r) => r.target === doc.target)
        const why = `${who} searching «${doc.word}» in ${doc.what}`
        if (doc.readers.includes(who)) expect(found.map((r) => r.kind), why).toContain(doc.kind)
        else expect(found, why).toEqual([])
        // Nothing else either: each word is in one place only.
        expect(results.filter((r) => r.target !== doc.target), why).toEqual([])
      }
      const readable = new Set(documents.filter((d) => d.readers.includes(who)).map((d) => d.target))
      const { results } = await search(people[who], 'cooperación')
      expect(new Set(results.map((r) => r.target)), `${who} searching «cooperación»`).toEqual(readable)
    }
    // Where results lead: the draft, the register's rows, the glossary's entry.
    expect((await search(people.mex, 'floraciones algales')).results).toMatchObject([{ kind: 'comment', target: byPerson, title: 'Nota de México', href: `/d/${byPerson}` }])
    expect((await search(people.bra, 'informe')).results[0]).toMatchObject({ kind: 'agreement', href: `/register?agreement=${agreement}` })
    expect((await search(people.bra, 'Tegucigalpa')).results[0]).toMatchObject({ kind: 'meeting', href: `/register/meetings?meeting=${meeting}` })
    expect((await search(people.bra, 'apatridia')).results[0]).toMatchObject({ kind: 'term', target: term, title: 'apatridia / statelessness', href: `/glossary?entry=${term}` })
    // Signed out: refused.
    expect((await api(server.url).get('/api/search?q=cooperación')).status).toBe(401)
  })

  it('[SEARCH-5] the glossary is reindexed after every change: an entry edited, deleted, and an import', async () => {
    const st = api(server.url, people.ana)
    const body = { termEs: 'refugio', termEn: 'refuge', definitionEs: '', definitionEn: '', source: '', notes: '', status: 'preferred', preferredId: null }
    const created = await st.post('/api/glossary', body)
    expect(created.status).toBe(201)
    const id = ((await created.json()) as { id: string }).id
    const targets = async (q: string) => (await search(people.pan, q)).results.filter((r) => r.kind === 'term').map((r) => r.target)
    await waitFor(async () => (await targets('refugio')).includes(id), 'the new entry to be found', { timeoutMs: 10_000 })
    expect((await st.put(`/api/glossary/${id}`, { ...body, notes: 'Término del ACNUR' })).status).toBe(200)
    await waitFor(async () => (await targets('ACNUR')).includes(id), 'the edited note to be found', { timeoutMs: 10_000 })
    const imported = await st.post('/api/glossary/import', { format: 'csv', content: 'term_es,term_en,definition_es\nsalvoconducto,safe conduct,Documento de viaje\n', replace: false })
    expect(imported.status, await imported.clone().text()).toBe(200)
    await waitFor(async () => (await targets('salvoconducto')).length === 1, 'the imported entry to be found', { timeoutMs: 10_000 })
    expect((await st.delete(`/api/glossary/${id}`)).status).toBe(204)
    await waitFor(async () => (await targets('refugio')).length === 0, 'the deleted entry to leave the index', { timeoutMs: 10_000 })
    expect(await targets('salvoconducto')).toHaveLength(1)
  })

  it('[SEARCH-5] [SEARCH-6] at start the glossary is indexed if it never was; the answer says whether reindexing is pending', async () => {
    // An entry written into the store directly, as a database from before search holds it.
    const now = new Date().toISOString()
    await server.app.storage.glossary.write({ put: [{ id: 'old-entry', termEs: 'desplazamiento', termEn: 'displacement', definitionEs: '', definitionEn: '', source: '', notes: '', status: 'preferred', preferredId: null, createdBy: people.ana.user.id, createdAt: now, updatedBy: people.ana.user.id, updatedAt: now }], remove: [] })
    await server.app.storage.search.remove('glossary')
    await server.app.searchIndex.catchUp()
    expect((await search(people.bra, 'desplazamiento')).results.map((r) => r.target)).toEqual(['old-entry'])
    expect((await search(people.bra, 'desplazamiento')).pending).toBe(false)
    // A change scheduled is pending until its reindex has run.
    server.app.searchIndex.touchGlossary()
    expect(server.app.searchIndex.pending).toBe(true)
    await server.app.searchIndex.flush()
    expect(server.app.searchIndex.pending).toBe(false)
    expect((await search(people.bra, 'desplazamiento')).pending).toBe(false)
  })

  it('[SEARCH-4] many drafts changed at once are read again one at a time, resting nine times as long as each took, and all are found', async () => {
    const drafts: string[] = []
    for (let i = 0; i < 12; i++) drafts.push(await draft(`Borrador ${i}`, [`Párrafo inicial del borrador número ${i}`]))
    await server.app.searchIndex.flush()
    // Observed, not replaced: each write to the real store is timed.
    const store = server.app.storage.search
    const replace = store.replace.bind(store)
    const runs: { source: string; start: number; end: number }[] = []
    store.replace = async (source, entries, at) => {
      const start = performance.now()
      try {
        return await replace(source, entries, at)
      } finally {
        if (source.startsWith('draft:')) runs.push({ source, start, end: performance.now() })
      }
    }
    try {
      // Every draft changed in the same turn, as when a meeting starts.
      const marked = drafts.map((id, i) => `zarandaja${String.fromCharCode(97 + i)}`)
      await Promise.all(
        drafts.map((id, i) =>
          server.app.collab.write({ documentId: id, name: 'body' }, (doc) => {
            writeBody(doc, withBlockIds(paragraphs([`Párrafo con ${marked[i]}`])))
          }),
        ),
      )
      await waitFor(() => runs.length >= drafts.length && !server.app.searchIndex.pending, 'every draft to be read again', { timeoutMs: 30_000 })
      runs.sort((a, b) => a.start - b.start)
      for (let i = 1; i < runs.length; i++) {
        const before = runs[i - 1]!
        // No overlap, and a rest of at least nine times the previous write (the whole reindex took longer still); 1 ms for timer rounding.
        expect(runs[i]!.start, `reindex ${i} after ${before.source}`).toBeGreaterThanOrEqual(before.end + 9 * (before.end - before.start) - 1)
      }
      for (const [i, word] of marked.entries()) expect((await search(people.ana, word)).results.map((r) => r.target)).toContain(drafts[i])
    } finally {
      store.replace = replace
    }
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

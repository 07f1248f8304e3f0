/**
 * A draft's second language over the real server (BILING-* in packages/schema/SPEC.md and
 * server/SPEC.md): an owner adds English to a Spanish declaration, two stock y-websocket
 * clients (Chile and the United States) co-edit both texts live, the server aligns the
 * translation after an edit and keeps each counterpart's status, what a writer may put into
 * the second fragment and the status map is checked (TRUST), and the exports (each language,
 * the two-column Word and PDF, Akoma Ntoso per language) are read back. Runs on SQLite and
 * (integration-postgres) on Postgres.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { BODY_FIELD, TRANSLATION_FIELD, TRANSLATION_STATUS_KEY, confirmTranslation, translationRows, yBlockText, type TranslationRow } from '@consenso/schema'
import { textIn } from '../helpers/body.ts'
import type { TestClient } from '../helpers/clients.ts'
import { storedBody } from '../helpers/load.ts'
import { denials, invitePeople, perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { api, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'
import { hasTool } from '../helpers/tools.ts'

const scope = perTest()
let server: TestServer
let usa: TestSession
let mex: TestSession

beforeEach(async () => {
  server = await scope.start({ logger: { level: 'silent' } })
  ;({ usa, mex } = await invitePeople(server, {
    usa: { email: 'jane.doe@state.gov', name: 'Jane Doe', delegation: 'USA' },
    mex: { email: 'lucia.hernandez@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' },
  }))
})

const client = (session: TestSession, id: string): TestClient => scope.connect(session, id)

const stored = (id: string): Promise<Y.Doc> => storedBody(server.storage, id)

const blocks = (doc: Y.Doc, field: string): Y.XmlElement[] => (doc.share.has(field) ? (doc.getXmlFragment(field).toArray() as Y.XmlElement[]) : [])
const block = (doc: Y.Doc, field: string, id: string): Y.XmlElement => blocks(doc, field).find((b) => b.getAttribute('id') === id)!
const row = (rows: TranslationRow[], label: string): TranslationRow => rows.find((r) => r.label === label)!

/** A Spanish declaration (PP1, PP2, OP1, OP2) shared with the United States (editor) and México (commenter). */
async function declaration(): Promise<string> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'user', id: usa.user.id }, 'editor')
  await share(server.url, server.session, id, { type: 'user', id: mex.user.id }, 'commenter')
  return id
}

async function translation(id: string, session: TestSession = server.session): Promise<{ settings: { language: string; authentic: string; source: string } | null; rows: TranslationRow[] }> {
  const response = await api(server.url, session).get(`/api/documents/${id}/translation`)
  expect(response.status).toBe(200)
  return (await response.json()) as never
}

describe('parallel text over the server (BILING-*)', () => {
  it('BILING-4: only owners add a second language, once, with a valid body; it is audited and readers see the aligned rows', async () => {
    const id = await declaration()
    expect((await api(server.url, usa).post(`/api/documents/${id}/translation`, { language: 'en' })).status).toBe(403)
    expect((await api(server.url, server.session).post(`/api/documents/${id}/translation`, { language: 'fr' })).status).toBe(400)
    expect((await api(server.url, server.session).post(`/api/documents/${id}/translation`, { language: 'en', extra: 1 })).status).toBe(400)
    expect((await api(server.url, server.session).post(`/api/documents/${id}/translation`, { language: 'es' })).status).toBe(400)
    expect((await translation(id)).settings).toBeNull()
    const added = await api(server.url, server.session).post(`/api/documents/${id}/translation`, { language: 'en', authentic: 'both' })
    expect(added.status).toBe(201)
    const answer = (await added.json()) as { settings: { language: string; authentic: string; source: string }; rows: TranslationRow[] }
    expect(answer.settings).toEqual({ language: 'en', authentic: 'both', source: 'es' })
    expect(answer.rows.filter((r) => r.label).map((r) => [r.label, r.status])).toEqual([
      ['PP1', 'untranslated'],
      ['PP2', 'untranslated'],
      ['OP1', 'untranslated'],
      ['OP2', 'untranslated'],
    ])
    expect((await api(server.url, server.session).post(`/api/documents/${id}/translation`, { language: 'en' })).status).toBe(409)
    // Which text is authentic is a setting owners change.
    expect((await api(server.url, usa).put(`/api/documents/${id}/translation`, { authentic: 'en' })).status).toBe(403)
    expect((await api(server.url, server.session).put(`/api/documents/${id}/translation`, { authentic: 'es' })).status).toBe(200)
    expect((await translation(id, mex)).settings?.authentic).toBe('es')
    const audit = (await (await api(server.url, server.session).get(`/api/admin/audit?action=document.translation&documentId=${id}`)).json()) as { entries: { details: Record<string, unknown> }[] }
    expect(audit.entries.map((e) => e.details.authentic).sort()).toEqual(['both', 'es'])
    // Stored: the counterparts are in the body's own log, next to the source.
    const doc = await stored(id)
    expect(blocks(doc, TRANSLATION_FIELD).map((b) => b.getAttribute('id'))).toEqual(blocks(doc, BODY_FIELD).map((b) => b.getAttribute('id')))
  })

  it('BILING-2/3: Chile edits OP2 in Spanish while the United States translates; the English OP2 turns outdated live, is updated, and new paragraphs get counterparts from the server', async () => {
    const id = await declaration()
    expect((await api(server.url, server.session).post(`/api/documents/${id}/translation`, { language: 'en' })).status).toBe(201)
    const chl = client(server.session, id)
    const us = client(usa, id)
    await Promise.all([chl.waitSynced(), us.waitSynced()])
    await waitFor(() => blocks(us.doc, TRANSLATION_FIELD).length > 0, 'the translation to reach the United States')
    const op2 = row(translationRows(us.doc), 'OP2').id
    // The United States writes the English OP2 and confirms it, as the editor does on typing.
    us.doc.transact(() => {
      textIn(block(us.doc, TRANSLATION_FIELD, op2)).insert(0, 'Entrust the Technical Secretariats with consolidating the contributions;')
      confirmTranslation(us.doc, op2)
    })
    await us.waitSaved()
    await waitFor(() => row(translationRows(chl.doc), 'OP2').status === 'current', 'Chile to see the English OP2 current')
    expect((await translation(id)).rows.find((r) => r.id === op2)?.status).toBe('current')

    // Chile edits the Spanish OP2: the English one is outdated on the United States' copy, with the change.
    textIn(block(chl.doc, BODY_FIELD, op2)).insert(0, 'Asimismo, ')
    await waitFor(() => row(translationRows(us.doc), 'OP2').status === 'outdated', 'the English OP2 to turn outdated for the United States')
    expect(row(translationRows(us.doc), 'OP2').change?.[0]).toEqual({ op: 'insert', text: 'Asimismo, ' })
    await chl.waitSaved()
    expect((await translation(id, mex)).rows.find((r) => r.id === op2)?.status).toBe('outdated')

    // The United States updates it; current again everywhere.
    us.doc.transact(() => {
      textIn(block(us.doc, TRANSLATION_FIELD, op2)).insert(0, 'Also, ')
      confirmTranslation(us.doc, op2)
    })
    await waitFor(() => row(translationRows(chl.doc), 'OP2').status === 'current', 'Chile to see the English OP2 current again')

    // Chile adds an operative paragraph: the server gives it a counterpart, which both copies receive.
    const fragment = chl.doc.getXmlFragment(BODY_FIELD)
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.setAttribute('id', 'op3-nuevo')
    paragraph.setAttribute('kind', 'operative')
    const words = new Y.XmlText()
    words.insert(0, 'Deciden reunirse en 2027.')
    paragraph.insert(0, [words])
    fragment.insert(fragment.length, [paragraph])
    await waitFor(() => row(translationRows(us.doc), 'OP3')?.status === 'untranslated', 'the new OP3 to get its counterpart', {
      describe: () => translationRows(us.doc).map((r) => [r.label, r.status]),
    })
    // Chile deletes OP1: its English text (empty) goes, and the numbering follows on both sides.
    const op1 = row(translationRows(chl.doc), 'OP1').id
    fragment.delete(fragment.toArray().findIndex((b) => (b as Y.XmlElement).getAttribute('id') === op1), 1)
    await waitFor(() => !blocks(us.doc, TRANSLATION_FIELD).some((b) => b.getAttribute('id') === op1), 'OP1’s counterpart to go')
    expect(row(translationRows(us.doc), 'OP1').id).toBe(op2)
    expect(yBlockText(block(us.doc, TRANSLATION_FIELD, op2))).toBe('Also, Entrust the Technical Secretariats with consolidating the contributions;')
    await Promise.all([chl.waitSaved(), us.waitSaved()])
    await waitFor(async () => blocks(await stored(id), TRANSLATION_FIELD).length === blocks(await stored(id), BODY_FIELD).length, 'the aligned translation to be stored')
    const doc = await stored(id)
    expect(blocks(doc, TRANSLATION_FIELD).map((b) => b.getAttribute('id'))).toEqual(blocks(doc, BODY_FIELD).map((b) => b.getAttribute('id')))
    expect(doc.getMap(TRANSLATION_STATUS_KEY).get(op2)).toBe(yBlockText(block(doc, BODY_FIELD, op2)))
  })

  it('BILING-6: the second fragment takes the body’s schema and nothing else; the status map takes source texts by block id; neither exists before an owner adds the language', async () => {
    const id = await declaration()
    // Before: a write into a translation root is refused and not stored.
    const early = client(usa, id)
    const earlyDenials = denials(early)
    await early.waitSynced()
    const stray = new Y.XmlElement('paragraph')
    early.doc.getXmlFragment(TRANSLATION_FIELD).insert(0, [stray])
    await waitFor(() => earlyDenials.length > 0, 'the early translation to be refused')
    expect(earlyDenials[0]).toMatch(/second language/)
    expect((await stored(id)).share.has(TRANSLATION_FIELD)).toBe(false)
    early.destroy()

    expect((await api(server.url, server.session).post(`/api/documents/${id}/translation`, { language: 'en' })).status).toBe(201)
    const writer = client(usa, id)
    const reasons = denials(writer)
    await writer.waitSynced()
    await waitFor(() => blocks(writer.doc, TRANSLATION_FIELD).length > 0, 'the translation to arrive')
    const first = blocks(writer.doc, TRANSLATION_FIELD)[2]!
    // An element the schema does not have, in the translation: refused as in the body.
    first.insert(0, [new Y.XmlElement('script')])
    await waitFor(() => reasons.length === 1, 'an unknown element to be refused')
    expect(reasons[0]).toMatch(/script/)
    // A status that is not a source text: refused.
    const other = client(usa, id)
    const otherReasons = denials(other)
    await other.waitSynced()
    other.doc.getMap(TRANSLATION_STATUS_KEY).set(String(first.getAttribute('id')), 42 as never)
    await waitFor(() => otherReasons.length === 1, 'a malformed status to be refused')
    expect(otherReasons[0]).toMatch(/source texts/)
    // A commenter writes neither.
    const commenter = client(mex, id)
    const commenterReasons = denials(commenter)
    await commenter.waitSynced()
    commenter.doc.getMap(TRANSLATION_STATUS_KEY).set('x', 'y')
    await waitFor(() => commenterReasons.length === 1, 'the commenter’s confirmation to be refused')
    // A valid confirmation by an editor is stored.
    const third = client(usa, id)
    await third.waitSynced()
    const target = blocks(third.doc, TRANSLATION_FIELD)[2]!
    third.doc.transact(() => {
      textIn(target).insert(0, 'Recognising that human mobility…')
      confirmTranslation(third.doc, String(target.getAttribute('id')))
    })
    await third.waitSaved()
    const doc = await stored(id)
    expect(doc.getMap(TRANSLATION_STATUS_KEY).has('x')).toBe(false)
    expect(doc.getMap(TRANSLATION_STATUS_KEY).get(String(target.getAttribute('id')))).toMatch(/^Reconociendo/)
    expect(Y.decodeStateVector(Y.encodeStateVector(doc)).get(commenter.doc.clientID)).toBeUndefined()
  })

  it('BILING-7: each language alone, the two-column bilingual Word and PDF, and Akoma Ntoso with each language’s FRBR language', async () => {
    const id = await declaration()
    const owner = api(server.url, server.session)
    expect((await owner.get(`/api/documents/${id}/export?format=docx&text=bilingual`)).status).toBe(409)
    expect((await owner.get(`/api/documents/${id}/export?format=docx&text=both`)).status).toBe(400)
    expect((await owner.post(`/api/documents/${id}/translation`, { language: 'en' })).status).toBe(201)
    const c = client(server.session, id)
    await c.waitSynced()
    await waitFor(() => blocks(c.doc, TRANSLATION_FIELD).length > 0, 'the translation to arrive')
    const english = ['Joint declaration', 'Preamble', 'Recognising that human mobility in the region calls for coordinated responses,', 'Highlighting the sustained dialogue,', 'Operative part', 'Agree to submit joint inputs;', 'Entrust the Technical Secretariats with consolidating the contributions;']
    c.doc.transact(() => blocks(c.doc, TRANSLATION_FIELD).forEach((b, i) => textIn(b).insert(0, english[i]!)))
    await c.waitSaved()

    const get = async (query: string): Promise<Uint8Array> => {
      const response = await owner.get(`/api/documents/${id}/export?${query}`)
      expect(response.status, query).toBe(200)
      return new Uint8Array(await response.arrayBuffer())
    }
    const enDocx = strFromU8(unzipSync(await get('format=docx&text=translation'))['word/document.xml']!)
    expect(enDocx).toContain('Agree to submit joint inputs;')
    expect(enDocx).not.toContain('Acordamos')
    const esAkn = new TextDecoder().decode(await get('format=akn'))
    const enAkn = new TextDecoder().decode(await get('format=akn&text=translation'))
    expect(esAkn).toMatch(/<FRBRlanguage language="spa"\/>/)
    expect(enAkn).toMatch(/<FRBRlanguage language="eng"\/>/)
    expect(enAkn).toContain('Entrust the Technical Secretariats')

    const bilingual = await get('format=docx&text=bilingual')
    const xml = strFromU8(unzipSync(bilingual)['word/document.xml']!)
    expect(xml.match(/<w:gridCol /g)).toHaveLength(2)
    // A header row and one row per block, each holding the Spanish and the English side by side.
    expect(xml.match(/<w:tr[ >]/g)).toHaveLength(8)
    const rowsXml = xml.split(/<w:tr[ >]/).slice(1)
    const op2Row = rowsXml.find((r) => r.includes('Encomendamos'))!
    expect(op2Row).toContain('Entrust the Technical Secretariats')
    expect(op2Row).toContain('OP2')

    const pdf = await get('format=pdf&text=bilingual')
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-')
    if (hasTool('pdftotext')) {
      const dir = mkdtempSync(join(tmpdir(), 'consenso-bilingual-'))
      try {
        writeFileSync(join(dir, 'b.pdf'), pdf)
        const text = execFileSync('pdftotext', ['-layout', join(dir, 'b.pdf'), '-'], { encoding: 'utf8' })
        const line = text.split('\n').find((l) => l.includes('Acordamos'))
        expect(line, text).toBeDefined()
        // Side by side: the English of OP1 starts on the same line as its Spanish.
        expect(line).toContain('Agree to submit')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }

    // A saved version holds both texts: its bilingual export reads the frozen translation.
    const saved = await owner.post(`/api/documents/${id}/versions`, { name: 'Ronda 1' })
    expect(saved.status).toBe(201)
    const version = (await saved.json()) as { id: string }
    const frozen = await owner.get(`/api/documents/${id}/versions/${version.id}/export?format=docx&text=bilingual`)
    expect(frozen.status).toBe(200)
    expect(strFromU8(unzipSync(new Uint8Array(await frozen.arrayBuffer()))['word/document.xml']!)).toContain('Agree to submit joint inputs;')
  }, 300_000)
})

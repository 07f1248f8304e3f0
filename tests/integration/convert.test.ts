/**
 * Export and import through the HTTP API ([EXPORT-*] and [IMPORT-*] in server/SPEC.md): every
 * format and view from a live draft with review data, roles, the audit log, bad parameters,
 * and uploads that must leave no draft behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeBody } from '@consenso/schema'
import { REVIEW_BRACKETS_KEY, REVIEW_SETTINGS_KEY, PARTIES_SETTING, type BracketRecord, type ThreadsResponse } from '@consenso/protocol'
import { exportDocx, importMarkdown } from '@consenso/convert'
import { anchorOn, typeAfter } from '../helpers/body.ts'
import { caseInput, PEOPLE, bracket, del, h, ins, op, p, pp, t, bold } from '../helpers/convert-cases.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { createDraft } from '../helpers/api.ts'
import { strFromU8, unzipSync } from 'fflate'
import { aknSchemaErrors, requireTool } from '../helpers/tools.ts'
import { pandocRead } from '../helpers/pandoc.ts'

const hasXmllint = requireTool('xmllint', 'libxml2-utils')
const hasPandoc = requireTool('pandoc', 'pandoc')

let server: TestServer
let viewer: TestSession
let outsider: TestSession

beforeEach(async () => {
  server = await startServer()
  viewer = await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
  outsider = await invite(server.url, server.session, { email: 'mexico@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' })
})
afterEach(async () => {
  await server?.close()
})

/** A declaration shared with PAN as viewer, with one comment thread and a bracket. */
async function draftWithReview(): Promise<string> {
  const id = await server.createDocument('Declaración de Santiago', 'declaration')
  await share(server.url, server.session, id, { type: 'user', id: viewer.user.id }, 'viewer')
  const anchor = await server.app.collab.read({ documentId: id, name: 'body' }, (doc) => anchorOn(doc, 'insumos conjuntos'))
  const thread = await api(server.url, server.session).post(`/api/documents/${id}/threads`, { anchor, quote: 'insumos conjuntos', text: '¿Quién redacta los insumos?' })
  expect(thread.status).toBe(201)
  await server.app.collab.write({ documentId: id, name: 'meta' }, (doc) => {
    doc.getMap(REVIEW_SETTINGS_KEY).set(PARTIES_SETTING, ['CHL', 'PAN'])
    const record: BracketRecord = { id: 'b1', sponsors: ['PAN'], alternatives: [], status: 'open', quote: 'x', paragraphId: null, createdBy: PEOPLE.carlos, createdAt: new Date().toISOString(), resolution: null }
    doc.getMap(REVIEW_BRACKETS_KEY).set('b1', record)
  })
  return id
}

const download = (session: TestSession | null, id: string, query: string) => api(server.url, session).get(`/api/documents/${id}/export?${query}`)

describe('[EXPORT-1][EXPORT-2] GET /api/documents/:id/export', () => {
  it('answers every format in both views with its content type and a file name from the title', async () => {
    const id = await draftWithReview()
    const expected = {
      docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
      pdf: ['application/pdf', 'pdf'],
      html: ['text/html; charset=utf-8', 'html'],
      md: ['text/markdown; charset=utf-8', 'md'],
      akn: ['application/akn+xml; charset=utf-8', 'xml'],
    } as const
    for (const [format, [type, extension]] of Object.entries(expected)) {
      for (const view of ['clean', 'review']) {
        const response = await download(server.session, id, `format=${format}&view=${view}`)
        expect(response.status, `${format} ${view}`).toBe(200)
        expect(response.headers.get('content-type')).toBe(type)
        const disposition = response.headers.get('content-disposition') ?? ''
        expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`Declaración de Santiago${view === 'review' ? ' - revision' : ''}.${extension}`)}`)
        expect(disposition).toContain(`filename="Declaracion de Santiago`)
        const bytes = new Uint8Array(await response.arrayBuffer())
        expect(bytes.byteLength).toBeGreaterThan(100)
        if (format === 'docx') expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK')
        if (format === 'docx' && hasPandoc) {
          // An independent reader finds the numbered text, and the status lines only in the review view.
          const reading = pandocRead(bytes)
          expect(reading.paragraphs).toContain('OP1. Acordamos presentar insumos conjuntos al proceso del Pacto Mundial para una Migración Segura, Ordenada y Regular;')
          expect(reading.paragraphs.includes('OP1 · Abierto — CHL: sin posición; PAN: sin posición')).toBe(view === 'review')
          expect(reading.changes).toEqual([])
        }
        if (format === 'pdf') expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
        const text = new TextDecoder().decode(bytes)
        if (format === 'md' || format === 'html') {
          expect(text).toContain('Acordamos presentar')
          expect(text.includes('¿Quién redacta los insumos?')).toBe(view === 'review')
        }
        if (format === 'akn' && hasXmllint) {
          expect(aknSchemaErrors(bytes)).toBe('')
        }
      }
    }
  })

  it('[EXPORT-3] the review view anchors each comment on its words; the clean view has none', async () => {
    const id = await draftWithReview()
    const review = await (await download(server.session, id, 'format=md&view=review')).text()
    expect(review).toMatch(/<span data-comment-start="[^"]+"><\/span>insumos conjuntos<span data-comment-end=/u)
    expect(review).toContain('OP1 · Abierto — CHL: sin posición; PAN: sin posición')
    // The words follow the draft's language (EXPORT-120), not the request's.
    const asked = await (await download(server.session, id, 'format=md&view=review&lang=en')).text()
    expect(asked).toContain('OP1 · Abierto — CHL: sin posición; PAN: sin posición')
    await server.app.collab.write({ documentId: id, name: 'meta' }, (doc) => doc.getMap(REVIEW_SETTINGS_KEY).delete('language'))
    const english = await (await download(server.session, id, 'format=md&view=review&lang=en')).text()
    expect(english).toContain('OP1 · Open — CHL: no position; PAN: no position')
    const clean = await (await download(server.session, id, 'format=md&view=clean')).text()
    expect(clean).not.toContain('data-comment')
    expect(clean).not.toContain('consenso:status')
  })

  it('[EXPORT-4] readers may export; others get 404, signed-out 401; every export is audited', async () => {
    const id = await draftWithReview()
    expect((await download(viewer, id, 'format=pdf&view=clean')).status).toBe(200)
    expect((await download(outsider, id, 'format=pdf&view=clean')).status).toBe(404)
    expect((await download(null, id, 'format=pdf&view=clean')).status).toBe(401)
    expect((await download(server.session, 'no-such-draft-id-00', 'format=pdf')).status).toBe(404)
    const entries = await server.storage.audit.listAudit({ action: 'export', documentId: id })
    expect(entries.map((e) => [e.actorId, e.details])).toEqual([[viewer.user.id, { format: 'pdf', view: 'clean' }]])
  })

  it('[EXPORT-6] a saved version exports as it was saved, with its name in the header', async () => {
    const id = await draftWithReview()
    const saved = await api(server.url, server.session).post(`/api/documents/${id}/versions`, { name: 'Rev. 1' })
    expect(saved.status).toBe(201)
    const { id: versionId } = (await saved.json()) as { id: string }
    await server.app.collab.write({ documentId: id, name: 'body' }, (doc) => typeAfter(doc, 'Acordamos', ' ahora'))
    const live = await (await download(server.session, id, 'format=html&view=clean')).text()
    expect(live).toContain('Acordamos ahora presentar')
    const response = await api(server.url, viewer).get(`/api/documents/${id}/versions/${versionId}/export?format=html&view=review`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('Declaración de Santiago - Rev. 1 - revision.html'))
    const html = await response.text()
    expect(html).toContain('Versión: Rev. 1')
    expect(html).toContain('Acordamos presentar')
    expect(html).toContain('¿Quién redacta los insumos?')
    expect((await api(server.url, outsider).get(`/api/documents/${id}/versions/${versionId}/export?format=pdf`)).status).toBe(404)
    expect((await api(server.url, viewer).get(`/api/documents/${id}/versions/nope/export?format=pdf`)).status).toBe(404)
    const audit = await server.storage.audit.listAudit({ action: 'export', documentId: id })
    expect(audit.some((e) => e.details.version === versionId)).toBe(true)
  })

  it('[EXPORT-120] the draft\'s language sets the words and the Akoma Ntoso language; mentions leave as names', async () => {
    const id = await createDraft(server.url, server.session, { title: 'Santiago Declaration', template: 'declaration', language: 'en' })
    const anchor = await server.app.collab.read({ documentId: id, name: 'body' }, (doc) => anchorOn(doc, 'joint inputs'))
    const thread = await api(server.url, server.session).post(`/api/documents/${id}/threads`, { anchor, quote: 'joint inputs', text: `@user:${viewer.user.id} and @PAN, please draft this; @user:${'x'.repeat(20)} too.` })
    expect(thread.status).toBe(201)
    // Asked in Spanish (the interface's language), answered in the draft's: English.
    const md = await (await download(server.session, id, 'format=md&view=review&lang=es')).text()
    expect(md).toContain('OP1 · Open')
    expect(await (await download(server.session, id, 'format=html&view=review&lang=es')).text()).toContain('Working draft')
    expect(md).toContain('@Carlos Méndez and @PAN, please draft this; @? too.')
    expect(md).not.toContain('@user:')
    for (const format of ['html', 'docx']) {
      const bytes = new Uint8Array(await (await download(server.session, id, `format=${format}&view=review&lang=es`)).arrayBuffer())
      const text = format === 'docx' ? strFromU8(unzipSync(bytes)['word/comments.xml']!) : new TextDecoder().decode(bytes)
      expect(text, format).toContain('@Carlos Méndez and @PAN')
    }
    const akn = await (await download(server.session, id, 'format=akn&view=review&lang=es')).text()
    expect(akn).toContain('<FRBRlanguage language="eng"/>')
    // The template's heading "Preamble" stands before PP1: the preamble still holds the recitals, numbered.
    expect(akn).toMatch(/<preamble><p class="heading2"[^>]*>Preamble<\/p>\s*<recitals><recital eId="recital_[^"]+"><num>PP1<\/num>/u)
    expect(akn).toMatch(/<mainBody>\s*<p class="heading2"[^>]*>Operative part<\/p>\s*<paragraph eId="para_[^"]+"><num>OP1<\/num>/u)
    if (hasXmllint) {
      expect(aknSchemaErrors(akn)).toBe('')
    }
    const response = await download(server.session, id, 'format=pdf&view=clean&lang=es')
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('Santiago Declaration.pdf'))
    expect((await download(server.session, id, 'format=pdf&view=review&lang=es')).headers.get('content-disposition')).toContain(encodeURIComponent('Santiago Declaration - review.pdf'))
  })

  it('[EXPORT-5] bad parameters answer 400 with a clear message', async () => {
    const id = await draftWithReview()
    for (const query of ['format=odt', 'format=pdf&view=final', 'view=clean', 'format=pdf&lang=fr', 'format=pdf&extra=1']) {
      const response = await download(server.session, id, query)
      expect(response.status, query).toBe(400)
      const body = (await response.json()) as { error: string; message: string }
      expect(body.error).toBe('invalid_request')
      expect(body.message).toMatch(/Invalid request/u)
    }
    expect(await server.storage.audit.listAudit({ action: 'export', documentId: id })).toEqual([])
  })
})

describe('[IMPORT-1][IMPORT-2] POST /api/documents/import', () => {
  const upload = (session: TestSession | null, body: Uint8Array | string, type: string, query = '') =>
    fetch(`${server.url}/api/documents/import${query}`, {
      method: 'POST',
      headers: { 'content-type': type, origin: server.url, ...(session ? { cookie: session.cookie } : {}) },
      body: typeof body === 'string' ? body : Buffer.from(body),
    })

  const reviewCase = {
    name: 'import',
    blocks: [
      h(1, 'Insumos de la troika'),
      pp('Reconociendo la ', t('labor', bold), ' de los puntos focales;'),
      op('Acuerdan ', t('presentar', bracket('b1')), ' el informe ', t('antes de junio', ins('s1', PEOPLE.lucia)), '.'),
      p('Fin del texto.'),
    ],
    threads: [{ on: 'puntos focales', comments: [{ by: PEOPLE.tomas, text: 'Incluir a la OIM.' }, { by: PEOPLE.carlos, text: 'De acuerdo.' }] }],
    brackets: [{ id: 'b1', sponsors: ['CHL', 'PAN'] }],
  }

  it('a Word file becomes a new draft owned by the importer: text, suggestions, brackets and comment threads anchored on their words', async () => {
    const docx = await exportDocx(caseInput(reviewCase, 'review'))
    if (hasPandoc) expect(pandocRead(docx.data).changes).toEqual([{ type: 'insertion', author: 'MEX — Lucía Hernández', text: 'antes de junio' }])
    const before = (await server.storage.listDocuments()).length
    const response = await upload(viewer, docx.data, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '?filename=insumos.docx')
    expect(response.status).toBe(201)
    const created = (await response.json()) as { id: string; title: string; threads: number; brackets: number }
    expect(created).toMatchObject({ title: 'Insumos de la troika', threads: 1, brackets: 1 })
    expect((await server.storage.listDocuments()).length).toBe(before + 1)
    expect((await server.storage.members.listMembers(created.id)).map((m) => [m.principalId, m.role])).toEqual([[viewer.user.id, 'owner']])

    const threads = (await (await api(server.url, viewer).get(`/api/documents/${created.id}/threads`)).json()) as ThreadsResponse
    expect(threads.threads).toHaveLength(1)
    expect(threads.threads[0]!.comments.map((c) => [c.author.name, c.author.delegation, c.text])).toEqual([
      ['Tomás Herrera', 'ST-CSM', 'Incluir a la OIM.'],
      ['Carlos Méndez', 'PAN', 'De acuerdo.'],
    ])
    // The anchor is a real relative position into the stored body: the export finds its words.
    const md = await (await download(viewer, created.id, 'format=md&view=review')).text()
    expect(md).toMatch(/<span data-comment-start="[^"]+"><\/span>puntos focales<span data-comment-end/u)
    expect(md).toContain('[presentar]')
    expect(md).toContain('CHL, PAN')
    const back = importMarkdown(md)
    expect(back.doc.content!.find((b) => b.attrs?.kind === 'operative')!.content!.some((c) => c.marks?.some((m) => m.type === 'insertion' && m.attrs?.authorName === 'Lucía Hernández'))).toBe(true)

    const audit = await server.storage.audit.listAudit({ action: 'import' })
    expect(audit.map((e) => [e.actorId, e.documentId, e.details.format, e.details.threads])).toEqual([[viewer.user.id, created.id, 'docx', 1]])
  })

  it('a Markdown file becomes a new draft', async () => {
    const response = await upload(server.session, '# Glosario\n\nPP1. *Considerando* la movilidad;\n\n- migración\n- refugio\n', 'text/markdown; charset=utf-8')
    expect(response.status).toBe(201)
    const { id } = (await response.json()) as { id: string }
    const md = await (await download(server.session, id, 'format=md&view=clean')).text()
    expect(md).toBe('# Glosario\n\nPP1. *Considerando* la movilidad;\n\n- migración\n- refugio\n')
  })

  it('[IMPORT-3] broken, empty, unsupported and oversized uploads are refused with a clear error and leave no draft', async () => {
    const before = (await server.storage.listDocuments()).length
    const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    const cases: Array<[Uint8Array | string, string, string, number, string]> = [
      [new TextEncoder().encode('PK esto no es un zip'), docxType, '', 422, 'import_corrupt'],
      [new Uint8Array(0), docxType, '', 400, 'empty_file'],
      ['# Hola', 'image/png', '', 415, 'unsupported_media_type'],
      ['', 'text/markdown', '', 400, 'empty_file'],
      ['# Hola\n\n<!-- consenso:review -->\n<!-- consenso:data {"threads":[ -->', 'text/markdown', '', 422, 'import_corrupt'],
      ['x'.repeat(11 * 1024 * 1024), 'text/markdown', '', 413, ''],
      ['# Hola', 'text/markdown', '?format=pdf', 400, 'invalid_request'],
    ]
    for (const [body, type, query, status, error] of cases) {
      const response = await upload(server.session, body, type, query)
      expect(response.status, `${type} ${query}`).toBe(status)
      const answer = (await response.json()) as { error: string; message: string }
      if (error) expect(answer.error).toBe(error)
      expect(answer.message.length).toBeGreaterThan(5)
    }
    expect((await upload(null, '# Hola', 'text/markdown')).status).toBe(401)
    expect((await server.storage.listDocuments()).length).toBe(before)
    expect(await server.storage.audit.listAudit({ action: 'import' })).toEqual([])
  })
})

describe('[EXPORT-8] two clean texts: the agreed text with proposals left out, and the text with all proposals', () => {
  it('leaves pending suggestions out or takes them in, and keeps open brackets with their alternatives, with no HTML in Markdown', async () => {
    const id = await server.createDocument('Declaración de Panamá', 'declaration')
    await server.app.collab.write({ documentId: id, name: 'body' }, (doc) =>
      writeBody(doc, {
        type: 'doc',
        content: [
          h(1, 'Declaración de Panamá'),
          op(t('La Secretaría Técnica '), t('asesora', bracket('b1')), t(' a los Estados en la '), t('regular', del('s1', PEOPLE.ana)), t('regularización', ins('s1', PEOPLE.ana)), t(' migratoria.')),
        ],
      }),
    )
    await server.app.collab.write({ documentId: id, name: 'meta' }, (doc) => {
      const record: BracketRecord = { id: 'b1', sponsors: ['PAN', 'MEX'], alternatives: ['acompaña'], status: 'open', quote: 'asesora', paragraphId: null, createdBy: PEOPLE.carlos, createdAt: new Date().toISOString(), resolution: null }
      doc.getMap(REVIEW_BRACKETS_KEY).set('b1', record)
    })
    const clean = await download(server.session, id, 'format=md&view=clean')
    expect(clean.status).toBe(200)
    const agreed = await clean.text()
    expect(agreed).toContain('La Secretaría Técnica \\[asesora / acompaña\\] a los Estados en la regular migratoria.')
    expect(agreed).not.toMatch(/<span|<sup|<ins|<del/u)
    const proposals = await download(server.session, id, 'format=md&view=proposals')
    expect(proposals.status).toBe(200)
    expect(proposals.headers.get('content-disposition')).toContain(encodeURIComponent('Declaración de Panamá - con propuestas.md'))
    expect(await proposals.text()).toContain('La Secretaría Técnica \\[asesora / acompaña\\] a los Estados en la regularización migratoria.')
    // An independent reader of the clean Word file finds the bracket with both alternatives.
    const docx = Buffer.from(await (await download(server.session, id, 'format=docx&view=clean')).arrayBuffer())
    expect(pandocRead(docx).paragraphs.some((line) => line.endsWith('La Secretaría Técnica [asesora / acompaña] a los Estados en la regular migratoria.'))).toBe(true)
  })
})


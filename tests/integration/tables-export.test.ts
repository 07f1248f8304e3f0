/**
 * A live draft holding a table, through the HTTP API ([EXPORT-130..133] in server/SPEC.md): every
 * format and view carries the table (read back by pandoc, xmllint and pdftotext), a comment on
 * words inside a cell stays on them, and the exported Word and Markdown files imported as new
 * drafts give the table back, with the thread on the same words.
 */
import { execFileSync } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { withBlockIds, writeBody, yDocToJSON } from '@consenso/schema'
import type { ThreadsResponse } from '@consenso/protocol'
import { anchorOn } from '../helpers/body.ts'
import { h, p, pp, table, td, th, tr } from '../helpers/convert-cases.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api } from '../helpers/session.ts'
import { pandocRead, pandocReadMarkdown } from '../helpers/pandoc.ts'
import { aknSchemaErrors, requireTool, tempFiles } from '../helpers/tools.ts'

const hasXmllint = requireTool('xmllint', 'libxml2-utils')
const hasPandoc = requireTool('pandoc', 'pandoc')
const hasPdftotext = requireTool('pdftotext', 'poppler-utils')
const { file: pdfFile } = tempFiles('consenso-tables-export-')

let server: TestServer
beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  await server?.close()
})

const BODY: JSONContent = {
  type: 'doc',
  content: [
    h(1, 'Anexo de documentos'),
    pp('Tomando nota de los documentos siguientes:'),
    table(tr(th('Documento'), th('Signatura')), tr(td('Agenda 2030 para el Desarrollo Sostenible'), td('A/RES/70/1')), tr(td('Pacto Mundial para la Migración'), td('A/RES/73/195'))),
    p('Fin del anexo.'),
  ],
}
const ROWS = [
  ['Documento', 'Signatura'],
  ['Agenda 2030 para el Desarrollo Sostenible', 'A/RES/70/1'],
  ['Pacto Mundial para la Migración', 'A/RES/73/195'],
]

/** The draft, with a comment thread on words inside a cell. */
async function draftWithTable(): Promise<string> {
  const id = await server.createDocument('Anexo de documentos', 'blank')
  await server.app.collab.write({ documentId: id, name: 'body' }, (doc) => writeBody(doc, withBlockIds(BODY)))
  const anchor = await server.app.collab.read({ documentId: id, name: 'body' }, (doc) => anchorOn(doc, 'Pacto Mundial'))
  const thread = await api(server.url, server.session).post(`/api/documents/${id}/threads`, { anchor, quote: 'Pacto Mundial', text: '¿Citamos también la resolución 73/195?' })
  expect(thread.status).toBe(201)
  return id
}

const download = async (id: string, query: string): Promise<Uint8Array> => {
  const response = await api(server.url, server.session).get(`/api/documents/${id}/export?${query}`)
  expect(response.status, query).toBe(200)
  return new Uint8Array(await response.arrayBuffer())
}
const upload = (body: Uint8Array, type: string) =>
  fetch(`${server.url}/api/documents/import`, { method: 'POST', headers: { 'content-type': type, origin: server.url, cookie: server.session.cookie }, body: Buffer.from(body) })

const tableRows = (json: JSONContent): string[][] =>
  json.content!.find((b) => b.type === 'table')!.content!.map((row) => row.content!.map((cell) => cell.content!.map((q) => (q.content ?? []).map((x) => x.text ?? '').join('')).join(' ¶ ')))

describe('[EXPORT-130] a draft with a table, exported in every format and view', () => {
  it('each format and view carries the table, read back by pandoc, xmllint and pdftotext; the review view keeps a comment on a cell’s words', async () => {
    const id = await draftWithTable()
    for (const view of ['clean', 'proposals', 'review']) {
      const docx = await download(id, `format=docx&view=${view}`)
      if (hasPandoc) expect(pandocRead(docx).tables, view).toEqual([{ head: 1, rows: ROWS }])
      const md = new TextDecoder().decode(await download(id, `format=md&view=${view}`))
      if (hasPandoc) expect(pandocReadMarkdown(md).tables, view).toEqual([{ head: 1, rows: ROWS }])
      const html = new TextDecoder().decode(await download(id, `format=html&view=${view}`))
      expect(html).toMatch(/<th><p[^>]*>Documento<\/p><\/th>/u)
      const akn = await download(id, `format=akn&view=${view}`)
      if (hasXmllint) {
        expect(aknSchemaErrors(akn)).toBe('')
      }
      if (hasPdftotext) {
        const file = pdfFile('pdf', await download(id, `format=pdf&view=${view}`))
        const lines = execFileSync('pdftotext', ['-layout', file, '-']).toString().split('\n')
        expect(lines.some((line) => /Pacto Mundial.*\S\s{3,}A\/RES\/73\/195/u.test(line)), view).toBe(true)
      }
      if (view === 'review') {
        expect(md).toMatch(/\| <span data-comment-start="[^"]+"><\/span>Pacto Mundial<span data-comment-end="[^"]+"><\/span> para la Migración \|/u)
        expect(html).toMatch(/<td><p[^>]*><mark class="comment" data-thread="1">Pacto Mundial<\/mark>/u)
      }
    }
  })
})

describe('[EXPORT-131] the exported files come back as drafts with the table', () => {
  for (const [format, type] of [
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['md', 'text/markdown; charset=utf-8'],
  ] as const) {
    it(`${format}: the review export imported as a new draft holds the same table and the thread on the cell’s words`, async () => {
      const id = await draftWithTable()
      const response = await upload(await download(id, `format=${format}&view=review`), type)
      expect(response.status).toBe(201)
      const created = (await response.json()) as { id: string; threads: number }
      expect(created.threads).toBe(1)
      const body = await server.app.collab.read({ documentId: created.id, name: 'body' }, (doc) => yDocToJSON(doc))
      expect(tableRows(body)).toEqual(ROWS)
      const threads = (await (await api(server.url, server.session).get(`/api/documents/${created.id}/threads`)).json()) as ThreadsResponse
      expect(threads.threads.map((t) => t.quote)).toEqual(['Pacto Mundial'])
      const md = new TextDecoder().decode(await download(created.id, 'format=md&view=review'))
      expect(md).toMatch(/<span data-comment-start="[^"]+"><\/span>Pacto Mundial<span data-comment-end/u)
    })
  }
})

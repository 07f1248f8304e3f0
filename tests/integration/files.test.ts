/**
 * The file repository ([FILES-*] in server/SPEC.md) on the real server: SQLite here, Postgres
 * in the integration-postgres project. Upload, list and download with the bytes' SHA-256; a
 * file over the limit refused with nothing created; who sees which file (a table of people ×
 * files); versions; a hostile PDF and a zip bomb named .docx while the server keeps
 * answering; a real PDF's text found by search with accents and plurals.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { FILES_EVENT_NAME, type FilesResponse, type FileVersion, type Meeting, type RepositoryFileView, type SearchResponse } from '@consenso/protocol'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, type TestSession } from '../helpers/session.ts'
import { pdfWith, uploaded, uploadFile } from '../helpers/files.ts'
import { docxWithBody, lyingZip } from '../helpers/large-files.ts'
import { readEventStream } from '../helpers/api.ts'
import { waitFor } from '../helpers/wait.ts'
import { strToU8, zipSync } from 'fflate'

let server: TestServer
afterEach(async () => {
  await server?.close()
})

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function search(who: TestSession, q: string): Promise<SearchResponse> {
  const response = await api(server.url, who).get(`/api/search?q=${encodeURIComponent(q)}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return (await response.json()) as SearchResponse
}
const fileHits = async (who: TestSession, q: string): Promise<string[]> =>
  [...new Set((await search(who, q)).results.filter((r) => r.kind === 'file').map((r) => r.target))].sort()

async function list(who: TestSession, query = ''): Promise<RepositoryFileView[]> {
  const response = await api(server.url, who).get(`/api/files${query}`)
  expect(response.status).toBe(200)
  return ((await response.json()) as FilesResponse).files
}

async function download(who: TestSession, id: string, version = 1): Promise<Response> {
  return api(server.url, who).get(`/api/files/${id}/versions/${version}`)
}

async function audit(): Promise<{ action: string; target: string | null }[]> {
  return ((await (await api(server.url, server.session).get('/api/admin/audit?limit=100')).json()) as { entries: { action: string; target: string | null }[] }).entries
}

describe('file repository', () => {
  it('[FILES-1] [FILES-2] [FILES-3] [FILES-6] upload, list and download a PDF: same bytes, the recognised type, a download', async () => {
    server = await startServer({ logger: { level: 'silent' } })
    const meeting = (await (await api(server.url, server.session).post('/api/register/meetings', { title: 'Reunión ad hoc', startsOn: '2026-12-01' })).json()) as Meeting
    const pdf = await pdfWith('Informe', ['Los flujos migratorios en la región'])
    // The browser's guess is text/html: the bytes say PDF, and PDF is what is stored.
    const response = await uploadFile(server.url, server.session, pdf, { name: '../informe final.pdf', title: 'Informe regional', tags: ['retorno', 'niñez', 'retorno'], meetingId: meeting.id, description: 'Cifras de 2026' }, 'text/html')
    expect(response.status, await response.clone().text()).toBe(201)
    const file = (await response.json()) as RepositoryFileView
    expect(file).toMatchObject({ title: 'Informe regional', description: 'Cifras de 2026', tags: ['retorno', 'niñez'], language: 'es', meetingId: meeting.id, visibility: { kind: 'all' }, canEdit: true })
    expect(file.versions).toEqual([expect.objectContaining({ number: 1, name: '.._informe final.pdf', type: 'application/pdf', size: pdf.byteLength, sha256: sha(pdf) })])

    expect((await list(server.session)).map((f) => f.id)).toEqual([file.id])
    expect((await list(server.session, `?meetingId=${meeting.id}&tag=ni%C3%B1ez&language=es`)).map((f) => f.id)).toEqual([file.id])
    expect(await list(server.session, '?tag=otra')).toEqual([])
    expect(await list(server.session, '?language=en')).toEqual([])

    const got = await download(server.session, file.id)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('application/pdf')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('.._informe final.pdf')}`)
    expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(sha(pdf))
    expect((await download(server.session, file.id, 2)).status).toBe(404)

    // Not one of the allowed kinds: refused whatever it is called.
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>')
    // Text is allowed, and an HTML page is text: stored and served as plain text, never as HTML.
    const asText = await uploaded(server.url, server.session, html, { name: 'a.html', title: 'Página' })
    expect(asText.versions[0]!.type).toBe('text/plain; charset=utf-8')
    expect((await download(server.session, asText.id)).headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])
    const refused = await uploadFile(server.url, server.session, exe, { name: 'informe.pdf', title: 'x' })
    expect(refused.status).toBe(415)
    expect(((await refused.json()) as { error: string }).error).toBe('unsupported_type')
    expect((await audit()).filter((e) => e.action === 'file.created').map((e) => e.target)).toContain(file.id)
  })

  it('[FILES-2] a file over FILES_MAX_BYTES is refused with 413 and nothing is created', async () => {
    server = await startServer({ logger: { level: 'silent' }, filesMaxBytes: 64 * 1024 })
    const big = new Uint8Array(64 * 1024 + 1).fill(0x61)
    for (const size of [big.byteLength, 5 * 64 * 1024]) {
      const response = await uploadFile(server.url, server.session, new Uint8Array(size).fill(0x61), { name: 'grande.txt', title: 'Informe grandísimo' })
      expect(response.status).toBe(413)
      const body = (await response.json()) as { error: string; message: string }
      expect(body.error).toBe('file_too_large')
      expect(body.message).toMatch(/larger than the 0\.1 MB/)
    }
    await server.app.fileIndex.flush()
    expect(await list(server.session)).toEqual([])
    expect(await fileHits(server.session, 'grandísimo')).toEqual([])
    expect((await audit()).filter((e) => e.action.startsWith('file.'))).toEqual([])
    // At the limit exactly is accepted.
    expect((await uploadFile(server.url, server.session, new Uint8Array(64 * 1024).fill(0x61), { name: 'justo.txt', title: 'Justo' })).status).toBe(201)
  })

  it('[FILES-4] [FILES-5] [FILES-8] a file for chosen delegations: listed, read, downloaded and found only by them (people × files)', async () => {
    server = await startServer({ logger: { level: 'silent' } })
    const people: Record<'ana' | 'sec' | 'pan' | 'mex' | 'bra', TestSession> = {
      ana: server.session,
      sec: await invite(server.url, server.session, { email: 'secretaria@crm.example', name: 'Lucía Ramírez', delegation: 'ST-CRM' }),
      pan: await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' }),
      mex: await invite(server.url, server.session, { email: 'mexico@sre.gob.mx', name: 'Luis Ortega', delegation: 'MEX' }),
      bra: await invite(server.url, server.session, { email: 'brasil@itamaraty.gov.br', name: 'Bruno Costa', delegation: 'BRA' }),
    }
    const text = (s: string) => new TextEncoder().encode(s)
    const files = {
      everyone: await uploaded(server.url, people.sec, text('Calendario de cooperación'), { name: 'a.txt', title: 'Cooperación para todos' }),
      pan: await uploaded(server.url, people.sec, text('Nota de cooperación reservada'), { name: 'b.txt', title: 'Cooperación con Panamá', visibility: ['PAN'] }),
      panMex: await uploaded(server.url, people.ana, text('Cooperación bilateral'), { name: 'c.txt', title: 'Cooperación Panamá y México', visibility: ['MEX', 'PAN'] }),
      byBra: await uploaded(server.url, people.bra, text('Propuesta de cooperación'), { name: 'd.txt', title: 'Cooperación de Brasil para México', visibility: ['MEX'] }),
    }
    await server.app.fileIndex.flush()
    const table: [keyof typeof people, (keyof typeof files)[]][] = [
      ['ana', ['everyone', 'pan', 'panMex', 'byBra']],
      ['sec', ['everyone', 'pan', 'panMex', 'byBra']],
      ['pan', ['everyone', 'pan', 'panMex']],
      ['mex', ['everyone', 'panMex', 'byBra']],
      ['bra', ['everyone', 'byBra']],
    ]
    for (const [who, expected] of table) {
      const ids = expected.map((k) => files[k].id).sort()
      expect((await list(people[who])).map((f) => f.id).sort(), `${who} lists`).toEqual(ids)
      expect(await fileHits(people[who], 'cooperaciones'), `${who} finds`).toEqual(ids)
      for (const [key, file] of Object.entries(files)) {
        const sees = expected.includes(key as keyof typeof files)
        expect((await api(server.url, people[who]).get(`/api/files/${file.id}`)).status, `${who} reads ${key}`).toBe(sees ? 200 : 404)
        expect((await download(people[who], file.id)).status, `${who} downloads ${key}`).toBe(sees ? 200 : 404)
      }
    }
    // Who may change a file (FILES-5): its uploader and the workspace's keepers; others are refused.
    expect((await api(server.url, people.pan).patch(`/api/files/${files.pan.id}`, { title: 'Otro' })).status).toBe(403)
    expect((await api(server.url, people.mex).patch(`/api/files/${files.pan.id}`, { title: 'Otro' })).status).toBe(404)
    expect((await api(server.url, people.bra).patch(`/api/files/${files.byBra.id}`, { visibility: { kind: 'delegations', delegations: ['MEX', 'BRA'] } })).status).toBe(200)
    // Made visible to everyone: now BRA's... and everyone's search finds it.
    expect((await api(server.url, people.sec).patch(`/api/files/${files.pan.id}`, { visibility: { kind: 'all' } })).status).toBe(200)
    await server.app.fileIndex.flush()
    expect(await fileHits(people.bra, 'reservada')).toEqual([files.pan.id])
    // Deleted: gone from the list, the downloads and the search.
    expect((await api(server.url, people.pan).delete(`/api/files/${files.panMex.id}`)).status).toBe(403)
    expect((await api(server.url, people.ana).delete(`/api/files/${files.panMex.id}`)).status).toBe(204)
    await server.app.fileIndex.flush()
    expect(await fileHits(people.pan, 'bilateral')).toEqual([])
    expect((await download(people.ana, files.panMex.id)).status).toBe(404)
    const actions = (await audit()).filter((e) => e.action.startsWith('file.')).map((e) => e.action)
    expect(actions.filter((a) => a === 'file.created')).toHaveLength(4)
    expect(actions).toContain('file.updated')
    expect(actions).toContain('file.deleted')
  })

  it('[FILES-9] an upload, a new version, a change and a deletion are announced to every open page, without the file\'s id', async () => {
    server = await startServer({ logger: { level: 'silent' } })
    const sec = await invite(server.url, server.session, { email: 'secretaria@crm.example', name: 'Lucía Ramírez', delegation: 'ST-CRM' })
    const pan = await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' })
    const stream = readEventStream(server.url, pan)
    try {
      await waitFor(() => stream.events().some((e) => e.event === 'ready'), 'the stream to open')
      const heard = (): number => stream.events().filter((e) => e.event === FILES_EVENT_NAME).length
      // Only the secretariat's delegation may see this one: Panamá hears that the files changed, not which.
      const file = await uploaded(server.url, sec, new TextEncoder().encode('Nota interna'), { name: 'nota.txt', title: 'Nota interna', visibility: ['ST-CRM'] })
      await waitFor(() => heard() === 1, 'the upload to be announced')
      const version = await fetch(`${server.url}/api/files/${file.id}/versions?name=nota-2.txt`, { method: 'POST', headers: { cookie: sec.cookie, origin: server.url, 'content-type': 'application/octet-stream' }, body: new TextEncoder().encode('Nota interna, 2') })
      expect(version.status).toBe(201)
      await waitFor(() => heard() === 2, 'the new version to be announced')
      expect((await api(server.url, sec).patch(`/api/files/${file.id}`, { title: 'Nota' })).status).toBe(200)
      await waitFor(() => heard() === 3, 'the change to be announced')
      expect((await api(server.url, sec).delete(`/api/files/${file.id}`)).status).toBe(204)
      await waitFor(() => heard() === 4, 'the deletion to be announced')
      expect(stream.text()).not.toContain(file.id)
      // A refused change is not announced.
      expect((await api(server.url, pan).delete(`/api/files/${file.id}`)).status).toBe(404)
      expect((await uploadFile(server.url, pan, new Uint8Array([0, 1, 2, 3]), { name: 'x.bin', title: 'x' })).status).toBe(415)
      expect((await api(server.url, sec).get('/api/files')).status).toBe(200)
      expect(heard()).toBe(4)
    } finally {
      await stream.close()
    }
  })

  it('[FILES-2] [FILES-7] versions: numbered, each downloadable, search follows the latest', async () => {
    server = await startServer({ logger: { level: 'silent' } })
    const first = new TextEncoder().encode('Primera redacción sobre pesquerías')
    const file = await uploaded(server.url, server.session, first, { name: 'nota.txt', title: 'Nota' })
    await server.app.fileIndex.flush()
    expect(await fileHits(server.session, 'pesquería')).toEqual([file.id])
    const second = new TextEncoder().encode('Segunda redacción sobre acuicultura')
    const response = await fetch(`${server.url}/api/files/${file.id}/versions?name=nota-v2.txt`, { method: 'POST', headers: { cookie: server.session.cookie, origin: server.url, 'content-type': 'text/plain' }, body: second })
    expect(response.status, await response.clone().text()).toBe(201)
    expect((await response.json()) as FileVersion).toMatchObject({ number: 2, name: 'nota-v2.txt', sha256: sha(second) })
    await server.app.fileIndex.flush()
    expect(await fileHits(server.session, 'pesquería')).toEqual([])
    expect(await fileHits(server.session, 'acuicultura')).toEqual([file.id])
    expect(sha(new Uint8Array(await (await download(server.session, file.id, 1)).arrayBuffer()))).toBe(sha(first))
    expect(sha(new Uint8Array(await (await download(server.session, file.id, 2)).arrayBuffer()))).toBe(sha(second))
    expect((await list(server.session))[0]!.versions.map((v) => v.number)).toEqual([1, 2])
    // A file left out of the index (a server stopped before indexing it) is indexed at the next start's catch-up.
    await server.storage.search.remove(`file:${file.id}`)
    expect(await fileHits(server.session, 'acuicultura')).toEqual([])
    await server.app.fileIndex.catchUp()
    await server.app.fileIndex.flush()
    expect(await fileHits(server.session, 'acuicultura')).toEqual([file.id])
  })

  it('[FILES-7] a hostile PDF and a zip bomb named .docx do not stop the server; other requests answer meanwhile', async () => {
    server = await startServer({ logger: { level: 'silent' }, convert: { timeoutMs: 5000, memoryMb: 128 } })
    const bomb = lyingZip(80)
    const nested = new TextEncoder().encode(`%PDF-1.7\n1 0 obj\n${'['.repeat(500_000)}\nendobj\n`)
    const broken = new TextEncoder().encode('%PDF-1.4\n' + 'garbage '.repeat(10_000))
    for (const [bytes, name] of [[bomb, 'informe.docx'], [nested, 'anidado.pdf'], [broken, 'roto.pdf']] as const) {
      expect((await uploadFile(server.url, server.session, bytes, { name, title: `Hostil ${name}` })).status).toBe(201)
    }
    // While the three are read, the server answers.
    const during = Date.now()
    expect((await api(server.url, server.session).get('/api/files')).status).toBe(200)
    expect(Date.now() - during).toBeLessThan(2000)
    await server.app.fileIndex.flush()
    expect((await api(server.url, server.session).get('/api/health')).status).toBe(200)
    // Still found by their titles, and a new upload is read as usual.
    expect(await fileHits(server.session, 'hostil')).toHaveLength(3)
    const ok = await uploaded(server.url, server.session, await pdfWith('Después', ['Texto legible después de los hostiles']), { name: 'ok.pdf', title: 'Después' })
    await server.app.fileIndex.flush()
    expect(await fileHits(server.session, 'legible')).toEqual([ok.id])
  })

  it('[FILES-7] a real PDF\'s text is found by search, accents and plurals either way', async () => {
    server = await startServer({ logger: { level: 'silent' } })
    const pdf = await pdfWith('Estudio', ['Las remesas de los trabajadores migrantes sostienen a las familias rurales.', 'Protección consular en tránsito.'])
    const file = await uploaded(server.url, server.session, pdf, { name: 'estudio.pdf', title: 'Estudio regional', language: 'es' })
    await server.app.fileIndex.flush()
    for (const q of ['remesa', 'trabajador migrante', 'familia rural', 'proteccion consular', 'TRANSITO', 'Protección']) {
      expect(await fileHits(server.session, q), q).toEqual([file.id])
    }
    const hit = (await search(server.session, 'remesas')).results.find((r) => r.kind === 'file')!
    expect(hit).toMatchObject({ target: file.id, title: 'Estudio regional', href: `/files?file=${file.id}` })
    expect(hit.snippet).toMatch(/remesas/)
  })

  it('[FILES-3] [FILES-7] each allowed kind is recognised from its bytes whatever its name; a Word file\'s text is found', async () => {
    server = await startServer({ logger: { level: 'silent' } })
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46])
    const docx = docxWithBody('<w:p><w:r><w:t>Los corredores humanitarios y las pasarelas fronterizas</w:t></w:r></w:p>')
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') })
    const odt = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') })
    const otherZip = zipSync({ 'a.txt': strToU8('hola') })
    const cases: [Uint8Array, string, string | null][] = [
      [png, 'foto.pdf', 'image/png'],
      [jpeg, 'foto.png', 'image/jpeg'],
      [docx, 'nota.bin', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [xlsx, 'cuadro.docx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [odt, 'texto.zip', 'application/vnd.oasis.opendocument.text'],
      [otherZip, 'archivo.docx', null],
      [Uint8Array.from([0x00, 0x01, 0x02, 0x03]), 'datos.txt', null],
    ]
    const ids: Record<string, string> = {}
    for (const [bytes, name, type] of cases) {
      const response = await uploadFile(server.url, server.session, bytes, { name, title: name })
      expect(response.status, name).toBe(type ? 201 : 415)
      if (type) {
        const file = (await response.json()) as RepositoryFileView
        expect(file.versions[0]!.type, name).toBe(type)
        ids[name] = file.id
        expect((await download(server.session, file.id)).headers.get('content-type'), name).toBe(type)
      }
    }
    await server.app.fileIndex.flush()
    expect(await fileHits(server.session, 'corredor humanitario pasarela')).toEqual([ids['nota.bin']])
  })
})

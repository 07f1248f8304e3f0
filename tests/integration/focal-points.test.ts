/**
 * The focal-point directory over HTTP (server/SPEC.md FOCAL-10..30): everyone signed in reads
 * it; a delegation's people change its entries, secretariats and administrators anyone's (a
 * data-driven table of person × target delegation × operation); bodies validated with
 * sentences; every change audited; the vCard export read back by ical.js (an independent
 * parser) field by field, and the .xlsx by LibreOffice Calc; entries survive a restart. Runs on
 * SQLite and (integration-postgres) on Postgres.
 */
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FOCAL_POINTS_EVENT_NAME, type FocalPoint, type FocalPointInput, type FocalPointsResponse } from '@consenso/protocol'
import { reopenableStorage, startFirstRunServer, startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, signIn, type TestSession } from '../helpers/session.ts'
import { libreOfficeSheetToCsv, requireTool } from '../helpers/tools.ts'
import { focalPoint } from '../contract/focal-points.contract.ts'
import { readEventStream } from '../helpers/api.ts'
import { waitFor } from '../helpers/wait.ts'

const hasSoffice = requireTool('soffice', 'libreoffice-calc-nogui')

let server: TestServer
const people = {} as Record<'admin' | 'chile' | 'panama' | 'mexico' | 'st', TestSession>

beforeAll(async () => {
  server = await startServer({ logger: { level: 'silent' } })
  people.admin = server.session // Ana Pérez: an administrator whose own delegation is CHL
  people.chile = await invite(server.url, server.session, { email: 'focal@minrel.gob.cl', name: 'Íñigo Zúñiga', delegation: 'CHL' })
  people.panama = await invite(server.url, server.session, { email: 'rosa@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' })
  people.mexico = await invite(server.url, server.session, { email: 'lucia@sre.gob.mx', name: 'Lucía Gómez', delegation: 'MEX' })
  people.st = await invite(server.url, server.session, { email: 'st@crmsv.org', name: 'Sofía Secretaría', delegation: 'ST-CRM' })
})
afterAll(async () => {
  await server?.close()
})

/** The contract's sample entry, as a person would send it: María José Núñez Ávila for the Troika. */
const entryInput = (delegation: string, more: Partial<FocalPointInput> = {}): FocalPointInput => {
  const { id: _id, updatedBy: _by, updatedAt: _at, ...input } = focalPoint('x', delegation, 'Troika', { phones: ['+56 2 2827 4200'] })
  return { ...input, ...more }
}

const read = async (session: TestSession): Promise<FocalPointsResponse> => (await (await api(server.url, session).get('/api/focal-points')).json()) as FocalPointsResponse
const create = async (session: TestSession, body: FocalPointInput, on = server): Promise<FocalPoint> => {
  const answer = await api(on.url, session).post('/api/focal-points', body)
  expect(answer.status, await answer.clone().text()).toBe(201)
  return (await answer.json()) as FocalPoint
}

type Person = keyof typeof people | 'signed out'
type Operation = 'create' | 'update' | 'delete'
const ok: Record<Operation, number> = { create: 201, update: 200, delete: 204 }

// Person × target delegation × operation → status (FOCAL-11): own delegation or the secretariat/administrator may.
const RIGHTS: [Person, string, number][] = [
  ['chile', 'CHL', 0],
  ['chile', 'PAN', 403],
  ['panama', 'PAN', 0],
  ['panama', 'CHL', 403],
  ['mexico', 'CHL', 403],
  ['mexico', 'PAN', 403],
  ['st', 'CHL', 0],
  ['st', 'PAN', 0],
  ['admin', 'PAN', 0],
  ['admin', 'MEX', 0],
  ['signed out', 'CHL', 401],
  ['signed out', 'PAN', 401],
]
const TABLE = RIGHTS.flatMap(([person, target, status]) =>
  (['create', 'update', 'delete'] as const).map((operation) => [person, target, operation, status === 0 ? ok[operation] : status] as const),
)

describe('the focal-point directory', () => {
  it('[FOCAL-10] everyone signed in reads the directory, with what they may change; signed out is 401', async () => {
    const mine = await read(people.mexico)
    expect(mine).toMatchObject({ editsAll: false, delegation: 'MEX' })
    expect(mine.processes).toEqual(expect.arrayContaining(['Troika', 'Grupo ad hoc CRM–CSM / CRM–CSM ad-hoc group']))
    expect((await read(people.st)).editsAll).toBe(true)
    expect((await read(people.admin)).editsAll).toBe(true)
    expect((await api(server.url).get('/api/focal-points')).status).toBe(401)
    expect((await api(server.url).get('/api/focal-points/export?format=vcf')).status).toBe(401)
    expect((await api(server.url).get('/api/focal-points/export?format=xlsx')).status).toBe(401)
  })

  it.each(TABLE)('[FOCAL-11] %s on a %s entry: %s → %i', async (person, target, operation, status) => {
    const as = api(server.url, person === 'signed out' ? null : people[person])
    const existing = await create(people.st, entryInput(target, { familyName: `Existente ${operation}` }))
    const before = await read(people.st)
    const answer =
      operation === 'create'
        ? await as.post('/api/focal-points', entryInput(target, { familyName: 'Nueva' }))
        : operation === 'update'
          ? await as.put(`/api/focal-points/${existing.id}`, entryInput(target, { title: 'Ministra Consejera' }))
          : await as.delete(`/api/focal-points/${existing.id}`)
    expect(answer.status, await answer.clone().text()).toBe(status)
    const after = await read(people.st)
    if (status >= 400) {
      expect(after.entries).toEqual(before.entries)
      expect(((await answer.json()) as { message: string }).message).toMatch(/\w+ \w+/)
    } else if (operation === 'create') {
      expect(after.entries.length).toBe(before.entries.length + 1)
    } else if (operation === 'update') {
      expect(after.entries.find((e) => e.id === existing.id)).toMatchObject({ title: 'Ministra Consejera', updatedBy: people[person as keyof typeof people].user.id })
    } else {
      expect(after.entries.find((e) => e.id === existing.id)).toBeUndefined()
    }
    // Clean up what this row made, so the next reads a directory it can reason about.
    for (const e of after.entries) await api(server.url, people.st).delete(`/api/focal-points/${e.id}`)
  })

  it('[FOCAL-11] a delegation cannot move its entry to another delegation, nor take one in; the audit log names each change', async () => {
    const chile = await create(people.chile, entryInput('CHL'))
    const panama = await create(people.panama, entryInput('PAN', { email: 'jefe@mire.gob.pa' }))
    const as = api(server.url, people.chile)
    expect((await as.put(`/api/focal-points/${chile.id}`, entryInput('PAN'))).status).toBe(403)
    expect((await as.put(`/api/focal-points/${panama.id}`, entryInput('CHL'))).status).toBe(403)
    expect((await as.put('/api/focal-points/nope', entryInput('CHL'))).status).toBe(404)
    const moved = await api(server.url, people.st).put(`/api/focal-points/${chile.id}`, entryInput('PAN'))
    expect(moved.status).toBe(200)
    expect(((await moved.json()) as FocalPoint).delegation).toBe('PAN')
    expect((await api(server.url, people.panama).delete(`/api/focal-points/${chile.id}`)).status).toBe(204)
    expect((await api(server.url, people.panama).delete(`/api/focal-points/${chile.id}`)).status).toBe(404)

    const audit = (await (await api(server.url, server.session).get('/api/admin/audit?limit=200')).json()) as {
      entries: { action: string; target: string | null; actorDelegation: string | null; details: Record<string, unknown> | null }[]
    }
    const mine = audit.entries.filter((e) => e.target === chile.id || e.target === panama.id).map((e) => `${e.action} ${e.target === chile.id ? 'chile' : 'panama'} ${e.actorDelegation}`)
    expect(mine.sort()).toEqual(['focal_point.created chile CHL', 'focal_point.created panama PAN', 'focal_point.updated chile ST-CRM', 'focal_point.deleted chile PAN'].sort())
    expect(audit.entries.find((e) => e.action === 'focal_point.created' && e.target === chile.id)!.details).toMatchObject({ delegation: 'CHL', process: 'Troika', role: 'focal', name: 'María José Núñez Ávila' })
    await api(server.url, people.st).delete(`/api/focal-points/${panama.id}`)
  })

  const INVALID: [string, Partial<FocalPointInput>, RegExp][] = [
    ['an e-mail without @', { email: 'mjnunez.minrel.gob.cl' }, /is not an e-mail address/],
    ['an e-mail with a space', { email: 'mj nunez@minrel.gob.cl' }, /is not an e-mail address/],
    ['an e-mail without a domain', { email: 'mjnunez@minrel' }, /is not an e-mail address/],
    ['letters in a phone', { phones: ['+56 2 CALL NOW'] }, /may hold only digits/],
    ['a phone too short', { phones: ['12'] }, /may hold only digits/],
    ['five phones', { phones: ['+1 555 0101', '+1 555 0102', '+1 555 0103', '+1 555 0104', '+1 555 0105'] }, /at most 4 phone numbers/],
    ['an unknown language', { languages: ['es', 'zz'] }, /"zz" is not a language code/],
    ['a language in capitals, unknown', { languages: ['spanish'] }, /is not a language code/],
    ['no date', { since: '' }, /YYYY-MM-DD/],
    ['the 30th of February', { since: '2026-02-30' }, /YYYY-MM-DD/],
    ['a day/month date', { since: '15/01/2026' }, /YYYY-MM-DD/],
    ['an end before the start', { until: '2025-12-31' }, /cannot end before it starts/],
    ['no process', { process: '   ' }, /which process/],
    ['no name', { givenName: ' ', familyName: '' }, /Write the person's name/],
    ['a name too long', { familyName: 'Ñ'.repeat(121) }, /family name is longer than 120 characters/],
    ['an institution too long', { institution: 'x'.repeat(201) }, /institution is longer than 200/],
    ['an unknown delegation', { delegation: 'ZZZ' }, /no delegation with the code ZZZ/],
    ['an account of another delegation', { userId: 'set-below' }, /one of CHL's own accounts/],
  ]
  it.each(INVALID)('[FOCAL-12] %s is refused with 400 and a sentence; nothing is stored', async (_what, change, message) => {
    const body = entryInput('CHL', change.userId ? { ...change, userId: people.panama.user.id } : change)
    const as = api(server.url, change.delegation === 'ZZZ' ? people.st : people.chile)
    const answer = await as.post('/api/focal-points', body)
    expect(answer.status).toBe(400)
    const error = (await answer.json()) as { error: string; message: string }
    expect(error.error).toBe('invalid_focal_point')
    expect(error.message).toMatch(message)
    expect(error.message).toMatch(/[.]$/)
    expect((await read(people.chile)).entries).toEqual([])
  })

  it('[FOCAL-12] text is tidied, the address lower-cased, a process written as the spelling in use; a body of the wrong shape is 400', async () => {
    const first = await create(people.chile, entryInput('CHL', { process: '  Grupo ad hoc CRM-CSM  /  CRM-CSM ad-hoc group ', givenName: '  María   José ', email: ' MJNunez@MINREL.gob.cl ', languages: ['ES', 'en', 'es'], userId: people.chile.user.id }))
    // The suggestion's spelling (en dashes) is the one in use, so the hyphens become its dashes.
    expect(first).toMatchObject({ process: 'Grupo ad hoc CRM–CSM / CRM–CSM ad-hoc group', givenName: 'María José', email: 'mjnunez@minrel.gob.cl', languages: ['es', 'en'], userId: people.chile.user.id })
    const second = await create(people.panama, entryInput('PAN', { process: 'grupo ad hoc crm–csm / crm–csm ad-hoc group', role: 'alternate' }))
    expect(second.process).toBe(first.process)
    const third = await create(people.panama, entryInput('PAN', { process: 'TROIKA' }))
    expect(third.process).toBe('Troika')
    expect((await api(server.url, people.chile).post('/api/focal-points', { ...entryInput('CHL'), role: 'chief' })).status).toBe(400)
    expect((await api(server.url, people.chile).post('/api/focal-points', { ...entryInput('CHL'), extra: 1 })).status).toBe(400)
    for (const e of (await read(people.st)).entries) await api(server.url, people.st).delete(`/api/focal-points/${e.id}`)
  })

  it('[FOCAL-20] the vCard 4.0 export, read by ical.js: every field, accents and ñ, escapes, CRLF and lines folded at 75 octets; filtered by delegation and process', async () => {
    const long = 'Coordinación de la posición regional sobre migración laboral, retorno; reintegración y protección consular — «ñandú» '.repeat(2)
    const chile = await create(
      people.chile,
      entryInput('CHL', {
        givenName: 'Íñigo José',
        familyName: 'Peña Ñúñez',
        title: 'Director de Asuntos Consulares, Inmigración y Chilenos en el Exterior',
        institution: 'Ministerio de Relaciones Exteriores; Dirección General',
        email: 'ipena@minrel.gob.cl',
        phones: ['+56 (2) 2827-4200 x15', '2827 4201'],
        languages: ['es', 'en', 'fr'],
        since: '2026-03-01',
        until: '2027-02-28',
        notes: `${long}\nSegunda línea \\ con barra`,
        userId: people.chile.user.id,
      }),
    )
    await create(people.chile, entryInput('CHL', { process: 'Grupo ad hoc CRM–CSM / CRM–CSM ad-hoc group', familyName: 'Otra', role: 'alternate' }))
    await create(people.panama, entryInput('PAN', { givenName: 'Rosa', familyName: 'Pérez', email: 'rosa@mire.gob.pa', phones: [], languages: ['es'] }))

    const download = await api(server.url, people.mexico).get('/api/focal-points/export?format=vcf&delegation=CHL&process=troika&lang=es')
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toMatch(/^text\/vcard; charset=utf-8/)
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="puntos-focales.vcf"')
    const text = await download.text()
    // Every line ends in CRLF; none is longer than 75 octets; a continuation starts with one space.
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const lines = text.split('\r\n').slice(0, -1)
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75)
    expect(lines.some((l) => l.startsWith(' '))).toBe(true)

    const parsed = ICAL.parse(text) as unknown
    // One card (the filter) parses as one component, several as a list of them.
    const cards = (Array.isArray((parsed as unknown[])[0]) ? parsed : [parsed]) as ConstructorParameters<typeof ICAL.Component>[0][]
    expect(cards).toHaveLength(1)
    const card = new ICAL.Component(cards[0]!)
    expect(card.name).toBe('vcard')
    expect(card.getFirstPropertyValue('version')).toBe('4.0')
    expect(card.getFirstPropertyValue('kind')).toBe('individual')
    expect(card.getFirstPropertyValue('fn')).toBe('Íñigo José Peña Ñúñez')
    expect(card.getFirstProperty('n')!.getValues()[0]).toEqual(['Peña Ñúñez', 'Íñigo José', '', '', ''])
    expect(card.getFirstPropertyValue('org')).toBe('Ministerio de Relaciones Exteriores; Dirección General')
    expect(card.getFirstPropertyValue('title')).toBe('Director de Asuntos Consulares, Inmigración y Chilenos en el Exterior')
    expect(card.getFirstPropertyValue('role')).toBe('Punto focal')
    const email = card.getFirstProperty('email')!
    expect(email.getFirstValue()).toBe('ipena@minrel.gob.cl')
    expect(email.getParameter('type')).toBe('work')
    const tels = card.getAllProperties('tel')
    expect(tels.map((t) => t.getFirstValue())).toEqual(['tel:+56-2-2827-4200;ext=15', '2827 4201'])
    expect(tels.map((t) => t.getParameter('type'))).toEqual([['work', 'voice'], ['work', 'voice']])
    expect(tels[0]!.getParameter('pref')).toBe('1')
    expect(tels.map((t) => t.type)).toEqual(['uri', 'text'])
    const langs = card.getAllProperties('lang')
    expect(langs.map((l) => [l.getFirstValue(), l.getParameter('pref')])).toEqual([['es', '1'], ['en', '2'], ['fr', '3']])
    expect(card.getFirstProperty('categories')!.getValues()).toEqual(['Troika', 'Chile'])
    expect(card.getFirstPropertyValue('note')).toBe(`Chile — Troika — Punto focal (desde 2026-03-01, hasta 2027-02-28)\n${long}\nSegunda línea \\ con barra`)
    expect(String(card.getFirstPropertyValue('rev'))).toBe(chile.updatedAt.replace(/\.\d{3}Z$/, 'Z'))

    const english = await (await api(server.url, people.mexico).get('/api/focal-points/export?format=vcf&lang=en')).text()
    const all = ICAL.parse(english) as ConstructorParameters<typeof ICAL.Component>[0][]
    const names = all.map((c) => new ICAL.Component(c).getFirstPropertyValue('fn'))
    // The directory's order: CHL (the ad-hoc group, then the Troika), then PAN.
    expect(names).toEqual(['María José Otra', 'Íñigo José Peña Ñúñez', 'Rosa Pérez'])
    expect(new ICAL.Component(all[0]!).getFirstPropertyValue('role')).toBe('Alternate')
    expect(new ICAL.Component(all[2]!).getAllProperties('tel')).toEqual([])
    expect((await api(server.url, people.mexico).get('/api/focal-points/export?format=vcf&delegation=MEX')).status).toBe(200)
    expect(await (await api(server.url, people.mexico).get('/api/focal-points/export?format=vcf&delegation=MEX')).text()).toBe('')
    expect((await api(server.url, people.mexico).get('/api/focal-points/export?format=pdf')).status).toBe(400)
  })

  it.skipIf(!hasSoffice)('[FOCAL-21] the .xlsx export, read back by LibreOffice Calc: a row per entry, accents and ñ kept, filtered', { timeout: 240_000 }, async () => {
    const download = await api(server.url, people.mexico).get('/api/focal-points/export?format=xlsx&delegation=CHL&lang=es')
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="puntos-focales.xlsx"')
    const csv = libreOfficeSheetToCsv(new Uint8Array(await download.arrayBuffer()))
    const rows = csv.trim().split(/\r?\n/)
    expect(rows[0]).toBe('Delegación,Proceso,Función,Nombre,Apellidos,Título,Ministerio o institución,Correo,Teléfonos,Idiomas,Desde,Hasta,Notas,Actualizado')
    expect(rows.filter((r) => r.startsWith('Chile,'))).toHaveLength(2)
    expect(csv).toContain('Chile,Troika,punto focal,Íñigo José,Peña Ñúñez,"Director de Asuntos Consulares, Inmigración y Chilenos en el Exterior",Ministerio de Relaciones Exteriores; Dirección General,ipena@minrel.gob.cl,+56 (2) 2827-4200 x15; 2827 4201,"es, en, fr",2026-03-01,2027-02-28,')
    expect(csv).not.toContain('Pérez')
  })
})

describe('the focal-point directory, live', () => {
  it('[FOCAL-14] a created, changed or removed entry is announced to every open page', async () => {
    const stream = readEventStream(server.url, people.mexico)
    try {
      await waitFor(() => stream.events().some((e) => e.event === 'ready'), 'the stream to open')
      const heard = (): number => stream.events().filter((e) => e.event === FOCAL_POINTS_EVENT_NAME).length
      const entry = await create(people.panama, entryInput('PAN'))
      await waitFor(() => heard() === 1, 'the new entry to be announced')
      expect((await api(server.url, people.panama).put(`/api/focal-points/${entry.id}`, entryInput('PAN', { role: 'alternate' }))).status).toBe(200)
      await waitFor(() => heard() === 2, 'the change to be announced')
      // Refused (Mexico may not remove Panama's entry): nothing announced.
      expect((await api(server.url, people.mexico).delete(`/api/focal-points/${entry.id}`)).status).toBe(403)
      expect((await api(server.url, people.panama).delete(`/api/focal-points/${entry.id}`)).status).toBe(204)
      await waitFor(() => heard() === 3, 'the removal to be announced')
      expect((await api(server.url, people.panama).delete(`/api/focal-points/${entry.id}`)).status).toBe(404)
      expect((await api(server.url, people.panama).get('/api/focal-points')).status).toBe(200)
      expect(heard()).toBe(3)
    } finally {
      await stream.close()
    }
  })
})

describe('the focal-point directory after a restart', () => {
  it('[FOCAL-13] entries survive a restart of the server', async () => {
    const store = await reopenableStorage('focal_restart')
    let first: TestServer | null = null
    try {
      first = await startServer({ storage: await store.open(), logger: { level: 'silent' } })
      const chile = await invite(first.url, first.session, { email: 'focal@minrel.gob.cl', name: 'Íñigo Zúñiga', delegation: 'CHL' })
      const made = await create(chile, entryInput('CHL', { familyName: 'Peña Ñúñez', phones: ['+56 2 2827 4200', '+56 9 8765 4321'] }), first)
      const before = (await (await api(first.url, chile).get('/api/focal-points')).json()) as FocalPointsResponse
      await first.close()
      first = null
      const again = await startFirstRunServer({ storage: await store.open(), logger: { level: 'silent' } })
      try {
        const back = await signIn(again.url, 'focal@minrel.gob.cl')
        const after = (await (await api(again.url, back).get('/api/focal-points')).json()) as FocalPointsResponse
        expect(after).toEqual(before)
        expect(after.entries).toEqual([made])
        expect((await api(again.url, back).delete(`/api/focal-points/${made.id}`)).status).toBe(204)
      } finally {
        await again.close()
      }
    } finally {
      await first?.close()
      await store.cleanup()
    }
  })
})

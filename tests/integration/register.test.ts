/**
 * The register of agreements and the meetings calendar (server/SPEC.md, REGISTER-*): who may
 * read and change it, validation, minutes becoming agreements once, live announcements on two
 * instances, the CSV and iCalendar downloads, and a restart of the server process.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import ICAL from 'ical.js'
import type { Agreement, AgreementsResponse, AuditEntry, FromMinutesResponse, LinkableParagraphsResponse, Meeting, MeetingsResponse, RegisterEvent } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { RedisFanout } from '@consenso/server/fanout'
import { createDraft } from '../helpers/api.ts'
import { useChildServers } from '../helpers/child-server.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { REDIS_URL, redisUnavailable } from '../helpers/redis.ts'
import { reopenableStorage, startFirstRunServer, startServer, type FirstRunServer, type TestServer } from '../helpers/server.ts'
import { api, invite, setupAdmin, share, type TestSession } from '../helpers/session.ts'
import { libreOfficeSheetToCsv, requireTool } from '../helpers/tools.ts'
import { waitFor } from '../helpers/wait.ts'

const redisSkipped = await redisUnavailable()

let server: TestServer
let secretariat: TestSession
let country: TestSession
const clients: TestClient[] = []
const streams: EventStream[] = []
/** Run once the server is closed (stores it used). */
const afterServers: Array<() => Promise<void>> = []

beforeEach(async () => {
  server = await startServer()
  ;[secretariat, country] = await Promise.all([
    invite(server.url, server.session, { email: 'secretaria@crm.example', name: 'Lucía Ramírez', delegation: 'ST-CRM' }),
    invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' }),
  ]) as [TestSession, TestSession]
})
afterEach(async () => {
  for (const s of streams.splice(0)) s.close()
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
  for (const cleanup of afterServers.splice(0)) await cleanup()
})

const json = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text()
  expect(response.status, text).toBe(status)
  return (text ? JSON.parse(text) : undefined) as T
}

const list = async (query = '', as: TestSession = server.session, base = server.url): Promise<Agreement[]> =>
  (await json<AgreementsResponse>(await api(base, as).get(`/api/register/agreements${query}`), 200)).agreements
const meetings = async (as: TestSession = server.session, base = server.url): Promise<Meeting[]> =>
  (await json<MeetingsResponse>(await api(base, as).get('/api/register/meetings'), 200)).meetings

/** A server-sent events reader over fetch, as a browser's EventSource would read the stream. */
interface EventStream {
  events: RegisterEvent[]
  /** The server ended the stream. */
  ended: boolean
  close(): void
}

async function openEvents(base: string, session: TestSession): Promise<EventStream> {
  const controller = new AbortController()
  const response = await fetch(`${base}/api/register/events`, { headers: { cookie: session.cookie }, signal: controller.signal })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const stream: EventStream = { events: [], ended: false, close: () => controller.abort() }
  streams.push(stream)
  let ready = false
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  void (async () => {
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) {
          stream.ended = true
          return
        }
        buffer += value
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const field = (name: string): string | undefined =>
            block
              .split('\n')
              .find((line) => line.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim()
          if (field('event') === 'ready') ready = true
          if (field('event') === 'register') stream.events.push(JSON.parse(field('data')!) as RegisterEvent)
        }
      }
    } catch {
      // Aborted by close().
    }
  })()
  await waitFor(() => ready, 'the event stream to open')
  return stream
}

const announced = (stream: EventStream, id: string): boolean => stream.events.some((e) => e.type !== 'resync' && e.ids.includes(id))

/** Replaces the items of a minutes draft's "Agreements" list, as a focal point typing them would. */
async function writeAgreements(session: TestSession, documentId: string, items: string[], base = server): Promise<string[]> {
  const client = connectClient({ wsUrl: base.wsUrl, cookie: session.cookie }, documentId)
  clients.push(client)
  await client.waitSynced()
  const fragment = client.doc.getXmlFragment(BODY_FIELD)
  const blocks = fragment.toArray() as Y.XmlElement[]
  const heading = blocks.findIndex((b) => b.nodeName === 'heading' && b.toString().includes('Agreements'))
  const listElement = blocks[heading + 1]!
  expect(listElement.nodeName).toBe('orderedList')
  const ids = items.map(() => randomBytes(6).toString('hex'))
  client.doc.transact(() => {
    listElement.delete(0, listElement.length)
    listElement.insert(
      0,
      items.map((text, i) => {
        const item = new Y.XmlElement('listItem')
        item.setAttribute('id', ids[i]!)
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.setAttribute('id', `${ids[i]}-p`)
        paragraph.insert(0, [new Y.XmlText(text)])
        item.insert(0, [paragraph])
        return item
      }),
    )
  })
  await client.waitSaved()
  return ids
}

async function minutesDraft(title = 'Minuta de la videoconferencia'): Promise<string> {
  return createDraft(server.url, server.session, { title, template: 'minutes', language: 'en' })
}

describe('register of agreements', () => {
  it('[REGISTER-1] [REGISTER-2] everyone signed in reads; only secretariats and administrators change it', async () => {
    const draft = await minutesDraft()
    await share(server.url, server.session, draft, { type: 'delegation', id: 'PAN' }, 'editor')
    const anonymous = api(server.url)
    for (const path of ['/api/register/agreements', '/api/register/meetings', '/api/register/agreements.csv', '/api/register/calendar.ics', '/api/register/events']) {
      expect((await anonymous.get(path)).status, path).toBe(401)
    }
    expect((await anonymous.post('/api/register/agreements', { text: 'x' })).status).toBe(401)

    const bySecretariat = await json<Agreement>(await api(server.url, secretariat).post('/api/register/agreements', { text: 'Circular el borrador', responsible: ['PAN'] }), 201)
    const byAdmin = await json<Meeting>(await api(server.url, server.session).post('/api/register/meetings', { title: 'Reunión ad hoc', startsOn: '2026-12-01' }), 201)
    expect(bySecretariat).toMatchObject({ text: 'Circular el borrador', responsible: ['PAN'], status: 'pending', createdBy: secretariat.user.id })
    expect(byAdmin).toMatchObject({ title: 'Reunión ad hoc', startsOn: '2026-12-01', endsOn: null, place: '', delegations: [] })

    // A country's focal point reads everything…
    expect((await list('', country)).map((a) => a.id)).toEqual([bySecretariat.id])
    expect((await meetings(country)).map((m) => m.id)).toEqual([byAdmin.id])
    expect((await api(server.url, country).get('/api/register/calendar.ics')).status).toBe(200)
    // …and changes nothing, not even from minutes it may edit.
    const pan = api(server.url, country)
    const refusals = [
      await pan.post('/api/register/agreements', { text: 'Otro acuerdo' }),
      await pan.patch(`/api/register/agreements/${bySecretariat.id}`, { status: 'done' }),
      await pan.delete(`/api/register/agreements/${bySecretariat.id}`),
      await pan.post('/api/register/meetings', { title: 'Otra', startsOn: '2026-12-02' }),
      await pan.patch(`/api/register/meetings/${byAdmin.id}`, { place: 'Lima' }),
      await pan.delete(`/api/register/meetings/${byAdmin.id}`),
      await pan.post('/api/register/from-minutes', { documentId: draft }),
    ]
    for (const response of refusals) {
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ error: 'forbidden' })
    }
    expect(await list()).toEqual([bySecretariat])
    expect(await meetings()).toEqual([byAdmin])

    // The secretariat changes and deletes what the administrator made, and the other way round.
    expect((await json<Meeting>(await api(server.url, secretariat).patch(`/api/register/meetings/${byAdmin.id}`, { place: 'Ciudad de Panamá' }), 200)).place).toBe(
      'Ciudad de Panamá',
    )
    expect((await api(server.url, server.session).delete(`/api/register/agreements/${bySecretariat.id}`)).status).toBe(204)
    expect(await list()).toEqual([])
  })

  it('[REGISTER-3] invalid bodies answer 400 with a reason and store nothing; unknown records 404', async () => {
    const draft = await minutesDraft()
    const st = api(server.url, secretariat)
    const meeting = await json<Meeting>(await st.post('/api/register/meetings', { title: 'Reunión', startsOn: '2026-05-11' }), 201)
    const agreement = await json<Agreement>(await st.post('/api/register/agreements', { text: 'Acuerdo', dueDate: '2026-06-01' }), 201)
    // Drafts the secretariat cannot read are refused like drafts that do not exist.
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/register/agreements', {}, 'invalid_request'],
      ['POST', '/api/register/agreements', { text: '   ' }, 'invalid_request'],
      ['POST', '/api/register/agreements', { text: 'x', color: 'red' }, 'invalid_request'],
      ['POST', '/api/register/agreements', { text: 'x', status: 'someday' }, 'invalid_request'],
      ['POST', '/api/register/agreements', { text: 'x', dueDate: '15/12/2026' }, 'invalid_request'],
      ['POST', '/api/register/agreements', { text: 'x', dueDate: '2026-02-30' }, 'invalid_date'],
      ['POST', '/api/register/agreements', { text: 'x', responsible: ['PAN', 'XYZ'] }, 'unknown_delegation'],
      ['POST', '/api/register/agreements', { text: 'x', responsible: ['PAN', 'PAN'] }, 'invalid_request'],
      ['POST', '/api/register/agreements', { text: 'x', meetingId: 'no-such-meeting' }, 'unknown_meeting'],
      ['POST', '/api/register/agreements', { text: 'x', documentId: draft }, 'unknown_document'],
      ['POST', '/api/register/agreements', { text: 'x', blockId: 'b1' }, 'invalid_request'],
      ['POST', '/api/register/agreements', { text: 'x'.repeat(4001) }, 'invalid_request'],
      ['PATCH', `/api/register/agreements/${agreement.id}`, {}, 'invalid_request'],
      ['PATCH', `/api/register/agreements/${agreement.id}`, { dueDate: '2026-13-01' }, 'invalid_request'],
      ['PATCH', `/api/register/agreements/${agreement.id}`, { text: 'nuevo', responsible: ['XYZ'] }, 'unknown_delegation'],
      ['POST', '/api/register/meetings', { title: 'Sin fecha' }, 'invalid_request'],
      ['POST', '/api/register/meetings', { title: '', startsOn: '2026-05-11' }, 'invalid_request'],
      ['POST', '/api/register/meetings', { title: 'Al revés', startsOn: '2026-05-11', endsOn: '2026-05-10' }, 'invalid_date'],
      ['POST', '/api/register/meetings', { title: 'x', startsOn: '2026-05-11', delegations: ['ZZZ'] }, 'unknown_delegation'],
      ['POST', '/api/register/meetings', { title: 'x', startsOn: '2026-05-11', minutesDocumentId: draft }, 'unknown_document'],
      ['PATCH', `/api/register/meetings/${meeting.id}`, { endsOn: '2026-05-01' }, 'invalid_date'],
      ['POST', '/api/register/from-minutes', { documentId: draft, extra: true }, 'invalid_request'],
    ]
    for (const [method, path, body, error] of cases) {
      const response = method === 'POST' ? await st.post(path, body) : await st.patch(path, body)
      const answer = (await response.json()) as { error: string; message: string }
      expect([response.status, answer.error], `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`).toEqual([400, error])
      expect(answer.message.length).toBeGreaterThan(10)
    }
    expect(await list()).toEqual([agreement])
    expect(await meetings()).toEqual([meeting])
    expect((await st.patch('/api/register/agreements/nope', { status: 'done' })).status).toBe(404)
    expect((await st.delete('/api/register/meetings/nope')).status).toBe(404)
    // The same draft, once shared with the secretariat, may be linked.
    await share(server.url, server.session, draft, { type: 'delegation', id: 'ST-CRM' }, 'viewer')
    const linked = await json<Agreement>(await st.patch(`/api/register/agreements/${agreement.id}`, { documentId: draft, blockId: 'b1', meetingId: meeting.id }), 200)
    expect(linked).toMatchObject({ documentId: draft, blockId: 'b1', meetingId: meeting.id, updatedBy: secretariat.user.id })
    // Clearing the draft while keeping the block is refused; clearing both is fine.
    expect((await st.patch(`/api/register/agreements/${agreement.id}`, { documentId: null })).status).toBe(400)
    expect(await json<Agreement>(await st.patch(`/api/register/agreements/${agreement.id}`, { documentId: null, blockId: null }), 200)).toMatchObject({
      documentId: null,
      blockId: null,
    })
  })

  it('[REGISTER-4] [REGISTER-10] filters by responsible, status, meeting and overdue on the caller’s day', async () => {
    const st = api(server.url, secretariat)
    const meeting = await json<Meeting>(await st.post('/api/register/meetings', { title: 'XXII Reunión', startsOn: '2026-05-11', delegations: ['PAN', 'CHL'] }), 201)
    const make = async (text: string, fields: Record<string, unknown>): Promise<string> =>
      (await json<Agreement>(await st.post('/api/register/agreements', { text, ...fields }), 201)).id
    const late = await make('Enviar insumos', { responsible: ['PAN'], dueDate: '2026-06-01', meetingId: meeting.id })
    const done = await make('Traducir la declaración', { responsible: ['PAN', 'CHL'], dueDate: '2026-05-20', status: 'done' })
    const future = await make('Preparar la próxima reunión', { responsible: ['CHL'], dueDate: '2026-12-01', status: 'in_progress', meetingId: meeting.id })
    const undated = await make('Revisar el glosario', { responsible: ['ST-CRM'] })
    const ids = async (query: string): Promise<string[]> => (await list(query)).map((a) => a.id)
    expect(await ids('')).toEqual([done, late, future, undated])
    expect(await ids('?responsible=PAN')).toEqual([done, late])
    expect(await ids('?status=in_progress')).toEqual([future])
    expect(await ids(`?meetingId=${meeting.id}`)).toEqual([late, future])
    expect(await ids('?overdue=true&today=2026-06-01')).toEqual([])
    expect(await ids('?overdue=true&today=2026-06-02')).toEqual([late])
    expect(await ids('?overdue=true&today=2027-01-01&responsible=CHL')).toEqual([future])
    expect((await api(server.url, secretariat).get('/api/register/agreements?overdue=perhaps')).status).toBe(400)
    expect((await api(server.url, secretariat).get('/api/register/agreements?today=2026-6-1')).status).toBe(400)

    // Deleting the meeting keeps what was agreed at it.
    expect((await st.delete(`/api/register/meetings/${meeting.id}`)).status).toBe(204)
    expect(await ids(`?meetingId=${meeting.id}`)).toEqual([])
    expect((await list()).find((a) => a.id === late)).toMatchObject({ meetingId: null, text: 'Enviar insumos' })
  })

  it('[REGISTER-5] [REGISTER-6] the Agreements section of minutes becomes agreements, once each', async () => {
    const draft = await minutesDraft()
    await share(server.url, server.session, draft, { type: 'delegation', id: 'ST-CRM' }, 'viewer')
    const st = api(server.url, secretariat)
    const meeting = await json<Meeting>(await st.post('/api/register/meetings', { title: 'Videoconferencia CRM–CSM', startsOn: '2026-11-20', minutesDocumentId: draft }), 201)
    const blocks = await writeAgreements(server.session, draft, [
      'PAN, CHL — Circulate the revised joint declaration to all focal points — 2026-12-15',
      'ST-CRM — Consolidate the inputs of both conferences — 01/12/2026',
      'Hold the next videoconference before the end of the year',
    ])

    const first = await json<FromMinutesResponse>(await st.post('/api/register/from-minutes', { documentId: draft }), 200)
    expect(first.existing).toBe(0)
    // The item in which neither a delegation nor a date could be read is listed for the secretariat.
    expect(first.unread).toEqual([{ blockId: blocks[2], text: 'Hold the next videoconference before the end of the year' }])
    expect(first.meetingId).toBe(meeting.id)
    expect(first.created.map(({ text, responsible, dueDate, blockId, documentId, meetingId, status }) => ({ text, responsible, dueDate, blockId, documentId, meetingId, status }))).toEqual([
      { text: 'Circulate the revised joint declaration to all focal points', responsible: ['CHL', 'PAN'], dueDate: '2026-12-15', blockId: blocks[0], documentId: draft, meetingId: meeting.id, status: 'pending' },
      { text: 'Consolidate the inputs of both conferences', responsible: ['ST-CRM'], dueDate: '2026-12-01', blockId: blocks[1], documentId: draft, meetingId: meeting.id, status: 'pending' },
      { text: 'Hold the next videoconference before the end of the year', responsible: [], dueDate: null, blockId: blocks[2], documentId: draft, meetingId: meeting.id, status: 'pending' },
    ])

    // Again: nothing new. Then with a fourth item, only that one — even when run twice at once.
    const again = await json<FromMinutesResponse>(await st.post('/api/register/from-minutes', { documentId: draft }), 200)
    expect(again).toEqual({ created: [], existing: 3, meetingId: meeting.id, unread: [] })
    const four = await writeAgreements(server.session, draft, [
      'PAN, CHL — Circulate the revised joint declaration to all focal points — 2026-12-15',
      'ST-CRM — Consolidate the inputs of both conferences — 01/12/2026',
      'Hold the next videoconference before the end of the year',
      'MEX — Share the good-practice compilation',
    ])
    // writeAgreements gives every item a fresh id: the register follows block ids, not words.
    expect(four).not.toContain(blocks[0])
    const [x, y] = await Promise.all([
      json<FromMinutesResponse>(await st.post('/api/register/from-minutes', { documentId: draft }), 200),
      json<FromMinutesResponse>(await st.post('/api/register/from-minutes', { documentId: draft }), 200),
    ])
    expect(x.created.length + y.created.length).toBe(4)
    expect(await list(`?documentId=${draft}`)).toHaveLength(7)
    expect(new Set((await list(`?documentId=${draft}`)).map((a) => a.blockId)).size).toBe(7)

    // Minutes sent before their meeting was in the calendar: the meeting, once given them, claims them.
    const early = await minutesDraft('Minuta sin reunión todavía')
    await share(server.url, server.session, early, { type: 'delegation', id: 'ST-CRM' }, 'viewer')
    await writeAgreements(server.session, early, ['CHL — Send the glossary'])
    const unclaimed = await json<FromMinutesResponse>(await st.post('/api/register/from-minutes', { documentId: early }), 200)
    expect(unclaimed.meetingId).toBeNull()
    expect(unclaimed.created[0]).toMatchObject({ meetingId: null, responsible: ['CHL'], text: 'Send the glossary' })
    const later = await json<Meeting>(await st.post('/api/register/meetings', { title: 'Reunión posterior', startsOn: '2026-11-25', minutesDocumentId: early }), 201)
    expect((await list(`?documentId=${early}`)).map((a) => a.meetingId)).toEqual([later.id])

    // A draft without the section, and a draft the secretariat cannot read.
    const declaration = await createDraft(server.url, server.session, { title: 'Declaración', template: 'declaration' })
    await share(server.url, server.session, declaration, { type: 'delegation', id: 'ST-CRM' }, 'viewer')
    expect(await json<{ error: string }>(await st.post('/api/register/from-minutes', { documentId: declaration }), 400)).toMatchObject({ error: 'no_agreements_section' })
    const hidden = await minutesDraft('Minuta reservada')
    expect((await st.post('/api/register/from-minutes', { documentId: hidden })).status).toBe(404)
    expect((await st.post('/api/register/from-minutes', { documentId: 'no-such-draft' })).status).toBe(404)

    // Audited, with ids and never the agreement's words.
    const audit = await json<{ entries: AuditEntry[] }>(await api(server.url, server.session).get('/api/admin/audit?action=agreement.created'), 200)
    const fromDraft = audit.entries.filter((e) => e.documentId === draft)
    expect(fromDraft).toHaveLength(7)
    expect(fromDraft.every((e) => e.actorId === secretariat.user.id && e.target !== null && e.details['from'] === 'minutes')).toBe(true)
    expect(JSON.stringify(audit.entries)).not.toContain('Circulate')
    const meetingAudit = await json<{ entries: AuditEntry[] }>(await api(server.url, server.session).get('/api/admin/audit?action=meeting.created'), 200)
    expect(meetingAudit.entries.map((e) => e.target)).toEqual([later.id, meeting.id])
  })

  it('[REGISTER-7] two people see a change to the register live; a signed-out stream ends', async () => {
    const [theirs, mine] = await Promise.all([openEvents(server.url, country), openEvents(server.url, secretariat)])
    const st = api(server.url, secretariat)
    const created = await json<Agreement>(await st.post('/api/register/agreements', { text: 'Circular el borrador' }), 201)
    await waitFor(() => announced(theirs, created.id) && announced(mine, created.id), 'both pages to hear of the new agreement')
    expect(theirs.events).toContainEqual({ type: 'agreement', op: 'created', ids: [created.id] })
    await json(await st.patch(`/api/register/agreements/${created.id}`, { status: 'done' }), 200)
    const meeting = await json<Meeting>(await st.post('/api/register/meetings', { title: 'Reunión', startsOn: '2026-12-01' }), 201)
    await waitFor(() => announced(theirs, meeting.id), 'the new meeting to be announced')
    expect(theirs.events).toContainEqual({ type: 'agreement', op: 'updated', ids: [created.id] })
    // What the page reloads is what changed.
    expect((await list('', country))[0]).toMatchObject({ id: created.id, status: 'done' })

    // Once signed out, the stream hears nothing more: the next announcement closes it.
    expect((await api(server.url, country).post('/api/auth/logout')).status).toBeLessThan(300)
    const after = await json<Agreement>(await st.post('/api/register/agreements', { text: 'Después de salir' }), 201)
    await waitFor(() => theirs.ended && announced(mine, after.id), 'the signed-out stream to end while the other hears the change')
    expect(announced(theirs, after.id)).toBe(false)
  })

  it('[REGISTER-8] the CSV and the iCalendar file hold the register', async () => {
    const st = api(server.url, secretariat)
    const meeting = await json<Meeting>(
      await st.post('/api/register/meetings', { title: 'XXII Reunión, grupo ad hoc', startsOn: '2026-05-11', endsOn: '2026-05-12', place: 'Ciudad de Panamá', delegations: ['PAN', 'CHL'] }),
      201,
    )
    const late = await json<Agreement>(await st.post('/api/register/agreements', { text: 'Enviar "insumos", con comas', responsible: ['PAN'], dueDate: '2026-06-01', meetingId: meeting.id }), 201)
    await st.post('/api/register/agreements', { text: '=cmd() fórmula', responsible: ['CHL'], dueDate: '2026-07-01', status: 'done' })
    await st.post('/api/register/agreements', { text: 'Cancelado', dueDate: '2026-08-01', status: 'cancelled' })
    await st.post('/api/register/agreements', { text: 'Sin fecha' })

    const csvResponse = await api(server.url, country).get('/api/register/agreements.csv?today=2026-06-15&lang=en')
    expect(csvResponse.status).toBe(200)
    expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csvResponse.headers.get('content-disposition')).toBe('attachment; filename="consenso-agreements.csv"')
    const bytes = new Uint8Array(await csvResponse.arrayBuffer())
    // A byte-order mark, so that Excel reads the accents as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n')
    expect(lines[0]).toBe('agreement,responsible,due date,status,overdue,meeting,meeting date,draft,paragraph,created,updated,id')
    expect(lines).toHaveLength(5)
    expect(lines[1]).toMatch(/^"Enviar ""insumos"", con comas",PAN,2026-06-01,pending,yes,"XXII Reunión, grupo ad hoc",2026-05-11,,,\d{4}-\d\d-\d\d \d\d:\d\d UTC,/)
    expect(lines[1]!.endsWith(/^[=+\-@]/.test(late.id) ? `'${late.id}` : late.id)).toBe(true)
    // Formula-like text is defused; done is never overdue.
    expect(lines[2]).toMatch(/^'=cmd\(\) fórmula,CHL,2026-07-01,done,no,/)
    // In Spanish: Spanish headings and file name, and semicolons, the list separator of a Spanish-locale spreadsheet.
    const spanishResponse = await api(server.url, country).get('/api/register/agreements.csv?responsible=PAN')
    expect(spanishResponse.headers.get('content-disposition')).toBe('attachment; filename="consenso-acuerdos.csv"')
    const spanish = await spanishResponse.text()
    expect(spanish.split('\r\n')[0]).toBe('acuerdo;responsables;fecha límite;estado;vencido;reunión;fecha de la reunión;borrador;párrafo;creado;actualizado;id')
    expect(spanish.split('\r\n')[1]).toMatch(/^"Enviar ""insumos"", con comas";PAN;2026-06-01;pendiente;/)
    expect(spanish.split('\r\n').filter(Boolean)).toHaveLength(2)

    const icsResponse = await api(server.url, country).get('/api/register/calendar.ics?lang=en')
    expect(icsResponse.status).toBe(200)
    expect(icsResponse.headers.get('content-disposition')).toBe('attachment; filename="consenso-calendar.ics"')
    expect(icsResponse.headers.get('content-type')).toMatch(/^text\/calendar/)
    const text = await icsResponse.text()
    const calendar = new ICAL.Component(ICAL.parse(text))
    expect(calendar.name).toBe('vcalendar')
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    const byUid = new Map(events.map((e) => [e.uid, e]))
    expect(events).toHaveLength(3) // the meeting and the two agreements not cancelled that have a date
    const m = [...byUid.values()].find((e) => e.uid.startsWith(`meeting-${meeting.id}@`))!
    expect(m.summary).toBe('XXII Reunión, grupo ad hoc')
    expect(m.location).toBe('Ciudad de Panamá')
    expect(m.startDate.isDate).toBe(true)
    expect(m.startDate.toString()).toBe('2026-05-11')
    expect(m.endDate.toString()).toBe('2026-05-13') // exclusive: the meeting covers the 11th and the 12th
    expect(m.description).toContain('CHL, PAN')
    const due = [...byUid.values()].find((e) => e.uid.startsWith(`agreement-${late.id}@`))!
    expect(due.summary).toBe('Due — PAN: Enviar "insumos", con comas')
    expect(due.startDate.toString()).toBe('2026-06-01')
    expect(due.startDate.isDate).toBe(true)
    // The same UIDs on the next download, so calendar programs update instead of duplicating.
    const again = new ICAL.Component(ICAL.parse(await (await api(server.url, country).get('/api/register/calendar.ics')).text()))
    expect(again.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).uid).sort()).toEqual([...byUid.keys()].sort())
  })

  it('[REGISTER-8] downloads name drafts and paragraphs as people do, and the spreadsheet opens in LibreOffice', async () => {
    const draft = await minutesDraft('Minuta de la XXII Reunión')
    await share(server.url, server.session, draft, { type: 'delegation', id: 'ST-CRM' }, 'viewer')
    const st = api(server.url, secretariat)
    await writeAgreements(server.session, draft, ['PAN — Convocar la reunión de troikas en la cancillería — 2026-08-30'])
    await json<FromMinutesResponse>(await st.post('/api/register/from-minutes', { documentId: draft }), 200)
    await json<Agreement>(await st.post('/api/register/agreements', { text: 'Sin borrador', responsible: ['CHL'], dueDate: '2026-09-01' }), 201)
    // The agreement form's paragraph picker lists the draft's items by their words (and numbers, where they have one).
    const { paragraphs } = await json<LinkableParagraphsResponse>(await st.get(`/api/documents/${draft}/paragraphs`), 200)
    expect(paragraphs).toContainEqual(expect.objectContaining({ number: null, text: 'PAN — Convocar la reunión de troikas en la cancillería — 2026-08-30' }))
    expect((await api(server.url, country).get(`/api/documents/${draft}/paragraphs`)).status).toBe(404)

    // The secretariat reads the draft's title and the item's words; PAN, who cannot read the draft, is not told its title.
    const forSecretariat = (await (await st.get('/api/register/agreements.csv?lang=en')).text()).split('\r\n')
    const row = forSecretariat.find((line) => line.startsWith('Convocar'))!
    expect(row).toContain(',Minuta de la XXII Reunión,«PAN — Convocar la reunión de troikas en la canc…»,')
    expect(row).not.toMatch(new RegExp(draft))
    const forPanama = (await (await api(server.url, country).get('/api/register/agreements.csv?lang=en')).text()).split('\r\n')
    expect(forPanama.find((line) => line.startsWith('Convocar'))).toContain(',(draft not shared with you),,')

    const response = await st.get('/api/register/agreements.xlsx?lang=es&today=2026-09-10')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="consenso-acuerdos.xlsx"')
    const xlsx = new Uint8Array(await response.arrayBuffer())
    if (!requireTool('soffice', 'libreoffice-calc-nogui')) return
    // LibreOffice Calc, an independent reader, reads the sheet back as CSV.
    const read = libreOfficeSheetToCsv(xlsx).trimEnd().split(/\r?\n/)
    expect(read[0]).toBe('acuerdo,responsables,fecha límite,estado,vencido,reunión,fecha de la reunión,borrador,párrafo,creado,actualizado,id')
    expect(read).toHaveLength(3)
    const convocar = read.find((line) => line.startsWith('Convocar'))!
    // The due date is a real date cell (shown as written), the draft and paragraph by name.
    expect(convocar).toMatch(/^Convocar la reunión de troikas en la cancillería,PAN,2026-08-30,pendiente,sí,,,Minuta de la XXII Reunión,«PAN — Convocar/)
    expect(read.find((line) => line.startsWith('Sin borrador'))).toMatch(/^Sin borrador,CHL,2026-09-01,pendiente,sí,,,,,\d{4}-\d\d-\d\d \d\d:\d\d,/)
  })

  it('[REGISTER-11] a timed meeting is kept in its time zone and its calendar event is timed', async () => {
    const st = api(server.url, secretariat)
    const meeting = await json<Meeting>(
      await st.post('/api/register/meetings', { title: 'Reunión de troikas', startsOn: '2026-08-30', endsOn: '2026-08-31', startTime: '09:30', endTime: '13:00', timeZone: 'America/Santiago', place: 'Cancillería de Chile' }),
      201,
    )
    expect(meeting).toMatchObject({ startTime: '09:30', endTime: '13:00', timeZone: 'America/Santiago' })
    const allDay = await json<Meeting>(await st.post('/api/register/meetings', { title: 'Videoconferencia', startsOn: '2026-06-08' }), 201)
    expect(allDay).toMatchObject({ startTime: null, endTime: null, timeZone: null })

    // Times without a zone, a zone without times, an unknown zone, an end before the start: refused, nothing stored.
    for (const body of [
      { title: 'x', startsOn: '2026-06-08', startTime: '10:00', endTime: '11:00' },
      { title: 'x', startsOn: '2026-06-08', timeZone: 'America/Panama' },
      { title: 'x', startsOn: '2026-06-08', startTime: '10:00', endTime: '11:00', timeZone: 'Mars/Olympus' },
      { title: 'x', startsOn: '2026-06-08', startTime: '11:00', endTime: '10:00', timeZone: 'America/Panama' },
    ]) {
      const response = await st.post('/api/register/meetings', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(((await response.json()) as { error: string }).error).toBe('invalid_time')
    }
    expect((await st.post('/api/register/meetings', { title: 'x', startsOn: '2026-06-08', startTime: '25:00', endTime: '26:00', timeZone: 'UTC' })).status).toBe(400)
    expect(await meetings()).toHaveLength(2)
    // A change keeps the rule on the merged meeting: dropping the zone alone is refused.
    expect((await st.patch(`/api/register/meetings/${meeting.id}`, { timeZone: null })).status).toBe(400)
    const moved = await json<Meeting>(await st.patch(`/api/register/meetings/${meeting.id}`, { startTime: '10:00' }), 200)
    expect(moved).toMatchObject({ startTime: '10:00', endTime: '13:00', timeZone: 'America/Santiago' })

    const calendar = new ICAL.Component(ICAL.parse(await (await api(server.url, country).get('/api/register/calendar.ics?lang=en')).text()))
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    const timed = events.find((e) => e.uid.startsWith(`meeting-${meeting.id}@`))!
    expect(timed.startDate.isDate).toBe(false)
    // 10:00 in Santiago on 30 August 2026 (UTC−4) is 14:00 UTC; 13:00 on the 31st is 17:00 UTC.
    expect(timed.startDate.toJSDate().toISOString()).toBe('2026-08-30T14:00:00.000Z')
    expect(timed.endDate.toJSDate().toISOString()).toBe('2026-08-31T17:00:00.000Z')
    expect(timed.description).toContain('America/Santiago')
    const whole = events.find((e) => e.uid.startsWith(`meeting-${allDay.id}@`))!
    expect(whole.startDate.isDate).toBe(true)
  })
})

describe.skipIf(redisSkipped !== null)(redisSkipped === null ? 'register across instances (Redis)' : `register across instances (skipped: ${redisSkipped})`, () => {
  let two: FirstRunServer | undefined
  afterEach(async () => {
    await two?.close()
  })

  it('[REGISTER-7] a change made on one instance reaches the register pages of another', async () => {
    // Two instances on one store (SQLite folder or Postgres schema), joined by Redis.
    await server.close()
    const shared = await reopenableStorage('register_fanout')
    afterServers.push(shared.cleanup)
    const quiet = { info() {}, warn() {}, error() {} }
    server = await startServer({ storage: await shared.open(), fanout: new RedisFanout(REDIS_URL, quiet) })
    two = await startFirstRunServer({ storage: await shared.open(), fanout: new RedisFanout(REDIS_URL, quiet) })
    const onTwo = await openEvents(two.url, server.session)
    const created = await json<Agreement>(await api(server.url, server.session).post('/api/register/agreements', { text: 'Acuerdo en la instancia uno' }), 201)
    await waitFor(() => announced(onTwo, created.id), 'the other instance to announce the agreement')
    expect((await list('', server.session, two.url)).map((a) => a.id)).toEqual([created.id])
  })
})

describe('register across a restart', () => {
  const children = useChildServers()

  it('[REGISTER-9] agreements and meetings survive a graceful stop and a SIGKILL; open streams do not hold the stop', async () => {
    const dataDir = children.dataDir('register-restart')
    let child = await children.start({ DATA_DIR: dataDir })
    const admin = await setupAdmin(child.url)
    const meeting = await json<Meeting>(
      await api(child.url, admin).post('/api/register/meetings', { title: 'Reunión', startsOn: '2026-05-11', delegations: ['CHL', 'PAN'] }),
      201,
    )
    const agreement = await json<Agreement>(
      await api(child.url, admin).post('/api/register/agreements', { text: 'Acuerdo', responsible: ['PAN'], dueDate: '2026-06-01', meetingId: meeting.id }),
      201,
    )
    const listening = await openEvents(child.url, admin)
    expect(await child.kill('SIGTERM')).toEqual({ code: 0, signal: null })
    listening.close()

    child = await children.start({ DATA_DIR: dataDir })
    expect(await list('', admin, child.url)).toEqual([agreement])
    expect(await meetings(admin, child.url)).toEqual([meeting])
    const changed = await json<Agreement>(await api(child.url, admin).patch(`/api/register/agreements/${agreement.id}`, { status: 'in_progress' }), 200)
    await child.kill('SIGKILL')

    child = await children.start({ DATA_DIR: dataDir })
    expect(await list('', admin, child.url)).toEqual([changed])
  })
})

/**
 * Real minutes into the register (server/SPEC.md REGISTER-30..): the 11 May 2017 CRM–CSM
 * minute's agreements (tests/fixtures/minutes), imported as Markdown, are read — responsible
 * delegations, dates against the meeting's day, proposed meetings, the minutes' own meeting —
 * reviewed with a correction and confirmed into agreements and calendar meetings, once; and
 * the delegations' aliases administrators keep. Runs on SQLite and (integration-postgres) on
 * Postgres.
 */
import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import type {
  AgreementsResponse,
  AuditEntry,
  ConfirmMinutesResponse,
  DelegationAlias,
  DelegationAliasesResponse,
  MeetingsResponse,
  ReadMinutesResponse,
} from '@consenso/protocol'
import { invitePeople, perTest } from '../helpers/per-test.ts'
import { MINUTE_2017_MEETING } from '../helpers/records.ts'
import type { TestServer } from '../helpers/server.ts'
import { api, share, type TestSession } from '../helpers/session.ts'

const MINUTE = readFileSync(new URL('../fixtures/minutes/minuta-crm-csm-2017-05-11.md', import.meta.url))

const scope = perTest()
let server: TestServer
let secretariat: TestSession
let country: TestSession

beforeEach(async () => {
  server = await scope.start({ logger: { level: 'silent' } })
  ;({ secretariat, country } = await invitePeople(server, {
    secretariat: { email: 'secretaria@crm.example', name: 'Lucía Ramírez', delegation: 'ST-CRM' },
    country: { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' },
  }))
})

const json = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text()
  expect(response.status, text).toBe(status)
  return (text ? JSON.parse(text) : undefined) as T
}

/** The minute imported as a Markdown file, shared with the CRM secretariat. */
async function importMinute(): Promise<string> {
  const response = await fetch(`${server.url}/api/documents/import?format=md&filename=minuta.md`, {
    method: 'POST',
    headers: { 'content-type': 'text/markdown', origin: server.url, cookie: server.session.cookie },
    body: MINUTE,
  })
  const { id } = await json<{ id: string }>(response, 201)
  await share(server.url, server.session, id, { type: 'delegation', id: 'ST-CRM' }, 'viewer')
  await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'viewer')
  return id
}

const auditActions = async (): Promise<string[]> => (await json<{ entries: AuditEntry[] }>(await api(server.url, server.session).get('/api/admin/audit'), 200)).entries.map((e) => e.action)

describe('delegation aliases', () => {
  it('[REGISTER-32] administrators add and remove aliases, validated and audited; everyone signed in lists them', async () => {
    const admin = api(server.url, server.session)
    const ppt = await json<DelegationAlias>(await admin.post('/api/admin/delegation-aliases', { code: 'CHL', alias: '  Presidencia   Pro Tempore ' }), 201)
    expect(ppt).toMatchObject({ code: 'CHL', alias: 'Presidencia Pro Tempore' })
    // The same words in another case or without accents already name a delegation.
    expect(await json<{ error: string }>(await admin.post('/api/admin/delegation-aliases', { code: 'PAN', alias: 'PRESIDENCIA PRO-TEMPORE' }), 409)).toMatchObject({ error: 'alias_taken' })
    expect(await json<{ error: string }>(await admin.post('/api/admin/delegation-aliases', { code: 'XXX', alias: 'Troika' }), 400)).toMatchObject({ error: 'unknown_delegation' })
    for (const body of [{ code: 'CHL' }, { code: 'CHL', alias: '' }, { code: 'CHL', alias: '---' }, { code: 'CHL', alias: 'x'.repeat(81) }, { code: 'CHL', alias: 'PPT', extra: 1 }]) {
      expect((await admin.post('/api/admin/delegation-aliases', body)).status, JSON.stringify(body)).toBe(400)
    }
    // Countries and secretariats read them; only administrators change them.
    expect((await api(server.url, country).post('/api/admin/delegation-aliases', { code: 'PAN', alias: 'Istmo' })).status).toBe(403)
    expect((await api(server.url, secretariat).delete(`/api/admin/delegation-aliases/${ppt.id}`)).status).toBe(403)
    expect((await fetch(`${server.url}/api/delegation-aliases`)).status).toBe(401)
    const listed = await json<DelegationAliasesResponse>(await api(server.url, country).get('/api/delegation-aliases'), 200)
    expect(listed.aliases.map((a) => [a.code, a.alias])).toEqual([['CHL', 'Presidencia Pro Tempore']])

    expect((await admin.delete(`/api/admin/delegation-aliases/${ppt.id}`)).status).toBe(204)
    expect((await admin.delete(`/api/admin/delegation-aliases/${ppt.id}`)).status).toBe(404)
    expect((await json<DelegationAliasesResponse>(await admin.get('/api/delegation-aliases'), 200)).aliases).toEqual([])
    // Freed, the words may name another delegation.
    await json<DelegationAlias>(await admin.post('/api/admin/delegation-aliases', { code: 'PAN', alias: 'Presidencia Pro Tempore' }), 201)
    const actions = await auditActions()
    expect(actions.filter((a) => a === 'delegation_alias.created')).toHaveLength(2)
    expect(actions.filter((a) => a === 'delegation_alias.deleted')).toHaveLength(1)
  })
})

describe('reading minutes into the register', () => {
  it('[REGISTER-30] [REGISTER-31] [REGISTER-33] [REGISTER-34] the 2017 minute is read, reviewed with a correction and confirmed into six-plus-two agreements and three meetings, once', async () => {
    const draft = await importMinute()
    // The administrator teaches the reader that "la CRM" acts through its secretariat.
    await json(await api(server.url, server.session).post('/api/admin/delegation-aliases', { code: 'ST-CRM', alias: 'La CRM' }), 201)
    const st = api(server.url, secretariat)

    const read = await json<ReadMinutesResponse>(await st.post('/api/register/from-minutes/read', { documentId: draft }), 200)
    expect(read.meetingDate).toBe('2017-05-11')
    expect(read.existing).toBe(0)
    expect(read.minutesMeeting).toEqual(MINUTE_2017_MEETING)
    expect(read.items.map((i) => [i.text.slice(0, 30), i.responsible, i.dueDate])).toEqual([
      ['La CRM estará enviando a la CS', ['ST-CRM'], null],
      ['Se intercambiarán datos de con', ['ST-CRM', 'ST-CSM'], null],
      ['Se realizará reunión en cancil', ['PAN', 'CHL'], '2017-06-08'],
      ['Se organizará reunión previa a', [], null],
      ['Se decidió organizar la reunió', ['CHL'], '2017-08-31'],
      ['Reunión de troikas CSM-CRM por', [], null],
      ['Las STs en coordinación con OI', ['ST-CRM', 'ST-CSM', 'OIM'], null],
      ['Trabajar en coordinación con e', ['CHL', 'PAN'], null],
    ])
    const [, , panama, berlin, chile] = read.items
    expect(panama!.meeting).toEqual({ title: 'Reunión Panamá–Chile', startsOn: '2017-06-08', endsOn: null, place: 'Cancillería de Panamá', delegations: ['PAN', 'CHL'], when: null })
    expect(chile!.meeting).toMatchObject({ startsOn: '2017-08-30', endsOn: '2017-08-31', place: 'Cancillería de Chile' })
    expect(berlin!.meeting).toMatchObject({ startsOn: null, when: 'previa al Foro Mundial', place: 'Berlín' })
    // Reading changes nothing.
    expect((await json<AgreementsResponse>(await st.get('/api/register/agreements'), 200)).agreements).toEqual([])

    // The secretariat confirms: Berlín gets no meeting (no day yet) but OIM joins the first item.
    const items = read.items.map((item, i) => ({
      blockId: item.blockId,
      text: item.text,
      responsible: i === 0 ? [...item.responsible, 'OIM'] : item.responsible,
      dueDate: item.dueDate,
      meeting: item.meeting?.startsOn ? { title: item.meeting.title, startsOn: item.meeting.startsOn, endsOn: item.meeting.endsOn, place: item.meeting.place, delegations: item.meeting.delegations } : null,
    }))
    const minutesMeeting = { title: read.minutesMeeting!.title, startsOn: '2017-05-11', place: 'Virtual', delegations: read.minutesMeeting!.delegations }
    const confirmed = await json<ConfirmMinutesResponse>(await st.post('/api/register/from-minutes/confirm', { documentId: draft, items, minutesMeeting }), 200)
    expect(confirmed.created).toHaveLength(8)
    expect(confirmed.existing).toBe(0)
    expect(confirmed.meetings.map((m) => [m.title, m.startsOn, m.endsOn, m.place, m.minutesDocumentId])).toEqual([
      [minutesMeeting.title, '2017-05-11', null, 'Virtual', draft],
      ['Reunión Panamá–Chile', '2017-06-08', null, 'Cancillería de Panamá', null],
      ['Reunión anual de troikas', '2017-08-30', '2017-08-31', 'Cancillería de Chile', null],
    ])
    const agreements = (await json<AgreementsResponse>(await api(server.url, country).get(`/api/register/agreements?documentId=${draft}`), 200)).agreements
    expect(agreements).toHaveLength(8)
    expect(agreements.every((a) => a.meetingId === confirmed.meetingId && a.meetingId === confirmed.meetings[0]!.id && a.documentId === draft)).toBe(true)
    const first = agreements.find((a) => a.blockId === read.items[0]!.blockId)!
    expect(first.responsible).toEqual(['OIM', 'ST-CRM'])
    expect(first.text).toBe('La CRM estará enviando a la CSM el documento de cuestionario elaborada para recabar insumos para la construcción del PMM y el documento de buenas prácticas trabajado en el marco de la CRM para el PMM.')
    expect(agreements.find((a) => a.blockId === panama!.blockId)).toMatchObject({ responsible: ['CHL', 'PAN'], dueDate: '2017-06-08' })
    const calendar = (await json<MeetingsResponse>(await api(server.url, country).get('/api/register/meetings'), 200)).meetings
    expect(calendar.map((m) => m.title).sort()).toEqual([minutesMeeting.title, 'Reunión Panamá–Chile', 'Reunión anual de troikas'].sort())

    // Confirming again adds nothing; reading again finds nothing left, nor the minutes' meeting.
    const again = await json<ConfirmMinutesResponse>(await st.post('/api/register/from-minutes/confirm', { documentId: draft, items, minutesMeeting }), 200)
    expect(again).toEqual({ created: [], existing: 8, meetings: [], meetingId: confirmed.meetingId })
    const reread = await json<ReadMinutesResponse>(await st.post('/api/register/from-minutes/read', { documentId: draft }), 200)
    expect(reread).toMatchObject({ items: [], existing: 8, minutesMeeting: null })
    expect((await json<MeetingsResponse>(await st.get('/api/register/meetings'), 200)).meetings).toHaveLength(3)
    const actions = await auditActions()
    expect(actions.filter((a) => a === 'agreement.created')).toHaveLength(8)
    expect(actions.filter((a) => a === 'meeting.created')).toHaveLength(3)
  })

  it('[REGISTER-35] [REGISTER-2] every confirmation is validated before anything is stored; only secretariats and administrators read and confirm', async () => {
    const draft = await importMinute()
    const st = api(server.url, secretariat)
    const read = await json<ReadMinutesResponse>(await st.post('/api/register/from-minutes/read', { documentId: draft }), 200)
    const good = { blockId: read.items[2]!.blockId, text: 'Reunión en Panamá', responsible: ['PAN'], dueDate: '2017-06-08' }
    const cases: [unknown, number, string][] = [
      [{ documentId: draft, items: [{ ...good, blockId: 'not-an-item' }] }, 400, 'unknown_item'],
      [{ documentId: draft, items: [good, good] }, 400, 'invalid_request'],
      [{ documentId: draft, items: [{ ...good, responsible: ['XXX'] }] }, 400, 'unknown_delegation'],
      [{ documentId: draft, items: [{ ...good, dueDate: '2017-02-30' }] }, 400, 'invalid_date'],
      [{ documentId: draft, items: [{ ...good, dueDate: '8 de junio' }] }, 400, 'invalid_request'],
      [{ documentId: draft, items: [{ ...good, text: '   ' }] }, 400, 'invalid_request'],
      [{ documentId: draft, items: [{ ...good, meeting: { title: 'Reunión', startsOn: '2017-06-09', endsOn: '2017-06-08' } }] }, 400, 'invalid_date'],
      [{ documentId: draft, items: [{ ...good, meeting: { title: 'Reunión', startsOn: null } }] }, 400, 'invalid_request'],
      [{ documentId: draft, items: [good], minutesMeeting: { title: 'Minuta', startsOn: '2017-05-11', delegations: ['ZZZ'] } }, 400, 'unknown_delegation'],
      [{ documentId: draft, items: [{ ...good, extra: true }] }, 400, 'invalid_request'],
      [{ documentId: draft }, 400, 'invalid_request'],
    ]
    for (const [body, status, error] of cases) {
      expect(await json<{ error: string }>(await st.post('/api/register/from-minutes/confirm', body), status), JSON.stringify(body)).toMatchObject({ error })
    }
    expect((await json<AgreementsResponse>(await st.get('/api/register/agreements'), 200)).agreements).toEqual([])
    expect((await json<MeetingsResponse>(await st.get('/api/register/meetings'), 200)).meetings).toEqual([])

    // A country reads the draft but not into the register; a draft not shared is not found.
    expect((await api(server.url, country).post('/api/register/from-minutes/read', { documentId: draft })).status).toBe(403)
    expect((await api(server.url, country).post('/api/register/from-minutes/confirm', { documentId: draft, items: [good] })).status).toBe(403)
    const hidden = await server.createDocument('Minuta reservada', 'minutes')
    expect((await st.post('/api/register/from-minutes/read', { documentId: hidden })).status).toBe(404)
    const declaration = await server.createDocument('Declaración', 'declaration')
    await share(server.url, server.session, declaration, { type: 'delegation', id: 'ST-CRM' }, 'viewer')
    expect(await json<{ error: string }>(await st.post('/api/register/from-minutes/read', { documentId: declaration }), 400)).toMatchObject({ error: 'no_agreements_section' })
  })
})

/**
 * Questionnaires through the HTTP API ([QUEST-*] in server/SPEC.md): the CRM's secretariat
 * builds one and sends it to Chile, Panamá and México; a delegation answers only for itself
 * and reads nobody else's answers until they are published; two focal points saving the same
 * answer never overwrite each other unknowingly; a submission after the deadline is marked
 * late; the compiled draft holds every submitted answer exactly once; everything survives a
 * restart. Runs on SQLite and (integration-postgres) on Postgres.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AnswersResponse, QuestionnaireDetail, QuestionnaireRequest, Questionnaire, AnswerValue } from '@consenso/protocol'
import { PRACTICES_SECTION } from '../helpers/records.ts'
import { reopenableStorage, startFirstRunServer, startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, signIn, type TestSession } from '../helpers/session.ts'
import { libreOfficeSheetToCsv } from '../helpers/tools.ts'

let now = new Date('2026-12-07T10:00:00.000Z')
const clock = (): Date => now
let server: TestServer
let st: TestSession
let chl: TestSession
let chl2: TestSession
let pan: TestSession
let mex: TestSession

const DEFINITION: QuestionnaireRequest = {
  title: { es: 'Insumos para el Pacto Mundial', en: 'Inputs for the Global Compact' },
  sections: [PRACTICES_SECTION],
  addressees: ['CHL', 'PAN', 'MEX'],
  deadline: '2026-12-10T12:00:00.000Z',
}

async function start(options: Parameters<typeof startServer>[0] = {}): Promise<void> {
  server = await startServer({ logger: { level: 'silent' }, now: clock, ...options })
  st = await invite(server.url, server.session, { email: 'sofia@crm.org', name: 'Sofía Ramírez', delegation: 'ST-CRM' })
  chl = await invite(server.url, server.session, { email: 'marta@minrel.cl', name: 'Marta Rojas', delegation: 'CHL' })
  chl2 = await invite(server.url, server.session, { email: 'diego@minrel.cl', name: 'Diego Soto', delegation: 'CHL' })
  pan = await invite(server.url, server.session, { email: 'rosa@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' })
  mex = await invite(server.url, server.session, { email: 'luis@sre.gob.mx', name: 'Luis Gómez', delegation: 'MEX' })
}

beforeEach(() => {
  now = new Date('2026-12-07T10:00:00.000Z')
})
afterEach(async () => {
  await server?.close()
})

async function openQuestionnaire(addressees = DEFINITION.addressees): Promise<Questionnaire> {
  const created = await api(server.url, st).post('/api/questionnaires', { ...DEFINITION, addressees })
  expect(created.status).toBe(201)
  const q = (await created.json()) as Questionnaire
  expect((await api(server.url, st).post(`/api/questionnaires/${q.id}/open`)).status).toBe(200)
  return q
}

async function save(session: TestSession, id: string, delegation: string, question: string, value: AnswerValue, version = 0): Promise<Response> {
  return api(server.url, session).put(`/api/questionnaires/${id}/answers/${delegation}/${question}`, { value, version })
}

const detail = async (session: TestSession, id: string): Promise<QuestionnaireDetail> => (await (await api(server.url, session).get(`/api/questionnaires/${id}`)).json()) as QuestionnaireDetail

describe('questionnaires', () => {
  beforeEach(async () => {
    await start()
  })

  it('[QUEST-1] only secretariats and administrators build; bodies are checked; questions fixed once open', async () => {
    expect((await api(server.url, pan).post('/api/questionnaires', DEFINITION)).status).toBe(403)
    const bad = await api(server.url, st).post('/api/questionnaires', { ...DEFINITION, sections: [{ ...DEFINITION.sections[0]!, questions: [{ ...DEFINITION.sections[0]!.questions[1]!, options: [] }] }] })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_questionnaire')
    expect((await api(server.url, st).post('/api/questionnaires', { ...DEFINITION, addressees: ['ZZZ'] })).status).toBe(400)
    expect((await api(server.url, st).post('/api/questionnaires', { ...DEFINITION, extra: 1 })).status).toBe(400)
    // A draft is invisible to the delegations it will go to.
    const draft = (await (await api(server.url, st).post('/api/questionnaires', DEFINITION)).json()) as Questionnaire
    expect((await api(server.url, chl2).get(`/api/questionnaires/${draft.id}`)).status).toBe(404)
    expect((await api(server.url, st).post(`/api/questionnaires/${draft.id}/open`)).status).toBe(200)
    expect((await api(server.url, st).patch(`/api/questionnaires/${draft.id}`, { sections: DEFINITION.sections })).status).toBe(409)
    expect((await api(server.url, chl2).get(`/api/questionnaires/${draft.id}`)).status).toBe(200)
    const audit = (await (await api(server.url, server.session).get('/api/admin/audit')).json()) as { entries: { action: string }[] }
    const actions = audit.entries.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['questionnaire.created', 'questionnaire.opened']))
  })

  it('[QUEST-9] a delegation cannot read another delegation’s unpublished answers nor answer for it', async () => {
    const q = await openQuestionnaire()
    expect((await save(chl, q.id, 'CHL', 'q1', { text: 'Chile: ventanilla única' })).status).toBe(200)
    expect((await save(pan, q.id, 'PAN', 'q1', { text: 'Panamá: regularización' })).status).toBe(200)
    // Reading Chile's answers as Panamá or México: not found, before and after Chile submits.
    for (const other of [pan, mex]) expect((await api(server.url, other).get(`/api/questionnaires/${q.id}/answers/CHL`)).status).toBe(404)
    // Answering for Chile as Panamá: refused, and Chile's answer is unchanged.
    expect((await save(pan, q.id, 'CHL', 'q1', { text: 'escrito por Panamá' }, 1)).status).toBe(403)
    expect((await api(server.url, pan).post(`/api/questionnaires/${q.id}/answers/CHL/submit`)).status).toBe(403)
    // A delegation not addressed neither sees the questionnaire nor answers.
    const other = await invite(server.url, server.session, { email: 'ana@cancilleria.gov.co', name: 'Ana Ruiz', delegation: 'COL' })
    expect((await api(server.url, other).get(`/api/questionnaires/${q.id}`)).status).toBe(404)
    expect((await save(other, q.id, 'COL', 'q1', { text: 'x' })).status).toBe(404)
    // Others' states are not told either.
    expect((await detail(pan, q.id)).responses.map((r) => r.delegation)).toEqual(['PAN'])
    expect((await api(server.url, pan).get(`/api/questionnaires/${q.id}/answers.xlsx`)).status).toBe(403)
    expect((await api(server.url, chl).post(`/api/questionnaires/${q.id}/answers/CHL/submit`)).status).toBe(200)
    expect((await api(server.url, pan).get(`/api/questionnaires/${q.id}/answers/CHL`)).status).toBe(404)
    const own = (await (await api(server.url, chl2).get(`/api/questionnaires/${q.id}/answers/CHL`)).json()) as AnswersResponse
    expect(own.answers.map((a) => a.value.text)).toEqual(['Chile: ventanilla única'])
    const secretariat = (await (await api(server.url, st).get(`/api/questionnaires/${q.id}/answers/PAN`)).json()) as AnswersResponse
    expect(secretariat.answers.map((a) => a.value.text)).toEqual(['Panamá: regularización'])
    // Published: Chile's submitted answers are read by all; Panamá's unsubmitted ones still by nobody else.
    expect((await api(server.url, pan).post(`/api/questionnaires/${q.id}/publish`)).status).toBe(403)
    expect((await api(server.url, st).post(`/api/questionnaires/${q.id}/publish`)).status).toBe(200)
    const read = (await (await api(server.url, mex).get(`/api/questionnaires/${q.id}/answers/CHL`)).json()) as AnswersResponse
    expect(read.answers.map((a) => a.value.text)).toEqual(['Chile: ventanilla única'])
    expect((await api(server.url, chl).get(`/api/questionnaires/${q.id}/answers/PAN`)).status).toBe(404)
  })

  it('[QUEST-6] two focal points saving one answer: the second is refused with the first’s answer, nothing lost', async () => {
    const q = await openQuestionnaire()
    expect((await save(chl, q.id, 'CHL', 'q1', { text: 'de Ana' })).status).toBe(200)
    const refused = await save(chl2, q.id, 'CHL', 'q1', { text: 'de Diego' })
    expect(refused.status).toBe(409)
    const conflict = (await refused.json()) as { error: string; current: { value: AnswerValue; version: number; updatedByName: string } }
    expect(conflict).toMatchObject({ error: 'answer_conflict', current: { value: { text: 'de Ana' }, version: 1, updatedByName: 'Marta Rojas' } })
    expect((await save(chl2, q.id, 'CHL', 'q1', { text: 'de Ana y Diego' }, 1)).status).toBe(200)
    // Another question at the same time: no conflict at all.
    expect((await save(chl, q.id, 'CHL', 'q2', { choice: 'alta' })).status).toBe(200)
    const answers = ((await (await api(server.url, chl).get(`/api/questionnaires/${q.id}/answers/CHL`)).json()) as AnswersResponse).answers
    expect(answers.map((a) => [a.questionId, a.value, a.version])).toEqual([
      ['q1', { text: 'de Ana y Diego' }, 2],
      ['q2', { choice: 'alta' }, 1],
    ])
    // An answer that does not fit its question is refused.
    expect((await save(chl, q.id, 'CHL', 'q2', { choice: 'nope' }, 1)).status).toBe(400)
    expect((await save(chl, q.id, 'CHL', 'q5', { rows: [['2025']] })).status).toBe(400)
    expect((await save(chl, q.id, 'CHL', 'q9', { text: 'x' })).status).toBe(404)
  })

  it('[QUEST-7] submitted once, required questions first; a submission after the deadline is marked late; reopened on request', async () => {
    const q = await openQuestionnaire()
    expect((await api(server.url, chl).post(`/api/questionnaires/${q.id}/answers/CHL/submit`)).status).toBe(400)
    await save(chl, q.id, 'CHL', 'q1', { text: 'a tiempo' })
    await save(pan, q.id, 'PAN', 'q1', { text: 'tarde' })
    expect((await api(server.url, chl).post(`/api/questionnaires/${q.id}/answers/CHL/submit`)).status).toBe(200)
    expect((await api(server.url, chl2).post(`/api/questionnaires/${q.id}/answers/CHL/submit`)).status).toBe(409)
    expect((await save(chl2, q.id, 'CHL', 'q1', { text: 'después' }, 1)).status).toBe(409)
    now = new Date('2026-12-10T12:00:01.000Z')
    const late = await api(server.url, pan).post(`/api/questionnaires/${q.id}/answers/PAN/submit`)
    expect(late.status).toBe(200)
    expect(await late.json()).toMatchObject({ state: 'submitted', late: true })
    const states = (await detail(st, q.id)).responses.map((r) => [r.delegation, r.state, r.late])
    expect(states).toEqual([
      ['CHL', 'submitted', false],
      ['MEX', 'not_started', false],
      ['PAN', 'submitted', true],
    ])
    // Reminders go to México only (not submitted), into its people's inboxes.
    const reminded = await api(server.url, st).post(`/api/questionnaires/${q.id}/remind`, {})
    expect(await reminded.json()).toEqual({ reminded: ['MEX'] })
    const inbox = (await (await api(server.url, mex).get('/api/notifications')).json()) as { notifications: { kind: string; data: { questionnaireId?: string } }[] }
    expect(inbox.notifications.map((n) => n.kind)).toEqual(['questionnaire_reminder', 'questionnaire_opened'])
    expect(inbox.notifications[0]!.data.questionnaireId).toBe(q.id)
    // Chile asks to reopen, the secretariat reopens; Chile changes and submits again, now late.
    expect((await api(server.url, chl).post(`/api/questionnaires/${q.id}/answers/CHL/reopen`)).status).toBe(403)
    expect((await api(server.url, chl).post(`/api/questionnaires/${q.id}/answers/CHL/reopen-request`)).status).toBe(204)
    expect((await detail(st, q.id)).responses[0]!.reopenRequestedAt).not.toBeNull()
    expect((await api(server.url, st).post(`/api/questionnaires/${q.id}/answers/CHL/reopen`)).status).toBe(204)
    expect((await save(chl2, q.id, 'CHL', 'q1', { text: 'corregido' }, 1)).status).toBe(200)
    expect(await (await api(server.url, chl2).post(`/api/questionnaires/${q.id}/answers/CHL/submit`)).json()).toMatchObject({ state: 'submitted', late: true })
  })

  it('[QUEST-10] the compiled draft holds every submitted answer exactly once, with counts; the spreadsheet too', async () => {
    const q = await openQuestionnaire()
    const answers: Record<string, Record<string, AnswerValue>> = {
      CHL: { q1: { text: 'Ventanilla única chilena' }, q2: { choice: 'alta' }, q3: { choices: ['consular', 'regular'] }, q4: { yes: true, text: 'Ley 21.325' }, q5: { rows: [['2024', '1500'], ['2025', '2100']] } },
      PAN: { q1: { text: 'Regularización panameña' }, q2: { choice: 'alta' }, q3: { choices: ['regular'] }, q4: { yes: false, text: 'En el Congreso' } },
      MEX: { q1: { text: 'Borrador mexicano sin enviar' } },
    }
    const sessions: Record<string, TestSession> = { CHL: chl, PAN: pan, MEX: mex }
    for (const [code, values] of Object.entries(answers)) for (const [question, value] of Object.entries(values)) expect((await save(sessions[code]!, q.id, code, question, value)).status).toBe(200)
    for (const code of ['CHL', 'PAN']) expect((await api(server.url, sessions[code]!).post(`/api/questionnaires/${q.id}/answers/${code}/submit`)).status).toBe(200)
    expect((await api(server.url, chl).post(`/api/questionnaires/${q.id}/compile`, {})).status).toBe(403)
    const compiled = await api(server.url, st).post(`/api/questionnaires/${q.id}/compile`, { language: 'es' })
    expect(compiled.status).toBe(201)
    const { id } = (await compiled.json()) as { id: string }
    // An ordinary draft: Chile (addressed) reads and comments on it.
    const md = await (await api(server.url, chl).get(`/api/documents/${id}/export?format=md`)).text()
    const count = (needle: string): number => md.split(needle).length - 1
    for (const text of ['Ventanilla única chilena', 'Regularización panameña', 'Ley 21.325', 'En el Congreso', '1500', '2100']) expect(count(text), text).toBe(1)
    expect(count('Borrador mexicano sin enviar')).toBe(0)
    expect(md).toMatch(/\|\s*Alta\s*\|\s*2\s*\|/)
    expect(md).toMatch(/\|\s*Regularización\s*\|\s*2\s*\|/)
    expect(md).toMatch(/\|\s*Protección consular\s*\|\s*1\s*\|/)
    // Each answer under its delegation's name in bold.
    expect(md).toMatch(/(\*\*|<strong>)Chile:(\*\*|<\/strong>) Ventanilla única chilena/)
    expect(md).toMatch(/(\*\*|<strong>)Panamá:(\*\*|<\/strong>) Regularización panameña/)
    // The spreadsheet, read back by LibreOffice: a row per delegation with its state.
    const sheet = await api(server.url, st).get(`/api/questionnaires/${q.id}/answers.xlsx?lang=en`)
    expect(sheet.status).toBe(200)
    const csv = libreOfficeSheetToCsv(new Uint8Array(await sheet.arrayBuffer()))
    expect(csv).toContain('Ventanilla única chilena')
    expect(csv).toMatch(/Mexico|México/)
    expect(csv).toContain('in progress')
  }, 240_000)
})

describe('questionnaires across a restart', () => {
  it('[QUEST-13] questionnaire, answers, states and the compiled draft survive a restart', async () => {
    const store = await reopenableStorage('questionnaires_restart')
    try {
      await start({ storage: await store.open() })
      const q = await openQuestionnaire(['CHL', 'PAN'])
      await save(chl, q.id, 'CHL', 'q1', { text: 'Respuesta de Chile' })
      await save(pan, q.id, 'PAN', 'q1', { text: 'Respuesta de Panamá' })
      await api(server.url, chl).post(`/api/questionnaires/${q.id}/answers/CHL/submit`)
      now = new Date('2026-12-11T00:00:00.000Z')
      await api(server.url, pan).post(`/api/questionnaires/${q.id}/answers/PAN/submit`)
      const { id } = (await (await api(server.url, st).post(`/api/questionnaires/${q.id}/compile`, {})).json()) as { id: string }
      const before = await detail(st, q.id)
      await server.close()
      server = await startFirstRunServer({ storage: await store.open(), logger: { level: 'silent' }, now: clock }) as TestServer
      const again = await signIn(server.url, 'sofia@crm.org')
      const after = await detail(again, q.id)
      expect(after).toEqual(before)
      expect(after.responses.map((r) => [r.delegation, r.state, r.late])).toEqual([
        ['CHL', 'submitted', false],
        ['PAN', 'submitted', true],
      ])
      const chile = (await (await api(server.url, await signIn(server.url, 'diego@minrel.cl')).get(`/api/questionnaires/${q.id}/answers/CHL`)).json()) as AnswersResponse
      expect(chile.answers.map((a) => a.value.text)).toEqual(['Respuesta de Chile'])
      const md = await (await api(server.url, again).get(`/api/documents/${id}/export?format=md`)).text()
      expect(md).toContain('Respuesta de Panamá')
    } finally {
      await server?.close()
      await store.cleanup()
    }
  })
})

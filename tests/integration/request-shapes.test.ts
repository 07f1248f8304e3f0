/**
 * [HTTP-6] Each request shape is defined once (TypeBox, in @consenso/protocol) and is what its
 * route validates: a table of bodies that break a shape — an unknown field, a wrong enum value,
 * a string too long or a pattern missed, a missing field, a nested object with more than it
 * may hold — each answered `400 invalid_request` by the route, with nothing changed in the
 * draft (title, members, settings, parties, positions, brackets, threads, versions, silence)
 * nor in the instance (people, delegations, party groups, notification choices, the register,
 * aliases, questionnaires, good practices and rounds, the glossary, a draft's second language).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api } from '../helpers/session.ts'

let server: TestServer
let draft: string

beforeAll(async () => {
  server = await startServer({ logger: { level: 'silent' } })
  draft = await server.createDocument('Declaración de prueba', 'declaration')
})
afterAll(async () => {
  await server.close()
})

type Method = 'post' | 'put' | 'patch' | 'delete'
const anchor = { start: { type: null, tname: null, item: { client: 1, clock: 2 }, assoc: 0 }, end: { type: null, tname: null, item: { client: 1, clock: 5 }, assoc: -1 } }

// [what is wrong, method, path (DRAFT is the draft's id), body]
const CASES: [string, Method, string, unknown][] = [
  ['a template that does not exist', 'post', '/api/documents', { title: 'X', template: 'treaty' }],
  ['a language not offered', 'post', '/api/documents', { title: 'X', template: 'blank', language: 'fr' }],
  ['an unknown field in a new draft', 'post', '/api/documents', { title: 'X', template: 'blank', owner: 'someone' }],
  ['a title of 201 characters', 'post', '/api/documents', { title: 'x'.repeat(201), template: 'blank' }],
  ['no title', 'post', '/api/documents', { template: 'blank' }],
  ['an empty rename', 'patch', '/api/documents/DRAFT', { title: '' }],
  ['a rename with more than a title', 'patch', '/api/documents/DRAFT', { title: 'Y', template: 'blank' }],
  ['a principal of an unknown kind', 'put', '/api/documents/DRAFT/members', { principal: { type: 'group', id: 'crm' }, role: 'editor' }],
  ['a role that does not exist', 'put', '/api/documents/DRAFT/members', { principal: { type: 'delegation', id: 'PAN' }, role: 'chair' }],
  ['a principal without an id', 'put', '/api/documents/DRAFT/members', { principal: { type: 'delegation' }, role: 'viewer' }],
  ['a principal id of 65 characters', 'put', '/api/documents/DRAFT/members', { principal: { type: 'user', id: 'u'.repeat(65) }, role: 'viewer' }],
  ['a removal with more than the principal', 'delete', '/api/documents/DRAFT/members', { principal: { type: 'delegation', id: 'PAN', role: 'owner' } }],
  ['no setting at all', 'put', '/api/documents/DRAFT/settings', {}],
  ['a text language not offered', 'put', '/api/documents/DRAFT/settings', { language: 'pt' }],
  ['a setting that does not exist', 'put', '/api/documents/DRAFT/settings', { lockAgreed: true, readOnly: true }],
  ['a lower-case delegation code', 'put', '/api/documents/DRAFT/parties', { parties: ['CHL', 'pan'] }],
  ['a party twice', 'put', '/api/documents/DRAFT/parties', { parties: ['CHL', 'CHL'] }],
  ['41 parties', 'put', '/api/documents/DRAFT/parties', { parties: Array.from({ length: 41 }, (_, i) => `P${String(i).padStart(2, '0')}`) }],
  ['a stance that does not exist', 'put', '/api/documents/DRAFT/positions/p1', { stance: 'abstain' }],
  ['a position text of 4,001 characters', 'put', '/api/documents/DRAFT/positions/p1', { stance: 'reservation', text: 'r'.repeat(4001) }],
  ['a bracket without sponsors', 'post', '/api/documents/DRAFT/brackets', { anchor, sponsors: [], alternatives: [] }],
  ['six alternatives', 'post', '/api/documents/DRAFT/brackets', { anchor, sponsors: ['PAN'], alternatives: ['a', 'b', 'c', 'd', 'e', 'f'] }],
  ['an anchor carrying a payload', 'post', '/api/documents/DRAFT/brackets', { anchor: { ...anchor, start: { ...anchor.start, note: 'x'.repeat(1000) } }, sponsors: ['PAN'], alternatives: [] }],
  ['a resolution of an unknown kind', 'post', '/api/documents/DRAFT/brackets/b1/resolve', { kind: 'merge' }],
  ['an alternative past the last', 'post', '/api/documents/DRAFT/brackets/b1/resolve', { kind: 'alternative', alternative: 6 }],
  ['a thread anchored on a root name of 65 characters', 'post', '/api/documents/DRAFT/threads', { anchor: { start: { tname: 'n'.repeat(65) }, end: anchor.end }, quote: 'q', text: 'Comentario' }],
  ['an empty comment', 'post', '/api/documents/DRAFT/threads', { anchor: null, quote: '', text: '' }],
  ['a thread with an author of its own', 'post', '/api/documents/DRAFT/threads', { anchor: null, quote: '', text: 'Hola', author: { id: 'x' } }],
  ['a reply of 10,001 characters', 'post', '/api/documents/DRAFT/threads/t1/comments', { text: 'c'.repeat(10_001) }],
  ['an edit with more than its text', 'patch', '/api/documents/DRAFT/threads/t1/comments/c1', { text: 'Nuevo', createdAt: '2020-01-01' }],
  ['a plenary focus that is not an id', 'put', '/api/documents/DRAFT/plenary', { paragraphId: 'p 1; drop' }],
  ['a plenary focus with more than the paragraph', 'put', '/api/documents/DRAFT/plenary', { paragraphId: null, chair: 'me' }],
  ['a party group with a blank name', 'post', '/api/admin/party-groups', { nameEs: '   ', nameEn: 'Troika', members: ['PAN'] }],
  ['a party group change with nothing in it', 'patch', '/api/admin/party-groups/crm', {}],
  ['a person change with nothing in it', 'patch', '/api/admin/users/ADMIN', {}],
  ['a person change of a field that is not offered', 'patch', '/api/admin/users/ADMIN', { email: 'x@y.z' }],
  ['an invitation e-mail in a language not offered', 'post', '/api/admin/invitations', { delegation: 'PAN', email: 'a@b.c', language: 'fr' }],
  ['an invitation to an address without @', 'post', '/api/admin/invitations', { delegation: 'PAN', email: 'nobody' }],
  ['a delegation of an unknown kind', 'post', '/api/admin/delegations', { code: 'XYZ', nameEs: 'X', nameEn: 'X', kind: 'state', color: '#123456' }],
  ['a delegation colour that is not #rrggbb', 'post', '/api/admin/delegations', { code: 'XYZ', nameEs: 'X', nameEn: 'X', kind: 'country', color: 'navy' }],
  ['a new password of 9 characters', 'post', '/api/auth/password', { currentPassword: 'whatever', newPassword: '123456789' }],
  ['a version name of 121 characters', 'post', '/api/documents/DRAFT/versions', { name: 'v'.repeat(121) }],
  ['a version with more than a name and a note', 'post', '/api/documents/DRAFT/versions', { name: 'Rev.1', kind: 'checkpoint' }],
  ['notifications marked read by ids that are not ids', 'post', '/api/notifications/read', { ids: ['a b'] }],
  ['a digest that does not exist', 'put', '/api/notifications/prefs', { language: 'es', digest: 'weekly', emailOff: [] }],
  ['mail turned off for a kind that does not exist', 'put', '/api/notifications/prefs', { language: 'es', digest: 'off', emailOff: ['everything'] }],
  ['a silence deadline that is not a wall-clock time', 'post', '/api/documents/DRAFT/silence', { deadline: '2030-01-01 12:00', timeZone: 'America/Panama' }],
  ['a silence over no paragraphs', 'post', '/api/documents/DRAFT/silence', { deadline: '2030-01-01T12:00', timeZone: 'America/Panama', paragraphIds: [] }],
  ['an empty objection', 'post', '/api/documents/DRAFT/silence/break', { objection: '' }],
  ['an extension with more than its deadline', 'post', '/api/documents/DRAFT/silence/extend', { deadline: '2030-01-01T12:00', timeZone: 'UTC', paragraphIds: null }],
  ['an agreement of an unknown status', 'post', '/api/register/agreements', { text: 'Enviar', status: 'late' }],
  ['an agreement due on the 13th month', 'post', '/api/register/agreements', { text: 'Enviar', dueDate: '2030-13-01' }],
  ['an agreement change with nothing in it', 'patch', '/api/register/agreements/a1', {}],
  ['a meeting without its first day', 'post', '/api/register/meetings', { title: 'XXV CRM' }],
  ['a meeting starting at 25:00', 'post', '/api/register/meetings', { title: 'XXV CRM', startsOn: '2030-01-01', startTime: '25:00' }],
  ['agreements from minutes that are not an id', 'post', '/api/register/from-minutes', { documentId: '../etc' }],
  ['an alias without a letter', 'post', '/api/admin/delegation-aliases', { code: 'PAN', alias: '(1)' }],
  ['a confirmed item without its paragraph', 'post', '/api/register/from-minutes/confirm', { documentId: 'DRAFT', items: [{ text: 'Enviar', responsible: [], dueDate: null }] }],
  ['a confirmed meeting with a blank title', 'post', '/api/register/from-minutes/confirm', { documentId: 'DRAFT', items: [], minutesMeeting: { title: '  ', startsOn: '2030-01-01' } }],
  ['a questionnaire without sections', 'post', '/api/questionnaires', { title: { es: 'Consulta', en: 'Survey' }, sections: [], addressees: ['CHL'], deadline: null }],
  ['a questionnaire title in one language only', 'post', '/api/questionnaires', { title: { es: 'Consulta' }, sections: [{ id: 's1', title: { es: 'A', en: 'A' }, questions: [] }], addressees: [], deadline: null }],
  ['a questionnaire sent to a lower-case delegation', 'post', '/api/questionnaires', { title: { es: 'Consulta', en: 'Survey' }, sections: [{ id: 's1', title: { es: 'A', en: 'A' }, questions: [] }], addressees: ['chl'], deadline: null }],
  ['a questionnaire change with nothing in it', 'patch', '/api/questionnaires/q1', {}],
  ['an answer without its version', 'put', '/api/questionnaires/q1/answers/CHL/q1', { value: { text: 'Sí' } }],
  ['a reminder with an owner of its own', 'post', '/api/questionnaires/q1/remind', { delegations: ['CHL'], from: 'ADMIN' }],
  ['a compilation in a language not offered', 'post', '/api/questionnaires/q1/compile', { language: 'fr' }],
  ['a practice with a blank title', 'post', '/api/practices', { title: '   ', themeId: 't1' }],
  ['a practice with a status of its own', 'post', '/api/practices', { title: 'Ventanilla única', themeId: 't1', status: 'accepted' }],
  ['a review decision that does not exist', 'post', '/api/practices/p1/review', { decision: 'reject' }],
  ['a theme named in Spanish only', 'post', '/api/practices/themes', { nameEs: 'Retorno' }],
  ['a round without voters', 'post', '/api/practices/rounds', { title: 'Prioridades', practiceIds: ['p1'], voters: [], priorities: 2, deadline: '2030-01-01T12:00:00.000Z' }],
  ['a ballot ranking one practice twice', 'post', '/api/practices/rounds/r1/ballot', { ranking: ['p1', 'p1'] }],
  ['a glossary entry of an unknown status', 'post', '/api/glossary', { termEs: 'retorno', termEn: 'return', definitionEs: '', definitionEn: '', source: '', notes: '', status: 'banned', preferredId: null }],
  ['a glossary entry without its English term', 'post', '/api/glossary', { termEs: 'retorno', definitionEs: '', definitionEn: '', source: '', notes: '', status: 'preferred', preferredId: null }],
  ['a glossary import of an unknown format', 'post', '/api/glossary/import', { format: 'xlsx', content: 'a,b', replace: false }],
  ['a second language not offered', 'post', '/api/documents/DRAFT/translation', { language: 'pt' }],
  ['an authentic text in a third language', 'put', '/api/documents/DRAFT/translation', { authentic: 'fr' }],
]

/** Everything a refused request could have changed, read back through the API. */
async function snapshot(): Promise<unknown[]> {
  const owner = api(server.url, server.session)
  const read = async (path: string): Promise<unknown> => (await owner.get(path)).json()
  const doc = (await read(`/api/documents/${draft}`)) as { title: string }
  return [
    doc.title,
    await read(`/api/documents/${draft}/members`),
    await read(`/api/documents/${draft}/settings`),
    await read(`/api/documents/${draft}/consensus`),
    await read(`/api/documents/${draft}/threads`),
    await read('/api/party-groups'),
    ((await read('/api/documents')) as { documents: unknown[] }).documents.length,
    await read('/api/admin/users'),
    await read('/api/delegations'),
    await read(`/api/documents/${draft}/versions`),
    await read(`/api/documents/${draft}/silence`),
    await read('/api/notifications/prefs'),
    await read('/api/register/agreements'),
    await read('/api/register/meetings'),
    await read('/api/delegation-aliases'),
    await read('/api/questionnaires'),
    await read('/api/practices'),
    await read('/api/practices/rounds'),
    await read('/api/glossary'),
    (await owner.get(`/api/documents/${draft}/translation`)).status,
  ]
}

describe('request shapes are what the routes validate', () => {
  it.each(CASES)('[HTTP-6] %s: 400 invalid_request', async (_what, method, path, body) => {
    const before = await snapshot()
    const owner = api(server.url, server.session)
    const answer = await owner[method](path.replace('DRAFT', draft).replace('ADMIN', server.session.user.id), body)
    expect(answer.status).toBe(400)
    expect(((await answer.json()) as { error: string }).error).toBe('invalid_request')
    expect(await snapshot()).toEqual(before)
  })

  it('[HTTP-6] the same routes take well-formed bodies (the table is refused for its faults, not for its route)', async () => {
    const owner = api(server.url, server.session)
    expect((await owner.patch(`/api/documents/${draft}`, { title: 'Declaración revisada' })).status).toBe(200)
    expect((await owner.put(`/api/documents/${draft}/settings`, { language: 'en' })).status).toBe(200)
    expect((await owner.put(`/api/documents/${draft}/parties`, { parties: ['CHL', 'PAN'] })).status).toBe(200)
    expect((await owner.put(`/api/documents/${draft}/members`, { principal: { type: 'delegation', id: 'PAN' }, role: 'commenter' })).status).toBe(200)
    expect((await owner.post(`/api/documents/${draft}/threads`, { anchor: null, quote: '', text: 'Un comentario general' })).status).toBe(201)
    expect((await owner.post('/api/documents', { title: 'Otra', template: 'blank', language: 'en' })).status).toBe(201)
  })
})

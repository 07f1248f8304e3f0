/**
 * [AUTHZ-1] The authorisation matrix: every HTTP route × every kind of caller, with the
 * status each cell must answer. A draft the caller may not read answers 404, exactly like a
 * draft that does not exist; a reader asking for more than their role allows gets 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, signIn, type TestSession } from '../helpers/session.ts'

const CALLERS = ['anonymous', 'outsider', 'admin', 'viewer', 'commenter', 'editor', 'owner'] as const
type Caller = (typeof CALLERS)[number]

interface Context {
  server: TestServer
  sessions: Record<Exclude<Caller, 'anonymous'>, TestSession>
  /** A draft shared with viewer, commenter, editor and owner; fresh for each cell. */
  documentId: string
  /** A user to act upon (for admin routes). */
  targetUserId: string
  /** A thread on the draft, opened by the commenter, and its first comment. */
  threadId: string
  commentId: string
  cell: number
}

interface Route {
  name: string
  /** Signs in afresh for the cell: the route ends or changes sessions. */
  fresh?: boolean
  /** The cell needs a thread opened by the commenter on its draft. */
  thread?: boolean
  /** `session` for calls the JSON client cannot make (a raw file upload). */
  call(client: ReturnType<typeof api>, context: Context, session: TestSession | null): Promise<Response>
  expect: Record<Caller, number>
}

const byRole = (anonymous: number, outsider: number, viewer: number, commenter: number, editor: number, owner: number, admin = outsider) => ({
  anonymous,
  outsider,
  admin,
  viewer,
  commenter,
  editor,
  owner,
})
const everyone = (status: number, anonymous = 401) => byRole(anonymous, status, status, status, status, status)
const adminOnly = (ok: number) => ({ ...everyone(403), admin: ok })

/** Makes every caller's delegation a party (as the owner) and answers the first numbered paragraph's id. */
async function partiesAndParagraph(x: Context): Promise<string> {
  const owner = api(x.server.url, x.sessions.owner)
  await owner.put(`/api/documents/${x.documentId}/parties`, { parties: ['BRA', 'ST-CRM', 'PAN', 'MEX', 'ARG', 'COL'] })
  const summary = (await (await owner.get(`/api/documents/${x.documentId}/consensus`)).json()) as { paragraphs: { paragraphId: string }[] }
  return summary.paragraphs[0]!.paragraphId
}

/** An agreement the first administrator put in the register, for the routes that act on one. */
async function secretariatAgreement(x: Context): Promise<string> {
  const response = await api(x.server.url, x.server.session).post('/api/register/agreements', { text: `Acuerdo ${x.cell}` })
  return ((await response.json()) as { id: string }).id
}

/** A version the draft's owner saved, for the routes that act on one. */
async function ownersVersion(x: Context): Promise<string> {
  const response = await api(x.server.url, x.sessions.owner).post(`/api/documents/${x.documentId}/versions`, { name: 'Zero draft' })
  return ((await response.json()) as { id: string }).id
}

const ROUTES: Route[] = [
  { name: 'GET /api/health', call: (c) => c.get('/api/health'), expect: everyone(200, 200) },
  { name: 'GET /api/auth/state', call: (c) => c.get('/api/auth/state'), expect: everyone(200, 200) },
  { name: 'GET /api/delegations', call: (c) => c.get('/api/delegations'), expect: everyone(200, 200) },
  { name: 'GET /api/users', call: (c) => c.get('/api/users'), expect: everyone(200) },
  { name: 'GET /api/documents', call: (c) => c.get('/api/documents'), expect: everyone(200) },
  {
    name: 'POST /api/documents',
    call: (c) => c.post('/api/documents', { title: 'Insumos conjuntos', template: 'blank' }),
    expect: everyone(201),
  },
  { name: 'GET /api/documents/:id', call: (c, x) => c.get(`/api/documents/${x.documentId}`), expect: byRole(401, 404, 200, 200, 200, 200) },
  { name: 'GET /api/documents/:id/members', call: (c, x) => c.get(`/api/documents/${x.documentId}/members`), expect: byRole(401, 404, 200, 200, 200, 200) },
  {
    name: 'PUT /api/documents/:id/members',
    call: (c, x) => c.put(`/api/documents/${x.documentId}/members`, { principal: { type: 'delegation', id: 'OIM' }, role: 'viewer' }),
    expect: byRole(401, 404, 403, 403, 403, 200),
  },
  {
    name: 'DELETE /api/documents/:id/members',
    call: (c, x) => c.delete(`/api/documents/${x.documentId}/members`, { principal: { type: 'delegation', id: 'PAN' } }),
    expect: byRole(401, 404, 403, 403, 403, 200),
  },
  { name: 'DELETE /api/documents/:id', call: (c, x) => c.delete(`/api/documents/${x.documentId}`), expect: byRole(401, 404, 403, 403, 403, 204) },
  { name: 'PATCH /api/documents/:id', call: (c, x) => c.patch(`/api/documents/${x.documentId}`, { title: 'Otro título' }), expect: byRole(401, 404, 403, 403, 403, 200) },
  // Each caller sees only their own trash; restoring a draft that is not in it is 404 for all.
  { name: 'GET /api/documents/:id/paragraphs', call: (c, x) => c.get(`/api/documents/${x.documentId}/paragraphs`), expect: byRole(401, 404, 200, 200, 200, 200) },
  { name: 'GET /api/documents/trash', call: (c) => c.get('/api/documents/trash'), expect: everyone(200) },
  { name: 'POST /api/documents/:id/restore', call: (c, x) => c.post(`/api/documents/${x.documentId}/restore`, {}), expect: byRole(401, 404, 404, 404, 404, 404) },
  { name: 'GET /api/documents/:id/threads', call: (c, x) => c.get(`/api/documents/${x.documentId}/threads`), expect: byRole(401, 404, 200, 200, 200, 200) },
  {
    name: 'POST /api/documents/:id/threads',
    call: (c, x) => c.post(`/api/documents/${x.documentId}/threads`, { anchor: null, quote: '', text: 'Comentario general' }),
    expect: byRole(401, 404, 403, 201, 201, 201),
  },
  {
    name: 'POST /api/documents/:id/threads/:threadId/comments',
    thread: true,
    call: (c, x) => c.post(`/api/documents/${x.documentId}/threads/${x.threadId}/comments`, { text: 'Respuesta' }),
    expect: byRole(401, 404, 403, 201, 201, 201),
  },
  {
    name: 'POST /api/documents/:id/threads/:threadId/resolve',
    thread: true,
    call: (c, x) => c.post(`/api/documents/${x.documentId}/threads/${x.threadId}/resolve`),
    expect: byRole(401, 404, 403, 200, 200, 200),
  },
  {
    name: 'POST /api/documents/:id/threads/:threadId/reopen',
    thread: true,
    call: (c, x) => c.post(`/api/documents/${x.documentId}/threads/${x.threadId}/reopen`),
    expect: byRole(401, 404, 403, 200, 200, 200),
  },
  // Only a comment's author edits or deletes it, whatever their role: the commenter wrote it.
  {
    name: 'PATCH /api/documents/:id/threads/:threadId/comments/:commentId',
    thread: true,
    call: (c, x) => c.patch(`/api/documents/${x.documentId}/threads/${x.threadId}/comments/${x.commentId}`, { text: 'Corregido' }),
    expect: byRole(401, 404, 403, 200, 403, 403),
  },
  {
    name: 'DELETE /api/documents/:id/threads/:threadId/comments/:commentId',
    thread: true,
    call: (c, x) => c.delete(`/api/documents/${x.documentId}/threads/${x.threadId}/comments/${x.commentId}`),
    expect: byRole(401, 404, 403, 200, 403, 403),
  },
  // The plenary's chair is an owner here: none of the other callers is of a secretariat (PLENARY-2).
  { name: 'GET /api/documents/:id/plenary', call: (c, x) => c.get(`/api/documents/${x.documentId}/plenary`), expect: byRole(401, 404, 200, 200, 200, 200) },
  {
    name: 'PUT /api/documents/:id/plenary',
    call: (c, x) => c.put(`/api/documents/${x.documentId}/plenary`, { paragraphId: null }),
    expect: byRole(401, 404, 403, 403, 403, 200),
  },
  { name: 'GET /api/documents/:id/settings', call: (c, x) => c.get(`/api/documents/${x.documentId}/settings`), expect: byRole(401, 404, 200, 200, 200, 200) },
  {
    name: 'PUT /api/documents/:id/settings',
    call: (c, x) => c.put(`/api/documents/${x.documentId}/settings`, { requireSuggesting: true }),
    expect: byRole(401, 404, 403, 403, 403, 200),
  },
  { name: 'GET /api/documents/:id/consensus', call: (c, x) => c.get(`/api/documents/${x.documentId}/consensus`), expect: byRole(401, 404, 200, 200, 200, 200) },
  {
    name: 'PUT /api/documents/:id/parties',
    call: (c, x) => c.put(`/api/documents/${x.documentId}/parties`, { parties: ['PAN', 'MEX'] }),
    expect: byRole(401, 404, 403, 403, 403, 200),
  },
  // Every caller's delegation is a party here, so only the role decides.
  {
    name: 'PUT /api/documents/:id/positions/:paragraphId',
    call: async (c, x) => c.put(`/api/documents/${x.documentId}/positions/${await partiesAndParagraph(x)}`, { stance: 'agree' }),
    expect: byRole(401, 404, 403, 403, 200, 200),
  },
  // Authorised callers get past the role check to the anchor check (400: it points nowhere).
  {
    name: 'POST /api/documents/:id/brackets',
    call: (c, x) => c.post(`/api/documents/${x.documentId}/brackets`, { anchor: { start: {}, end: {} }, sponsors: ['ARG', 'COL'], alternatives: [] }),
    expect: byRole(401, 404, 403, 403, 400, 400),
  },
  // …and the owner to the bracket lookup (404: there is no such bracket).
  {
    name: 'POST /api/documents/:id/brackets/:bracketId/resolve',
    call: (c, x) => c.post(`/api/documents/${x.documentId}/brackets/no-such-bracket/resolve`, { kind: 'keep' }),
    expect: byRole(401, 404, 403, 403, 403, 404),
  },
  { name: 'GET /api/mentions', call: (c) => c.get('/api/mentions'), expect: everyone(200) },
  { name: 'GET /api/admin/users', call: (c) => c.get('/api/admin/users'), expect: adminOnly(200) },
  { name: 'PATCH /api/admin/users/:id', call: (c, x) => c.patch(`/api/admin/users/${x.targetUserId}`, { disabled: false }), expect: adminOnly(200) },
  { name: 'POST /api/admin/invitations', call: (c) => c.post('/api/admin/invitations', { delegation: 'ECU' }), expect: adminOnly(201) },
  {
    name: 'POST /api/admin/delegations',
    call: (c, x) => c.post('/api/admin/delegations', { code: `T${x.cell}`, nameEs: 'Prueba', nameEn: 'Test', kind: 'organisation', color: '#123456' }),
    expect: adminOnly(201),
  },
  { name: 'GET /api/documents/:id/versions', call: (c, x) => c.get(`/api/documents/${x.documentId}/versions`), expect: byRole(401, 404, 200, 200, 200, 200) },
  {
    name: 'POST /api/documents/:id/versions',
    call: (c, x) => c.post(`/api/documents/${x.documentId}/versions`, { name: 'Rev.1' }),
    expect: byRole(401, 404, 403, 403, 403, 201),
  },
  {
    name: 'GET /api/documents/:id/versions/:versionId',
    call: async (c, x) => c.get(`/api/documents/${x.documentId}/versions/${await ownersVersion(x)}`),
    expect: byRole(401, 404, 200, 200, 200, 200),
  },
  {
    name: 'GET /api/documents/:id/versions/compare',
    call: async (c, x) => c.get(`/api/documents/${x.documentId}/versions/compare?from=${await ownersVersion(x)}&to=current`),
    expect: byRole(401, 404, 200, 200, 200, 200),
  },
  {
    name: 'POST /api/documents/:id/versions/:versionId/restore',
    call: async (c, x) => c.post(`/api/documents/${x.documentId}/versions/${await ownersVersion(x)}/restore`),
    expect: byRole(401, 404, 403, 403, 403, 200),
  },
  { name: 'GET /api/documents/:id/export', call: (c, x) => c.get(`/api/documents/${x.documentId}/export?format=md&view=review`), expect: byRole(401, 404, 200, 200, 200, 200) },
  {
    name: 'GET /api/documents/:id/versions/:versionId/export',
    call: async (c, x) => c.get(`/api/documents/${x.documentId}/versions/${await ownersVersion(x)}/export?format=html`),
    expect: byRole(401, 404, 200, 200, 200, 200),
  },
  {
    name: 'POST /api/documents/:id/import',
    call: (_c, x, session) =>
      fetch(`${x.server.url}/api/documents/${x.documentId}/import?name=Rev.2`, {
        method: 'POST',
        headers: { 'content-type': 'text/markdown', origin: x.server.url, ...(session ? { cookie: session.cookie } : {}) },
        body: '# Declaración\n\nSegunda ronda.\n',
      }),
    expect: byRole(401, 404, 403, 403, 403, 201),
  },
  { name: 'GET /api/party-groups', call: (c) => c.get('/api/party-groups'), expect: everyone(200) },
  {
    name: 'POST /api/admin/party-groups',
    call: (c) => c.post('/api/admin/party-groups', { nameEs: 'Troika', nameEn: 'Troika', members: ['PAN'] }),
    expect: adminOnly(201),
  },
  { name: 'PATCH /api/admin/party-groups/:id', call: (c) => c.patch('/api/admin/party-groups/csm', { nameEn: 'CSM members' }), expect: adminOnly(200) },
  { name: 'DELETE /api/admin/party-groups/:id', call: (c) => c.delete('/api/admin/party-groups/ad-hoc'), expect: adminOnly(204) },
  { name: 'GET /api/admin/audit', call: (c) => c.get('/api/admin/audit'), expect: adminOnly(200) },
  { name: 'GET /api/admin/audit.csv', call: (c) => c.get('/api/admin/audit.csv'), expect: adminOnly(200) },
  // The register (REGISTER-1, REGISTER-2): every signed-in person reads it; of these callers
  // only the administrator changes it (the others are countries, not secretariats). The event
  // stream never ends, so it is checked in register.test.ts instead.
  { name: 'GET /api/register/agreements', call: (c) => c.get('/api/register/agreements?overdue=true'), expect: everyone(200) },
  { name: 'GET /api/register/meetings', call: (c) => c.get('/api/register/meetings'), expect: everyone(200) },
  { name: 'GET /api/register/agreements.csv', call: (c) => c.get('/api/register/agreements.csv'), expect: everyone(200) },
  { name: 'GET /api/register/agreements.xlsx', call: (c) => c.get('/api/register/agreements.xlsx'), expect: everyone(200) },
  { name: 'GET /api/register/calendar.ics', call: (c) => c.get('/api/register/calendar.ics'), expect: everyone(200) },
  { name: 'POST /api/register/agreements', call: (c) => c.post('/api/register/agreements', { text: 'Circular el borrador' }), expect: adminOnly(201) },
  {
    name: 'PATCH /api/register/agreements/:id',
    call: async (c, x) => c.patch(`/api/register/agreements/${await secretariatAgreement(x)}`, { status: 'done' }),
    expect: adminOnly(200),
  },
  {
    name: 'DELETE /api/register/agreements/:id',
    call: async (c, x) => c.delete(`/api/register/agreements/${await secretariatAgreement(x)}`),
    expect: adminOnly(204),
  },
  { name: 'POST /api/register/meetings', call: (c) => c.post('/api/register/meetings', { title: 'Reunión', startsOn: '2026-05-11' }), expect: adminOnly(201) },
  {
    // The draft is checked first (the administrator was not given it), then the role.
    name: 'POST /api/register/from-minutes',
    call: (c, x) => c.post('/api/register/from-minutes', { documentId: x.documentId }),
    expect: byRole(401, 404, 403, 403, 403, 403),
  },
  // Reading minutes into the register and the aliases the reader knows (REGISTER-30..36).
  { name: 'GET /api/delegation-aliases', call: (c) => c.get('/api/delegation-aliases'), expect: everyone(200) },
  { name: 'POST /api/admin/delegation-aliases', call: (c, x) => c.post('/api/admin/delegation-aliases', { code: 'CHL', alias: `PPT ${x.cell}` }), expect: adminOnly(201) },
  { name: 'DELETE /api/admin/delegation-aliases/:id', call: (c) => c.delete('/api/admin/delegation-aliases/no-such-alias'), expect: adminOnly(404) },
  {
    name: 'POST /api/register/from-minutes/read',
    call: (c, x) => c.post('/api/register/from-minutes/read', { documentId: x.documentId }),
    expect: byRole(401, 404, 403, 403, 403, 403),
  },
  {
    name: 'POST /api/register/from-minutes/confirm',
    call: (c, x) => c.post('/api/register/from-minutes/confirm', { documentId: x.documentId, items: [] }),
    expect: byRole(401, 404, 403, 403, 403, 403),
  },
  // Last: these end the caller's other sessions, including the shared one used above.
  {
    name: 'POST /api/auth/password',
    fresh: true,
    call: (c) => c.post('/api/auth/password', { currentPassword: 'contraseña-de-prueba-segura', newPassword: 'contraseña-de-prueba-segura' }),
    expect: everyone(204),
  },
  { name: 'POST /api/auth/logout', fresh: true, call: (c) => c.post('/api/auth/logout'), expect: everyone(204, 204) },
  { name: 'POST /api/auth/logout-all', fresh: true, call: (c) => c.post('/api/auth/logout-all'), expect: everyone(204) },
]

let server: TestServer
let sessions: Context['sessions']
let cell = 0

beforeAll(async () => {
  server = await startServer()
  const url = server.url
  const people = {
    outsider: { email: 'brasil@itamaraty.gov.br', name: 'Bruno Costa', delegation: 'BRA' },
    admin: { email: 'secretaria@crmsolutions.org', name: 'Sofía Ramírez', delegation: 'ST-CRM', admin: true },
    viewer: { email: 'panama@mire.gob.pa', name: 'John Smith', delegation: 'PAN' },
    commenter: { email: 'mexico@sre.gob.mx', name: 'Lucía Torres', delegation: 'MEX' },
    editor: { email: 'argentina@cancilleria.gob.ar', name: 'Martín Díaz', delegation: 'ARG' },
    owner: { email: 'colombia@cancilleria.gov.co', name: 'Camila Rojas', delegation: 'COL' },
  }
  const entries = await Promise.all(Object.entries(people).map(async ([role, person]) => [role, await invite(url, server.session, person)] as const))
  sessions = Object.fromEntries(entries) as Context['sessions']
})
afterAll(() => server?.close())

async function prepare(route: Route): Promise<Context> {
  cell += 1
  const documentId = await server.createDocument(`Borrador ${cell}`, 'declaration')
  // The viewer's grant goes to their delegation, the others' to them as people: both paths count.
  await share(server.url, server.session, documentId, { type: 'delegation', id: 'PAN' }, 'viewer')
  await share(server.url, server.session, documentId, { type: 'user', id: sessions.commenter.user.id }, 'commenter')
  await share(server.url, server.session, documentId, { type: 'user', id: sessions.editor.user.id }, 'editor')
  await share(server.url, server.session, documentId, { type: 'user', id: sessions.owner.user.id }, 'owner')
  let threadId = ''
  let commentId = ''
  if (route.thread) {
    const thread = await api(server.url, sessions.commenter).post(`/api/documents/${documentId}/threads`, {
      anchor: null,
      quote: '',
      text: 'Observación de la Secretaría',
    })
    const created = (await thread.json()) as { id: string; comments: { id: string }[] }
    threadId = created.id
    commentId = created.comments[0]!.id
  }
  return { server, sessions, documentId, targetUserId: sessions.viewer.user.id, threadId, commentId, cell }
}

describe('[AUTHZ-1] authorisation matrix', () => {
  for (const route of ROUTES) {
    it.each(CALLERS)(`[AUTHZ-1] ${route.name} as %s`, async (caller) => {
      const context = await prepare(route)
      let session: TestSession | null = caller === 'anonymous' ? null : sessions[caller]
      if (session && route.fresh) session = await signIn(server.url, session.user.email)
      const response = await route.call(api(server.url, session), context, session)
      expect(response.status, await response.clone().text()).toBe(route.expect[caller])
    })
  }
})

/**
 * Notifications (NOTIFY-* in server/SPEC.md): the inbox, who is told what, the live stream,
 * and e-mail through a real SMTP server in the test (smtp-server), on SQLite and Postgres.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LinkableParagraphsResponse, NotificationPrefs, NotificationsResponse } from '@consenso/protocol'
import { numberedParagraphs, yDocToJSON } from '@consenso/schema'
import { readEventStream } from '../helpers/api.ts'
import { typeAfter } from '../helpers/body.ts'
import { connectClient } from '../helpers/clients.ts'
import { reopenableStorage, startFirstRunServer, startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
let smtp: TestSmtp
let people: Record<'pan' | 'mex' | 'mex2', TestSession>

beforeEach(async () => {
  smtp = await startSmtp()
  server = await startServer({ smtpUrl: smtp.url, mailFrom: 'Consenso <avisos@consenso.example.org>' })
  const [pan, mex, mex2] = await Promise.all([
    invite(server.url, server.session, { email: 'carlos@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' }),
    invite(server.url, server.session, { email: 'lucia@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' }),
    invite(server.url, server.session, { email: 'jorge@sre.gob.mx', name: 'Jorge Ruiz', delegation: 'MEX' }),
  ])
  people = { pan: pan!, mex: mex!, mex2: mex2! }
  // The invitations were mailed (NOTIFY-8) before each answer; the tests count what follows.
  smtp.mails.length = 0
})
afterEach(async () => {
  await server?.close()
  await smtp?.close()
})

const call = (session: TestSession) => api(server.url, session)

async function inbox(session: TestSession): Promise<NotificationsResponse> {
  const response = await api(server.url, session).get('/api/notifications')
  expect(response.status, await response.clone().text()).toBe(200)
  return (await response.json()) as NotificationsResponse
}

/** The declaration, shared with PAN and MEX as editors, both parties. */
async function declaration(): Promise<{ id: string; op: Record<string, string> }> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
  await share(server.url, server.session, id, { type: 'delegation', id: 'MEX' }, 'editor')
  expect((await call(server.session).put(`/api/documents/${id}/parties`, { parties: ['PAN', 'MEX'] })).status).toBe(200)
  const { paragraphs } = (await (await api(server.url, server.session).get(`/api/documents/${id}/paragraphs`)).json()) as LinkableParagraphsResponse
  const op = Object.fromEntries(paragraphs.filter((p) => p.number).map((p) => [p.number!, p.id]))
  // Being given access is news (NOTIFY-20): read and mailed here, so the tests count what follows.
  for (const person of Object.values(people)) {
    await waitFor(async () => (await inbox(person)).notifications.some((n) => n.kind === 'invited' && n.documentId === id), 'the invitation notices')
    await call(person).post('/api/notifications/read', {})
  }
  await server.app.mailer?.idle()
  smtp.mails.length = 0
  return { id, op }
}

describe('the inbox', () => {
  it('[NOTIFY-1] [NOTIFY-2] a mention reaches the person named, with names instead of ids; read marks and counts follow', async () => {
    const { id } = await declaration()
    const text = `@user:${people.mex.user.id} y @PAN, ¿pueden revisar el OP2?`
    const created = await call(server.session).post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text })
    expect(created.status, await created.clone().text()).toBe(201)
    await waitFor(async () => (await inbox(people.mex)).unread === 1, 'the mention in MEX inbox')
    const { notifications } = await inbox(people.mex)
    expect(notifications[0]).toMatchObject({ kind: 'mention', documentId: id, readAt: null })
    expect(notifications[0]!.data).toMatchObject({ title: 'Declaración conjunta', actorName: 'Ana Pérez', actorDelegation: 'CHL' })
    expect(notifications[0]!.data.excerpt).toBe('@Lucía Hernández y @PAN, ¿pueden revisar el OP2?')
    // @PAN reaches PAN's members; the other MEX member was not named, the author is never told.
    await waitFor(async () => (await inbox(people.pan)).unread === 1, 'the mention in PAN inbox')
    expect((await inbox(people.mex2)).unread).toBe(0)
    expect((await inbox(server.session)).unread).toBe(0)

    const marked = await call(people.mex).post('/api/notifications/read', { ids: [notifications[0]!.id] })
    expect(await marked.json()).toMatchObject({ changed: 1, unread: 0 })
    expect((await inbox(people.mex)).notifications[0]!.readAt).not.toBeNull()
    // Someone else's id marks nothing.
    const panId = (await inbox(people.pan)).notifications[0]!.id
    expect(await (await call(people.mex).post('/api/notifications/read', { ids: [panId] })).json()).toMatchObject({ changed: 0 })
    expect((await inbox(people.pan)).unread).toBe(1)
  })

  it('[NOTIFY-1] bodies and queries are validated; without a session 401', async () => {
    expect((await api(server.url).get('/api/notifications')).status).toBe(401)
    expect((await call(people.mex).post('/api/notifications/read', { ids: ['../x'] })).status).toBe(400)
    expect((await call(people.mex).post('/api/notifications/read', { all: true })).status).toBe(400)
    expect((await api(server.url, people.mex).get('/api/notifications?limit=100000')).status).toBe(400)
    expect((await call(people.mex).put('/api/notifications/prefs', { language: 'fr', digest: 'off', emailOff: [] })).status).toBe(400)
    expect((await call(people.mex).put('/api/notifications/prefs', { language: 'es', digest: 'off', emailOff: ['nonsense'] })).status).toBe(400)
    expect((await call(people.mex).put('/api/notifications/prefs', { language: 'es', digest: 'weekly', emailOff: [] })).status).toBe(400)
  })

  it('[NOTIFY-2] a position on a paragraph where one’s delegation holds one, a reopened paragraph, a saved version and a restore', async () => {
    const { id, op } = await declaration()
    expect((await call(people.mex).put(`/api/documents/${id}/positions/${op.OP2}`, { stance: 'agree' })).status).toBe(200)
    expect((await call(people.pan).put(`/api/documents/${id}/positions/${op.OP2}`, { stance: 'reservation', text: 'Consultas internas' })).status).toBe(200)
    await waitFor(async () => (await inbox(people.mex)).notifications.some((n) => n.kind === 'position'), 'the position notice')
    const position = (await inbox(people.mex)).notifications.find((n) => n.kind === 'position')!
    expect(position.data).toMatchObject({ paragraph: 'OP2', stance: 'reservation', actorDelegation: 'PAN' })
    // PAN's own position is not news to PAN.
    expect((await inbox(people.pan)).notifications.filter((n) => n.kind === 'position')).toHaveLength(0)

    // PAN edits OP2: MEX's agreement falls, and MEX is told who reopened it.
    const editor = connectClient({ wsUrl: server.wsUrl, cookie: people.pan.cookie }, id)
    try {
      await editor.waitSynced()
      const words = numberedParagraphs(yDocToJSON(editor.doc)).find((p) => p.label === 'OP2')!.text.split(' ').slice(0, 2).join(' ')
      typeAfter(editor.doc, words, ' firmemente')
      await editor.waitSaved()
    } finally {
      editor.destroy()
    }
    await waitFor(async () => (await inbox(people.mex)).notifications.some((n) => n.kind === 'reopened'), 'the reopened notice')
    expect((await inbox(people.mex)).notifications.find((n) => n.kind === 'reopened')!.data).toMatchObject({ paragraph: 'OP2', actorName: 'Carlos Méndez' })

    const saved = await call(server.session).post(`/api/documents/${id}/versions`, { name: 'Rev.1' })
    expect(saved.status).toBe(201)
    const version = (await saved.json()) as { id: string }
    await waitFor(async () => (await inbox(people.pan)).notifications.some((n) => n.kind === 'version_saved' && n.data.versionName === 'Rev.1'), 'version notice')

    // A restore changes the text under everyone: everyone who reads is told.
    expect((await call(server.session).post(`/api/documents/${id}/versions/${version.id}/restore`)).status).toBe(200)
    await waitFor(async () => (await inbox(people.mex2)).notifications.some((n) => n.kind === 'restored' && n.data.versionName === 'Rev.1'), 'restore notice')
  })

  it('[NOTIFY-3] the event stream says when the inbox changed, live', async () => {
    const { id } = await declaration()
    const stream = readEventStream(server.url, people.mex)
    await waitFor(() => stream.text().includes('event: ready'), 'the stream opens')
    await call(server.session).post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: '@MEX atención' })
    await waitFor(() => stream.text().includes('event: notification'), 'a notification event')
    await stream.close()
  })
})

describe('e-mail', () => {
  it('[NOTIFY-5] each recipient gets a mail in their language with a link to the draft; [NOTIFY-6] a kind switched off is not mailed', async () => {
    const { id } = await declaration()
    const prefs: NotificationPrefs = { language: 'en', digest: 'off', emailOff: [] }
    expect((await call(people.mex).put('/api/notifications/prefs', prefs)).status).toBe(200)
    expect((await call(people.mex2).put('/api/notifications/prefs', { language: 'es', digest: 'off', emailOff: ['mention'] })).status).toBe(200)
    expect(await (await api(server.url, people.mex2).get('/api/notifications/prefs')).json()).toEqual({ language: 'es', digest: 'off', emailOff: ['mention'] })
    await call(server.session).post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: '@MEX y @PAN: revisen el OP1' })
    await waitFor(() => smtp.mails.length >= 2, 'two mails')
    const toMex = smtp.mails.find((m) => m.to.includes('lucia@sre.gob.mx'))!
    const toPan = smtp.mails.find((m) => m.to.includes('carlos@mire.gob.pa'))!
    expect(toMex.subject).toContain('Ana Pérez (CHL) mentioned you in «Declaración conjunta»')
    expect(toMex.text).toContain(`${server.url}/d/${id}`)
    expect(toPan.subject).toContain('Ana Pérez (CHL) le mencionó en «Declaración conjunta»')
    expect(toPan.text).toContain(`Abrir: ${server.url}/d/${id}`)
    expect(toMex.from).toBe('avisos@consenso.example.org')
    // Jorge switched mentions off: the inbox has it, the mailbox does not.
    await server.app.mailer!.idle()
    expect((await inbox(people.mex2)).unread).toBe(1)
    expect(smtp.mails.some((m) => m.to.includes('jorge@sre.gob.mx'))).toBe(false)
    expect(smtp.mails).toHaveLength(2)
  })

  it('[NOTIFY-8] an invitation with an address is sent by e-mail, in the asked language, with its link', async () => {
    const response = await call(server.session).post('/api/admin/invitations', { delegation: 'CAN', email: 'claire@international.gc.ca', language: 'en' })
    expect(response.status).toBe(201)
    const created = (await response.json()) as { url: string; emailed: boolean }
    expect(created.emailed).toBe(true)
    await waitFor(() => smtp.mails.some((m) => m.to.includes('claire@international.gc.ca')), 'the invitation mail')
    const mail = smtp.mails.find((m) => m.to.includes('claire@international.gc.ca'))!
    expect(mail.subject).toBe('Invitation to Consenso')
    expect(mail.text).toContain(created.url)
    expect(created.url.startsWith(`${server.url}/`)).toBe(true)
  })
})

describe('digest', () => {
  it('[NOTIFY-7] a digest reader gets one mail a day with everything waiting', async () => {
    await server.close()
    let now = new Date('2026-12-07T09:00:00Z')
    server = await startServer({ smtpUrl: smtp.url, now: () => now })
    const mex = await invite(server.url, server.session, { email: 'lucia@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' })
    smtp.mails.length = 0
    const id = await server.createDocument('Declaración conjunta', 'declaration')
    expect((await call(mex).put('/api/notifications/prefs', { language: 'es', digest: 'daily', emailOff: [] })).status).toBe(200)
    await share(server.url, server.session, id, { type: 'delegation', id: 'MEX' }, 'editor')
    await call(server.session).post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: '@MEX primera' })
    await call(server.session).post(`/api/documents/${id}/versions`, { name: 'Rev.1' })
    // Given access (NOTIFY-20), mentioned, and a version saved.
    await waitFor(async () => (await inbox(mex)).unread === 3, 'three notices')
    server.app.mailer!.wake()
    await server.app.mailer!.idle()
    expect(smtp.mails).toHaveLength(0)
    now = new Date('2026-12-08T09:00:01Z')
    server.app.mailer!.wake()
    await waitFor(() => smtp.mails.length === 1, 'the digest')
    expect(smtp.mails[0]!.subject).toBe('Consenso: 3 novedades')
    expect(smtp.mails[0]!.text).toContain('le dio acceso a «Declaración conjunta» como editor')
    expect(smtp.mails[0]!.text).toContain('le mencionó')
    expect(smtp.mails[0]!.text).toContain('guardó la versión "Rev.1"')
  })
})

describe('invitations to a draft', () => {
  it('[NOTIFY-20] a person given access to a draft hears it in the inbox and by e-mail, in their language, with the link; nothing again for a role change; nothing mailed when switched off', async () => {
    const id = await server.createDocument('Declaración de Santiago', 'declaration')
    expect((await call(people.mex).put('/api/notifications/prefs', { language: 'en', digest: 'off', emailOff: [] })).status).toBe(200)
    expect((await call(people.mex2).put('/api/notifications/prefs', { language: 'es', digest: 'off', emailOff: ['invited'] })).status).toBe(200)
    // One person first, then the whole MEX delegation (which reaches Jorge, not Lucía again).
    await share(server.url, server.session, id, { type: 'user', id: people.mex.user.id }, 'commenter')
    await waitFor(async () => (await inbox(people.mex)).notifications.some((n) => n.kind === 'invited'), 'the invitation notice')
    expect((await inbox(people.mex)).notifications.find((n) => n.kind === 'invited')).toMatchObject({
      documentId: id,
      data: { title: 'Declaración de Santiago', actorName: 'Ana Pérez', actorDelegation: 'CHL', role: 'commenter' },
    })
    await waitFor(() => smtp.mails.some((m) => m.to.includes('lucia@sre.gob.mx')), 'the invitation mail')
    const mail = smtp.mails.find((m) => m.to.includes('lucia@sre.gob.mx'))!
    expect(mail.subject).toContain('Ana Pérez (CHL) gave you access to «Declaración de Santiago» as a commenter')
    expect(mail.text).toContain(`Open: ${server.url}/d/${id}`)

    await share(server.url, server.session, id, { type: 'delegation', id: 'MEX' }, 'editor')
    await waitFor(async () => (await inbox(people.mex2)).notifications.some((n) => n.kind === 'invited' && n.data.role === 'editor'), 'the delegation’s new reader told')
    // A role change for someone who already read it is no invitation.
    await share(server.url, server.session, id, { type: 'user', id: people.mex.user.id }, 'editor')
    await server.app.mailer!.idle()
    expect((await inbox(people.mex)).notifications.filter((n) => n.kind === 'invited')).toHaveLength(1)
    // PAN was never given access; Jorge switched invitations off: no mail for either, and Ana acted.
    expect((await inbox(people.pan)).notifications).toHaveLength(0)
    expect(smtp.mails.map((m) => m.to).flat().sort()).toEqual(['lucia@sre.gob.mx'])
  })
})

describe('agreements coming due', () => {
  it('[NOTIFY-21] an open agreement due within three days is told once to its responsible delegations’ members, by two instances checking at once; later, done or far ones are not', async () => {
    await server.close()
    const store = await reopenableStorage('agreements_due')
    let now = new Date('2026-12-07T09:00:00Z')
    const clock = (): Date => now
    const first = await startServer({ storage: await store.open(), smtpUrl: smtp.url, now: clock, agreementDueCheckMs: 0 })
    server = first
    const second = await startFirstRunServer({ storage: await store.open(), smtpUrl: smtp.url, now: clock, agreementDueCheckMs: 0 })
    try {
      const mex = await invite(first.url, first.session, { email: 'lucia@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' })
      const pan = await invite(first.url, first.session, { email: 'carlos@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
      expect((await api(first.url, mex).put('/api/notifications/prefs', { language: 'en', digest: 'off', emailOff: [] })).status).toBe(200)
      smtp.mails.length = 0
      const agreement = async (text: string, dueDate: string, responsible: string[], status = 'pending'): Promise<string> => {
        const response = await api(first.url, first.session).post('/api/register/agreements', { text, dueDate, responsible, status })
        expect(response.status, await response.clone().text()).toBe(201)
        return ((await response.json()) as { id: string }).id
      }
      await agreement('La Secretaría Técnica circulará el borrador de insumos antes de la reunión virtual.', '2026-12-09', ['MEX'])
      await agreement('Ya cumplido.', '2026-12-08', ['MEX'], 'done')
      await agreement('Más adelante.', '2026-12-20', ['MEX', 'PAN'])
      await agreement('Vencido ayer.', '2026-12-06', ['PAN'])
      const told = await Promise.all([first.app.agreementsDue.check(), second.app.agreementsDue.check()])
      expect(told[0]! + told[1]!).toBe(1)
      expect(await Promise.all([first.app.agreementsDue.check(), second.app.agreementsDue.check()])).toEqual([0, 0])
      const notices = (await (await api(first.url, mex).get('/api/notifications')).json()) as NotificationsResponse
      expect(notices.notifications.filter((n) => n.kind === 'agreement_due')).toHaveLength(1)
      expect(notices.notifications[0]!.data).toMatchObject({ dueDate: '2026-12-09', responsible: 'MEX' })
      expect((await (await api(first.url, pan).get('/api/notifications')).json()) as NotificationsResponse).toMatchObject({ unread: 0 })
      await waitFor(() => smtp.mails.length >= 1, 'the mail about the agreement')
      await first.app.mailer!.idle()
      await second.app.mailer!.idle()
      expect(smtp.mails).toHaveLength(1)
      expect(smtp.mails[0]!.to).toEqual(['lucia@sre.gob.mx'])
      expect(smtp.mails[0]!.subject).toContain('An agreement MEX is responsible for is due on 2026-12-09')
      expect(smtp.mails[0]!.text).toContain(`${first.url}/register`)
      // Twelve days on, the later one nears: told then, once.
      now = new Date('2026-12-18T09:00:00Z')
      expect(await first.app.agreementsDue.check()).toBe(1)
      await waitFor(async () => ((await (await api(first.url, pan).get('/api/notifications')).json()) as NotificationsResponse).unread === 1, 'PAN told of the later one')
    } finally {
      await second.close()
    }
  })
})

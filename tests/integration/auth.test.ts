/**
 * Accounts, sessions, invitations, cross-site protection, security headers and the audit
 * log, through the real HTTP API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditEntry, AuthState } from '@consenso/protocol'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, signIn, TEST_PASSWORD } from '../helpers/session.ts'

let server: TestServer
beforeEach(async () => {
  server = await startServer({ loginThrottle: { windowMs: 60_000, perAccount: 3, perAddress: 100 } })
})
afterEach(() => server.close())

const auditActions = async (): Promise<string[]> =>
  ((await (await api(server.url, server.session).get('/api/admin/audit')).json()) as { entries: AuditEntry[] }).entries.map((e) => e.action)

describe('accounts and sessions', () => {
  it('[AUTH-1] the first administrator is created once; afterwards setup is refused', async () => {
    const state = (await (await api(server.url).get('/api/auth/state')).json()) as AuthState
    expect(state).toEqual({ firstRun: false, user: null })
    const mine = (await (await api(server.url, server.session).get('/api/auth/state')).json()) as AuthState
    expect(mine.user).toMatchObject({ name: 'Ana Pérez', delegation: 'CHL', admin: true })
    const again = await api(server.url).post('/api/auth/setup', { email: 'x@y.org', name: 'Intruso', delegation: 'CHL', password: TEST_PASSWORD })
    expect(again.status).toBe(409)
  })

  it('[AUTH-2] a wrong password and an unknown account get the same generic answer; repeated failures are throttled', async () => {
    const wrong = await api(server.url).post('/api/auth/login', { email: 'ana.perez@minrel.cl', password: 'no-es-la-clave' })
    const unknown = await api(server.url).post('/api/auth/login', { email: 'nadie@ejemplo.org', password: 'no-es-la-clave' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
    await api(server.url).post('/api/auth/login', { email: 'ana.perez@minrel.cl', password: 'otra-clave-mala' })
    await api(server.url).post('/api/auth/login', { email: 'ANA.PEREZ@minrel.cl', password: 'otra-clave-mala' })
    const throttled = await api(server.url).post('/api/auth/login', { email: 'ana.perez@minrel.cl', password: TEST_PASSWORD })
    expect(throttled.status).toBe(429)
    expect(await auditActions()).toContain('auth.login_failed')
  })

  it('[AUTH-3] the session cookie is HttpOnly and SameSite=Strict, and a new one is issued at every sign-in', async () => {
    const response = await api(server.url).post('/api/auth/login', { email: 'ana.perez@minrel.cl', password: TEST_PASSWORD })
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/consenso_session=/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const again = await signIn(server.url, 'ana.perez@minrel.cl')
    expect(again.cookie).not.toBe(cookie.split(';')[0])
    expect(again.cookie).not.toBe(server.session.cookie)
  })

  it('[AUTH-4] sign out ends one session; sign out everywhere ends them all; a password change ends the others', async () => {
    const second = await signIn(server.url, 'ana.perez@minrel.cl')
    const third = await signIn(server.url, 'ana.perez@minrel.cl')
    expect((await api(server.url, second).post('/api/auth/logout')).status).toBe(204)
    expect((await api(server.url, second).get('/api/documents')).status).toBe(401)
    expect((await api(server.url, third).get('/api/documents')).status).toBe(200)

    const changed = await api(server.url, third).post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'una-clave-nueva-larga' })
    expect(changed.status).toBe(204)
    expect((await api(server.url, server.session).get('/api/documents')).status).toBe(401)
    expect((await api(server.url, third).get('/api/documents')).status).toBe(200)
    const wrongCurrent = await api(server.url, third).post('/api/auth/password', { currentPassword: 'no', newPassword: 'otra-clave-nueva-larga' })
    expect(wrongCurrent.status).toBe(400)

    const fourth = await signIn(server.url, 'ana.perez@minrel.cl', 'una-clave-nueva-larga')
    expect((await api(server.url, fourth).post('/api/auth/logout-all')).status).toBe(204)
    expect((await api(server.url, third).get('/api/documents')).status).toBe(401)
    expect((await api(server.url, fourth).get('/api/documents')).status).toBe(401)
  })

  it('[AUTH-5] an invitation creates an account in its delegation, once; a named address must match', async () => {
    const created = await api(server.url, server.session).post('/api/admin/invitations', { delegation: 'PAN', email: 'punto.focal@mire.gob.pa' })
    expect(created.status).toBe(201)
    const { token, url } = (await created.json()) as { token: string; url: string }
    expect(url).toBe(`${server.url}/invite/${token}`)
    const info = await api(server.url).get(`/api/invitations/${token}`)
    expect(await info.json()).toMatchObject({ delegation: { code: 'PAN' }, email: 'punto.focal@mire.gob.pa' })
    const mismatch = await api(server.url).post(`/api/invitations/${token}/accept`, { email: 'otra@mire.gob.pa', name: 'X', password: TEST_PASSWORD })
    expect(mismatch.status).toBe(400)
    const accepted = await api(server.url).post(`/api/invitations/${token}/accept`, {
      email: 'punto.focal@mire.gob.pa',
      name: 'Carlos Méndez',
      password: TEST_PASSWORD,
    })
    expect(accepted.status).toBe(201)
    expect(await accepted.json()).toMatchObject({ delegation: 'PAN', admin: false, name: 'Carlos Méndez' })
    const reused = await api(server.url).post(`/api/invitations/${token}/accept`, { email: 'punto.focal@mire.gob.pa', name: 'Otro', password: TEST_PASSWORD })
    expect(reused.status).toBe(410)
    expect((await api(server.url).get(`/api/invitations/${token}`)).status).toBe(410)
    expect((await api(server.url).get('/api/invitations/not-a-real-token')).status).toBe(404)
    expect(await auditActions()).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']))
  })

  it('[AUTH-6] a disabled account cannot sign in and its sessions end at once', async () => {
    const pan = await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'John Smith', delegation: 'PAN' })
    const disabled = await api(server.url, server.session).patch(`/api/admin/users/${pan.user.id}`, { disabled: true })
    expect(disabled.status).toBe(200)
    expect((await api(server.url, pan).get('/api/documents')).status).toBe(401)
    expect((await api(server.url).post('/api/auth/login', { email: 'panama@mire.gob.pa', password: TEST_PASSWORD })).status).toBe(401)
    const self = await api(server.url, server.session).patch(`/api/admin/users/${server.session.user.id}`, { disabled: true })
    expect(self.status).toBe(409)
  })

  it('[AUTH-7] a state-changing request from another origin is refused', async () => {
    const response = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: server.session.cookie, origin: 'https://evil.example' },
      body: JSON.stringify({ title: 'Falso', template: 'blank' }),
    })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ error: 'cross_site_request' })
    expect((await server.storage.listDocuments()).map((d) => d.title)).not.toContain('Falso')
  })

  it('[AUTH-8] responses carry a strict Content-Security-Policy and the usual security headers', async () => {
    const response = await fetch(`${server.url}/api/health`)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('[AUTH-9] the audit log records without document text and downloads as CSV', async () => {
    const id = await server.createDocument('Texto confidencial de la negociación', 'declaration')
    await api(server.url).post('/api/auth/login', { email: 'ana.perez@minrel.cl', password: 'mala-clave-123' })
    const csv = await api(server.url, server.session).get('/api/admin/audit.csv')
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    const text = await csv.text()
    expect(text.split('\r\n')[0]).toBe('id,at,action,actor,delegation,document,target,ip,details')
    expect(text).toContain('document.created')
    expect(text).toContain(id)
    expect(text).toContain('auth.login_failed')
    expect(text).not.toContain('Reconociendo')
    const filtered = (await (await api(server.url, server.session).get(`/api/admin/audit?documentId=${id}`)).json()) as { entries: AuditEntry[] }
    expect(filtered.entries.map((e) => e.action)).toEqual(['document.created'])
  })
})

/**
 * The HTTP side of running on the internet behind a proxy: the proxy's forwarded address
 * (TRUST_PROXY), sign-in attempts sent in parallel, the throttle's memory, percent-encoded
 * routes, caching of private answers, probing through invitations and oversized anchors
 * ([AUTH-10] … [AUTH-15]).
 */
import { describe, expect, it } from 'vitest'
import type { AuditEntry, InvitationCreated } from '@consenso/protocol'
import { LoginThrottle } from '@consenso/server/login-throttle'
import { ConcurrencyGate, GateFullError } from '@consenso/server/concurrency-gate'
import { MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES } from '@consenso/server/passwords'
import type { TestServer } from '../helpers/server.ts'
import { perTest } from '../helpers/per-test.ts'
import { connectClient } from '../helpers/clients.ts'
import { anchorOn } from '../helpers/body.ts'
import { api, TEST_PASSWORD } from '../helpers/session.ts'

const scope = perTest()

const login = (url: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: JSON.stringify({ email, password }),
  })

async function audit(s: TestServer): Promise<AuditEntry[]> {
  return ((await (await api(s.url, s.session).get('/api/admin/audit')).json()) as { entries: AuditEntry[] }).entries
}

describe('abuse over HTTP', () => {
  it('[AUTH-10] sign-in attempts sent in parallel are counted before the password is hashed: no more than the limit get an answer on the password', async () => {
    const server = await scope.start({ loginThrottle: { windowMs: 60_000, perAccount: 5, perAddress: 1000 } })
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(server.url, 'ana.perez@minrel.cl', `clave-equivocada-${i}`)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(35)
    // The right password is refused too until the window moves on.
    expect((await login(server.url, 'ana.perez@minrel.cl', TEST_PASSWORD)).status).toBe(429)
  })

  it('[AUTH-11] password hashes run a few at a time and a bounded few wait: the gate holds its bounds exactly', async () => {
    const gate = new ConcurrencyGate(4, 32)
    const releases: (() => void)[] = []
    let running = 0
    let peak = 0
    const task = () =>
      gate.run(
        () =>
          new Promise<void>((resolve) => {
            running += 1
            peak = Math.max(peak, running)
            releases.push(() => {
              running -= 1
              resolve()
            })
          }),
      )
    const outcomes = Array.from({ length: 80 }, () => task().then(() => 'done', (error: unknown) => (error instanceof GateFullError ? 'refused' : 'other')))
    // 4 run, 32 wait, 44 are refused at once.
    expect(await Promise.all(outcomes.slice(36))).toEqual(Array(44).fill('refused'))
    expect({ active: gate.active, waiting: gate.waiting, running }).toEqual({ active: 4, waiting: 32, running: 4 })
    while (releases.length > 0) {
      releases.shift()!()
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await Promise.all(outcomes.slice(0, 36))).toEqual(Array(36).fill('done'))
    expect(peak).toBe(4)
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 0, waiting: 0 })
  })

  it('[AUTH-11] a burst of sign-ins beyond the gate is answered 503 busy with Retry-After, never 500; sign-in works after it', async () => {
    const server = await scope.start({ loginThrottle: { windowMs: 60_000, perAccount: 1000, perAddress: 1000 } })
    // Different made-up accounts, so the per-account limit does not answer first. Far more
    // than 4 + 32 arrive while the first hashes (tens of milliseconds each) still run.
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => login(server.url, `nadie${i}@ejemplo.org`, 'no-es-la-clave')))
    const statuses = answers.map((r) => r.status)
    expect(statuses.every((s) => s === 401 || s === 503), statuses.join(',')).toBe(true)
    const busy = answers.find((r) => r.status === 503)
    expect(busy, statuses.join(',')).toBeDefined()
    // Whatever the arrival timing, those that got a place (running or waiting) were answered on the password.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES)
    expect(busy!.headers.get('retry-after')).toBe('1')
    expect(((await busy!.json()) as { error: string }).error).toBe('busy')
    expect((await login(server.url, 'ana.perez@minrel.cl', TEST_PASSWORD)).status).toBe(200)
  })

  it('[AUTH-12] the sign-in throttle remembers a bounded number of accounts and addresses', () => {
    const throttle = new LoginThrottle({ windowMs: 60_000, perAccount: 3, perAddress: 3 }, () => 1_000, 100)
    for (let i = 0; i < 5000; i++) throttle.attempt(`cuenta${i}@ejemplo.org`, `198.51.${i >> 8}.${i & 255}`)
    expect(throttle.size).toEqual({ accounts: 100, addresses: 100 })
    // The most recent ones are kept, and still limit.
    for (let i = 0; i < 2; i++) expect(throttle.attempt('cuenta4999@ejemplo.org', '203.0.113.1')).toBe(true)
    expect(throttle.attempt('cuenta4999@ejemplo.org', '203.0.113.1')).toBe(false)
  })

  it('[AUTH-13] with TRUST_PROXY the forwarded address is the one audited and limited; without it the header is ignored', async () => {
    const proxied = await scope.start({ trustProxy: '127.0.0.1', loginThrottle: { windowMs: 60_000, perAccount: 100, perAddress: 2 } })
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    for (let i = 0; i < 2; i++) expect((await login(proxied.url, 'x@ejemplo.org', 'mala-clave-1', from('203.0.113.7'))).status).toBe(401)
    // That address is now limited; another person behind the same proxy is not.
    expect((await login(proxied.url, 'x@ejemplo.org', 'mala-clave-1', from('203.0.113.7'))).status).toBe(429)
    expect((await login(proxied.url, 'ana.perez@minrel.cl', TEST_PASSWORD, from('198.51.100.23'))).status).toBe(200)
    const ips = (await audit(proxied)).filter((e) => e.action.startsWith('auth.login')).map((e) => e.ip)
    expect(new Set(ips)).toEqual(new Set(['203.0.113.7', '198.51.100.23']))
    await proxied.close()

    const server = await scope.start({ loginThrottle: { windowMs: 60_000, perAccount: 100, perAddress: 100 } })
    await login(server.url, 'x@ejemplo.org', 'mala-clave-1', from('203.0.113.7'))
    const untrusted = (await audit(server)).find((e) => e.action === 'auth.login_failed')
    expect(untrusted?.ip).toMatch(/127\.0\.0\.1$/)
  })

  it('[AUTH-14] a percent-encoded /api/ prefix gets the same origin and session checks; every API answer says Cache-Control: no-store', async () => {
    const server = await scope.start()
    const evil = 'https://malicioso.example'
    // Without the check this would sign Ana out from another site.
    const logout = await fetch(`${server.url}/%61pi/auth/logout`, { method: 'POST', headers: { cookie: server.cookie, origin: evil } })
    expect(logout.status).toBe(403)
    expect((await api(server.url, server.session).get('/api/documents')).status).toBe(200)
    const encodedRead = await fetch(`${server.url}/%61pi/documents`, { headers: { cookie: server.cookie } })
    expect(encodedRead.status).toBe(200)
    expect((await fetch(`${server.url}/%61pi/documents`)).status).toBe(401)

    for (const path of ['/api/documents', '/api/auth/state', '/api/admin/users', '/api/no-such-route']) {
      const response = await api(server.url, server.session).get(path)
      expect(response.headers.get('cache-control'), path).toBe('no-store')
    }
    expect((await api(server.url).post('/api/auth/login', { email: 'a@b.c', password: 'x' })).headers.get('cache-control')).toBe('no-store')
  })

  it('[AUTH-15] accepting an invitation with an e-mail that has an account gets a generic answer and spends the link', async () => {
    const server = await scope.start()
    const url = server.url
    const created = (await (await api(url, server.session).post('/api/admin/invitations', { delegation: 'PAN', admin: false })).json()) as InvitationCreated
    const accept = (email: string) => api(url).post(`/api/invitations/${created.token}/accept`, { email, name: 'Sondeo', password: TEST_PASSWORD })
    const taken = await accept('ana.perez@minrel.cl')
    expect(taken.status).toBe(410)
    const body = (await taken.json()) as { error: string; message: string }
    expect(body.error).toBe('invitation_refused')
    expect(body.message).not.toMatch(/already exists/)
    // The link cannot probe a second address, nor be used after all.
    expect((await accept('otra.persona@ejemplo.org')).status).toBe(410)
    expect((await api(server.url).get(`/api/invitations/${created.token}`)).status).toBe(410)
    expect((await audit(server)).map((e) => e.action)).toContain('invitation.refused')
  })

  it('[AUTH-16] a comment or bracket anchor is a Yjs relative position of bounded size; a 1 MB anchor is refused and stores nothing', async () => {
    const server = await scope.start()
    const id = await server.createDocument('Anclas', 'declaration')
    const client = scope.track(connectClient(server, id))
    await client.waitSynced()
    client.addParagraph('Los Estados acuerdan consolidar los insumos.')
    await client.waitSaved()
    const owner = api(server.url, server.session)
    const good = anchorOn(client.doc, 'consolidar')
    expect((await owner.post(`/api/documents/${id}/threads`, { anchor: good, quote: 'consolidar', text: 'Bien' })).status).toBe(201)

    const huge = { start: { ...(good.start as object), tname: 'x'.repeat(1000 * 1000) }, end: good.end }
    const refused = await owner.post(`/api/documents/${id}/threads`, { anchor: huge, quote: 'consolidar', text: 'Ancla enorme' })
    expect(refused.status).toBe(400)
    const extra = { start: { ...(good.start as object), padding: 'x'.repeat(500) }, end: good.end }
    expect((await owner.post(`/api/documents/${id}/threads`, { anchor: extra, quote: 'consolidar', text: 'Campo de más' })).status).toBe(400)
    const threads = (await (await owner.get(`/api/documents/${id}/threads`)).json()) as { threads: unknown[] }
    expect(threads.threads).toHaveLength(1)
  })
})

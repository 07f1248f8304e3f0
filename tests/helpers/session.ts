/**
 * Accounts for tests, made through the real HTTP API: the first administrator via
 * /api/auth/setup, everyone else via an invitation. Node's fetch keeps no cookies, so a
 * session is its cookie header, passed explicitly.
 */
import type { InvitationCreated, Role, SessionUser } from '@consenso/protocol'

export interface TestSession {
  /** `consenso_session=…`, for the `cookie` header. */
  cookie: string
  user: SessionUser
}

export const TEST_PASSWORD = 'contraseña-de-prueba-segura'

function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie')
  const match = header && /consenso_session=[^;]+/.exec(header)
  if (!match) throw new Error(`no session cookie in the response (${response.status})`)
  return match[0]
}

/** A small API client: JSON in, Response out, with the session's cookie and our Origin. */
export function api(baseUrl: string, session?: TestSession | null) {
  const call = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { cookie: session.cookie } : {}),
        origin: baseUrl,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string, body?: unknown) => call('DELETE', path, body),
  }
}

async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${await response.text()}`)
  return response
}

export async function setupAdmin(
  baseUrl: string,
  person: { email?: string; name?: string; delegation?: string } = {},
): Promise<TestSession> {
  const response = await expectStatus(
    await api(baseUrl).post('/api/auth/setup', {
      email: person.email ?? 'ana.perez@minrel.cl',
      name: person.name ?? 'Ana Pérez',
      delegation: person.delegation ?? 'CHL',
      password: TEST_PASSWORD,
    }),
    201,
    'setting up the first administrator',
  )
  return { cookie: cookieFrom(response), user: (await response.json()) as SessionUser }
}

export async function invite(
  baseUrl: string,
  admin: TestSession,
  person: { email: string; name: string; delegation: string; admin?: boolean },
): Promise<TestSession> {
  const created = await expectStatus(
    await api(baseUrl, admin).post('/api/admin/invitations', { delegation: person.delegation, email: person.email, admin: person.admin ?? false }),
    201,
    'creating an invitation',
  )
  const { token } = (await created.json()) as InvitationCreated
  const accepted = await expectStatus(
    await api(baseUrl).post(`/api/invitations/${token}/accept`, { email: person.email, name: person.name, password: TEST_PASSWORD }),
    201,
    'accepting an invitation',
  )
  return { cookie: cookieFrom(accepted), user: (await accepted.json()) as SessionUser }
}

export async function signIn(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<TestSession> {
  const response = await expectStatus(await api(baseUrl).post('/api/auth/login', { email, password }), 200, `signing in ${email}`)
  return { cookie: cookieFrom(response), user: (await response.json()) as SessionUser }
}

export async function share(
  baseUrl: string,
  owner: TestSession,
  documentId: string,
  principal: { type: 'user' | 'delegation'; id: string },
  role: Role,
): Promise<void> {
  await expectStatus(await api(baseUrl, owner).put(`/api/documents/${documentId}/members`, { principal, role }), 200, 'sharing a draft')
}

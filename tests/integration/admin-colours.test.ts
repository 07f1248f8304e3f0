/**
 * An administrator's delegation colour is checked like the built-in ones (server/SPEC.md
 * ADMIN-COLOUR-1): a colour in which suggested words, deletions, caret labels or underlines would
 * read below WCAG's 4.5:1 (text) or 3:1 (lines) is refused with the use and the ratio, and
 * nothing is stored; a readable one is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api } from '../helpers/session.ts'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.close()
})

const delegation = (code: string, color: string) => ({ code, nameEs: `Prueba ${code}`, nameEn: `Test ${code}`, kind: 'organisation', color })

describe('delegation colours an administrator enters', () => {
  it('[ADMIN-COLOUR-1] a pale colour is refused with the use and ratio that fail; a dark one is stored', async () => {
    const admin = api(server.url, server.session)
    for (const [code, pale] of [
      ['YELLOW', '#f5d90a'],
      ['SKY', '#7fb8e6'],
      ['PINK', '#ff8fab'],
    ] as const) {
      const response = await admin.post('/api/admin/delegations', delegation(code, pale))
      expect(response.status, code).toBe(400)
      const body = (await response.json()) as { error: string; message: string }
      expect(body.error).toBe('colour_contrast')
      expect(body.message).toMatch(new RegExp(`^The colour ${pale}: suggested words on their tint read at \\d\\.\\d\\d:1 \\(4\\.5:1 needed\\); choose a darker colour\\.$`, 'u'))
      expect(await server.storage.delegations.getDelegation(code)).toBeUndefined()
    }
    const stored = await admin.post('/api/admin/delegations', delegation('NAVY', '#1f3a68'))
    expect(stored.status).toBe(201)
    expect(await server.storage.delegations.getDelegation('NAVY')).toMatchObject({ color: '#1f3a68' })
  })
})

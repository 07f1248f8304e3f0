import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentListResponse, DocumentSummary } from '@consenso/protocol'
import { plainText, yDocToJSON, numberJSON } from '@consenso/schema'
import * as Y from 'yjs'
import { startServer, tempDir, type TestServer } from '../helpers/server.ts'
import { api } from '../helpers/session.ts'

let server: TestServer
let clientDist: string

beforeAll(async () => {
  // A stand-in bundle: this suite checks routing, not the client itself (the e2e suite does).
  clientDist = tempDir('dist')
  mkdirSync(clientDist, { recursive: true })
  writeFileSync(join(clientDist, 'index.html'), '<!doctype html><title>Consenso</title>')
  server = await startServer({ clientDist })
})
afterAll(() => server.close())

const post = (body: unknown, contentType = 'application/json'): Promise<Response> =>
  fetch(`${server.url}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': contentType, cookie: server.session.cookie },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
const get = (path: string): Promise<Response> => api(server.url, server.session).get(path)

describe('HTTP API', () => {
  it('[HTTP-1] GET /api/health reports status, version, storage and fan-out', async () => {
    const response = await fetch(`${server.url}/api/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), storage: server.storage.kind, fanout: 'local' })
  })

  it('[HTTP-2] POST /api/documents creates a draft from a template in the asked language', async () => {
    const response = await post({ title: '  Joint   declaration ', template: 'declaration', language: 'en' })
    expect(response.status).toBe(201)
    const { id } = (await response.json()) as { id: string }
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/)
    const summary = (await (await get(`/api/documents/${id}`)).json()) as DocumentSummary
    expect(summary).toMatchObject({ id, title: 'Joint declaration', template: 'declaration', role: 'owner', present: [] })
    const log = await server.storage.loadLog({ documentId: id, name: 'body' })
    const doc = new Y.Doc()
    for (const update of log.updates) Y.applyUpdate(doc, update)
    const json = yDocToJSON(doc)
    expect(plainText(json)).toMatch(/^Joint declaration\nPreamble\n/)
    expect([...numberJSON(json).values()]).toEqual(['PP1', 'PP2', 'OP1', 'OP2'])
    const list = (await (await get('/api/documents')).json()) as DocumentListResponse
    expect(list.documents.map((d) => d.id)).toContain(id)
  })

  const invalid: [string, unknown, string?][] = [
    ['a missing title', { template: 'blank' }],
    ['a blank title', { title: '   ', template: 'blank' }],
    ['a title over 200 characters', { title: 'x'.repeat(201), template: 'blank' }],
    ['an unknown template', { title: 'T', template: 'treaty' }],
    ['an unknown language', { title: 'T', template: 'blank', language: 'fr' }],
    ['an unexpected field', { title: 'T', template: 'blank', owner: 'me' }],
    ['a body that is not JSON', '{"title": ', 'application/json'],
    ['an array body', [1, 2]],
  ]
  it.each(invalid)('[HTTP-3] POST /api/documents with %s answers 400 {error, message} and creates nothing', async (_what, body, type) => {
    const before = await server.storage.listDocuments()
    const response = await post(body, type)
    expect(response.status).toBe(400)
    const payload = (await response.json()) as { error: string; message: string }
    expect(payload.error).toEqual(expect.any(String))
    expect(payload.message.length).toBeGreaterThan(5)
    expect(await server.storage.listDocuments()).toEqual(before)
  })

  it('[HTTP-4] unknown drafts and API routes answer 404 with the error shape', async () => {
    for (const path of ['/api/documents/noSuchDraft123', '/api/documents/bad%20id', '/api/nothing']) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      expect(await response.json()).toEqual({ error: 'not_found', message: expect.any(String) })
    }
  })

  it('[HTTP-5] client routes fall back to index.html so a reload of /d/:id works', async () => {
    const response = await fetch(`${server.url}/d/someDraftId1234`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(await response.text()).toContain('<title>Consenso</title>')
  })
})

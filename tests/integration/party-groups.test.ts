/**
 * Party groups kept by administrators ([PARTY-*] in server/SPEC.md): everyone signed in lists
 * them (the built-in CRM, CSM and ad hoc groups first); administrators create a troika, change
 * it and delete it, audited; anyone else is refused and nothing changes; every body is
 * validated. Runs on SQLite and (integration-postgres) on Postgres.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PartyGroup, PartyGroupsResponse } from '@consenso/protocol'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, type TestSession } from '../helpers/session.ts'

let server: TestServer
let pan: TestSession

beforeEach(async () => {
  server = await startServer({ logger: { level: 'silent' } })
  pan = await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' })
})
afterEach(async () => {
  await server.close()
})

const list = async (session: TestSession): Promise<PartyGroup[]> => ((await (await api(server.url, session).get('/api/party-groups')).json()) as PartyGroupsResponse).groups

describe('party groups', () => {
  it('[PARTY-1] everyone signed in lists the groups, the built-in ones first; signed out is 401', async () => {
    const groups = await list(pan)
    expect(groups.map((g) => g.id)).toEqual(['crm', 'csm', 'ad-hoc'])
    expect(groups.find((g) => g.id === 'ad-hoc')?.members).toEqual(['CHL', 'PAN'])
    expect(groups.find((g) => g.id === 'crm')?.members).toContain('MEX')
    expect((await api(server.url).get('/api/party-groups')).status).toBe(401)
  })

  it('[PARTY-2] administrators create, change and delete a troika (audited); anyone else gets 403 and nothing changes', async () => {
    const admin = api(server.url, server.session)
    const created = await admin.post('/api/admin/party-groups', { nameEs: '  Troika de la CRM ', nameEn: 'CRM troika', members: ['CRI', 'MEX', 'PAN'] })
    expect(created.status).toBe(201)
    const troika = (await created.json()) as PartyGroup
    expect(troika).toMatchObject({ nameEs: 'Troika de la CRM', nameEn: 'CRM troika', members: ['CRI', 'MEX', 'PAN'] })
    expect((await list(pan)).map((g) => g.id)).toEqual(['crm', 'csm', 'ad-hoc', troika.id])

    const other = api(server.url, pan)
    expect((await other.post('/api/admin/party-groups', { nameEs: 'X', nameEn: 'X', members: ['PAN'] })).status).toBe(403)
    expect((await other.patch(`/api/admin/party-groups/${troika.id}`, { members: ['PAN'] })).status).toBe(403)
    expect((await other.delete(`/api/admin/party-groups/crm`)).status).toBe(403)
    expect((await api(server.url).patch(`/api/admin/party-groups/${troika.id}`, { members: ['PAN'] })).status).toBe(401)
    expect((await list(pan)).find((g) => g.id === troika.id)?.members).toEqual(['CRI', 'MEX', 'PAN'])
    expect((await list(pan)).length).toBe(4)

    // The next presidency: Guatemala in, Costa Rica out.
    const changed = await admin.patch(`/api/admin/party-groups/${troika.id}`, { members: ['MEX', 'PAN', 'GTM'] })
    expect(changed.status).toBe(200)
    expect(((await changed.json()) as PartyGroup).members).toEqual(['MEX', 'PAN', 'GTM'])
    expect((await admin.patch('/api/admin/party-groups/crm', { nameEn: 'RCM members' })).status).toBe(200)
    expect((await list(pan)).find((g) => g.id === 'crm')).toMatchObject({ nameEn: 'RCM members', nameEs: 'Miembros de la CRM' })
    expect((await admin.delete(`/api/admin/party-groups/${troika.id}`)).status).toBe(204)
    expect((await admin.delete(`/api/admin/party-groups/${troika.id}`)).status).toBe(404)
    expect((await list(pan)).map((g) => g.id)).toEqual(['crm', 'csm', 'ad-hoc'])

    const audit = (await (await admin.get('/api/admin/audit?limit=50')).json()) as { entries: { action: string; target: string | null }[] }
    const actions = audit.entries.filter((e) => e.action.startsWith('party_group.')).map((e) => `${e.action} ${e.target}`)
    expect(actions).toEqual(expect.arrayContaining([`party_group.created ${troika.id}`, `party_group.updated ${troika.id}`, 'party_group.updated crm', `party_group.deleted ${troika.id}`]))
  })

  it('[PARTY-3] bodies are validated: unknown fields, blank names, no or repeated members, malformed or unknown codes answer 400; an unknown group 404; nothing changes', async () => {
    const admin = api(server.url, server.session)
    const good = { nameEs: 'Troika', nameEn: 'Troika', members: ['PAN'] }
    const bad: Array<[unknown, string]> = [
      [{ ...good, extra: true }, 'invalid_request'],
      [{ ...good, nameEs: '' }, 'invalid_request'],
      [{ ...good, nameEn: '   ' }, 'invalid_request'],
      [{ ...good, nameEn: 'x'.repeat(121) }, 'invalid_request'],
      [{ ...good, members: [] }, 'invalid_request'],
      [{ ...good, members: ['PAN', 'PAN'] }, 'invalid_request'],
      [{ ...good, members: ['pan'] }, 'invalid_request'],
      [{ nameEs: 'Troika', members: ['PAN'] }, 'invalid_request'],
      [{ ...good, members: ['PAN', 'XYZ'] }, 'unknown_delegation'],
    ]
    for (const [body, error] of bad) {
      const answer = await admin.post('/api/admin/party-groups', body)
      expect(answer.status, JSON.stringify(body)).toBe(400)
      expect(((await answer.json()) as { error: string }).error, JSON.stringify(body)).toBe(error)
    }
    for (const body of [{}, { members: ['ZZZ'] }, { nameEs: ' ' }, { id: 'other' }]) {
      expect((await admin.patch('/api/admin/party-groups/crm', body)).status, JSON.stringify(body)).toBe(400)
    }
    expect((await admin.patch('/api/admin/party-groups/nope', { nameEn: 'x' })).status).toBe(404)
    expect((await admin.patch('/api/admin/party-groups/bad%20id', { nameEn: 'x' })).status).toBe(400)
    expect((await list(pan)).map((g) => g.id)).toEqual(['crm', 'csm', 'ad-hoc'])
    expect((await list(pan)).find((g) => g.id === 'crm')?.nameEn).toBe('CRM members')
  })
})

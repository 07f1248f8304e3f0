/**
 * The plenary view's focus ([PLENARY-*] in server/SPEC.md): the chair (an owner, or a technical
 * secretariat's member with comment rights) moves the paragraph under discussion through
 * `PUT /api/documents/:id/plenary`; it reaches a live reader of the review document at once;
 * anyone else is refused and nothing changes; bodies and paragraphs are validated. Runs on
 * SQLite and (integration-postgres) on Postgres.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { PLENARY_FOCUS_FIELD, REVIEW_PLENARY_KEY, readPlenaryFocus, type PlenaryState } from '@consenso/protocol'
import { numberedParagraphs, yDocToJSON } from '@consenso/schema'
import { invitePeople, perTest } from '../helpers/per-test.ts'
import type { TestServer } from '../helpers/server.ts'
import { api, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const scope = perTest()
let server: TestServer
let pan: TestSession
let secretariat: TestSession
let stCsm: TestSession

beforeEach(async () => {
  server = await scope.start({ logger: { level: 'silent' } })
  ;({ pan, secretariat, stCsm } = await invitePeople(server, {
    pan: { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' },
    secretariat: { email: 'st@crm.org', name: 'Sofía Torres', delegation: 'ST-CRM' },
    stCsm: { email: 'st@csm.org', name: 'Sergio Tapia', delegation: 'ST-CSM' },
  }))
})

async function declaration(): Promise<{ id: string; ops: string[]; title: string }> {
  const id = await server.createDocument('Declaración conjunta', 'declaration')
  await share(server.url, server.session, id, { type: 'user', id: pan.user.id }, 'editor')
  await share(server.url, server.session, id, { type: 'user', id: secretariat.user.id }, 'commenter')
  await share(server.url, server.session, id, { type: 'user', id: stCsm.user.id }, 'viewer')
  const reader = scope.connect(server.session, id)
  await reader.waitSynced()
  const json = yDocToJSON(reader.doc)
  const ops = numberedParagraphs(json).filter((p) => p.label.startsWith('OP')).map((p) => p.id)
  const title = (json.content?.[0]?.attrs?.id as string | undefined) ?? ''
  return { id, ops, title }
}

describe('plenary focus', () => {
  it('[PLENARY-1] the chair moves the paragraph under discussion; a live reader of the review document sees it move, and GET answers it', async () => {
    const { id, ops } = await declaration()
    expect(ops.length).toBeGreaterThanOrEqual(2)
    const meta = scope.connect(pan, id, { channel: 'meta' })
    await meta.waitSynced()
    const live = () => readPlenaryFocus(meta.doc.getMap(REVIEW_PLENARY_KEY).get(PLENARY_FOCUS_FIELD))

    const owner = api(server.url, server.session)
    const moved = await owner.put(`/api/documents/${id}/plenary`, { paragraphId: ops[1] })
    expect(moved.status).toBe(200)
    await waitFor(() => live()?.paragraphId === ops[1], 'the focus on OP2 reaching the reader')
    expect(live()?.by.id).toBe(server.session.user.id)

    expect((await owner.put(`/api/documents/${id}/plenary`, { paragraphId: ops[0] })).status).toBe(200)
    await waitFor(() => live()?.paragraphId === ops[0], 'the focus back on OP1')

    const state = (await (await api(server.url, pan).get(`/api/documents/${id}/plenary`)).json()) as PlenaryState
    expect(state.focus?.paragraphId).toBe(ops[0])
    expect(state.mayChair).toBe(false)

    // Cleared: no paragraph under discussion.
    expect((await owner.put(`/api/documents/${id}/plenary`, { paragraphId: null })).status).toBe(200)
    await waitFor(() => live()?.paragraphId === null, 'the focus cleared')
  })

  it('[PLENARY-2] only the chair moves it: an editor of a country is refused (403 not_chair) and nothing changes; a secretariat commenter chairs; a secretariat viewer does not', async () => {
    const { id, ops } = await declaration()
    const owner = api(server.url, server.session)
    expect((await owner.put(`/api/documents/${id}/plenary`, { paragraphId: ops[0] })).status).toBe(200)

    const refused = await api(server.url, pan).put(`/api/documents/${id}/plenary`, { paragraphId: ops[1] })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: string }).error).toBe('not_chair')
    const viewer = await api(server.url, stCsm).put(`/api/documents/${id}/plenary`, { paragraphId: ops[1] })
    expect(viewer.status).toBe(403)
    let state = (await (await owner.get(`/api/documents/${id}/plenary`)).json()) as PlenaryState
    expect(state.focus?.paragraphId).toBe(ops[0])
    expect(state.mayChair).toBe(true)

    const st = api(server.url, secretariat)
    expect(((await (await st.get(`/api/documents/${id}/plenary`)).json()) as PlenaryState).mayChair).toBe(true)
    expect((await st.put(`/api/documents/${id}/plenary`, { paragraphId: ops[1] })).status).toBe(200)
    state = (await (await owner.get(`/api/documents/${id}/plenary`)).json()) as PlenaryState
    expect(state.focus?.paragraphId).toBe(ops[1])
    expect(state.focus?.by.delegation).toBe('ST-CRM')
  })

  it('[PLENARY-3] bodies are validated: an unknown field, a missing or malformed id, a block that is not a numbered paragraph answer 400 and change nothing', async () => {
    const { id, ops, title } = await declaration()
    const owner = api(server.url, server.session)
    expect((await owner.put(`/api/documents/${id}/plenary`, { paragraphId: ops[0] })).status).toBe(200)
    const bad: unknown[] = [{}, { paragraphId: ops[1], extra: 1 }, { paragraphId: 'no/such' }, { paragraphId: 'x'.repeat(65) }, { paragraphId: 'unknown-block' }, { paragraphId: title }, { paragraphId: 12 }]
    for (const body of bad) {
      const answer = await owner.put(`/api/documents/${id}/plenary`, body)
      expect(answer.status, JSON.stringify(body)).toBe(400)
    }
    const state = (await (await owner.get(`/api/documents/${id}/plenary`)).json()) as PlenaryState
    expect(state.focus?.paragraphId).toBe(ops[0])
  })
})

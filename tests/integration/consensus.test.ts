/**
 * Parties, positions and brackets through the HTTP API, read live from the review document
 * ([CONSENSUS-*] in server/SPEC.md).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  PARTIES_SETTING,
  REVIEW_BRACKETS_KEY,
  REVIEW_CONSENSUS_KEY,
  REVIEW_SETTINGS_KEY,
  type BracketRecord,
  type ConsensusSummary,
  type ParagraphConsensus,
} from '@consenso/protocol'
import { numberedParagraphs, yDocToJSON } from '@consenso/schema'
import { anchorOn, typeAfter } from '../helpers/body.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { invitePeople } from '../helpers/per-test.ts'
import { reopenableStorage, startFirstRunServer, startServer, type TestServer } from '../helpers/server.ts'
import { api, share, signIn, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
let people: Record<'pan' | 'mex' | 'secretariat', TestSession>
const clients: TestClient[] = []

async function inviteNegotiators(target: TestServer): Promise<void> {
  people = await invitePeople(target, {
    pan: { email: 'panama@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' },
    mex: { email: 'mexico@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' },
    secretariat: { email: 'secretaria@csm.example', name: 'Tomás Herrera', delegation: 'ST-CSM' },
  })
}

beforeEach(async () => {
  server = await startServer()
  await inviteNegotiators(server)
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

const as = (session: TestSession, id: string, channel: 'body' | 'meta' = 'body', target = server): TestClient => {
  const client = connectClient({ wsUrl: target.wsUrl, cookie: session.cookie }, id, { channel })
  clients.push(client)
  return client
}

/** The declaration template (PP1, PP2, OP1, OP2) shared with PAN and MEX as editors, the secretariat as commenter. */
async function declaration(target = server): Promise<string> {
  const id = await target.createDocument('Declaración conjunta', 'declaration')
  await share(target.url, target.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
  await share(target.url, target.session, id, { type: 'delegation', id: 'MEX' }, 'editor')
  await share(target.url, target.session, id, { type: 'delegation', id: 'ST-CSM' }, 'commenter')
  return id
}

/** The block ids of the declaration template's numbered paragraphs, by label. */
const paragraphIds = (doc: Y.Doc): Record<'PP1' | 'PP2' | 'OP1' | 'OP2', string> =>
  Object.fromEntries(numberedParagraphs(yDocToJSON(doc)).map((p) => [p.label, p.id])) as Record<'PP1' | 'PP2' | 'OP1' | 'OP2', string>

async function summary(id: string, session: TestSession = server.session, target = server): Promise<ConsensusSummary> {
  const response = await api(target.url, session).get(`/api/documents/${id}/consensus`)
  expect(response.status, await response.clone().text()).toBe(200)
  return (await response.json()) as ConsensusSummary
}

async function expectError(response: Response, status: number, error: string): Promise<void> {
  const text = await response.text()
  expect(response.status, text).toBe(status)
  expect(JSON.parse(text)).toMatchObject({ error })
}

describe('parties and positions', () => {
  it('[CONSENSUS-1] only owners set the parties; codes must exist; everyone who reads sees them', async () => {
    const id = await declaration()
    await expectError(await api(server.url, people.pan).put(`/api/documents/${id}/parties`, { parties: ['PAN'] }), 403, 'forbidden')
    await expectError(await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'XXX'] }), 400, 'unknown_delegation')
    await expectError(await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'CHL'] }), 400, 'invalid_request')
    await expectError(await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL'], extra: 1 }), 400, 'invalid_request')
    const set = await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN', 'MEX'] })
    expect(set.status).toBe(200)
    const seen = await summary(id, people.secretariat)
    expect(seen.parties).toEqual(['CHL', 'PAN', 'MEX'])
    expect(seen.paragraphs.map((p) => [p.number, p.status])).toEqual([
      ['PP1', 'open'],
      ['PP2', 'open'],
      ['OP1', 'open'],
      ['OP2', 'open'],
    ])
  })

  it('[CONSENSUS-2] a delegation records its own position only, as a party with edit rights; reservations need a text', async () => {
    const id = await declaration()
    await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN'] })
    const reader = as(people.pan, id)
    await reader.waitSynced()
    const { OP1: op1 } = paragraphIds(reader.doc)
    const pan = api(server.url, people.pan)
    await expectError(await pan.put(`/api/documents/${id}/positions/${op1}`, { delegation: 'CHL', stance: 'agree' }), 403, 'not_your_delegation')
    await expectError(await api(server.url, people.mex).put(`/api/documents/${id}/positions/${op1}`, { stance: 'agree' }), 403, 'not_a_party')
    await expectError(await api(server.url, people.secretariat).put(`/api/documents/${id}/positions/${op1}`, { stance: 'agree' }), 403, 'forbidden')
    await expectError(await pan.put(`/api/documents/${id}/positions/${op1}`, { stance: 'reservation', text: '  ' }), 400, 'position_text_required')
    await expectError(await pan.put(`/api/documents/${id}/positions/${op1}`, { stance: 'maybe' }), 400, 'invalid_request')
    await expectError(await pan.put(`/api/documents/${id}/positions/not-a-paragraph`, { stance: 'agree' }), 404, 'not_found')
    // Nothing was recorded by any of the refused calls.
    expect((await summary(id)).paragraphs.every((p) => Object.keys(p.positions).length === 0)).toBe(true)

    expect((await pan.put(`/api/documents/${id}/positions/${op1}`, { stance: 'agree_ad_ref' })).status).toBe(200)
    expect((await api(server.url, server.session).put(`/api/documents/${id}/positions/${op1}`, { stance: 'agree' })).status).toBe(200)
    let op = (await summary(id)).paragraphs.find((p) => p.paragraphId === op1)!
    expect(op.status).toBe('agreed_ad_ref')
    expect(op.positions.PAN).toMatchObject({ stance: 'agree_ad_ref', by: { name: 'Carlos Méndez', delegation: 'PAN' } })
    expect((await pan.put(`/api/documents/${id}/positions/${op1}`, { stance: 'agree' })).status).toBe(200)
    op = (await summary(id)).paragraphs.find((p) => p.paragraphId === op1)!
    expect(op.status).toBe('agreed')
    expect((await pan.put(`/api/documents/${id}/positions/${op1}`, { stance: null })).status).toBe(200)
    expect((await summary(id)).paragraphs.find((p) => p.paragraphId === op1)!.status).toBe('open')

    const audit = await api(server.url, server.session).get(`/api/admin/audit?action=consensus.position&documentId=${id}`)
    const entries = ((await audit.json()) as { entries: { details: Record<string, unknown> }[] }).entries
    expect(entries.map((e) => e.details.stance).sort()).toEqual(['agree', 'agree', 'agree_ad_ref', 'withdrawn'])
  })

  it('[CONSENSUS-3] two clients see a position change live', async () => {
    const id = await declaration()
    await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'MEX'] })
    const body = as(people.mex, id)
    const watchers = [as(people.secretariat, id, 'meta'), as(people.pan, id, 'meta')]
    await Promise.all([body.waitSynced(), ...watchers.map((w) => w.waitSynced())])
    const { OP2: op2 } = paragraphIds(body.doc)
    const response = await api(server.url, people.mex).put(`/api/documents/${id}/positions/${op2}`, {
      stance: 'reservation',
      text: 'México reserva su posición sobre la consolidación en un documento único.',
    })
    expect(response.status).toBe(200)
    for (const watcher of watchers) {
      await waitFor(
        () => (watcher.doc.getMap(REVIEW_CONSENSUS_KEY).get(op2) as ParagraphConsensus | undefined)?.positions.MEX?.stance === 'reservation',
        'the reservation to reach a live reader',
      )
      expect(watcher.doc.getMap(REVIEW_SETTINGS_KEY).get(PARTIES_SETTING)).toEqual(['CHL', 'MEX'])
    }
  })

  it('[CONSENSUS-4] editing an agreed paragraph reopens it, records who did, and keeps the earlier positions', async () => {
    const id = await declaration()
    await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN'] })
    const editor = as(people.pan, id)
    const watcher = as(people.secretariat, id, 'meta')
    await Promise.all([editor.waitSynced(), watcher.waitSynced()])
    const { OP1: op1, OP2: op2 } = paragraphIds(editor.doc)
    for (const session of [server.session, people.pan]) {
      for (const paragraph of [op1, op2]) {
        expect((await api(server.url, session).put(`/api/documents/${id}/positions/${paragraph}`, { stance: 'agree' })).status).toBe(200)
      }
    }
    expect((await summary(id)).totals).toMatchObject({ agreed: 2, open: 2 })

    typeAfter(editor.doc, 'Acordamos presentar', ' a la brevedad')
    await editor.waitSaved()
    const entryOf = () => watcher.doc.getMap(REVIEW_CONSENSUS_KEY).get(op1) as ParagraphConsensus
    await waitFor(() => entryOf().reopened !== null, 'OP1 to be reopened')
    const entry = entryOf()
    expect(entry.positions).toEqual({})
    expect(entry.reopened!.by).toMatchObject({ name: 'Carlos Méndez', delegation: 'PAN' })
    expect(entry.history).toHaveLength(1)
    expect(entry.history[0]!.positions.map((p) => p.delegation).sort()).toEqual(['CHL', 'PAN'])
    const after = await summary(id)
    expect(after.paragraphs.find((p) => p.paragraphId === op1)!.status).toBe('open')
    // The untouched paragraph stays agreed.
    expect(after.paragraphs.find((p) => p.paragraphId === op2)!.status).toBe('agreed')
    expect((watcher.doc.getMap(REVIEW_CONSENSUS_KEY).get(op2) as ParagraphConsensus).reopened).toBeNull()
  })
})

describe('brackets', () => {
  it('[CONSENSUS-5] an editor brackets words with an alternative for its delegation; the owner resolves it for everyone live', async () => {
    const id = await declaration()
    await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN'] })
    const panBody = as(people.pan, id)
    const chlBody = as(server.session, id)
    const watcher = as(people.secretariat, id, 'meta')
    await Promise.all([panBody.waitSynced(), chlBody.waitSynced(), watcher.waitSynced()])
    const { OP2: op2 } = paragraphIds(panBody.doc)
    const pan = api(server.url, people.pan)
    const phrase = 'consolidar las contribuciones'

    await expectError(await pan.post(`/api/documents/${id}/brackets`, { anchor: anchorOn(panBody.doc, phrase), sponsors: ['MEX'], alternatives: [] }), 403, 'not_a_sponsor')
    await expectError(await api(server.url, people.secretariat).post(`/api/documents/${id}/brackets`, { anchor: anchorOn(panBody.doc, phrase), sponsors: ['ST-CSM'], alternatives: [] }), 403, 'forbidden')
    const across = { start: anchorOn(panBody.doc, 'Acordamos').start, end: anchorOn(panBody.doc, 'consolidar').end }
    await expectError(await pan.post(`/api/documents/${id}/brackets`, { anchor: across, sponsors: ['PAN'], alternatives: [] }), 400, 'invalid_anchor')
    await expectError(await pan.post(`/api/documents/${id}/brackets`, { anchor: { start: {}, end: {} }, sponsors: ['PAN'], alternatives: [] }), 400, 'invalid_anchor')

    const created = await pan.post(`/api/documents/${id}/brackets`, {
      anchor: anchorOn(panBody.doc, phrase),
      sponsors: ['PAN'],
      alternatives: ['sistematizar los aportes'],
    })
    expect(created.status, await created.clone().text()).toBe(201)
    const bracket = (await created.json()) as BracketRecord
    expect(bracket).toMatchObject({ status: 'open', sponsors: ['PAN'], quote: phrase, paragraphId: op2, createdBy: { name: 'Carlos Méndez' } })
    await expectError(await pan.post(`/api/documents/${id}/brackets`, { anchor: anchorOn(panBody.doc, 'contribuciones'), sponsors: ['PAN'], alternatives: [] }), 409, 'already_bracketed')

    // Both editors' bodies carry the mark; the paragraph is open with one open bracket.
    for (const client of [panBody, chlBody]) {
      await waitFor(() => numberedParagraphs(yDocToJSON(client.doc)).find((p) => p.id === op2)!.bracketIds.includes(bracket.id), 'the bracket mark to reach an editor')
    }
    await waitFor(() => watcher.doc.getMap(REVIEW_BRACKETS_KEY).has(bracket.id), 'the bracket record to reach a reader')
    for (const session of [server.session, people.pan]) await api(server.url, session).put(`/api/documents/${id}/positions/${op2}`, { stance: 'agree' })
    let view = await summary(id)
    expect(view.paragraphs.find((p) => p.paragraphId === op2)).toMatchObject({ status: 'open', openBrackets: 1 })
    expect(view.totals.openBrackets).toBe(1)

    await expectError(await pan.post(`/api/documents/${id}/brackets/${bracket.id}/resolve`, { kind: 'keep' }), 403, 'forbidden')
    await expectError(await api(server.url, server.session).post(`/api/documents/${id}/brackets/${bracket.id}/resolve`, { kind: 'alternative', alternative: 2 }), 400, 'unknown_alternative')
    const resolved = await api(server.url, server.session).post(`/api/documents/${id}/brackets/${bracket.id}/resolve`, { kind: 'alternative', alternative: 1 })
    expect(resolved.status, await resolved.clone().text()).toBe(200)
    expect((await resolved.json()) as BracketRecord).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'alternative', alternative: 1, text: 'sistematizar los aportes', by: { name: 'Ana Pérez', delegation: 'CHL' } },
    })
    await expectError(await api(server.url, server.session).post(`/api/documents/${id}/brackets/${bracket.id}/resolve`, { kind: 'keep' }), 409, 'already_resolved')
    for (const client of [panBody, chlBody]) {
      await waitFor(() => {
        const op = numberedParagraphs(yDocToJSON(client.doc)).find((p) => p.id === op2)!
        return op.text.includes('sistematizar los aportes de los puntos focales') && op.bracketIds.length === 0
      }, 'the chosen alternative to replace the bracketed words for every editor')
    }
    // Changing the words reopened the paragraph: the positions given on the bracketed text are history.
    view = await summary(id)
    const op = view.paragraphs.find((p) => p.paragraphId === op2)!
    expect(op).toMatchObject({ status: 'open', openBrackets: 0, positions: {} })
    expect(op.reopened?.by).toMatchObject({ name: 'Ana Pérez' })
    expect(view.totals.openBrackets).toBe(0)
  })

  it('[CONSENSUS-6] keep removes only the brackets, delete removes the words', async () => {
    const id = await declaration()
    const body = as(server.session, id)
    await body.waitSynced()
    const owner = api(server.url, server.session)
    const make = async (words: string) =>
      ((await (await owner.post(`/api/documents/${id}/brackets`, { anchor: anchorOn(body.doc, words), sponsors: ['CHL', 'PAN'], alternatives: [] })).json()) as BracketRecord).id
    const kept = await make('coordinadas')
    const dropped = await make('sostenido ')
    expect((await owner.post(`/api/documents/${id}/brackets/${kept}/resolve`, { kind: 'keep' })).status).toBe(200)
    expect((await owner.post(`/api/documents/${id}/brackets/${dropped}/resolve`, { kind: 'delete' })).status).toBe(200)
    await waitFor(() => {
      const paragraphs = numberedParagraphs(yDocToJSON(body.doc))
      return paragraphs.every((p) => p.bracketIds.length === 0) && paragraphs[1]!.text.includes('el diálogo entre')
    }, 'both resolutions to reach the editor')
    expect(numberedParagraphs(yDocToJSON(body.doc))[0]!.text).toContain('respuestas coordinadas entre')
  })
})

describe('durability', () => {
  it('[CONSENSUS-7] parties, positions and brackets survive a server restart', async () => {
    await server.close()
    const store = await reopenableStorage('consensus_restart')
    server = await startServer({ storage: await store.open() })
    await inviteNegotiators(server)
    const id = await declaration()
    await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN'] })
    const body = as(people.pan, id)
    await body.waitSynced()
    const { PP1: pp1 } = paragraphIds(body.doc)
    await api(server.url, people.pan).put(`/api/documents/${id}/positions/${pp1}`, { stance: 'objection', text: 'Panamá objeta «retorno».' })
    const bracket = await api(server.url, people.pan).post(`/api/documents/${id}/brackets`, { anchor: anchorOn(body.doc, 'retorno'), sponsors: ['PAN'], alternatives: ['reintegración'] })
    expect(bracket.status).toBe(201)
    const before = await summary(id)
    for (const c of clients.splice(0)) c.destroy()
    await server.close()

    const again = await startFirstRunServer({ storage: await store.open() })
    try {
      const admin = await signIn(again.url, 'ana.perez@minrel.cl')
      const after = (await (await api(again.url, admin).get(`/api/documents/${id}/consensus`)).json()) as ConsensusSummary
      expect(after).toEqual(before)
      expect(after.paragraphs[0]!.positions.PAN).toMatchObject({ stance: 'objection', text: 'Panamá objeta «retorno».' })
      expect(after.totals.openBrackets).toBe(1)
    } finally {
      await again.close()
      await store.cleanup()
    }
  })
})

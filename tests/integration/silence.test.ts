/**
 * The silence procedure and adoption (SILENCE-*, ADOPT-* in server/SPEC.md) on a real server,
 * real websockets and real storage (SQLite; Postgres in integration-postgres). The server's
 * clock is injected, so deadlines pass when the test says, and the sweep is run by hand.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  type AuditEntry,
  type LinkableParagraphsResponse,
  type NotificationsResponse,
  type SilenceProcedure,
  type SilenceResponse,
  type VersionsResponse,
} from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import type { TestClient } from '../helpers/clients.ts'
import { denials, invitePeople, perTest } from '../helpers/per-test.ts'
import { reopenableStorage, startFirstRunServer, startServer, type TestServer } from '../helpers/server.ts'
import { api, share, signIn, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const T0 = new Date('2026-12-07T14:00:00Z')
let now = T0
const clock = (): Date => now
const scope = perTest()
let server: TestServer
let pan: TestSession
let mex: TestSession
let can: TestSession

beforeEach(async () => {
  now = T0
  server = await scope.start({ logger: { level: 'silent' }, now: clock, silenceSweepMs: 0 })
  ;({ pan, mex, can } = await invitePeople(server, {
    pan: { email: 'carlos@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' },
    mex: { email: 'lucia@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' },
    can: { email: 'claire@international.gc.ca', name: 'Claire Martin', delegation: 'CAN' },
  }))
})

/** The declaration shared with PAN, MEX (the parties) and CAN (not a party) as editors. */
async function declaration(target = server): Promise<{ id: string; op: Record<string, string> }> {
  const id = await target.createDocument('Declaración conjunta', 'declaration')
  for (const code of ['PAN', 'MEX', 'CAN']) await share(target.url, target.session, id, { type: 'delegation', id: code }, 'editor')
  expect((await api(target.url, target.session).put(`/api/documents/${id}/parties`, { parties: ['PAN', 'MEX'] })).status).toBe(200)
  const { paragraphs } = (await (await api(target.url, target.session).get(`/api/documents/${id}/paragraphs`)).json()) as LinkableParagraphsResponse
  return { id, op: Object.fromEntries(paragraphs.filter((p) => p.number).map((p) => [p.number!, p.id])) }
}

/** 10:00 in Panamá on T0's day is 15:00 UTC: an hour after T0. */
const DEADLINE = { deadline: '2026-12-07T10:00', timeZone: 'America/Panama' }
const DEADLINE_AT = new Date('2026-12-07T15:00:00Z')

async function start(id: string, extra: object = {}, target = server): Promise<SilenceProcedure> {
  const response = await api(target.url, target.session).post(`/api/documents/${id}/silence`, { ...DEADLINE, ...extra })
  expect(response.status, await response.clone().text()).toBe(201)
  return (await response.json()) as SilenceProcedure
}

async function state(id: string, target = server): Promise<SilenceResponse> {
  return (await (await api(target.url, target.session).get(`/api/documents/${id}/silence`)).json()) as SilenceResponse
}

async function audit(target = server, documentId?: string): Promise<AuditEntry[]> {
  const query = documentId ? `?documentId=${documentId}` : ''
  return ((await (await api(target.url, target.session).get(`/api/admin/audit${query}`)).json()) as { entries: AuditEntry[] }).entries
}

async function adoptedVersions(id: string, target = server): Promise<VersionsResponse['named']> {
  const { named } = (await (await api(target.url, target.session).get(`/api/documents/${id}/versions`)).json()) as VersionsResponse
  return named.filter((v) => v.name.startsWith('Adoptado / Adopted'))
}

const writer = (session: TestSession, id: string): TestClient => scope.connect(session, id, { consenso: false })

const paragraphText = (doc: Y.Doc, blockId: string): Y.XmlText => {
  const found = doc
    .getXmlFragment(BODY_FIELD)
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute('id') === blockId)
  return found!.get(0) as Y.XmlText
}

async function storedText(id: string, blockId: string): Promise<string> {
  const log = await server.storage.loadLog({ documentId: id, name: 'body' })
  const doc = new Y.Doc()
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot)
  for (const update of log.updates) Y.applyUpdate(doc, update)
  return paragraphText(doc, blockId).toString()
}

describe('starting a silence procedure', () => {
  it('[SILENCE-2] owners place a draft under silence until a deadline in an IANA zone; every body is validated', async () => {
    const { id, op } = await declaration()
    const owner = api(server.url, server.session)
    expect((await api(server.url, pan).post(`/api/documents/${id}/silence`, DEADLINE)).status).toBe(403)
    expect((await owner.post(`/api/documents/${id}/silence`, { ...DEADLINE, timeZone: 'Mars/Olympus' })).status).toBe(400)
    expect((await owner.post(`/api/documents/${id}/silence`, { ...DEADLINE, deadline: '2026-12-07 10:00' })).status).toBe(400)
    expect((await owner.post(`/api/documents/${id}/silence`, { ...DEADLINE, deadline: '2026-12-07T08:00' })).status).toBe(400)
    expect((await owner.post(`/api/documents/${id}/silence`, { ...DEADLINE, paragraphIds: ['nope'] })).status).toBe(400)
    expect((await owner.post(`/api/documents/${id}/silence`, { ...DEADLINE, extra: 1 })).status).toBe(400)
    const other = await server.createDocument('Sin partes', 'declaration')
    expect((await owner.post(`/api/documents/${other}/silence`, DEADLINE)).status).toBe(409)

    const procedure = await start(id, { paragraphIds: [op.OP2] })
    expect(procedure).toMatchObject({ status: 'running', deadline: DEADLINE_AT.toISOString(), localDeadline: '2026-12-07T10:00', parties: ['PAN', 'MEX'] })
    expect((await owner.post(`/api/documents/${id}/silence`, DEADLINE)).status).toBe(409)
    expect((await state(id)).silence?.id).toBe(procedure.id)
    expect((await audit(server, id)).some((e) => e.action === 'silence.started' && e.target === procedure.id)).toBe(true)
    // Every reader is told, with the deadline as its zone reads it.
    await waitFor(async () => {
      const inbox = (await (await api(server.url, mex).get('/api/notifications')).json()) as NotificationsResponse
      return inbox.notifications.some((n) => n.kind === 'silence_started' && n.data.localDeadline === '2026-12-07T10:00')
    }, 'the silence notice')
  })

  it('[SILENCE-3] while silence runs, edits of the text under silence are refused over the websocket (suggestions too); comments and other paragraphs pass', async () => {
    const { id, op } = await declaration()
    await start(id, { paragraphIds: [op.OP2] })
    const attacker = writer(pan, id)
    await attacker.waitSynced()
    const reasons = denials(attacker)
    const before = await storedText(id, op.OP2!)
    paragraphText(attacker.doc, op.OP2!).insert(0, 'NO ')
    await waitFor(() => reasons.length > 0, 'the permission-denied answer')
    expect(reasons[0]).toMatch(/under silence/)
    expect(await storedText(id, op.OP2!)).toBe(before)

    // OP1 is not under silence: a fresh client's edit of it is stored.
    const honest = writer(mex, id)
    await honest.waitSynced()
    paragraphText(honest.doc, op.OP1!).insert(0, 'Además, ')
    await waitFor(async () => (await storedText(id, op.OP1!)).startsWith('Además, '), 'the edit of OP1 to be stored')
    // Comments stay open.
    expect((await api(server.url, mex).post(`/api/documents/${id}/threads`, { anchor: null, quote: '', text: 'Sin objeción' })).status).toBe(201)
    expect((await audit(server, id)).some((e) => e.action === 'write.denied')).toBe(true)
  })

  it('[SILENCE-3] a whole draft under silence refuses any change of its body', async () => {
    const { id, op } = await declaration()
    await start(id)
    const attacker = writer(mex, id)
    await attacker.waitSynced()
    const reasons = denials(attacker)
    paragraphText(attacker.doc, op.OP1!).insert(0, 'X')
    await waitFor(() => reasons.length > 0, 'the permission-denied answer')
    expect(reasons[0]).toMatch(/under silence/)
  })
})

describe('breaking silence', () => {
  it('[SILENCE-4] a party breaks silence with a written objection: recorded, audited, told to all; the text is free again', async () => {
    const { id, op } = await declaration()
    const procedure = await start(id)
    expect((await api(server.url, can).post(`/api/documents/${id}/silence/break`, { objection: 'No' })).status).toBe(403)
    expect((await api(server.url, mex).post(`/api/documents/${id}/silence/break`, { objection: '   ' })).status).toBe(400)
    expect((await api(server.url, mex).post(`/api/documents/${id}/silence/break`, {})).status).toBe(400)
    const response = await api(server.url, mex).post(`/api/documents/${id}/silence/break`, { objection: 'México no acompaña el OP2: falta la referencia a la regularización.' })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: procedure.id, status: 'broken', brokenBy: 'MEX', objection: 'México no acompaña el OP2: falta la referencia a la regularización.' })
    expect((await state(id)).silence).toMatchObject({ status: 'broken', brokenBy: 'MEX' })
    expect((await audit(server, id)).some((e) => e.action === 'silence.broken' && e.actorDelegation === 'MEX')).toBe(true)
    await waitFor(async () => {
      const inbox = (await (await api(server.url, pan).get('/api/notifications')).json()) as NotificationsResponse
      return inbox.notifications.some((n) => n.kind === 'silence_broken' && n.data.actorDelegation === 'MEX' && n.data.excerpt?.startsWith('México no acompaña'))
    }, 'the broken-silence notice')
    // Once broken, nobody breaks it again, the deadline adopts nothing, and the text may change.
    expect((await api(server.url, pan).post(`/api/documents/${id}/silence/break`, { objection: 'Tampoco' })).status).toBe(409)
    now = new Date(DEADLINE_AT.getTime() + 1000)
    expect(await server.app.silence.sweep()).toBe(0)
    const editor = writer(pan, id)
    await editor.waitSynced()
    paragraphText(editor.doc, op.OP2!).insert(0, 'Libre: ')
    await waitFor(async () => (await storedText(id, op.OP2!)).startsWith('Libre: '), 'the edit after the break to be stored')
  })

  it('[SILENCE-6] a break one second before the deadline wins; one after it is refused and the text is adopted', async () => {
    const { id } = await declaration()
    await start(id)
    now = new Date(DEADLINE_AT.getTime() - 1000)
    expect((await api(server.url, pan).post(`/api/documents/${id}/silence/break`, { objection: 'Reserva de último momento' })).status).toBe(200)
    now = new Date(DEADLINE_AT.getTime() + 1000)
    expect(await server.app.silence.sweep()).toBe(0)
    expect((await state(id)).silence?.status).toBe('broken')
    expect(await adoptedVersions(id)).toHaveLength(0)

    const second = await declaration()
    now = T0
    await start(second.id)
    now = DEADLINE_AT
    // At the deadline itself silence has held: too late to break.
    const late = await api(server.url, pan).post(`/api/documents/${second.id}/silence/break`, { objection: 'Tarde' })
    expect(late.status).toBe(409)
    expect(await server.app.silence.sweep()).toBe(1)
    expect((await state(second.id)).silence?.status).toBe('adopted')
  })
})

describe('the deadline', () => {
  it('[SILENCE-5] at the deadline with no break the server adopts the text once: an Adopted version, the adoption recorded, audited, told, the lock lifted', async () => {
    const { id, op } = await declaration()
    const procedure = await start(id)
    expect(await server.app.silence.sweep()).toBe(0)
    now = new Date(DEADLINE_AT.getTime() + 500)
    expect(await server.app.silence.sweep()).toBe(1)
    expect(await server.app.silence.sweep()).toBe(0)
    const after = await state(id)
    expect(after.silence).toMatchObject({ id: procedure.id, status: 'adopted' })
    const versions = await adoptedVersions(id)
    expect(versions).toHaveLength(1)
    expect(versions[0]!.name).toBe('Adoptado / Adopted 2026-12-07')
    expect(after.adoption).toMatchObject({ versionId: versions[0]!.id, adoptedBy: null, parties: ['PAN', 'MEX'], silenceId: procedure.id })
    expect((await audit(server, id)).filter((e) => e.action === 'silence.adopted')).toHaveLength(1)
    await waitFor(async () => {
      const inbox = (await (await api(server.url, pan).get('/api/notifications')).json()) as NotificationsResponse
      return inbox.notifications.some((n) => n.kind === 'adopted')
    }, 'the adoption notice')
    const editor = writer(pan, id)
    await editor.waitSynced()
    paragraphText(editor.doc, op.OP1!).insert(0, 'Tras la adopción: ')
    await waitFor(async () => (await storedText(id, op.OP1!)).startsWith('Tras la adopción: '), 'edits after adoption to be stored')
  })

  it('[SILENCE-7] a deadline that passes while the server is stopped is acted on at start', async () => {
    const store = await reopenableStorage('silence_restart')
    try {
      now = T0
      let first: TestServer | null = await startServer({ storage: await store.open(), now: clock, silenceSweepMs: 0 })
      const { id } = await declaration(first)
      await start(id, {}, first)
      await first.close()
      first = null
      now = new Date(DEADLINE_AT.getTime() + 3_600_000)
      const again = await startFirstRunServer({ storage: await store.open(), now: clock, silenceSweepMs: 0 })
      try {
        const admin = await signIn(again.url, 'ana.perez@minrel.cl')
        await waitFor(async () => {
          const response = (await (await api(again.url, admin).get(`/api/documents/${id}/silence`)).json()) as SilenceResponse
          return response.silence?.status === 'adopted' && response.adoption !== null
        }, 'the adoption at start')
        const { named } = (await (await api(again.url, admin).get(`/api/documents/${id}/versions`)).json()) as VersionsResponse
        expect(named.filter((v) => v.name.startsWith('Adoptado'))).toHaveLength(1)
      } finally {
        await again.close()
      }
    } finally {
      await store.cleanup()
    }
  })

  it('[SILENCE-8] two instances on one database reach the deadline together and adopt once', async () => {
    const store = await reopenableStorage('silence_two')
    try {
      const a = await startServer({ storage: await store.open(), now: clock, silenceSweepMs: 0 })
      const b = await startFirstRunServer({ storage: await store.open(), now: clock, silenceSweepMs: 0 })
      try {
        const { id } = await declaration(a)
        await start(id, {}, a)
        now = new Date(DEADLINE_AT.getTime() + 1000)
        // Both at once (a sweep asked for while one runs on the same instance joins it).
        const counts = await Promise.all([a.app.silence.sweep(), b.app.silence.sweep()])
        expect(counts.reduce((x, y) => x + y, 0)).toBe(1)
        expect(await Promise.all([a.app.silence.sweep(), b.app.silence.sweep()])).toEqual([0, 0])
        expect(await adoptedVersions(id, a)).toHaveLength(1)
        expect((await audit(a, id)).filter((e) => e.action === 'silence.adopted')).toHaveLength(1)
      } finally {
        await a.close()
        await b.close()
      }
    } finally {
      await store.cleanup()
    }
  })

  it('[SILENCE-9] an owner extends or withdraws a running procedure, recorded', async () => {
    const { id } = await declaration()
    const procedure = await start(id)
    const owner = api(server.url, server.session)
    expect((await api(server.url, pan).post(`/api/documents/${id}/silence/extend`, { deadline: '2026-12-08T10:00', timeZone: 'America/Panama' })).status).toBe(403)
    expect((await owner.post(`/api/documents/${id}/silence/extend`, { deadline: '2026-12-07T09:30', timeZone: 'America/Panama' })).status).toBe(400)
    const extended = await owner.post(`/api/documents/${id}/silence/extend`, { deadline: '2026-12-08T12:00', timeZone: 'America/Santiago' })
    expect(extended.status).toBe(200)
    expect(await extended.json()).toMatchObject({ id: procedure.id, deadline: '2026-12-08T15:00:00.000Z', timeZone: 'America/Santiago', localDeadline: '2026-12-08T12:00' })
    // The first deadline passes: nothing happens.
    now = new Date(DEADLINE_AT.getTime() + 1000)
    expect(await server.app.silence.sweep()).toBe(0)
    expect((await api(server.url, pan).post(`/api/documents/${id}/silence/withdraw`)).status).toBe(403)
    expect((await owner.post(`/api/documents/${id}/silence/withdraw`)).status).toBe(200)
    expect((await state(id)).silence?.status).toBe('withdrawn')
    expect((await owner.post(`/api/documents/${id}/silence/withdraw`)).status).toBe(409)
    const actions = (await audit(server, id)).map((e) => e.action)
    expect(actions).toContain('silence.extended')
    expect(actions).toContain('silence.withdrawn')
  })
})

describe('adoption without silence', () => {
  it('[ADOPT-1] [ADOPT-2] [ADOPT-10] an owner adopts in one action a text every party agreed: an Adopted version with the date and the parties', async () => {
    const { id, op } = await declaration()
    const owner = api(server.url, server.session)
    expect((await api(server.url, pan).post(`/api/documents/${id}/adopt`)).status).toBe(403)
    expect((await owner.post(`/api/documents/${id}/adopt`)).status).toBe(409)
    for (const session of [pan, mex]) {
      for (const paragraph of Object.values(op)) {
        expect((await api(server.url, session).put(`/api/documents/${id}/positions/${paragraph}`, { stance: 'agree' })).status).toBe(200)
      }
    }
    const adopted = await owner.post(`/api/documents/${id}/adopt`)
    expect(adopted.status, await adopted.clone().text()).toBe(201)
    const adoption = await adopted.json()
    const versions = await adoptedVersions(id)
    expect(versions).toHaveLength(1)
    expect(versions[0]!.note).toBe('PAN, MEX')
    expect(adoption).toMatchObject({ versionId: versions[0]!.id, adoptedBy: server.session.user.id, parties: ['PAN', 'MEX'], silenceId: null })
    expect((await state(id)).adoption?.versionId).toBe(versions[0]!.id)
    expect((await audit(server, id)).some((e) => e.action === 'document.adopted')).toBe(true)

    // [ADOPT-2] its exports say "Adopted on …" in their language and carry no review marks, whatever view is asked.
    const exportOf = async (query: string): Promise<string> => {
      const response = await owner.get(`/api/documents/${id}/versions/${versions[0]!.id}/export?${query}`)
      expect(response.status).toBe(200)
      return response.text()
    }
    const review = await exportOf('format=html&view=review&lang=en')
    // The draft is written in Spanish: its exports speak Spanish (EXPORT-120).
    expect(review).toContain('Adoptado el 7 de diciembre de 2026')
    // The running header says it once, in place of the version and its date (the day was printed twice).
    const header = /<header class="running">(.*?)<\/header>/s.exec(review)![1]!
    expect(header.match(/7 de diciembre de 2026/g)).toHaveLength(1)
    expect(header).not.toContain('Versión')
    expect(review).toBe(await exportOf('format=html&view=clean&lang=en'))
    const english = await server.createDocument('Joint declaration', 'declaration')
    expect((await owner.put(`/api/documents/${english}/settings`, { language: 'en' })).status).toBe(200)
    for (const code of ['PAN', 'MEX']) await share(server.url, server.session, english, { type: 'delegation', id: code }, 'editor')
    expect((await owner.put(`/api/documents/${english}/parties`, { parties: ['PAN', 'MEX'] })).status).toBe(200)
    const { paragraphs } = (await (await owner.get(`/api/documents/${english}/paragraphs`)).json()) as LinkableParagraphsResponse
    for (const session of [pan, mex]) {
      for (const p of paragraphs.filter((p) => p.number)) expect((await api(server.url, session).put(`/api/documents/${english}/positions/${p.id}`, { stance: 'agree' })).status).toBe(200)
    }
    const adoptedEnglish = (await (await owner.post(`/api/documents/${english}/adopt`)).json()) as { versionId: string }
    const englishHtml = await (await owner.get(`/api/documents/${english}/versions/${adoptedEnglish.versionId}/export?format=html&view=review&lang=es`)).text()
    expect(englishHtml).toContain('Adopted on 7 December 2026')
  })
})

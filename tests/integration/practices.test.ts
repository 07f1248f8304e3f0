/**
 * Good practices ([PRACT-*] in server/SPEC.md) through the real server: who reads which
 * practice, the review, attachments kept in the database and refused over the limit, rounds
 * counted exactly (a data-driven table of ballots and expected rankings, ties included), one
 * ballot per delegation and only from the invited, the compilation draft grouped by theme, and
 * everything read back after a restart. Runs on SQLite and (integration-postgres) on Postgres.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PracticeWithAttachments, PracticesResponse, RoundView, RoundsResponse } from '@consenso/protocol'
import { reopenableStorage, startFirstRunServer, startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, signIn, type TestSession } from '../helpers/session.ts'

let server: TestServer
let people: Record<'pan' | 'pan2' | 'mex' | 'cri' | 'gtm' | 'st', TestSession>

async function cast(target: TestServer): Promise<typeof people> {
  const [pan, pan2, mex, cri, gtm, st] = await Promise.all([
    invite(target.url, target.session, { email: 'rosa@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' }),
    invite(target.url, target.session, { email: 'carlos@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' }),
    invite(target.url, target.session, { email: 'lucia@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' }),
    invite(target.url, target.session, { email: 'ana@rree.go.cr', name: 'Ana Solís', delegation: 'CRI' }),
    invite(target.url, target.session, { email: 'jose@minex.gob.gt', name: 'José Gómez', delegation: 'GTM' }),
    invite(target.url, target.session, { email: 'sofia@crmsv.org', name: 'Sofía Ramírez', delegation: 'ST-CRM' }),
  ])
  return { pan, pan2, mex, cri, gtm, st }
}

beforeEach(async () => {
  server = await startServer({ logger: { level: 'silent' } })
  people = await cast(server)
})
afterEach(async () => {
  await server?.close()
})

const as = (who: TestSession, target = server) => api(target.url, who)

const full = (title: string, themeId = 'gcm-1') => ({
  title,
  themeId,
  description: `${title}: qué se hace.`,
  why: `${title}: por qué es buena.`,
  how: `${title}: cómo contribuye.`,
  contact: 'puntofocal@example.org',
  links: ['https://example.org/practica'],
})

async function create(who: TestSession, title: string, themeId = 'gcm-1', target = server): Promise<PracticeWithAttachments> {
  const answer = await as(who, target).post('/api/practices', full(title, themeId))
  expect(answer.status, await answer.clone().text()).toBe(201)
  return (await answer.json()) as PracticeWithAttachments
}

/** Written, submitted by its delegation and accepted by the secretariat. */
async function accepted(who: TestSession, title: string, themeId = 'gcm-1', target = server): Promise<string> {
  const p = await create(who, title, themeId, target)
  expect((await as(who, target).post(`/api/practices/${p.id}/submit`)).status).toBe(200)
  expect((await as(people.st, target).post(`/api/practices/${p.id}/review`, { decision: 'accept' })).status).toBe(200)
  return p.id
}

const listed = async (who: TestSession, target = server): Promise<PracticesResponse> => (await (await as(who, target).get('/api/practices')).json()) as PracticesResponse
const rounds = async (who: TestSession, target = server): Promise<RoundView[]> => ((await (await as(who, target).get('/api/practices/rounds')).json()) as RoundsResponse).rounds
const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString()

async function openRound(practiceIds: string[], voters: string[], priorities: number, target = server): Promise<string> {
  const answer = await as(people.st, target).post('/api/practices/rounds', { title: 'Prioridades 2026', practiceIds, voters, priorities, deadline: inAnHour() })
  expect(answer.status, await answer.clone().text()).toBe(201)
  return ((await answer.json()) as RoundView).id
}

describe('good practices', () => {
  it('[PRACT-2][PRACT-4] a delegation cannot read, list or change another delegation\'s unsubmitted practice; the secretariat sees it once submitted, everyone once accepted', async () => {
    const draft = await create(people.pan, 'Ventanilla única de regularización')
    // Its own delegation (another focal point of PAN) reads and changes it.
    expect((await as(people.pan2).get(`/api/practices/${draft.id}`)).status).toBe(200)
    expect((await as(people.pan2).patch(`/api/practices/${draft.id}`, { country: 'Panamá' })).status).toBe(200)
    for (const other of [people.mex, people.st]) {
      expect((await as(other).get(`/api/practices/${draft.id}`)).status).toBe(404)
      expect((await listed(other)).practices.map((p) => p.id)).not.toContain(draft.id)
      expect((await as(other).patch(`/api/practices/${draft.id}`, { title: 'Otra' })).status).toBe(404)
      expect((await as(other).post(`/api/practices/${draft.id}/submit`)).status).toBe(404)
    }
    expect((await as(people.st).post(`/api/practices/${draft.id}/review`, { decision: 'accept' })).status).toBe(404)
    expect((await api(server.url).get('/api/practices')).status).toBe(401)

    expect((await as(people.pan).post(`/api/practices/${draft.id}/submit`)).status).toBe(200)
    expect((await as(people.st).get(`/api/practices/${draft.id}`)).status).toBe(200)
    expect((await as(people.mex).get(`/api/practices/${draft.id}`)).status).toBe(404)
    // Submitted: with the secretariat, no longer changed by its delegation until changes are asked.
    expect((await as(people.pan).patch(`/api/practices/${draft.id}`, { title: 'Cambio' })).status).toBe(409)
    // Only a secretariat reviews; asking for changes needs a comment.
    expect((await as(people.mex).post(`/api/practices/${draft.id}/review`, { decision: 'accept' })).status).toBe(404)
    expect((await as(people.pan).post(`/api/practices/${draft.id}/review`, { decision: 'accept' })).status).toBe(403)
    expect((await as(people.st).post(`/api/practices/${draft.id}/review`, { decision: 'changes' })).status).toBe(400)
    const asked = await as(people.st).post(`/api/practices/${draft.id}/review`, { decision: 'changes', comment: 'Añadan los resultados medidos.' })
    expect(((await asked.json()) as PracticeWithAttachments).status).toBe('changes_requested')
    expect((await as(people.mex).get(`/api/practices/${draft.id}`)).status).toBe(404)
    expect((await as(people.pan).patch(`/api/practices/${draft.id}`, { description: 'Con 12 000 personas regularizadas en 2025.' })).status).toBe(200)
    expect((await as(people.pan).post(`/api/practices/${draft.id}/submit`)).status).toBe(200)
    expect((await as(people.st).post(`/api/practices/${draft.id}/review`, { decision: 'accept' })).status).toBe(200)
    // A second review of the same submission is refused: it is no longer waiting.
    expect((await as(people.st).post(`/api/practices/${draft.id}/review`, { decision: 'accept' })).status).toBe(409)

    const seen = (await listed(people.mex)).practices.find((p) => p.id === draft.id)
    expect(seen).toMatchObject({ status: 'accepted', description: 'Con 12 000 personas regularizadas en 2025.', country: 'Panamá', delegation: 'PAN' })
    expect((await as(people.mex).patch(`/api/practices/${draft.id}`, { title: 'Otra' })).status).toBe(403)
    expect((await as(people.pan).patch(`/api/practices/${draft.id}`, { title: 'Otra' })).status).toBe(409)

    const audit = (await (await as(server.session).get('/api/admin/audit?limit=100')).json()) as { entries: { action: string; target: string | null }[] }
    const actions = audit.entries.filter((e) => e.target === draft.id).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['practice.created', 'practice.updated', 'practice.submitted', 'practice.reviewed']))
  })

  it('[PRACT-5] the themes start as the Compact\'s six thematic sessions, in both languages; only a secretariat adds or archives one', async () => {
    const { themes, manages } = await listed(people.mex)
    expect(manages).toBe(false)
    expect(themes.map((t) => t.id)).toEqual(['gcm-1', 'gcm-2', 'gcm-3', 'gcm-4', 'gcm-5', 'gcm-6'])
    expect(themes[0]!.nameEn).toMatch(/^Human rights of all migrants/)
    expect(themes[0]!.nameEs).toMatch(/^Derechos humanos de todos los migrantes/)
    expect((await as(people.mex).post('/api/practices/themes', { nameEs: 'Retorno', nameEn: 'Return' })).status).toBe(403)
    const added = await as(people.st).post('/api/practices/themes', { nameEs: 'Retorno', nameEn: 'Return' })
    expect(added.status).toBe(201)
    const theme = (await added.json()) as { id: string; position: number }
    expect(theme.position).toBe(7)
    expect((await as(people.st).patch('/api/practices/themes/gcm-2', { archived: true })).status).toBe(200)
    expect((await as(people.pan).post('/api/practices', full('X', 'gcm-2'))).status).toBe(400)
    expect((await as(people.pan).post('/api/practices', full('X', 'nope'))).status).toBe(400)
    expect((await as(people.pan).post('/api/practices', full('X', theme.id))).status).toBe(201)
    expect((await listed(people.st)).manages).toBe(true)
  })

  it('[PRACT-6] attachments are kept in the database, read by whoever reads the practice, and refused clearly over 2 MB or past five', async () => {
    const p = await create(people.pan, 'Protocolo de atención')
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 256)
    const upload = (data: Uint8Array<ArrayBuffer>, name = 'informe.pdf', who = people.pan) =>
      fetch(`${server.url}/api/practices/${p.id}/attachments?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { cookie: who.cookie, origin: server.url, 'content-type': 'application/pdf' }, body: data })
    const added = await upload(bytes)
    expect(added.status).toBe(201)
    const info = (await added.json()) as { id: string; size: number }
    expect(info.size).toBe(300_000)
    const tooBig = await upload(new Uint8Array(2 * 1024 * 1024 + 1))
    expect(tooBig.status).toBe(413)
    expect(await tooBig.json()).toEqual({ error: 'attachment_too_large', message: 'The file is larger than 2 MB; attach a smaller one, or give a link to it.' })
    const farTooBig = await upload(new Uint8Array(5 * 1024 * 1024))
    expect(farTooBig.status).toBe(413)
    expect(((await farTooBig.json()) as { error: string }).error).toBe('attachment_too_large')
    expect((await upload(bytes, 'x.pdf', people.mex)).status).toBe(404)
    for (let i = 0; i < 4; i++) expect((await upload(new Uint8Array([i + 1]), `n${i}.txt`)).status).toBe(201)
    const sixth = await upload(new Uint8Array([9]))
    expect(sixth.status).toBe(409)
    expect(((await sixth.json()) as { error: string }).error).toBe('too_many_attachments')

    expect((await as(people.mex).get(`/api/practices/attachments/${info.id}`)).status).toBe(404)
    const mine = await as(people.pan2).get(`/api/practices/attachments/${info.id}`)
    expect(mine.status).toBe(200)
    expect(mine.headers.get('content-disposition')).toContain("filename*=UTF-8''informe.pdf")
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(bytes)
    expect((await server.storage.practices.getAttachment(info.id))?.data).toEqual(bytes)
    const withList = (await listed(people.pan)).practices.find((x) => x.id === p.id)!
    expect(withList.attachments.map((a) => a.name)).toEqual(['informe.pdf', 'n0.txt', 'n1.txt', 'n2.txt', 'n3.txt'])
  })

  /**
   * [PRACT-13] The counting: N points for a first priority down to N−k+1 for a k-th, ties
   * share a rank. Practices A–D in this order in the round; voters PAN, MEX, CRI, GTM.
   */
  const TABLE: Array<{ name: string; priorities: number; ballots: Partial<Record<'pan' | 'mex' | 'cri' | 'gtm', string[]>>; expected: Array<[string, number, number, boolean, number]> }> = [
    {
      name: 'three full ballots, no tie',
      priorities: 3,
      ballots: { pan: ['A', 'B', 'C'], mex: ['B', 'A', 'C'], cri: ['A', 'C', 'B'] },
      // [practice, points, rank, tied, first choices]
      expected: [['A', 8, 1, false, 2], ['B', 6, 2, false, 1], ['C', 4, 3, false, 0], ['D', 0, 4, false, 0]],
    },
    {
      name: 'a tie at the top and a tie at the bottom',
      priorities: 2,
      ballots: { pan: ['A', 'B'], mex: ['B', 'A'] },
      expected: [['A', 3, 1, true, 1], ['B', 3, 1, true, 1], ['C', 0, 3, true, 0], ['D', 0, 3, true, 0]],
    },
    {
      name: 'short ballots and an abstention, a tie in the middle',
      priorities: 3,
      ballots: { pan: ['C'], mex: ['D', 'C'], cri: ['A', 'B', 'C'] },
      expected: [['C', 6, 1, false, 1], ['A', 3, 2, true, 1], ['D', 3, 2, true, 1], ['B', 2, 4, false, 0]],
    },
    {
      name: 'one priority each (plurality)',
      priorities: 1,
      ballots: { pan: ['B'], mex: ['B'], cri: ['D'], gtm: ['A'] },
      expected: [['B', 2, 1, false, 2], ['A', 1, 2, true, 1], ['D', 1, 2, true, 1], ['C', 0, 4, false, 0]],
    },
    {
      name: 'nobody voted: all tied',
      priorities: 2,
      ballots: {},
      expected: [['A', 0, 1, true, 0], ['B', 0, 1, true, 0], ['C', 0, 1, true, 0], ['D', 0, 1, true, 0]],
    },
  ]

  it('[PRACT-13] votes are counted exactly: every row of the table of ballots gives its ranking, ties shown as ties, and each ballot is shown only once the round is closed', async () => {
    const ids: Record<string, string> = {}
    for (const [letter, who] of [['A', people.pan], ['B', people.mex], ['C', people.cri], ['D', people.gtm]] as const) ids[letter] = await accepted(who, `Práctica ${letter}`)
    const letterOf = new Map(Object.entries(ids).map(([l, id]) => [id, l]))
    for (const row of TABLE) {
      const round = await openRound(['A', 'B', 'C', 'D'].map((l) => ids[l]!), ['PAN', 'MEX', 'CRI', 'GTM'], row.priorities)
      for (const [who, ranking] of Object.entries(row.ballots)) {
        const answer = await as(people[who as 'pan']).post(`/api/practices/rounds/${round}/ballot`, { ranking: ranking.map((l) => ids[l]!) })
        expect(answer.status, `${row.name}: ${who}`).toBe(201)
      }
      // Before the close: who voted, not how, and no ranking, for everyone but the voter's own ballot.
      const open = (await rounds(people.mex)).find((r) => r.id === round)!
      expect(open.closed).toBe(false)
      expect(open.ballots).toBeNull()
      expect(open.ranking).toBeNull()
      expect(open.voted).toEqual(Object.keys(row.ballots).map((w) => w.toUpperCase()).sort())
      expect(open.myBallot).toEqual(row.ballots.mex ? row.ballots.mex.map((l) => ids[l]) : null)
      expect((await rounds(people.st)).find((r) => r.id === round)!.ballots).toBeNull()

      expect((await as(people.mex).post(`/api/practices/rounds/${round}/close`)).status).toBe(403)
      expect((await as(people.st).post(`/api/practices/rounds/${round}/close`)).status).toBe(200)
      const closed = (await rounds(people.mex)).find((r) => r.id === round)!
      const got = closed.ranking!.map((e) => [letterOf.get(e.practiceId), e.points, e.rank, e.tied, e.firstChoices])
      expect(got, row.name).toEqual(row.expected)
      expect(closed.ballots!.map((b) => [b.delegation, b.ranking.map((id) => letterOf.get(id))]), row.name).toEqual(
        Object.entries(row.ballots).map(([w, r]) => [w.toUpperCase(), r]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
      )
      expect((await as(people.gtm).post(`/api/practices/rounds/${round}/ballot`, { ranking: [ids.A] })).status).toBe(409)
    }
  })

  it('[PRACT-12] a delegation votes once (its second focal point too), never when not invited, never outside the round or past its priorities', async () => {
    const a = await accepted(people.pan, 'A')
    const b = await accepted(people.mex, 'B')
    const c = await accepted(people.mex, 'C')
    const draft = await create(people.cri, 'Borrador')
    expect((await as(people.st).post('/api/practices/rounds', { title: 'R', practiceIds: [a, draft.id], voters: ['PAN'], priorities: 1, deadline: inAnHour() })).status).toBe(400)
    expect((await as(people.st).post('/api/practices/rounds', { title: 'R', practiceIds: [a], voters: ['XYZ'], priorities: 1, deadline: inAnHour() })).status).toBe(400)
    expect((await as(people.st).post('/api/practices/rounds', { title: 'R', practiceIds: [a], voters: ['PAN'], priorities: 2, deadline: inAnHour() })).status).toBe(400)
    expect((await as(people.st).post('/api/practices/rounds', { title: 'R', practiceIds: [a], voters: ['PAN'], priorities: 1, deadline: new Date(Date.now() - 1000).toISOString() })).status).toBe(400)
    expect((await as(people.pan).post('/api/practices/rounds', { title: 'R', practiceIds: [a], voters: ['PAN'], priorities: 1, deadline: inAnHour() })).status).toBe(403)
    const round = await openRound([a, b, c], ['PAN', 'MEX'], 2)

    const ballot = (who: TestSession, ranking: string[]) => as(who).post(`/api/practices/rounds/${round}/ballot`, { ranking })
    const refused = async (answer: Response, status: number, error: string) => {
      expect(answer.status).toBe(status)
      expect(((await answer.json()) as { error: string }).error).toBe(error)
    }
    await refused(await ballot(people.cri, [a]), 403, 'not_invited')
    await refused(await ballot(people.st, [a]), 403, 'not_invited')
    await refused(await ballot(people.pan, [a, b, c]), 400, 'too_many_priorities')
    await refused(await ballot(people.pan, [a, draft.id]), 400, 'not_in_round')
    await refused(await ballot(people.pan, [a, a]), 400, 'invalid_request')
    // Both focal points of PAN at once: one ballot lands.
    const both = await Promise.all([ballot(people.pan, [a, b]), ballot(people.pan2, [c])])
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    await refused(await ballot(people.pan, [b]), 409, 'already_voted')
    expect((await server.storage.practices.listBallots(round)).map((x) => x.delegation)).toEqual(['PAN'])
    expect((await as(people.st).post(`/api/practices/rounds/${round}/close`)).status).toBe(200)
    await refused(await ballot(people.mex, [b]), 409, 'round_closed')
    const audit = (await (await as(server.session).get('/api/admin/audit?limit=100')).json()) as { entries: { action: string; target: string | null }[] }
    expect(audit.entries.filter((e) => e.target === round).map((e) => e.action)).toEqual(expect.arrayContaining(['practice_round.created', 'practice_round.voted', 'practice_round.closed']))
  })

  it('[PRACT-20] the compilation is a new draft of the chosen practices grouped by theme, with why and how as their own sections', async () => {
    const a = await accepted(people.pan, 'Ventanilla única', 'gcm-3')
    const b = await accepted(people.mex, 'Empleo temporal', 'gcm-6')
    const c = await accepted(people.cri, 'Albergues', 'gcm-3')
    const round = await openRound([a, b, c], ['PAN', 'MEX'], 2)
    expect((await as(people.st).post('/api/practices/compile', { title: 'C', practiceIds: [a], language: 'es', roundId: round })).status).toBe(409)
    await as(people.pan).post(`/api/practices/rounds/${round}/ballot`, { ranking: [c, a] })
    await as(people.mex).post(`/api/practices/rounds/${round}/ballot`, { ranking: [b, c] })
    await as(people.st).post(`/api/practices/rounds/${round}/close`)
    expect((await as(people.pan).post('/api/practices/compile', { title: 'C', practiceIds: [a], language: 'es' })).status).toBe(403)
    const made = await as(people.st).post('/api/practices/compile', { title: 'Compilación de buenas prácticas', practiceIds: [c, a, b], language: 'es', roundId: round })
    expect(made.status, await made.clone().text()).toBe(201)
    const { id } = (await made.json()) as { id: string }
    expect((await rounds(people.mex))[0]!.documentId).toBe(id)
    const md = await (await as(people.st).get(`/api/documents/${id}/export?format=md`)).text()
    const headings = md.split('\n').filter((l) => l.startsWith('#'))
    expect(headings).toEqual([
      '# Compilación de buenas prácticas',
      expect.stringMatching(/^## Cooperación internacional y gobernanza/),
      '### Albergues (Costa Rica)',
      '### Ventanilla única (Panamá)',
      expect.stringMatching(/^## Migración irregular y vías regulares/),
      '### Empleo temporal (México)',
    ])
    for (const title of ['Albergues', 'Ventanilla única', 'Empleo temporal']) {
      expect(md.split(`**Por qué es una buena práctica**\n\n${title}: por qué es buena.`)).toHaveLength(2)
      expect(md.split(`**Cómo contribuye al Pacto Mundial**\n\n${title}: cómo contribuye.`)).toHaveLength(2)
    }
    expect(md).toContain('1.º, 3 puntos')
    // An ordinary draft: the secretariat member owns it, others see it once shared.
    expect((await as(people.mex).get(`/api/documents/${id}`)).status).toBe(404)
    expect((await as(people.st).get(`/api/documents/${id}`)).status).toBe(200)
  })

  it('[PRACT-30] practices, attachments, themes, rounds, ballots and a closed round survive a restart', async () => {
    const store = await reopenableStorage('practices_restart')
    let first: TestServer | null = null
    try {
      first = await startServer({ storage: await store.open(), logger: { level: 'silent' } })
      people = await cast(first)
      const a = await accepted(people.pan, 'A', 'gcm-1', first)
      const b = await accepted(people.mex, 'B', 'gcm-2', first)
      const draft = await create(people.cri, 'Borrador de Costa Rica', 'gcm-4', first)
      const attached = await fetch(`${first.url}/api/practices/${draft.id}/attachments?name=a.txt`, { method: 'POST', headers: { cookie: people.cri.cookie, origin: first.url, 'content-type': 'text/plain' }, body: 'hola' })
      expect(attached.status).toBe(201)
      await as(people.st, first).post('/api/practices/themes', { nameEs: 'Retorno', nameEn: 'Return' })
      const closedRound = await openRound([a, b], ['PAN', 'MEX'], 2, first)
      await as(people.pan, first).post(`/api/practices/rounds/${closedRound}/ballot`, { ranking: [b, a] })
      await as(people.st, first).post(`/api/practices/rounds/${closedRound}/close`)
      const openOne = await openRound([a, b], ['PAN', 'MEX'], 1, first)
      await as(people.mex, first).post(`/api/practices/rounds/${openOne}/ballot`, { ranking: [a] })
      const before = { st: await listed(people.st, first), cri: await listed(people.cri, first), rounds: await rounds(people.pan, first) }
      await first.close()
      first = null

      const again = await startFirstRunServer({ storage: await store.open(), logger: { level: 'silent' } })
      try {
        const st = await signIn(again.url, 'sofia@crmsv.org')
        const cri = await signIn(again.url, 'ana@rree.go.cr')
        const pan = await signIn(again.url, 'rosa@mire.gob.pa')
        const mex = await signIn(again.url, 'lucia@sre.gob.mx')
        expect(await listed(st, again as TestServer)).toEqual(before.st)
        expect(await listed(cri, again as TestServer)).toEqual(before.cri)
        expect(await rounds(pan, again as TestServer)).toEqual(before.rounds)
        expect(before.rounds.find((r) => r.id === closedRound)!.ranking!.map((e) => e.points)).toEqual([2, 1])
        expect((await listed(cri, again as TestServer)).practices.find((p) => p.id === draft.id)!.attachments).toHaveLength(1)
        const file = await as(cri, again as TestServer).get(`/api/practices/attachments/${before.cri.practices.find((p) => p.id === draft.id)!.attachments[0]!.id}`)
        expect(await file.text()).toBe('hola')
        // The ballot cast before the restart still counts as cast.
        expect((await as(mex, again as TestServer).post(`/api/practices/rounds/${openOne}/ballot`, { ranking: [b] })).status).toBe(409)
        expect((await as(pan, again as TestServer).post(`/api/practices/rounds/${openOne}/ballot`, { ranking: [b] })).status).toBe(201)
      } finally {
        await again.close()
      }
    } finally {
      await first?.close()
      await store.cleanup()
    }
  })
})

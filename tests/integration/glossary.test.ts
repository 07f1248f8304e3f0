/**
 * The workspace glossary over HTTP (server/SPEC.md GLOSS-10..34): everyone signed in reads it;
 * secretariats (and administrators) change it, audited; bodies and pointers validated; CSV
 * and TBX exported and imported back to the very same entries, the TBX well-formed for
 * xmllint. Runs on SQLite and (integration-postgres) on Postgres.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GlossaryEntry, GlossaryEntryInput, GlossaryImportResponse, GlossaryResponse } from '@consenso/protocol'
import { glossaryInput as input } from '../helpers/records.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, type TestSession } from '../helpers/session.ts'
import { requireTool } from '../helpers/tools.ts'

const hasXmllint = requireTool('xmllint', 'libxml2-utils')

let server: TestServer
let secretariat: TestSession
let pan: TestSession

beforeEach(async () => {
  server = await startServer({ logger: { level: 'silent' } })
  secretariat = await invite(server.url, server.session, { email: 'st@crm.example', name: 'Laura Secretaría', delegation: 'ST-CRM' })
  pan = await invite(server.url, server.session, { email: 'panama@mire.gob.pa', name: 'Rosa Pérez', delegation: 'PAN' })
})
afterEach(async () => {
  await server.close()
})


const read = async (session: TestSession): Promise<GlossaryResponse> => (await (await api(server.url, session).get('/api/glossary')).json()) as GlossaryResponse
const create = async (session: TestSession, body: GlossaryEntryInput): Promise<GlossaryEntry> => {
  const answer = await api(server.url, session).post('/api/glossary', body)
  expect(answer.status, await answer.clone().text()).toBe(201)
  return (await answer.json()) as GlossaryEntry
}
const content = (e: GlossaryEntry) => ({ ...e, createdBy: undefined, createdAt: undefined, updatedBy: undefined, updatedAt: undefined })

describe('the glossary', () => {
  it('[GLOSS-10] everyone signed in reads the glossary and whether they may change it; signed out is 401', async () => {
    expect(await read(pan)).toEqual({ entries: [], canEdit: false })
    expect((await read(secretariat)).canEdit).toBe(true)
    expect((await read(server.session)).canEdit).toBe(true)
    expect((await api(server.url).get('/api/glossary')).status).toBe(401)
    expect((await api(server.url).get('/api/glossary/export?format=csv')).status).toBe(401)
  })

  it('[GLOSS-11] a secretariat adds, changes and deletes entries (audited); a country delegation gets 403 and nothing changes', async () => {
    const irregular = await create(secretariat, input('  migración   irregular ', 'irregular migration', { definitionEs: 'Movimiento de personas…', source: 'OIM, Glosario sobre Migración (2019)' }))
    expect(irregular).toMatchObject({ termEs: 'migración irregular', termEn: 'irregular migration', status: 'preferred', preferredId: null })
    const ilegal = await create(secretariat, input('migración ilegal', 'illegal migration', { status: 'deprecated', preferredId: irregular.id }))
    expect((await read(pan)).entries.map((e) => e.termEs)).toEqual(['migración ilegal', 'migración irregular'])

    const other = api(server.url, pan)
    expect((await other.post('/api/glossary', input('x', 'x'))).status).toBe(403)
    expect((await other.put(`/api/glossary/${irregular.id}`, input('y', 'y'))).status).toBe(403)
    expect((await other.delete(`/api/glossary/${irregular.id}`)).status).toBe(403)
    expect((await other.post('/api/glossary/import', { format: 'csv', content: 'term_es\nx\n', replace: true })).status).toBe(403)
    expect((await api(server.url).post('/api/glossary', input('x', 'x'))).status).toBe(401)
    expect((await read(pan)).entries).toHaveLength(2)

    const st = api(server.url, secretariat)
    const changed = await st.put(`/api/glossary/${irregular.id}`, { ...input('migración irregular', 'irregular migration'), notes: 'Preferida por la OIM.' })
    expect(changed.status).toBe(200)
    expect(((await changed.json()) as GlossaryEntry).notes).toBe('Preferida por la OIM.')
    expect((await st.put('/api/glossary/nope', input('x', 'x'))).status).toBe(404)
    // Deleting the preferred entry leaves the deprecated one pointing at nothing, not at a ghost.
    expect((await st.delete(`/api/glossary/${irregular.id}`)).status).toBe(204)
    expect((await st.delete(`/api/glossary/${irregular.id}`)).status).toBe(404)
    expect((await read(pan)).entries).toEqual([{ ...ilegal, preferredId: null }])

    const audit = (await (await api(server.url, server.session).get('/api/admin/audit?limit=50')).json()) as {
      entries: { action: string; target: string | null; actorDelegation: string | null }[]
    }
    const actions = audit.entries.filter((e) => e.action.startsWith('glossary.')).map((e) => `${e.action} ${e.target} ${e.actorDelegation}`)
    expect(actions.sort()).toEqual(
      [`glossary.created ${irregular.id} ST-CRM`, `glossary.created ${ilegal.id} ST-CRM`, `glossary.updated ${irregular.id} ST-CRM`, `glossary.deleted ${irregular.id} ST-CRM`].sort(),
    )
  })

  it('[GLOSS-12] bodies and pointers are validated with clear errors, and nothing changes', async () => {
    const irregular = await create(secretariat, input('irregular', 'irregular'))
    const ilegal = await create(secretariat, input('ilegal', 'illegal', { status: 'deprecated', preferredId: irregular.id }))
    const st = api(server.url, secretariat)
    const bad: [unknown, string, RegExp?][] = [
      [{ ...input('a', 'b'), extra: 1 }, 'invalid_request'],
      [{ ...input('a', 'b'), status: 'obsolete' }, 'invalid_request'],
      [{ termEs: 'a', termEn: 'b' }, 'invalid_request'],
      [input('x'.repeat(201), 'b'), 'invalid_request'],
      [input('   ', ''), 'invalid_entry', /term in Spanish, in English or in both/],
      [input('a', 'b', { preferredId: irregular.id }), 'invalid_entry', /preferred term points to no other/],
      [input('a', 'b', { status: 'deprecated', preferredId: 'unknown' }), 'invalid_entry', /does not exist/],
    ]
    for (const [body, error, message] of bad) {
      const answer = await st.post('/api/glossary', body)
      const json = (await answer.json()) as { error: string; message: string }
      expect([answer.status, json.error], JSON.stringify(body)).toEqual([400, error])
      if (message) expect(json.message).toMatch(message)
    }
    // A chain that comes back: irregular → ilegal → irregular.
    const circle = await st.put(`/api/glossary/${irregular.id}`, input('irregular', 'irregular', { status: 'admitted', preferredId: ilegal.id }))
    expect(circle.status).toBe(400)
    expect(((await circle.json()) as { message: string }).message).toMatch(/circle/)
    const self = await st.put(`/api/glossary/${ilegal.id}`, input('ilegal', 'illegal', { status: 'deprecated', preferredId: ilegal.id }))
    expect(self.status).toBe(400)
    expect((await read(pan)).entries.map(content)).toEqual([ilegal, irregular].map(content))
  })

  it('[GLOSS-30] [GLOSS-31] [GLOSS-32] [GLOSS-33] CSV and TBX exported and imported back are the same entries; the TBX is well-formed', async () => {
    const irregular = await create(
      secretariat,
      input('migración irregular', 'irregular migration', {
        definitionEs: 'Movimiento de personas que se produce al margen de las leyes, "normas" o acuerdos internacionales;\nvéase también: migrante.',
        definitionEn: 'Movement of persons that takes place outside the laws, regulations, or international agreements <governing> entry & exit.',
        source: 'OIM, Glosario de la OIM sobre Migración (2019)',
        notes: '=No usar «ilegal»; -ver nota\r\nsegunda línea',
      }),
    )
    await create(secretariat, input('migración ilegal', 'illegal migration', { status: 'deprecated', preferredId: irregular.id, notes: '@OIM' }))
    await create(secretariat, input('', 'asylum seeker', { definitionEn: 'A person who seeks safety…', status: 'admitted' }))
    await create(secretariat, input('regularización', '', { source: 'CRM, 2017' }))
    const before = (await read(pan)).entries
    expect(before).toHaveLength(4)
    const st = api(server.url, secretariat)

    for (const [format, lang] of [
      ['csv', 'es'],
      ['csv', 'en'],
      ['tbx', 'es'],
    ] as const) {
      const exported = await api(server.url, pan).get(`/api/glossary/export?format=${format}&lang=${lang}`)
      expect(exported.status).toBe(200)
      expect(exported.headers.get('content-disposition')).toMatch(format === 'csv' ? /glos(ario|sary)\.csv/ : /glosario\.tbx/)
      const file = await exported.text()
      if (format === 'csv') expect(file.split('\r\n')[0]).toBe(['id', 'term_es', 'term_en', 'definition_es', 'definition_en', 'source', 'notes', 'status', 'preferred_id'].join(lang === 'es' ? ';' : ','))
      if (format === 'tbx') {
        expect(file).toContain('<tbx type="TBX-Basic" style="dct" xml:lang="es" xmlns="urn:iso:std:iso:30042:ed-2">')
        expect(file).toContain('<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>')
        if (hasXmllint) {
          const dir = mkdtempSync(join(tmpdir(), 'glossary-tbx-'))
          try {
            writeFileSync(join(dir, 'glossary.tbx'), file)
            execFileSync('xmllint', ['--noout', join(dir, 'glossary.tbx')], { stdio: 'pipe' })
          } finally {
            rmSync(dir, { recursive: true, force: true })
          }
        }
      }
      // Into an empty glossary: every entry back, with its id and its pointer.
      for (const entry of (await read(pan)).entries) expect((await st.delete(`/api/glossary/${entry.id}`)).status).toBe(204)
      const imported = await st.post('/api/glossary/import', { format, content: file, replace: false })
      expect(imported.status, await imported.clone().text()).toBe(200)
      expect(await imported.json()).toMatchObject({ created: 4, updated: 0, removed: 0 })
      expect((await read(pan)).entries.map(content), `${format} ${lang}`).toEqual(before.map(content))
      // Again over itself: nothing to do.
      const again = (await (await st.post('/api/glossary/import', { format, content: file, replace: true })).json()) as GlossaryImportResponse
      expect([again.created, again.updated, again.removed]).toEqual([0, 0, 0])
    }
  })

  it('[GLOSS-34] an import updates, creates and (replacing) removes; a TBX from elsewhere with synonyms; a bad file changes nothing', async () => {
    const st = api(server.url, secretariat)
    const irregular = await create(secretariat, input('irregular', 'irregular'))
    await create(secretariat, input('refugiado', 'refugee'))
    const csv = `term_es;term_en;status;preferred_id;id\r\nirregular;irregular;preferred;;${irregular.id}\r\nilegal;illegal;desaconsejado;${irregular.id};\r\n`
    const merged = (await (await st.post('/api/glossary/import', { format: 'csv', content: csv, replace: true })).json()) as GlossaryImportResponse
    expect([merged.created, merged.updated, merged.removed]).toEqual([1, 0, 1])
    expect(merged.entries.map((e) => [e.termEs, e.status, e.preferredId])).toEqual([
      ['ilegal', 'deprecated', irregular.id],
      ['irregular', 'preferred', null],
    ])

    const foreign = `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>IOM</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c12">
      <langSec xml:lang="en">
        <descrip type="definition">A person who moves away from his or her place of usual residence.</descrip>
        <termSec><term>migrant</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote><admin type="source">IOM Glossary on Migration</admin></termSec>
      </langSec>
      <langSec xml:lang="es-ES">
        <termSec><term>inmigrante ilegal</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        <termSec><term>migrante</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>`
    const fromTbx = (await (await st.post('/api/glossary/import', { format: 'tbx', content: foreign, replace: false })).json()) as GlossaryImportResponse
    expect([fromTbx.created, fromTbx.updated, fromTbx.removed]).toEqual([2, 0, 0])
    const migrant = fromTbx.entries.find((e) => e.termEn === 'migrant')!
    expect(migrant).toMatchObject({ id: 'c12', termEs: 'migrante', definitionEn: 'A person who moves away from his or her place of usual residence.', source: 'IOM Glossary on Migration' })
    expect(fromTbx.entries.find((e) => e.termEs === 'inmigrante ilegal')).toMatchObject({ status: 'deprecated', preferredId: 'c12', termEn: '' })

    const before = (await read(pan)).entries
    const badFiles: [string, string, RegExp][] = [
      ['tbx', '<tbx><text><body><conceptEntry>', /not well-formed/],
      ['tbx', '<html/>', /not TBX/],
      ['csv', 'nombre;definición\r\nx;y\r\n', /first line must name its columns/],
      ['csv', 'term_es;status\r\nx;quizás\r\n', /row 2: "quizás" is not a status/],
      ['csv', 'term_es;term_en\r\nx;y\r\n;\r\n', /row 3: an entry needs its term/],
      ['csv', 'id;term_es;status;preferred_id\r\na1;x;deprecated;zz\r\n', /row 2: its preferred entry zz is neither in the file nor in the glossary/],
      ['csv', 'id;term_es\r\na1;x\r\na1;y\r\n', /row 3: the id a1 is given to two entries/],
    ]
    for (const [format, file, message] of badFiles) {
      const answer = await st.post('/api/glossary/import', { format, content: file, replace: true })
      const json = (await answer.json()) as { error: string; message: string }
      expect([answer.status, json.error], file).toEqual([400, 'invalid_glossary_file'])
      expect(json.message).toMatch(message)
    }
    expect((await st.post('/api/glossary/import', { format: 'xlsx', content: 'x', replace: true })).status).toBe(400)
    expect((await read(pan)).entries).toEqual(before)
  })
})

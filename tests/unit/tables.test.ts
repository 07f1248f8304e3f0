/*
 * Tables in the shared schema (packages/schema/SPEC.md SCHEMA-130..133): what a table may hold,
 * the server's checks of updates that write tables (server/SPEC.md TRUST-1), and suggesting
 * inside cells. Updates are made as the editor makes them: headless transactions written into a
 * client's Yjs copy by y-tiptap's sync; the row and column commands are prosemirror-tables' own.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addColumnAfter, addRowAfter, deleteRow } from '@tiptap/pm/tables'
import type { JSONContent } from '@tiptap/core'
import {
  acceptAll,
  applyEdit,
  assertValidDocument,
  BODY_FIELD,
  consensoSchema,
  createSuggestionState,
  headlessEdits,
  jsonToYUpdate,
  listSuggestions,
  readYDoc,
  rejectAll,
  selectText,
  withBlockIds,
  writeYDoc,
  yDocToJSON,
} from '@consenso/schema'
import { RefusedUpdateError, type Writer } from '@consenso/server/collab'
import { clientOf, NOW, PAN, send as sendChecked, updateOf } from '../helpers/body-checks.ts'

const writer: Writer = { userId: PAN.id, name: PAN.name, delegation: PAN.delegation, suggestOnly: false, now: NOW }
let ids = 0
const edits = { author: PAN, now: () => new Date(NOW).toISOString(), newId: () => `s-${++ids}` }

const p = (text: string): JSONContent => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })
const cell = (type: 'tableCell' | 'tableHeader', text: string, attrs: Record<string, unknown> = {}): JSONContent => ({ type, attrs, content: [p(text)] })
const TABLE: JSONContent = {
  type: 'table',
  content: [
    { type: 'tableRow', content: [cell('tableHeader', 'Documento'), cell('tableHeader', 'Signatura')] },
    { type: 'tableRow', content: [cell('tableCell', 'Agenda 2030'), cell('tableCell', 'A/RES/70/1')] },
    { type: 'tableRow', content: [cell('tableCell', 'Pacto Mundial', { colspan: 2 })] },
  ],
}
const DOC = withBlockIds({ type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Anexo' }] }, TABLE, p('Fin del anexo.')] })

function serverWith(json: JSONContent): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, jsonToYUpdate(json))
  return doc
}
const send = (server: Y.Doc, update: Uint8Array, who: Writer = writer): Error | null => sendChecked(server, update, who)

type State = ReturnType<typeof createSuggestionState>
/** Position of `words` in the first textblock holding them. */
function at(state: State, words: string, offset = 0): number {
  let found = -1
  state.doc.descendants((node, pos) => {
    if (found >= 0 || !node.isTextblock) return found < 0
    const index = node.textContent.indexOf(words)
    if (index >= 0) found = pos + 1 + index + offset
    return false
  })
  if (found < 0) throw new Error(`no textblock with ${words}`)
  return found
}
const cellTexts = (json: JSONContent): string[][] =>
  (json.content ?? []).filter((b) => b.type === 'table').flatMap((t) => (t.content ?? []).map((row) => (row.content ?? []).map((c) => (c.content ?? []).map((q) => (q.content ?? []).map((x) => x.text ?? '').join('')).join('\n'))))

describe('tables in the schema', () => {
  it('[SCHEMA-130] a table of header and body cells holding paragraphs survives JSON → Yjs → JSON, with ids on the table and the cells’ paragraphs', () => {
    assertValidDocument(DOC)
    const back = yDocToJSON(serverWith(DOC))
    expect(consensoSchema().nodeFromJSON(back).eq(consensoSchema().nodeFromJSON(DOC))).toBe(true)
    const table = DOC.content![1]!
    expect(typeof table.attrs?.id).toBe('string')
    expect(typeof table.content![0]!.content![0]!.content![0]!.attrs?.id).toBe('string')
    expect(table.content![2]!.content![0]!.attrs).toEqual({ colspan: 2, rowspan: 1 })
  })

  it('[SCHEMA-130] a cell holds paragraphs only (no table in a table, no heading or list), a row at least one cell', () => {
    const inCell = (content: JSONContent[]): JSONContent => ({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content }] }] }] })
    expect(() => assertValidDocument(inCell([p('a')]))).not.toThrow()
    expect(() => assertValidDocument(inCell([TABLE]))).toThrow()
    expect(() => assertValidDocument(inCell([{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'x' }] }]))).toThrow()
    expect(() => assertValidDocument(inCell([{ type: 'bulletList', content: [{ type: 'listItem', content: [p('x')] }] }]))).toThrow()
    expect(() => assertValidDocument({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [] }] }] })).toThrow()
  })
})

describe('tables through the server’s checks', () => {
  it('[SCHEMA-131] [TRUST-1] a table inserted, typed in and given a row and a column as the editor does passes', () => {
    const server = serverWith(withBlockIds({ type: 'doc', content: [p('Antes de la tabla.')] }))
    const client = clientOf(server)
    const change = (command: (state: State) => State) => (d: Y.Doc) => writeYDoc(d, command(createSuggestionState(readYDoc(d))).doc)
    const insert = updateOf(client, change((s) => s.apply(s.tr.insert(s.doc.content.size, s.schema.nodeFromJSON(TABLE)))))
    expect(send(server, insert)).toBeNull()
    const typed = updateOf(client, change((s) => s.apply(s.tr.insertText(' (2015)', at(s, 'Agenda 2030', 11)))))
    expect(send(server, typed)).toBeNull()
    const rowAndColumn = updateOf(
      client,
      change((s) => {
        let state = selectText(s, at(s, 'A/RES/70/1'))
        addRowAfter(state, (tr) => (state = state.apply(tr)))
        addColumnAfter(state, (tr) => (state = state.apply(tr)))
        return state
      }),
    )
    expect(send(server, rowAndColumn)).toBeNull()
    expect(cellTexts(yDocToJSON(server))).toEqual([['Documento', 'Signatura', ''], ['Agenda 2030 (2015)', 'A/RES/70/1', ''], ['', '', ''], ['Pacto Mundial', '']])
  })

  it('[SCHEMA-131] [TRUST-1] malformed tables are refused: a table in a cell, rows or cells out of place, text in a row, spans out of range, column widths', () => {
    const server = serverWith(DOC)
    const table = (d: Y.Doc): Y.XmlElement => d.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement
    const firstCell = (d: Y.Doc): Y.XmlElement => (table(d).get(0) as Y.XmlElement).get(0) as Y.XmlElement
    const cases: Array<[string, (d: Y.Doc) => void]> = [
      ['a table in a cell', (d) => firstCell(d).insert(1, [new Y.XmlElement('table')])],
      ['a row at the top level', (d) => d.getXmlFragment(BODY_FIELD).insert(1, [new Y.XmlElement('tableRow')])],
      ['a cell at the top level', (d) => d.getXmlFragment(BODY_FIELD).insert(1, [new Y.XmlElement('tableCell')])],
      ['a cell straight in a table', (d) => table(d).insert(0, [new Y.XmlElement('tableCell')])],
      ['a paragraph straight in a row', (d) => (table(d).get(0) as Y.XmlElement).insert(0, [new Y.XmlElement('paragraph')])],
      ['text in a row', (d) => (table(d).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('suelto')])],
      ['text straight in a cell', (d) => firstCell(d).insert(0, [new Y.XmlText('suelto')])],
      ['a heading in a cell', (d) => firstCell(d).insert(0, [new Y.XmlElement('heading')])],
      ['a span of 0', (d) => firstCell(d).setAttribute('colspan', 0 as unknown as string)],
      ['a span of 1000', (d) => firstCell(d).setAttribute('rowspan', 1000 as unknown as string)],
      ['a span as text', (d) => firstCell(d).setAttribute('colspan', '2')],
      ['a column width', (d) => firstCell(d).setAttribute('colwidth', [120] as unknown as string)],
      ['a cell attribute on a row', (d) => (table(d).get(0) as Y.XmlElement).setAttribute('colspan', 2 as unknown as string)],
    ]
    const before = yDocToJSON(server)
    for (const [what, change] of cases) expect(send(server, updateOf(clientOf(server), change)), what).toBeInstanceOf(RefusedUpdateError)
    expect(yDocToJSON(server)).toEqual(before)
  })
})

describe('suggesting inside cells through the server', () => {
  it('[SCHEMA-133] [TRUST-4] a proposer (suggestions only) may suggest words and a paragraph break in a cell, but not a row', () => {
    const server = serverWith(DOC)
    const proposer: Writer = { ...writer, suggestOnly: true }
    const suggestIn = (d: Y.Doc, act: (state: State) => State) => writeYDoc(d, act(createSuggestionState(readYDoc(d), { suggesting: true })).doc)
    const typed = updateOf(clientOf(server), (d) =>
      suggestIn(d, (s) => {
        let state = selectText(s, at(s, 'A/RES/70/1', 10))
        state = applyEdit(state, headlessEdits.type(state, ', párr. 3'), edits)
        state = selectText(state, at(state, 'Pacto', 5))
        return applyEdit(state, headlessEdits.enter(state), edits)
      }),
    )
    expect(send(server, typed, proposer)).toBeNull()
    expect(listSuggestions(readYDoc(server)).map((s) => s.text)).toEqual([', párr. 3', '\n'])
    // A row written directly (not through suggesting mode, which refuses it) is refused by the server.
    const row = updateOf(clientOf(server), (d) =>
      writeYDoc(d, (() => {
        let state = selectText(createSuggestionState(readYDoc(d)), at(createSuggestionState(readYDoc(d)), 'Agenda'))
        addRowAfter(state, (tr) => (state = state.apply(tr)))
        return state.doc
      })()),
    )
    expect(send(server, row, proposer)).toBeInstanceOf(RefusedUpdateError)
  })
})

describe('suggesting inside cells', () => {
  const suggesting = () => createSuggestionState(DOC, { suggesting: true })

  it('[SCHEMA-133] typing, deleting and Enter in a cell are suggestions as in a paragraph; accepting and rejecting them keep the table', () => {
    let state = selectText(suggesting(), at(suggesting(), 'A/RES/70/1', 10))
    state = applyEdit(state, headlessEdits.type(state, ', párr. 3'), edits)
    state = selectText(state, at(state, 'Agenda'), at(state, 'Agenda', 6))
    state = applyEdit(state, headlessEdits.backspace(state), edits)
    state = selectText(state, at(state, 'Pacto Mundial', 5))
    state = applyEdit(state, headlessEdits.enter(state), edits)
    const kinds = listSuggestions(state.doc).map((s) => [s.kind, s.text])
    expect(kinds).toEqual([['delete', 'Agenda'], ['insert', ', párr. 3'], ['insert', '\n']])
    const accepted = createSuggestionState(state.doc)
    acceptAll()(accepted, (tr) => expect(cellTexts(accepted.apply(tr).doc.toJSON())).toEqual([['Documento', 'Signatura'], [' 2030', 'A/RES/70/1, párr. 3'], ['Pacto\n Mundial']]))
    rejectAll()(accepted, (tr) => expect(cellTexts(accepted.apply(tr).doc.toJSON())).toEqual(cellTexts(DOC)))
  })

  it('[SCHEMA-133] while suggesting, Backspace at a cell’s start and Delete at its end do nothing; rows, columns, tables and deletions across cells are refused', () => {
    const start = suggesting()
    const atCellStart = selectText(start, at(start, 'A/RES/70/1'))
    expect(applyEdit(atCellStart, headlessEdits.backspace(atCellStart), edits).doc.eq(start.doc)).toBe(true)
    const atCellEnd = selectText(start, at(start, 'Agenda 2030', 11))
    expect(applyEdit(atCellEnd, headlessEdits.deleteForward(atCellEnd), edits).doc.eq(start.doc)).toBe(true)
    const afterTable = selectText(start, at(start, 'Fin del anexo.'))
    expect(applyEdit(afterTable, headlessEdits.backspace(afterTable), edits).doc.eq(start.doc)).toBe(true)
    let refused = 0
    const tryCommand = (state: State, command: typeof addRowAfter) =>
      command(state, (tr) => {
        if (applyEdit(state, tr, edits).doc.eq(start.doc)) refused++
      })
    tryCommand(atCellStart, addRowAfter)
    tryCommand(atCellStart, addColumnAfter)
    tryCommand(atCellStart, deleteRow)
    expect(refused).toBe(3)
    const acrossCells = selectText(start, at(start, 'Agenda', 3), at(start, 'A/RES', 3))
    expect(applyEdit(acrossCells, headlessEdits.backspace(acrossCells), edits).doc.eq(start.doc)).toBe(true)
    const paste = selectText(start, at(start, 'Fin del', 3))
    expect(applyEdit(paste, headlessEdits.paste(paste, [p('x'), TABLE, p('y')]), edits).doc.eq(start.doc)).toBe(true)
  })
})

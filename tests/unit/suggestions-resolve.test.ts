/*
 * Suggestion mode: format and block suggestions, accepting, rejecting and listing, packages/schema/SPEC.md:
 * [SUGG-8]  formatting and block kind/type changes are suggestions; unrepresentable structure
 *           changes are refused.
 * [SUGG-9]  accept/reject one, all, all from a delegation; accepting everything gives what
 *           editing would have given, rejecting everything gives the start back.
 * [SUGG-11] listSuggestions summarises each suggestion.
 *
 * Documents are written in the compact notation of tests/helpers/suggestion-notation.ts.
 */
import { describe, expect, it } from 'vitest'
import {
  acceptAll,
  acceptSuggestion,
  applyEdit,
  consensoSchema,
  createSuggestionState,
  listSuggestions,
  rejectAll,
  rejectAllFrom,
  rejectSuggestion,
  resolveSuggestionsInDoc,
  setSuggestingTransaction,
  suggestTransaction,
} from '@consenso/schema'
import {
  type Tr,
  AUTHORS,
  EARLIER,
  context,
  parse,
  render,
  type Action,
  startState,
  perform,
  run,
  bold,
  setKind,
  MIXED,
  RESOLVE_CASES,
} from '../helpers/suggestion-notation.ts'

describe('format and block suggestions, accepted and rejected', () => {
  const addBold: Action = ['tr', (s) => s.tr.addMark(s.selection.from, s.selection.to, bold().create())]

  it('[SUGG-8] bold is kept on accept and removed on reject', () => {
    const state = perform(['Hello <world>'], 'CHL', [addBold])
    expect(render(run(state, acceptAll()).doc)).toEqual(['Hello **world**'])
    expect(render(run(state, rejectAll()).doc)).toEqual(['Hello world'])
  })

  it('[SUGG-8] removing bold is a suggestion that rejecting undoes; bolding again cancels it', () => {
    const start = startState(['Hello world'], false)
    const b = bold()
    let state = start.apply(start.tr.addMark(7, 12, b.create()))
    state = state.apply(setSuggestingTransaction(state, true))
    const ctx = context('PAN')
    state = applyEdit(state, state.tr.removeMark(7, 12, b), ctx)
    expect(render(state.doc)).toEqual(['Hello [~world~]{PAN s1 -bold}'])
    expect(render(run(state, rejectAll()).doc)).toEqual(['Hello **world**'])
    expect(render(run(state, acceptAll()).doc)).toEqual(['Hello world'])
    state = applyEdit(state, state.tr.addMark(7, 12, b.create()), ctx)
    expect(render(state.doc)).toEqual(['Hello **world**'])
  })

  it('[SUGG-8] a kind change is kept on accept and restored on reject, numbering included', () => {
    const state = perform(['PP: Hello', 'PP: World'], 'CHL', [['tr', setKind('operative', 1)]])
    expect(render(state.doc)).toEqual(['PP: Hello', 'OP: {~PP CHL s1}World'])
    expect(render(run(state, acceptSuggestion('s1')).doc)).toEqual(['PP: Hello', 'OP: World'])
    expect(render(run(state, rejectSuggestion('s1')).doc)).toEqual(['PP: Hello', 'PP: World'])
  })

  it('[SUGG-8] a heading suggestion rejected is a paragraph again, same block id', () => {
    const json = parse(['Hello']).doc
    json.content![0]!.attrs!.id = 'block-1'
    let state = createSuggestionState(json, { suggesting: true })
    state = applyEdit(state, state.tr.setBlockType(1, 1, consensoSchema().nodes.heading!, { level: 2 }), context('CHL'))
    expect(state.doc.child(0).attrs.id).toBe('block-1')
    const rejected = run(state, rejectAll()).doc
    expect(render(rejected)).toEqual(['Hello'])
    expect(rejected.child(0).attrs.id).toBe('block-1')
  })
})

// ---------------------------------------------------------------------------------------------
// Accept and reject on a document with suggestions from several delegations


describe('accept and reject', () => {
  for (const { name, command, expected } of RESOLVE_CASES) {
    it(`[SUGG-9] ${name}`, () => {
      const state = startState(MIXED, true)
      const after = run(state, command)
      expect(render(after.doc)).toEqual(expected)
      expect(() => after.doc.check()).not.toThrow()
    })
  }

  it('[SUGG-9] accept and reject are ordinary edits that suggesting mode does not touch', () => {
    const state = startState(MIXED, true)
    let dispatched: Tr | undefined
    expect(acceptSuggestion('p1')(state, (tr) => (dispatched = tr))).toBe(true)
    expect(dispatched!.docChanged).toBe(true)
    expect(suggestTransaction(state, dispatched!, { ...context('CHL'), suggesting: true })).toBe(dispatched)
  })

  it('[SUGG-9] an unknown id or delegation finds nothing and changes nothing', () => {
    const state = startState(MIXED, true)
    expect(acceptSuggestion('nope')(state)).toBe(false)
    expect(rejectAllFrom('MEX')(state)).toBe(false)
  })

  it('[SUGG-9] accepting the deletion of a whole paragraph keeps the neighbours and their ids', () => {
    const json = parse(['Hello', 'middle', 'world']).doc
    json.content!.forEach((block, i) => (block.attrs!.id = `b${i}`))
    let state = createSuggestionState(json, { suggesting: true })
    state = applyEdit(state, state.tr.delete(state.doc.child(0).nodeSize, state.doc.child(0).nodeSize + state.doc.child(1).nodeSize), context('CHL'))
    const accepted = run(state, acceptAll()).doc
    expect(render(accepted)).toEqual(['Hello', 'world'])
    expect([accepted.child(0).attrs.id, accepted.child(1).attrs.id]).toEqual(['b0', 'b2'])

    let top = createSuggestionState(json, { suggesting: true })
    top = applyEdit(top, top.tr.delete(0, top.doc.child(0).nodeSize), context('CHL'))
    const acceptedTop = run(top, acceptAll()).doc
    expect(render(acceptedTop)).toEqual(['middle', 'world'])
    expect([acceptedTop.child(0).attrs.id, acceptedTop.child(1).attrs.id]).toEqual(['b1', 'b2'])
  })

  it('[SUGG-9] the clean view of a document accepts everything without an editor', () => {
    const { doc } = startState(MIXED, false)
    expect(render(resolveSuggestionsInDoc(doc, 'accept'))).toEqual(RESOLVE_CASES[0]!.expected)
    expect(render(resolveSuggestionsInDoc(doc, 'reject'))).toEqual(RESOLVE_CASES[1]!.expected)
  })
})

describe('listing suggestions', () => {
  it('[SUGG-11] lists each suggestion once, in document order, with kind and text', () => {
    const state = startState(
      [...MIXED, 'Hello [-old-]{CHL c4}[+new+]{CHL c4} world'],
      false,
    )
    const list = listSuggestions(state.doc)
    expect(list.map(({ id, kind, delegation, authorName, text }) => ({ id, kind, delegation, authorName, text }))).toEqual([
      { id: 'c1', kind: 'insert', delegation: 'CHL', authorName: 'Ana Rojas', text: 'big ' },
      { id: 'p1', kind: 'delete', delegation: 'PAN', authorName: 'Luis Pérez', text: 'old' },
      { id: 'p2', kind: 'insert', delegation: 'PAN', authorName: 'Luis Pérez', text: '\n' },
      { id: 'c2', kind: 'delete', delegation: 'CHL', authorName: 'Ana Rojas', text: 'part' },
      { id: 'c3', kind: 'delete', delegation: 'CHL', authorName: 'Ana Rojas', text: '\n' },
      { id: 'p3', kind: 'insert', delegation: 'PAN', authorName: 'Luis Pérez', text: 'text' },
      { id: 't1', kind: 'format', delegation: 'ST-CSM', authorName: 'Marta Silva', text: 'Fourth' },
      { id: 'c4', kind: 'replace', delegation: 'CHL', authorName: 'Ana Rojas', text: 'new' },
    ])
    const replace = list.at(-1)!
    expect(replace).toMatchObject({ insertedText: 'new', deletedText: 'old', at: EARLIER, authorId: AUTHORS.CHL.id })
    expect(state.doc.textBetween(replace.from, replace.to)).toBe('oldnew')
    expect(list.find((s) => s.id === 't1')!.blockChanges).toEqual([
      expect.objectContaining({ previous: { type: 'paragraph', attrs: { kind: 'preamble' } }, current: { type: 'paragraph', attrs: { kind: 'operative' } } }),
    ])
  })

  it('[SUGG-11] a pasted multi-paragraph insertion reads as its text with line breaks', () => {
    const state = perform(['Hello |world'], 'CHL', [['paste', ['one', 'two']]])
    expect(listSuggestions(state.doc).map((s) => [s.kind, s.text])).toEqual([['insert', 'one\ntwo']])
  })

  it('[SUGG-11] format suggestions list the marks they change', () => {
    const state = perform(['Hello <world>'], 'ST', [['tr', (s) => s.tr.addMark(s.selection.from, s.selection.to, bold().create())]])
    expect(listSuggestions(state.doc)).toEqual([expect.objectContaining({ kind: 'format', text: 'world', delegation: 'ST-CSM', formats: [{ mark: 'bold', action: 'add' }] })])
  })
})

// ---------------------------------------------------------------------------------------------
// Schema

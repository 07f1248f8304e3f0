/*
 * Suggestion mode (tracked changes): what each edit becomes, and what it leaves alone or
 * refuses (packages/schema/SPEC.md):
 * [SUGG-2]  editing mode, remote/undo (y-sync), history, addToHistory:false, accept/reject and
 *           already-tracked transactions pass through untouched.
 * [SUGG-3]  typed and pasted text becomes the author's insertion; a typing run next to the
 *           author's own insertion (or own new paragraph) extends it.
 * [SUGG-4]  deleted text stays, struck; Backspace leaves the caret before it, Delete after;
 *           struck text keeps its first attribution.
 * [SUGG-5]  deleting a pending insertion (own or another delegation's) really removes it.
 * [SUGG-6]  replacing = deletion + insertion after it, one id.
 * [SUGG-7]  Enter and pasted paragraphs are `breakChange: split`; Backspace/Delete across a
 *           break and whole-block deletions are `breakChange: join`.
 * [SUGG-8]  formatting and block kind/type changes are suggestions; unrepresentable structure
 *           changes are refused.
 * [SUGG-9]  accept/reject one, all, all from a delegation; accepting everything gives what
 *           editing would have given, rejecting everything gives the start back.
 *
 * Documents are written in the compact notation of tests/helpers/suggestion-notation.ts.
 */
import { describe, expect, it } from 'vitest'
import {
  acceptAll,
  applyEdit,
  consensoSchema,
  createSuggestionState,
  headlessEdits,
  rejectAll,
  selectText,
  setSuggestingTransaction,
  suggestTransaction,
  suggestionPluginKey,
  ySyncPluginKey,
} from '@consenso/schema'
import {
  type Tr,
  type JSONContent,
  context,
  render,
  renderState,
  expectConsistentAttribution,
  startState,
  perform,
  run,
  bold,
  setKind,
  type EditCase,
  repeat,
  posOf,
} from '../helpers/suggestion-notation.ts'

const EDIT_CASES: EditCase[] = [
  // Typing and pasting
  { rule: 'SUGG-3', name: 'typing becomes an insertion', by: 'CHL', start: ['Hello |world'], actions: [['type', 'big ']], expected: ['Hello [+big +]{CHL s1}|world'] },
  {
    rule: 'SUGG-3',
    name: 'a typing run, key by key, is one suggestion with one time',
    by: 'CHL',
    start: ['Hello |world'],
    actions: [['type', 'b'], ['type', 'i'], ['type', 'g']],
    expected: ['Hello [+big+]{CHL s1}|world'],
  },
  { rule: 'SUGG-3', name: "typing inside one's own insertion extends it", by: 'CHL', start: ['Hello [+bi|g+]{CHL c1} world'], actions: [['type', 'X']], expected: ['Hello [+biX|g+]{CHL c1} world'] },
  { rule: 'SUGG-3', name: "typing right after one's own insertion extends it", by: 'CHL', start: ['Hello [+big+]{CHL c1}| world'], actions: [['type', 's']], expected: ['Hello [+bigs+]{CHL c1}| world'] },
  { rule: 'SUGG-3', name: "typing right before one's own insertion extends it", by: 'CHL', start: ['Hello |[+big+]{CHL c1} world'], actions: [['type', 'X']], expected: ['Hello [+X|big+]{CHL c1} world'] },
  {
    rule: 'SUGG-3',
    name: "typing next to another delegation's insertion is a separate suggestion",
    by: 'CHL',
    start: ['Hello [+big+]{PAN p1}| world'],
    actions: [['type', 's']],
    expected: ['Hello [+big+]{PAN p1}[+s+]{CHL s1}| world'],
  },
  {
    rule: 'SUGG-3',
    name: "typing inside another delegation's insertion splits it around the new one",
    by: 'CHL',
    start: ['Hello [+bi|g+]{PAN p1} world'],
    actions: [['type', 'X']],
    expected: ['Hello [+bi+]{PAN p1}[+X+]{CHL s1}|[+g+]{PAN p1} world'],
  },
  {
    rule: 'SUGG-3',
    name: 'a colleague of the same delegation makes a suggestion of their own',
    by: 'CHL2',
    start: ['Hello [+big+]{CHL c1}| world'],
    actions: [['type', 's']],
    expected: ['Hello [+big+]{CHL c1}[+s+]{CHL2 s1}| world'],
  },
  {
    rule: 'SUGG-3',
    name: 'typing inside struck text inserts there, unstruck',
    by: 'CHL',
    start: ['Hello [-ol|d-]{PAN p1} world'],
    actions: [['type', 'X']],
    expected: ['Hello [-ol-]{PAN p1}[+X+]{CHL s1}|[-d-]{PAN p1} world'],
  },
  { rule: 'SUGG-3', name: 'pasting text becomes an insertion', by: 'CHL', start: ['Hello | world'], actions: [['paste', ['big']]], expected: ['Hello [+big+]{CHL s1}| world'] },
  {
    rule: 'SUGG-3',
    name: 'pasting two paragraphs inserts their text and one break',
    by: 'CHL',
    start: ['Hello |world'],
    actions: [['paste', ['big', 'new']]],
    expected: ['Hello [+big+]{CHL s1}', '{+¶ CHL s1}[+new+]{CHL s1}|world'],
  },
  {
    rule: 'SUGG-3',
    name: 'pasting three paragraphs inserts two breaks',
    by: 'CHL',
    start: ['Hello |world'],
    actions: [['paste', ['one', 'two', 'three']]],
    expected: ['Hello [+one+]{CHL s1}', '{+¶ CHL s1}[+two+]{CHL s1}', '{+¶ CHL s1}[+three+]{CHL s1}|world'],
  },

  // Deleting
  { rule: 'SUGG-4', name: 'Backspace strikes the character and steps before it', by: 'CHL', start: ['Hello world|'], actions: [['backspace']], expected: ['Hello worl|[-d-]{CHL s1}'] },
  { rule: 'SUGG-4', name: 'a Backspace run is one suggestion', by: 'CHL', start: ['Hello world|'], actions: repeat(['backspace'], 3), expected: ['Hello wo|[-rld-]{CHL s1}'] },
  { rule: 'SUGG-4', name: 'a Delete run strikes forwards and steps after', by: 'CHL', start: ['Hello |world'], actions: repeat(['delete'], 2), expected: ['Hello [-wo-]{CHL s1}|rld'] },
  { rule: 'SUGG-4', name: 'deleting a selection strikes it, caret after', by: 'CHL', start: ['Hello <big> world'], actions: [['backspace']], expected: ['Hello [-big-]{CHL s1}| world'] },
  {
    rule: 'SUGG-4',
    name: 'text already struck by another delegation keeps their attribution',
    by: 'CHL',
    start: ['Hel<lo [-big-]{PAN p1} wo>rld'],
    actions: [['backspace']],
    expected: ['Hel[-lo -]{CHL s1}[-big-]{PAN p1}[- wo-]{CHL s1}|rld'],
  },
  { rule: 'SUGG-4', name: 'Backspace over struck text only moves the caret', by: 'CHL', start: ['Hello [-big-]{PAN p1}|'], actions: [['backspace']], expected: ['Hello [-bi|g-]{PAN p1}'] },

  // Deleting proposed text
  { rule: 'SUGG-5', name: "deleting inside one's own insertion really deletes", by: 'CHL', start: ['Hello [+big|+]{CHL c1} world'], actions: [['backspace']], expected: ['Hello [+bi+]{CHL c1}| world'] },
  { rule: 'SUGG-5', name: "deleting all of one's own insertion leaves nothing", by: 'CHL', start: ['Hello <[+big+]{CHL c1}> world'], actions: [['backspace']], expected: ['Hello | world'] },
  {
    rule: 'SUGG-5',
    name: "deleting across another delegation's insertion removes it and strikes the rest",
    by: 'CHL',
    start: ['Hel<lo [+big+]{PAN p1} wo>rld'],
    actions: [['backspace']],
    expected: ['Hel[-lo  wo-]{CHL s1}|rld'],
  },
  {
    rule: 'SUGG-5',
    name: "deleting the end of another delegation's insertion removes that part only",
    by: 'CHL',
    start: ['Hello [+bi<g+]{PAN p1} wo>rld'],
    actions: [['backspace']],
    expected: ['Hello [+bi+]{PAN p1}[- wo-]{CHL s1}|rld'],
  },
  { rule: 'SUGG-5', name: "Backspace at the start of one's own new paragraph takes the break back", by: 'CHL', start: ['Hello ', '{+¶ CHL c1}|world'], actions: [['backspace']], expected: ['Hello |world'] },
  { rule: 'SUGG-5', name: "Backspace at the start of another delegation's new paragraph removes its break", by: 'CHL', start: ['Hello ', '{+¶ PAN p1}|world'], actions: [['backspace']], expected: ['Hello |world'] },

  // Replacing
  { rule: 'SUGG-6', name: 'typing over a selection is one replacement', by: 'CHL', start: ['Hello <old> world'], actions: [['type', 'new']], expected: ['Hello [-old-]{CHL s1}[+new+]{CHL s1}| world'] },
  {
    rule: 'SUGG-6',
    name: 'typing on after a replacement extends it',
    by: 'CHL',
    start: ['Hello <old> world'],
    actions: [['type', 'n'], ['type', 'ew']],
    expected: ['Hello [-old-]{CHL s1}[+new+]{CHL s1}| world'],
  },
  { rule: 'SUGG-6', name: 'pasting over a selection is one replacement', by: 'CHL', start: ['Hello <old> world'], actions: [['paste', ['new']]], expected: ['Hello [-old-]{CHL s1}[+new+]{CHL s1}| world'] },
  { rule: 'SUGG-6', name: 'Backspace then typing is one replacement', by: 'CHL', start: ['Hello old|'], actions: [['backspace'], ['type', 'X']], expected: ['Hello ol[+X+]{CHL s1}|[-d-]{CHL s1}'] },
  {
    rule: 'SUGG-6',
    name: "replacing part of another delegation's insertion",
    by: 'CHL',
    start: ['[+a<bc>d+]{PAN p1}'],
    actions: [['type', 'X']],
    expected: ['[+a+]{PAN p1}[+X+]{CHL s1}|[+d+]{PAN p1}'],
  },

  // Paragraph breaks
  { rule: 'SUGG-7', name: 'Enter suggests a split', by: 'CHL', start: ['Hello |world'], actions: [['enter']], expected: ['Hello ', '{+¶ CHL s1}|world'] },
  { rule: 'SUGG-7', name: 'Enter and typing are one suggestion', by: 'CHL', start: ['Hello |world'], actions: [['enter'], ['type', 'New ']], expected: ['Hello ', '{+¶ CHL s1}[+New +]{CHL s1}|world'] },
  { rule: 'SUGG-7', name: 'Enter at the end of a paragraph suggests an empty one', by: 'CHL', start: ['Hello|', 'world'], actions: [['enter']], expected: ['Hello', '{+¶ CHL s1}|', 'world'] },
  { rule: 'SUGG-7', name: 'Enter over a selection strikes it and splits after it', by: 'CHL', start: ['Hel<lo wo>rld'], actions: [['enter']], expected: ['Hel[-lo wo-]{CHL s1}', '{+¶ CHL s1}|rld'] },
  { rule: 'SUGG-7', name: 'Backspace at the start of a paragraph suggests a join', by: 'CHL', start: ['Hello', '|world'], actions: [['backspace']], expected: ['Hello|', '{-¶ CHL s1}world'] },
  { rule: 'SUGG-7', name: 'Delete at the end of a paragraph suggests a join', by: 'CHL', start: ['Hello|', 'world'], actions: [['delete']], expected: ['Hello', '{-¶ CHL s1}|world'] },
  {
    rule: 'SUGG-7',
    name: 'deleting across two paragraphs strikes both sides and suggests a join',
    by: 'CHL',
    start: ['Hel<lo', 'wor>ld'],
    actions: [['backspace']],
    expected: ['Hel[-lo-]{CHL s1}', '{-¶ CHL s1}[-wor-]{CHL s1}|ld'],
  },
  {
    rule: 'SUGG-7',
    name: 'deleting across three paragraphs joins all three',
    by: 'CHL',
    start: ['Hel<lo', 'middle', 'wor>ld'],
    actions: [['backspace']],
    expected: ['Hel[-lo-]{CHL s1}', '{-¶ CHL s1}[-middle-]{CHL s1}', '{-¶ CHL s1}[-wor-]{CHL s1}|ld'],
  },
  { rule: 'SUGG-7', name: 'Backspace before a break already suggested for joining only moves', by: 'CHL', start: ['Hello', '{-¶ PAN p1}|world'], actions: [['backspace']], expected: ['Hello|', '{-¶ PAN p1}world'] },
  {
    rule: 'SUGG-7',
    name: 'deleting a whole paragraph strikes it and joins it to the one before',
    by: 'CHL',
    start: ['Hello', 'middle', 'wor|ld'],
    actions: [['tr', (s) => s.tr.delete(s.doc.child(0).nodeSize, s.doc.child(0).nodeSize + s.doc.child(1).nodeSize)]],
    expected: ['Hello', '{-¶ CHL s1}[-middle-]{CHL s1}', '|world'],
  },
  {
    rule: 'SUGG-7',
    name: 'deleting the first paragraph whole joins the next one to it',
    by: 'CHL',
    start: ['Hello', 'wor|ld'],
    actions: [['tr', (s) => s.tr.delete(0, s.doc.child(0).nodeSize)]],
    expected: ['[-Hello-]{CHL s1}', '{-¶ CHL s1}|world'],
  },

  // Formatting and block changes
  {
    rule: 'SUGG-8',
    name: 'making text bold is a format suggestion',
    by: 'CHL',
    start: ['Hello <world>'],
    actions: [['tr', (s) => s.tr.addMark(s.selection.from, s.selection.to, bold().create())]],
    expected: ['Hello [~**world**~]{CHL s1 +bold}'],
  },
  {
    rule: 'SUGG-8',
    name: "formatting one's own inserted text is direct",
    by: 'CHL',
    start: ['Hello <[+big+]{CHL c1}> world'],
    actions: [['tr', (s) => s.tr.addMark(s.selection.from, s.selection.to, bold().create())]],
    expected: ['Hello [+**big**+]{CHL c1} world'],
  },
  { rule: 'SUGG-8', name: 'changing the paragraph kind is a block suggestion', by: 'CHL', start: ['PP: Hel|lo'], actions: [['tr', setKind('operative')]], expected: ['OP: {~PP CHL s1}Hel|lo'] },
  { rule: 'SUGG-8', name: 'giving a plain paragraph a kind', by: 'PAN', start: ['Hel|lo'], actions: [['tr', setKind('preamble')]], expected: ['PP: {~P PAN s1}Hel|lo'] },
  { rule: 'SUGG-8', name: 'changing the kind back cancels the suggestion', by: 'CHL', start: ['PP: Hel|lo'], actions: [['tr', setKind('operative')], ['tr', setKind('preamble')]], expected: ['PP: Hel|lo'] },
  {
    rule: 'SUGG-8',
    name: "changing another delegation's pending kind change keeps what it was before both",
    by: 'CHL',
    start: ['OP: {~PP PAN p1}Hel|lo'],
    actions: [['tr', setKind(null)]],
    expected: ['{~PP CHL s1}Hel|lo'],
  },
  {
    rule: 'SUGG-8',
    name: 'turning a paragraph into a heading is a block suggestion',
    by: 'CHL',
    start: ['Hel|lo'],
    actions: [['tr', (s) => s.tr.setBlockType(1, 1, consensoSchema().nodes.heading!, { level: 2 })]],
    expected: ['H2: {~P CHL s1}Hel|lo'],
  },
  {
    rule: 'SUGG-8',
    name: "the kind of one's own new paragraph is set directly",
    by: 'CHL',
    start: ['Hello', '{+¶ CHL c1}Wor|ld'],
    actions: [['tr', setKind('operative', 1)]],
    expected: ['Hello', 'OP: {+¶ CHL c1}Wor|ld'],
  },
]

const hasSuggestions = (blocks: string[]) => blocks.some((b) => /\[[+-]|\{[+~-]/.test(b))
const plain = (blocks: string[]) => blocks.map((b) => b.replace(/[|<>]/g, ''))

describe('suggesting: what each edit becomes', () => {
  for (const c of EDIT_CASES) {
    it(`[${c.rule}] ${c.name}`, () => {
      const state = perform(c.start, c.by, c.actions)
      expect(renderState(state)).toEqual(c.expected)
      expect(() => state.doc.check()).not.toThrow()
      expectConsistentAttribution(state.doc)
    })
  }
})

describe('accepting and rejecting everything after each edit', () => {
  for (const c of EDIT_CASES.filter((c) => !hasSuggestions(c.start))) {
    it(`[SUGG-9] ${c.name}: accept all = editing, reject all = the start`, () => {
      const suggested = perform(c.start, c.by, c.actions)
      const edited = perform(c.start, c.by, c.actions, false)
      expect(render(run(suggested, acceptAll()).doc)).toEqual(render(edited.doc))
      expect(render(run(suggested, rejectAll()).doc)).toEqual(plain(c.start))
    })
  }
})

describe('paragraph breaks around lists', () => {
  const p = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] })
  const list = (items: string[], ...after: string[]): JSONContent => ({
    type: 'doc',
    content: [{ type: 'bulletList', content: items.map((t) => ({ type: 'listItem', content: [p(t)] })) }, ...after.map(p)],
  })
  const at = (doc: JSONContent, text: string, offset = 0) => {
    const state = createSuggestionState(doc, { suggesting: true })
    return selectText(state, posOf(state, text) + offset)
  }
  const cases: Array<{ name: string; doc: JSONContent; caretBefore: string; atEnd?: boolean; key: 'backspace' | 'delete'; expected: string[]; accepted: JSONContent }> = [
    {
      name: 'Backspace at the start of the paragraph after a list suggests joining it to the last item',
      doc: list(['one', 'two'], 'after'),
      caretBefore: 'after',
      key: 'backspace',
      expected: ['one', 'two|', '{-¶ CHL s1}after'],
      accepted: list(['one', 'twoafter']),
    },
    {
      name: 'Backspace at the start of the second item suggests joining it to the first',
      doc: list(['one', 'two']),
      caretBefore: 'two',
      key: 'backspace',
      expected: ['one|', '{-¶ CHL s1}two'],
      accepted: list(['onetwo']),
    },
    {
      name: 'Delete at the end of the last item suggests joining the next paragraph to it',
      doc: list(['one'], 'after'),
      caretBefore: 'one',
      atEnd: true,
      key: 'delete',
      expected: ['one', '{-¶ CHL s1}|after'],
      accepted: list(['oneafter']),
    },
  ]
  for (const c of cases) {
    it(`[SUGG-7] ${c.name}`, () => {
      const start = at(c.doc, c.caretBefore, c.atEnd ? c.caretBefore.length : 0)
      const key = c.key === 'backspace' ? headlessEdits.backspace : headlessEdits.deleteForward
      const state = applyEdit(start, key(start), context('CHL'))
      expect(renderState(state)).toEqual(c.expected)
      expect(run(state, acceptAll()).doc.eq(consensoSchema().nodeFromJSON(c.accepted))).toBe(true)
      expect(run(state, rejectAll()).doc.eq(start.doc)).toBe(true)
    })
  }
})

describe('transactions suggesting mode leaves alone', () => {
  const ctx = context('CHL')
  const suggesting = startState(['Hello |world'], true)

  it('[SUGG-2] editing mode returns the very same transaction', () => {
    const editing = startState(['Hello |world'], false)
    for (const tr of [headlessEdits.type(editing, 'X'), headlessEdits.backspace(editing)!, headlessEdits.enter(editing)!]) {
      expect(suggestTransaction(editing, tr, { ...ctx, suggesting: false })).toBe(tr)
    }
    expect(render(perform(['Hello |world'], 'CHL', [['type', 'big ']], false).doc)).toEqual(['Hello big world'])
  })

  const untouched: Array<[string, (tr: Tr) => Tr]> = [
    ['a remote change (y-sync meta)', (tr) => tr.setMeta(ySyncPluginKey, { isChangeOrigin: true })],
    ['a y-undo undo or redo (y-sync meta)', (tr) => tr.setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: true })],
    ['a prosemirror-history undo', (tr) => tr.setMeta('history$', { redo: false })],
    ['a programmatic change kept out of history', (tr) => tr.setMeta('addToHistory', false)],
    ['an accept or reject', (tr) => tr.setMeta(suggestionPluginKey, { resolved: 'accept' })],
    ['an already tracked transaction', (tr) => tr.setMeta(suggestionPluginKey, { tracked: true })],
  ]
  for (const [name, mark] of untouched) {
    it(`[SUGG-2] ${name} passes through while suggesting`, () => {
      const tr = mark(headlessEdits.type(suggesting, 'X'))
      expect(suggestTransaction(suggesting, tr, { ...ctx, suggesting: true })).toBe(tr)
    })
  }

  it('[SUGG-2] a selection change alone passes through', () => {
    const tr = selectText(suggesting, 2).tr
    expect(suggestTransaction(suggesting, tr, { ...ctx, suggesting: true })).toBe(tr)
  })

  it('[SUGG-2] the suggestion keeps the meta of the original (addToHistory, uiEvent)', () => {
    const tr = headlessEdits.type(suggesting, 'X').setMeta('uiEvent', 'paste').setMeta('addToHistory', true)
    const out = suggestTransaction(suggesting, tr, { ...ctx, suggesting: true })!
    expect(out).not.toBe(tr)
    expect(out.getMeta('uiEvent')).toBe('paste')
    expect(out.getMeta('addToHistory')).toBe(true)
    expect(out.time).toBe(tr.time)
  })

  it('[SUGG-2] the plugin switches between editing and suggesting', () => {
    const ctx = context('CHL')
    let state = startState(['Hello |world'], false)
    state = state.apply(setSuggestingTransaction(state, true))
    state = applyEdit(state, headlessEdits.type(state, 'X'), ctx)
    state = state.apply(setSuggestingTransaction(state, false))
    state = applyEdit(state, headlessEdits.type(state, 'Y'), ctx)
    expect(renderState(state)).toEqual(['Hello [+X+]{CHL s1}Y|world'])
  })
})

describe('edits suggesting mode refuses', () => {
  it('[SUGG-8] wrapping a paragraph in a list cannot be suggested and is dropped', () => {
    const state = startState(['Hello |world'], true)
    const { paragraph, bulletList, listItem } = consensoSchema().nodes
    void paragraph
    const range = state.doc.resolve(1).blockRange(state.doc.resolve(1))!
    const tr = state.tr.wrap(range, [{ type: bulletList! }, { type: listItem! }])
    expect(suggestTransaction(state, tr, { ...context('CHL'), suggesting: true })).toBeNull()
    expect(applyEdit(state, tr, context('CHL'))).toBe(state)
  })

  it('[SUGG-8] adding or removing a link cannot be suggested and is dropped (SCHEMA-120)', () => {
    const state = startState(['Hello |world'], true)
    const link = consensoSchema().marks.link!.create({ href: 'https://example.org' })
    expect(suggestTransaction(state, state.tr.addMark(7, 12, link), { ...context('CHL'), suggesting: true })).toBeNull()
    const linked = state.apply(state.tr.addMark(7, 12, link).setMeta('addToHistory', false))
    expect(suggestTransaction(linked, linked.tr.removeMark(7, 12, link.type), { ...context('CHL'), suggesting: true })).toBeNull()
  })

  it('[SUGG-8] an edit without an author is refused while suggesting', () => {
    const state = startState(['Hello |world'], true)
    expect(suggestTransaction(state, headlessEdits.type(state, 'X'), { ...context('CHL'), author: null, suggesting: true })).toBeNull()
  })
})

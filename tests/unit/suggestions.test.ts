/*
 * Suggestion mode (tracked changes) rules, packages/schema/SPEC.md:
 * [SUGG-1]  insertion/deletion/formatChange marks and breakChange/blockChange block attributes
 *           carry id, author, delegation and time; they render to and parse from HTML and
 *           survive JSON -> Yjs -> JSON.
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
 * [SUGG-10] accept/reject find the suggestion at call time, after concurrent edits via Yjs.
 * [SUGG-11] listSuggestions summarises each suggestion.
 * [SUGG-12] y-undo of a suggestion removes it; of an accept brings it back; remote edits stay.
 * [SUGG-13] the SuggestionMode extension's dispatch hook.
 *
 * Documents are written compactly, one string per textblock:
 *   `Hello [+big +]{CHL s1}[-old-]{PAN p1}world`  insertion by CHL (id s1), deletion by PAN
 *   `{+¶ CHL s1}text`  the break before this block is CHL's suggested split; `{-¶ …}` a join
 *   `OP: {~PP CHL s1}text`  operative paragraph, suggested by CHL, was preambular (P plain, H2 heading)
 *   `[~**text**~]{CHL s1 +bold}`  CHL suggested bold on text
 *   `|` the caret; `<` and `>` a selection (input only).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  BLOCK_CHANGE,
  BREAK_CHANGE,
  SuggestionMode,
  acceptAll,
  acceptAllFrom,
  acceptSuggestion,
  applyEdit,
  consensoSchema,
  createSuggestionState,
  headlessEdits,
  jsonToYUpdate,
  listSuggestions,
  readYDoc,
  rejectAll,
  rejectAllFrom,
  rejectSuggestion,
  resolveSuggestionsInDoc,
  selectText,
  setSuggestingTransaction,
  suggestTransaction,
  suggestionPluginKey,
  writeYDoc,
  yDocToJSON,
  ySyncPluginKey,
  type SuggestionAuthor,
} from '@consenso/schema'

type State = ReturnType<typeof createSuggestionState>
type Tr = ReturnType<typeof headlessEdits.type>
type PMNode = State['doc']
type JSONContent = ReturnType<typeof yDocToJSON>
type Command = ReturnType<typeof acceptAll>

const AUTHORS = {
  CHL: { id: 'u-chl-ana', name: 'Ana Rojas', delegation: 'CHL' },
  CHL2: { id: 'u-chl-beto', name: 'Beto Díaz', delegation: 'CHL' },
  PAN: { id: 'u-pan-luis', name: 'Luis Pérez', delegation: 'PAN' },
  ST: { id: 'u-st-marta', name: 'Marta Silva', delegation: 'ST-CSM' },
} satisfies Record<string, SuggestionAuthor>
type Who = keyof typeof AUTHORS

/** Time of the suggestions a test starts with; new ones get later, distinct times. */
const EARLIER = '2025-05-10T09:00:00.000Z'

function author(who: string): SuggestionAuthor {
  const found = AUTHORS[who as Who]
  if (!found) throw new Error(`unknown author ${who}`)
  return found
}
const whoIs = (authorId: unknown) => (Object.keys(AUTHORS) as Who[]).find((k) => AUTHORS[k].id === authorId) ?? String(authorId)
const attribution = (who: string, id: string) => {
  const a = author(who)
  return { id, authorId: a.id, authorName: a.name, delegation: a.delegation, at: EARLIER }
}

/** Deterministic ids (s1, s2…) and times, as the editor would inject them. */
function context(who: string) {
  let ids = 0
  let ticks = 0
  return {
    author: author(who),
    newId: () => `s${++ids}`,
    now: () => new Date(Date.UTC(2025, 4, 11, 10, 0, ticks++)).toISOString(),
  }
}

// ---------------------------------------------------------------------------------------------
// The compact notation

const PREVIOUS: Record<string, { type: string; attrs: Record<string, unknown> }> = {
  P: { type: 'paragraph', attrs: { kind: null } },
  PP: { type: 'paragraph', attrs: { kind: 'preamble' } },
  OP: { type: 'paragraph', attrs: { kind: 'operative' } },
  H1: { type: 'heading', attrs: { level: 1 } },
  H2: { type: 'heading', attrs: { level: 2 } },
}
const BLOCK_PREFIX = /^(?:(PP|OP|H[1-3]): )?(?:\{~(\S+) (\w+) (\S+)\})?(?:\{([+-])¶ (\w+) (\S+)\})?/
const SEGMENT = /\[\+(.*?)\+\]\{(\w+) (\S+)\}|\[-(.*?)-\]\{(\w+) (\S+)\}|([^[]+)/gy

interface Parsed {
  doc: JSONContent
  anchor?: number
  head?: number
}

function parse(blocks: string[]): Parsed {
  const result: Parsed = { doc: { type: 'doc', content: [] } }
  let blockStart = 0
  for (const source of blocks) {
    const prefix = BLOCK_PREFIX.exec(source)!
    const [whole, label, previous, prevWho, prevId, op, breakWho, breakId] = prefix
    const attrs: Record<string, unknown> = {}
    let type = 'paragraph'
    if (label?.startsWith('H')) {
      type = 'heading'
      attrs.level = Number(label.slice(1))
    } else if (label) attrs.kind = label === 'PP' ? 'preamble' : 'operative'
    if (previous) attrs[BLOCK_CHANGE] = JSON.stringify({ ...attribution(prevWho!, prevId!), previous: PREVIOUS[previous] })
    if (op) attrs[BREAK_CHANGE] = JSON.stringify({ ...attribution(breakWho!, breakId!), op: op === '+' ? 'split' : 'join' })
    const content: JSONContent[] = []
    let offset = 0
    const addText = (raw: string, marks?: JSONContent['marks']) => {
      let text = ''
      for (const ch of raw) {
        const pos = blockStart + 1 + offset
        if (ch === '|') result.anchor = result.head = pos
        else if (ch === '<') result.anchor = pos
        else if (ch === '>') result.head = pos
        else {
          text += ch
          offset += 1
        }
      }
      if (text) content.push({ type: 'text', text, ...(marks ? { marks } : {}) })
    }
    const body = source.slice(whole.length)
    SEGMENT.lastIndex = 0
    for (let m = SEGMENT.exec(body); m && m[0]; m = SEGMENT.exec(body)) {
      if (m[1] !== undefined) addText(m[1], [{ type: 'insertion', attrs: attribution(m[2]!, m[3]!) }])
      else if (m[4] !== undefined) addText(m[4], [{ type: 'deletion', attrs: attribution(m[5]!, m[6]!) }])
      else addText(m[7]!)
      if (SEGMENT.lastIndex >= body.length) break
    }
    result.doc.content!.push({ type, attrs, content })
    blockStart += offset + 2
  }
  return result
}

const KIND_LABEL: Record<string, string> = { preamble: 'PP', operative: 'OP' }
function label(type: string, attrs: Record<string, unknown>): string {
  if (type === 'heading') return `H${String(attrs.level)}`
  return KIND_LABEL[String(attrs.kind)] ?? 'P'
}

/** The document in the compact notation, with `|` at `caret` if given. */
function render(doc: PMNode, caret?: number): string[] {
  const lines: string[] = []
  doc.descendants((block, blockPos) => {
    if (!block.isTextblock) return true
    let line = ''
    const own = label(block.type.name, block.attrs)
    if (own !== 'P') line += `${own}: `
    const change = block.attrs[BLOCK_CHANGE] ? JSON.parse(String(block.attrs[BLOCK_CHANGE])) : null
    if (change) line += `{~${label(change.previous.type, change.previous.attrs)} ${whoIs(change.authorId)} ${change.id}}`
    const br = block.attrs[BREAK_CHANGE] ? JSON.parse(String(block.attrs[BREAK_CHANGE])) : null
    if (br) line += `{${br.op === 'split' ? '+' : '-'}¶ ${whoIs(br.authorId)} ${br.id}}`
    block.forEach((child, offset) => {
      const pos = blockPos + 1 + offset
      if (caret === pos) line += '|'
      let text = child.text ?? '⏎'
      if (caret !== undefined && caret > pos && caret < pos + child.nodeSize) text = `${text.slice(0, caret - pos)}|${text.slice(caret - pos)}`
      if (child.marks.some((m) => m.type.name === 'bold')) text = `**${text}**`
      for (const mark of child.marks) {
        const a = mark.attrs
        if (mark.type.name === 'formatChange') text = `[~${text}~]{${whoIs(a.authorId)} ${a.id} ${a.action === 'add' ? '+' : '-'}${a.mark}}`
      }
      for (const mark of child.marks) {
        const a = mark.attrs
        if (mark.type.name === 'insertion') text = `[+${text}+]{${whoIs(a.authorId)} ${a.id}}`
        if (mark.type.name === 'deletion') text = `[-${text}-]{${whoIs(a.authorId)} ${a.id}}`
      }
      line += text
    })
    if (caret === blockPos + 1 + block.content.size && !(block.content.size === 0 && caret === blockPos + 1 && line.endsWith('|'))) line += '|'
    lines.push(line)
    return false
  })
  return lines
}

const renderState = (state: State) => render(state.doc, state.selection.empty ? state.selection.head : undefined)

/** Every piece of one suggestion has the same attribution (author, delegation and time). */
function expectConsistentAttribution(doc: PMNode): void {
  const seen = new Map<string, string>()
  const check = (attrs: Record<string, unknown>) => {
    const { id, authorId, authorName, delegation, at } = attrs
    const key = JSON.stringify([authorId, authorName, delegation, at])
    expect(seen.get(String(id)) ?? key, `attribution of ${String(id)}`).toBe(key)
    seen.set(String(id), key)
  }
  doc.descendants((node) => {
    for (const attr of [BREAK_CHANGE, BLOCK_CHANGE]) if (typeof node.attrs[attr] === 'string') check(JSON.parse(node.attrs[attr] as string))
    for (const mark of node.marks) if (['insertion', 'deletion', 'formatChange'].includes(mark.type.name)) check(mark.attrs)
    return true
  })
}

// ---------------------------------------------------------------------------------------------
// Actions, as the editor builds them for keys and commands

type Action =
  | ['type', string]
  | ['backspace']
  | ['delete']
  | ['enter']
  | ['paste', string[]]
  | ['tr', (state: State) => Tr | null]

function transactionFor(state: State, action: Action): Tr | null {
  switch (action[0]) {
    case 'type':
      return headlessEdits.type(state, action[1])
    case 'backspace':
      return headlessEdits.backspace(state)
    case 'delete':
      return headlessEdits.deleteForward(state)
    case 'enter':
      return headlessEdits.enter(state)
    case 'paste':
      return headlessEdits.paste(
        state,
        action[1].map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })),
      )
    case 'tr':
      return action[1](state)
  }
}

function startState(blocks: string[], suggesting: boolean): State {
  const { doc, anchor, head } = parse(blocks)
  return createSuggestionState(doc, { suggesting, anchor, head })
}

function perform(blocks: string[], who: string, actions: Action[], suggesting = true): State {
  const ctx = context(who)
  let state = startState(blocks, suggesting)
  for (const action of actions) state = applyEdit(state, transactionFor(state, action), ctx)
  return state
}

function run(state: State, command: Command): State {
  let next = state
  command(state, (tr) => (next = state.apply(tr)))
  return next
}

const bold = () => consensoSchema().marks.bold!
const setKind = (kind: string | null, blockIndex = 0) => (s: State) => {
  let pos = 0
  for (let i = 0; i < blockIndex; i++) pos += s.doc.child(i).nodeSize
  return s.tr.setNodeMarkup(pos, undefined, { ...s.doc.child(blockIndex).attrs, kind })
}

// ---------------------------------------------------------------------------------------------

interface EditCase {
  rule: string
  name: string
  by: Who
  start: string[]
  actions: Action[]
  expected: string[]
}

const repeat = (action: Action, times: number): Action[] => Array.from({ length: times }, () => action)

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

const MIXED = [
  'Hello [+big +]{CHL c1}[-old-]{PAN p1}world',
  '{+¶ PAN p2}Second [-part-]{CHL c2}here',
  '{-¶ CHL c3}Third [+text+]{PAN p3}',
  'OP: {~PP ST t1}Fourth',
]

const RESOLVE_CASES: Array<{ name: string; command: Command; expected: string[] }> = [
  { name: 'accept all', command: acceptAll(), expected: ['Hello big world', 'Second hereThird text', 'OP: Fourth'] },
  { name: 'reject all', command: rejectAll(), expected: ['Hello oldworldSecond parthere', 'Third ', 'PP: Fourth'] },
  {
    name: 'accept all from CHL',
    command: acceptAllFrom('CHL'),
    expected: ['Hello big [-old-]{PAN p1}world', '{+¶ PAN p2}Second hereThird [+text+]{PAN p3}', 'OP: {~PP ST t1}Fourth'],
  },
  {
    name: 'reject all from PAN',
    command: rejectAllFrom('PAN'),
    expected: ['Hello [+big +]{CHL c1}oldworldSecond [-part-]{CHL c2}here', '{-¶ CHL c3}Third ', 'OP: {~PP ST t1}Fourth'],
  },
  { name: 'accept all from ST-CSM', command: acceptAllFrom('ST-CSM'), expected: [...MIXED.slice(0, 3), 'OP: Fourth'] },
  { name: "accept PAN's deletion", command: acceptSuggestion('p1'), expected: ['Hello [+big +]{CHL c1}world', ...MIXED.slice(1)] },
  { name: "reject PAN's deletion", command: rejectSuggestion('p1'), expected: ['Hello [+big +]{CHL c1}oldworld', ...MIXED.slice(1)] },
  { name: "accept PAN's split", command: acceptSuggestion('p2'), expected: [MIXED[0]!, 'Second [-part-]{CHL c2}here', ...MIXED.slice(2)] },
  {
    name: "reject PAN's split",
    command: rejectSuggestion('p2'),
    expected: ['Hello [+big +]{CHL c1}[-old-]{PAN p1}worldSecond [-part-]{CHL c2}here', ...MIXED.slice(2)],
  },
  { name: "accept CHL's join", command: acceptSuggestion('c3'), expected: [MIXED[0]!, '{+¶ PAN p2}Second [-part-]{CHL c2}hereThird [+text+]{PAN p3}', MIXED[3]!] },
  { name: "reject CHL's join", command: rejectSuggestion('c3'), expected: [...MIXED.slice(0, 2), 'Third [+text+]{PAN p3}', MIXED[3]!] },
  { name: "reject ST-CSM's kind change", command: rejectSuggestion('t1'), expected: [...MIXED.slice(0, 3), 'PP: Fourth'] },
]

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

describe('suggestion marks and attributes in the schema', () => {
  const schema = consensoSchema()
  const attrs = attribution('PAN', 'p1')
  const fakeElement = (values: Record<string, string>) => ({ getAttribute: (name: string) => values[name] ?? null }) as unknown as HTMLElement

  for (const [name, tag] of [
    ['insertion', 'ins'],
    ['deletion', 'del'],
  ] as const) {
    it(`[SUGG-1] ${name} renders as <${tag}> with data attributes and parses back`, () => {
      const type = schema.marks[name]!
      const out = type.spec.toDOM!(type.create(attrs), true) as unknown as [string, Record<string, string>, number]
      expect(out[0]).toBe(tag)
      expect(out[1]).toEqual({
        'data-suggestion-id': 'p1',
        'data-author-id': AUTHORS.PAN.id,
        'data-author-name': AUTHORS.PAN.name,
        'data-delegation': 'PAN',
        'data-at': EARLIER,
      })
      const rule = type.spec.parseDOM!.find((r) => 'tag' in r && r.tag?.startsWith(tag))!
      expect(rule.tag).toBe(`${tag}[data-suggestion-id]`)
      // Ahead of Strike's `del` rule, so our deletions do not come back as strikethrough.
      expect(rule.priority).toBeGreaterThan(50)
      const getAttrs = rule.getAttrs as (element: HTMLElement) => unknown
      expect(getAttrs(fakeElement(out[1]))).toEqual(attrs)
    })
  }

  it('[SUGG-1] a paragraph break suggestion renders as data attributes and parses back', () => {
    const block = parse(['{-¶ PAN p1}x']).doc.content![0]!
    const node = schema.nodeFromJSON(block)
    const out = node.type.spec.toDOM!(node) as unknown as [string, Record<string, string>, number]
    expect(out[1]).toMatchObject({ 'data-break-op': 'join', 'data-break-delegation': 'PAN' })
    expect(JSON.parse(out[1]['data-break-change']!)).toEqual({ ...attrs, op: 'join' })
    const rule = node.type.spec.parseDOM!.find((r) => 'tag' in r && r.tag === 'p')!
    const getAttrs = rule.getAttrs as (element: HTMLElement) => Record<string, unknown>
    expect(getAttrs(fakeElement(out[1]))[BREAK_CHANGE]).toBe(node.attrs[BREAK_CHANGE])
    // Anything but a well-formed suggestion is dropped on the way in.
    expect(getAttrs(fakeElement({ 'data-break-change': '{"op":"join"}' }))[BREAK_CHANGE] ?? null).toBeNull()
  })

  it('[SUGG-1] insertion and deletion exclude each other and are not inclusive', () => {
    const ins = schema.marks.insertion!
    const del = schema.marks.deletion!
    expect(ins.excludes(del)).toBe(true)
    expect(del.excludes(ins)).toBe(true)
    expect(ins.spec.inclusive).toBe(false)
    expect(del.spec.inclusive).toBe(false)
    expect(schema.marks.formatChange!.excludes(schema.marks.formatChange!)).toBe(false)
  })

  it('[SUGG-1] paragraphs and headings carry breakChange and blockChange', () => {
    for (const type of ['paragraph', 'heading']) {
      expect(Object.keys(schema.nodes[type]!.spec.attrs!)).toEqual(expect.arrayContaining([BREAK_CHANGE, BLOCK_CHANGE]))
    }
  })

  it('[SUGG-1] a document full of suggestions survives JSON -> Yjs -> JSON', () => {
    const state = perform(['PP: Hello |world', 'Second'], 'CHL', [['type', 'big '], ['enter'], ['tr', (s) => s.tr.addMark(1, 3, bold().create())], ['tr', setKind('operative')]])
    const json = state.doc.toJSON() as JSONContent
    const ydoc = new Y.Doc()
    Y.applyUpdate(ydoc, jsonToYUpdate(json))
    const back = consensoSchema().nodeFromJSON(yDocToJSON(ydoc))
    expect(back.eq(state.doc)).toBe(true)
    expect(render(back)).toEqual(render(state.doc))
  })
})

// ---------------------------------------------------------------------------------------------
// Concurrency and undo through Yjs, headless: each client's editor state is written to its
// Y.Doc as the sync plugin does, and updates travel between the Y.Docs.

class Client {
  readonly ydoc = new Y.Doc()
  readonly ctx: ReturnType<typeof context>
  state: State
  constructor(
    readonly who: Who,
    readonly suggesting: boolean,
  ) {
    this.ctx = context(who)
    this.state = createSuggestionState(readYDoc(this.ydoc), { suggesting })
  }
  /** Pick up remote changes into the editor state, as y-sync would. */
  pull(): void {
    this.state = createSuggestionState(readYDoc(this.ydoc), { suggesting: this.suggesting })
  }
  edit(makeTr: (state: State) => Tr | null): void {
    this.state = applyEdit(this.state, makeTr(this.state), this.ctx)
    writeYDoc(this.ydoc, this.state.doc, this)
  }
  command(command: Command): void {
    this.state = run(this.state, command)
    writeYDoc(this.ydoc, this.state.doc, this)
  }
  text(): string[] {
    return render(readYDoc(this.ydoc))
  }
}

function sync(a: Client, b: Client): void {
  Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc)), 'remote')
  Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc)), 'remote')
  a.pull()
  b.pull()
}

function twoClients(blocks: string[]): [Client, Client] {
  const update = jsonToYUpdate(parse(blocks).doc)
  const chl = new Client('CHL', true)
  const pan = new Client('PAN', false)
  for (const c of [chl, pan]) {
    Y.applyUpdate(c.ydoc, update, 'remote')
    c.pull()
  }
  return [chl, pan]
}

/** Position just before the first occurrence of `text` in a client's document. */
function posOf(state: State, text: string): number {
  let found = -1
  state.doc.descendants((node, pos) => {
    if (found >= 0) return false
    const i = node.isText ? node.text!.indexOf(text) : -1
    if (i >= 0) found = pos + i
    return true
  })
  if (found < 0) throw new Error(`"${text}" not found`)
  return found
}
const replaceWord = (word: string, by: string) => (s: State) => {
  const from = posOf(s, word)
  return headlessEdits.type(selectText(s, from, from + word.length), by)
}
const typeAt = (before: string, text: string) => (s: State) => headlessEdits.type(selectText(s, posOf(s, before)), text)

const DECLARATION = ['PP: Recognising the region,', 'OP: Agree to submit joint inputs;']

describe('accept and reject after concurrent edits', () => {
  const concurrent = () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('joint', 'common'))
    // Meanwhile, before seeing Chile's suggestion, Panamá edits before it and inside its paragraph.
    pan.edit(typeAt('Recognising', 'Strongly '))
    pan.edit(typeAt('submit', 'formally '))
    pan.edit((s) => headlessEdits.enter(selectText(s, posOf(s, 'Recognising') - 'Strongly '.length)))
    sync(chl, pan)
    return [chl, pan] as const
  }

  it('[SUGG-10] both clients see the suggestion with the concurrent edits around it', () => {
    const [chl, pan] = concurrent()
    expect(chl.text()).toEqual(pan.text())
    expect(chl.text()).toEqual(['PP: ', 'PP: Strongly Recognising the region,', 'OP: Agree to formally submit [-joint-]{CHL s1}[+common+]{CHL s1} inputs;'])
  })

  for (const [decision, command, expected] of [
    ['accepted', acceptSuggestion('s1'), 'OP: Agree to formally submit common inputs;'],
    ['rejected', rejectSuggestion('s1'), 'OP: Agree to formally submit joint inputs;'],
  ] as const) {
    it(`[SUGG-10] the suggestion is ${decision} by id on the other client and both agree`, () => {
      const [chl, pan] = concurrent()
      pan.command(command)
      sync(chl, pan)
      expect(pan.text()).toEqual(['PP: ', 'PP: Strongly Recognising the region,', expected])
      expect(chl.text()).toEqual(pan.text())
    })
  }

  it('[SUGG-10] an accept racing a concurrent edit inside the suggestion keeps that edit', () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('submit joint', 'share'))
    sync(chl, pan)
    // Panamá accepts while Chile, not yet seeing it, types inside its own proposed word.
    pan.command(acceptSuggestion('s1'))
    chl.edit(typeAt('hare', 'X'))
    sync(chl, pan)
    expect(chl.text()).toEqual(pan.text())
    expect(chl.text()).toEqual(['PP: Recognising the region,', 'OP: Agree to sXhare inputs;'])
  })

  it('[SUGG-10] accept all from one delegation after the other typed between its suggestions', () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('joint', 'common'))
    chl.edit(replaceWord('region', 'hemisphere'))
    pan.edit(typeAt('the region', 'all of '))
    sync(chl, pan)
    pan.command(acceptAllFrom('CHL'))
    sync(chl, pan)
    expect(pan.text()).toEqual(['PP: Recognising all of the hemisphere,', 'OP: Agree to submit common inputs;'])
    expect(chl.text()).toEqual(pan.text())
  })
})

describe('undo with Yjs', () => {
  it('[SUGG-12] undoing a suggestion removes it and keeps what others wrote meanwhile', () => {
    const [chl, pan] = twoClients(DECLARATION)
    const undo = new Y.UndoManager(chl.ydoc.getXmlFragment('default'), { trackedOrigins: new Set([chl]) })
    chl.edit(replaceWord('joint', 'common'))
    pan.edit(typeAt('Recognising', 'Strongly '))
    sync(chl, pan)
    undo.undo()
    chl.pull()
    expect(chl.text()).toEqual(['PP: Strongly Recognising the region,', 'OP: Agree to submit joint inputs;'])
    undo.redo()
    chl.pull()
    expect(chl.text()).toEqual(['PP: Strongly Recognising the region,', 'OP: Agree to submit [-joint-]{CHL s1}[+common+]{CHL s1} inputs;'])
  })

  it('[SUGG-12] undoing an accept brings the suggestion back', () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('joint', 'common'))
    sync(chl, pan)
    const undo = new Y.UndoManager(pan.ydoc.getXmlFragment('default'), { trackedOrigins: new Set([pan]) })
    pan.command(acceptSuggestion('s1'))
    expect(pan.text()[1]).toBe('OP: Agree to submit common inputs;')
    undo.undo()
    pan.pull()
    expect(pan.text()[1]).toBe('OP: Agree to submit [-joint-]{CHL s1}[+common+]{CHL s1} inputs;')
  })
})

describe('the SuggestionMode extension', () => {
  const hook = SuggestionMode.config.dispatchTransaction!
  const callHook = (state: State, transaction: Tr, options: Record<string, unknown>) => {
    const dispatched: Tr[] = []
    hook.call({ editor: { state }, options } as never, { transaction, next: (tr: Tr) => dispatched.push(tr) })
    return dispatched
  }
  const options = () => ({ ...context('CHL'), author: AUTHORS.CHL })

  it('[SUGG-13] passes the suggestion on instead of the edit while suggesting', () => {
    const state = startState(['Hello |world'], true)
    const [out] = callHook(state, headlessEdits.type(state, 'big '), options())
    expect(renderState(state.apply(out!))).toEqual(['Hello [+big +]{CHL s1}|world'])
  })

  it('[SUGG-13] takes the author from a getter, and drops edits it cannot suggest', () => {
    const state = startState(['Hello |world'], true)
    expect(callHook(state, headlessEdits.type(state, 'X'), { ...options(), author: () => AUTHORS.PAN }).map((tr) => renderState(state.apply(tr)))).toEqual([
      ['Hello [+X+]{PAN s1}|world'],
    ])
    expect(callHook(state, headlessEdits.type(state, 'X'), { ...options(), author: () => null })).toEqual([])
  })

  it('[SUGG-13] its commands switch the mode and accept or reject in the command transaction', () => {
    const commands = SuggestionMode.config.addCommands!.call({ options: options() } as never)
    const props = (state: State) => ({ tr: state.tr, dispatch: () => undefined }) as never
    let state = startState(['Hello |world'], false)
    const toggle = state.tr
    expect(commands.setSuggesting!(true)({ ...(props(state) as object), tr: toggle } as never)).toBe(true)
    state = state.apply(toggle)
    expect(suggestionPluginKey.getState(state)).toEqual({ suggesting: true })

    const mixed = startState(MIXED, true)
    const tr = mixed.tr
    expect(commands.acceptAllFrom!('CHL')({ ...(props(mixed) as object), tr } as never)).toBe(true)
    expect(render(mixed.apply(tr).doc)).toEqual(RESOLVE_CASES[2]!.expected)
    expect(commands.rejectSuggestion!('nope')(props(mixed))).toBe(false)
  })

  it('[SUGG-13] passes every transaction on untouched while editing', () => {
    const state = startState(['Hello |world'], false)
    const tr = headlessEdits.type(state, 'X')
    expect(callHook(state, tr, options())).toEqual([tr])
  })
})

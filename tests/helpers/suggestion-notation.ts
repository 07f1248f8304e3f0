/**
 * The compact notation the suggestion-mode tests write documents in (see tests/unit/suggestions-edits.test.ts
 * for the rules), the authors they use, and the actions the editor builds for keys and commands,
 * run headless through @consenso/schema's suggestion transform.
 *
 *   `Hello [+big +]{CHL s1}[-old-]{PAN p1}world`  insertion by CHL (id s1), deletion by PAN
 *   `{+¶ CHL s1}text`  the break before this block is CHL's suggested split; `{-¶ …}` a join
 *   `OP: {~PP CHL s1}text`  operative paragraph, suggested by CHL, was preambular (P plain, H2 heading)
 *   `[~**text**~]{CHL s1 +bold}`  CHL suggested bold on text
 *   `|` the caret; `<` and `>` a selection (input only).
 */
import { expect } from 'vitest'
import {
  BLOCK_CHANGE,
  BREAK_CHANGE,
  acceptAll,
  acceptAllFrom,
  acceptSuggestion,
  rejectAll,
  rejectAllFrom,
  rejectSuggestion,
  applyEdit,
  consensoSchema,
  createSuggestionState,
  headlessEdits,
  yDocToJSON,
  type SuggestionAuthor,
} from '@consenso/schema'

export type State = ReturnType<typeof createSuggestionState>
export type Tr = ReturnType<typeof headlessEdits.type>
export type PMNode = State['doc']
export type JSONContent = ReturnType<typeof yDocToJSON>
export type Command = ReturnType<typeof acceptAll>

export const AUTHORS = {
  CHL: { id: 'u-chl-ana', name: 'Ana Rojas', delegation: 'CHL' },
  CHL2: { id: 'u-chl-beto', name: 'Beto Díaz', delegation: 'CHL' },
  PAN: { id: 'u-pan-luis', name: 'Luis Pérez', delegation: 'PAN' },
  ST: { id: 'u-st-marta', name: 'Marta Silva', delegation: 'ST-CSM' },
} satisfies Record<string, SuggestionAuthor>
export type Who = keyof typeof AUTHORS

/** Time of the suggestions a test starts with; new ones get later, distinct times. */
export const EARLIER = '2025-05-10T09:00:00.000Z'

export function author(who: string): SuggestionAuthor {
  const found = AUTHORS[who as Who]
  if (!found) throw new Error(`unknown author ${who}`)
  return found
}
export const whoIs = (authorId: unknown) => (Object.keys(AUTHORS) as Who[]).find((k) => AUTHORS[k].id === authorId) ?? String(authorId)
export const attribution = (who: string, id: string) => {
  const a = author(who)
  return { id, authorId: a.id, authorName: a.name, delegation: a.delegation, at: EARLIER }
}

/** Deterministic ids (s1, s2…) and times, as the editor would inject them. */
export function context(who: string) {
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

export const PREVIOUS: Record<string, { type: string; attrs: Record<string, unknown> }> = {
  P: { type: 'paragraph', attrs: { kind: null } },
  PP: { type: 'paragraph', attrs: { kind: 'preamble' } },
  OP: { type: 'paragraph', attrs: { kind: 'operative' } },
  H1: { type: 'heading', attrs: { level: 1 } },
  H2: { type: 'heading', attrs: { level: 2 } },
}
export const BLOCK_PREFIX = /^(?:(PP|OP|H[1-3]): )?(?:\{~(\S+) (\w+) (\S+)\})?(?:\{([+-])¶ (\w+) (\S+)\})?/
export const SEGMENT = /\[\+(.*?)\+\]\{(\w+) (\S+)\}|\[-(.*?)-\]\{(\w+) (\S+)\}|([^[]+)/gy

export interface Parsed {
  doc: JSONContent
  anchor?: number
  head?: number
}

export function parse(blocks: string[]): Parsed {
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

export const KIND_LABEL: Record<string, string> = { preamble: 'PP', operative: 'OP' }
export function label(type: string, attrs: Record<string, unknown>): string {
  if (type === 'heading') return `H${String(attrs.level)}`
  return KIND_LABEL[String(attrs.kind)] ?? 'P'
}

/** The document in the compact notation, with `|` at `caret` if given. */
export function render(doc: PMNode, caret?: number): string[] {
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

export const renderState = (state: State) => render(state.doc, state.selection.empty ? state.selection.head : undefined)

/** Every piece of one suggestion has the same attribution (author, delegation and time). */
export function expectConsistentAttribution(doc: PMNode): void {
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

export type Action =
  | ['type', string]
  | ['backspace']
  | ['delete']
  | ['enter']
  | ['paste', string[]]
  | ['tr', (state: State) => Tr | null]

export function transactionFor(state: State, action: Action): Tr | null {
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

export function startState(blocks: string[], suggesting: boolean): State {
  const { doc, anchor, head } = parse(blocks)
  return createSuggestionState(doc, { suggesting, anchor, head })
}

export function perform(blocks: string[], who: string, actions: Action[], suggesting = true): State {
  const ctx = context(who)
  let state = startState(blocks, suggesting)
  for (const action of actions) state = applyEdit(state, transactionFor(state, action), ctx)
  return state
}

export function run(state: State, command: Command): State {
  let next = state
  command(state, (tr) => (next = state.apply(tr)))
  return next
}

export const bold = () => consensoSchema().marks.bold!
export const setKind = (kind: string | null, blockIndex = 0) => (s: State) => {
  let pos = 0
  for (let i = 0; i < blockIndex; i++) pos += s.doc.child(i).nodeSize
  return s.tr.setNodeMarkup(pos, undefined, { ...s.doc.child(blockIndex).attrs, kind })
}

// ---------------------------------------------------------------------------------------------

export interface EditCase {
  rule: string
  name: string
  by: Who
  start: string[]
  actions: Action[]
  expected: string[]
}

export const repeat = (action: Action, times: number): Action[] => Array.from({ length: times }, () => action)

export const MIXED = [
  'Hello [+big +]{CHL c1}[-old-]{PAN p1}world',
  '{+¶ PAN p2}Second [-part-]{CHL c2}here',
  '{-¶ CHL c3}Third [+text+]{PAN p3}',
  'OP: {~PP ST t1}Fourth',
]

export const RESOLVE_CASES: Array<{ name: string; command: Command; expected: string[] }> = [
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

/** Position just before the first occurrence of `text` in a client's document. */
export function posOf(state: State, text: string): number {
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

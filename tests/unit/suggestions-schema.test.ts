/*
 * Suggestion marks and attributes in the schema, packages/schema/SPEC.md:
 * [SUGG-1]  insertion/deletion/formatChange marks and breakChange/blockChange block attributes
 *           carry id, author, delegation and time; they render to and parse from HTML and
 *           survive JSON -> Yjs -> JSON.
 *
 * Documents are written in the compact notation of tests/helpers/suggestion-notation.ts.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  BLOCK_CHANGE,
  BREAK_CHANGE,
  consensoSchema,
  jsonToYUpdate,
  yDocToJSON,
} from '@consenso/schema'
import {
  type JSONContent,
  AUTHORS,
  EARLIER,
  attribution,
  parse,
  render,
  perform,
  bold,
  setKind,
} from '../helpers/suggestion-notation.ts'

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

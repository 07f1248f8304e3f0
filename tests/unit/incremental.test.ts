/**
 * The keystroke path's shortcut (client/src/editor/incremental.ts): a change may carry
 * decorations over only when it is plain text inside one paragraph, away from the marks the
 * decorations are drawn from. Checked on real editor transactions of the shared schema.
 */
import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection } from '@tiptap/pm/state'
import { getSchema, isActive, type Editor } from '@tiptap/core'
import { changedRange, isNodeActive, NO_MARKS, plainTextChange } from '@consenso/client/incremental'
import { consensoExtensions, INSERTION } from '@consenso/schema'

const schema = getSchema(consensoExtensions())
const MARKS = new Set([INSERTION])

function state(): EditorState {
  const insertion = schema.marks[INSERTION]!.create({ id: 's1', authorId: 'u', authorName: 'Ana', delegation: 'CHL', at: '2026-01-01T00:00:00Z' })
  const doc = schema.node('doc', null, [
    schema.node('paragraph', { id: 'p1' }, [schema.text('Reconociendo la labor '), schema.text('propuesta', [insertion]), schema.text(' de todos.')]),
    schema.node('paragraph', { id: 'p2' }, [schema.text('Decide adoptar el plan.')]),
  ])
  return EditorState.create({ schema, doc })
}

describe('carrying decorations over a keystroke', () => {
  it('[TYPE-3] plain typing inside a paragraph, away from suggestions, keeps them', () => {
    const before = state()
    const tr = before.tr.insertText('x', 3)
    const change = plainTextChange(before.doc, tr.doc, MARKS)
    expect(change).toEqual({ start: 3, endBefore: 3, endAfter: 4 })
    expect(plainTextChange(before.doc, before.doc, MARKS)).toBe('same')
    // Deleting a letter of the second paragraph.
    const deletion = before.tr.delete(before.doc.content.size - 3, before.doc.content.size - 2)
    expect(plainTextChange(before.doc, deletion.doc, MARKS)).not.toBeNull()
  })

  it('[TYPE-3] typing against a suggestion, splitting or joining paragraphs, or changing a paragraph redoes the work', () => {
    const before = state()
    const at = 1 + 'Reconociendo la labor '.length
    expect(plainTextChange(before.doc, before.tr.insertText('y', at).doc, MARKS)).toBeNull()
    expect(plainTextChange(before.doc, before.tr.insertText('y', at + 'propuesta'.length).doc, MARKS)).toBeNull()
    const split = before.tr.setSelection(TextSelection.create(before.doc, 5)).split(5)
    expect(plainTextChange(before.doc, split.doc, MARKS)).toBeNull()
    const p2 = before.doc.child(0).nodeSize
    expect(plainTextChange(before.doc, before.tr.join(p2).doc, MARKS)).toBeNull()
    expect(plainTextChange(before.doc, before.tr.setNodeMarkup(0, undefined, { id: 'p1', kind: 'operative' }).doc, MARKS)).toBeNull()
  })
})

describe('one answer per pair of documents', () => {
  it('[PERF-22] the range a change touched is worked out once per pair of documents, and answers each pair right', () => {
    const before = state()
    const typed = before.tr.insertText('x', 3).doc
    const first = changedRange(before.doc, typed)
    expect(first).toEqual({ start: 3, endBefore: 3, endAfter: 4 })
    // Asked again by the next plugin: the very same answer, not worked out again.
    expect(changedRange(before.doc, typed)).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    // Another document after the same one: its own answer (the remembered one is for `typed`).
    const deleted = before.tr.delete(before.doc.content.size - 3, before.doc.content.size - 2).doc
    expect(changedRange(before.doc, deleted)).toEqual({ start: before.doc.content.size - 3, endBefore: before.doc.content.size - 2, endAfter: before.doc.content.size - 3 })
    expect(changedRange(before.doc, typed)).toEqual(first)
    // A copy with equal content: no change; the same document: none either.
    expect(changedRange(before.doc, schema.nodeFromJSON(before.doc.toJSON()))).toBeNull()
    expect(changedRange(typed, typed)).toBeNull()
  })
})

describe('what the toolbar asks on every transaction', () => {
  it('[PERF-24] the blocks around a caret are those Tiptap finds by walking the draft, at every position', () => {
    const text = (words: string) => [{ type: 'text', text: words }]
    const doc = schema.nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: text('Título') },
        { type: 'paragraph', attrs: { kind: 'preamble' }, content: text('Reconociendo') },
        { type: 'paragraph', attrs: { kind: 'operative' }, content: text('Decide') },
        { type: 'paragraph', content: [] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: text('uno') }] }] },
        { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: text('dos') }] }] },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: text('celda') }] }] }] },
      ],
    })
    const questions: [string, Record<string, unknown>][] = [
      ['paragraph', {}],
      ['paragraph', { kind: 'preamble' }],
      ['paragraph', { kind: 'operative' }],
      ['heading', {}],
      ['heading', { level: 1 }],
      ['heading', { level: 2 }],
      ['bulletList', {}],
      ['orderedList', {}],
      ['table', {}],
    ]
    let asked = 0
    for (let pos = 0; pos <= doc.content.size; pos++) {
      const selection = TextSelection.create(doc, pos)
      if (!selection.empty) continue
      const at = EditorState.create({ schema, doc, selection })
      const editor = { state: at, isActive: (name: string, attrs: Record<string, unknown>) => isActive(at, name, attrs) } as unknown as Editor
      for (const [name, attrs] of questions) {
        expect(isNodeActive(editor, name, attrs), `${name} ${JSON.stringify(attrs)} at ${pos}`).toBe(isActive(at, name, attrs))
        asked++
      }
    }
    expect(asked).toBeGreaterThan(questions.length * 40)
    // A selection of some length is Tiptap's to answer.
    const across = EditorState.create({ schema, doc, selection: TextSelection.create(doc, 2, doc.child(0).nodeSize + 3) })
    const editor = { state: across, isActive: (name: string) => (name === 'paragraph' ? 'tiptap' : false) } as unknown as Editor
    expect(isNodeActive(editor, 'paragraph')).toBe('tiptap')
  })

  it('[PERF-24] each set of marks gets its own answer for the same pair of documents', () => {
    const before = state()
    const against = before.tr.insertText('y', 1 + 'Reconociendo la labor '.length).doc
    // Next to a suggestion: a change for whoever draws suggestions, none for the paragraph numbers.
    expect(plainTextChange(before.doc, against, MARKS)).toBeNull()
    expect(plainTextChange(before.doc, against, NO_MARKS)).toEqual({ start: 23, endBefore: 23, endAfter: 24 })
    expect(plainTextChange(before.doc, against, MARKS)).toBeNull()
  })
})

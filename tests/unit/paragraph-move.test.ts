// @vitest-environment happy-dom
/**
 * MOVE-1, headless: the client's real editor (editorExtensions: y-sync, suggesting mode, our
 * plugins) on happy-dom moves OP3 above OP1 with Alt+Shift+↑ and with moveBlockTo; the block
 * keeps its id in the Y.Doc a second client receives, numbering follows, suggesting mode leaves
 * the move as an ordinary edit, and comparing before and after reads one move.
 * COMPARE-12: pending suggestions are left aside (or taken in) when comparing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Editor, type JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import { compareVersions, jsonToYUpdate, numberJSON, yDocToJSON } from '@consenso/schema'
import { headlessEditor } from '../helpers/typing-sim.ts'

const p = (id: string, kind: string | null, text: string): JSONContent => ({ type: 'paragraph', attrs: { id, kind }, content: [{ type: 'text', text }] })
const START: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { id: 'title', level: 1 }, content: [{ type: 'text', text: 'Joint declaration' }] },
    p('pp1', 'preamble', 'Recalling the commitments of the Regional Conference.'),
    p('op1', 'operative', 'Agree to exchange good practices on labour migration.'),
    p('op2', 'operative', 'Request the secretariats to prepare a glossary.'),
    p('op3', 'operative', 'Decide to meet again before the end of the year.'),
  ],
}

const editors: Editor[] = []
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy()
})

function makeEditor(doc: Y.Doc, options: { suggesting?: boolean; canMove?: boolean } = {}): Editor {
  const { editor } = headlessEditor(doc, {
    author: { id: 'u1', name: 'Carlos Méndez', delegation: 'PAN' },
    suggesting: options.suggesting ?? false,
    extra: { canMove: { current: options.canMove ?? true }, moveHandleLabel: { current: 'Drag to move' } },
  })
  editors.push(editor)
  return editor
}

function pair(options: { suggesting?: boolean; canMove?: boolean } = {}): { editor: Editor; mine: Y.Doc; theirs: Y.Doc } {
  const mine = new Y.Doc()
  const theirs = new Y.Doc()
  const start = jsonToYUpdate(START)
  Y.applyUpdate(mine, start)
  Y.applyUpdate(theirs, start)
  mine.on('update', (update: Uint8Array) => Y.applyUpdate(theirs, update))
  return { editor: makeEditor(mine, options), mine, theirs }
}

const ids = (json: JSONContent): (string | null)[] => (json.content ?? []).map((node) => (node.attrs?.id as string | null) ?? null)
const caretIn = (editor: Editor, text: string): void => {
  let at = -1
  editor.state.doc.descendants((node, pos) => {
    if (at < 0 && node.isText && node.text?.includes(text)) at = pos + node.text.indexOf(text)
  })
  editor.commands.setTextSelection(at)
}
const press = (editor: Editor, key: string): boolean => {
  const event = new KeyboardEvent('keydown', { key, altKey: true, shiftKey: true, bubbles: true, cancelable: true })
  return editor.view.someProp('handleKeyDown', (f) => f(editor.view, event)) ?? false
}

describe('moving a paragraph keeps its id (MOVE-1)', () => {
  it('Alt+Shift+↑ twice takes OP3 above OP1: same id in the other client, numbering follows, the comparison reads one move', () => {
    const { editor, theirs } = pair()
    caretIn(editor, 'meet again')
    expect(press(editor, 'ArrowUp')).toBe(true)
    expect(press(editor, 'ArrowUp')).toBe(true)
    const after = yDocToJSON(theirs)
    expect(ids(after)).toEqual(['title', 'pp1', 'op3', 'op1', 'op2'])
    expect([...numberJSON(after)]).toEqual([
      ['pp1', 'PP1'],
      ['op3', 'OP1'],
      ['op1', 'OP2'],
      ['op2', 'OP3'],
    ])
    // The caret stayed in the moved paragraph.
    expect(editor.state.selection.$head.parent.attrs.id).toBe('op3')
    const comparison = compareVersions({ body: START }, { body: after })
    expect(comparison.totals).toMatchObject({ moved: 1, added: 0, removed: 0, split: 0, merged: 0, edited: 0, renumbered: 3 })
    const moved = comparison.paragraphs.find((c) => c.moved)!
    expect([moved.before?.label, moved.after?.label, moved.moved?.above?.label]).toEqual(['OP3', 'OP1', 'OP1'])
  })

  it('moveBlockTo puts a block before any other or at the end; the title neither moves nor gets anything before it', () => {
    const { editor, theirs } = pair()
    expect(editor.commands.moveBlockTo(1, 5)).toBe(true)
    expect(ids(yDocToJSON(theirs))).toEqual(['title', 'op1', 'op2', 'op3', 'pp1'])
    expect(editor.commands.moveBlockTo(4, 0)).toBe(false)
    expect(editor.commands.moveBlockTo(0, 3)).toBe(false)
    expect(editor.commands.moveBlockTo(2, 2)).toBe(false)
    expect(editor.commands.moveBlockTo(2, 3)).toBe(false)
  })

  it('while suggesting, a move is an ordinary edit (no struck text, no suggested breaks)', () => {
    const { editor, theirs } = pair({ suggesting: true })
    caretIn(editor, 'glossary')
    expect(press(editor, 'ArrowUp')).toBe(true)
    const after = yDocToJSON(theirs)
    expect(ids(after)).toEqual(['title', 'pp1', 'op2', 'op1', 'op3'])
    expect(JSON.stringify(after)).not.toMatch(/insertion|deletion|breakChange/)
  })

  it('[PERF-10] typing carries the drag handles over (the same elements); a new or moved block draws them again, one per block in order', () => {
    const { editor } = pair()
    // The block's own text, without the widgets in it (its number, its handle).
    const textOf = (block: HTMLElement | null): string =>
      [...(block?.childNodes ?? [])].map((node) => (node instanceof HTMLElement && node.contentEditable === 'false' ? '' : (node.textContent ?? ''))).join('')
    const handles = (): HTMLElement[] => [...editor.view.dom.querySelectorAll<HTMLElement>('[data-move-handle]')]
    // Each handle sits at the start of its own block (the title has none), numbered by the block's index.
    const placed = (): [string | undefined, string | undefined][] => handles().map((handle) => [handle.dataset.moveHandle, textOf(handle.parentElement).slice(0, 6)])
    const first = handles()
    expect(placed()).toEqual([
      ['1', 'Recall'],
      ['2', 'Agree '],
      ['3', 'Reques'],
      ['4', 'Decide'],
    ])
    // Letters typed at a block's start, inside it and at its end, and one deleted.
    caretIn(editor, 'Agree')
    editor.commands.insertContent('We ')
    caretIn(editor, 'glossary')
    editor.commands.insertContent('full ')
    editor.commands.setTextSelection(editor.state.doc.content.size - 1)
    editor.commands.insertContent(' soon')
    editor.commands.deleteRange({ from: editor.state.doc.content.size - 2, to: editor.state.doc.content.size - 1 })
    expect(handles()).toEqual(first)
    expect(placed()).toEqual([
      ['1', 'Recall'],
      ['2', 'We Agr'],
      ['3', 'Reques'],
      ['4', 'Decide'],
    ])
    caretIn(editor, 'to prepare')
    editor.commands.splitBlock()
    expect(placed()).toEqual([
      ['1', 'Recall'],
      ['2', 'We Agr'],
      ['3', 'Reques'],
      ['4', 'to pre'],
      ['5', 'Decide'],
    ])
    expect(editor.commands.moveBlockTo(5, 1)).toBe(true)
    expect(placed().map(([index, text]) => `${index}:${text}`)).toEqual(['1:Decide', '2:Recall', '3:We Agr', '4:Reques', '5:to pre'])
  })

  it('without the right to move, nothing moves', () => {
    const { editor, theirs } = pair({ canMove: false })
    caretIn(editor, 'meet again')
    expect(press(editor, 'ArrowUp')).toBe(false)
    expect(editor.commands.moveBlockTo(4, 2)).toBe(false)
    expect(ids(yDocToJSON(theirs))).toEqual(['title', 'pp1', 'op1', 'op2', 'op3'])
  })
})

describe('pending suggestions in a comparison (COMPARE-12)', () => {
  const mark = (type: 'insertion' | 'deletion') => ({ type, attrs: { id: 's1', authorId: 'u2', authorName: 'Ana', delegation: 'MEX', at: '2026-01-01T00:00:00.000Z' } })
  const older: JSONContent = { type: 'doc', content: [p('op1', 'operative', 'Adopt the common format.')] }
  const newer: JSONContent = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        attrs: { id: 'op1', kind: 'operative' },
        content: [
          { type: 'text', text: 'Adopt the ' },
          { type: 'text', text: 'common format', marks: [mark('deletion')] },
          { type: 'text', text: 'agreed common format', marks: [mark('insertion')] },
          { type: 'text', text: '.' },
        ],
      },
    ],
  }
  it('aside: the suggested words are not counted as text; the paragraph reads unchanged', () => {
    const result = compareVersions({ body: older }, { body: newer }, { suggestions: 'aside' })
    expect(result.paragraphs[0]!.after!.text).toBe('Adopt the common format.')
    expect(result.totals.edited).toBe(0)
  })
  it('included: read as accepted', () => {
    const result = compareVersions({ body: older }, { body: newer }, { suggestions: 'included' })
    expect(result.paragraphs[0]!.after!.text).toBe('Adopt the agreed common format.')
    expect(result.totals.edited).toBe(1)
  })
  it('as text (the pure default): both runs read as words, as before', () => {
    expect(compareVersions({ body: older }, { body: newer }).paragraphs[0]!.after!.text).toBe('Adopt the common formatagreed common format.')
  })
  it('a suggested paragraph break is left aside too', () => {
    const split: JSONContent = {
      type: 'doc',
      content: [
        p('op1', 'operative', 'Adopt the common'),
        { type: 'paragraph', attrs: { id: 'n1', kind: 'operative', breakChange: JSON.stringify({ op: 'split', ...mark('insertion').attrs }) }, content: [{ type: 'text', text: ' format.' }] },
      ],
    }
    const result = compareVersions({ body: older }, { body: split }, { suggestions: 'aside' })
    expect(result.paragraphs).toHaveLength(1)
    expect(result.totals).toMatchObject({ edited: 0, added: 0, split: 0 })
  })
})

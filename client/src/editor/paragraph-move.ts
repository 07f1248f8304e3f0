/**
 * Moving a block (a paragraph, heading or list) up, down or to a place, keeping its block id
 * (MOVE-1 in client/SPEC.md): the block is deleted and the same node, with the same attributes,
 * inserted at its new place in one transaction. Numbering follows by itself (PP/OP labels come
 * from the order), and a comparison of versions pairs the block by its id and reports one move.
 *
 * Only top-level blocks move (a list moves whole); the title (a first heading) stays first.
 * While suggesting, a move is an ordinary edit (meta `structural`), for those who may edit:
 * a move cannot yet be a suggestion.
 *
 * Three ways in: Alt+Shift+↑/↓, the drag handle in the left margin (a widget beside each
 * top-level block), and the toolbar's Move menu ("Move to… before OP1").
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { numberNode, suggestionPluginKey } from '@consenso/schema'
import { mapDecorations, NO_MARKS, plainTextChange } from './incremental.ts'

/** A top-level block as the Move menu lists it. */
export interface MovableBlock {
  index: number
  pos: number
  id: string | null
  type: string
  /** PP3, OP1… for a numbered paragraph (or the first numbered paragraph in a list). */
  label: string | null
  excerpt: string
}

const DRAG_TYPE = 'application/x-consenso-block'

export function movableBlocks(doc: PMNode): MovableBlock[] {
  const labels = new Map<number, string>()
  for (const { pos, label } of numberNode(doc)) labels.set(pos, label)
  const blocks: MovableBlock[] = []
  doc.forEach((node, pos, index) => {
    let label: string | null = labels.get(pos) ?? null
    if (label === null && !node.isTextblock) {
      node.descendants((child, childPos) => {
        if (label !== null) return false
        label = labels.get(pos + 1 + childPos) ?? null
        return label === null
      })
    }
    const text = node.textContent
    blocks.push({
      index,
      pos,
      id: typeof node.attrs.id === 'string' ? (node.attrs.id as string) : null,
      type: node.type.name,
      label,
      excerpt: text.length > 40 ? `${text.slice(0, 39).trimEnd()}…` : text,
    })
  })
  return blocks
}

/** The title: a heading that is the first block. It neither moves nor gets anything put before it. */
function hasTitle(doc: PMNode): boolean {
  return doc.childCount > 0 && doc.child(0).type.name === 'heading'
}

/** The index of the top-level block holding the selection's head. */
export function currentBlockIndex(state: EditorState): number | null {
  const { $head } = state.selection
  if ($head.depth < 1) return null
  return $head.index(0)
}

/** Whether the block at `from` may go before the block `before` (an index; childCount for the end). */
export function canMoveBlock(doc: PMNode, from: number, before: number): boolean {
  if (from < 0 || from >= doc.childCount || before < 0 || before > doc.childCount) return false
  if (before === from || before === from + 1) return false
  if (hasTitle(doc) && (from === 0 || before === 0)) return false
  return true
}

/**
 * The transaction that moves the top-level block at index `from` to just before the block at
 * index `before` (`doc.childCount`: to the end), or null when that is no move. The caret, when
 * it was in the moved block, stays at the same spot in it.
 */
export function moveBlockTransaction(state: EditorState, from: number, before: number): Transaction | null {
  const doc = state.doc
  if (!canMoveBlock(doc, from, before)) return null
  let start = 0
  for (let i = 0; i < from; i++) start += doc.child(i).nodeSize
  const node = doc.child(from)
  let target = 0
  for (let i = 0; i < before; i++) target += doc.child(i).nodeSize
  const { head } = state.selection
  const caretOffset = head > start && head < start + node.nodeSize ? head - start : null
  const tr = state.tr
  tr.delete(start, start + node.nodeSize)
  const at = tr.mapping.map(target, before > from ? 1 : -1)
  tr.insert(at, node)
  if (caretOffset !== null) tr.setSelection(TextSelection.near(tr.doc.resolve(at + caretOffset)))
  // Suggesting mode leaves it alone: a move is an ordinary edit (see the module comment).
  tr.setMeta(suggestionPluginKey, { structural: true })
  tr.setMeta('consensoMove', { id: node.attrs.id ?? null })
  return tr.scrollIntoView()
}

export interface ParagraphMoveOptions {
  /** Read at the time of each move: whether this person may move blocks now. */
  enabled: { current: boolean }
  /** Text for the drag handle's tooltip and accessible name. */
  handleLabel: { current: string }
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    paragraphMove: {
      /** Moves the block holding the caret one place up or down. */
      moveBlock: (direction: 'up' | 'down') => ReturnType
      /** Moves the top-level block at `from` before the block at `before` (childCount: the end). */
      moveBlockTo: (from: number, before: number) => ReturnType
    }
  }
}

export const paragraphMoveKey = new PluginKey<DecorationSet>('consensoParagraphMove')

function handles(doc: PMNode, label: string): DecorationSet {
  const title = hasTitle(doc)
  const decorations: Decoration[] = []
  doc.forEach((node, pos, index) => {
    if (title && index === 0) return
    decorations.push(
      Decoration.widget(
        pos + (node.isTextblock ? 1 : 0),
        () => {
          const handle = document.createElement('span')
          handle.className = 'move-handle'
          handle.contentEditable = 'false'
          handle.draggable = true
          handle.dataset.moveHandle = String(index)
          handle.title = label
          handle.setAttribute('aria-hidden', 'true')
          handle.textContent = '⠿'
          return handle
        },
        { side: -2, ignoreSelection: true, key: `move:${index}:${label}`, // The editor leaves a press on the handle to the browser (a native drag starts);
          // drag events still reach this plugin's handlers below.
          stopEvent: (event) => event.type === 'mousedown' },
      ),
    )
  })
  return DecorationSet.create(doc, decorations)
}

/** The index of the top-level block a drop at (x, y) goes before. */
function dropTarget(view: EditorView, event: DragEvent): number | null {
  const found = view.posAtCoords({ left: event.clientX, top: event.clientY })
  if (!found) return null
  const $pos = view.state.doc.resolve(found.pos)
  const index = $pos.depth >= 1 ? $pos.index(0) : Math.min($pos.index(0), view.state.doc.childCount - 1)
  const dom = view.nodeDOM(positionOf(view.state.doc, index)) as HTMLElement | null
  if (!dom?.getBoundingClientRect) return index
  const box = dom.getBoundingClientRect()
  return event.clientY > box.top + box.height / 2 ? index + 1 : index
}

function positionOf(doc: PMNode, index: number): number {
  let pos = 0
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize
  return pos
}

export const ParagraphMove = Extension.create<ParagraphMoveOptions>({
  name: 'consensoParagraphMove',

  addOptions() {
    return { enabled: { current: false }, handleLabel: { current: '' } }
  },

  addCommands() {
    return {
      moveBlock:
        (direction) =>
        ({ state, dispatch }) => {
          if (!this.options.enabled.current) return false
          const from = currentBlockIndex(state)
          if (from === null) return false
          const tr = moveBlockTransaction(state, from, direction === 'up' ? from - 1 : from + 2)
          if (!tr) return false
          dispatch?.(tr)
          return true
        },
      moveBlockTo:
        (from, before) =>
        ({ state, dispatch }) => {
          if (!this.options.enabled.current) return false
          const tr = moveBlockTransaction(state, from, before)
          if (!tr) return false
          dispatch?.(tr)
          return true
        },
    }
  },

  addKeyboardShortcuts() {
    return {
      'Alt-Shift-ArrowUp': () => this.editor.commands.moveBlock('up'),
      'Alt-Shift-ArrowDown': () => this.editor.commands.moveBlock('down'),
    }
  },

  addProseMirrorPlugins() {
    const options = this.options
    let dragging: number | null = null
    return [
      new Plugin<DecorationSet>({
        key: paragraphMoveKey,
        state: {
          init: (_config, state) => (options.enabled.current ? handles(state.doc, options.handleLabel.current) : DecorationSet.empty),
          apply: (tr, previous, oldState, state) => {
            const refresh = tr.getMeta(paragraphMoveKey) === 'refresh'
            if (!tr.docChanged && !refresh) return previous
            if (!options.enabled.current) return DecorationSet.empty
            // Typing inside a block moves no block and changes no index (PERF-10): the handles
            // are carried over, not made again for every block of the draft per keystroke.
            // `enabled` and the label change only with a 'refresh', which draws them anew.
            const change = refresh || previous === DecorationSet.empty ? null : plainTextChange(oldState.doc, state.doc, NO_MARKS)
            return change ? mapDecorations(previous, change, state.doc) : handles(state.doc, options.handleLabel.current)
          },
        },
        props: {
          decorations: (state) => paragraphMoveKey.getState(state),
          handleDOMEvents: {
            dragstart: (_view, event) => {
              const handle = (event.target as HTMLElement | null)?.closest?.('[data-move-handle]') as HTMLElement | null
              if (!handle || !options.enabled.current) return false
              dragging = Number(handle.dataset.moveHandle)
              event.dataTransfer?.setData(DRAG_TYPE, String(dragging))
              if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move'
              return true
            },
            dragend: () => {
              dragging = null
              return false
            },
            dragover: (_view, event) => {
              if (dragging === null) return false
              event.preventDefault()
              return true
            },
            drop: (view, event) => {
              if (dragging === null) return false
              event.preventDefault()
              const from = dragging
              dragging = null
              const before = dropTarget(view, event)
              if (before === null || !options.enabled.current) return true
              const tr = moveBlockTransaction(view.state, from, before)
              if (tr) view.dispatch(tr)
              return true
            },
          },
        },
      }),
    ]
  },
})

/** Shows or hides the drag handles after `enabled` or the label changed. */
export function refreshMoveHandles(view: EditorView): void {
  view.dispatch(view.state.tr.setMeta(paragraphMoveKey, 'refresh').setMeta('addToHistory', false))
}

/**
 * The paragraph under discussion, drawn in the plenary view's text (UI-PLENARY-1): a node
 * decoration on the block whose id the chair chose, so the editor keeps it across remote
 * edits and redraws (a class set by hand on the DOM would be lost at the next render).
 */
import type { Editor } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

const key = new PluginKey<string | null>('plenaryFocus')

/** The position of the block with this id, or null. */
export function blockPosition(state: EditorState, id: string): number | null {
  let found: number | null = null
  state.doc.descendants((node, pos) => {
    if (found !== null) return false
    if (node.isTextblock && node.attrs.id === id) {
      found = pos
      return false
    }
    return true
  })
  return found
}

function decorations(state: EditorState, id: string | null): DecorationSet {
  if (!id) return DecorationSet.empty
  const pos = blockPosition(state, id)
  if (pos === null) return DecorationSet.empty
  const node = state.doc.nodeAt(pos)!
  return DecorationSet.create(state.doc, [Decoration.node(pos, pos + node.nodeSize, { class: 'plenary-focus', 'data-plenary-focus': 'true' })])
}

export function plenaryFocusPlugin(): Plugin<string | null> {
  return new Plugin<string | null>({
    key,
    state: {
      init: () => null,
      apply: (tr, value) => {
        const next = tr.getMeta(key) as { id: string | null } | undefined
        return next ? next.id : value
      },
    },
    props: {
      decorations: (state) => decorations(state, key.getState(state) ?? null),
    },
  })
}

/** Highlights the block `id` (null: none); answers its element, for scrolling it into view. */
export function setPlenaryFocus(editor: Editor, id: string | null): HTMLElement | null {
  if (editor.isDestroyed) return null
  if ((key.getState(editor.state) ?? null) !== id) editor.view.dispatch(editor.state.tr.setMeta(key, { id }).setMeta('addToHistory', false))
  if (!id) return null
  const pos = blockPosition(editor.state, id)
  return pos === null ? null : (editor.view.nodeDOM(pos) as HTMLElement | null)
}

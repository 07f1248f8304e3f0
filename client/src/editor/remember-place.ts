/**
 * Where the person was in a draft, kept on this device (localStorage), so that opening the
 * draft again puts the focus in the text at that place (UI-FOCUS-1). Kept as a block id and
 * an offset in that block rather than a document position: others' edits elsewhere move
 * positions, not block ids.
 */
import type { Editor } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'

const KEY = (documentId: string): string => `consenso:place:${documentId}`
const SAVE_DELAY_MS = 400

interface Place {
  block: string
  offset: number
}

function read(documentId: string): Place | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY(documentId)) ?? 'null') as unknown
    if (typeof value !== 'object' || value === null) return null
    const { block, offset } = value as Record<string, unknown>
    return typeof block === 'string' && typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? { block, offset } : null
  } catch {
    return null
  }
}

function placeOf(editor: Editor): Place | null {
  const { $head } = editor.state.selection
  for (let depth = $head.depth; depth > 0; depth--) {
    const node = $head.node(depth)
    if (node.isTextblock && typeof node.attrs.id === 'string') return { block: node.attrs.id, offset: $head.pos - $head.start(depth) }
  }
  return null
}

/** Puts the caret back where it was (else at the start of the first paragraph) and focuses the text. */
export function restorePlace(editor: Editor, documentId: string): void {
  if (editor.isDestroyed) return
  const place = read(documentId)
  const { doc } = editor.state
  let target: number | null = null
  if (place) {
    doc.descendants((node, pos) => {
      if (target !== null) return false
      if (node.isTextblock && node.attrs.id === place.block) target = pos + 1 + Math.min(place.offset, node.content.size)
      return target === null
    })
  }
  if (target === null) {
    doc.descendants((node, pos) => {
      if (target === null && node.type.name === 'paragraph') target = pos + 1
      return target === null
    })
  }
  const at = target ?? 1
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.near(doc.resolve(at))).setMeta('addToHistory', false))
  // Only when the person is not already somewhere else (a field, a button) on the page.
  const active = document.activeElement
  if (active && active !== document.body && !active.matches('main, .editor-main')) return
  // ProseMirror focuses only editable text; read-only text takes the focus itself (A11Y-20).
  if (editor.view.editable) editor.view.focus()
  else editor.view.dom.focus({ preventScroll: true })
  const element = editor.view.domAtPos(editor.state.selection.head).node
  const block = element instanceof HTMLElement ? element : element.parentElement
  if (place) block?.scrollIntoView?.({ block: 'center' })
}

/** Remembers the caret's place while the draft is open; returns the function that stops. */
export function rememberPlace(editor: Editor, documentId: string): () => void {
  let timer: number | undefined
  const save = (): void => {
    if (editor.isDestroyed) return
    const place = placeOf(editor)
    if (!place) return
    try {
      localStorage.setItem(KEY(documentId), JSON.stringify(place))
    } catch {
      // Storage full or refused: the next opening starts at the top, nothing worse.
    }
  }
  const onSelection = (): void => {
    window.clearTimeout(timer)
    timer = window.setTimeout(save, SAVE_DELAY_MS)
  }
  editor.on('selectionUpdate', onSelection)
  window.addEventListener('pagehide', save)
  return () => {
    window.clearTimeout(timer)
    save()
    editor.off('selectionUpdate', onSelection)
    window.removeEventListener('pagehide', save)
  }
}

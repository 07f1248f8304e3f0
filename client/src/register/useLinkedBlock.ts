import { useEffect, useRef } from 'react'
import type { Editor } from '@tiptap/core'
import { Selection } from '@tiptap/pm/state'

/**
 * Opening a draft from the register at `?block=<id>` (an agreement's item in its minutes)
 * puts the caret at the start of that block and scrolls it into view, so the reader lands on
 * it and assistive technology reads it. The text arrives over the websocket after the page
 * opens, so the block is looked for after every transaction until it is there; only once.
 */
export function useLinkedBlock(editor: Editor | null, blockId: string | null): void {
  const shown = useRef<string | null>(null)
  useEffect(() => {
    if (!editor || !blockId || shown.current === blockId) return
    const reveal = (): boolean => {
      // Our own selection change is a transaction too: once shown, never again.
      if (shown.current === blockId) return true
      if (editor.isDestroyed) return false
      let at: number | null = null
      editor.state.doc.descendants((node, pos) => {
        if (at !== null) return false
        if (node.attrs['id'] === blockId) at = pos
        return at === null
      })
      if (at === null) return false
      shown.current = blockId
      const { state, view } = editor
      // Inside the block: near() finds its first place for a caret (a list item holds a paragraph).
      const selection = Selection.near(state.doc.resolve(Math.min(at + 1, state.doc.content.size)))
      view.dispatch(state.tr.setSelection(selection).scrollIntoView())
      view.focus()
      return true
    }
    if (reveal()) return
    const onTransaction = (): void => {
      if (reveal()) editor.off('transaction', onTransaction)
    }
    editor.on('transaction', onTransaction)
    return () => {
      editor.off('transaction', onTransaction)
    }
  }, [editor, blockId])
}

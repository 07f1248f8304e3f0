/**
 * Opening a draft at a paragraph (UI-SEARCH-2): `?p=BLOCK` in the address, from a search result,
 * puts the caret at the start of that block and shows it mid-screen once the block is there (the
 * text may still be arriving), then drops the parameter so a reload does not jump again.
 */
import { useEffect } from 'react'
import type { Editor } from '@tiptap/core'
import { useSearch } from 'wouter'
import { goToBlock } from '../editor/outline/DraftStatus.tsx'

function blockPos(editor: Editor, id: string): number | null {
  let found: number | null = null
  editor.state.doc.descendants((node, pos) => {
    if (found !== null) return false
    if (node.isTextblock && node.attrs.id === id) found = pos
    return found === null
  })
  return found
}

export function useGoToParagraph(editor: Editor | null): void {
  const search = useSearch()
  useEffect(() => {
    const id = new URLSearchParams(search).get('p')
    if (!editor || !id) return
    const attempt = (): boolean => {
      if (editor.isDestroyed) return true
      const pos = blockPos(editor, id)
      if (pos === null) return false
      // After the place restored on opening (UI-FOCUS-1), which this overrides.
      window.setTimeout(() => {
        if (editor.isDestroyed) return
        goToBlock(editor, pos)
        const url = new URL(window.location.href)
        url.searchParams.delete('p')
        window.history.replaceState(window.history.state, '', url)
      }, 0)
      return true
    }
    if (attempt()) return
    const onUpdate = (): void => {
      if (attempt()) editor.off('update', onUpdate)
    }
    editor.on('update', onUpdate)
    return () => {
      editor.off('update', onUpdate)
    }
  }, [editor, search])
}

/**
 * The toolbar's Move group (MOVE-1): the block holding the caret one place up or down
 * (Alt+Shift+↑/↓ too), or "Move to…": a small panel listing the places it can go ("Before OP1",
 * "At the end"). The block keeps its id; numbering follows.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { canMoveBlock, currentBlockIndex, movableBlocks, type MovableBlock } from './paragraph-move.ts'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/u.test(navigator.platform)
const ALT = isMac ? '⌥' : 'Alt'

function blockName(block: MovableBlock, empty: string): string {
  if (block.label) return block.excerpt ? `${block.label} — ${block.excerpt}` : block.label
  return block.excerpt ? `“${block.excerpt}”` : empty
}

export function MoveGroup({ editor, disabled }: { editor: Editor; disabled: boolean }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [target, setTarget] = useState<string>('')
  const panelRef = useRef<HTMLDivElement>(null)
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const from = currentBlockIndex(e.state)
      const doc = e.state.doc
      return {
        from,
        up: from !== null && canMoveBlock(doc, from, from - 1),
        down: from !== null && canMoveBlock(doc, from, from + 2),
        // Recomputed only when the document or the caret's block changes.
        blocks: open ? movableBlocks(doc) : null,
      }
    },
  })
  const places = state.blocks
    ? [
        ...state.blocks.map((block) => ({ before: block.index, text: t('move.before', { name: blockName(block, t('move.emptyBlock')) }) })),
        { before: state.blocks.length, text: t('move.atEnd') },
      ].filter((place) => state.from !== null && canMoveBlock(editor.state.doc, state.from, place.before))
    : []

  useEffect(() => {
    if (!open) return
    panelRef.current?.querySelector('select')?.focus()
    const onDown = (event: MouseEvent): void => {
      if (!panelRef.current?.parentElement?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const none = disabled || state.from === null
  const move = (): void => {
    const before = Number(target || places[0]?.before)
    if (state.from === null || Number.isNaN(before)) return
    editor.chain().focus().moveBlockTo(state.from, before).run()
    setOpen(false)
  }
  return (
    <div className="toolbar__group move-group" role="group" aria-label={t('move.group')}>
      <button
        type="button"
        className="tool"
        data-testid="tool-move-up"
        aria-label={t('move.up')}
        title={`${t('move.up')} (${ALT}+Shift+↑)`}
        aria-keyshortcuts="Alt+Shift+ArrowUp"
        disabled={none || !state.up}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => editor.chain().focus().moveBlock('up').run()}
      >
        <span className="tool__text">↑</span>
      </button>
      <button
        type="button"
        className="tool"
        data-testid="tool-move-down"
        aria-label={t('move.down')}
        title={`${t('move.down')} (${ALT}+Shift+↓)`}
        aria-keyshortcuts="Alt+Shift+ArrowDown"
        disabled={none || !state.down}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => editor.chain().focus().moveBlock('down').run()}
      >
        <span className="tool__text">↓</span>
      </button>
      <button
        type="button"
        className="tool tool--labelled"
        data-testid="tool-move-to"
        aria-label={t('move.to')}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t('move.toHint')}
        disabled={none || (!state.up && !state.down)}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          setTarget('')
          setOpen(!open)
        }}
      >
        <span className="tool__text" aria-hidden="true">
          ⇅
        </span>
        <span className="visually-hidden">{t('move.to')}</span>
      </button>
      {open && (
        <div
          ref={panelRef}
          className="move-panel"
          role="dialog"
          aria-label={t('move.to')}
          data-testid="move-panel"
          onKeyDown={(event) => {
            // The toolbar's arrow keys and Escape are not for this panel's select.
            event.stopPropagation()
            if (event.key === 'Escape') {
              setOpen(false)
              editor.commands.focus()
            }
          }}
        >
          <label className="move-panel__label">
            {t('move.where')}
            <select
              data-testid="move-target"
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault()
                  move()
                }
              }}
            >
              {places.map((place) => (
                <option key={place.before} value={String(place.before)}>
                  {place.text}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button--small button--primary" data-testid="move-submit" disabled={places.length === 0} onClick={move}>
            {t('move.submit')}
          </button>
        </div>
      )}
    </div>
  )
}

/**
 * The toolbar's Table menu (UI-TABLE-1..3): insert a table (three columns, a header row and two
 * rows), add or remove rows and columns where the caret is, remove the table. A menu button
 * and a list of menu items: arrow keys move between items, Enter or Space runs one, Escape
 * goes back to the text. Only while editing: a table's structure is not a suggestion (SCHEMA-133).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { isNodeActive } from './incremental.ts'

type Action = 'insert' | 'rowAbove' | 'rowBelow' | 'columnLeft' | 'columnRight' | 'deleteRow' | 'deleteColumn' | 'deleteTable'
const ACTIONS: Action[] = ['insert', 'rowAbove', 'rowBelow', 'columnLeft', 'columnRight', 'deleteRow', 'deleteColumn', 'deleteTable']

type Chain = ReturnType<Editor['chain']>
const COMMANDS: Record<Action, (chain: Chain) => Chain> = {
  insert: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
  rowAbove: (c) => c.addRowBefore(),
  rowBelow: (c) => c.addRowAfter(),
  columnLeft: (c) => c.addColumnBefore(),
  columnRight: (c) => c.addColumnAfter(),
  deleteRow: (c) => c.deleteRow(),
  deleteColumn: (c) => c.deleteColumn(),
  deleteTable: (c) => c.deleteTable(),
}

const ICON = (
  <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    <g fill="none" stroke="currentColor" strokeWidth="1.8">
      <rect x="3.5" y="5" width="17" height="14" rx="1.5" />
      <path d="M3.5 10h17M3.5 14.5h17M9.5 5v14M15 5v14" />
    </g>
  </svg>
)

export function TableGroup({ editor, disabled }: { editor: Editor; disabled: boolean }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const menuRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      // Inside a table the insert is off (no table in a table); elsewhere only the insert is on.
      // Not `e.can().insertTable(…)`: Tiptap's command answers true wherever it is asked (it
      // replaces the selection), and asking built a chain and a 3×3 table on every
      // transaction, the dearest thing a keystroke did in React (PERF-20).
      const inTable = isNodeActive(e, 'table')
      return { inTable, canInsert: !inTable }
    },
  })
  const enabled = (action: Action): boolean => (action === 'insert' ? state.canInsert : state.inTable)

  useEffect(() => {
    if (!open) return
    menuRef.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus()
    const onDown = (event: MouseEvent): void => {
      if (!menuRef.current?.parentElement?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const choose = (action: Action): void => {
    setOpen(false)
    COMMANDS[action](editor.chain().focus()).run()
  }

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    // The toolbar's own arrow keys and Escape are not for this menu.
    event.stopPropagation()
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])
    const index = items.indexOf(document.activeElement as HTMLButtonElement)
    let next: number | null = null
    if (event.key === 'ArrowDown') next = (index + 1) % items.length
    else if (event.key === 'ArrowUp') next = (index - 1 + items.length) % items.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = items.length - 1
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault()
      setOpen(false)
      if (event.key === 'Escape') buttonRef.current?.focus()
      else editor.commands.focus()
      return
    }
    if (next === null || items.length === 0) return
    event.preventDefault()
    items[next]?.focus()
  }

  return (
    <div className="toolbar__group table-group" role="group" aria-label={t('table.group')}>
      <button
        ref={buttonRef}
        type="button"
        className="tool"
        data-testid="tool-table"
        aria-label={t('table.menu')}
        title={t('table.menu')}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled || (!state.canInsert && !state.inTable)}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault()
            event.stopPropagation()
            setOpen(true)
          }
        }}
      >
        {ICON}
      </button>
      {open && (
        <div ref={menuRef} className="table-menu" role="menu" aria-label={t('table.menu')} data-testid="table-menu" onKeyDown={onMenuKey}>
          {ACTIONS.map((action) => (
            <button
              key={action}
              type="button"
              role="menuitem"
              className={action.startsWith('delete') ? 'table-menu__item table-menu__item--danger' : 'table-menu__item'}
              data-testid={`table-${action}`}
              disabled={!enabled(action)}
              tabIndex={-1}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(action)}
            >
              {t(`table.${action}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

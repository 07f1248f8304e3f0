import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { currentMatches, goToMatch, MAX_MATCHES, replaceAll, replaceMatch, selectedMatch, setFindQuery } from './find-plugin.ts'
import './find.css'

/** Ctrl+F (⌘F) finds, Ctrl+H (⌘⌥F on a Mac, where ⌘H hides the window) finds and replaces. */
export function findShortcut(event: { ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; code: string }): 'find' | 'replace' | null {
  const mod = event.ctrlKey || event.metaKey
  if (!mod || event.shiftKey) return null
  if (event.code === 'KeyF') return event.altKey && event.metaKey ? 'replace' : event.altKey ? null : 'find'
  if (event.code === 'KeyH' && event.ctrlKey && !event.altKey) return 'replace'
  return null
}

/** Words selected in one line, short enough to be what the person wants to find. */
function selectedWords(editor: Editor): string {
  const { from, to, empty } = editor.state.selection
  if (empty) return ''
  const text = editor.state.doc.textBetween(from, to, '\n')
  return text.includes('\n') || text.length > 200 ? '' : text
}

/**
 * The find (and replace) bar over the text. Opened with Ctrl+F or Ctrl+H anywhere on the
 * draft's page but in a form field; Enter and Shift+Enter go to the next and previous
 * match, Escape closes it and puts the caret back in the text, on the match last shown.
 */
export function FindBar({ editor, canReplace, suggesting }: { editor: Editor; canReplace: boolean; suggesting: boolean }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<null | 'find' | 'replace'>(null)
  const [text, setText] = useState('')
  const [replacement, setReplacement] = useState('')
  const [matchCase, setMatchCase] = useState(false)
  const [wholeWord, setWholeWord] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  const findInput = useRef<HTMLInputElement>(null)
  const replaceInput = useRef<HTMLInputElement>(null)
  const ids = useId()

  const status = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      if (!open || e.isDestroyed) return { total: 0, index: -1 }
      const matches = currentMatches(e.state)
      return { total: matches.length, index: selectedMatch(e.state, matches) }
    },
  })

  const openWith = useCallback(
    (mode: 'find' | 'replace') => {
      const words = selectedWords(editor)
      if (words) setText(words)
      setOpen(mode === 'replace' && canReplace ? 'replace' : 'find')
      setNote(null)
      window.requestAnimationFrame(() => {
        findInput.current?.focus()
        findInput.current?.select()
      })
    },
    [editor, canReplace],
  )

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      const mode = findShortcut(event)
      if (!mode) return
      const target = event.target as HTMLElement | null
      // Another form field (a comment being written) keeps the browser's own find.
      if (target?.closest('input, textarea, select') && !target.closest('[data-find-bar]')) return
      event.preventDefault()
      openWith(mode)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [openWith])

  useEffect(() => {
    if (editor.isDestroyed) return
    setFindQuery(editor.view, open ? { text, matchCase, wholeWord } : null)
  }, [editor, open, text, matchCase, wholeWord])

  useEffect(() => () => {
    if (!editor.isDestroyed) setFindQuery(editor.view, null)
  }, [editor])

  if (!open) return null

  const close = (): void => {
    setOpen(null)
    if (!editor.isDestroyed) editor.commands.focus()
  }
  const step = (direction: 1 | -1): void => {
    setNote(null)
    goToMatch(editor.view, direction)
  }
  const onFindKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault()
      step(event.shiftKey ? -1 : 1)
    }
  }
  const onKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      close()
    }
  }
  const replaceOne = (): void => {
    setNote(null)
    replaceMatch(editor.view, replacement)
  }
  const replaceEvery = (): void => {
    const count = replaceAll(editor.view, replacement)
    setNote(t('find.replaced', { count }))
  }
  const onReplaceKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault()
      if (event.ctrlKey || event.metaKey) replaceEvery()
      else replaceOne()
    }
  }

  const count =
    !text ? '' : status.total === 0 ? t('find.none') : status.index >= 0 ? t('find.position', { index: status.index + 1, total: status.total >= MAX_MATCHES ? `${MAX_MATCHES}+` : status.total }) : t('find.count', { count: status.total })

  return (
    <div className="find-bar" role="search" aria-label={t('find.label')} data-find-bar data-testid="find-bar" onKeyDown={onKey}>
      <div className="find-bar__row">
        <BarInput
          inputRef={findInput}
          id={`${ids}-find`}
          label={t('find.find')}
          testId="find-input"
          type="search"
          value={text}
          onChange={(value) => {
            setText(value)
            setNote(null)
          }}
          onKeyDown={onFindKey}
        />
        <span className="find-bar__count" role="status" data-testid="find-count" data-total={status.total} data-index={status.index + 1}>
          {count}
        </span>
        <button type="button" className="button button--small button--quiet" data-testid="find-previous" aria-label={t('find.previous')} title={`${t('find.previous')} (Shift+Enter)`} disabled={status.total === 0} onClick={() => step(-1)}>
          <span aria-hidden="true">↑</span>
        </button>
        <button type="button" className="button button--small button--quiet" data-testid="find-next" aria-label={t('find.next')} title={`${t('find.next')} (Enter)`} disabled={status.total === 0} onClick={() => step(1)}>
          <span aria-hidden="true">↓</span>
        </button>
        <label className="find-bar__option">
          <input type="checkbox" data-testid="find-match-case" checked={matchCase} onChange={(event) => setMatchCase(event.target.checked)} />
          {t('find.matchCase')}
        </label>
        <label className="find-bar__option">
          <input type="checkbox" data-testid="find-whole-word" checked={wholeWord} onChange={(event) => setWholeWord(event.target.checked)} />
          {t('find.wholeWord')}
        </label>
        {canReplace && open === 'find' && (
          <button type="button" className="button button--small button--quiet" data-testid="find-show-replace" onClick={() => setOpen('replace')}>
            {t('find.showReplace')}
          </button>
        )}
        <button type="button" className="button button--small button--quiet find-bar__close" data-testid="find-close" aria-label={t('find.close')} title={`${t('find.close')} (Esc)`} onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {canReplace && open === 'replace' && (
        <div className="find-bar__row">
          <BarInput
            inputRef={replaceInput}
            id={`${ids}-replace`}
            label={t('find.replaceWith')}
            testId="replace-input"
            type="text"
            value={replacement}
            onChange={setReplacement}
            onKeyDown={onReplaceKey}
          />
          <button type="button" className="button button--small" data-testid="replace-one" disabled={status.total === 0} onClick={replaceOne}>
            {t('find.replace')}
          </button>
          <button type="button" className="button button--small" data-testid="replace-all" disabled={status.total === 0} onClick={replaceEvery}>
            {t('find.replaceAll')}
          </button>
          <span className="find-bar__note" role="status" data-testid="find-note">
            {note ?? (suggesting ? t('find.asSuggestion') : '')}
          </span>
        </div>
      )}
    </div>
  )
}

/** A field of the bar: its label read by screen readers, shown as the placeholder. */
function BarInput(props: {
  inputRef: RefObject<HTMLInputElement | null>
  id: string
  label: string
  testId: string
  type: 'search' | 'text'
  value: string
  onChange: (value: string) => void
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void
}) {
  return (
    <>
      <label className="visually-hidden" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        ref={props.inputRef}
        id={props.id}
        className="find-bar__input"
        data-testid={props.testId}
        type={props.type}
        placeholder={props.label}
        value={props.value}
        autoComplete="off"
        // A search term is a fragment, not prose: no red underlines; a replacement is text to check.
        spellCheck={props.type === 'text'}
        onChange={(event) => props.onChange(event.target.value)}
        onKeyDown={props.onKeyDown}
      />
    </>
  )
}

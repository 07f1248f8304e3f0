import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import type { Transaction } from '@tiptap/pm/state'
import { printDraft } from '../print/print.ts'
import { countDraft, findLabel, outlineOf, parseGoTo, type DraftCounts, type OutlineEntry } from './outline.ts'
import './outline.css'

/** Counting waits for a pause in typing: the figures need not follow each keystroke. */
const COUNT_DELAY_MS = 300

function useDebouncedDoc<T>(editor: Editor, read: (editor: Editor) => T, active: boolean): T | null {
  const [value, setValue] = useState<T | null>(() => (active && !editor.isDestroyed ? read(editor) : null))
  const readRef = useRef(read)
  readRef.current = read
  useEffect(() => {
    if (!active) return
    let timer: number | undefined
    const update = (): void => {
      if (!editor.isDestroyed) setValue(readRef.current(editor))
    }
    update()
    const onTransaction = ({ transaction }: { transaction: Transaction }): void => {
      if (!transaction.docChanged) return
      window.clearTimeout(timer)
      timer = window.setTimeout(update, COUNT_DELAY_MS)
    }
    editor.on('transaction', onTransaction)
    return () => {
      window.clearTimeout(timer)
      editor.off('transaction', onTransaction)
    }
  }, [editor, active])
  return value
}

/** Puts the caret at the start of the block at `pos`, shows it mid-screen, gives the text the focus. */
export function goToBlock(editor: Editor, pos: number): void {
  if (editor.isDestroyed) return
  editor.chain().setTextSelection(pos + 1).focus(undefined, { scrollIntoView: false }).run()
  const element = editor.view.nodeDOM(pos)
  if (element instanceof HTMLElement) element.scrollIntoView({ block: 'center' })
}

/** Ctrl+G (⌘G) opens "go to", as in word processors (the browser's "find next" is ours here). */
function isGoToShortcut(event: globalThis.KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.code === 'KeyG'
}

/**
 * Under the text: the word and paragraph counts, and the outline (headings and PP/OP
 * numbers) with "go to" — a click on an entry, or a label typed ("OP12").
 */
export function DraftStatus({ editor }: { editor: Editor }) {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState(false)
  const counts = useDebouncedDoc<DraftCounts>(editor, (e) => countDraft(e.state.doc), true)
  const button = useRef<HTMLButtonElement>(null)
  const number = new Intl.NumberFormat(i18n.language)

  const openOutline = useCallback(() => setOpen(true), [])
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (!isGoToShortcut(event)) return
      event.preventDefault()
      openOutline()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [openOutline])

  const close = (refocus: boolean): void => {
    setOpen(false)
    if (refocus) button.current?.focus()
  }

  return (
    <div className="draft-status" data-testid="draft-status">
      {open && <OutlinePanel editor={editor} onClose={close} />}
      <p className="draft-status__counts" data-testid="draft-counts" data-words={counts?.words} data-paragraphs={counts?.paragraphs}>
        {counts && (
          <>
            <span>{t('outline.words', { count: counts.words, formatted: number.format(counts.words) })}</span>
            <span aria-hidden="true"> · </span>
            <span>{t('outline.paragraphs', { count: counts.paragraphs, formatted: number.format(counts.paragraphs) })}</span>
            {counts.preambular + counts.operative > 0 && (
              <span className="draft-status__numbered">
                {' '}
                {t('outline.numbered', { pp: counts.preambular, op: counts.operative })}
              </span>
            )}
          </>
        )}
      </p>
      <div className="draft-status__tools">
        <button type="button" className="button button--small button--quiet" data-testid="print-clean" title={`${t('print.print')} (Ctrl+P)`} onClick={() => printDraft('clean')}>
          {t('print.print')}
        </button>
        <button type="button" className="button button--small button--quiet" data-testid="print-marked" onClick={() => printDraft('marked')}>
          {t('print.printMarked')}
        </button>
      <button
        ref={button}
        type="button"
        className="button button--small button--quiet"
        data-testid="outline-button"
        aria-expanded={open}
        aria-keyshortcuts="Control+G"
        title={`${t('outline.open')} (Ctrl+G)`}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        {t('outline.button')}
      </button>
      </div>
    </div>
  )
}

function OutlinePanel({ editor, onClose }: { editor: Editor; onClose: (refocus: boolean) => void }) {
  const { t } = useTranslation()
  const entries = useDebouncedDoc<OutlineEntry[]>(editor, (e) => outlineOf(e.state.doc), true) ?? []
  const [target, setTarget] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLOListElement>(null)
  const ids = useId()

  useEffect(() => {
    input.current?.focus()
  }, [])

  const go = (pos: number): void => {
    onClose(false)
    goToBlock(editor, pos)
  }
  const submit = (): void => {
    const label = parseGoTo(target)
    const pos = label ? findLabel(editor.state.doc, label) : null
    if (pos === null) {
      setProblem(label ? t('outline.noSuchParagraph', { label }) : t('outline.badTarget'))
      return
    }
    go(pos)
  }
  const onKey = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      onClose(true)
      return
    }
    const items = Array.from(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])
    const index = items.indexOf(document.activeElement as HTMLButtonElement)
    let next: number | null = null
    if (event.key === 'ArrowDown') next = index < 0 ? 0 : Math.min(items.length - 1, index + 1)
    else if (event.key === 'ArrowUp') next = index <= 0 ? -1 : index - 1
    else if (index >= 0 && event.key === 'Home') next = 0
    else if (index >= 0 && event.key === 'End') next = items.length - 1
    if (next === null) return
    event.preventDefault()
    if (next < 0) input.current?.focus()
    else items[next]?.focus()
  }

  return (
    <section className="outline-panel" aria-labelledby={`${ids}-title`} data-testid="outline-panel" onKeyDown={onKey}>
      <h2 id={`${ids}-title`} className="outline-panel__title">
        {t('outline.title')}
      </h2>
      <form
        className="outline-panel__goto"
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <label htmlFor={`${ids}-goto`}>{t('outline.goTo')}</label>
        <input
          ref={input}
          id={`${ids}-goto`}
          data-testid="outline-goto"
          value={target}
          placeholder="OP12"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${ids}-problem`}
          aria-invalid={problem !== null}
          onChange={(event) => {
            setTarget(event.target.value)
            setProblem(null)
          }}
        />
        <button type="submit" className="button button--small">
          {t('outline.go')}
        </button>
      </form>
      <p id={`${ids}-problem`} className="outline-panel__problem" role="status" data-testid="outline-problem">
        {problem ?? ''}
      </p>
      {entries.length === 0 ? (
        <p className="outline-panel__empty">{t('outline.empty')}</p>
      ) : (
        <ol ref={list} className="outline-panel__list" aria-label={t('outline.title')}>
          {entries.map((entry) => (
            <li key={`${entry.pos}:${entry.label ?? ''}`} className={`outline-entry outline-entry--${entry.kind} outline-entry--level-${entry.level}`}>
              <button type="button" data-testid="outline-entry" data-label={entry.label ?? undefined} onClick={() => go(entry.pos)}>
                {entry.label && <span className="outline-entry__label">{entry.label}</span>}
                <span className="outline-entry__text">{entry.text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

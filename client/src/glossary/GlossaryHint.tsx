/**
 * A glossary term's definition beside it (UI-GLOSS-3/4): shown when the pointer rests on a
 * marked term or the caret is inside one; for the caret the editor is described by it
 * (aria-describedby), so a screen reader reads the definition without leaving the text.
 * A deprecated term's hint names the preferred one with a button (and Alt+Enter) that
 * replaces it through the ordinary edit path. Escape hides it until the caret moves on.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { glossaryDefinition, glossaryTerm, type GlossaryEntry, type GlossaryLanguage } from '@consenso/protocol'
import './glossary.css'
import { glossaryEntries, glossaryMarkAt, glossaryMarkAtSelection, preferredReplacement, replaceWithPreferred, setGlossary, type GlossaryMark } from './glossary-plugin.ts'

interface Shown {
  mark: GlossaryMark
  top: number
  left: number
  by: 'caret' | 'pointer'
}

const sameMark = (a: GlossaryMark | null | undefined, b: GlossaryMark | null | undefined): boolean => !!a && !!b && a.from === b.from && a.to === b.to && a.entryId === b.entryId

export function GlossaryHint({ editor, entries, lang }: { editor: Editor | null; entries: readonly GlossaryEntry[]; lang: GlossaryLanguage | null }) {
  const { t } = useTranslation()
  const id = useId()
  const hintRef = useRef<HTMLDivElement>(null)
  const [shown, setShown] = useState<Shown | null>(null)
  // What was last rendered; a hint set since and not yet rendered is caught by the next transaction.
  const shownRef = useRef(shown)
  shownRef.current = shown
  const dismissed = useRef<GlossaryMark | null>(null)

  useEffect(() => {
    if (editor && !editor.isDestroyed) setGlossary(editor.view, entries, lang)
  }, [editor, entries, lang])

  const place = useCallback(
    (mark: GlossaryMark, by: Shown['by']): Shown | null => {
      if (!editor || editor.isDestroyed) return null
      try {
        const start = editor.view.coordsAtPos(mark.from)
        return { mark, top: start.bottom + 6, left: start.left, by }
      } catch {
        return null
      }
    },
    [editor],
  )

  // The caret: after every transaction (typing moves marks, remote changes too).
  useEffect(() => {
    if (!editor) return
    const update = (): void => {
      if (editor.isDestroyed) return
      const mark = editor.view.hasFocus() ? glossaryMarkAtSelection(editor.state) : null
      if (!sameMark(mark, dismissed.current)) dismissed.current = null
      // No term at the caret and no hint shown: nothing to ask React (PERF-25), which
      // otherwise rendered this again after every other keystroke to find nothing changed.
      if (!mark && !shownRef.current) return
      setShown((current) => {
        if (current?.by === 'pointer' && !mark) {
          const still = glossaryMarkAt(editor.state, current.mark.from)
          return still && sameMark(still, current.mark) ? current : null
        }
        if (!mark || dismissed.current) return current?.by === 'pointer' ? current : null
        return sameMark(current?.mark, mark) && current?.by === 'caret' ? current : place(mark, 'caret')
      })
    }
    editor.on('transaction', update)
    editor.on('focus', update)
    editor.on('blur', update)
    return () => {
      editor.off('transaction', update)
      editor.off('focus', update)
      editor.off('blur', update)
    }
  }, [editor, place])

  // The pointer: resting on a marked term shows its hint; leaving the term and the hint hides it.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const dom = editor.view.dom as HTMLElement
    const over = (event: MouseEvent): void => {
      const term = (event.target as HTMLElement | null)?.closest?.('.glossary-term')
      if (!term) return
      let pos: number
      try {
        pos = editor.view.posAtDOM(term, 0)
      } catch {
        return
      }
      const mark = glossaryMarkAt(editor.state, pos)
      if (!mark) return
      const rect = term.getBoundingClientRect()
      setShown((current) => (sameMark(current?.mark, mark) ? current : { mark, top: rect.bottom + 6, left: rect.left, by: 'pointer' }))
    }
    const out = (event: MouseEvent): void => {
      const to = event.relatedTarget as Node | null
      if (to && (hintRef.current?.contains(to) || (to instanceof HTMLElement && to.closest('.glossary-term')))) return
      setShown((current) => (current?.by === 'pointer' ? null : current))
    }
    dom.addEventListener('mouseover', over)
    dom.addEventListener('mouseout', out)
    return () => {
      dom.removeEventListener('mouseover', over)
      dom.removeEventListener('mouseout', out)
    }
  }, [editor])

  // The editor is described by the hint while the caret is in a term.
  const describing = shown?.by === 'caret'
  useEffect(() => {
    if (!editor || editor.isDestroyed || !describing) return
    const dom = editor.view.dom as HTMLElement
    const before = dom.getAttribute('aria-describedby')
    dom.setAttribute('aria-describedby', [before, id].filter(Boolean).join(' '))
    return () => {
      if (before) dom.setAttribute('aria-describedby', before)
      else dom.removeAttribute('aria-describedby')
    }
  }, [editor, describing, id])

  useEffect(() => {
    if (!shown || !editor || editor.isDestroyed) return
    const dom = editor.view.dom as HTMLElement
    const key = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return
      dismissed.current = shown.mark
      setShown(null)
    }
    dom.addEventListener('keydown', key)
    return () => dom.removeEventListener('keydown', key)
  }, [shown, editor])

  if (!shown || !editor || editor.isDestroyed) return null
  const entry = glossaryEntries(editor.state).get(shown.mark.entryId)
  if (!entry) return null
  const termLang = shown.mark.lang
  const other: GlossaryLanguage = termLang === 'es' ? 'en' : 'es'
  const definition = glossaryDefinition(entry, termLang) || glossaryDefinition(entry, other)
  const counterpart = glossaryTerm(entry, other)
  const replacement = preferredReplacement(editor.state, shown.mark)
  const canReplace = replacement !== null && editor.isEditable

  return (
    <div
      ref={hintRef}
      className={entry.status === 'deprecated' ? 'glossary-hint glossary-hint--deprecated' : 'glossary-hint'}
      // Kept inside the window: the hint is at most 26rem wide (glossary.css).
      style={{ top: shown.top, left: Math.max(8, Math.min(shown.left, window.innerWidth - 26 * 16 - 24)) }}
      data-testid="glossary-hint"
      onMouseLeave={(event) => {
        const to = event.relatedTarget as Node | null
        if (to instanceof HTMLElement && to.closest('.glossary-term')) return
        setShown((current) => (current?.by === 'pointer' ? null : current))
      }}
    >
      <div role="tooltip" id={id}>
        <p className="glossary-hint__term">
          <strong lang={termLang}>{glossaryTerm(entry, termLang) || shown.mark.text}</strong>{' '}
          <span className="glossary-hint__status">{t(`glossary.status.${entry.status}`)}</span>
          {counterpart && (
            <span className="glossary-hint__counterpart">
              {' '}
              · {t(`glossary.langShort.${other}`)}: <span lang={other}>{counterpart}</span>
            </span>
          )}
        </p>
        {definition && <p className="glossary-hint__definition">{definition}</p>}
        {replacement && (
          <p className="glossary-hint__preferred" data-testid="glossary-preferred">
            {t('glossary.hint.usePreferred', { term: glossaryTerm(replacement.entry, termLang) })}
            {canReplace ? ` ${t('glossary.hint.keyboard')}` : ''}
          </p>
        )}
        {entry.source && <p className="glossary-hint__source">{t('glossary.hint.source', { source: entry.source })}</p>}
      </div>
      {canReplace && (
        <button
          type="button"
          className="button button--small"
          data-testid="glossary-replace"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            replaceWithPreferred(editor.view, shown.mark)
            setShown(null)
            editor.view.focus()
          }}
        >
          {t('glossary.hint.replace', { term: replacement.text })}
        </button>
      )}
    </div>
  )
}

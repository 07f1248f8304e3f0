/**
 * A paragraph's history (AUTHOR-2): who changed it, when, and what — "PAN — Carlos Méndez,
 * 10:42: 'regular' → 'regular y segura'" — from the authorship the server records with every
 * change (GET /api/documents/:id/history?paragraph=). Opened from the toolbar for the paragraph
 * holding the caret; newest first.
 */
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import type { ParagraphHistoryEntry, ParagraphHistoryResponse } from '@consenso/protocol'
import { diffWords, numberNode } from '@consenso/schema'
import { request } from '../api.ts'
import { Dialog } from '../components/Dialog.tsx'
import { absoluteTime } from '../format.ts'

export function fetchHistory(documentId: string, paragraphId: string, signal?: AbortSignal): Promise<ParagraphHistoryResponse> {
  const query = new URLSearchParams({ paragraph: paragraphId })
  return request(`/api/documents/${encodeURIComponent(documentId)}/history?${query.toString()}`, { signal })
}

/** The words an entry changed, with a word of context either side, quoted: "'regular' → 'regular y segura'". */
export function changeSummary(before: string | null, after: string | null): { before: string; after: string } | null {
  if (before === null || after === null) return null
  const words = diffWords(before, after)
  const first = words.findIndex((w) => w.op !== 'equal')
  if (first < 0) return null
  let last = words.length - 1
  while (words[last]!.op === 'equal') last--
  const context = (text: string, side: 'start' | 'end'): string => {
    const parts = text.trim().split(/\s+/u)
    return side === 'end' ? (parts.at(-1) ?? '') : (parts[0] ?? '')
  }
  const lead = first > 0 ? context(words[first - 1]!.text, 'end') : ''
  const tail = last < words.length - 1 ? context(words[last + 1]!.text, 'start') : ''
  const middle = words.slice(first, last + 1)
  const side = (op: 'delete' | 'insert'): string =>
    [lead, middle.map((w) => (w.op === 'equal' || w.op === op ? w.text : '')).join('').trim(), tail].filter(Boolean).join(' ').replace(/\s+/gu, ' ')
  return { before: side('delete'), after: side('insert') }
}

/** The paragraph or heading holding the caret: its id and position. */
function blockAtCaret(editor: Editor): { id: string; pos: number } | null {
  const { $head } = editor.state.selection
  for (let depth = $head.depth; depth > 0; depth--) {
    const node = $head.node(depth)
    if ((node.type.name === 'paragraph' || node.type.name === 'heading') && typeof node.attrs.id === 'string') return { id: node.attrs.id as string, pos: $head.before(depth) }
  }
  return null
}

function paragraphAtCaret(editor: Editor): { id: string; label: string | null } | null {
  const block = blockAtCaret(editor)
  if (!block) return null
  return { id: block.id, label: numberNode(editor.state.doc).find((n) => n.pos === block.pos)?.label ?? null }
}

export function HistoryButton({ editor, documentId }: { editor: Editor; documentId: string }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<{ id: string; label: string | null } | null>(null)
  // Run on every transaction: the id only, not the label (numbering walks the whole draft, PERF-13).
  const here = useEditorState({ editor, selector: ({ editor: e }) => blockAtCaret(e)?.id ?? null })
  return (
    <>
      <button
        type="button"
        className="tool tool--labelled"
        data-testid="tool-history"
        aria-label={t('history.button')}
        title={t('history.buttonHint')}
        disabled={here === null}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setOpen(paragraphAtCaret(editor))}
      >
        {/* A clock: who changed this paragraph, and when. */}
        <svg className="tool__icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" strokeWidth="1.9" />
          <path d="M12 7.5V12l3 2" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="visually-hidden">{t('history.button')}</span>
      </button>
      {open && <HistoryDialog documentId={documentId} paragraph={open} onClose={() => setOpen(null)} />}
    </>
  )
}

function HistoryDialog({ documentId, paragraph, onClose }: { documentId: string; paragraph: { id: string; label: string | null }; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error' } | { kind: 'ready'; entries: ParagraphHistoryEntry[] }>({ kind: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    fetchHistory(documentId, paragraph.id, controller.signal).then(
      (answer) => setState({ kind: 'ready', entries: [...answer.entries].reverse() }),
      () => {
        if (!controller.signal.aborted) setState({ kind: 'error' })
      },
    )
    return () => controller.abort()
  }, [documentId, paragraph.id])
  return (
    <Dialog open onClose={onClose} title={paragraph.label ? t('history.titleOf', { label: paragraph.label }) : t('history.title')} testId="history-dialog" wide>
      {state.kind === 'loading' && <p role="status">{t('history.loading')}</p>}
      {state.kind === 'error' && (
        <p className="notice notice--error" role="alert">
          {t('history.failed')}
        </p>
      )}
      {state.kind === 'ready' && state.entries.length === 0 && <p className="history-empty">{t('history.empty')}</p>}
      {state.kind === 'ready' && state.entries.length > 0 && (
        <ol className="history-list">
          {state.entries.map((entry, i) => {
            const change = changeSummary(entry.before, entry.after)
            return (
              <li key={`${entry.at}-${i}`} className="history-entry" data-testid="history-entry" data-delegation={entry.delegation}>
                <span className="history-entry__who" data-testid="history-who">
                  {entry.delegation} — {entry.name}, <time dateTime={entry.at}>{absoluteTime(entry.at, i18n.language)}</time>
                </span>{' '}
                <span className="history-entry__what" data-testid="history-what">
                  {entry.after === null ? (
                    t('history.removed')
                  ) : change ? (
                    <>
                      <del>‘{change.before}’</del> → <ins>‘{change.after}’</ins>
                    </>
                  ) : entry.before === null ? (
                    <>‘{entry.after}’</>
                  ) : (
                    t('history.moved')
                  )}
                </span>
              </li>
            )
          })}
        </ol>
      )}
    </Dialog>
  )
}

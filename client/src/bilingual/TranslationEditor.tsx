/**
 * The second language's text (UI-BILING-2): a Tiptap editor of the same schema bound to the
 * body Y.Doc's `translation` fragment, live and co-edited like the body, aligned with the
 * source editor row by row. Enter does not make new paragraphs here (the structure follows the
 * source; Shift+Enter breaks a line); writing in a block confirms its translation against the
 * source as it now reads (BILING-3).
 */
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Extension, type Editor } from '@tiptap/core'
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration'
import { EditorContent, useEditor } from '@tiptap/react'
import type { Node as PMNode } from '@tiptap/pm/model'
import { confirmTranslation, consensoExtensions, TRANSLATION_FIELD, type TextLanguage, type TranslationRow, type TranslationStatus } from '@consenso/schema'
import type { CollabSession } from '../collab/session.ts'
import { ParagraphNumbers } from '../editor/paragraph-numbers.ts'
import { AlignRows, alignEditors } from './align-rows.ts'
import { refreshStatusView, TranslationStatusView } from './status-view.ts'

const StructureFollowsSource = Extension.create({
  name: 'structureFollowsSource',
  addKeyboardShortcuts() {
    return { Enter: () => true, 'Mod-Enter': () => true }
  },
})

/** Top-level blocks a local change rewrote (ProseMirror keeps unchanged nodes as they were). */
function touchedBlocks(before: PMNode, after: PMNode): string[] {
  const old = new Map<string, PMNode>()
  before.forEach((node) => {
    if (typeof node.attrs.id === 'string') old.set(node.attrs.id, node)
  })
  const touched: string[] = []
  after.forEach((node) => {
    const id = node.attrs.id as unknown
    if (typeof id === 'string' && old.get(id) !== node) touched.push(id)
  })
  return touched
}

interface Props {
  session: CollabSession
  language: TextLanguage
  readOnly: boolean
  rows: readonly TranslationRow[]
  /** The source editor, to align with (null until it exists). */
  source: Editor | null
}

export function TranslationEditor({ session, language, readOnly, rows, source }: Props) {
  const { t, i18n } = useTranslation()
  const statuses = useRef<ReadonlyMap<string, TranslationStatus>>(new Map())
  const label = useRef<(status: TranslationStatus) => string>((status) => status)
  label.current = (status) => t(`bilingual.status.${status}`)
  const editor = useEditor(
    {
      extensions: [
        ...consensoExtensions({ filterIdTransaction: (tr) => !isChangeOrigin(tr) }),
        Collaboration.configure({ document: session.ydoc, field: TRANSLATION_FIELD }),
        ParagraphNumbers,
        AlignRows,
        TranslationStatusView.configure({ statuses, label }),
        StructureFollowsSource,
      ],
      editable: !readOnly,
      injectCSS: false,
      editorProps: {
        attributes: {
          id: 'translation-body',
          class: 'draft-body translation-body',
          'aria-labelledby': 'translation-body-label',
          'aria-multiline': 'true',
          role: 'textbox',
          lang: language,
        },
      },
    },
    [session],
  )

  useEffect(() => {
    statuses.current = new Map(rows.map((row) => [row.id, row.status]))
    if (!editor.isDestroyed) refreshStatusView(editor.view)
  }, [editor, rows, i18n.language])

  useEffect(() => {
    if (editor.isEditable === readOnly) editor.setEditable(!readOnly)
    editor.view.dom.setAttribute('aria-readonly', String(readOnly))
  }, [editor, readOnly])

  // Writing in a block is translating it against the source as it reads now.
  useEffect(() => {
    const onTransaction = ({ transaction }: { transaction: import('@tiptap/pm/state').Transaction }): void => {
      if (!transaction.docChanged || isChangeOrigin(transaction)) return
      const touched = touchedBlocks(transaction.before, transaction.doc)
      if (touched.length === 0) return
      queueMicrotask(() => touched.forEach((id) => confirmTranslation(session.ydoc, id)))
    }
    editor.on('transaction', onTransaction)
    return () => {
      editor.off('transaction', onTransaction)
    }
  }, [editor, session])

  const spacer = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!source || source.isDestroyed || !spacer.current) return
    return alignEditors(source, editor, spacer.current)
  }, [source, editor])

  return (
    <div className="translation" data-testid="translation">
      <span id="translation-body-label" className="visually-hidden">
        {t('bilingual.bodyLabel', { language: t(`bilingual.language.${language}`) })}
      </span>
      <div ref={spacer} className="translation__spacer" aria-hidden="true" />
      <div className="page page--translation">
        <EditorContent editor={editor} className="page__content" />
      </div>
    </div>
  )
}

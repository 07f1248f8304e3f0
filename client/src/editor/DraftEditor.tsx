import { useEffect, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor } from '@tiptap/react'
import { BODY_FIELD, consensoExtensions } from '@consenso/schema'
import type { CollabSession } from '../collab/session.ts'
import type { Person } from '../people.ts'
import { followRenames, renderCaret, renderSelection } from './carets.ts'
import { ParagraphNumbers } from './paragraph-numbers.ts'
import { focusToolbar, Toolbar } from './Toolbar.tsx'

interface DraftEditorProps {
  session: CollabSession
  person: Person
  /** No typing: the person's role does not allow it, or the server closed the draft for good. */
  readOnly: boolean
  /** Viewers and commenters: formatting buttons they can never use are only noise. */
  hideToolbar?: boolean
}

/**
 * Mounted only once the body has content (from this device or the server): an editor bound
 * to an empty fragment would write its own empty paragraph with a fresh block id, which then
 * merges with the real content as a stray first line.
 */
export function DraftEditor({ session, person, readOnly, hideToolbar = false }: DraftEditorProps) {
  const { t } = useTranslation()
  const editor = useEditor(
    {
      extensions: [
        ...consensoExtensions({ filterIdTransaction: (tr) => !isChangeOrigin(tr) }),
        Collaboration.configure({ document: session.ydoc, field: BODY_FIELD }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: person,
          render: renderCaret,
          selectionRender: renderSelection,
        }),
        ParagraphNumbers,
      ],
      editable: !readOnly,
      editorProps: {
        attributes: {
          id: 'draft-body',
          class: 'draft-body',
          'aria-labelledby': 'draft-body-label',
          'aria-describedby': 'draft-toolbar-hint',
          'aria-multiline': 'true',
          role: 'textbox',
        },
      },
    },
    // The person changes in place (awareness); a new session is a new editor.
    [session],
  )

  useEffect(() => {
    if (editor.isEditable === readOnly) editor.setEditable(!readOnly)
    // Set here rather than in editorProps, which are read once when the editor is made.
    editor.view.dom.setAttribute('aria-readonly', String(readOnly))
  }, [editor, readOnly])

  useEffect(() => followRenames(session.provider.awareness, editor.view.dom), [editor, session])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.altKey && event.key === 'F10' && focusToolbar()) event.preventDefault()
  }

  return (
    <div className="draft" data-testid="draft">
      {!hideToolbar && <Toolbar editor={editor} disabled={readOnly} />}
      <span id="draft-body-label" className="visually-hidden">
        {t('editor.bodyLabel')}
      </span>
      <span id="draft-toolbar-hint" className="visually-hidden">
        {t('toolbar.hint')}
      </span>
      <div className="page" onKeyDown={onKeyDown}>
        <EditorContent editor={editor} className="page__content" />
      </div>
    </div>
  )
}

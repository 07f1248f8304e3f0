import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { EditorContent, useEditor } from '@tiptap/react'
import type { SuggestionAttrs, SuggestionAuthor } from '@consenso/schema'
import { delegationColor } from '../delegations.ts'
import { absoluteTime } from '../format.ts'
import { serverNow } from '../server-clock.ts'
import type { CollabSession } from '../collab/session.ts'
import type { Person } from '../people.ts'
import { editorExtensions } from './binding.ts'
import { followRenames } from './carets.ts'
import { refreshMoveHandles } from './paragraph-move.ts'
import { rememberPlace, restorePlace } from './remember-place.ts'
import { useGoToParagraph } from '../search/go-to-paragraph.ts'
import { FindBar } from './find/FindBar.tsx'
import { DraftStatus } from './outline/DraftStatus.tsx'
import { refreshSuggestionView, type SuggestionPiece } from './suggestion-view.ts'
import { CommentToolbar, focusToolbar, isCommentShortcut, Toolbar, type BracketTool, type CommentTool, type ModeTool } from './Toolbar.tsx'
import type { ConsensusHandlers } from '../consensus/consensus-view.ts'

interface DraftEditorProps {
  session: CollabSession
  person: Person
  /** Who suggestions typed here are attributed to (the signed-in person and their delegation). */
  author: SuggestionAuthor
  /** Local edits become suggestions (tracked changes) instead of changing the text. */
  suggesting: boolean
  /** The Editing / Suggesting switch of the toolbar; absent for those who cannot write. */
  mode?: ModeTool
  /** No typing: the person's role does not allow it, or the server closed the draft for good. */
  readOnly: boolean
  /** Viewers and commenters: formatting buttons they can never use are only noise. */
  hideToolbar?: boolean
  /** Commenting on selected words (commenters and above); absent for viewers. */
  comment?: CommentTool
  /** A passing message under the toolbar ("select some words first"). */
  commentHint?: string | null
  /** Called with a click on highlighted words; read at click time. */
  onClickThread: RefObject<(threadId: string) => void>
  /** The editor, for the review sidebar (highlights, selecting a thread's words). */
  onEditor?: (editor: Editor | null) => void
  /** Bracketing the selected words (editors and owners). */
  bracket?: BracketTool
  /** A consensus chip activated, and edits of agreed text to confirm; read at the time of each event. */
  onOpenParagraph?: RefObject<ConsensusHandlers>
  /** Moving blocks up, down or to a place (MOVE-1): editors and owners, suggestions not required. */
  canMove?: boolean
  /** The language the text is written in (UI-LANG-1); null: the interface's. */
  textLanguage?: 'es' | 'en' | null
}

/**
 * Mounted only once the body has content (from this device or the server): an editor bound
 * to an empty fragment would write its own empty paragraph with a fresh block id, which then
 * merges with the real content as a stray first line.
 */
export function DraftEditor(props: DraftEditorProps) {
  const { session, person, author, suggesting, mode, readOnly, hideToolbar = false, comment, commentHint, onClickThread, onEditor, bracket, onOpenParagraph, canMove = false } = props
  const { t, i18n } = useTranslation()
  // Read by the editor at the time of each edit: a renamed person suggests under the new name.
  const authorRef = useRef(author)
  authorRef.current = author
  const canMoveRef = useRef(canMove && !readOnly)
  canMoveRef.current = canMove && !readOnly
  const moveHandleLabel = useRef('')
  moveHandleLabel.current = t('move.handle')
  const describe = useRef<(attrs: SuggestionAttrs, piece: SuggestionPiece) => string>(() => '')
  describe.current = (attrs, piece) =>
    t(`suggestions.tooltip.${piece}`, { name: attrs.authorName, delegation: attrs.delegation, time: absoluteTime(attrs.at, i18n.language) })
  const spoken = useRef<(attrs: SuggestionAttrs, piece: SuggestionPiece, edge: 'start' | 'end') => string>(() => '')
  spoken.current = (attrs, piece, edge) =>
    edge === 'end'
      ? piece === 'split' || piece === 'join' || piece === 'block'
        ? ''
        : t(`suggestions.spoken.end.${piece}`)
      : t(`suggestions.spoken.start.${piece}`, { name: attrs.authorName, delegation: attrs.delegation })
  const editor = useEditor(
    {
      extensions: editorExtensions({
        ydoc: session.ydoc,
        provider: session.provider,
        user: person,
        suggesting,
        author: () => authorRef.current,
        // On the server's clock: every screen then reads the same time for it (the server
        // may also stamp it on arrival, issue 15).
        now: () => new Date(serverNow()).toISOString(),
        color: delegationColor,
        describe,
        spoken,
        onClickThread: onClickThread as { current: (threadId: string) => void },
        onOpenParagraph: (onOpenParagraph as { current: ConsensusHandlers } | undefined) ?? null,
        canMove: canMoveRef,
        moveHandleLabel,
      }),
      editable: !readOnly,
      // The server's Content-Security-Policy refuses inline <style>: the rules are in styles.css.
      injectCSS: false,
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

  // The text declares its own language, for spellcheck and screen readers (UI-LANG-1).
  const lang = props.textLanguage ?? (i18n.language.startsWith('en') ? 'en' : 'es')
  useEffect(() => {
    editor.view.dom.setAttribute('lang', lang)
  }, [editor, lang])

  useEffect(() => {
    const hadFocus = editor.view.hasFocus()
    if (editor.isEditable === readOnly) editor.setEditable(!readOnly)
    // Set here rather than in editorProps, which are read once when the editor is made.
    editor.view.dom.setAttribute('aria-readonly', String(readOnly))
    // Read-only text still takes the focus, for a caret and a selection by keyboard (A11Y-20);
    // the role arriving after the text opened must not leave the focus on the page's body.
    if (readOnly) editor.view.dom.setAttribute('tabindex', '0')
    else editor.view.dom.removeAttribute('tabindex')
    if (hadFocus) editor.view.dom.focus({ preventScroll: true })
  }, [editor, readOnly])

  useEffect(() => {
    if (editor.isDestroyed) return
    editor.commands.setSuggesting(suggesting)
  }, [editor, suggesting])

  useEffect(() => {
    if (!editor.isDestroyed) refreshSuggestionView(editor.view)
  }, [editor, i18n.language])

  // The drag handles appear and go with the right to move, and speak the interface language.
  const moving = canMove && !readOnly
  useEffect(() => {
    if (!editor.isDestroyed) refreshMoveHandles(editor.view)
  }, [editor, moving, i18n.language])

  useEffect(() => followRenames(session.provider.awareness, editor.view.dom), [editor, session])

  // Focus in the text on opening, where the person was last time on this device (UI-FOCUS-1).
  useEffect(() => {
    restorePlace(editor, session.documentId)
    return rememberPlace(editor, session.documentId)
  }, [editor, session])
  // A search result's paragraph (UI-SEARCH-2), after the place restored above.
  useGoToParagraph(editor)

  useEffect(() => {
    onEditor?.(editor)
    return () => onEditor?.(null)
  }, [editor, onEditor])

  // The comment shortcut works wherever the focus is, except in a form field: a read-only
  // editor (a commenter's) never has the focus, yet its words can be selected.
  const commentRef = useRef(comment)
  commentRef.current = comment
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (!isCommentShortcut(event)) return
      const target = event.target as HTMLElement | null
      if (target?.closest('input, textarea, select, [contenteditable="true"]:not(.ProseMirror)')) return
      const tool = commentRef.current
      if (!tool?.enabled) return
      event.preventDefault()
      tool.onComment()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.altKey && event.key === 'F10' && focusToolbar()) event.preventDefault()
  }

  return (
    <div className={suggesting ? 'draft draft--suggesting' : 'draft'} data-testid="draft" data-mode={suggesting ? 'suggesting' : 'editing'}>
      {!hideToolbar && <Toolbar editor={editor} disabled={readOnly} comment={comment} mode={mode} bracket={bracket} move={moving} historyOf={session.documentId} />}
      {hideToolbar && <CommentToolbar tool={comment} editor={editor} historyOf={session.documentId} />}
      <p className="comment-hint" role="status" data-testid="comment-hint">
        {commentHint ?? ''}
      </p>
      <FindBar editor={editor} canReplace={!readOnly} suggesting={suggesting} />
      <span id="draft-body-label" className="visually-hidden">
        {t('editor.bodyLabel')}
      </span>
      <span id="draft-toolbar-hint" className="visually-hidden">
        {t('toolbar.hint')}
      </span>
      <div className="page" onKeyDown={onKeyDown}>
        <EditorContent editor={editor} className="page__content" />
      </div>
      <DraftStatus editor={editor} />
    </div>
  )
}

import { useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { yUndoPluginKey } from '@tiptap/y-tiptap'
import { MoveGroup } from './MoveMenu.tsx'
import { TableGroup } from './TableMenu.tsx'
import { isNodeActive } from './incremental.ts'
import { HistoryButton } from '../history/ParagraphHistory.tsx'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/u.test(navigator.platform)
const MOD = isMac ? '⌘' : 'Ctrl'
const ALT = isMac ? '⌥' : 'Alt'

interface ToolButtonProps {
  label: string
  /** The letters the button shows ("H1", "PP"): its accessible name starts with them (A11Y-2). */
  visible?: string
  /** Shown to sighted users after the label, announced through aria-keyshortcuts. */
  shortcut?: { display: string; aria: string }
  pressed?: boolean
  disabled?: boolean
  onPress: () => void
  children: ReactNode
  testId: string
}

function ToolButton({ label, visible, shortcut, pressed, disabled, onPress, children, testId }: ToolButtonProps) {
  const name = visible ? `${visible} — ${label.replace(` (${visible})`, '')}` : label
  return (
    <button
      type="button"
      className="tool"
      data-testid={testId}
      aria-label={name}
      title={shortcut ? `${label} (${shortcut.display})` : label}
      aria-keyshortcuts={shortcut?.aria}
      aria-pressed={pressed === undefined ? undefined : pressed}
      disabled={disabled}
      // Keep the text selection: a mouse press on a button would otherwise blur the editor.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onPress}
    >
      {children}
    </button>
  )
}

const icon = (path: ReactNode): ReactNode => (
  <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    {path}
  </svg>
)

const ICONS = {
  bulletList: icon(
    <g fill="currentColor">
      <circle cx="5" cy="7" r="1.6" />
      <circle cx="5" cy="12" r="1.6" />
      <circle cx="5" cy="17" r="1.6" />
      <rect x="9" y="6" width="11" height="2" rx="1" />
      <rect x="9" y="11" width="11" height="2" rx="1" />
      <rect x="9" y="16" width="11" height="2" rx="1" />
    </g>,
  ),
  // The digits are drawn, not <text>: a picture of "123" would be visible text the button's
  // name must start with (A11Y-2), and the name is "Numbered list".
  orderedList: icon(
    <g>
      <path d="M3.2 5.2 4.6 4.2v4.6M2.6 11.8c.3-1.4 2.8-1.6 2.8 0 0 .9-2.8 2.2-2.8 2.6h2.9M2.7 16h2.6l-1.3 1.4c1.6 0 1.6 2.3 0 2.3-.6 0-1.1-.2-1.4-.5" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" strokeLinejoin="round" />
      <rect x="9" y="6" width="11" height="2" rx="1" fill="currentColor" />
      <rect x="9" y="11" width="11" height="2" rx="1" fill="currentColor" />
      <rect x="9" y="16" width="11" height="2" rx="1" fill="currentColor" />
    </g>,
  ),
  undo: icon(
    <path d="M9 7 4 12l5 5M4.5 12H14a5 5 0 0 1 0 10h-2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" transform="translate(0 -3)" />,
  ),
  redo: icon(
    <path d="m15 7 5 5-5 5M19.5 12H10a5 5 0 0 0 0 10h2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" transform="translate(0 -3)" />,
  ),
  edit: icon(
    <path d="m4 20 1-4L16 5l3 3L8 19zM14 7l3 3" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinejoin="round" strokeLinecap="round" />,
  ),
  suggest: icon(
    <g fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinejoin="round" strokeLinecap="round">
      <path d="m9 17 9.5-9.5-2.5-2.5L6.5 14.5 6 18z" />
      <path d="M3 21h7" strokeDasharray="2 2" />
      <path d="M14 21h7" />
    </g>,
  ),
  comment: icon(
    <g fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinejoin="round" strokeLinecap="round">
      <path d="M4 5h16v10.5h-8.5L7 19.5v-4H4z" />
      <path d="M8.5 9.2h7M8.5 12h4.5" />
    </g>,
  ),
}

/** Ctrl+Alt+M (⌘+⌥+M): a comment on the selected words, as in most word processors. */
export const COMMENT_SHORTCUT = { display: `${MOD}+${ALT}+M`, aria: 'Control+Alt+M' }

export function isCommentShortcut(event: { ctrlKey: boolean; metaKey: boolean; altKey: boolean; code: string }): boolean {
  // `code`, not `key`: with Alt held, macOS types "µ" for M.
  return (event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyM'
}

export interface CommentTool {
  /** Whether the person may comment at all (commenters and above). */
  enabled: boolean
  onComment: () => void
}

function CommentButton({ tool, disabled }: { tool: CommentTool; disabled: boolean }) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      className="tool tool--labelled"
      data-testid="tool-comment"
      aria-label={t('review.commentTool')}
      title={`${t('review.commentTool')} (${COMMENT_SHORTCUT.display})`}
      aria-keyshortcuts={COMMENT_SHORTCUT.aria}
      disabled={disabled}
      // Keep the text selection: it is what the comment is about.
      onMouseDown={(event) => event.preventDefault()}
      onClick={tool.onComment}
    >
      {ICONS.comment}
      <span className="tool__label">{t('review.comment')}</span>
    </button>
  )
}

export interface BracketTool {
  /** Editors and owners bracket words; absent or disabled for everyone else. */
  enabled: boolean
  onBracket: () => void
}

function BracketButton({ tool, disabled }: { tool: BracketTool; disabled: boolean }) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      className="tool tool--labelled"
      data-testid="tool-bracket"
      aria-label={t('consensus.bracket.tool')}
      title={t('consensus.bracket.tool')}
      disabled={disabled}
      // Keep the text selection: it is what gets bracketed.
      onMouseDown={(event) => event.preventDefault()}
      onClick={tool.onBracket}
    >
      <span className="tool__text" aria-hidden="true">
        [ ]
      </span>
      <span className="tool__label">{t('consensus.bracket.short')}</span>
    </button>
  )
}

export interface ModeTool {
  suggesting: boolean
  /** The owner requires suggestions: there is no going back to editing. */
  locked: boolean
  /** The owner locked agreed paragraphs (CONSENSUS-9): said before anyone types into one. */
  agreedLocked?: boolean
  onChange: (suggesting: boolean) => void
}

/** Editing / Suggesting, as two pressed-or-not buttons that read as one switch. */
function ModeSwitch({ mode, disabled }: { mode: ModeTool; disabled: boolean }) {
  const { t } = useTranslation()
  const option = (suggesting: boolean) => {
    const name = suggesting ? 'suggesting' : 'editing'
    return (
      <button
        type="button"
        className={mode.suggesting === suggesting ? `mode-switch__option mode-switch__option--on mode-switch__option--${name}` : 'mode-switch__option'}
        data-testid={`mode-${name}`}
        aria-pressed={mode.suggesting === suggesting}
        disabled={disabled || (mode.locked && !suggesting)}
        title={
          mode.locked && !suggesting
            ? t('suggestions.mode.lockedHint')
            : !suggesting && mode.agreedLocked
              ? `${t('suggestions.mode.editingHint')} ${t('suggestions.mode.agreedLockedHint')}`
              : t(`suggestions.mode.${name}Hint`)
        }
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => mode.onChange(suggesting)}
      >
        {suggesting ? ICONS.suggest : ICONS.edit}
        <span className="tool__label">{t(`suggestions.mode.${name}`)}</span>
      </button>
    )
  }
  return (
    <div className="toolbar__group mode-switch" role="group" aria-label={t('suggestions.mode.label')} data-testid="mode-switch" data-mode={mode.suggesting ? 'suggesting' : 'editing'} data-locked={mode.locked} data-agreed-locked={mode.agreedLocked === true}>
      {option(false)}
      {option(true)}
      {mode.locked && (
        <span className="mode-switch__locked" data-testid="mode-locked">
          {t('suggestions.mode.locked')}
        </span>
      )}
    </div>
  )
}

/**
 * Commenters have no formatting to do, only comments to make: a toolbar with that one
 * button, shown over their read-only text (the full toolbar stays an editor's).
 */
/**
 * The toolbar of those who cannot change the text: Comment for commenters, and for every
 * reader the History of the paragraph holding the caret (AUTHOR-2, UI-AUTHOR-1).
 */
export function CommentToolbar({ tool, editor, historyOf }: { tool?: CommentTool | undefined; editor: Editor; historyOf: string }) {
  const { t } = useTranslation()
  return (
    <div className="toolbar toolbar--comment" data-testid="comment-toolbar">
      <div className="toolbar__group" role="toolbar" aria-label={t('review.toolbarLabel')}>
        {tool?.enabled && <CommentButton tool={tool} disabled={false} />}
        <HistoryButton editor={editor} documentId={historyOf} />
      </div>
      {tool?.enabled && <p className="toolbar__note">{t('review.commenterHint', { shortcut: COMMENT_SHORTCUT.display })}</p>}
    </div>
  )
}

/**
 * The formatting toolbar, one tab stop (WAI-ARIA toolbar pattern): arrow keys move between
 * buttons, Escape goes back to the text, Alt+F10 in the text comes here.
 */
export function Toolbar({
  editor,
  disabled,
  comment,
  mode,
  bracket,
  move = false,
  historyOf,
}: {
  editor: Editor
  disabled: boolean
  comment?: CommentTool
  mode?: ModeTool
  bracket?: BracketTool
  /** Moving blocks (MOVE-1): those who may edit, when suggestions are not required. */
  move?: boolean
  /** The draft whose paragraphs' history the History button reads (AUTHOR-2). */
  historyOf?: string
}) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      // Node types through `isNodeActive`, which looks at the caret's ancestors, not the draft (PERF-24).
      const inParagraph = isNodeActive(e, 'paragraph')
      const preamble = isNodeActive(e, 'paragraph', { kind: 'preamble' })
      const operative = isNodeActive(e, 'paragraph', { kind: 'operative' })
      const undoManager = yUndoPluginKey.getState(e.state)?.undoManager
      return {
        h1: isNodeActive(e, 'heading', { level: 1 }),
        h2: isNodeActive(e, 'heading', { level: 2 }),
        h3: isNodeActive(e, 'heading', { level: 3 }),
        paragraph: inParagraph && !isNodeActive(e, 'heading'),
        bold: e.isActive('bold'),
        italic: e.isActive('italic'),
        underline: e.isActive('underline'),
        bulletList: isNodeActive(e, 'bulletList'),
        orderedList: isNodeActive(e, 'orderedList'),
        inParagraph,
        preamble,
        operative,
        plain: inParagraph && !preamble && !operative,
        // What `can().undo()` answers (the Yjs undo stacks), without building every command's
        // chain on each transaction: the selector runs once per keystroke.
        canUndo: undoManager ? undoManager.undoStack.length > 0 : e.can().undo(),
        canRedo: undoManager ? undoManager.redoStack.length > 0 : e.can().redo(),
      }
    },
  })

  const run = (command: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => {
    command(editor.chain().focus()).run()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    // A dialog opened from a tool (paragraph history) sits inside the toolbar's element: its keys
    // are its own (Escape closes it, Tab moves through it).
    if (inDialog(event.target)) return
    const buttons = toolbarButtons(ref.current).filter((b) => !b.disabled)
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement)
    let next: number | null = null
    if (event.key === 'ArrowRight') next = (index + 1) % buttons.length
    else if (event.key === 'ArrowLeft') next = (index - 1 + buttons.length) % buttons.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = buttons.length - 1
    else if (event.key === 'Escape') {
      event.preventDefault()
      editor.commands.focus()
      return
    }
    if (next === null || buttons.length === 0) return
    event.preventDefault()
    buttons[next]?.focus()
  }

  // Roving tabindex: exactly one enabled button is in the tab order, the last one used.
  useLayoutEffect(() => {
    const buttons = toolbarButtons(ref.current)
    const current = buttons.find((b) => b.tabIndex === 0 && !b.disabled) ?? buttons.find((b) => !b.disabled)
    for (const button of buttons) button.tabIndex = button === current ? 0 : -1
  })

  const onFocus = (event: FocusEvent<HTMLDivElement>): void => {
    if (!(event.target instanceof HTMLButtonElement) || inDialog(event.target)) return
    for (const button of toolbarButtons(ref.current)) button.tabIndex = button === event.target ? 0 : -1
  }

  const none = disabled
  // Wrapping in a list, or lifting out of one, cannot be a suggestion (the schema refuses it).
  const noStructure = none || (mode?.suggesting ?? false)
  return (
    <div
      ref={ref}
      id="editor-toolbar"
      className="toolbar"
      role="toolbar"
      aria-label={t('toolbar.label')}
      aria-controls="draft-body"
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      data-testid="toolbar"
    >
      {mode && <ModeSwitch mode={mode} disabled={disabled} />}
      <div className="toolbar__group" role="group" aria-label={t('toolbar.label')}>
        <ToolButton testId="tool-paragraph" label={t('toolbar.paragraph')} shortcut={{ display: `${MOD}+${ALT}+0`, aria: 'Control+Alt+0' }} pressed={state.paragraph} disabled={none} onPress={run((c) => c.setParagraph())}>
          <span className="tool__text">¶</span>
        </ToolButton>
        <ToolButton testId="tool-heading-1" visible="H1" label={t('toolbar.heading1')} shortcut={{ display: `${MOD}+${ALT}+1`, aria: 'Control+Alt+1' }} pressed={state.h1} disabled={none} onPress={run((c) => c.toggleHeading({ level: 1 }))}>
          <span className="tool__text">H1</span>
        </ToolButton>
        <ToolButton testId="tool-heading-2" visible="H2" label={t('toolbar.heading2')} shortcut={{ display: `${MOD}+${ALT}+2`, aria: 'Control+Alt+2' }} pressed={state.h2} disabled={none} onPress={run((c) => c.toggleHeading({ level: 2 }))}>
          <span className="tool__text">H2</span>
        </ToolButton>
        <ToolButton testId="tool-heading-3" visible="H3" label={t('toolbar.heading3')} shortcut={{ display: `${MOD}+${ALT}+3`, aria: 'Control+Alt+3' }} pressed={state.h3} disabled={none} onPress={run((c) => c.toggleHeading({ level: 3 }))}>
          <span className="tool__text">H3</span>
        </ToolButton>
      </div>
      <div className="toolbar__group" role="group">
        <ToolButton testId="tool-bold" visible="B" label={t('toolbar.bold')} shortcut={{ display: `${MOD}+B`, aria: 'Control+B' }} pressed={state.bold} disabled={none} onPress={run((c) => c.toggleBold())}>
          <span className="tool__text tool__text--bold">B</span>
        </ToolButton>
        <ToolButton testId="tool-italic" visible="I" label={t('toolbar.italic')} shortcut={{ display: `${MOD}+I`, aria: 'Control+I' }} pressed={state.italic} disabled={none} onPress={run((c) => c.toggleItalic())}>
          <span className="tool__text tool__text--italic">I</span>
        </ToolButton>
        <ToolButton testId="tool-underline" visible="U" label={t('toolbar.underline')} shortcut={{ display: `${MOD}+U`, aria: 'Control+U' }} pressed={state.underline} disabled={none} onPress={run((c) => c.toggleUnderline())}>
          <span className="tool__text tool__text--underline">U</span>
        </ToolButton>
      </div>
      <div className="toolbar__group" role="group">
        <ToolButton testId="tool-bullet-list" label={t('toolbar.bulletList')} shortcut={{ display: `${MOD}+Shift+8`, aria: 'Control+Shift+8' }} pressed={state.bulletList} disabled={noStructure} onPress={run((c) => c.toggleBulletList())}>
          {ICONS.bulletList}
        </ToolButton>
        <ToolButton testId="tool-ordered-list" label={t('toolbar.orderedList')} shortcut={{ display: `${MOD}+Shift+7`, aria: 'Control+Shift+7' }} pressed={state.orderedList} disabled={noStructure} onPress={run((c) => c.toggleOrderedList())}>
          {ICONS.orderedList}
        </ToolButton>
      </div>
      <div className="toolbar__group toolbar__group--kind" role="group" aria-label={t('toolbar.kindLabel')}>
        <span className="toolbar__caption" aria-hidden="true">
          {t('toolbar.kindLabel')}
        </span>
        <ToolButton testId="tool-kind-preamble" visible="PP" label={t('toolbar.preamble')} pressed={state.preamble} disabled={none || !state.inParagraph} onPress={run((c) => c.setParagraphKind('preamble'))}>
          <span className="tool__text tool__text--kind">PP</span>
        </ToolButton>
        <ToolButton testId="tool-kind-operative" visible="OP" label={t('toolbar.operative')} pressed={state.operative} disabled={none || !state.inParagraph} onPress={run((c) => c.setParagraphKind('operative'))}>
          <span className="tool__text tool__text--kind">OP</span>
        </ToolButton>
        <ToolButton testId="tool-kind-plain" visible={t('toolbar.plainShort')} label={t('toolbar.plain')} pressed={state.plain} disabled={none || !state.inParagraph} onPress={run((c) => c.setParagraphKind(null))}>
          <span className="tool__text tool__text--small">{t('toolbar.plainShort')}</span>
        </ToolButton>
      </div>
      <TableGroup editor={editor} disabled={noStructure} />
      {move && <MoveGroup editor={editor} disabled={none} />}
      <div className="toolbar__group" role="group">
        <ToolButton testId="tool-undo" label={t('toolbar.undo')} shortcut={{ display: `${MOD}+Z`, aria: 'Control+Z' }} disabled={none || !state.canUndo} onPress={run((c) => c.undo())}>
          {ICONS.undo}
        </ToolButton>
        <ToolButton testId="tool-redo" label={t('toolbar.redo')} shortcut={{ display: `${MOD}+Shift+Z`, aria: 'Control+Shift+Z' }} disabled={none || !state.canRedo} onPress={run((c) => c.redo())}>
          {ICONS.redo}
        </ToolButton>
      </div>
      {(comment?.enabled || bracket?.enabled || historyOf) && (
        <div className="toolbar__group" role="group">
          {comment?.enabled && <CommentButton tool={comment} disabled={none} />}
          {bracket?.enabled && <BracketButton tool={bracket} disabled={none} />}
          {historyOf && <HistoryButton editor={editor} documentId={historyOf} />}
        </div>
      )}
    </div>
  )
}

const inDialog = (target: EventTarget | null): boolean => target instanceof Element && target.closest('dialog') !== null

/** The toolbar's own buttons, not those of a dialog opened from it (A11Y-9). */
function toolbarButtons(toolbar: HTMLElement | null): HTMLButtonElement[] {
  return Array.from(toolbar?.querySelectorAll<HTMLButtonElement>('button') ?? []).filter((button) => !inDialog(button))
}

/** Moves focus from the text to the toolbar (Alt+F10, as in most word processors). */
export function focusToolbar(): boolean {
  const toolbar = document.getElementById('editor-toolbar')
  const target =
    toolbar?.querySelector<HTMLButtonElement>('button[tabindex="0"]:not(:disabled)') ??
    toolbar?.querySelector<HTMLButtonElement>('button:not(:disabled)')
  if (!target) return false
  target.focus()
  return true
}

/**
 * A caret in read-only text (client/SPEC.md A11Y-20). Commenters and viewers get a
 * non-editable ProseMirror view: the browser gives such text no caret and no keyboard
 * selection, so a secretariat without a mouse could not choose the words to comment on.
 *
 * The text takes the focus (DraftEditor gives it tabindex 0 when read-only) and this plugin
 * answers the caret keys itself with `Selection.modify`, which moves and extends the page's
 * selection by character, word, line or line boundary in any text, editable or not;
 * ProseMirror reads the new selection from the page as it reads a mouse selection. Nothing else
 * is let through: typing, pasting and dropping stay refused by the view. A thin bar is drawn
 * where the collapsed selection is, since the browser draws none in non-editable text.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, Selection as DocSelection, TextSelection } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'

interface CaretState {
  /** The view is read-only and has the focus: the bar is drawn. */
  shown: boolean
}

export const readOnlyCaretKey = new PluginKey<CaretState>('consensoReadOnlyCaret')

type Granularity = 'character' | 'word' | 'line' | 'lineboundary'

/** What a key does to the selection, or null for keys left to the browser (Page Up, Tab…). */
function movement(event: KeyboardEvent): { direction: 'forward' | 'backward'; granularity: Granularity } | null {
  const word = event.ctrlKey || event.altKey
  switch (event.key) {
    case 'ArrowRight':
      return { direction: 'forward', granularity: word ? 'word' : 'character' }
    case 'ArrowLeft':
      return { direction: 'backward', granularity: word ? 'word' : 'character' }
    case 'ArrowDown':
      return { direction: 'forward', granularity: 'line' }
    case 'ArrowUp':
      return { direction: 'backward', granularity: 'line' }
    case 'Home':
      return { direction: 'backward', granularity: 'lineboundary' }
    case 'End':
      return { direction: 'forward', granularity: 'lineboundary' }
    default:
      return null
  }
}

/** Puts the page's selection where the editor's is, when the page's is elsewhere (just focused). */
function anchorPageSelection(view: EditorView): Selection | null {
  const selection = view.dom.ownerDocument.getSelection()
  if (!selection) return null
  if (selection.anchorNode && view.dom.contains(selection.anchorNode)) return selection
  const { node, offset } = view.domAtPos(view.state.selection.from)
  selection.collapse(node, offset)
  return selection
}

function show(view: EditorView, shown: boolean): void {
  if (readOnlyCaretKey.getState(view.state)?.shown === shown) return
  view.dispatch(view.state.tr.setMeta(readOnlyCaretKey, { shown }).setMeta('addToHistory', false))
}

export const ReadOnlyCaret = Extension.create({
  name: 'consensoReadOnlyCaret',

  addProseMirrorPlugins() {
    return [
      new Plugin<CaretState>({
        key: readOnlyCaretKey,
        state: {
          init: () => ({ shown: false }),
          apply: (tr, value) => (tr.getMeta(readOnlyCaretKey) as CaretState | undefined) ?? value,
        },
        props: {
          decorations(state) {
            if (!readOnlyCaretKey.getState(state)?.shown || !state.selection.empty) return null
            const bar = (): HTMLElement => {
              const element = document.createElement('span')
              element.className = 'read-only-caret'
              element.setAttribute('aria-hidden', 'true')
              return element
            }
            return DecorationSet.create(state.doc, [Decoration.widget(state.selection.from, bar, { key: 'read-only-caret', side: -1, ignoreSelection: true })])
          },
          handleDOMEvents: {
            focus(view) {
              if (view.editable) return false
              anchorPageSelection(view)
              show(view, true)
              return false
            },
            blur(view) {
              show(view, false)
              return false
            },
            keydown(view, event) {
              if (view.editable) return false
              if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
                // Select all of the text, not the whole page.
                event.preventDefault()
                const { doc } = view.state
                view.dispatch(view.state.tr.setSelection(TextSelection.between(DocSelection.atStart(doc).$from, DocSelection.atEnd(doc).$to)))
                return true
              }
              if (event.ctrlKey && (event.key === 'Home' || event.key === 'End')) {
                // The start or end of the text itself (the page's boundary lies outside it).
                event.preventDefault()
                const { doc, selection } = view.state
                const target = event.key === 'Home' ? DocSelection.atStart(doc).from : DocSelection.atEnd(doc).to
                view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, event.shiftKey ? selection.anchor : target, target)).scrollIntoView())
                return true
              }
              const move = movement(event)
              if (!move) return false
              const selection = anchorPageSelection(view)
              if (!selection) return false
              event.preventDefault()
              selection.modify(event.shiftKey ? 'extend' : 'move', move.direction, move.granularity)
              return true
            },
          },
        },
      }),
    ]
  },
})

/**
 * Shows each numbered paragraph's label (PP1, OP2…) in the left margin. The numbers are
 * not stored in the document: they follow from the order of the paragraphs, so they are
 * recomputed from `numberNode` whenever the document changes, exactly as exports do.
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { numberNode } from '@consenso/schema'
import { mapDecorations, NO_MARKS, plainTextChange } from './incremental.ts'

export const paragraphNumbersKey = new PluginKey<DecorationSet>('consensoParagraphNumbers')

function renderLabel(label: string): HTMLElement {
  const element = document.createElement('span')
  element.className = 'paragraph-number'
  element.contentEditable = 'false'
  element.dataset.label = label
  element.textContent = label
  return element
}

function decorate(doc: PMNode): DecorationSet {
  const decorations = numberNode(doc).map(({ label, pos, id }) =>
    // Inside the paragraph, before its text: the label then sits on the first line of the
    // paragraph it numbers, and CSS moves it out into the gutter.
    Decoration.widget(pos + 1, () => renderLabel(label), {
      side: -1,
      ignoreSelection: true,
      // Same key ⇒ ProseMirror keeps the DOM node instead of redrawing every label per keystroke.
      key: `${id ?? pos}:${label}`,
      stopEvent: () => true,
    }),
  )
  return DecorationSet.create(doc, decorations)
}

export const ParagraphNumbers = Extension.create({
  name: 'consensoParagraphNumbers',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: paragraphNumbersKey,
        state: {
          init: (_config, state) => decorate(state.doc),
          apply: (tr, previous, oldState, newState) => {
            if (!tr.docChanged) return previous
            // Typing inside a paragraph never renumbers: carry the labels over instead of
            // numbering the whole draft again on every keystroke.
            const change = plainTextChange(oldState.doc, newState.doc, NO_MARKS)
            return change ? mapDecorations(previous, change, newState.doc) : decorate(newState.doc)
          },
        },
        props: {
          decorations: (state) => paragraphNumbersKey.getState(state),
        },
      }),
    ]
  },
})
